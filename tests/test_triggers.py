from __future__ import annotations

from typing import Any

import pytest
from huaweicloudsdkswr.v2 import (
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    CreateTriggerRequest,
    CreateTriggerRequestBody,
    DeleteTriggerRequest,
    ListTriggersDetailsRequest,
    ShowTriggerRequest,
    UpdateTriggerRequest,
    UpdateTriggerRequestBody,
)

from swr_fake import FakeSwr, SwrError
from tests.support import api, assert_error, sdk_rejects

BASE = "/v2/manage/namespaces/group/repos/app/triggers"
INVALID = "SVCSTG.SWR.4000014"
NOT_FOUND = "SVCSTG.SWR.4040126"


def trigger_body(
    name: str = "deploy", trigger_type: str = "all", condition: str = ".*", **fields: str
) -> dict[str, str]:
    body = {
        "name": name,
        "action": "update",
        "app_type": "deployments",
        "application": "nginx",
        "cluster_id": "0b3e4f7c-cluster",
        "cluster_name": "cce-test",
        "cluster_ns": "default",
        "condition": condition,
        "container": "web",
        "enable": "true",
        "trigger_mode": "cce",
        "trigger_type": trigger_type,
    }
    return body | fields


def create(swr: FakeSwr, name: str = "deploy", trigger_type: str = "all", condition: str = ".*", **fields: str) -> None:
    body = CreateTriggerRequestBody(**trigger_body(name, trigger_type, condition, **fields))
    response = swr.client().create_trigger(CreateTriggerRequest(namespace="group", repository="app", body=body))
    assert response.status_code == 201


def show(swr: FakeSwr, name: str = "deploy") -> Any:
    return swr.client().show_trigger(ShowTriggerRequest(namespace="group", repository="app", trigger=name))


def enable(swr: FakeSwr, name: str, value: str) -> None:
    body = UpdateTriggerRequestBody(enable=value)
    request = UpdateTriggerRequest(namespace="group", repository="app", trigger=name, body=body)
    assert swr.client().update_trigger(request).status_code == 201


def fired(swr: FakeSwr, name: str = "deploy") -> list[str]:
    return [entry.tag for entry in show(swr, name).trigger_history]


@pytest.fixture
def group(swr: FakeSwr) -> FakeSwr:
    swr.create_namespace("group")
    swr.create_repository("group", "app")
    return swr


# --- the operations --------------------------------------------------------------------------------------
def test_lifecycle_through_sdk(group: FakeSwr) -> None:
    client = group.client()
    create(group, "deploy", "tag", "v1;stable")

    (listed,) = client.list_triggers_details(ListTriggersDetailsRequest(namespace="group", repository="app")).body
    assert (listed.name, listed.trigger_type, listed.condition, listed.enable) == ("deploy", "tag", "v1;stable", "true")
    assert (listed.application, listed.app_type, listed.cluster_ns, listed.container) == (
        "nginx",
        "deployments",
        "default",
        "web",
    )
    assert (listed.cluster_id, listed.cluster_name, listed.trigger_mode) == ("0b3e4f7c-cluster", "cce-test", "cce")
    assert listed.creator_name == "swr-admin" and listed.created_at.endswith("Z") and listed.trigger_history == []

    enable(group, "deploy", "false")
    assert show(group).enable == "false"
    enable(group, "deploy", "true")
    assert show(group).enable == "true"

    delete = DeleteTriggerRequest(namespace="group", repository="app", trigger="deploy")
    assert client.delete_trigger(delete).status_code == 204
    assert client.list_triggers_details(ListTriggersDetailsRequest(namespace="group", repository="app")).body is None
    error = sdk_rejects(group, lambda: show(group), 404, NOT_FOUND)
    assert error.error_msg == "Not found trigger"
    sdk_rejects(group, lambda: client.delete_trigger(delete), 404, NOT_FOUND)
    sdk_rejects(group, lambda: enable(group, "deploy", "false"), 404, NOT_FOUND)


