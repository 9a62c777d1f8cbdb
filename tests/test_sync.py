from __future__ import annotations

from typing import Any

import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkswr.v2 import (
    CreateImageSyncRepoRequest,
    CreateImageSyncRepoRequestBody,
    CreateManualImageSyncRepoRequest,
    CreateManualImageSyncRepoRequestBody,
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    CreateTriggerRequest,
    CreateTriggerRequestBody,
    DeleteImageSyncRepoRequest,
    DeleteImageSyncRepoRequestBody,
    ListImageAutoSyncReposDetailsRequest,
    ListRepositoryTagsRequest,
    ListSyncRegionsRequest,
    ShowRepositoryRequest,
    ShowRepoTagRequest,
    ShowSyncJobRequest,
    ShowTriggerRequest,
)

from swr_fake import FakeSwr
from swr_fake.backend import KNOWN_REGIONS
from tests.support import api, assert_error, sdk_rejects

EAST = "cn-east-3"
REPO = "/v2/manage/namespaces/group/repos/app"
INVALID = "SVCSTG.SWR.4000014"


@pytest.fixture
def group(swr: FakeSwr) -> FakeSwr:
    """``group/app`` here with tag v1, and an empty ``group`` organization in cn-east-3.

    Organization names are unique per region, not across regions, so the same name exists in both.
    """
    swr.create_namespace("group")
    swr.create_repository("group", "app", category="linux", description="the app")
    swr.push_image("group", "app", "v1")
    swr.create_namespace("group", region=EAST)
    return swr


def rule(swr: FakeSwr, region: str = EAST, namespace: str = "group", **flags: bool) -> Any:
    body = CreateImageSyncRepoRequestBody(remote_region_id=region, remote_namespace=namespace, **flags)
    return swr.client().create_image_sync_repo(CreateImageSyncRepoRequest("group", "app", body=body))


def manual(swr: FakeSwr, tags: list[str], region: str = EAST, namespace: str = "group", **flags: bool) -> Any:
    body = CreateManualImageSyncRepoRequestBody(
        remote_region_id=region, remote_namespace=namespace, image_tag=tags, **flags
    )
    return swr.client().create_manual_image_sync_repo(CreateManualImageSyncRepoRequest("group", "app", body=body))


def rules_of(swr: FakeSwr) -> list[Any]:
    return swr.client().list_image_auto_sync_repos_details(ListImageAutoSyncReposDetailsRequest("group", "app")).body


def jobs(swr: FakeSwr, filter_: str = "limit::100|offset::0|order::asc") -> list[tuple[str, str]]:
    found = swr.client().show_sync_job(ShowSyncJobRequest("group", "app", filter=filter_)).body or []
    return [(job.tag, job.status) for job in found]


def remote_tags(swr: FakeSwr, region: str = EAST, namespace: str = "group") -> dict[str, str]:
    """Tag -> digest in the remote region, read through an SDK client for that region."""
    request = ListRepositoryTagsRequest(namespace=namespace, repository="app")
    try:
        found = swr.client(region).list_repository_tags(request).body or []
    except ClientRequestException as error:
        assert error.error_code == "SVCSTG.SWR.4040010"  # no repository there (yet)
        return {}
    return {tag.tag: tag.digest for tag in found}


def digest(swr: FakeSwr, tag: str, region: str | None = None) -> str:
    return str(swr.client(region).show_repo_tag(ShowRepoTagRequest("group", "app", tag)).digest)


# --- regions --------------------------------------------------------------------------------------------
def test_sync_regions_are_the_other_known_regions(swr: FakeSwr) -> None:
    listed = [item.region_id for item in swr.client().list_sync_regions(ListSyncRegionsRequest()).body]
    assert sorted(listed) == sorted(set(KNOWN_REGIONS) - {swr.region})
    raw = api(swr, "GET", "/v2/manage/regions", region=EAST).json()
    assert {"regionID": swr.region} in raw and {"regionID": EAST} not in raw
    assert all(set(item) == {"regionID"} for item in raw)


