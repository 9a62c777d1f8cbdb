"""Server mode: the fake on a real socket, through the official SDK and raw HTTP."""

from __future__ import annotations

import json
import re
import socket
import ssl

import pytest
import requests
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkswr.v2 import (
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    ListNamespacesRequest,
    ShowNamespaceRequest,
)

from swr_fake import FakeSwr, errors
from swr_fake.server import SwrServer
from tests.server_support import raw_exchange, sdk_client

pytest.importorskip("werkzeug")


def test_the_sdk_works_over_a_real_socket(swr_server: SwrServer) -> None:
    client = sdk_client(swr_server)
    client.create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace="team")))
    listed = client.list_namespaces(ListNamespacesRequest())
    assert [ns.name for ns in listed.namespaces] == ["team"]
    with pytest.raises(ClientRequestException) as caught:
        client.show_namespace(ShowNamespaceRequest(namespace="absent"))
    assert caught.value.status_code == 404 and caught.value.error_code == errors.NAMESPACE_NOT_FOUND.code
    assert swr_server.fake.calls.operations() == ["create_namespace", "list_namespaces", "show_namespace"]


def test_the_server_and_the_fake_share_one_state(swr_server: SwrServer) -> None:
    swr_server.fake.create_namespace("seeded")
    listed = sdk_client(swr_server).list_namespaces(ListNamespacesRequest())
    assert [ns.name for ns in listed.namespaces] == ["seeded"]


def test_the_project_id_picks_the_region(swr_server: SwrServer) -> None:
    fake = swr_server.fake
    fake.create_namespace("north", region="cn-north-4")
    fake.create_namespace("south", region="cn-south-1")
    south = sdk_client(swr_server, region="cn-south-1").list_namespaces(ListNamespacesRequest())
    assert [ns.name for ns in south.namespaces] == ["south"]
    assert fake.calls.last.url.startswith("http://swr-api.cn-south-1.myhuaweicloud.com/")
    # An unknown project id falls back to the server's region.
    unknown = sdk_client(swr_server, project_id="f" * 32).list_namespaces(ListNamespacesRequest())
    assert [ns.name for ns in unknown.namespaces] == ["north"]


def test_an_swr_host_name_picks_the_region(swr_server: SwrServer) -> None:
    swr_server.fake.create_namespace("east", region="cn-east-3")
    response = requests.get(
        f"{swr_server.url}/v2/manage/namespaces",
        headers={"Host": "swr-api.cn-east-3.myhuaweicloud.com", "X-Auth-Token": "t"},
        timeout=5,
    )
    assert [ns["name"] for ns in response.json()["namespaces"]] == ["east"]


def test_iam_project_lookup_lets_the_sdk_find_its_project(swr_server: SwrServer) -> None:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.region.region import Region
    from huaweicloudsdkswr.v2 import SwrClient

    fake = swr_server.fake
    fake.create_namespace("found", region="cn-south-1")
    credentials = BasicCredentials(fake.access_key, fake.secret_key).with_iam_endpoint(swr_server.url)
    client = (
        SwrClient.new_builder().with_credentials(credentials).with_region(Region("cn-south-1", swr_server.url)).build()
    )
    assert [ns.name for ns in client.list_namespaces(ListNamespacesRequest()).namespaces] == ["found"]
    assert fake.calls.operations()[0] == "keystone_list_projects"


def test_head_keeps_the_length_and_sends_no_body(swr_server: SwrServer) -> None:
    # Whatever the front door answers a HEAD with, the transport sends its headers only.
    head = raw_exchange(
        swr_server, b"HEAD /v2/manage/namespaces HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nConnection: close\r\n\r\n"
    )
    status_line, _, rest = head.partition(b"\r\n")
    header_block, _, body = rest.partition(b"\r\n\r\n")
    assert status_line.startswith(b"HTTP/1.1 ") and body == b""
    lengths = re.findall(rb"(?im)^content-length: (\d+)\r?$", header_block)
    assert len(lengths) == 1 and int(lengths[0]) > 0
    # One Server, one Date, one Connection header: the front door's framing is not doubled.
    for name in (rb"server", rb"date", rb"connection"):
        assert len(re.findall(rb"(?im)^" + name + rb":", header_block)) <= 1


def test_chunked_request_bodies_are_decoded(swr_server: SwrServer) -> None:
    def chunks():  # a generator body: requests sends it with Transfer-Encoding: chunked
        yield b'{"namespace"'
        yield b': "chunked"}'

    response = requests.post(
        f"{swr_server.url}/v2/manage/namespaces", data=chunks(), headers={"X-Auth-Token": "t"}, timeout=5
    )
    assert response.status_code == 201, response.text
    assert "chunked" in swr_server.fake.backend.region("cn-north-4").namespaces


def test_a_tls_hello_on_the_plain_port_gets_an_http_status_line(swr_server: SwrServer) -> None:
    # What docker does first: Go falls back to plain HTTP only when the answer starts with "HTTP/".
    hello = bytes.fromhex("16030100a5010000a10303") + bytes(200)
    answer = raw_exchange(swr_server, hello)
    assert answer.startswith(b"HTTP/1.0 400 ")
    assert requests.get(f"{swr_server.url}/_fake/", timeout=5).status_code == 200


