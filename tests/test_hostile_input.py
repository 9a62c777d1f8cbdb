"""Regression tests for hostile input the fuzzing suite found (tests/test_fuzz.py)."""

from __future__ import annotations

import pytest
import requests

from swr_fake import FakeSwr
from swr_fake.errors import SwrError
from tests.support import TOKEN_HEADERS, api, assert_error


def raw(swr: FakeSwr, method: str, path: str, body: bytes) -> requests.Response:
    return requests.request(method, swr.endpoint + path, data=body, headers=TOKEN_HEADERS)


def test_a_body_nested_too_deeply_to_parse_is_an_invalid_body(swr: FakeSwr) -> None:
    swr.create_namespace("deep")
    before = swr.snapshot()
    for method, path in (("POST", "/v2/manage/namespaces"), ("DELETE", "/v2/manage/namespaces/deep/access")):
        response = raw(swr, method, path, b"[" * 100_000 + b"]" * 100_000)
        assert_error(response, 400, "SVCSTG.SWR.4001018")
    assert swr.snapshot() == before


def test_lone_surrogate_escapes_become_replacement_characters(swr: FakeSwr) -> None:
    swr.create_namespace("texts")
    body = b'{"repository": "app", "is_public": false, "description": "a\\ud800b\\udfff"}'
    assert raw(swr, "POST", "/v2/manage/namespaces/texts/repos", body).status_code == 201
    shown = api(swr, "GET", "/v2/manage/namespaces/texts/repos/app")
    assert shown.status_code == 200
    assert shown.json()["description"] == "a\ufffdb\ufffd"
    # A valid pair is one character; a lone surrogate in a name makes the name invalid.
    pair = b'{"repository": "web", "is_public": false, "description": "\\ud83d\\ude00"}'
    assert raw(swr, "POST", "/v2/manage/namespaces/texts/repos", pair).status_code == 201
    assert api(swr, "GET", "/v2/manage/namespaces/texts/repos/web").json()["description"] == "\U0001f600"
    before = swr.snapshot()
    assert_error(raw(swr, "POST", "/v2/manage/namespaces", b'{"namespace": "ab\\udc00"}'), 400, "SVCSTG.SWR.4001028")
    assert swr.snapshot() == before


def test_a_share_until_the_last_representable_day_is_valid_and_listable(swr: FakeSwr) -> None:
    swr.create_namespace("far")
    swr.push_image("far", "app", "v1")
    body = {"access_domain": "partner", "permit": "read", "deadline": "9999-12-31"}
    assert api(swr, "POST", "/v2/manage/namespaces/far/repositories/app/access-domains", body=body).status_code == 201
    listed = api(swr, "GET", "/v2/manage/namespaces/far/repositories/app/access-domains")
    assert listed.status_code == 200
    assert [(share["access_domain"], share["status"]) for share in listed.json()] == [("partner", True)]
    shared = api(swr, "GET", "/v2/manage/shared-repositories", params={"center": "self"})
    assert shared.status_code == 200 and [repo["status"] for repo in shared.json()] == [True]
    # The earliest date is long past.
    body = {"access_domain": "old", "permit": "read", "deadline": "0001-01-01"}
    assert api(swr, "POST", "/v2/manage/namespaces/far/repositories/app/access-domains", body=body).status_code == 201
    shown = api(swr, "GET", "/v2/manage/namespaces/far/repositories/app/access-domains/old")
    assert shown.status_code == 200 and shown.json()["status"] is False


RETENTIONS = "/v2/manage/namespaces/rx/repos/app/retentions"
TRIGGERS = "/v2/manage/namespaces/rx/repos/app/triggers"
UNPARSABLE_PATTERNS = ["a{99999999999999}", "(" * 5000 + ")" * 5000, "x{1,99999999999999999999}"]