# --- rules ----------------------------------------------------------------------------------------------
def test_rule_is_created_listed_and_deleted(group: FakeSwr) -> None:
    response = rule(group, sync_auto=True)
    assert response.status_code == 200
    (listed,) = rules_of(group)
    assert (listed.remote_region_id, listed.remote_namespace, listed.sync_auto, listed.override) == (
        EAST,
        "group",
        True,
        False,
    )
    assert (listed.namespace, listed.repo_name, listed.domain_name) == ("group", "app", group.domain_name)
    assert listed.domain_id == group.domain_id
    assert listed.created_at == listed.updated_at and listed.created_at.endswith("Z")

    body = DeleteImageSyncRepoRequestBody(remote_region_id=EAST, remote_namespace="group")
    deleted = group.client().delete_image_sync_repo(DeleteImageSyncRepoRequest("group", "app", body=body))
    assert deleted.status_code == 200
    assert rules_of(group) is None  # the SDK reads [] as no body


def test_rule_keys_are_camel_case_on_the_wire(group: FakeSwr) -> None:
    created = api(group, "POST", REPO + "/sync_repo", body={"remoteRegionId": EAST, "remoteNamespace": "group"})
    assert created.status_code == 200
    (item,) = api(group, "GET", REPO + "/sync_repo").json()
    assert set(item) == {
        "createdAt", "domainID", "domainName", "id", "namespace", "override",
        "remoteNamespace", "remoteRegionId", "repoName", "syncAuto", "updatedAt",
    }  # fmt: skip
    assert (item["syncAuto"], item["override"]) == (False, False)  # the documented defaults


def test_rules_are_listed_oldest_first_and_keyed_by_region_and_namespace(group: FakeSwr) -> None:
    rule(group, EAST, "group")
    rule(group, EAST, "other")
    rule(group, "ap-southeast-1", "group")
    assert [(r.remote_region_id, r.remote_namespace) for r in rules_of(group)] == [
        (EAST, "group"),
        (EAST, "other"),
        ("ap-southeast-1", "group"),
    ]


def test_remote_organization_is_not_checked_when_a_rule_is_created(group: FakeSwr) -> None:
    assert rule(group, EAST, "nowhere", sync_auto=True).status_code == 200
    group.push_image("group", "app", "v2")
    assert jobs(group) == [("v2", "failed")]


@pytest.mark.parametrize(
    ("region", "namespace", "code"),
    [
        ("cn-north-4", "group", INVALID),  # the current region
        ("mars-north-1", "group", INVALID),  # not a region
        (EAST, "Bad_Name", "SVCSTG.SWR.4001028"),
    ],
)
def test_rule_target_is_validated(group: FakeSwr, region: str, namespace: str, code: str) -> None:
    sdk_rejects(group, lambda: rule(group, region, namespace), 400, code)


def test_duplicate_rule_is_409(group: FakeSwr) -> None:
    rule(group, sync_auto=True)
    sdk_rejects(group, lambda: rule(group, sync_auto=False), 409, "SVCSTG.SWR.4090089")


def test_rule_on_missing_repository_or_organization_is_404(group: FakeSwr) -> None:
    client = group.client()
    body = CreateImageSyncRepoRequestBody(remote_region_id=EAST, remote_namespace="group")
    missing_repo = CreateImageSyncRepoRequest("group", "nope", body=body)
    sdk_rejects(group, lambda: client.create_image_sync_repo(missing_repo), 404, "SVCSTG.SWR.4040010")
    missing_ns = CreateImageSyncRepoRequest("absent", "app", body=body)
    sdk_rejects(group, lambda: client.create_image_sync_repo(missing_ns), 404, "SVCSTG.SWR.4040058")


def test_rule_body_needs_region_and_namespace(group: FakeSwr) -> None:
    before = group.snapshot()
    response = api(group, "POST", REPO + "/sync_repo", body={"remoteRegionId": EAST})
    assert "remoteNamespace" in assert_error(response, 400, INVALID)["error_msg"]
    assert group.snapshot() == before


def test_deleting_a_missing_rule_is_the_observed_400(group: FakeSwr) -> None:
    rule(group, EAST, "group")
    body = DeleteImageSyncRepoRequestBody(remote_region_id=EAST, remote_namespace="other")
    request = DeleteImageSyncRepoRequest("group", "app", body=body)
    sdk_rejects(group, lambda: group.client().delete_image_sync_repo(request), 400, "SVCSTG.SWR.4001158")
    raw = api(
        group, "DELETE", REPO + "/sync_repo", body={"remoteRegionId": "ap-southeast-1", "remoteNamespace": "group"}
    )
    assert_error(raw, 400, "SVCSTG.SWR.4001158")
    assert len(rules_of(group)) == 1


