"""Fail closed for the clouds the fake stands in for: no request to a Huawei Cloud or Open
Telekom Cloud host leaves the process, in any spelling; it is served, or refused with an error
that names swr-fake. A socket guard proves nothing reached the network."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import requests

from swr_fake import FakeSwr, SwrFakeWarning, mock_swr
from swr_fake.interception import connection_refused

TOKEN = {"X-Auth-Token": "t"}


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to resolve a name or open a socket is recorded and fails."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise NetworkUsed(f"network used: {args[:2]!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield attempts
    assert attempts == [], attempts


SERVED = [
    "https://swr-api.cn-north-4.myhuaweicloud.com/v2/manage/namespaces",
    "https://SWR-API.CN-NORTH-4.MyHuaweiCloud.com/v2/manage/namespaces",
    "https://swr-api.cn-north-4.myhuaweicloud.com./v2/manage/namespaces",
    "https://swr-api.cn-north-4.myhuaweicloud.com:443/v2/manage/namespaces",
    "https://user:secret@swr-api.cn-north-4.myhuaweicloud.com/v2/manage/namespaces",
    "http://swr-api.cn-north-4.myhuaweicloud.com/v2/manage/namespaces",
    "https://swr-api.eu-west-101.myhuaweicloud.eu/v2/manage/namespaces",
    "https://swr-api.eu-de.otc.t-systems.com/v2/manage/namespaces",
    "https://iam.myhuaweicloud.com/v3/projects",
    "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4",
]
REFUSED = [
    "https://ecs.cn-north-4.myhuaweicloud.com/v1/servers",
    "https://obs.cn-north-4.myhuaweicloud.com/bucket/key",
    "https://iam.myhuaweicloud.com/v3/users",
    "https://console.huaweicloud.myhuaweicloud.com/",
    "https://myhuaweicloud.com/",
    "https://ecs.eu-de.otc.t-systems.com/v2/servers",
]


@pytest.mark.parametrize("url", SERVED)
def test_served_in_any_spelling(swr: FakeSwr, no_network: list[str], url: str) -> None:
    answer = requests.get(url, headers=TOKEN)
    assert answer.status_code == 200, answer.text
    assert swr.calls.last.url == url or swr.calls.last.url.startswith(url.split("?")[0].lower()[:8])


@pytest.mark.parametrize("url", REFUSED)
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_refused_never_sent(swr: FakeSwr, no_network: list[str], url: str, method: str) -> None:
    with pytest.raises(requests.ConnectionError) as refused:
        requests.request(method, url, headers=TOKEN, data=b"secret")
    assert isinstance(refused.value, connection_refused())
    assert "swr-fake does not serve" in str(refused.value) and "swr-api.{region}" in str(refused.value)


@pytest.mark.parametrize(
    ("host", "hint"),
    [("swr-api.cn-north-44.myhuaweicloud.com", "cn-north-4"), ("swr-api.eu-de.myhuaweicloud.com", "eu-de")],
)
def test_an_unknown_region_fails_like_dns(swr: FakeSwr, no_network: list[str], host: str, hint: str) -> None:
    with pytest.raises(requests.ConnectionError) as refused:
        requests.get(f"https://{host}/v2/manage/namespaces", headers=TOKEN)
    message = str(refused.value)
    assert "cannot resolve" in message and f"did you mean {hint}?" in message


def test_an_unknown_region_in_the_python_helpers_raises() -> None:
    with (
        mock_swr() as swr,
        pytest.raises(ValueError, match=r"unknown region 'cn-nort-4' \(did you mean cn-north-4\?\)"),
    ):
        swr.client(region="cn-nort-4")


def test_an_sdk_client_refuses_to_send_once_its_fake_stopped(no_network: list[str]) -> None:
    from huaweicloudsdkcore.exceptions.exceptions import ConnectionException
    from huaweicloudsdkswr.v2 import ListNamespacesRequest

    with mock_swr() as swr:
        client = swr.client()
        assert client.list_namespaces(ListNamespacesRequest()).namespaces == []
    with pytest.raises(ConnectionException) as refused:
        client.list_namespaces(ListNamespacesRequest())
    assert "fake that has stopped" in str(refused.value)


def test_an_sdk_client_talks_to_its_own_fake(no_network: list[str]) -> None:
    from huaweicloudsdkswr.v2 import ListNamespacesRequest

    with mock_swr() as outer:
        outer.create_namespace("outer")
        outer_client = outer.client()
        with pytest.warns(SwrFakeWarning, match="another FakeSwr is active"), mock_swr() as inner:
            inner.create_namespace("inner")
            assert [n.name for n in outer_client.list_namespaces(ListNamespacesRequest()).namespaces] == ["outer"]
            assert [n.name for n in inner.client().list_namespaces(ListNamespacesRequest()).namespaces] == ["inner"]


def test_other_hosts_pass_through_by_default_and_refuse_on_opt_in(swr: FakeSwr, no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        requests.get("https://example.com/")
    no_network.clear()
    swr.refuse_unmatched = True
    with pytest.raises(requests.ConnectionError, match="refuse_unmatched"):
        requests.get("https://example.com/")
    assert no_network == []
    swr.reset()
    assert swr.refuse_unmatched is False


# --- IAM tokens ------------------------------------------------------------------------------------
def password_body(user: str, domain: str, project: str | None = "cn-north-4") -> dict[str, object]:
    auth: dict[str, object] = {
        "identity": {
            "methods": ["password"],
            "password": {"user": {"name": user, "password": "any", "domain": {"name": domain}}},
        }
    }
    if project is not None:
        auth["scope"] = {"project": {"name": project}}
    return {"auth": auth}


def test_iam_token_by_password_is_usable_against_the_fake(swr: FakeSwr, no_network: list[str]) -> None:
    reader = swr.add_user("reader")
    answer = requests.post(
        "https://iam.myhuaweicloud.com/v3/auth/tokens", json=password_body("reader", swr.domain_name)
    )
    assert answer.status_code == 201, answer.text
    token = answer.headers["X-Subject-Token"]
    body = answer.json()["token"]
    assert body["user"]["id"] == reader.user_id and body["project"]["id"] == swr.project_id()
    assert any(entry["type"] == "swr" for entry in body["catalog"])
    issued = datetime.fromisoformat(body["issued_at"].replace("Z", "+00:00"))
    expires = datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert abs(expires - issued - timedelta(hours=24)) < timedelta(seconds=1)  # IAM tokens live 24 hours
    swr.require_signatures()
    listed = requests.get(swr.endpoint + "/v2/manage/namespaces", headers={"X-Auth-Token": token})
    assert listed.status_code == 200
    assert swr.calls.of("keystone_create_user_token_by_password")[0].status == 201


@pytest.mark.parametrize(("user", "domain"), [("nobody", None), ("swr-admin", "no-such-domain")])
def test_iam_token_for_an_unknown_user_is_401(swr: FakeSwr, user: str, domain: str | None) -> None:
    answer = requests.post(
        "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens", json=password_body(user, domain or swr.domain_name)
    )
    assert answer.status_code == 401 and answer.json()["error_code"] == "IAM.0006"
    assert "X-Subject-Token" not in answer.headers


def test_iam_token_by_token(swr: FakeSwr) -> None:
    first = swr.issue_token()
    body = {"auth": {"identity": {"methods": ["token"], "token": {"id": first}}}}
    answer = requests.post("https://iam.myhuaweicloud.com/v3/auth/tokens", json=body)
    assert answer.status_code == 201 and answer.headers["X-Subject-Token"] != first


# --- the decorator -------------------------------------------------------------------------------
def test_the_decorator_awaits_async_functions(no_network: list[str]) -> None:
    import asyncio

    @mock_swr()
    async def listed(swr: FakeSwr) -> list[str]:
        swr.create_namespace("team")
        answer = requests.get(swr.endpoint + "/v2/manage/namespaces", headers=TOKEN)
        return [item["name"] for item in answer.json()["namespaces"]]

    assert asyncio.run(listed()) == ["team"]


def test_the_decorator_refuses_generator_functions() -> None:
    with pytest.raises(TypeError, match="generator function"):

        @mock_swr()
        def pages(swr: FakeSwr) -> Iterator[int]:
            yield 1


def test_the_decorator_and_the_fixture_together_are_refused(swr: FakeSwr) -> None:
    @mock_swr()
    def body(swr: FakeSwr) -> None:
        raise AssertionError("not reached")

    with pytest.raises(TypeError, match="either the fixture or the decorator"):
        body(swr=swr)
