"""``swr-fake serve``: the first line is the URL, it serves, loads a state file, stops on SIGTERM."""

from __future__ import annotations

import json
import pathlib
import signal
import subprocess
import sys

import pytest
import requests

from swr_fake import FakeSwr
from swr_fake.state import dump_state

pytest.importorskip("werkzeug")


def serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "swr_fake.cli", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_prints_the_url_first_then_the_environment_and_stops_on_sigterm() -> None:
    process = serve("--region", "cn-south-1")
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        exports = [process.stdout.readline().strip() for _ in range(2)]
        assert exports == [
            f"export HUAWEICLOUD_SDK_REGION_SWR_CN_SOUTH_1={url}",
            f"export HUAWEICLOUD_SDK_IAM_ENDPOINT={url}",
        ]
        assert requests.get(f"{url}/_fake/", timeout=5).status_code == 200
        listed = requests.get(f"{url}/v2/manage/namespaces", headers={"X-Auth-Token": "t"}, timeout=5)
        assert listed.json() == {"namespaces": []}
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def test_serve_loads_a_state_file(tmp_path: pathlib.Path) -> None:
    fake = FakeSwr()
    fake.create_namespace("restored")
    state = tmp_path / "state.json"
    state.write_text(json.dumps(dump_state(fake)))
    process = serve("--state", str(state))
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        listed = requests.get(f"{url}/v2/manage/namespaces", headers={"X-Auth-Token": "t"}, timeout=5)
        assert [ns["name"] for ns in listed.json()["namespaces"]] == ["restored"]
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--region", "cn-nort-4"], 2, "did you mean cn-north-4"),
        (["--state", "/nonexistent/state.json"], 1, "cannot load state"),
    ],
)
def test_serve_refuses_bad_options_loudly(args: list[str], code: int, message: str) -> None:
    process = serve(*args)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code and message in stderr


def test_serve_on_a_busy_port_exits_1() -> None:
    first = serve()
    try:
        assert first.stdout is not None
        port = first.stdout.readline().strip().rpartition(":")[2]
        second = serve("--port", port)
        _, stderr = second.communicate(timeout=30)
        assert second.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=10)


def test_serve_refuses_a_port_out_of_range() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "swr_fake", "serve", "--port", "99999"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "a port is 0 to 65535, not 99999" in result.stderr
    assert "Traceback" not in result.stderr
