"""The v1 repository API of seed 002, through plain `requests`, over the same state as v2."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from huaweicloudsdkswr.v2 import (
    CreateRepoRequest,
    CreateRepoRequestBody,
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    ListReposDetailsRequest,
    ListRepositoryTagsRequest,
    ShowRepositoryRequest,
    UpdateRepoRequest,
    UpdateRepoRequestBody,
)

from swr_fake import FakeSwr, FrozenClock, SwrError, errors
from swr_fake.api.views_v1 import V1_ERRORS, v1_error
from tests.support import api, sdk_rejects

START = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)

CREATED_KEYS = {
    "repo_name", "namespace", "repo_path", "is_automated", "description", "creation_time", "updated_time",
    "is_public", "logo",
}  # fmt: skip
ITEM_KEYS = {
    "repo_name", "namespace", "repo_path", "is_automated", "description", "creation_at", "updated_at", "is_public",
    "logo", "repo_starred_count", "full_description", "download", "upload", "pulled_at", "pushed_at",
}  # fmt: skip
DETAIL_KEYS = {
    "namespace", "repo_name", "repo_path", "logo_file", "description", "full_description", "repo_starred_count",
    "created_at", "updated_at", "is_public", "logo", "is_automated", "download", "upload", "pulled_at", "pushed_at",
    "is_repo_starred",
}  # fmt: skip
UPDATED_KEYS = {"repo_name", "namespace", "repo_path", "description", "is_public", "logo"}


@pytest.fixture
def clock(swr: FakeSwr) -> Iterator[FrozenClock]:
    """A clock that moves only when told to (the fake's own is the wall clock)."""
    frozen = FrozenClock(START)
    previous = swr.backend.clock
    swr.backend.clock = frozen
    yield frozen
    swr.backend.clock = previous


@pytest.fixture
def group(swr: FakeSwr) -> FakeSwr:
    swr.create_namespace("madams")
    return swr


def v1_create(swr: FakeSwr, name: str, **fields: Any) -> requests.Response:
    return api(swr, "POST", "/v1/repositories/madams/", body={"repo_name": name, **fields})


def assert_v1_error(response: requests.Response, status: int, code: int) -> str:
    """The v1 error form: exactly ``code`` and ``message``, status = the code's first three digits."""
    assert response.status_code == status == code // 10000, response.text
    assert response.headers.get("X-Request-Id")
    body = response.json()
    assert set(body) == {"code", "message"} and body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    message: str = body["message"]
    return message


def rejects(swr: FakeSwr, call: Callable[[], requests.Response], status: int, code: int) -> str:
    """A v1 request that must fail with this status and code and change nothing."""
    before = swr.snapshot()
    message = assert_v1_error(call(), status, code)
    assert swr.snapshot() == before
    return message


def sdk_show(swr: FakeSwr, name: str) -> Any:
    return swr.client().show_repository(ShowRepositoryRequest(namespace="madams", repository=name))


# ------------------------------------------------------------------------------------------ create


def test_create_answers_201_with_the_seed_fields(group: FakeSwr, clock: FrozenClock) -> None:
    body = {"repo_name": "repo", "description": "A repo docker image repository", "namespace": "madams"}
    response = api(group, "POST", "/v1/repositories/madams/", body={**body, "is_public": True})
    assert response.status_code == 201
    assert response.json() == {
        "repo_name": "repo",
        "namespace": "madams",
        "repo_path": "madams/repo",
        "is_automated": False,
        "description": "A repo docker image repository",
        "creation_time": "2026-03-01T12:00:00.123Z",
        "updated_time": "2026-03-01T12:00:00.123Z",
        "is_public": True,
        "logo": "default-icon.jpg",
    }
    assert set(response.json()) == CREATED_KEYS
    shown = sdk_show(group, "repo")
    assert (shown.name, shown.description, shown.is_public, shown.category) == (
        "repo",
        "A repo docker image repository",
        True,
        "other",
    )


def test_create_without_trailing_slash_and_with_defaults(group: FakeSwr) -> None:
    response = api(group, "POST", "/v1/repositories/madams", body={"repo_name": "team/app"})
    assert response.status_code == 201
    assert (response.json()["is_public"], response.json()["description"]) == (False, "")
    assert response.json()["repo_path"] == "madams/team/app"
    shown = sdk_show(group, "team$app")
    assert (shown.is_public, shown.description) == (False, "")


# -------------------------------------------------------------------------------------------- list


def test_list_walks_every_page_through_next(group: FakeSwr) -> None:
    names = [f"repo{index}" for index in range(7)]
    for name in names:
        group.create_repository("madams", name)
    url: str | None = group.endpoint + "/v1/repositories/madams/?page_size=3"
    seen: list[str] = []
    pages: list[dict[str, Any]] = []
    while url is not None:
        response = requests.get(url, headers={"X-Auth-Token": "t"})
        assert response.status_code == 200
        page = response.json()
        pages.append(page)
        seen += [item["repo_name"] for item in page["results"]]
        url = page["next"]
    assert seen == names  # creation order, no repeats, none missing
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    assert {page["count"] for page in pages} == {7}
    assert pages[0]["previous"] is None
    assert pages[1]["next"].startswith("https://swr-api.cn-north-4.myhuaweicloud.com/v1/repositories/madams/?")
    assert parse_qs(urlsplit(pages[1]["next"]).query) == {"page_size": ["3"], "page": ["3"]}
    assert parse_qs(urlsplit(pages[2]["previous"]).query) == {"page_size": ["3"], "page": ["2"]}
    back = requests.get(pages[2]["previous"], headers={"X-Auth-Token": "t"}).json()
    assert back == pages[1]
    # A last page that is exactly full has no next page.
    exact = api(group, "GET", "/v1/repositories/madams/", params={"page_size": "7"}).json()
    assert (len(exact["results"]), exact["next"], exact["previous"]) == (7, None, None)


def test_list_default_page_is_20_and_items_have_the_seed_fields(group: FakeSwr) -> None:
    for index in range(21):
        group.create_repository("madams", f"r{index:02d}", is_public=index == 0, description=f"d{index}")
    first = api(group, "GET", "/v1/repositories/madams")
    assert first.status_code == 200
    body = first.json()
    assert (body["count"], len(body["results"]), body["previous"]) == (21, 20, None)
    assert parse_qs(urlsplit(body["next"]).query) == {"page": ["2"]}
    item = body["results"][0]
    assert set(item) == ITEM_KEYS
    assert (item["repo_name"], item["description"], item["is_public"], item["repo_path"]) == (
        "r00",
        "d0",
        True,
        "madams/r00",
    )
    assert (item["download"], item["upload"], item["pulled_at"], item["pushed_at"]) == (0, 0, None, None)
    last = requests.get(body["next"], headers={"X-Auth-Token": "t"}).json()
    assert [repo["repo_name"] for repo in last["results"]] == ["r20"] and last["next"] is None


def test_empty_organization_lists_nothing(group: FakeSwr) -> None:
    response = api(group, "GET", "/v1/repositories/madams/")
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_list_shows_only_that_organization(group: FakeSwr) -> None:
    group.create_namespace("other")
    group.create_repository("other", "elsewhere")
    group.create_repository("madams", "here")
    results = api(group, "GET", "/v1/repositories/madams/").json()["results"]
    assert [item["repo_name"] for item in results] == ["here"]


# -------------------------------------------------------------------------------------------- show


def test_show_has_the_seed_fields(group: FakeSwr, clock: FrozenClock) -> None:
    group.create_repository("madams", "test", description="test")
    clock.advance(minutes=5)
    group.push_image("madams", "test", "v1")
    for path in ("/v1/repositories/madams/test", "/v1/repositories/madams/test/"):
        response = api(group, "GET", path)
        assert response.status_code == 200
        assert response.json() == {
            "namespace": "madams",
            "repo_name": "test",
            "repo_path": "madams/test",
            "logo_file": "/static/images/user/default-logo.png",
            "description": "test",
            "full_description": "",
            "repo_starred_count": 0,
            "created_at": "2026-03-01T12:00:00.123Z",
            "updated_at": "2026-03-01T12:05:00.123Z",
            "is_public": False,
            "logo": "default-icon.jpg",
            "is_automated": False,
            "download": 0,
            "upload": 1,
            "pulled_at": None,
            "pushed_at": "2026-03-01T12:05:00.123Z",
            "is_repo_starred": False,
        }


def test_a_name_with_a_slash_is_addressed_with_dollar(group: FakeSwr) -> None:
    group.create_repository("madams", "team/app")
    shown = api(group, "GET", "/v1/repositories/madams/team$app").json()
    assert (shown["repo_name"], shown["repo_path"]) == ("team/app", "madams/team/app")
    assert_v1_error(api(group, "GET", "/v1/repositories/madams/team%2Fapp"), 404, 4040009)
    assert_v1_error(api(group, "GET", "/v1/repositories/madams/team/app"), 404, 4040009)


# ------------------------------------------------------------------------------------------ update


def test_update_changes_what_is_given(group: FakeSwr, clock: FrozenClock) -> None:
    group.create_repository("madams", "repo", description="old")
    clock.advance(hours=1)
    response = api(group, "PUT", "/v1/repositories/madams/repo", body={"description": "new", "is_public": True})
    assert response.status_code == 200
    assert response.json() == {
        "repo_name": "repo",
        "namespace": "madams",
        "repo_path": "madams/repo",
        "description": "new",
        "is_public": True,
        "logo": "default-icon.jpg",
    }
    assert set(response.json()) == UPDATED_KEYS
    shown = sdk_show(group, "repo")
    assert (shown.description, shown.is_public, shown.updated) == ("new", True, "2026-03-01T13:00:00.123456Z")
    # Absent fields stay as they are; the body may repeat the path's names.
    again = api(group, "PUT", "/v1/repositories/madams/repo/", body={"is_public": False, "repo_name": "repo"})
    assert (again.json()["description"], again.json()["is_public"]) == ("new", False)
    assert api(group, "GET", "/v1/repositories/madams/repo").json()["updated_at"] == "2026-03-01T13:00:00.123Z"


# ------------------------------------------------------------------------------------------ delete


@pytest.mark.parametrize("path", ["/v1/repositories/madams/repo/", "/v1/repositories/madams/repo"])
def test_delete_repository(group: FakeSwr, path: str) -> None:
    group.push_image("madams", "repo", "latest")
    response = api(group, "DELETE", path)
    assert (response.status_code, response.content) == (204, b"")
    sdk_rejects(group, lambda: sdk_show(group, "repo"), 404, "SVCSTG.SWR.4040010")
    assert_v1_error(api(group, "GET", "/v1/repositories/madams/repo"), 404, 4040004)


# -------------------------------------------------------------------------------------------- tags


def test_list_tags_gives_image_ids(group: FakeSwr, clock: FrozenClock) -> None:
    group.create_repository("madams", "repo")
    assert api(group, "GET", "/v1/repositories/madams/repo/tags").json() == []
    group.push_image("madams", "repo", "latest")
    clock.advance(seconds=1)
    group.push_image("madams", "repo", "test")
    response = api(group, "GET", "/v1/repositories/madams/repo/tags")
    assert response.status_code == 200
    repo = group.backend.regions["cn-north-4"].namespaces["madams"].repositories["repo"]
    expected = [
        {"image_id": repo.manifests[repo.tags[name].digest].config_digest.removeprefix("sha256:"), "tag": name}
        for name in ("test", "latest")  # newest first, as in the seed
    ]
    assert response.json() == expected
    assert all(len(item["image_id"]) == 64 for item in expected)
    assert api(group, "GET", "/v1/repositories/madams/repo/tags/").json() == expected


def test_delete_tag(group: FakeSwr) -> None:
    group.push_image("madams", "repo", "a")
    group.push_image("madams", "repo", "b")
    response = api(group, "DELETE", "/v1/repositories/madams/repo/tags/a")
    assert (response.status_code, response.content) == (204, b"")
    tags = group.client().list_repository_tags(ListRepositoryTagsRequest(namespace="madams", repository="repo"))
    assert [tag.tag for tag in tags.body] == ["b"]
    assert [item["tag"] for item in api(group, "GET", "/v1/repositories/madams/repo/tags").json()] == ["b"]


# --------------------------------------------------------------------------------- same state as v2


def test_v2_writes_are_read_through_v1(group: FakeSwr) -> None:
    client = group.client()
    body = CreateRepoRequestBody(repository="from-v2", is_public=False, description="made by v2")
    client.create_repo(CreateRepoRequest(namespace="madams", body=body))
    shown = api(group, "GET", "/v1/repositories/madams/from-v2").json()
    assert (shown["repo_name"], shown["description"], shown["is_public"]) == ("from-v2", "made by v2", False)
    update = UpdateRepoRequestBody(is_public=True, description="changed by v2")
    client.update_repo(UpdateRepoRequest(namespace="madams", repository="from-v2", body=update))
    listed = api(group, "GET", "/v1/repositories/madams/").json()["results"]
    assert [(item["repo_name"], item["description"], item["is_public"]) for item in listed] == [
        ("from-v2", "changed by v2", True)
    ]
    copy = CreateRepoTagRequestBody(source_tag="v1", destination_tag="v1-copy")
    group.push_image("madams", "from-v2", "v1")
    client.create_repo_tag(CreateRepoTagRequest(namespace="madams", repository="from-v2", body=copy))
    tags = api(group, "GET", "/v1/repositories/madams/from-v2/tags").json()
    assert sorted(item["tag"] for item in tags) == ["v1", "v1-copy"]


def test_v1_writes_are_read_through_v2(group: FakeSwr) -> None:
    client = group.client()
    v1_create(group, "from-v1", description="made by v1", is_public=True)
    listed = client.list_repos_details(ListReposDetailsRequest(namespace="madams")).body
    assert [(repo.name, repo.description, repo.is_public) for repo in listed] == [("from-v1", "made by v1", True)]
    api(group, "PUT", "/v1/repositories/madams/from-v1", body={"description": "changed by v1", "is_public": False})
    shown = sdk_show(group, "from-v1")
    assert (shown.description, shown.is_public) == ("changed by v1", False)
    api(group, "DELETE", "/v1/repositories/madams/from-v1/")
    assert group.client().list_repos_details(ListReposDetailsRequest(namespace="madams")).body is None


# ------------------------------------------------------------------------------ registry counters


def test_push_and_pull_move_the_counters(group: FakeSwr, clock: FrozenClock) -> None:
    group.create_repository("madams", "repo")
    clock.advance(minutes=1)
    group.push_image("madams", "repo", "v1")
    clock.advance(minutes=1)
    group.push_image("madams", "repo", "v1")  # pushing a tag again is another upload
    clock.advance(minutes=1)
    for _ in range(3):
        group.pull_image("madams", "repo", "v1")
    shown = api(group, "GET", "/v1/repositories/madams/repo").json()
    assert (shown["upload"], shown["download"]) == (2, 3)
    assert (shown["pushed_at"], shown["pulled_at"]) == ("2026-03-01T12:02:00.123Z", "2026-03-01T12:03:00.123Z")
    (item,) = api(group, "GET", "/v1/repositories/madams/").json()["results"]
    assert {key: item[key] for key in ("upload", "download", "pushed_at", "pulled_at")} == {
        key: shown[key] for key in ("upload", "download", "pushed_at", "pulled_at")
    }
    assert sdk_show(group, "repo").num_download == 3  # one fact behind both APIs


def test_api_calls_are_not_registry_traffic(group: FakeSwr) -> None:
    group.push_image("madams", "repo", "v1")
    copy = CreateRepoTagRequestBody(source_tag="v1", destination_tag="v2")
    group.client().create_repo_tag(CreateRepoTagRequest(namespace="madams", repository="repo", body=copy))
    api(group, "GET", "/v1/repositories/madams/repo/tags")
    api(group, "DELETE", "/v1/repositories/madams/repo/tags/v2")
    shown = api(group, "GET", "/v1/repositories/madams/repo").json()
    assert (shown["upload"], shown["download"], shown["pulled_at"]) == (1, 0, None)


def test_a_rejected_push_or_pull_counts_nothing(group: FakeSwr) -> None:
    group.push_image("madams", "repo", "v1")
    before = group.snapshot()
    with pytest.raises(SwrError):
        group.push_image("madams", "repo", "-bad-tag")
    with pytest.raises(SwrError):
        group.pull_image("madams", "repo", "missing")
    assert group.snapshot() == before
    shown = api(group, "GET", "/v1/repositories/madams/repo").json()
    assert (shown["upload"], shown["download"]) == (1, 0)


# ------------------------------------------------------------------------------------------ errors


def test_duplicate_repository_name(group: FakeSwr) -> None:
    v1_create(group, "repo")
    message = rejects(group, lambda: v1_create(group, "repo"), 409, 4090005)
    assert message == "Duplicate repository name"


@pytest.mark.parametrize("name", ["Repo", "-repo", "repo-", "a//b", "a___b", "x" * 129])
def test_invalid_repository_name(group: FakeSwr, name: str) -> None:
    message = rejects(group, lambda: v1_create(group, name), 400, 4000007)
    assert message.startswith("Invalid repository name: ")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "repo_name"),
        ({"repo_name": 7}, "repo_name"),
        ({"repo_name": "repo", "is_public": "yes"}, "is_public"),
        ({"repo_name": "repo", "description": None}, "description"),
        ({"repo_name": "repo", "namespace": "someone-else"}, "namespace"),
        ([], "body"),
    ],
)
def test_create_with_a_bad_body(group: FakeSwr, body: Any, field: str) -> None:
    message = rejects(group, lambda: api(group, "POST", "/v1/repositories/madams/", body=body), 400, 4000002)
    assert message.startswith(f"Invalid parameter: {field}")