def test_delete_with_plain_requests_takes_a_json_body(group: FakeSwr) -> None:
    rule(group, EAST, "group")
    response = api(group, "DELETE", REPO + "/sync_repo", body={"remoteRegionId": EAST, "remoteNamespace": "group"})
    assert response.status_code == 200
    assert api(group, "GET", REPO + "/sync_repo").json() == []


# --- manual synchronization -------------------------------------------------------------------------------
def test_manual_sync_puts_the_tag_in_the_other_region(group: FakeSwr) -> None:
    group.push_image("group", "app", "v2")
    response = manual(group, ["v1", "v2"])
    assert response.status_code == 200 and response.body is None  # [] : nothing failed
    assert remote_tags(group) == {"v1": digest(group, "v1"), "v2": digest(group, "v2")}
    copied = group.client(EAST).show_repository(ShowRepositoryRequest("group", "app"))
    assert (copied.category, copied.description, copied.is_public) == ("linux", "the app", False)
    assert group.pull_image("group", "app", "v1", region=EAST) == group.pull_image("group", "app", "v1")
    assert jobs(group) == [("v1", "success"), ("v2", "success")]


def test_manual_sync_answers_the_failed_tags(group: FakeSwr) -> None:
    response = manual(group, ["v1", "missing", "v1"])
    assert response.body == ["missing"]
    assert jobs(group) == [("v1", "success"), ("missing", "failed")]  # a repeated tag is copied once
    assert remote_tags(group) == {"v1": digest(group, "v1")}


def test_manual_sync_fails_without_the_remote_organization(group: FakeSwr) -> None:
    response = manual(group, ["v1"], namespace="absent")
    assert response.body == ["v1"]
    (job,) = group.client().show_sync_job(ShowSyncJobRequest("group", "app", filter="limit::10|offset::0")).body
    assert (job.tag, job.status, job.remote_namespace, job.remote_region_id) == ("v1", "failed", "absent", EAST)
    assert "absent" not in group.snapshot()["regions"][EAST]


def test_manual_sync_fails_into_another_accounts_organization(group: FakeSwr) -> None:
    other = group.add_tenant("tenant-b")
    group.backend.create_namespace(group.backend.caller(EAST, other), "theirs")
    assert manual(group, ["v1"], namespace="theirs").body == ["v1"]
    assert group.snapshot()["regions"][EAST]["theirs"]["repositories"] == {}


def test_override_false_keeps_the_remote_digest(group: FakeSwr) -> None:
    group.push_image("group", "app", "v1", {"schemaVersion": 2, "config": {"size": 7}}, region=EAST)
    remote_before = remote_tags(group)["v1"]
    assert remote_before != digest(group, "v1")
    response = manual(group, ["v1"], override=False)
    assert response.body is None  # existed is not a failure
    assert jobs(group) == [("v1", "existed")]
    assert remote_tags(group)["v1"] == remote_before


def test_override_true_replaces_the_remote_digest(group: FakeSwr) -> None:
    group.push_image("group", "app", "v1", {"schemaVersion": 2, "config": {"size": 7}}, region=EAST)
    manual(group, ["v1"], override=True)
    assert jobs(group) == [("v1", "success")]
    assert remote_tags(group)["v1"] == digest(group, "v1")


def test_same_digest_in_place_is_a_success_without_a_copy(group: FakeSwr) -> None:
    manual(group, ["v1"])
    remote = group.snapshot()["regions"][EAST]["group"]["repositories"]["app"]["tags"]["v1"]
    manual(group, ["v1"])
    assert jobs(group) == [("v1", "success"), ("v1", "success")]
    assert group.snapshot()["regions"][EAST]["group"]["repositories"]["app"]["tags"]["v1"] == remote


