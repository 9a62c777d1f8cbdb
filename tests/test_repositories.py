from __future__ import annotations

import pytest
from huaweicloudsdkswr.v2 import (
    CreateRepoRequest,
    CreateRepoRequestBody,
    DeleteRepoRequest,
    ListRepoDetailsRequest,
    ListReposDetailsRequest,
    ShowRepositoryRequest,
    UpdateRepoRequest,
    UpdateRepoRequestBody,
)

from swr_fake import FakeSwr
from tests.support import api, assert_error, sdk_rejects


def create(client, namespace: str, name: str, **fields):  # type: ignore[no-untyped-def]
    body = CreateRepoRequestBody(repository=name, is_public=fields.pop("is_public", False), **fields)
    return client.create_repo(CreateRepoRequest(namespace=namespace, body=body))


def test_create_show_update_delete_through_sdk(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    client = swr.client()
    assert create(client, "group", "team/app", category="linux", description="demo").status_code == 201

    shown = client.show_repository(ShowRepositoryRequest(namespace="group", repository="team$app"))
    assert (shown.name, shown.category, shown.description, shown.is_public) == ("team/app", "linux", "demo", False)
    assert shown.path == "swr.cn-north-4.myhuaweicloud.com/group/team/app"
    assert (shown.num_images, shown.size, shown.num_download) == (0, 0, 0)
    assert shown.domain_id == swr.domain_id and shown.creator_name == "swr-admin"

    update = UpdateRepoRequestBody(is_public=True, description="now public")
    assert client.update_repo(UpdateRepoRequest("group", "team$app", body=update)).status_code == 201
    shown = client.show_repository(ShowRepositoryRequest(namespace="group", repository="team$app"))
    assert (shown.is_public, shown.description, shown.category) == (True, "now public", "linux")

    assert client.delete_repo(DeleteRepoRequest(namespace="group", repository="team$app")).status_code == 204
    sdk_rejects(
        swr,
        lambda: client.show_repository(ShowRepositoryRequest(namespace="group", repository="team$app")),
        404,
        "SVCSTG.SWR.4040010",
    )


def test_create_through_requests_with_dollar_path(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    created = api(swr, "POST", "/v2/manage/namespaces/group/repos", body={"repository": "a/b", "is_public": True})
    assert created.status_code == 201
    shown = api(swr, "GET", "/v2/manage/namespaces/group/repos/a$b").json()
    assert shown["name"] == "a/b" and shown["category"] == "other" and shown["description"] == ""
    assert api(swr, "GET", "/v2/manage/namespaces/group/repos/a%2Fb").json()["error_code"] == "APIGW.0101"


def test_size_and_image_count_derive_from_tags(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1")
    swr.push_image("group", "app", "v2")
    shown = swr.client().show_repository(ShowRepositoryRequest(namespace="group", repository="app"))
    repo = swr.backend.regions["cn-north-4"].namespaces["group"].repositories["app"]
    assert shown.num_images == 2
    assert shown.size == sum(m.size for m in repo.manifests.values()) > 0


@pytest.mark.parametrize("name", ["App", "-app", "app-", "a//b", "a/-b", "a___b", "x" * 129])
def test_invalid_repository_name(swr: FakeSwr, name: str) -> None:
    swr.create_namespace("group")
    client = swr.client()
    sdk_rejects(swr, lambda: create(client, "group", name), 400, "SVCSTG.SWR.4001029")


def test_duplicate_repository_is_409(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    client = swr.client()
    create(client, "group", "app")
    sdk_rejects(swr, lambda: create(client, "group", "app"), 409, "SVCSTG.SWR.4090006")


def test_bad_category_and_wrong_types_are_400(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    before = swr.snapshot()
    bad_category = api(
        swr,
        "POST",
        "/v2/manage/namespaces/group/repos",
        body={"repository": "a", "is_public": True, "category": "games"},
    )
    assert_error(bad_category, 400, "SVCSTG.SWR.4000014")
    wrong_type = api(swr, "POST", "/v2/manage/namespaces/group/repos", body={"repository": "a", "is_public": "yes"})
    assert "is_public" in assert_error(wrong_type, 400, "SVCSTG.SWR.4000014")["error_msg"]
    not_json = api(swr, "POST", "/v2/manage/namespaces/group/repos", headers={}, body=None)
    assert_error(not_json, 400, "SVCSTG.SWR.4000014")
    assert swr.snapshot() == before


def test_missing_namespace_or_repository(swr: FakeSwr) -> None:
    client = swr.client()
    sdk_rejects(swr, lambda: create(client, "ghost", "app"), 404, "SVCSTG.SWR.4040058")
    swr.create_namespace("group")
    update = UpdateRepoRequestBody(is_public=True)
    sdk_rejects(
        swr, lambda: client.update_repo(UpdateRepoRequest("group", "nope", body=update)), 404, "SVCSTG.SWR.4040010"
    )
    sdk_rejects(swr, lambda: client.delete_repo(DeleteRepoRequest("group", "nope")), 404, "SVCSTG.SWR.4040010")


def _seed(swr: FakeSwr, count: int) -> None:
    swr.create_namespace("alpha")
    swr.create_namespace("beta")
    for index in range(count):
        swr.create_repository(
            "alpha" if index % 2 else "beta", f"repo{index:02d}", category="linux" if index % 3 else "other"
        )


def test_list_v2_pages_with_content_range(swr: FakeSwr) -> None:
    _seed(swr, 25)
    client = swr.client()
    seen: list[str] = []
    offset = 0
    while True:
        response = client.list_repos_details(ListReposDetailsRequest(offset=str(offset), limit="10"))
        items = response.body or []
        if not items:
            break
        assert response.content_range == f"{offset}-{len(items)}/25"
        assert {item.total_range for item in items} == {25}
        seen += [f"{item.namespace}/{item.name}" for item in items]
        offset += len(items)
    assert len(seen) == len(set(seen)) == 25


def test_list_v2_filters_and_order(swr: FakeSwr) -> None:
    _seed(swr, 12)
    client = swr.client()
    alpha = client.list_repos_details(ListReposDetailsRequest(namespace="alpha", order_column="name", order_type="asc"))
    names = [item.name for item in alpha.body]
    assert names == sorted(names) and len(names) == 6 and alpha.content_range == "0-6/6"
    by_filter = client.list_repos_details(
        ListReposDetailsRequest(
            filter="namespace::beta|category::other|order_column::name|order_type::desc", namespace="alpha"
        )
    )
    assert [item.name for item in by_filter.body] == ["repo06", "repo00"]
    fuzzy = client.list_repos_details(ListReposDetailsRequest(name="o1"))
    assert sorted(item.name for item in fuzzy.body) == [f"repo1{i}" for i in range(2)]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": "-1"}, "SVCSTG.SWR.4000056"),
        ({"limit": "1001"}, "SVCSTG.SWR.4000056"),
        ({"offset": "abc"}, "SVCSTG.SWR.4000056"),
        ({"order_column": "num_images"}, "SVCSTG.SWR.4001096"),
        ({"order_type": "sideways"}, "SVCSTG.SWR.4000014"),
        ({"filter": "namespace:alpha"}, "SVCSTG.SWR.4001035"),
        ({"filter": "colour::red"}, "SVCSTG.SWR.4001035"),
    ],
)
def test_list_v2_bad_query(swr: FakeSwr, params: dict[str, str], code: str) -> None:
    assert_error(api(swr, "GET", "/v2/manage/repos", params=params), 400, code)


def test_list_v3_walks_markers(swr: FakeSwr) -> None:
    _seed(swr, 23)
    client = swr.client()
    seen: list[str] = []
    marker = None
    pages = 0
    while True:
        response = client.list_repo_details(ListRepoDetailsRequest(limit=5, marker=marker))
        seen += [f"{repo.namespace_name}/{repo.name}" for repo in response.repos]
        pages += 1
        if response.next_marker is None:
            break
        marker = response.next_marker
    assert pages == 5 and len(seen) == len(set(seen)) == 23
    public = client.list_repo_details(ListRepoDetailsRequest(is_public=True))
    assert public.repos == [] or public.repos is None
