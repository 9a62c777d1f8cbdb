"""``HEAD`` answers carry no body, whatever refuses the request: no credentials, a wrong
signature under ``require_signatures()``, a user without grants under ``enforce_permissions()``
(``HEAD`` is not a published method, so the gateway's 404 usually answers first): every GET
route, each way of being refused."""

from __future__ import annotations

import pytest
import requests

from swr_fake import FakeSwr
from swr_fake.signing import SignedRequest, sign
from tests.support import TOKEN_HEADERS
from tests.test_fuzz import GET_ROUTES, KNOWN, build_path


def _paths() -> list[str]:
    return [build_path(route, {name: KNOWN.get(name, ["1"])[0] for name in route.params}) for route in GET_ROUTES]


@pytest.mark.parametrize("refusal", ["no-credentials", "wrong-signature", "no-grant"])
def test_refused_head_requests_have_no_body(swr: FakeSwr, refusal: str) -> None:
    swr.create_namespace("fuzz")
    swr.push_image("fuzz", "app", "v1")
    user = swr.add_user("nobody")
    access_key, _ = swr.add_access_key(user)
    swr.require_signatures(max_skew=None)
    swr.enforce_permissions()
    for path in _paths():
        url = swr.endpoint + path
        if refusal == "no-credentials":
            headers: dict[str, str] = {}
        elif refusal == "wrong-signature":
            headers = sign(SignedRequest("HEAD", url, {}, None), access_key, "not-the-secret", "20250101T000000Z")
        else:
            headers = {**TOKEN_HEADERS, "X-Auth-Token": swr.issue_token(user)}
        head = requests.head(url, headers=headers)
        get = requests.get(url, headers=headers)
        assert head.content == b"", (path, head.status_code)
        assert head.status_code >= 400 and head.headers.get("X-Request-Id"), path
        assert int(head.headers["Content-Length"]) > 0, path  # the length of the body left out
        if refusal != "no-grant":  # the gateway refuses GET too, with a body (some reads need no grant)
            assert get.status_code == 401 and get.content, path