def test_create_without_or_with_broken_json(group: FakeSwr) -> None:
    url = group.endpoint + "/v1/repositories/madams/"
    for data in (None, "{not json"):
        call = lambda data=data: requests.post(url, data=data, headers={"X-Auth-Token": "t"})  # noqa: E731
        rejects(group, call, 400, 4000002)


def test_create_in_a_missing_organization(swr: FakeSwr) -> None:
    message = rejects(swr, lambda: v1_create(swr, "repo"), 404, 4040003)
    assert message == "No such namespace"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/repositories/madams/missing", None),
        ("PUT", "/v1/repositories/madams/missing", {"description": "x"}),
        ("DELETE", "/v1/repositories/madams/missing/", None),
        ("GET", "/v1/repositories/madams/missing/tags", None),
        ("DELETE", "/v1/repositories/madams/missing/tags/latest", None),
    ],
)
def test_missing_repository(group: FakeSwr, method: str, path: str, body: Any) -> None:
    message = rejects(group, lambda: api(group, method, path, body=body), 404, 4040004)
    assert message == "No such repository"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/repositories/nowhere/"),
        ("GET", "/v1/repositories/nowhere/repo"),
        ("DELETE", "/v1/repositories/nowhere/repo/"),
        ("GET", "/v1/repositories/nowhere/repo/tags"),
    ],
)
def test_missing_organization(swr: FakeSwr, method: str, path: str) -> None:
    rejects(swr, lambda: api(swr, method, path), 404, 4040003)


