"""Fault injection: errors, connection errors, timeouts, latency, scripts, offline — through
plain `requests`, the SDK client and the SDK's async client."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from huaweicloudsdkcore.exceptions.exceptions import (
    ClientRequestException,
    ConnectionException,
    ServerResponseException,
)
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkswr.v2 import (
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    DeleteRepoRequest,
    DeleteRepoTagRequest,
    ListNamespacesRequest,
    ListRepositoryTagsRequest,
    ShowNamespaceRequest,
    ShowRepositoryRequest,
    UpdateRepoRequest,
    UpdateRepoRequestBody,
)

from swr_fake import FakeSwr
from tests.support import api

VIAS = ("requests", "sdk", "async")


def seed(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.push_image("team", "web/app", "1.0")
    swr.push_image("team", "web/app", "latest")
    swr.push_image("team", "db", "1.0")


def show_namespace(swr: FakeSwr, via: str, name: str = "team") -> Any:
    if via == "requests":
        return api(swr, "GET", f"/v2/manage/namespaces/{name}")
    request = ShowNamespaceRequest(namespace=name)
    if via == "sdk":
        return swr.client().show_namespace(request)
    return swr.async_client().show_namespace_async(request).result()


def create_namespace(swr: FakeSwr, via: str, name: str) -> Any:
    if via == "requests":
        return api(swr, "POST", "/v2/manage/namespaces", body={"namespace": name})
    request = CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace=name))
    if via == "sdk":
        return swr.client().create_namespace(request)
    return swr.async_client().create_namespace_async(request).result()


def delete_repo(swr: FakeSwr, via: str, repository: str = "web/app") -> Any:
    if via == "requests":
        return api(swr, "DELETE", f"/v2/manage/namespaces/team/repos/{repository.replace('/', '$')}")
    request = DeleteRepoRequest(namespace="team", repository=repository.replace("/", "$"))
    if via == "sdk":
        return swr.client().delete_repo(request)
    return swr.async_client().delete_repo_async(request).result()


def update_repo(swr: FakeSwr, via: str) -> Any:
    if via == "requests":
        return api(swr, "PATCH", "/v2/manage/namespaces/team/repos/db", body={"is_public": True})
    request = UpdateRepoRequest(namespace="team", repository="db", body=UpdateRepoRequestBody(is_public=True))
    if via == "sdk":
        return swr.client().update_repo(request)
    return swr.async_client().update_repo_async(request).result()


def status_of(result: Any) -> int:
    return int(result.status_code)


# --- error responses ------------------------------------------------------------------------------
@pytest.mark.parametrize("via", VIAS)
def test_fail_answers_a_500_with_the_catalogue_error(swr: FakeSwr, via: str) -> None:
    seed(swr)
    fault = swr.faults.fail("show_namespace")
    if via == "requests":
        response = show_namespace(swr, via)
        body = response.json()
        assert response.status_code == 500 and body["error_code"] == "SVCSTG.SWR.5000007"
        assert body["errors"][0]["errorCode"] == "SVCSTG.SWR.5000007"
        assert response.headers["X-Request-Id"] == swr.calls.last.request_id
    else:
        with pytest.raises(ServerResponseException) as caught:
            show_namespace(swr, via)
        error = caught.value
        assert (error.status_code, error.error_code, error.error_msg) == (
            500,
            "SVCSTG.SWR.5000007",
            "ISE: Obtain failed.",
        )
        assert error.request_id == swr.calls.last.request_id
    assert fault.hits == 1 and fault.remaining == 0 and swr.faults.pending == []
    assert status_of(show_namespace(swr, via)) == 200  # times=1: the next call is served


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (400, "SVCSTG.SWR.4000014", "Invalid API parameters."),
        (401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"),
        (403, "SVCSTG.SWR.4030170", "Insufficient permissions"),
        (404, "SVCSTG.SWR.4040058", "The organization was not found."),
        (500, "SVCSTG.SWR.5000007", "ISE: Obtain failed."),
        (502, "APIGW.0202", "Backend unavailable"),
        (504, "APIGW.0203", "Backend timeout"),
    ],
)
def test_default_error_per_status(swr: FakeSwr, status: int, code: str, message: str) -> None:
    seed(swr)
    swr.faults.fail("show_namespace", status=status)
    response = show_namespace(swr, "requests")
    body = response.json()
    assert (response.status_code, body["error_code"], body["error_msg"]) == (status, code, message)
    if code.startswith("APIGW."):  # the gateway's own, simpler body
        assert body == {"error_code": code, "error_msg": message, "request_id": response.headers["X-Request-Id"]}
    else:
        assert body["errors"][0] == {"errorCode": code, "errorMessage": message, "detail": ""} | (
            {"encoded_authorization_message": body["encoded_authorization_message"]} if status == 403 else {}
        )


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("GET", "/v2/manage/namespaces/team", "SVCSTG.SWR.4040058"),
        ("GET", "/v2/manage/namespaces/team/repos/db", "SVCSTG.SWR.4040010"),
        ("DELETE", "/v2/manage/namespaces/team/repos/db/tags/1.0", "SVCSTG.SWR.4040048"),
        ("GET", "/v2/manage/namespaces/team/repos/db/triggers/t1", "SVCSTG.SWR.4040126"),
        ("GET", "/v2/manage/namespaces/team/access", "SVCSTG.SWR.4040078"),
        ("DELETE", "/v2/manage/namespaces/team/repos/db/access", "SVCSTG.SWR.4040091"),
        ("GET", "/v2/manage/no/such/url", "SVCSTG.SWR.4040083"),
    ],
)
def test_a_404_gets_the_operations_not_found_code(swr: FakeSwr, method: str, path: str, code: str) -> None:
    seed(swr)
    swr.faults.fail(status=404, path=path + "$")
    response = api(swr, method, path, body={"users": ["x"]} if method == "DELETE" and "access" in path else None)
    assert (response.status_code, response.json()["error_code"]) == (404, code)
    assert swr.calls.last.fault == "error"


def test_a_503_is_a_proxy_page_without_a_code(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail("show_namespace", status=503, times=2)
    response = show_namespace(swr, "requests")
    assert response.status_code == 503 and response.headers["Content-Type"] == "text/html"
    assert b"503 Service Temporarily Unavailable" in response.content
    with pytest.raises(ServerResponseException) as caught:
        show_namespace(swr, "sdk")
    assert (caught.value.status_code, caught.value.error_code) == (503, "503")
    assert "Service Temporarily Unavailable" in caught.value.error_msg


def test_given_code_and_message(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail("create_namespace", status=500, code="SVCSTG.SWR.5000059", message="ISE: busy")
    swr.faults.fail("create_namespace", status=409, code="SVCSTG.SWR.4090060")  # known: catalogue message
    swr.faults.fail("create_namespace", status=418, code="APIGW.0999")  # unknown gateway code
    client = swr.client()
    request = CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace="other"))
    with pytest.raises(ServerResponseException) as first:
        client.create_namespace(request)
    assert (first.value.error_code, first.value.error_msg) == ("SVCSTG.SWR.5000059", "ISE: busy")
    with pytest.raises(ClientRequestException) as second:
        client.create_namespace(request)
    assert (second.value.error_code, second.value.error_msg) == (
        "SVCSTG.SWR.4090060",
        "The organization already exists.",
    )
    third = api(swr, "POST", "/v2/manage/namespaces", body={"namespace": "other"})
    assert third.status_code == 418 and "errors" not in third.json()
    assert third.json()["error_code"] == "APIGW.0999" and third.json()["error_msg"] == "I'm a Teapot"
    assert "other" not in swr.snapshot()["regions"]["cn-north-4"]


def test_faults_act_before_the_gateway_checks_credentials(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=429)
    response = requests.get(swr.endpoint + "/v2/manage/namespaces")  # no credentials at all
    assert response.status_code == 429 and response.json()["error_code"] == "APIGW.0308"
    assert requests.get(swr.endpoint + "/v2/manage/namespaces").status_code == 401


# --- 429 as the SDK sees it ---------------------------------------------------------------------
def test_429_body_is_the_gateways_throttling_body(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=429)
    response = api(swr, "GET", "/v2/manage/namespaces")
    assert response.status_code == 429
    assert response.json() == {
        "error_code": "APIGW.0308",
        "error_msg": "The throttling threshold has been reached",
        "request_id": response.headers["X-Request-Id"],
    }


@pytest.mark.parametrize("operation", ["show_namespace", "delete_repo"])
def test_sdk_get_and_delete_429_lose_the_body(swr: FakeSwr, operation: str) -> None:
    seed(swr)
    before = swr.snapshot()
    swr.faults.fail(operation, status=429)
    with pytest.raises(ClientRequestException) as caught:
        show_namespace(swr, "sdk") if operation == "show_namespace" else delete_repo(swr, "sdk")
    error = caught.value
    assert (error.status_code, error.error_code, error.request_id) == (429, "429", "")
    assert "too many 429 error responses" in error.error_msg and "APIGW.0308" not in error.error_msg
    assert swr.calls.count(operation) == 1 and swr.snapshot() == before


@pytest.mark.parametrize("operation", ["create_namespace", "update_repo"])
def test_sdk_post_and_patch_429_keep_the_body(swr: FakeSwr, operation: str) -> None:
    seed(swr)
    before = swr.snapshot()
    swr.faults.fail(operation, status=429)
    with pytest.raises(ClientRequestException) as caught:
        create_namespace(swr, "sdk", "other") if operation == "create_namespace" else update_repo(swr, "sdk")
    error = caught.value
    assert (error.status_code, error.error_code) == (429, "APIGW.0308")
    assert error.error_msg == "The throttling threshold has been reached"
    assert error.request_id == swr.calls.last.request_id != ""
    assert swr.snapshot() == before


def test_async_client_get_429_raises_requests_retry_error(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail("show_namespace", status=429)
    with pytest.raises(requests.exceptions.RetryError):
        show_namespace(swr, "async")


@pytest.mark.parametrize("via", ["sdk", "async"])
def test_retry_times_recovers_from_two_429s(swr: FakeSwr, via: str) -> None:
    seed(swr)
    swr.faults.script("list_namespaces", [429, 429, "ok"])
    if via == "sdk":
        result = swr.client(http_config=HttpConfig(retry_times=3)).list_namespaces(ListNamespacesRequest())
    else:
        client = swr.async_client(http_config=HttpConfig(retry_times=3))
        result = client.list_namespaces_async(ListNamespacesRequest()).result()
    assert [namespace.name for namespace in result.namespaces] == ["team"]
    assert [call.status for call in swr.calls.of("list_namespaces")] == [429, 429, 200]


def test_retry_times_gives_up_after_retry_times_plus_one_calls(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=429, times=None)
    with pytest.raises(ClientRequestException) as caught:
        swr.client(http_config=HttpConfig(retry_times=3)).list_namespaces(ListNamespacesRequest())
    assert (caught.value.status_code, caught.value.error_code) == (429, "429")
    assert swr.calls.count("list_namespaces") == 4


def test_retry_times_does_not_retry_5xx(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=503, times=None)
    with pytest.raises(ServerResponseException):
        swr.client(http_config=HttpConfig(retry_times=3)).list_namespaces(ListNamespacesRequest())
    assert swr.calls.count("list_namespaces") == 1


# --- connection errors, timeouts, offline ------------------------------------------------------------
@pytest.mark.parametrize("via", VIAS)
def test_connection_error(swr: FakeSwr, via: str) -> None:
    seed(swr)
    swr.faults.connection_error("show_namespace")
    expected: type[Exception] = requests.ConnectionError if via == "requests" else ConnectionException
    with pytest.raises(expected) as caught:
        show_namespace(swr, via)
    assert "connection refused" in str(caught.value)
    call = swr.calls.last
    assert (call.operation, call.status, call.response, call.request_id, call.fault) == (
        "show_namespace",
        None,
        None,
        "",
        "connection_error",
    )
    assert status_of(show_namespace(swr, via)) == 200


@pytest.mark.parametrize("via", VIAS)
def test_timeout_raises_read_timeout_unwrapped(swr: FakeSwr, via: str) -> None:
    seed(swr)
    swr.faults.timeout("show_namespace")
    with pytest.raises(requests.ReadTimeout):
        show_namespace(swr, via)
    assert swr.calls.last.fault == "timeout" and swr.calls.last.status is None
    assert status_of(show_namespace(swr, via)) == 200


@pytest.mark.parametrize("via", VIAS)
def test_offline_switch(swr: FakeSwr, via: str) -> None:
    seed(swr)
    swr.offline = True
    expected: type[Exception] = requests.ConnectionError if via == "requests" else ConnectionException
    with pytest.raises(expected):
        show_namespace(swr, via)
    with pytest.raises(expected):
        create_namespace(swr, via, "other")
    assert [call.fault for call in swr.calls] == ["offline", "offline"]
    swr.offline = False
    assert status_of(show_namespace(swr, via)) == 200
    assert "other" not in swr.snapshot()["regions"]["cn-north-4"]


def test_offline_context_manager_restores(swr: FakeSwr) -> None:
    with swr.faults.offline():
        assert swr.offline
        with pytest.raises(requests.ConnectionError):
            api(swr, "GET", "/v2/manage/namespaces")
        with swr.faults.offline():
            pass
        assert swr.offline  # the inner block restored the outer setting
    assert not swr.offline
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 200


def test_offline_leaves_other_hosts_alone(swr: FakeSwr) -> None:
    swr.offline = True
    response = requests.get("https://iam.myhuaweicloud.com/v3/projects?name=cn-north-4", headers={"X-Auth-Token": "t"})
    assert response.status_code == 200


# --- latency -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("via", VIAS)
def test_latency_waits_then_answers_normally(swr: FakeSwr, via: str) -> None:
    seed(swr)
    slept: list[float] = []
    swr.faults.sleep = slept.append
    swr.faults.latency(0.004, "show_namespace", times=2)
    assert status_of(show_namespace(swr, via)) == 200
    assert slept == [0.004]
    call = swr.calls.last
    assert (call.status, call.fault, call.delay) == (200, "latency", 0.004)


def test_latency_sleeps_for_real_by_default(swr: FakeSwr) -> None:
    swr.faults.latency(0.002, "list_namespaces")
    assert api(swr, "GET", "/v2/manage/namespaces").json() == {"namespaces": []}
    assert swr.calls.last.delay == 0.002


def test_latency_combines_with_another_fault(swr: FakeSwr) -> None:
    slept: list[float] = []
    swr.faults.sleep = slept.append
    swr.faults.latency(0.001, times=None)
    swr.faults.latency(0.002, "list_namespaces")
    swr.faults.fail("list_namespaces", status=500)
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 500
    assert slept == [0.003] and swr.calls.last.fault == "error" and swr.calls.last.delay == 0.003


def test_clear_restores_real_sleep(swr: FakeSwr) -> None:
    swr.faults.sleep = print
    swr.faults.clear()
    assert swr.faults.sleep is not print


# --- faults change nothing --------------------------------------------------------------------------
MUTATIONS: dict[str, tuple[Callable[[FakeSwr, str], Any], Callable[[FakeSwr], bool]]] = {
    "delete_repo": (
        lambda swr, via: delete_repo(swr, via),
        lambda swr: api(swr, "GET", "/v2/manage/namespaces/team/repos/web$app").status_code == 404,
    ),
    "update_repo": (
        lambda swr, via: update_repo(swr, via),
        lambda swr: api(swr, "GET", "/v2/manage/namespaces/team/repos/db").json()["is_public"] is True,
    ),
    "create_namespace": (
        lambda swr, via: create_namespace(swr, via, "other"),
        lambda swr: api(swr, "GET", "/v2/manage/namespaces/other").status_code == 200,
    ),
}


def fails(action: Callable[[], Any]) -> bool:
    try:
        result = action()
    except Exception:  # noqa: BLE001 — each fault kind fails differently
        return True
    return isinstance(result, requests.Response) and result.status_code >= 400


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize("kind", ["fail", "connection_error", "timeout", "offline"])
@pytest.mark.parametrize("operation", list(MUTATIONS))
def test_a_faulted_mutation_changes_nothing(swr: FakeSwr, via: str, kind: str, operation: str) -> None:
    seed(swr)
    mutate, done = MUTATIONS[operation]
    before = swr.snapshot()
    if kind == "offline":
        swr.offline = True
    else:
        getattr(swr.faults, kind)(operation)
    assert fails(lambda: mutate(swr, via))
    assert swr.snapshot() == before
    assert [call.fault for call in swr.calls.of(operation)] == [
        "offline" if kind == "offline" else "error" if kind == "fail" else kind
    ]
    swr.offline = False
    # the fault is used up (or the service is back): the same call now takes effect
    assert not fails(lambda: mutate(swr, via))
    assert done(swr)


# --- scripts and counts ------------------------------------------------------------------------------
def test_script_steps_are_consumed_in_order(swr: FakeSwr) -> None:
    seed(swr)
    script = swr.faults.script(
        "show_namespace",
        [429, "ok", requests.ConnectionError, (409, "SVCSTG.SWR.4090060"), "timeout", "connection_error", 500],
    )
    outcomes = []
    for _ in range(8):
        try:
            outcomes.append(api(swr, "GET", "/v2/manage/namespaces/team").status_code)
        except requests.ReadTimeout:
            outcomes.append("timeout")
        except requests.ConnectionError:
            outcomes.append("connection_error")
    assert outcomes == [429, 200, "connection_error", 409, "timeout", "connection_error", 500, 200]
    assert script.hits == 7 and script.remaining == 0 and len(swr.faults) == 0
    assert [call.fault for call in swr.calls] == [
        "error",
        None,
        "connection_error",
        "error",
        "timeout",
        "connection_error",
        "error",
        None,
    ]


def test_script_with_a_raised_exception_instance_and_message(swr: FakeSwr) -> None:
    boom = requests.ConnectTimeout("connect timed out")
    swr.faults.script("list_namespaces", [boom, (500, "SVCSTG.SWR.5000059", "ISE: try later")])
    with pytest.raises(ConnectionException):
        swr.client().list_namespaces(ListNamespacesRequest())
    with pytest.raises(ServerResponseException) as caught:
        swr.client().list_namespaces(ListNamespacesRequest())
    assert (caught.value.error_code, caught.value.error_msg) == ("SVCSTG.SWR.5000059", "ISE: try later")
    assert [call.fault for call in swr.calls] == ["connection_error", "error"]


def test_script_action_runs_before_the_request_is_served(swr: FakeSwr) -> None:
    seed(swr)

    def tag_vanishes() -> None:
        with swr.backend.lock:
            swr.backend.delete_repo_tag(swr.backend.caller(swr.region), "team", "db", "1.0")

    swr.faults.script("delete_repo_tag", [tag_vanishes])
    with pytest.raises(ClientRequestException) as caught:
        swr.client().delete_repo_tag(DeleteRepoTagRequest(namespace="team", repository="db", tag="1.0"))
    assert (caught.value.status_code, caught.value.error_code) == (404, "SVCSTG.SWR.4040048")  # the service's own 404
    assert swr.calls.last.fault == "action" and swr.calls.last.status == 404


def test_times_counts_and_none_means_always(swr: FakeSwr) -> None:
    twice = swr.faults.fail("list_namespaces", times=2)
    statuses = [api(swr, "GET", "/v2/manage/namespaces").status_code for _ in range(3)]
    assert statuses == [500, 500, 200] and twice.hits == 2 and twice not in swr.faults.pending
    always = swr.faults.fail("list_namespaces", times=None, status=503)
    statuses = [api(swr, "GET", "/v2/manage/namespaces").status_code for _ in range(5)]
    assert statuses == [503] * 5 and always.hits == 5 and always.remaining is None
    always.cancel()
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 200


def test_a_fault_as_context_manager_is_removed_on_exit(swr: FakeSwr) -> None:
    with swr.faults.fail("list_namespaces", times=None):
        assert api(swr, "GET", "/v2/manage/namespaces").status_code == 500
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 200


def test_first_matching_fault_decides(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=502)
    swr.faults.fail(status=504)
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 502
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 504
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 200


def test_clear_and_reset_remove_every_fault(swr: FakeSwr) -> None:
    swr.faults.fail(times=None)
    swr.faults.clear()
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 200
    swr.faults.fail(times=None)
    swr.offline = True
    swr.reset()
    assert not swr.offline and len(swr.faults) == 0
    assert api(swr, "GET", "/v2/manage/namespaces").status_code == 200


# --- matching ------------------------------------------------------------------------------------------
def test_matching_by_operation_leaves_other_operations_alone(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail("delete_repo", times=None)
    client = swr.client()
    assert client.show_repository(ShowRepositoryRequest(namespace="team", repository="db")).name == "db"
    assert client.list_namespaces(ListNamespacesRequest()).namespaces[0].name == "team"
    with pytest.raises(ServerResponseException):
        client.delete_repo(DeleteRepoRequest(namespace="team", repository="db"))


def test_matching_by_method(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail(method="patch", times=None)
    assert api(swr, "GET", "/v2/manage/namespaces/team/repos/db").status_code == 200
    assert update_repo(swr, "requests").status_code == 500


def test_matching_by_path_regex_on_the_path_as_sent(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail(path=r"/tags/1\.0$", times=None, status=404)
    assert api(swr, "GET", "/v2/manage/namespaces/team/repos/db/tags/latest").status_code == 404  # no such tag
    assert api(swr, "GET", "/v2/manage/namespaces/team/repos/db/tags/1.0").json()["error_code"] == "SVCSTG.SWR.4040048"
    assert swr.calls.last.fault == "error"
    assert swr.calls.where(fault=True) == [swr.calls.last]


@pytest.mark.parametrize("via", VIAS)
def test_matching_by_namespace_and_repository(swr: FakeSwr, via: str) -> None:
    seed(swr)
    swr.create_namespace("ops")
    swr.push_image("ops", "web/app", "1.0")
    swr.faults.fail(namespace="team", repository="web/app", times=None)
    assert fails(lambda: delete_repo(swr, via, "web/app"))  # sent as web$app
    assert not fails(lambda: delete_repo(swr, via, "db"))
    assert api(swr, "DELETE", "/v2/manage/namespaces/ops/repos/web$app").status_code == 204
    assert swr.calls.count("delete_repo", fault="error") == 1


def test_matching_by_namespace_in_body_and_query(swr: FakeSwr) -> None:
    swr.faults.fail(namespace="team", times=None)
    assert create_namespace(swr, "requests", "team").status_code == 500
    assert create_namespace(swr, "requests", "other").status_code == 201
    assert api(swr, "GET", "/v2/manage/repos", params={"namespace": "team"}).status_code == 500
    assert api(swr, "GET", "/v2/manage/repos", params={"namespace": "other"}).status_code == 200


def test_matching_an_async_operation_name(swr: FakeSwr) -> None:
    seed(swr)
    fault = swr.faults.fail("show_namespace_async")
    assert fault.operation == "show_namespace"
    with pytest.raises(ServerResponseException):
        show_namespace(swr, "async")


# --- validation ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda faults: faults.fail("delete_tag"),
            "unknown SWR operation 'delete_tag'; did you mean .*delete_repo_tag",
        ),
        (lambda faults: faults.fail(status=409), "no default error for status 409"),
        (lambda faults: faults.fail(status=200), "from 400 to 599"),
        (lambda faults: faults.fail(times=0), "times must be a positive int"),
        (lambda faults: faults.latency(-1), "seconds must be a number >= 0"),
        (lambda faults: faults.script("list_namespaces", []), "at least one step"),
        (lambda faults: faults.script("list_namespaces", [(409,)]), "no default error for status 409"),
    ],
)
def test_bad_faults_are_refused_at_once(swr: FakeSwr, call: Callable[[Any], Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call(swr.faults)
    assert len(swr.faults) == 0


def test_a_bad_script_step_is_a_type_error(swr: FakeSwr) -> None:
    with pytest.raises(TypeError, match="a script step is"):
        swr.faults.script("list_namespaces", ["fine"])


def test_fault_repr_says_what_it_does(swr: FakeSwr) -> None:
    fault = swr.faults.script("delete_repo_tag", [429, "ok"], namespace="team")
    assert repr(fault) == (
        "<Fault script [status 429, ok] for operation='delete_repo_tag' namespace='team', 2 left, 0 hits>"
    )
    assert repr(swr.faults.latency(0.5)) == "<Fault latency 0.5s for every request, 1 left, 0 hits>"


# --- concurrency ---------------------------------------------------------------------------------------
def test_times_holds_under_the_async_clients_pool(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail("show_namespace", times=5)
    swr.faults.script("list_namespaces", [503, 503, 503])
    client = swr.async_client()
    futures = [client.show_namespace_async(ShowNamespaceRequest(namespace="team")) for _ in range(20)]
    futures += [client.list_namespaces_async(ListNamespacesRequest()) for _ in range(10)]
    failed = 0
    for future in futures:
        try:
            future.result()
        except ServerResponseException:
            failed += 1
    assert failed == 8
    assert swr.calls.count("show_namespace", fault="error") == 5
    assert swr.calls.count("show_namespace", status=200) == 15
    assert swr.calls.count("list_namespaces", status=503) == 3
    assert len(swr.calls) == 30 and len(swr.faults) == 0


# --- the worked examples of docs/faults.md ---------------------------------------------------------------
def create_namespace_with_retry(client: Any, name: str, attempts: int = 4, pause: float = 0.0) -> Any:
    request = CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace=name))
    for attempt in range(1, attempts + 1):
        try:
            return client.create_namespace(request)
        except ClientRequestException as error:
            if error.status_code != 429 or attempt == attempts:
                raise
            time.sleep(pause * attempt)
    return None


def test_docs_create_retries_until_the_throttling_stops(swr: FakeSwr) -> None:
    swr.faults.script("create_namespace", [429, 429, "ok"])
    create_namespace_with_retry(swr.client(), "team")
    assert [c.status for c in swr.calls.of("create_namespace")] == [429, 429, 201]
    assert "team" in swr.snapshot()["regions"][swr.region]


def test_docs_create_gives_up_after_four_attempts(swr: FakeSwr) -> None:
    swr.faults.fail("create_namespace", status=429, times=None)
    with pytest.raises(ClientRequestException) as caught:
        create_namespace_with_retry(swr.client(), "team")
    assert caught.value.error_code == "APIGW.0308"
    swr.calls.assert_called("create_namespace", times=4)
    assert swr.snapshot()["regions"] == {}


def delete_tags_except(client: Any, namespace: str, repository: str, keep: set[str]) -> list[str]:
    listed = client.list_repository_tags(ListRepositoryTagsRequest(namespace=namespace, repository=repository))
    deleted = []
    for tag in listed.body or []:
        if tag.tag in keep:
            continue
        try:
            client.delete_repo_tag(DeleteRepoTagRequest(namespace=namespace, repository=repository, tag=tag.tag))
        except ClientRequestException as error:
            if error.status_code != 404:
                raise
            continue
        deleted.append(tag.tag)
    return deleted


def seed_tags(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    for tag in ("1.0", "1.1", "latest"):
        swr.push_image("team", "web/app", tag)


def test_docs_cleanup_skips_a_tag_that_vanished(swr: FakeSwr) -> None:
    seed_tags(swr)
    swr.faults.fail("delete_repo_tag", times=1, status=404)
    deleted = delete_tags_except(swr.client(), "team", "web$app", keep={"latest"})
    assert len(deleted) == 1
    failed, succeeded = swr.calls.of("delete_repo_tag")
    assert (failed.status, failed.fault, succeeded.status) == (404, "error", 204)
    assert failed.response["error_code"] == "SVCSTG.SWR.4040048"


def test_docs_cleanup_skips_a_tag_deleted_by_someone_else(swr: FakeSwr) -> None:
    seed_tags(swr)

    def someone_deletes_1_0() -> None:
        with swr.backend.lock:
            swr.backend.delete_repo_tag(swr.backend.caller(swr.region), "team", "web/app", "1.0")

    swr.faults.script("delete_repo_tag", [someone_deletes_1_0], path=r"/tags/1\.0$")
    deleted = delete_tags_except(swr.client(), "team", "web$app", keep={"latest"})
    assert deleted == ["1.1"]
    swr.calls.assert_called("delete_repo_tag", times=1, status=404, fault="action")
    remaining = swr.client().list_repository_tags(ListRepositoryTagsRequest(namespace="team", repository="web$app"))
    assert [tag.tag for tag in remaining.body] == ["latest"]


def test_docs_cleanup_does_not_swallow_other_errors(swr: FakeSwr) -> None:
    seed_tags(swr)
    swr.faults.fail("delete_repo_tag", status=500)
    with pytest.raises(ServerResponseException):
        delete_tags_except(swr.client(), "team", "web$app", keep={"latest"})
    swr.calls.assert_called("delete_repo_tag", times=1)


def test_docs_assertion_message(swr: FakeSwr) -> None:
    seed_tags(swr)
    swr.faults.fail("delete_repo_tag", times=1, status=404)
    client = swr.client()
    client.list_repository_tags(ListRepositoryTagsRequest(namespace="team", repository="web$app"))
    with pytest.raises(ClientRequestException):
        client.delete_repo_tag(DeleteRepoTagRequest(namespace="team", repository="web$app", tag="1.0"))
    with pytest.raises(AssertionError) as caught:
        swr.calls.assert_called("delete_repo_tag", times=2, namespace="team")
    assert str(caught.value) == (
        "expected delete_repo_tag (namespace='team') to be called 2 times, it was called once.\n"
        "Calls made (2):\n"
        "  1. GET /v2/manage/namespaces/team/repos/web%24app/tags -> 200 (list_repository_tags)\n"
        "  2. DELETE /v2/manage/namespaces/team/repos/web%24app/tags/1.0 -> 404 (delete_repo_tag) [fault: error]"
    )


def test_docs_async_429_retries_give_up_with_retry_error(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=429, times=None)
    client = swr.async_client(http_config=HttpConfig(retry_times=3))
    with pytest.raises(requests.exceptions.RetryError):
        client.list_namespaces_async(ListNamespacesRequest()).result()
    assert swr.calls.count("list_namespaces") == 4
