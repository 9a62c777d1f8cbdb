from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from huaweicloudsdkswr.v2 import (
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    CreateRetentionRequest,
    CreateRetentionRequestBody,
    DeleteRetentionRequest,
    ListRepositoryTagsRequest,
    ListRetentionHistoriesRequest,
    ListRetentionsRequest,
    Rule,
    ShowRetentionRequest,
    TagSelector,
    UpdateRetentionRequest,
    UpdateRetentionRequestBody,
)

from swr_fake import FakeSwr, FrozenClock, SwrError
from tests.support import api, assert_error, sdk_rejects

BASE = "/v2/manage/namespaces/group/repos/app/retentions"
NOT_FOUND = "SVCSTG.SWR.4000306"
INVALID = "SVCSTG.SWR.4000014"


def rule(template: str, value: str, *selectors: tuple[str, str]) -> Rule:
    key = "days" if template == "date_rule" else "num"
    return Rule(
        template=template,
        params={key: value},
        tag_selectors=[TagSelector(kind=kind, pattern=pattern) for kind, pattern in selectors],
    )


def create(swr: FakeSwr, *rules: Rule, repo: str = "app") -> int:
    body = CreateRetentionRequestBody(algorithm="or", rules=list(rules))
    response = swr.client().create_retention(CreateRetentionRequest(namespace="group", repository=repo, body=body))
    assert response.status_code == 201
    return int(response.id)


def tags(swr: FakeSwr, repo: str = "app") -> list[str]:
    listed = swr.client().list_repository_tags(
        ListRepositoryTagsRequest(namespace="group", repository=repo, order_column="tag", order_type="asc")
    )
    return [tag.tag for tag in listed.body or []]


def histories(swr: FakeSwr, **params: str) -> Any:
    return swr.client().list_retention_histories(
        ListRetentionHistoriesRequest(namespace="group", repository="app", **params)
    )


def push(swr: FakeSwr, *names: str, repo: str = "app") -> None:
    for name in names:
        swr.push_image("group", repo, name)


@pytest.fixture
def group(swr: FakeSwr) -> FakeSwr:
    swr.create_namespace("group")
    swr.create_repository("group", "app")
    return swr


@pytest.fixture
def clock(swr: FakeSwr) -> Iterator[FrozenClock]:
    """A frozen clock for the fake (the session's fake keeps the wall clock otherwise)."""
    frozen = FrozenClock()
    previous = swr.backend.clock
    swr.backend.clock = frozen
    yield frozen
    swr.backend.clock = previous


# --- the operations --------------------------------------------------------------------------------------
def test_lifecycle_through_sdk(group: FakeSwr) -> None:
    client = group.client()
    retention_id = create(group, rule("tag_rule", "7", ("label", "stable"), ("regexp", "^release-")))

    (listed,) = client.list_retentions(ListRetentionsRequest(namespace="group", repository="app")).body
    assert (listed.id, listed.algorithm, listed.scope) == (retention_id, "or", "")
    assert listed.rules[0].template == "tag_rule" and listed.rules[0].params == {"num": "7"}
    assert [(s.kind, s.pattern) for s in listed.rules[0].tag_selectors] == [
        ("label", "stable"),
        ("regexp", "^release-"),
    ]

    show = ShowRetentionRequest(namespace="group", repository="app", retention_id=retention_id)
    assert client.show_retention(show).rules[0].params == {"num": "7"}

    body = UpdateRetentionRequestBody(algorithm="or", rules=[rule("tag_rule", "3")])
    update = UpdateRetentionRequest(namespace="group", repository="app", retention_id=retention_id, body=body)
    assert client.update_retention(update).status_code == 201
    shown = client.show_retention(show)
    assert shown.rules[0].params == {"num": "3"} and shown.rules[0].tag_selectors == []

    delete = DeleteRetentionRequest(namespace="group", repository="app", retention_id=retention_id)
    assert client.delete_retention(delete).status_code == 200
    assert client.list_retentions(ListRetentionsRequest(namespace="group", repository="app")).body is None
    sdk_rejects(group, lambda: client.show_retention(show), 400, NOT_FOUND)
    sdk_rejects(group, lambda: client.delete_retention(delete), 400, NOT_FOUND)
    sdk_rejects(group, lambda: client.update_retention(update), 400, NOT_FOUND)


