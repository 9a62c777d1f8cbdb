"""The fake beside other HTTP mocks: ``responses`` (both start orders, the decorator, the
pytest-responses plugin), requests-mock and vcrpy. Requests the fake does not own reach the
user's mock; requests it owns never reach the user's mock or the network."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import requests
import requests_mock
import responses
import vcr

from swr_fake import FakeSwr, mock_swr

HOOK = "https://hooks.example.com/deploy"
TOKEN = {"X-Auth-Token": "t"}


def swr_works(swr: FakeSwr) -> None:
    created = requests.post(swr.endpoint + "/v2/manage/namespaces", json={"namespace": "team"}, headers=TOKEN)
    assert created.status_code == 201, created.text
    listed = swr.client().list_namespaces(__import__("huaweicloudsdkswr.v2").v2.ListNamespacesRequest())
    assert [namespace.name for namespace in listed.namespaces] == ["team"]


def test_responses_started_before_the_fake() -> None:
    with responses.RequestsMock() as user_mock:
        user_mock.add(responses.POST, HOOK, json={"ok": True})
        with mock_swr() as swr:
            swr_works(swr)
            assert requests.post(HOOK).json() == {"ok": True}
        assert len(user_mock.calls) == 1  # the user's mock saw only its own URL


def test_responses_started_after_the_fake(swr: FakeSwr) -> None:
    with responses.RequestsMock() as user_mock:
        user_mock.add(responses.POST, HOOK, json={"ok": True})
        swr_works(swr)
        assert requests.post(HOOK).json() == {"ok": True}
        assert len(user_mock.calls) == 1


@responses.activate
def test_responses_activate_decorator_inside_the_fixture(swr: FakeSwr) -> None:
    responses.add(responses.POST, HOOK, json={"ok": True})
    swr_works(swr)
    assert requests.post(HOOK).json() == {"ok": True}
    assert len(responses.calls) == 1


def test_unmatched_user_urls_fail_in_the_users_mock_not_on_the_network(swr: FakeSwr) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False), pytest.raises(requests.ConnectionError) as failed:
        requests.get("https://unregistered.example.com/")
    assert "Connection refused by Responses" in str(failed.value)


def test_add_passthru_for_the_swr_host_still_reaches_the_fake(swr: FakeSwr) -> None:
    with responses.RequestsMock() as user_mock:
        user_mock.add_passthru("https://swr-api.")
        swr_works(swr)


def test_requests_mock_with_real_http(swr: FakeSwr) -> None:
    with requests_mock.Mocker(real_http=True) as user_mock:
        user_mock.post(HOOK, json={"ok": True})
        swr_works(swr)
        assert requests.post(HOOK).json() == {"ok": True}
        # requests-mock lists what fell through to real_http too; the fake answered those.
        assert [seen.url for seen in user_mock.request_history].count(HOOK) == 1
        assert swr.calls.operations() == ["create_namespace", "list_namespaces"]


def test_requests_mock_without_real_http_hides_the_fake_as_documented(swr: FakeSwr) -> None:
    """requests-mock answers every URL while active; `real_http=True` is the one setting."""
    with requests_mock.Mocker() as user_mock:
        user_mock.post(HOOK, json={"ok": True})
        with pytest.raises(requests_mock.exceptions.NoMockAddress):
            requests.get(swr.endpoint + "/v2/manage/namespaces", headers=TOKEN)


def test_vcrpy_keeps_working_and_never_records_the_fake(swr: FakeSwr, tmp_path: Path) -> None:
    cassette = tmp_path / "cassette.yaml"
    with vcr.use_cassette(str(cassette), record_mode="once") as recorded:
        swr_works(swr)
    assert len(recorded) == 0  # nothing meant for the cloud was recorded, nothing was sent


PLUGIN_TEST = """
import requests
import responses

def test_swr_beside_pytest_responses(swr):
    responses.add(responses.POST, "https://hooks.example.com/deploy", json={"ok": True})
    answer = requests.post(swr.endpoint + "/v2/manage/namespaces", json={"namespace": "team"},
                           headers={"X-Auth-Token": "t"})
    assert answer.status_code == 201
    assert requests.post("https://hooks.example.com/deploy").json() == {"ok": True}
"""


def test_the_pytest_responses_plugin(tmp_path: Path) -> None:
    (tmp_path / "test_plugin_user.py").write_text(textwrap.dedent(PLUGIN_TEST))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_requests_mock_started_before_the_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests-mock restores the original adapter choice after each send: the fake's guard on
    ``HTTPAdapter.send`` still answers, and nothing reaches the network."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network used: {args[:2]!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with requests_mock.Mocker(real_http=True) as user_mock:
        user_mock.post(HOOK, json={"ok": True})
        with mock_swr() as swr:
            swr.create_namespace("team")
            for _ in range(2):  # the second send comes after requests-mock's restore
                answer = requests.get(swr.endpoint + "/v2/manage/namespaces", headers=TOKEN)
                assert answer.status_code == 200 and answer.json()["namespaces"][0]["name"] == "team"
            assert requests.post(HOOK).json() == {"ok": True}