def test_lifecycle_through_requests(group: FakeSwr) -> None:
    # Optional fields left out: a CCI trigger has no cluster; the mode defaults to cce.
    body = trigger_body("cci-job", "regular", "^v[0-9]+$", trigger_mode="cci")
    for optional in ("cluster_id", "cluster_name", "container"):
        del body[optional]
    created = api(group, "POST", BASE, body=body)
    assert (created.status_code, created.content) == (201, b"")

    (listed,) = api(group, "GET", BASE).json()
    assert listed == api(group, "GET", f"{BASE}/cci-job").json()
    assert {key: listed[key] for key in ("cluster_id", "cluster_name", "container", "trigger_mode", "enable")} == {
        "cluster_id": "",
        "cluster_name": "",
        "container": "",
        "trigger_mode": "cci",
        "enable": "true",
    }

    # Only ``enable`` changes; other keys in the body are ignored.
    updated = api(group, "PATCH", f"{BASE}/cci-job", body={"enable": "false", "application": "other"})
    assert (updated.status_code, updated.content) == (201, b"")
    shown = api(group, "GET", f"{BASE}/cci-job").json()
    assert (shown["enable"], shown["application"]) == ("false", "nginx")

    deleted = api(group, "DELETE", f"{BASE}/cci-job")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert api(group, "GET", BASE).json() == []
    assert assert_error(api(group, "GET", f"{BASE}/cci-job"), 404, NOT_FOUND)["error_msg"] == "Not found trigger"
    assert_error(api(group, "PATCH", f"{BASE}/cci-job", body={"enable": "true"}), 404, NOT_FOUND)
    assert_error(api(group, "DELETE", f"{BASE}/cci-job"), 404, NOT_FOUND)


def test_duplicate_name_conflicts(group: FakeSwr) -> None:
    create(group, "deploy")
    body = CreateTriggerRequestBody(**trigger_body("deploy", "tag", "v1"))
    request = CreateTriggerRequest(namespace="group", repository="app", body=body)
    sdk_rejects(group, lambda: group.client().create_trigger(request), 409, "SVCSTG.SWR.4090089")
    # The same name on another repository is fine.
    group.create_repository("group", "other")
    other = CreateTriggerRequest(namespace="group", repository="other", body=body)
    assert group.client().create_trigger(other).status_code == 201


@pytest.mark.parametrize("name", ["a", "Deploy-1_x", "z" * 64])
def test_valid_names(group: FakeSwr, name: str) -> None:
    create(group, name)
    assert show(group, name).name == name


@pytest.mark.parametrize("name", ["", "1deploy", "-deploy", "_deploy", "de ploy", "de.ploy", "z" * 65, "dé"])
def test_invalid_names(group: FakeSwr, name: str) -> None:
    body = CreateTriggerRequestBody(**trigger_body(name))
    request = CreateTriggerRequest(namespace="group", repository="app", body=body)
    error = sdk_rejects(group, lambda: group.client().create_trigger(request), 400, INVALID)
    assert "name" in error.error_msg


BAD_TRIGGERS: dict[str, dict[str, str]] = {
    "bad regular expression": trigger_body(trigger_type="regular", condition="v(1"),
    "'all' with a tag": trigger_body(trigger_type="all", condition="v1"),
    "'tag' without tags": trigger_body(trigger_type="tag", condition=" ; "),
    "'tag' with an invalid tag": trigger_body(trigger_type="tag", condition="v1;-bad"),
    "unknown type": trigger_body(trigger_type="sometimes"),
    "unknown app type": trigger_body(app_type="daemonsets"),
    "unknown action": trigger_body(action="restart"),
    "unknown mode": trigger_body(trigger_mode="ecs"),
    "enable yes": trigger_body(enable="yes"),
    "empty application": trigger_body(application=""),
    "blank cluster namespace": trigger_body(cluster_ns=" "),
}


@pytest.mark.parametrize("body", BAD_TRIGGERS.values(), ids=BAD_TRIGGERS.keys())
def test_invalid_triggers_are_rejected(group: FakeSwr, body: dict[str, str]) -> None:
    before = group.snapshot()
    assert_error(api(group, "POST", BASE, body=body), 400, INVALID)
    assert group.snapshot() == before


def test_missing_fields_are_rejected(group: FakeSwr) -> None:
    for field in ("name", "condition", "trigger_type", "cluster_ns", "enable"):
        body = trigger_body()
        del body[field]
        response = api(group, "POST", BASE, body=body)
        assert field in assert_error(response, 400, INVALID)["error_msg"]
    assert group.snapshot()["regions"]["cn-north-4"]["group"]["repositories"]["app"]["triggers"] == {}