def test_lifecycle_through_requests(group: FakeSwr) -> None:
    # Integer counts are accepted and answered as the documented strings; unknown keys are dropped.
    policy = {"algorithm": "or", "rules": [{"template": "date_rule", "params": {"days": 30}, "tag_selectors": []}]}
    created = api(group, "POST", BASE, body=policy)
    assert created.status_code == 201
    retention_id = created.json()["id"]
    assert isinstance(retention_id, int)

    expected = {
        "id": retention_id,
        "algorithm": "or",
        "scope": "",
        "rules": [{"template": "date_rule", "params": {"days": "30"}, "tag_selectors": []}],
    }
    assert api(group, "GET", BASE).json() == [expected]
    assert api(group, "GET", f"{BASE}/{retention_id}").json() == expected

    policy["rules"][0]["params"] = {"days": "60"}
    policy["rules"][0]["tag_selectors"] = [{"kind": "label", "pattern": "v1", "extra": 1}]
    updated = api(group, "PATCH", f"{BASE}/{retention_id}", body=policy)
    assert (updated.status_code, updated.content) == (201, b"")
    rules = api(group, "GET", f"{BASE}/{retention_id}").json()["rules"]
    assert rules == [
        {"template": "date_rule", "params": {"days": "60"}, "tag_selectors": [{"kind": "label", "pattern": "v1"}]}
    ]

    deleted = api(group, "DELETE", f"{BASE}/{retention_id}")
    assert (deleted.status_code, deleted.content) == (200, b"")
    assert api(group, "GET", BASE).json() == []
    body = assert_error(api(group, "DELETE", f"{BASE}/{retention_id}"), 400, NOT_FOUND)
    assert body["errors"][0]["errorCode"] == NOT_FOUND  # where Terraform reads it


def test_one_policy_per_repository(group: FakeSwr) -> None:
    create(group, rule("tag_rule", "5"))
    body = CreateRetentionRequestBody(algorithm="or", rules=[rule("date_rule", "10")])
    request = CreateRetentionRequest(namespace="group", repository="app", body=body)
    sdk_rejects(group, lambda: group.client().create_retention(request), 409, "SVCSTG.SWR.4090089")
    # Another repository may have its own.
    group.create_repository("group", "other")
    create(group, rule("date_rule", "10"), repo="other")


def test_update_cannot_change_the_template(group: FakeSwr) -> None:
    retention_id = create(group, rule("tag_rule", "5"))
    client = group.client()
    for rules in ([rule("date_rule", "5")], [rule("tag_rule", "5"), rule("date_rule", "5")]):
        body = UpdateRetentionRequestBody(algorithm="or", rules=rules)
        request = UpdateRetentionRequest(namespace="group", repository="app", retention_id=retention_id, body=body)
        error = sdk_rejects(group, lambda request=request: client.update_retention(request), 400, INVALID)
        assert "template" in error.error_msg


def test_unknown_ids_of_other_repositories_are_missing(group: FakeSwr) -> None:
    group.create_repository("group", "other")
    retention_id = create(group, rule("tag_rule", "5"), repo="other")
    before = group.snapshot()
    assert_error(api(group, "GET", f"{BASE}/{retention_id}"), 400, NOT_FOUND)
    assert_error(api(group, "DELETE", f"{BASE}/{retention_id}"), 400, NOT_FOUND)
    assert group.snapshot() == before


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("raw_id", ["abc", "-1", "1.5"])
def test_retention_id_must_be_an_integer(group: FakeSwr, method: str, raw_id: str) -> None:
    create(group, rule("tag_rule", "5"))
    before = group.snapshot()
    body = {"algorithm": "or", "rules": [{"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": []}]}
    response = api(group, method, f"{BASE}/{raw_id}", body=body if method == "PATCH" else None)
    assert "retention_id" in assert_error(response, 400, INVALID)["error_msg"]
    assert group.snapshot() == before


