"""Update operations: a field the request omits keeps its value (issue: optional fields on update)."""

from __future__ import annotations

from huaweicloudsdkswr.v2 import ShowRepositoryRequest, UpdateRepoRequest, UpdateRepoRequestBody

from swr_fake import FakeSwr
from tests.support import api, assert_error


def test_update_repo_without_is_public_keeps_it(swr: FakeSwr) -> None:
    # What otcextensions' functional test sends against the real service: no `is_public`.
    swr.create_namespace("team")
    swr.create_repository("team", "app", is_public=True, description="old")
    sent = {"repository": "app", "category": "linux", "description": "new"}
    response = api(swr, "PATCH", "/v2/manage/namespaces/team/repos/app", body=sent)
    assert response.status_code == 201, response.text
    shown = api(swr, "GET", "/v2/manage/namespaces/team/repos/app").json()
    assert (shown["is_public"], shown["category"], shown["description"]) == (True, "linux", "new")


def test_update_repo_with_only_is_public_keeps_category_and_description(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.create_repository("team", "app", is_public=True, category="linux", description="kept")
    client = swr.client()
    client.update_repo(UpdateRepoRequest("team", "app", body=UpdateRepoRequestBody(is_public=False)))
    shown = client.show_repository(ShowRepositoryRequest("team", "app"))
    assert (shown.is_public, shown.category, shown.description) == (False, "linux", "kept")


def test_update_repo_still_checks_the_types_it_is_given(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.create_repository("team", "app", is_public=True)
    before = swr.snapshot()
    response = api(swr, "PATCH", "/v2/manage/namespaces/team/repos/app", body={"is_public": "no"})
    assert "is_public" in assert_error(response, 400, "SVCSTG.SWR.4000014")["error_msg"]
    assert swr.snapshot() == before
