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


def test_update_repo_domains_keeps_permit_and_deadline_mandatory_and_description_defaults_to_empty(
    swr: FakeSwr,
) -> None:
    swr.create_namespace("team")
    swr.create_repository("team", "app")
    path = "/v2/manage/namespaces/team/repositories/app/access-domains"
    share = {"access_domain": "partner", "permit": "read", "deadline": "forever", "description": "first"}
    assert api(swr, "POST", path, body=share).status_code == 201
    before = swr.snapshot()
    for missing in ("permit", "deadline"):
        body = {key: value for key, value in share.items() if key not in (missing, "access_domain")}
        assert (
            missing
            in assert_error(api(swr, "PATCH", path + "/partner", body=body), 400, "SVCSTG.SWR.4000014")["error_msg"]
        )
    assert swr.snapshot() == before
    assert api(swr, "PATCH", path + "/partner", body={"permit": "read", "deadline": "forever"}).status_code == 201
    assert api(swr, "GET", path + "/partner").json()["description"] == ""  # the documented default
