"""Derived data the fake keeps between requests: encoded tag list items, sorted orders, sizes.

Every cache must be invisible: after any change, a listing is what rendering from scratch gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from huaweicloudsdkswr.v2 import ListRepositoryTagsRequest

from swr_fake import FakeSwr, FrozenClock
from swr_fake.api import views
from swr_fake.api.request import encode_json
from swr_fake.backend.repositories import REPO_ORDER_KEYS
from swr_fake.model import Caller, Repository
from tests.support import api

TAGS = "/v2/manage/namespaces/group/repos/app/tags"


@pytest.fixture
def frozen(swr: FakeSwr) -> Iterator[FakeSwr]:
    """The fake with a clock that does not move: a tag pushed again gets the very same timestamps."""
    previous = swr.backend.clock
    swr.backend.clock = FrozenClock()
    yield swr
    swr.backend.clock = previous


def repo_of(swr: FakeSwr) -> Repository:
    return swr.backend.regions[swr.region].namespaces["group"].repositories["app"]


def from_scratch(swr: FakeSwr, **params: Any) -> list[dict[str, Any]]:
    """The v2 list rendered without any cache, in the fake's order."""
    repo, ordered = swr.backend.list_tags(swr.backend.caller(swr.region), "group", "app")
    offset, limit = int(params.get("offset", 0)), int(params.get("limit", 100))
    return [views.tag_item_v2(repo, tag) for tag in ordered[offset : offset + limit]]


def listed(swr: FakeSwr, **params: Any) -> list[dict[str, Any]]:
    response = api(swr, "GET", TAGS, params=params)
    assert response.status_code == 200
    body: list[dict[str, Any]] = response.json()
    assert response.content == encode_json(body).encode()  # byte for byte what encoding the value gives
    assert body == from_scratch(swr, **params)
    return body


def test_tag_list_follows_every_change(frozen: FakeSwr) -> None:
    swr = frozen
    swr.create_namespace("group")
    for name in ("a", "b", "c"):
        swr.push_image("group", "app", name)
    first = listed(swr)
    assert listed(swr) == first  # served again from the kept encodings
    b_before = next(item for item in first if item["Tag"] == "b")

    swr.push_image("group", "app", "a", {"schemaVersion": 2, "config": {"size": 7, "digest": "sha256:" + "e" * 64}})
    moved = next(item for item in listed(swr) if item["Tag"] == "a")
    assert (moved["size"], moved["image_id"]) == (7, "e" * 64)

    # Deleted and pushed again at the same instant, with the same image: only the id tells them apart.
    assert api(swr, "DELETE", TAGS + "/b").status_code == 204
    swr.push_image("group", "app", "b")
    b_after = next(item for item in listed(swr) if item["Tag"] == "b")
    assert (b_after["digest"], b_after["updated"]) == (b_before["digest"], b_before["updated"])
    assert b_after["id"] != b_before["id"]

    assert api(swr, "POST", TAGS, body={"source_tag": "c", "destination_tag": "d"}).status_code == 201
    assert [item["Tag"] for item in listed(swr, offset=1, limit=2)] == [item["Tag"] for item in from_scratch(swr)][1:3]


def test_kept_encodings_are_bounded(swr: FakeSwr, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "ITEM_CACHE_LIMIT", 5)
    swr.create_namespace("group")
    for index in range(12):
        swr.push_image("group", "app", f"v{index}")
    for offset in (0, 4, 8):
        listed(swr, offset=offset, limit=4)
        assert len(swr.backend.tag_memo(repo_of(swr))) <= 5 + 4 + 1