def test_model_checks_without_the_schema(group: FakeSwr) -> None:
    caller = group.backend.caller()
    with pytest.raises(SwrError) as caught:
        group.backend.create_trigger(
            caller,
            "group",
            "app",
            "deploy",
            trigger_type="regular",
            condition="(",
            enable=True,
            app_type="deployments",
            application="nginx",
            cluster_ns="default",
        )
    assert caught.value.code == INVALID


def test_update_accepts_only_true_or_false(group: FakeSwr) -> None:
    create(group)
    before = group.snapshot()
    assert_error(api(group, "PATCH", f"{BASE}/deploy", body={"enable": "yes"}), 400, INVALID)
    assert_error(api(group, "PATCH", f"{BASE}/deploy", body={}), 400, INVALID)
    assert group.snapshot() == before


def test_missing_organization_or_repository(swr: FakeSwr) -> None:
    body = CreateTriggerRequestBody(**trigger_body())
    client = swr.client()
    sdk_rejects(
        swr,
        lambda: client.create_trigger(CreateTriggerRequest(namespace="nope", repository="app", body=body)),
        404,
        "SVCSTG.SWR.4040058",
    )
    swr.create_namespace("group")
    sdk_rejects(
        swr,
        lambda: client.list_triggers_details(ListTriggersDetailsRequest(namespace="group", repository="ghost")),
        404,
        "SVCSTG.SWR.4040010",
    )
    assert_error(api(swr, "GET", "/v2/manage/namespaces/group/repos/ghost/triggers/deploy"), 404, "SVCSTG.SWR.4040010")


# --- triggers firing -------------------------------------------------------------------------------------------
def test_regular_trigger_fires_only_for_matching_tags_while_enabled(group: FakeSwr) -> None:
    create(group, "semver", "regular", r"^v\d+\.\d+$")
    for tag in ("v1.0", "latest", "v1.0-rc", "v2.1"):
        group.push_image("group", "app", tag)
    assert fired(group, "semver") == ["v1.0", "v2.1"]

    first = show(group, "semver").trigger_history[0]
    assert (first.result, first.detail, first.action, first.app_type) == ("success", "", "update", "deployments")
    assert (first.application, first.cluster_ns, first.container) == ("nginx", "default", "web")
    assert (first.cluster_id, first.cluster_name) == ("0b3e4f7c-cluster", "cce-test")
    assert (first.condition, first.creator_name) == (r"^v\d+\.\d+$", "swr-admin")
    assert first.created_at >= show(group, "semver").created_at

    enable(group, "semver", "false")
    group.push_image("group", "app", "v3.0")
    assert fired(group, "semver") == ["v1.0", "v2.1"]

    enable(group, "semver", "true")
    group.push_image("group", "app", "v4.0")
    assert fired(group, "semver") == ["v1.0", "v2.1", "v4.0"]


def test_tag_and_all_triggers(group: FakeSwr) -> None:
    create(group, "named", "tag", "stable;v1")
    create(group, "every", "all", ".*")
    for tag in ("v1", "v10", "stable", "latest"):
        group.push_image("group", "app", tag)
    assert fired(group, "named") == ["v1", "stable"]
    assert fired(group, "every") == ["v1", "v10", "stable", "latest"]
    listed = api(group, "GET", BASE).json()
    assert [(t["name"], len(t["trigger_history"])) for t in listed] == [("named", 2), ("every", 4)]


def test_copying_a_tag_fires_too(group: FakeSwr) -> None:
    group.push_image("group", "app", "v1")
    create(group, "promote", "tag", "prod")
    body = CreateRepoTagRequestBody(source_tag="v1", destination_tag="prod")
    group.client().create_repo_tag(CreateRepoTagRequest(namespace="group", repository="app", body=body))
    assert fired(group, "promote") == ["prod"]


def test_triggers_of_other_repositories_stay_quiet(group: FakeSwr) -> None:
    create(group, "deploy")
    group.push_image("group", "other", "v1")
    assert fired(group) == []


def test_snapshot_records_triggers_and_their_history(group: FakeSwr) -> None:
    create(group, "deploy", "tag", "v1")
    before = group.snapshot()
    group.push_image("group", "app", "v1")
    trigger = group.snapshot()["regions"]["cn-north-4"]["group"]["repositories"]["app"]["triggers"]["deploy"]
    assert [(entry["tag"], entry["result"]) for entry in trigger["history"]] == [("v1", "success")]
    assert trigger["type"] == {"trigger_type": "tag", "condition": "v1", "enabled": True}
    assert before != group.snapshot()
