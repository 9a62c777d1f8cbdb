from __future__ import annotations

from datetime import datetime, timedelta, timezone

from huaweicloudsdkswr.v2 import (
    CreateRepoDomainsRequest,
    CreateRepoDomainsRequestBody,
    DeleteRepoDomainsRequest,
    ListRepoDomainsRequest,
    ListSharedRepoDetailsRequest,
    ListSharedReposDetailsRequest,
    ShowAccessDomainRequest,
    UpdateRepoDomainsRequest,
    UpdateRepoDomainsRequestBody,
)

from swr_fake import FakeSwr
from tests.support import api, assert_error, sdk_rejects


def share(client, domain: str, deadline: str = "forever", repo: str = "app"):  # type: ignore[no-untyped-def]
    body = CreateRepoDomainsRequestBody(access_domain=domain, permit="read", deadline=deadline, description="for B")
    return client.create_repo_domains(CreateRepoDomainsRequest("group", repo, body=body))


def test_share_lifecycle_through_sdk(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.create_repository("group", "app")
    client = swr.client()
    assert share(client, "tenant-b").status_code == 201

    listed = client.list_repo_domains(ListRepoDomainsRequest("group", "app")).body
    assert [(s.access_domain, s.permit, s.deadline, s.status) for s in listed] == [
        ("tenant-b", "read", "forever", True)
    ]
    shown = client.show_access_domain(ShowAccessDomainRequest("group", "app", "tenant-b"))
    assert shown.exist is True and shown.description == "for B" and shown.creator_name == "swr-admin"

    update = UpdateRepoDomainsRequestBody(permit="read", deadline="2099-12-31T00:00:00Z", description="later")
    assert (
        client.update_repo_domains(UpdateRepoDomainsRequest("group", "app", "tenant-b", body=update)).status_code == 201
    )
    shown = client.show_access_domain(ShowAccessDomainRequest("group", "app", "tenant-b"))
    assert (shown.deadline, shown.description) == ("2099-12-31T00:00:00Z", "later")

    assert client.delete_repo_domains(DeleteRepoDomainsRequest("group", "app", "tenant-b")).status_code == 204
    error = sdk_rejects(
        swr,
        lambda: client.show_access_domain(ShowAccessDomainRequest("group", "app", "tenant-b")),
        400,
        "SVCSTG.SWR.4001090",
    )
    assert error.error_msg


def test_missing_share_body_has_top_level_errorcode(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.create_repository("group", "app")
    response = api(swr, "GET", "/v2/manage/namespaces/group/repositories/app/access-domains/nobody")
    body = assert_error(response, 400, "SVCSTG.SWR.4001090")
    assert body["errorCode"] == "SVCSTG.SWR.4001090"


def test_share_errors(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.create_repository("group", "app")
    client = swr.client()
    share(client, "tenant-b")
    sdk_rejects(swr, lambda: share(client, "tenant-b"), 409, "SVCSTG.SWR.4090089")
    sdk_rejects(swr, lambda: share(client, "tenant-c", deadline="someday"), 400, "SVCSTG.SWR.4000014")
    sdk_rejects(swr, lambda: share(client, swr.domain_name), 400, "SVCSTG.SWR.4001041")
    sdk_rejects(swr, lambda: share(client, "tenant-c", repo="ghost"), 404, "SVCSTG.SWR.4040010")
    bad_permit = api(
        swr,
        "POST",
        "/v2/manage/namespaces/group/repositories/app/access-domains",
        body={"access_domain": "x", "permit": "write", "deadline": "forever"},
    )
    assert "permit" in assert_error(bad_permit, 400, "SVCSTG.SWR.4000014")["error_msg"]


def test_shared_lists_from_both_sides(swr: FakeSwr) -> None:
    other = swr.backend.add_tenant("tenant-b")
    swr.create_namespace("group")
    swr.create_repository("group", "app")
    swr.create_repository("group", "private")
    share(swr.client(), "tenant-b")

    mine = swr.client().list_shared_repos_details(ListSharedReposDetailsRequest(center="self"))
    assert [(r.name, r.status, r.domain_name) for r in mine.body] == [("app", True, "swr-fake")]
    assert mine.content_range == "0-1/1"

    # Tenant B sees it as a third-party share (through the backend identity of B).
    caller_b = swr.backend.caller(swr.region, other)
    theirs = swr.backend.list_shared_repos(caller_b, "thirdparty")
    assert [(repo.name, valid) for repo, valid in theirs] == [("app", True)]
    v3 = swr.client().list_shared_repo_details(ListSharedRepoDetailsRequest(shared_by="self"))
    assert [r.name for r in v3.repos] == ["app"]


def test_expired_share_is_reported_invalid(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.create_repository("group", "app")
    yesterday = (datetime.now(timezone.utc) - timedelta(days=2)).strftime("%Y-%m-%d")
    share(swr.client(), "tenant-b", deadline=yesterday)
    listed = swr.client().list_repo_domains(ListRepoDomainsRequest("group", "app")).body
    assert listed[0].status is False


def test_shared_list_requires_center(swr: FakeSwr) -> None:
    assert_error(api(swr, "GET", "/v2/manage/shared-repositories"), 400, "SVCSTG.SWR.4000014")
    assert_error(
        api(swr, "GET", "/v2/manage/shared-repositories", params={"center": "both"}), 400, "SVCSTG.SWR.4000014"
    )