def test_call_log_and_sdk_see_the_same_list(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    for name in ("x", "y"):
        swr.push_image("group", "app", name)
    response = swr.client().list_repository_tags(ListRepositoryTagsRequest(namespace="group", repository="app"))
    assert [tag.tag for tag in response.body] == [item["Tag"] for item in from_scratch(swr)]
    call = swr.calls.last
    assert call.operation == "list_repository_tags" and call.response == from_scratch(swr)
    assert swr.calls.last.response is call.response  # decoded once, then kept
    assert swr.calls[-1:] == [call] and swr.calls.of("list_repository_tags") == [call]
    assert [c.response for c in swr.calls] == [call.response]


def test_repository_size_follows_the_tags(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "one", {"schemaVersion": 2, "config": {"size": 10, "digest": "sha256:" + "1" * 64}})
    assert api(swr, "GET", "/v2/manage/namespaces/group/repos/app").json()["size"] == 10
    swr.push_image("group", "app", "two", {"schemaVersion": 2, "config": {"size": 5, "digest": "sha256:" + "2" * 64}})
    assert api(swr, "GET", "/v2/manage/namespaces/group/repos/app").json()["size"] == 15
    assert api(swr, "DELETE", TAGS + "/one").status_code == 204
    assert api(swr, "GET", "/v2/manage/namespaces/group/repos/app").json()["size"] == 5


# --- repository lists: sorted once per change -------------------------------------------------------
ORDERS = [("updated_at", True), ("name", False), ("tag_count", True), ("is_public", False), ("id", False)]


def repos_from_scratch(swr: FakeSwr, caller: Caller, **filters: Any) -> list[tuple[str, str]]:
    """What list_repos must give, computed the slow way."""
    column, descending = filters.pop("order", ("updated_at", True))
    found = []
    for ns in swr.backend.region(caller.region).namespaces.values():
        if ns.domain_id != caller.tenant.domain_id or filters.get("namespace") not in (None, ns.name):
            continue
        for repo in ns.repositories.values():
            if filters.get("name") is not None and filters["name"] not in repo.name:
                continue
            if filters.get("category") not in (None, repo.category):
                continue
            if filters.get("is_public") not in (None, repo.is_public):
                continue
            if repo.is_public or swr.backend.auth_level(caller, ns, repo) >= 1:
                found.append(repo)
    found.sort(key=lambda repo: (REPO_ORDER_KEYS[column](repo), repo.id), reverse=descending)
    return [(repo.namespace.name, repo.name) for repo in found]


def assert_repo_lists(swr: FakeSwr, caller: Caller | None = None) -> None:
    caller = caller or swr.backend.caller(swr.region)
    for order in ORDERS:
        for filters in ({}, {"namespace": "group"}, {"name": "ap"}, {"is_public": True}, {"category": "linux"}):
            expected = repos_from_scratch(swr, caller, order=order, **filters)
            column, descending = order
            got = swr.backend.list_repos(caller, order_column=column, descending=descending, **filters)
            assert [(repo.namespace.name, repo.name) for repo in got] == expected, (order, filters)
    if caller.user is caller.tenant.admin:
        response = api(swr, "GET", "/v2/manage/repos", params={"limit": "1000"})
        assert [(item["namespace"], item["name"]) for item in response.json()] == repos_from_scratch(swr, caller)
        assert response.headers["Content-Range"] == f"0-{len(response.json())}/{len(response.json())}"


def test_repository_lists_follow_every_change(frozen: FakeSwr) -> None:
    swr = frozen
    swr.backend.clock = FrozenClock(tick=timedelta(milliseconds=1))
    swr.create_namespace("group")
    swr.create_namespace("other")
    for name in ("app", "api", "web"):
        swr.create_repository("group", name)
    swr.create_repository("other", "app", is_public=True)
    assert_repo_lists(swr)
    swr.push_image("group", "api", "v1")  # updated moves, one more tag
    assert_repo_lists(swr)
    swr.push_image("other", "app", "v1")
    swr.push_image("other", "app", "v2")
    assert_repo_lists(swr)
    assert api(swr, "DELETE", "/v2/manage/namespaces/other/repos/app/tags/v1").status_code == 204
    assert_repo_lists(swr)
    body = {"is_public": True, "category": "linux"}
    assert api(swr, "PATCH", "/v2/manage/namespaces/group/repos/web", body=body).status_code == 201
    assert_repo_lists(swr)
    assert api(swr, "DELETE", "/v2/manage/namespaces/group/repos/app").status_code == 204
    assert_repo_lists(swr)
    swr.push_image("group", "app", "v1")  # created again by a push
    assert_repo_lists(swr)

    # Another account's repositories never show; a non-admin sees what grants allow.
    tenant = swr.add_tenant("elsewhere")
    swr.backend.create_namespace(swr.backend.caller(swr.region, tenant), "theirs")
    swr.backend.create_repo(swr.backend.caller(swr.region, tenant), "theirs", "app", True)
    assert_repo_lists(swr)
    user = swr.add_user("dev")
    dev = swr.backend.caller(swr.region, user=user)
    with swr.enforce_permissions():
        assert_repo_lists(swr, dev)
        swr.grant(user, "group", 1, repository="api")
        assert_repo_lists(swr, dev)
        swr.grant(user, "other", 1)
        assert_repo_lists(swr, dev)
    assert_repo_lists(swr, dev)


# --- the template the v2 tag items are written from --------------------------------------------------
AWKWARD_MANIFESTS = [
    None,  # the synthetic one
    {"schemaVersion": 2, "config": {"size": 1, "digest": "sha256:" + "a" * 64}, "annotations": {"é": "naïve ✓"}},
    b'{"schemaVersion": 2, "note": "quote \\" backslash \\\\ tab \\t nul \\u0000 line \\u2028"}',
    {
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"size": 5, "digest": "sha256:" + "b" * 64}],
    },
    {"schemaVersion": 1, "mediaType": "application/vnd.docker.distribution.manifest.v1+json"},
]