def test_regular_expressions_re_cannot_compile_are_invalid_parameters(swr: FakeSwr) -> None:
    swr.create_namespace("rx")
    swr.push_image("rx", "app", "v1")
    before = swr.snapshot()
    for pattern in UNPARSABLE_PATTERNS:
        selector = {"kind": "regexp", "pattern": pattern}
        policy = {
            "algorithm": "or",
            "rules": [{"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": [selector]}],
        }
        assert_error(api(swr, "POST", RETENTIONS, body=policy), 400, "SVCSTG.SWR.4000014")
        trigger = {
            "name": "t", "trigger_type": "regular", "condition": pattern, "enable": "true", "action": "update",
            "app_type": "deployments", "application": "web", "cluster_ns": "default",
        }  # fmt: skip
        assert_error(api(swr, "POST", TRIGGERS, body=trigger), 400, "SVCSTG.SWR.4000014")
    assert swr.snapshot() == before


def test_a_permission_level_written_as_a_float_is_invalid(swr: FakeSwr) -> None:
    swr.create_namespace("perm")
    swr.push_image("perm", "app", "v1")
    before = swr.snapshot()
    grant = [{"user_id": "u-1", "user_name": "alice", "auth": 7.0}]
    assert_error(api(swr, "POST", "/v2/manage/namespaces/perm/access", body=grant), 400, "SVCSTG.SWR.4001065")
    assert_error(api(swr, "POST", "/v2/manage/namespaces/perm/repos/app/access", body=grant), 400, "SVCSTG.SWR.4001066")
    assert swr.snapshot() == before
    assert api(swr, "GET", "/v2/manage/namespaces/perm/access").json()["others_auths"] == []


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "FOO", "get"])
def test_every_method_on_an_swr_host_is_answered_by_the_fake(swr: FakeSwr, method: str) -> None:
    """Methods no route serves are the gateway's 404, never passed through to the real service."""
    response = requests.request(method, swr.endpoint + "/v2/manage/namespaces", headers=TOKEN_HEADERS)
    if method == "get":  # requests upper-cases the method
        assert response.status_code == 200
    else:
        assert (response.status_code, response.json()["error_code"]) == (404, "APIGW.0101")
    assert swr.calls.last.method == method.upper()


def test_every_method_on_the_iam_host_is_answered_by_the_fake(swr: FakeSwr) -> None:
    response = requests.request("TRACE", "https://iam.myhuaweicloud.com/v3/projects", headers=TOKEN_HEADERS)
    assert response.status_code == 405


def test_revoking_with_a_user_id_listed_twice_is_rejected_and_changes_nothing(swr: FakeSwr) -> None:
    swr.create_namespace("twice")
    swr.push_image("twice", "app", "v1")
    grant = [{"user_id": "u-1", "user_name": "alice", "auth": 3}]
    assert api(swr, "POST", "/v2/manage/namespaces/twice/access", body=grant).status_code == 200
    assert api(swr, "POST", "/v2/manage/namespaces/twice/repos/app/access", body=grant).status_code == 201
    before = swr.snapshot()
    for path in ("/v2/manage/namespaces/twice/access", "/v2/manage/namespaces/twice/repos/app/access"):
        assert_error(api(swr, "DELETE", path, body=["u-1", "u-1"]), 400, "SVCSTG.SWR.4000014")
    assert swr.snapshot() == before
    shown = api(swr, "GET", "/v2/manage/namespaces/twice/access").json()
    assert [grant["user_id"] for grant in shown["others_auths"]] == ["u-1"]


@pytest.mark.parametrize(
    "manifest",
    [b"[" * 100_000 + b"]" * 100_000, '{"config": {"size": 1}, "x": "\ud800"}', b"\xff\xfe", "not json"],
    ids=["deep", "lone-surrogate", "not-utf8", "not-json"],
)
def test_pushing_a_manifest_that_cannot_be_read_is_an_swr_error(swr: FakeSwr, manifest: bytes | str) -> None:
    swr.create_namespace("bad")
    before = swr.snapshot()
    with pytest.raises(SwrError) as caught:
        swr.push_image("bad", "app", "v1", manifest)
    assert (caught.value.status, caught.value.code) == (400, "SVCSTG.SWR.4000013")
    assert swr.snapshot() == before