def test_missing_tag(group: FakeSwr) -> None:
    group.push_image("madams", "repo", "latest")
    message = rejects(group, lambda: api(group, "DELETE", "/v1/repositories/madams/repo/tags/gone"), 404, 4040006)
    assert message == "No such tag"


@pytest.mark.parametrize(
    "body",
    [{"is_public": "no"}, {"description": 5}, {"repo_name": "other"}, {"namespace": "other"}, ["x"], None],
)
def test_update_with_a_bad_body(group: FakeSwr, body: Any) -> None:
    group.create_repository("madams", "repo")
    rejects(group, lambda: api(group, "PUT", "/v1/repositories/madams/repo", body=body), 400, 4000002)


@pytest.mark.parametrize(
    "query",
    [{"page": "x"}, {"page": "0"}, {"page": "-1"}, {"page_size": "0"}, {"page_size": "101"}, {"page_size": "1.5"}],
)
def test_list_with_bad_paging(group: FakeSwr, query: dict[str, str]) -> None:
    group.create_repository("madams", "repo")
    message = rejects(group, lambda: api(group, "GET", "/v1/repositories/madams/", params=query), 400, 4000002)
    assert ("page_size" if "page_size" in query else "page") in message


def test_list_past_the_last_page(group: FakeSwr) -> None:
    group.create_repository("madams", "repo")
    assert api(group, "GET", "/v1/repositories/madams/", params={"page_size": "100"}).status_code == 200
    rejects(group, lambda: api(group, "GET", "/v1/repositories/madams/", params={"page": "2"}), 404, 4040009)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/repositories/madams/repo/tags/latest"),
        ("PATCH", "/v1/repositories/madams/repo"),
        ("POST", "/v1/repositories/madams/repo/tags"),
        ("GET", "/v1/nothing"),
        ("GET", "/v1"),
    ],
)
def test_unknown_v1_path(group: FakeSwr, method: str, path: str) -> None:
    group.push_image("madams", "repo", "latest")
    rejects(group, lambda: api(group, method, path), 404, 4040009)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/repositories/madams/", {"repo_name": "new"}),
        ("GET", "/v1/repositories/madams/", None),
        ("GET", "/v1/repositories/madams/repo", None),
        ("PUT", "/v1/repositories/madams/repo", {"description": "x"}),
        ("DELETE", "/v1/repositories/madams/repo/", None),
        ("GET", "/v1/repositories/madams/repo/tags", None),
        ("DELETE", "/v1/repositories/madams/repo/tags/latest", None),
    ],
)
def test_no_credentials(group: FakeSwr, method: str, path: str, body: Any) -> None:
    group.push_image("madams", "repo", "latest")
    url = group.endpoint + path
    rejects(group, lambda: requests.request(method, url, json=body), 401, 4010001)