def policy(template: str = "tag_rule", params: Any = None, selectors: Any = (), **rule_keys: Any) -> dict[str, Any]:
    """A JSON policy with one rule (defaults: a valid tag rule keeping one tag)."""
    one = {"template": template, "params": params or {"num": "1"}, "tag_selectors": list(selectors), **rule_keys}
    return {"algorithm": "or", "rules": [one]}


BAD_POLICIES: dict[str, dict[str, Any]] = {
    "algorithm and": policy() | {"algorithm": "and"},
    "no rules": policy() | {"rules": []},
    "rule not an object": policy() | {"rules": ["tag_rule"]},
    "unknown template": policy("size_rule"),
    "zero days": policy("date_rule", {"days": "0"}),
    "366 days": policy("date_rule", {"days": "366"}),
    "1001 tags": policy("tag_rule", {"num": "1001"}),
    "num not digits": policy("tag_rule", {"num": "seven"}),
    "boolean num": policy("tag_rule", {"num": True}),
    "days on a tag rule": policy("tag_rule", {"days": "7"}),
    "both counts": policy("tag_rule", {"num": "7", "days": "7"}),
    "selectors not a list": policy(tag_selectors={"kind": "label"}),
    "bad selector kind": policy(selectors=[{"kind": "glob", "pattern": "*"}]),
    "empty selector pattern": policy(selectors=[{"kind": "label", "pattern": ""}]),
    "bad regexp": policy(selectors=[{"kind": "regexp", "pattern": "("}]),
}


@pytest.mark.parametrize("body", BAD_POLICIES.values(), ids=BAD_POLICIES.keys())
def test_invalid_policies_are_rejected(group: FakeSwr, body: dict[str, Any]) -> None:
    retention_id = create(group, rule("tag_rule", "5"))
    group.create_repository("group", "fresh")
    before = group.snapshot()
    assert_error(api(group, "POST", "/v2/manage/namespaces/group/repos/fresh/retentions", body=body), 400, INVALID)
    assert_error(api(group, "PATCH", f"{BASE}/{retention_id}", body=body), 400, INVALID)
    # The model checks too, not only the request schema.
    with pytest.raises(SwrError) as caught:
        group.backend.create_retention(group.backend.caller(), "group", "fresh", body["algorithm"], body["rules"])
    assert caught.value.code == INVALID
    assert group.snapshot() == before


def test_invalid_policy_through_sdk(group: FakeSwr) -> None:
    body = CreateRetentionRequestBody(algorithm="or", rules=[rule("date_rule", "400")])
    request = CreateRetentionRequest(namespace="group", repository="app", body=body)
    error = sdk_rejects(group, lambda: group.client().create_retention(request), 400, INVALID)
    assert "days" in error.error_msg


def test_missing_organization_or_repository(swr: FakeSwr) -> None:
    client = swr.client()
    body = CreateRetentionRequestBody(algorithm="or", rules=[rule("tag_rule", "5")])
    sdk_rejects(
        swr,
        lambda: client.create_retention(CreateRetentionRequest(namespace="nope", repository="app", body=body)),
        404,
        "SVCSTG.SWR.4040058",
    )
    swr.create_namespace("group")
    sdk_rejects(
        swr,
        lambda: client.list_retentions(ListRetentionsRequest(namespace="group", repository="ghost")),
        404,
        "SVCSTG.SWR.4040010",
    )
    assert_error(
        api(swr, "GET", "/v2/manage/namespaces/group/repos/ghost/retentions/histories"), 404, "SVCSTG.SWR.4040010"
    )


