"""The front door: one path for every request, whatever transport delivered it.

The two bugs the refactor fixed have their tests here: a fault injected on a v1 route answers
in the v1 form, and header names are case-insensitive.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from support import TOKEN_HEADERS, api

from swr_fake import FakeSwr, endpoint_for
from swr_fake.wire import Headers, TransportFault, WireRequest

PACKAGE = Path(__file__).resolve().parent.parent / "swr_fake"


def test_a_fault_on_a_v1_route_answers_in_the_v1_form(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    real = api(swr, "GET", "/v1/repositories/team/missing")
    assert real.status_code == 404 and set(real.json()) == {"code", "message"}
    swr.faults.fail(path="^/v1/", status=404)
    faulted = api(swr, "GET", "/v1/repositories/team/missing")
    assert faulted.status_code == 404
    assert set(faulted.json()) == {"code", "message"}, faulted.json()
    assert swr.calls.last.fault == "error"


def test_a_fault_on_a_v2_route_keeps_the_v2_form(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=500)
    answer = api(swr, "GET", "/v2/manage/namespaces")
    assert answer.status_code == 500 and answer.json()["error_code"] == "SVCSTG.SWR.5000007"


@pytest.mark.parametrize("name", ["X-AUTH-TOKEN", "x-auth-token", "X-Auth-Token", "x-AuTh-ToKeN"])
def test_header_names_are_case_insensitive(swr: FakeSwr, name: str) -> None:
    url = endpoint_for(swr.region) + "/v2/manage/namespaces"
    answer = requests.post(url, json={"namespace": "team"}, headers={name: "some-token"})
    assert answer.status_code == 201, answer.text
    assert list(swr.snapshot()["regions"]["cn-north-4"]) == ["team"]


def test_the_signed_authorization_header_is_found_in_any_case(swr: FakeSwr) -> None:
    client = swr.client()
    swr.require_signatures()
    from huaweicloudsdkswr.v2 import ListNamespacesRequest

    assert client.list_namespaces(ListNamespacesRequest()).namespaces == []
    request = swr.calls.last
    assert request.status == 200


def test_headers_type() -> None:
    headers = Headers([("X-Auth-Token", "a"), ("x-auth-token", "b"), ("Content-Type", b"json")])
    assert headers["X-AUTH-TOKEN"] == "b" and headers.get("content-type") == "json"
    assert "CONTENT-TYPE" in headers and len(headers) == 2 and headers.get("missing") is None


def test_handle_is_the_same_path_without_a_transport(swr: FakeSwr) -> None:
    """What the HTTP server will call: the front door alone, no `requests` involved."""
    url = endpoint_for(swr.region) + "/v2/manage/namespaces"
    answer = swr.handle(WireRequest.build("POST", url, {"x-auth-token": "t"}, '{"namespace": "team"}'))
    assert answer.status == 201 and answer.headers["X-Request-Id"] == swr.calls.last.request_id
    assert len(swr.calls) == 1 and swr.calls.last.operation == "create_namespace"


def test_a_host_the_fake_does_not_serve_is_refused_by_the_front_door(swr: FakeSwr) -> None:
    with pytest.raises(TransportFault) as refused:
        swr.handle(WireRequest.build("GET", "https://obs.cn-north-4.myhuaweicloud.com/bucket", TOKEN_HEADERS))
    assert refused.value.kind == "not_served" and "swr-fake" in str(refused.value)
    assert len(swr.calls) == 0


def test_exactly_one_call_per_request_with_or_without_faults(swr: FakeSwr) -> None:
    api(swr, "GET", "/v2/manage/namespaces")
    swr.faults.latency(0.0, "list_namespaces")
    api(swr, "GET", "/v2/manage/namespaces")
    swr.faults.fail("list_namespaces", status=429)
    api(swr, "GET", "/v2/manage/namespaces")
    swr.faults.connection_error("list_namespaces")
    with pytest.raises(requests.ConnectionError):
        api(swr, "GET", "/v2/manage/namespaces")
    assert [call.fault for call in swr.calls] == [None, None, "error", "connection_error"]


def test_one_reset_forgets_everything(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.require_signatures()
    swr.faults.fail("list_namespaces", times=None)
    api(swr, "GET", "/v2/manage/namespaces")
    swr.reset()
    assert len(swr.calls) == 0 and len(swr.faults) == 0 and not swr.verify_signatures
    assert api(swr, "GET", "/v2/manage/namespaces").json() == {"namespaces": []}


def _imports(path: Path) -> set[str]:
    """Top-level packages a module imports at run time (``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            node.body = []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


TRANSPORTS = {"interception.py", "plugin.py", "demo.py", "sdk.py", "strategies.py"}


def test_nothing_below_the_front_door_imports_requests_or_responses() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ("server",) or relative.name in TRANSPORTS:
            continue
        found = _imports(path) & {"requests", "responses", "urllib3"}
        if found:
            offenders.append(f"{relative}: {sorted(found)}")
    assert offenders == []


def test_only_the_sdk_module_imports_the_sdk() -> None:
    allowed = {"sdk.py", "demo.py"}
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in allowed and _imports(path) & {"huaweicloudsdkswr", "huaweicloudsdkcore"}
    ]
    assert offenders == []


def test_importing_the_front_door_loads_no_http_library() -> None:
    code = (
        "import sys, swr_fake.frontdoor, swr_fake.faults;"
        "print(sorted({'requests', 'responses', 'urllib3'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