def test_rights_are_checked(group: FakeSwr) -> None:
    group.push_image("madams", "repo", "latest")
    reader = group.add_user("reader")
    token = group.issue_token(reader)
    headers = {"X-Auth-Token": token}
    with group.enforce_permissions():
        rejects(group, lambda: api(group, "GET", "/v1/repositories/madams/repo", headers=headers), 403, 4030008)
        group.grant(reader, "madams", 1)
        assert api(group, "GET", "/v1/repositories/madams/repo", headers=headers).status_code == 200
        for method, path, body in [
            ("POST", "/v1/repositories/madams/", {"repo_name": "new"}),
            ("PUT", "/v1/repositories/madams/repo", {"description": "x"}),
            ("DELETE", "/v1/repositories/madams/repo/", None),
            ("DELETE", "/v1/repositories/madams/repo/tags/latest", None),
        ]:
            call = lambda m=method, p=path, b=body: api(group, m, p, body=b, headers=headers)  # noqa: E731
            rejects(group, call, 403, 4030008)


def test_another_accounts_repositories(group: FakeSwr) -> None:
    group.push_image("madams", "private", "latest")
    group.push_image("madams", "open", "latest")
    api(group, "PUT", "/v1/repositories/madams/open", body={"is_public": True})
    stranger = group.add_tenant("stranger")
    headers = {"X-Auth-Token": group.issue_token(stranger.admin)}

    def call(method: str, path: str, body: Any = None) -> Callable[[], requests.Response]:
        return lambda: api(group, method, path, body=body, headers=headers)

    rejects(group, call("GET", "/v1/repositories/madams/private"), 404, 4040004)
    rejects(group, call("GET", "/v1/repositories/madams/"), 404, 4040003)
    # A public repository can be read, not changed.
    assert call("GET", "/v1/repositories/madams/open")().json()["is_public"] is True
    assert [item["tag"] for item in call("GET", "/v1/repositories/madams/open/tags")().json()] == ["latest"]
    rejects(group, call("PUT", "/v1/repositories/madams/open", {"description": "mine"}), 403, 4030008)
    rejects(group, call("DELETE", "/v1/repositories/madams/open/tags/latest"), 403, 4030008)