def test_another_accounts_policies_are_refused_even_on_public_repositories(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.create_repository("group", "app", is_public=True)
    create(swr, rule("tag_rule", "5"))
    other = swr.backend.caller(swr.region, swr.backend.add_tenant("tenant-b"))
    with pytest.raises(SwrError) as caught:
        swr.backend.list_retentions(other, "group", "app")
    # A public repository is visible to other accounts, but its settings are a cross-account matter.
    assert caught.value.code == "SVCSTG.SWR.4011064"


# --- the policy at work -------------------------------------------------------------------------------------
def test_tag_rule_deletes_older_tags_on_the_next_push(group: FakeSwr) -> None:
    push(group, "v1", "v2", "v3")
    retention_id = create(group, rule("tag_rule", "2"))
    assert tags(group) == ["v1", "v2", "v3"]  # a new policy waits for the next push

    push(group, "v4")
    assert tags(group) == ["v3", "v4"]
    response = histories(group)
    assert response.total == 2 and response.content_range == "0-2/2"
    assert [log.tag for log in response.retention_log] == ["v1", "v2"]
    first = response.retention_log[0]
    assert (first.retention_id, first.namespace, first.repo) == (retention_id, "group", "app")
    assert first.rule_type == '{"template":"tag_rule","params":{"num":"2"},"tag_selectors":[]}'
    assert first.id < response.retention_log[1].id and first.created_at.endswith("Z")


def test_pushing_an_old_tag_again_makes_it_new(group: FakeSwr, clock: FrozenClock) -> None:
    for name in ("v1", "v2", "v3"):
        push(group, name)
        clock.advance(seconds=1)
    create(group, rule("tag_rule", "2"))
    push(group, "v1")  # moves v1: now the most recent
    assert tags(group) == ["v1", "v3"]


def test_date_rule_deletes_tags_older_than_n_days(group: FakeSwr, clock: FrozenClock) -> None:
    push(group, "old")
    clock.advance(days=3)
    push(group, "middle")
    create(group, rule("date_rule", "7"))
    clock.advance(days=4)
    assert group.run_retention("group", "app") == []  # "old" is exactly 7 days old: kept
    clock.advance(seconds=1)
    push(group, "new")
    assert tags(group) == ["middle", "new"]
    clock.advance(days=3)
    assert group.run_retention("group", "app") == ["middle"]
    (_, second) = histories(group).retention_log
    assert second.tag == "middle" and second.created_at == "2026-01-11T00:00:01Z"
    assert json.loads(second.rule_type) == {"template": "date_rule", "params": {"days": "7"}, "tag_selectors": []}


def test_selectors_exempt_tags_which_the_count_ignores(group: FakeSwr, clock: FrozenClock) -> None:
    for name in ("stable", "release-1", "v1", "release-2", "v2", "v3"):
        push(group, name)
        clock.advance(seconds=1)
    create(group, rule("tag_rule", "1", ("label", "stable"), ("regexp", "^release-")))
    assert group.run_retention("group", "app") == ["v1", "v2"]
    assert tags(group) == ["release-1", "release-2", "stable", "v3"]
    rule_type = histories(group).retention_log[0].rule_type
    assert rule_type == (
        '{"template":"tag_rule","params":{"num":"1"},"tag_selectors":'
        '[{"kind":"label","pattern":"stable"},{"kind":"regexp","pattern":"^release-"}]}'
    )


def test_rules_combine_with_or_and_the_history_names_the_deciding_rule(group: FakeSwr, clock: FrozenClock) -> None:
    push(group, "ancient")
    clock.advance(days=30)
    for name in ("a", "b", "c"):
        push(group, name)
        clock.advance(seconds=1)
    create(group, rule("date_rule", "10"), rule("tag_rule", "2"))
    assert group.run_retention("group", "app") == ["ancient", "a"]
    logs = histories(group).retention_log
    assert [json.loads(log.rule_type)["template"] for log in logs] == ["date_rule", "tag_rule"]


def test_copying_a_tag_also_runs_the_policy(group: FakeSwr, clock: FrozenClock) -> None:
    for name in ("v1", "v2"):
        push(group, name)
        clock.advance(seconds=1)
    create(group, rule("tag_rule", "2"))
    body = CreateRepoTagRequestBody(source_tag="v1", destination_tag="stable")
    group.client().create_repo_tag(CreateRepoTagRequest(namespace="group", repository="app", body=body))
    assert tags(group) == ["stable", "v2"]


def test_deleting_the_policy_stops_it_and_keeps_its_history(group: FakeSwr) -> None:
    push(group, "v1", "v2")
    retention_id = create(group, rule("tag_rule", "1"))
    assert group.run_retention("group", "app") == ["v1"]
    group.client().delete_retention(
        DeleteRetentionRequest(namespace="group", repository="app", retention_id=retention_id)
    )
    push(group, "v3", "v4")
    assert tags(group) == ["v2", "v3", "v4"]
    assert [log.tag for log in histories(group).retention_log] == ["v1"]


def test_run_retention_without_a_policy_or_repository(group: FakeSwr) -> None:
    push(group, "v1")
    assert group.run_retention("group", "app") == []
    with pytest.raises(SwrError) as caught:
        group.run_retention("group", "ghost")
    assert caught.value.code == "SVCSTG.SWR.4040010"


def test_snapshot_records_policies_and_histories(group: FakeSwr) -> None:
    push(group, "v1", "v2")
    create(group, rule("tag_rule", "1"))
    before = group.snapshot()
    group.run_retention("group", "app")
    repo = group.snapshot()["regions"]["cn-north-4"]["group"]["repositories"]["app"]
    assert repo != before["regions"]["cn-north-4"]["group"]["repositories"]["app"]
    assert [log[4] for log in repo["retention_logs"]] == ["v1"]
    assert list(repo["tags"]) == ["v2"]


# --- the history list ---------------------------------------------------------------------------------------
@pytest.fixture
def five_logs(group: FakeSwr, clock: FrozenClock) -> FakeSwr:
    for index in range(6):
        push(group, f"v{index}")
        clock.advance(seconds=1)
    create(group, rule("tag_rule", "1"))
    assert len(group.run_retention("group", "app")) == 5
    return group


def test_histories_pages_through_sdk_params_and_filter(five_logs: FakeSwr) -> None:
    page = histories(five_logs, offset="1", limit="2")
    assert [log.tag for log in page.retention_log] == ["v1", "v2"]
    assert (page.total, page.content_range) == (5, "1-2/5")

    raw = api(five_logs, "GET", f"{BASE}/histories", params={"filter": "limit::2|offset::4", "offset": "0"})
    assert raw.status_code == 200 and raw.headers["Content-Range"] == "4-1/5"
    assert [log["tag"] for log in raw.json()["retention_log"]] == ["v4"]
    assert raw.json()["total"] == 5

    past = api(five_logs, "GET", f"{BASE}/histories", params={"offset": "9", "limit": "2"})
    assert past.json() == {"retention_log": [], "total": 5} and past.headers["Content-Range"] == "9-0/5"


def test_histories_of_a_repository_without_deletions(group: FakeSwr) -> None:
    response = histories(group)
    assert (response.retention_log, response.total, response.content_range) == ([], 0, "0-0/0")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": "0", "offset": "0"}, "SVCSTG.SWR.4000056"),
        ({"limit": "x", "offset": "0"}, "SVCSTG.SWR.4000056"),
        ({"filter": "limit:2"}, "SVCSTG.SWR.4001035"),
        ({"filter": "tag::v1"}, "SVCSTG.SWR.4001035"),
    ],
)
def test_histories_rejects_bad_paging(five_logs: FakeSwr, params: dict[str, str], code: str) -> None:
    assert_error(api(five_logs, "GET", f"{BASE}/histories", params=params), 400, code)
    request = ListRetentionHistoriesRequest(namespace="group", repository="app", **params)
    sdk_rejects(five_logs, lambda: five_logs.client().list_retention_histories(request), 400, code)
