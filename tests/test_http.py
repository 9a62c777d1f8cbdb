"""The HTTP surface: hosts, routing, errors, credentials, pass-through."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
import requests
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkswr.v2 import ListNamespacesRequest

from swr_fake import FakeSwr, mock_swr
from tests.support import api


def test_every_response_has_a_request_id(swr: FakeSwr) -> None:
    first = api(swr, "GET", "/v2/manage/namespaces")
    second = api(swr, "GET", "/v2/manage/namespaces")
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]
    assert first.headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v2/manage/nothing"), ("GET", "/v9/manage/namespaces/x/y/z"), ("PUT", "/v2/manage/namespaces")],
)
def test_unknown_path_is_the_gateways_404(swr: FakeSwr, method: str, path: str) -> None:
    """Captured from the real service: the gateway answers before SWR, in its own form."""
    for headers in ({}, {"X-Auth-Token": ""}):  # found before credentials are looked at
        response = requests.request(method, swr.endpoint + path, headers=headers)
        assert response.status_code == 404
        body = response.json()
        assert body == {
            "error_code": "APIGW.0101",
            "error_msg": "The API does not exist or has not been published in the environment",
            "request_id": response.headers["X-Request-Id"],
        }


@pytest.mark.parametrize("spelling", ["web%2Fapp", "web%2fapp", "web/app"])
def test_a_repository_path_with_a_slash_is_the_gateways_404(swr: FakeSwr, spelling: str) -> None:
    """The SDK sends ``repository="web/app"`` as ``web%2Fapp``: only ``web$app`` reaches SWR."""
    swr.create_namespace("team")
    swr.push_image("team", "web/app", "1.0")
    assert api(swr, "GET", "/v2/manage/namespaces/team/repos/web$app").status_code == 200
    response = api(swr, "GET", f"/v2/manage/namespaces/team/repos/{spelling}")
    assert (response.status_code, response.json()["error_code"]) == (404, "APIGW.0101")


def test_the_sdk_given_a_slash_fails_as_in_production(swr: FakeSwr) -> None:
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
    from huaweicloudsdkswr.v2 import ShowRepositoryRequest

    swr.create_namespace("team")
    swr.push_image("team", "web/app", "1.0")
    client = swr.client()
    assert client.show_repository(ShowRepositoryRequest(namespace="team", repository="web$app")).name == "web/app"
    with pytest.raises(ClientRequestException) as caught:
        client.show_repository(ShowRepositoryRequest(namespace="team", repository="web/app"))
    assert (caught.value.status_code, caught.value.error_code) == (404, "APIGW.0101")


@pytest.mark.parametrize("path", ["/v2/manage/namespaces", "/v2/manage/namespaces/team", "/nothing"])
def test_head_answers_carry_no_body(swr: FakeSwr, path: str) -> None:
    swr.create_namespace("team")
    response = requests.head(swr.endpoint + path, headers={"X-Auth-Token": "t"})
    assert response.content == b"" and int(response.headers["Content-Length"]) > 0


def test_every_answer_carries_the_gateways_headers(swr: FakeSwr) -> None:
    for response in (api(swr, "GET", "/v2/manage/namespaces"), api(swr, "GET", "/v2/manage/namespaces/none")):
        for name in ("Content-Length", "Date", "Server", "Connection", "Strict-Transport-Security", "X-Request-Id"):
            assert response.headers.get(name), (name, response.status_code)


def test_requests_without_credentials_get_the_gateway_401(swr: FakeSwr) -> None:
    response = requests.get(swr.endpoint + "/v2/manage/namespaces")
    assert response.status_code == 401
    body = response.json()
    assert body["error_code"] == "APIGW.0301" and body["request_id"] == response.headers["X-Request-Id"]


def test_every_region_host_is_served(swr: FakeSwr) -> None:
    for host in ("swr-api.ap-southeast-3.myhuaweicloud.com", "swr-api.eu-west-101.myhuaweicloud.eu"):
        response = requests.get(f"https://{host}/v2/manage/namespaces", headers={"X-Auth-Token": "t"})
        assert response.json() == {"namespaces": []}


def test_sdk_sees_swr_error_codes(swr: FakeSwr) -> None:
    client = swr.client()
    with pytest.raises(ClientRequestException) as caught:
        client.list_namespaces(ListNamespacesRequest(filter="bogus"))
    assert caught.value.error_code == "SVCSTG.SWR.4001035"
    assert caught.value.request_id == swr.calls.last.request_id


def test_call_log_records_operations(swr: FakeSwr) -> None:
    api(swr, "POST", "/v2/manage/namespaces", body={"namespace": "logged"})
    api(swr, "GET", "/v2/manage/namespaces/logged")
    api(swr, "GET", "/v2/manage/unknown")
    assert swr.calls.operations() == ["create_namespace", "show_namespace", None]
    (create,) = swr.calls.of("create_namespace")
    assert create.body == {"namespace": "logged"} and create.status == 201


@pytest.fixture
def local_server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"real server")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_other_hosts_pass_through(swr: FakeSwr, local_server: str) -> None:
    assert requests.get(local_server, timeout=5).text == "real server"


def test_mock_swr_context_manager_and_decorator() -> None:
    with mock_swr() as fake:
        fake.create_namespace("ctx")
        assert api(fake, "GET", "/v2/manage/namespaces").json()["namespaces"][0]["name"] == "ctx"

    seen: list[list[str]] = []

    @mock_swr(region="cn-east-3")
    def decorated(swr: FakeSwr) -> None:
        swr.create_namespace("once")
        seen.append([ns["name"] for ns in api(swr, "GET", "/v2/manage/namespaces").json()["namespaces"]])

    decorated()
    decorated()  # fresh state on every call
    assert seen == [["once"], ["once"]]


def test_reset_forgets_everything(swr: FakeSwr) -> None:
    swr.create_namespace("gone")
    api(swr, "GET", "/v2/manage/namespaces")
    swr.reset()
    assert swr.snapshot()["regions"] == {} and len(swr.calls) == 0