def test_manual_sync_validates_the_target_before_anything(group: FakeSwr) -> None:
    sdk_rejects(group, lambda: manual(group, ["v1"], region="cn-north-4"), 400, INVALID)
    sdk_rejects(group, lambda: manual(group, ["v1"], region="nowhere-1"), 400, INVALID)
    sdk_rejects(group, lambda: manual(group, ["v1"], namespace="-bad"), 400, "SVCSTG.SWR.4001028")
    before = group.snapshot()
    empty = api(group, "POST", REPO + "/sync_images", body={"remoteRegionId": EAST, "remoteNamespace": "group"})
    assert "imageTag" in assert_error(empty, 400, INVALID)["error_msg"]
    assert group.snapshot() == before


def test_manual_sync_through_requests(group: FakeSwr) -> None:
    body = {"remoteRegionId": EAST, "remoteNamespace": "group", "imageTag": ["v1", "ghost"], "override": False}
    response = api(group, "POST", REPO + "/sync_images", body=body)
    assert (response.status_code, response.json()) == (200, ["ghost"])
    listed = api(group, "GET", "/v2/manage/namespaces/group/repos/app/tags", region=EAST).json()
    assert [item["Tag"] for item in listed] == ["v1"]


# --- automatic rules --------------------------------------------------------------------------------------
def test_auto_rule_copies_later_pushes_only(group: FakeSwr) -> None:
    rule(group, sync_auto=True)
    assert remote_tags(group) == {}  # v1 was pushed before the rule
    group.push_image("group", "app", "v2")
    assert remote_tags(group) == {"v2": digest(group, "v2")}
    client = group.client()
    body = CreateRepoTagRequestBody(source_tag="v2", destination_tag="stable")
    client.create_repo_tag(CreateRepoTagRequest("group", "app", body=body))
    assert remote_tags(group) == {"v2": digest(group, "v2"), "stable": digest(group, "v2")}
    assert jobs(group) == [("v2", "success"), ("stable", "success")]


def test_rule_without_sync_auto_copies_nothing(group: FakeSwr) -> None:
    rule(group, sync_auto=False)
    group.push_image("group", "app", "v2")
    assert jobs(group) == [] and remote_tags(group) == {}


def test_auto_rule_honours_its_override_flag(group: FakeSwr) -> None:
    group.push_image("group", "app", "v2", {"schemaVersion": 2, "config": {"size": 9}}, region=EAST)
    remote = remote_tags(group)["v2"]
    rule(group, sync_auto=True, override=False)
    group.push_image("group", "app", "v2")
    assert remote_tags(group)["v2"] == remote and jobs(group) == [("v2", "existed")]


def test_deleted_rule_stops_copying(group: FakeSwr) -> None:
    rule(group, sync_auto=True)
    body = DeleteImageSyncRepoRequestBody(remote_region_id=EAST, remote_namespace="group")
    group.client().delete_image_sync_repo(DeleteImageSyncRepoRequest("group", "app", body=body))
    group.push_image("group", "app", "v2")
    assert remote_tags(group) == {}


def test_a_copy_is_a_push_in_the_remote_region(group: FakeSwr) -> None:
    """The remote repository's triggers fire and its own automatic rules forward the tag; rules
    that lead back to where the digest already is stop there."""
    manual(group, ["v1"])  # creates the remote repository
    trigger = CreateTriggerRequestBody(
        name="deploy", action="update", app_type="deployments", application="web", cluster_ns="default",
        condition=".*", enable="true", trigger_type="all", trigger_mode="cce",
    )  # fmt: skip
    east = group.client(EAST)
    east.create_trigger(CreateTriggerRequest("group", "app", body=trigger))
    back = CreateImageSyncRepoRequestBody(remote_region_id=group.region, remote_namespace="group", sync_auto=True)
    east.create_image_sync_repo(CreateImageSyncRepoRequest("group", "app", body=back))
    rule(group, sync_auto=True)

    group.push_image("group", "app", "v2")
    assert remote_tags(group)["v2"] == digest(group, "v2")
    fired = east.show_trigger(ShowTriggerRequest("group", "app", "deploy")).trigger_history
    assert [entry.tag for entry in fired] == ["v2"]
    back_jobs = east.show_sync_job(ShowSyncJobRequest("group", "app", filter="limit::10|offset::0")).body
    assert [(job.tag, job.status) for job in back_jobs] == [("v2", "success")]  # already there: stops