def test_a_request_line_of_a_megabyte_is_refused(swr_server: SwrServer) -> None:
    answer = raw_exchange(swr_server, b"GET /" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer == b"" or re.match(rb"HTTP/1\.[01] 414 ", answer)
    assert requests.get(f"{swr_server.url}/_fake/", timeout=5).status_code == 200


def test_malformed_http_gets_a_400(swr_server: SwrServer) -> None:
    answer = raw_exchange(swr_server, b"NOT HTTP AT ALL\r\n\r\n")
    assert re.match(rb"HTTP/1\.[01] 400 ", answer)
    answer = raw_exchange(swr_server, b"POST /v2/manage/namespaces HTTP/1.1\r\nContent-Length: ten\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert requests.get(f"{swr_server.url}/_fake/", timeout=5).status_code == 200


def test_a_body_over_the_bound_is_refused_without_a_change() -> None:
    with SwrServer(max_body=1000) as server:
        before = server.fake.snapshot()
        body = json.dumps({"namespace": "big", "pad": "x" * 2000})
        response = requests.post(
            f"{server.url}/v2/manage/namespaces", data=body, headers={"X-Auth-Token": "t"}, timeout=5
        )
        assert response.status_code == 413
        chunked = requests.post(
            f"{server.url}/v2/manage/namespaces",
            data=iter([body.encode()]),
            headers={"X-Auth-Token": "t"},
            timeout=5,
        )
        assert chunked.status_code == 413
        assert server.fake.snapshot() == before and len(server.fake.calls) == 0


def test_a_client_gone_mid_upload_changes_nothing(swr_server: SwrServer) -> None:
    before = swr_server.fake.snapshot()
    host, _, port = swr_server.registry.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(
            b"POST /v2/manage/namespaces HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"namespace": "half'
        )
    # The server noticed the short body, answered nothing and kept serving.
    assert requests.get(f"{swr_server.url}/_fake/", timeout=5).status_code == 200
    assert swr_server.fake.snapshot() == before and len(swr_server.fake.calls) == 0


def test_an_injected_connection_error_closes_the_connection(swr_server: SwrServer) -> None:
    swr_server.fake.faults.connection_error("list_namespaces")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{swr_server.url}/v2/manage/namespaces", headers={"X-Auth-Token": "t"}, timeout=5)
    assert swr_server.fake.calls.last.fault == "connection_error"
    ok = requests.get(f"{swr_server.url}/v2/manage/namespaces", headers={"X-Auth-Token": "t"}, timeout=5)
    assert ok.status_code == 200


def test_tls_serves_https_with_a_ca_to_trust() -> None:
    with SwrServer(tls=True) as server:
        assert server.url.startswith("https://127.0.0.1:") and server.ca_path is not None
        response = requests.get(f"{server.url}/_fake/", verify=server.ca_path, timeout=5)
        assert response.status_code == 200
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{server.url}/_fake/", timeout=5)  # not trusted without the CA
        # A plain-HTTP client on the TLS port does not take the server down.
        with pytest.raises(requests.ConnectionError):
            requests.get(server.url.replace("https", "http") + "/_fake/", timeout=5)
        context = ssl.create_default_context(cafile=server.ca_path)
        host, _, port = server.registry.rpartition(":")
        with (
            socket.create_connection((host, int(port)), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname="127.0.0.1") as conn,
        ):
            conn.sendall(b"GET /_fake/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert conn.recv(64).startswith(b"HTTP/1.1 200")


def test_a_busy_port_fails_loudly() -> None:
    with SwrServer() as first:
        busy = SwrServer(port=int(first.registry.rpartition(":")[2]))
        with pytest.raises(OSError):
            busy.start()


def test_the_env_points_sdks_at_the_server(swr_server: SwrServer) -> None:
    env = swr_server.env()
    assert env["HUAWEICLOUD_SDK_REGION_SWR_CN_NORTH_4"] == swr_server.url
    assert env["HUAWEICLOUD_SDK_REGION_SWR_EU_WEST_101"] == swr_server.url
    assert env["HUAWEICLOUD_SDK_IAM_ENDPOINT"] == swr_server.url


def test_an_unknown_region_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ValueError, match="did you mean cn-north-4"):
        SwrServer(region="cn-nort-4")


def test_the_fixture_resets_between_tests_first(swr_server: SwrServer) -> None:
    swr_server.fake.create_namespace("leftover")


def test_the_fixture_resets_between_tests_second(swr_server: SwrServer) -> None:
    assert "leftover" not in swr_server.fake.backend.region("cn-north-4").namespaces


def test_a_fake_of_its_own_is_made_when_none_is_given() -> None:
    with SwrServer(region="cn-south-1") as server:
        assert isinstance(server.fake, FakeSwr) and server.fake.region == "cn-south-1"
    assert not server.running
