"""Shared by the robustness suites (fuzzing, stateful model, concurrency).

- `DOCUMENTED`: every (status, code) pair of the error catalogue below 500.
- `check_answer`: what every answer of the fake must look like.
- `Exchange`: sends one request (straight to the dispatcher or through `requests`) and checks
  the answer, the fake's own defect records and, for a rejected request, that nothing changed.
- `record`: adds a counter to the test's report; the terminal summary adds them up.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from swr_fake import FakeSwr, errors
from swr_fake.api import views_v1
from swr_fake.api.dispatch import WireRequest
from swr_fake.api.routing import ROUTER
from swr_fake.backend.snapshot import snapshot as picture  # the plain picture: no restorable copy needed
from swr_fake.errors import ErrorSpec

DOCUMENTED: frozenset[tuple[int, str]] = frozenset(
    (spec.status, spec.code)
    for spec in vars(errors).values()
    if isinstance(spec, ErrorSpec) and 400 <= spec.status < 500
)
# The v1 codes: the table's, and ``status * 10000`` for an error the table does not translate.
DOCUMENTED_V1: frozenset[int] = frozenset(
    value.code for value in vars(views_v1).values() if isinstance(value, views_v1.V1Error) and value.status < 500
) | frozenset(status * 10000 for status, _ in DOCUMENTED)
SUCCESS_STATUS: dict[str, int] = {route.operation: route.status for route in ROUTER.routes}
TOKEN = {"X-Auth-Token": "fuzz-token", "Content-Type": "application/json"}


def record(request: pytest.FixtureRequest, name: str, value: int) -> None:
    """A counter for the terminal summary (``tests/conftest.py`` adds them up across workers)."""
    request.node.user_properties.append((name, value))


def check_answer(status: int, headers: Mapping[str, str], body: bytes, operation: str | None) -> Any:
    """A documented 4xx with the SWR (or gateway) error body, or the operation's 2xx; the JSON body."""
    assert status < 500, body[:500]
    request_id = headers.get("X-Request-Id")
    assert request_id, headers
    if 200 <= status < 300:
        assert operation is not None and status == SUCCESS_STATUS[operation], (operation, status)
        return json.loads(body) if body else None
    assert 400 <= status < 500, status
    payload = json.loads(body)
    assert isinstance(payload, dict), payload
    if set(payload) == {"code", "message"}:  # the v1 API's own error form
        assert payload["code"] in DOCUMENTED_V1, payload
        assert payload["code"] // 10000 == status, (status, payload)
        assert isinstance(payload["message"], str) and payload["message"]
        return payload
    code = payload["error_code"]
    assert (status, code) in DOCUMENTED, (status, code, payload)
    assert isinstance(payload["error_msg"], str) and payload["error_msg"]
    if code.startswith("APIGW."):
        assert payload["request_id"] == request_id
    else:
        first = payload["errors"][0]
        assert first["errorCode"] == code
        assert first["errorMessage"] == payload["error_msg"]
    return payload


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: Any
    operation: str | None
    headers: Mapping[str, str]

    @property
    def code(self) -> str | None:
        if self.status < 400 or not isinstance(self.body, dict):
            return None
        if "error_code" not in self.body:  # the v1 form
            return str(self.body.get("code"))
        return str(self.body["error_code"])


class Exchange:
    """Sends requests to one fake and checks every answer; counts what it sent."""

    def __init__(self, swr: FakeSwr) -> None:
        self.swr = swr
        self.session = requests.Session()
        # No proxy or .netrc lookups in the environment on every request: a fifth of the time otherwise.
        self.session.trust_env = False
        self.sent = 0
        self.skipped = 0  # requests that `requests` itself refused to build

    def send(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        body: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        via_requests: bool = False,
        must_reject: bool = False,
    ) -> Answer | None:
        """One request; None when `requests` refuses to build it (that never reaches the fake)."""
        swr = self.swr
        url = swr.endpoint + path + (f"?{query}" if query else "")
        sent_headers = dict(TOKEN if headers is None else headers)
        before = picture(swr.backend)
        if via_requests:
            try:
                prepared = self.session.prepare_request(requests.Request(method, url, headers=sent_headers, data=body))
            except (requests.RequestException, ValueError, UnicodeError):
                self.skipped += 1
                return None
            calls = len(swr.calls)
            response = self.session.send(prepared)  # anything raised here escaped through `responses`
            assert len(swr.calls) == calls + 1
            status, answer_headers, raw = response.status_code, response.headers, response.content
            operation = swr.calls.last.operation
        else:
            wire = swr.dispatcher.handle(WireRequest(method, url, sent_headers, body))
            status, answer_headers, raw, operation = wire.status, wire.headers, wire.body, wire.operation
        self.sent += 1
        detail = f"{method} {url} body={body!r:.300}"
        assert not swr.dispatcher.internal_errors, (detail, swr.dispatcher.internal_errors)
        assert not swr.dispatcher.schema_violations, (detail, swr.dispatcher.schema_violations)
        try:
            payload = check_answer(status, answer_headers, raw, operation)
        except AssertionError as exc:
            raise AssertionError(f"{detail}\n -> {status} {raw[:300]!r}") from exc
        if status >= 400:
            assert picture(swr.backend) == before, f"a rejected request changed the state: {detail}"
        if must_reject:
            assert 400 <= status < 500, f"expected a rejection: {detail} -> {status}"
        return Answer(status, payload, operation, answer_headers)