# --- jobs -------------------------------------------------------------------------------------------------
def test_sync_job_pages_with_content_range(group: FakeSwr) -> None:
    for tag in ("v2", "v3", "v4"):
        group.push_image("group", "app", tag)
    manual(group, ["v1", "v2", "v3", "v4"])
    client = group.client()
    page = client.show_sync_job(ShowSyncJobRequest("group", "app", filter="limit::2|offset::1|order::asc"))
    assert [job.tag for job in page.body] == ["v2", "v3"]
    assert page.content_range == "1-2/4"
    newest = client.show_sync_job(ShowSyncJobRequest("group", "app", filter="limit::2|offset::0"))
    assert [job.tag for job in newest.body] == ["v4", "v3"]  # order defaults to desc
    job = newest.body[0]
    assert (job.sync_operator_id, job.sync_operator_name) == (group.tenant.admin.user_id, group.tenant.admin.user_name)
    assert (job.namespace, job.repo_name, job.domain_id, job.override) == ("group", "app", group.domain_id, False)
    beyond = api(group, "GET", REPO + "/sync_job", params={"filter": "limit::2|offset::9"})
    assert (beyond.json(), beyond.headers["Content-Range"]) == ([], "9-0/4")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "SVCSTG.SWR.4001014"),
        ({"filter": "limit::10"}, "SVCSTG.SWR.4001035"),
        ({"filter": "offset::0"}, "SVCSTG.SWR.4001035"),
        ({"filter": "limit::10|offset::0|order::up"}, "SVCSTG.SWR.4001035"),
        ({"filter": "limit::10|offset::0|tag::v1"}, "SVCSTG.SWR.4001035"),
        ({"filter": "limit::0|offset::0"}, "SVCSTG.SWR.4000056"),
    ],
)
def test_sync_job_filter_is_mandatory(group: FakeSwr, params: dict[str, str], code: str) -> None:
    assert_error(api(group, "GET", REPO + "/sync_job", params=params), 400, code)


def test_sync_job_without_filter_through_the_sdk(group: FakeSwr) -> None:
    request = ShowSyncJobRequest("group", "app")
    sdk_rejects(group, lambda: group.client().show_sync_job(request), 400, "SVCSTG.SWR.4001014")


# --- rights and state ----------------------------------------------------------------------------------
def test_rights_read_for_lists_manage_for_changes(group: FakeSwr) -> None:
    reader = group.add_user("reader")
    group.grant(reader, "group", 1)
    rule(group, sync_auto=False)
    with group.enforce_permissions():
        client = group.client(user=reader)
        assert len(client.list_image_auto_sync_repos_details(ListImageAutoSyncReposDetailsRequest("group", "app")).body)
        client.show_sync_job(ShowSyncJobRequest("group", "app", filter="limit::1|offset::0"))
        body = CreateImageSyncRepoRequestBody(remote_region_id=EAST, remote_namespace="other")
        create = CreateImageSyncRepoRequest("group", "app", body=body)
        sdk_rejects(group, lambda: client.create_image_sync_repo(create), 403, "SVCSTG.SWR.4030170")
        sync = CreateManualImageSyncRepoRequest(
            "group",
            "app",
            body=CreateManualImageSyncRepoRequestBody(
                remote_region_id=EAST, remote_namespace="group", image_tag=["v1"]
            ),
        )
        sdk_rejects(group, lambda: client.create_manual_image_sync_repo(sync), 403, "SVCSTG.SWR.4030170")


def test_snapshot_holds_rules_and_jobs(group: FakeSwr) -> None:
    rule(group, sync_auto=True, override=True)
    group.push_image("group", "app", "v2")
    repo = group.snapshot()["regions"][group.region]["group"]["repositories"]["app"]
    ((key, stored),) = repo["sync_rules"].items()
    assert key == f"{EAST}/group" and stored["sync_auto"] is True and stored["override"] is True
    ((job),) = repo["sync_jobs"]
    fields = ("remote_region", "remote_namespace", "tag", "override", "status")
    assert [job[name] for name in fields] == [EAST, "group", "v2", True, "success"]
    group.reset()
    assert group.snapshot()["regions"] == {}
