from __future__ import annotations

import pytest
from huaweicloudsdkswr.v2 import (
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    CreateRepoRequest,
    CreateRepoRequestBody,
    DeleteNamespacesRequest,
    ListNamespacesRequest,
    ShowNamespaceRequest,
)

from swr_fake import FakeSwr
from tests.support import api, assert_error, sdk_rejects


def create(client, name: str):  # type: ignore[no-untyped-def]
    return client.create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace=name)))


def test_create_list_show_delete_through_sdk(swr: FakeSwr) -> None:
    client = swr.client()
    assert create(client, "team-a").status_code == 201
    create(client, "team-b")

    listed = client.list_namespaces(ListNamespacesRequest())
    assert sorted(ns.name for ns in listed.namespaces) == ["team-a", "team-b"]
    assert {ns.auth for ns in listed.namespaces} == {7}
    assert {ns.creator_name for ns in listed.namespaces} == {"swr-admin"}

    filtered = client.list_namespaces(ListNamespacesRequest(filter="namespace::team-b"))
    assert [ns.name for ns in filtered.namespaces] == ["team-b"]
    by_param = client.list_namespaces(ListNamespacesRequest(namespace="team-a"))
    assert [ns.name for ns in by_param.namespaces] == ["team-a"]

    shown = client.show_namespace(ShowNamespaceRequest(namespace="team-a"))
    assert (shown.name, shown.auth, shown.creator_name) == ("team-a", 7, "swr-admin")
    assert shown.id == next(ns.id for ns in listed.namespaces if ns.name == "team-a")

    assert client.delete_namespaces(DeleteNamespacesRequest(namespace="team-a")).status_code == 204
    remaining = client.list_namespaces(ListNamespacesRequest())
    assert [ns.name for ns in remaining.namespaces] == ["team-b"]


def test_create_list_show_delete_through_requests(swr: FakeSwr) -> None:
    created = api(swr, "POST", "/v2/manage/namespaces", body={"namespace": "group"})
    assert created.status_code == 201
    assert created.headers["X-Request-Id"]
    listed = api(swr, "GET", "/v2/manage/namespaces", params={"filter": "namespace::group"})
    assert listed.status_code == 200
    (item,) = listed.json()["namespaces"]
    assert item["name"] == "group" and item["auth"] == 7 and isinstance(item["id"], int)
    assert api(swr, "GET", "/v2/manage/namespaces/group").json()["name"] == "group"
    assert api(swr, "DELETE", "/v2/manage/namespaces/group").status_code == 204
    assert_error(api(swr, "GET", "/v2/manage/namespaces/group"), 404, "SVCSTG.SWR.4040058")


def test_no_match_lists_nothing(swr: FakeSwr) -> None:
    swr.create_namespace("alpha")
    listed = api(swr, "GET", "/v2/manage/namespaces", params={"filter": "namespace::beta"})
    assert listed.json() == {"namespaces": []}


@pytest.mark.parametrize("name", ["Team", "1team", "team-", "a..b", "a___b", "library", "x" * 65, "a/b"])
def test_invalid_name_is_rejected(swr: FakeSwr, name: str) -> None:
    client = swr.client()
    sdk_rejects(swr, lambda: create(client, name), 400, "SVCSTG.SWR.4001028")


def test_missing_body_field_names_the_field(swr: FakeSwr) -> None:
    response = api(swr, "POST", "/v2/manage/namespaces", body={"name": "x"})
    body = assert_error(response, 400, "SVCSTG.SWR.4000014")
    assert "namespace" in body["error_msg"]


def test_duplicate_is_409(swr: FakeSwr) -> None:
    client = swr.client()
    create(client, "dup")
    sdk_rejects(swr, lambda: create(client, "dup"), 409, "SVCSTG.SWR.4090060")


def test_name_taken_by_another_account_is_409(swr: FakeSwr) -> None:
    other = swr.backend.add_tenant("other-account")
    swr.backend.create_namespace(swr.backend.caller(swr.region, other), "shared-name")
    client = swr.client()
    sdk_rejects(swr, lambda: create(client, "shared-name"), 409, "SVCSTG.SWR.4090060")
    # ...and it is not visible to us.
    assert client.list_namespaces(ListNamespacesRequest()).namespaces in (None, [])


def test_quota_of_five_organizations(swr: FakeSwr) -> None:
    client = swr.client()
    for index in range(5):
        create(client, f"ns{index}")
    sdk_rejects(swr, lambda: create(client, "ns5"), 400, "SVCSTG.SWR.4000097")


def test_missing_namespace_is_404(swr: FakeSwr) -> None:
    client = swr.client()
    sdk_rejects(swr, lambda: client.show_namespace(ShowNamespaceRequest(namespace="nope")), 404, "SVCSTG.SWR.4040058")
    sdk_rejects(
        swr, lambda: client.delete_namespaces(DeleteNamespacesRequest(namespace="nope")), 404, "SVCSTG.SWR.4040058"
    )


def test_delete_with_repositories_is_406(swr: FakeSwr) -> None:
    client = swr.client()
    create(client, "busy")
    client.create_repo(
        CreateRepoRequest(namespace="busy", body=CreateRepoRequestBody(repository="app", is_public=False))
    )
    sdk_rejects(
        swr, lambda: client.delete_namespaces(DeleteNamespacesRequest(namespace="busy")), 406, "SVCSTG.SWR.4060074"
    )


def test_namespaces_are_per_region(swr: FakeSwr) -> None:
    create(swr.client("cn-north-4"), "regional")
    assert swr.client("cn-east-3").list_namespaces(ListNamespacesRequest()).namespaces in (None, [])
    create(swr.client("cn-east-3"), "regional")
    eu = swr.client("eu-west-101")
    create(eu, "regional")
    assert [ns.name for ns in eu.list_namespaces(ListNamespacesRequest()).namespaces] == ["regional"]
