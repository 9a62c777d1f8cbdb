"""The call log: what it records, its filters and its assertions."""

from __future__ import annotations

import contextlib

import pytest
import requests
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkswr.v2 import (
    CreateRepoRequest,
    CreateRepoRequestBody,
    DeleteRepoTagRequest,
    ListReposDetailsRequest,
    ShowNamespaceRequest,
)

from swr_fake import FakeSwr
from tests.support import api


def seed(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.push_image("team", "web/app", "1.0")
    swr.push_image("team", "web/app", "2.0")


def test_the_log_records_exactly_what_requests_sent(swr: FakeSwr) -> None:
    seed(swr)
    response = api(
        swr, "PATCH", "/v2/manage/namespaces/team/repos/web$app", body={"is_public": True, "description": "d"}
    )
    listed = api(swr, "GET", "/v2/manage/repos", params={"namespace": "team", "limit": "5"})
    patch, listing = swr.calls
    assert (patch.operation, patch.method, patch.path) == (
        "update_repo",
        "PATCH",
        "/v2/manage/namespaces/team/repos/web$app",
    )
    assert patch.url == swr.endpoint + "/v2/manage/namespaces/team/repos/web$app"
    assert patch.body == {"is_public": True, "description": "d"} and patch.query == {}
    assert (patch.status, patch.response, patch.request_id) == (201, None, response.headers["X-Request-Id"])
    assert patch.fault is None and patch.delay == 0.0
    assert listing.query == {"namespace": "team", "limit": "5"} and listing.body is None
    assert listing.response == listed.json() and listing.status == 200
    assert (listing.namespace, listing.repository, listing.params) == ("team", None, {})
    assert (patch.namespace, patch.repository) == ("team", "web/app")
    assert patch.params == {"namespace": "team", "repository": "web$app"}


def test_the_log_records_what_the_sdk_sent(swr: FakeSwr) -> None:
    seed(swr)
    client = swr.client()
    body = CreateRepoRequestBody(repository="svc/api", is_public=False, category="linux")
    client.create_repo(CreateRepoRequest(namespace="team", body=body))
    client.list_repos_details(ListReposDetailsRequest(namespace="team", limit="10"))
    create, listing = swr.calls
    assert create.body == {"repository": "svc/api", "is_public": False, "category": "linux"}
    assert (create.operation, create.status, create.namespace, create.repository) == (
        "create_repo",
        201,
        "team",
        "svc/api",
    )
    assert listing.query == {"namespace": "team", "limit": "10"}
    assert [repo["name"] for repo in listing.response] == ["svc/api", "web/app"]


def test_faulted_calls_record_what_was_sent_and_what_was_injected(swr: FakeSwr) -> None:
    seed(swr)
    swr.faults.fail("create_repo", status=429)
    swr.faults.connection_error("delete_repo_tag")
    throttled = api(swr, "POST", "/v2/manage/namespaces/team/repos", body={"repository": "x", "is_public": True})
    with pytest.raises(requests.ConnectionError):
        api(swr, "DELETE", "/v2/manage/namespaces/team/repos/web$app/tags/1.0", params={"a": "b"})
    first, second = swr.calls
    assert (first.operation, first.status, first.fault) == ("create_repo", 429, "error")
    assert first.body == {"repository": "x", "is_public": True}
    assert first.response == throttled.json() and first.request_id == throttled.headers["X-Request-Id"]
    assert (second.operation, second.method, second.status, second.fault) == (
        "delete_repo_tag",
        "DELETE",
        None,
        "connection_error",
    )
    assert second.path == "/v2/manage/namespaces/team/repos/web$app/tags/1.0" and second.query == {"a": "b"}
    assert (second.response, second.request_id, second.repository) == (None, "", "web/app")
    assert second.params == {"namespace": "team", "repository": "web$app", "tag": "1.0"}


def test_where_count_and_of(swr: FakeSwr) -> None:
    seed(swr)
    swr.create_namespace("ops")
    swr.faults.fail("delete_repo_tag", status=404)
    client = swr.client()
    for tag in ("1.0", "2.0"):
        with contextlib.suppress(ClientRequestException):  # the first one is faulted
            client.delete_repo_tag(DeleteRepoTagRequest(namespace="team", repository="web$app", tag=tag))
    client.show_namespace(ShowNamespaceRequest(namespace="ops"))
    assert len(swr.calls.of("delete_repo_tag")) == 2 and swr.calls.count("delete_repo_tag") == 2
    assert swr.calls.count() == 3
    assert swr.calls.count(method="delete") == 2 and swr.calls.count(method="GET") == 1
    assert [call.status for call in swr.calls.where("delete_repo_tag", status=404)] == [404]
    assert swr.calls.count(namespace="team") == 2 and swr.calls.count(namespace="ops") == 1
    assert swr.calls.count(repository="web/app") == 2 and swr.calls.count(repository="web$app") == 2
    assert swr.calls.count(fault=True) == 1 and swr.calls.count(fault=False) == 2
    assert swr.calls.count(fault="error") == 1 and swr.calls.count(fault="timeout") == 0
    assert swr.calls.where("delete_repo_tag", fault=False)[0].status == 204


def test_assert_called_passes_and_returns_the_calls(swr: FakeSwr) -> None:
    seed(swr)
    api(swr, "GET", "/v2/manage/namespaces/team")
    api(swr, "GET", "/v2/manage/namespaces/team")
    found = swr.calls.assert_called("show_namespace", times=2, namespace="team", status=200)
    assert len(found) == 2
    assert swr.calls.assert_called("show_namespace")
    swr.calls.assert_not_called("delete_namespaces")
    swr.calls.assert_not_called("show_namespace", namespace="other")


def test_assert_called_failure_lists_what_was_called(swr: FakeSwr) -> None:
    seed(swr)
    api(swr, "GET", "/v2/manage/namespaces/team")
    api(swr, "DELETE", "/v2/manage/namespaces/team/repos/web$app/tags/1.0")
    with pytest.raises(AssertionError) as caught:
        swr.calls.assert_called("delete_repo_tag", times=2, namespace="team")
    assert str(caught.value) == (
        "expected delete_repo_tag (namespace='team') to be called 2 times, it was called once.\n"
        "Calls made (2):\n"
        "  1. GET /v2/manage/namespaces/team -> 200 (show_namespace)\n"
        "  2. DELETE /v2/manage/namespaces/team/repos/web$app/tags/1.0 -> 204 (delete_repo_tag)"
    )
    with pytest.raises(AssertionError, match=r"expected delete_repo to be called at least once, it was called 0 times"):
        swr.calls.assert_called("delete_repo")


def test_assert_not_called_failure_lists_what_was_called(swr: FakeSwr) -> None:
    swr.offline = True
    with pytest.raises(requests.ConnectionError):
        api(swr, "GET", "/v2/manage/namespaces")
    with pytest.raises(AssertionError) as caught:
        swr.calls.assert_not_called("list_namespaces")
    assert str(caught.value) == (
        "expected list_namespaces not to be called, it was called once.\n"
        "Calls made (1):\n"
        "  1. GET /v2/manage/namespaces -> no response (list_namespaces) [fault: offline]"
    )


def test_assert_called_with_no_calls_says_so(swr: FakeSwr) -> None:
    with pytest.raises(AssertionError, match="No calls were made."):
        swr.calls.assert_called("list_namespaces", times=1)


def test_unknown_urls_are_logged_without_an_operation(swr: FakeSwr) -> None:
    api(swr, "GET", "/v2/manage/nowhere")
    call = swr.calls.last
    assert (call.operation, call.status, call.params, call.namespace) == (None, 404, {}, None)
    assert str(call) == "GET /v2/manage/nowhere -> 404 (unknown URL)"


def test_concurrent_calls_are_all_logged(swr: FakeSwr) -> None:
    seed(swr)
    client = swr.async_client()
    futures = [client.show_namespace_async(ShowNamespaceRequest(namespace="team")) for _ in range(30)]
    for future in futures:
        future.result()
    assert swr.calls.count("show_namespace", status=200) == 30
    assert len({call.request_id for call in swr.calls}) == 30


def test_the_log_keeps_the_body_of_a_request_the_schema_rejected(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    sent = {"repository": "app", "is_public": "yes", "category": "linux"}
    response = api(swr, "POST", "/v2/manage/namespaces/team/repos", body=sent)
    assert response.status_code == 400
    (create,) = swr.calls
    assert (create.operation, create.status) == ("create_repo", 400)
    assert create.body == sent
