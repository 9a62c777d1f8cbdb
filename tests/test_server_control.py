"""The control API under /_fake/: reset, state save/load, calls, faults, offline, clock, settings."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
import requests
from jsonschema import Draft202012Validator

from swr_fake.server import SwrServer
from swr_fake.state import FORMAT, dump_state

pytest.importorskip("werkzeug")

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "schemas" / "control"
TOKEN = {"X-Auth-Token": "t"}


def control(server: SwrServer, method: str, name: str, body: Any = None) -> requests.Response:
    data = None if body is None else json.dumps(body)
    return requests.request(method, f"{server.url}/_fake/{name}", data=data, timeout=5)


def check_response(name: str, value: Any, part: str = "response") -> None:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    Draft202012Validator({**schema, "$ref": f"#/$defs/{part}"}).validate(value)


def namespaces(server: SwrServer) -> list[str]:
    reply = requests.get(f"{server.url}/v2/manage/namespaces", headers=TOKEN, timeout=5).json()
    return [ns["name"] for ns in reply["namespaces"]]


def test_every_control_schema_is_a_valid_schema() -> None:
    files = sorted(SCHEMAS.glob("*.json"))
    assert len(files) >= 8
    for path in files:
        Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_the_index_lists_every_endpoint(swr_server: SwrServer) -> None:
    reply = control(swr_server, "GET", "").json()
    check_response("index", reply)
    assert {"/_fake/reset", "/_fake/state", "/_fake/calls", "/_fake/faults", "/_fake/clock"} <= set(reply["endpoints"])


def test_reset_forgets_everything(swr_server: SwrServer) -> None:
    swr_server.fake.create_namespace("gone")
    reply = control(swr_server, "POST", "reset")
    assert reply.status_code == 200
    check_response("reset", reply.json())
    assert namespaces(swr_server) == []


def test_state_saved_and_loaded_answers_the_same(swr_server: SwrServer) -> None:
    fake = swr_server.fake
    fake.create_namespace("team")
    fake.create_repository("team", "web/app")
    fake.push_image("team", "web/app", "v1")
    fake.add_user("bob")
    saved = control(swr_server, "GET", "state").json()
    check_response("state", saved)
    assert saved["format"] == FORMAT
    before = requests.get(f"{swr_server.url}/v2/manage/namespaces/team/repos/web$app/tags", headers=TOKEN, timeout=5)
    snapshot = fake.snapshot()
    control(swr_server, "POST", "reset")
    assert namespaces(swr_server) == []
    loaded = control(swr_server, "PUT", "state", saved)
    assert loaded.status_code == 200 and loaded.json() == {"loaded": True}
    assert fake.snapshot() == snapshot
    assert dump_state(fake) == saved  # ids and random strings continue where they were
    after = requests.get(f"{swr_server.url}/v2/manage/namespaces/team/repos/web$app/tags", headers=TOKEN, timeout=5)
    assert after.json() == before.json()


def test_a_bad_state_is_refused_and_changes_nothing(swr_server: SwrServer) -> None:
    swr_server.fake.create_namespace("kept")
    before = swr_server.fake.snapshot()
    for document, expected in [
        ({"format": "other", "version": 1, "backend": {}}, "format"),
        ({"format": FORMAT, "version": 99, "backend": {}}, "version"),
        ({"format": FORMAT, "version": 1, "backend": {"tenants": {"$o": "os:system", "$id": 0}}}, "outside swr_fake"),
        ({"format": FORMAT, "version": 1, "backend": {"tenantz": {}}}, "does not keep"),
    ]:
        reply = control(swr_server, "PUT", "state", document)
        assert reply.status_code == 400 and expected in reply.json()["error"]["message"], reply.text
    assert swr_server.fake.snapshot() == before


def test_calls_list_and_filter(swr_server: SwrServer) -> None:
    namespaces(swr_server)
    requests.get(f"{swr_server.url}/v2/manage/namespaces/absent", headers=TOKEN, timeout=5)
    reply = control(swr_server, "GET", "calls").json()
    check_response("calls", reply)
    assert [call["operation"] for call in reply["calls"]] == ["list_namespaces", "show_namespace"]
    assert reply["calls"][1]["status"] == 404
    only = requests.get(f"{swr_server.url}/_fake/calls?operation=show_namespace", timeout=5).json()
    assert only["count"] == 1
    assert control(swr_server, "DELETE", "calls").json() == {"cleared": 2}
    assert control(swr_server, "GET", "calls").json()["count"] == 0


def test_an_error_fault_over_http(swr_server: SwrServer) -> None:
    added = control(swr_server, "POST", "faults", {"kind": "error", "operation": "list_namespaces", "status": 429})
    assert added.status_code == 201
    check_response("faults", added.json())
    throttled = requests.get(f"{swr_server.url}/v2/manage/namespaces", headers=TOKEN, timeout=5)
    assert throttled.status_code == 429 and throttled.json()["error_code"] == "APIGW.0308"
    assert namespaces(swr_server) == []  # times=1 by default: served again


def test_a_script_fault_and_clearing(swr_server: SwrServer) -> None:
    body = {"kind": "script", "operation": "list_namespaces", "steps": [503, "ok", [500, "SVCSTG.SWR.5000007"]]}
    assert control(swr_server, "POST", "faults", body).status_code == 201
    listed = control(swr_server, "GET", "faults").json()
    check_response("faults", listed)
    assert listed["faults"][0]["remaining"] == 3
    statuses = [
        requests.get(f"{swr_server.url}/v2/manage/namespaces", headers=TOKEN, timeout=5).status_code for _ in range(4)
    ]
    assert statuses == [503, 200, 500, 200]
    control(swr_server, "POST", "faults", {"kind": "timeout"})
    assert control(swr_server, "DELETE", "faults").json() == {"cleared": 1}


def test_a_connection_fault_closes_the_connection(swr_server: SwrServer) -> None:
    control(swr_server, "POST", "faults", {"kind": "connection_error", "method": "GET", "times": 2})
    for _ in range(2):
        with pytest.raises(requests.ConnectionError):
            namespaces(swr_server)
    assert namespaces(swr_server) == []


def test_offline_over_http(swr_server: SwrServer) -> None:
    assert control(swr_server, "PUT", "offline", {"offline": True}).json() == {"offline": True}
    with pytest.raises(requests.ConnectionError):
        namespaces(swr_server)
    assert control(swr_server, "GET", "offline").json() == {"offline": True}  # the control API stays up
    control(swr_server, "PUT", "offline", {"offline": False})
    assert namespaces(swr_server) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "eror"}, "did you mean 'error'"),
        ({"kind": "error", "operaton": "list_namespaces"}, "did you mean 'operation'"),
        ({"kind": "error", "operation": "list_namespace"}, "did you mean list_namespaces"),
        ({"kind": "error", "status": 200}, "200"),
        ({"kind": "latency"}, "seconds"),
    ],
)
def test_mistakes_in_a_fault_are_explained(swr_server: SwrServer, body: Any, message: str) -> None:
    reply = control(swr_server, "POST", "faults", body)
    assert reply.status_code == 400 and message in reply.json()["error"]["message"], reply.text
    assert control(swr_server, "GET", "faults").json()["faults"] == []


def test_the_clock_can_be_set_and_advanced(swr_server: SwrServer) -> None:
    fake = swr_server.fake
    reply = control(swr_server, "PUT", "clock", {"now": "2030-05-01T10:00:00Z"}).json()
    check_response("clock", reply)
    assert reply["frozen"] is True and reply["now"].startswith("2030-05-01T10:00:00")
    fake.create_namespace("dated")
    assert fake.snapshot()["regions"]["cn-north-4"]["dated"]["created"].startswith("2030-05-01T10:00:00")
    assert control(swr_server, "PUT", "clock", {"advance_seconds": 90}).json()["now"].startswith("2030-05-01T10:01:30")
    assert control(swr_server, "GET", "clock").json()["now"].startswith("2030-05-01T10:01:30")


def test_settings_turn_on_signature_checks(swr_server: SwrServer) -> None:
    reply = control(swr_server, "PUT", "settings", {"verify_signatures": True}).json()
    check_response("settings", reply)
    assert reply["verify_signatures"] is True
    assert requests.get(f"{swr_server.url}/v2/manage/namespaces", headers=TOKEN, timeout=5).status_code == 401


def test_unknown_endpoints_and_methods(swr_server: SwrServer) -> None:
    missing = control(swr_server, "GET", "cals")
    assert missing.status_code == 404 and "did you mean /_fake/calls" in missing.json()["error"]["message"]
    wrong = control(swr_server, "POST", "state", {})
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET, PUT"
    not_json = requests.put(f"{swr_server.url}/_fake/offline", data="{", timeout=5)
    assert not_json.status_code == 400