@pytest.mark.parametrize("manifest", AWKWARD_MANIFESTS)
def test_tag_item_template_gives_the_encoders_bytes(swr: FakeSwr, manifest: Any) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "web/app", "v1.0_rc-2", manifest)
    repo = swr.backend.regions[swr.region].namespaces["group"].repositories["web/app"]
    (tag,) = repo.tags.values()
    assert views.tag_item_v2_bytes(repo, tag) == encode_json(views.tag_item_v2(repo, tag)).encode()


@pytest.mark.parametrize("public", [True, False])
@pytest.mark.parametrize("description", ["", 'a "quoted" \\ back\tslash', "naïve ✓ \u2028 \x00"])
def test_repository_detail_template_gives_the_encoders_bytes(swr: FakeSwr, public: bool, description: str) -> None:
    swr.create_namespace("group")
    swr.create_repository("group", "web/app", is_public=public, description=description, category="linux")
    swr.push_image("group", "web/app", "v1")
    repo = swr.backend.regions[swr.region].namespaces["group"].repositories["web/app"]
    assert views.repository_detail_bytes(repo) == encode_json(views.repository_detail(repo)).encode()
    shown = api(swr, "GET", "/v2/manage/namespaces/group/repos/web$app")
    assert shown.content == views.repository_detail_bytes(repo) and shown.json()["description"] == description


def test_a_replaced_page_lets_go_of_its_joined_copy(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    for name in ("a", "b"):
        swr.push_image("group", "app", name)
    first = api(swr, "GET", TAGS)
    page = swr.calls._calls[-1].response  # the logged body, before the log decodes it
    assert isinstance(page, views.EncodedItems) and page._joined is not None  # sent, and still served
    swr.push_image("group", "app", "c")
    api(swr, "GET", TAGS)  # the page is rebuilt and replaces the one above
    assert page._joined is None
    assert page.raw == first.content  # the call log can still read it
    assert swr.calls.of("list_repository_tags")[0].response == first.json()
    memo = swr.backend.tag_memo(repo_of(swr))
    (current,) = [entry[1] for entry in memo.values() if isinstance(entry[1], views.EncodedItems)]
    views.forget_tag_encodings(memo)
    assert memo == {} and current._joined is None