def test_v2_errors_keep_their_own_form(group: FakeSwr) -> None:
    response = api(group, "GET", "/v2/manage/namespaces/madams/repos/missing")
    assert response.json()["error_code"] == "SVCSTG.SWR.4040010"
    assert requests.get(group.endpoint + "/v2/manage/namespaces").json()["error_code"] == "APIGW.0301"


# ------------------------------------------------------------------------------- the error table


def test_every_mapped_code_carries_its_status() -> None:
    for spec, mapped in V1_ERRORS.items():
        status, body = v1_error(SwrError(spec))
        assert status == mapped.code // 10000 == body["code"] // 10000
        assert len(str(body["code"])) == 7 and body["message"] == mapped.message


def test_unmapped_errors_keep_their_status() -> None:
    assert errors.DESCRIPTION_TOO_LONG not in V1_ERRORS
    status, body = v1_error(SwrError(errors.DESCRIPTION_TOO_LONG))
    assert (status, body) == (413, {"code": 4130000, "message": errors.DESCRIPTION_TOO_LONG.message})
    status, body = v1_error(SwrError(errors.THROTTLED))
    assert (status, body["code"]) == (429, 4290010)
    status, body = v1_error(SwrError(errors.INTERNAL_ERROR, detail="boom"))
    assert (status, body) == (500, {"code": 5000000, "message": "Internal server error: boom"})


def test_calls_are_logged_under_v1_operation_names(group: FakeSwr) -> None:
    v1_create(group, "repo")
    api(group, "GET", "/v1/repositories/madams/repo")
    api(group, "GET", "/v1/repositories/madams/missing")
    assert group.calls.operations() == ["v1_create_repository", "v1_show_repository", "v1_show_repository"]
    assert group.calls.last.status == 404 and group.calls.last.response == {
        "code": 4040004,
        "message": "No such repository",
    }


def test_timestamps_use_milliseconds(group: FakeSwr, clock: FrozenClock) -> None:
    clock.set(START.replace(microsecond=123999))  # cut to milliseconds, not rounded
    created = v1_create(group, "repo").json()
    assert created["creation_time"] == "2026-03-01T12:00:00.123Z"
    assert sdk_show(group, "repo").created == "2026-03-01T12:00:00.123999Z"
