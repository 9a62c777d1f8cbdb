"""Timestamps in each resource's documented form (issue 13, point 1).

The stored form keeps microseconds (it is the sort key); what a client reads is whole seconds
for tags, triggers and sync entries, a trimmed fraction for repositories, shares and retention
logs, milliseconds for the v1 API. Cloud Custodian's SWR policies filter tags and repositories
by age with a ``%Y-%m-%dT%H:%M:%SZ`` parser: that must work on the fake as on the service.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from huaweicloudsdkswr.v2 import ListReposDetailsRequest, ListRepositoryTagsRequest

from swr_fake import FakeSwr
from swr_fake.api import times
from swr_fake.clock import AdjustableClock, FrozenClock
from swr_fake.schemas import response_validator
from tests.support import api

# A moment with a fraction that has a trailing zero: 12.340000 s.
START = datetime(2026, 3, 1, 8, 30, 12, 340000, tzinfo=timezone.utc)
CUSTODIAN_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


# The plugin installs the clock before each test and puts it back to START (docs/testing.md).
pytestmark = pytest.mark.swr(clock=FrozenClock(START))


@pytest.fixture
def clock(swr: FakeSwr) -> AdjustableClock:
    return swr.clock


def older_than(resources: list[dict[str, Any]], key: str, days: int, now: datetime) -> list[str]:
    """What a Cloud Custodian ``age`` filter with a ``%Y-%m-%dT%H:%M:%SZ`` parser keeps."""
    cutoff = now - timedelta(days=days)
    kept = []
    for resource in resources:
        created = datetime.strptime(resource[key], CUSTODIAN_FORMAT).replace(tzinfo=timezone.utc)
        if created < cutoff:
            kept.append(resource.get("name") or resource["tag"])
    return kept


def test_custodian_filters_tags_by_age_with_a_whole_seconds_parser(swr: FakeSwr, clock: FrozenClock) -> None:
    swr.create_namespace("team")
    swr.push_image("team", "app", "old")
    clock.advance(days=40, microseconds=123457)
    swr.push_image("team", "app", "new")
    clock.advance(days=1)
    client = swr.client()
    listed = client.list_repository_tags(ListRepositoryTagsRequest(namespace="team", repository="app"))
    tags = [tag.to_dict() for tag in listed.body]
    assert older_than(tags, "created", 30, clock.now()) == ["old"]


def test_custodian_filters_repositories_by_age_with_a_whole_seconds_parser(swr: FakeSwr, clock: FrozenClock) -> None:
    swr.create_namespace("team")
    swr.create_repository("team", "legacy")
    clock.advance(days=100, microseconds=654321)
    swr.create_repository("team", "fresh")
    client = swr.client()
    listed = client.list_repos_details(ListReposDetailsRequest(namespace="team"))
    repos = [repo.to_dict() for repo in listed.body]
    assert older_than(repos, "created_at", 90, clock.now()) == ["legacy"]


def test_tag_times_have_no_fraction_so_a_fraction_parser_fails_as_in_production(
    swr: FakeSwr, clock: FrozenClock
) -> None:
    swr.create_namespace("team")
    swr.push_image("team", "app", "v1")
    (tag,) = api(swr, "GET", "/v2/manage/namespaces/team/repos/app/tags").json()
    assert tag["created"] == tag["updated"] == "2026-03-01T08:30:12Z"
    with pytest.raises(ValueError):
        datetime.strptime(tag["created"], "%Y-%m-%dT%H:%M:%S.%fZ")


def test_each_resource_writes_its_documented_form(swr: FakeSwr, clock: FrozenClock) -> None:
    swr.create_namespace("team")
    swr.push_image("team", "app", "v1")
    clock.set(START)  # everything below carries 12.34 s
    rule = {"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": []}
    api(swr, "POST", "/v2/manage/namespaces/team/repos/app/retentions", body={"algorithm": "or", "rules": [rule]})
    share = {"access_domain": "partner", "permit": "read", "deadline": "forever"}
    assert api(swr, "POST", "/v2/manage/namespaces/team/repositories/app/access-domains", body=share).ok
    trigger = {
        "name": "deploy", "action": "update", "app_type": "deployments", "application": "web",
        "cluster_ns": "default", "trigger_type": "all", "condition": ".*", "enable": "true",
    }  # fmt: skip
    assert api(swr, "POST", "/v2/manage/namespaces/team/repos/app/triggers", body=trigger).ok
    sync = {"remoteRegionId": "cn-east-3", "remoteNamespace": "team"}
    assert api(swr, "POST", "/v2/manage/namespaces/team/repos/app/sync_repo", body=sync).ok
    swr.push_image("team", "app", "v2")  # the policy deletes v1: one retention log row
    base = "/v2/manage/namespaces/team/repos/app"

    fraction, whole = "2026-03-01T08:30:12.34Z", "2026-03-01T08:30:12Z"
    shown = api(swr, "GET", base).json()
    assert (shown["created"][:10], shown["updated"]) == ("2026-03-01", fraction)
    (listed,) = api(swr, "GET", "/v2/manage/repos").json()
    assert listed["updated_at"] == fraction and listed["created_at"].endswith(":12Z")
    (v3,) = api(swr, "GET", "/v3/manage/repos").json()["repos"]
    assert v3["updated_at"] == fraction
    (tag,) = api(swr, "GET", base + "/tags").json()
    assert (tag["created"], tag["updated"]) == (whole, whole)
    assert api(swr, "GET", base + "/tags/v2").json()["updated"] == whole
    (shared,) = api(swr, "GET", "/v2/manage/namespaces/team/repositories/app/access-domains").json()
    assert (shared["created"], shared["updated"]) == (fraction, fraction)
    (log,) = api(swr, "GET", base + "/retentions/histories").json()["retention_log"]
    assert log["created_at"] == fraction
    (listed_trigger,) = api(swr, "GET", base + "/triggers").json()
    assert listed_trigger["created_at"] == whole
    assert listed_trigger["trigger_history"][0]["created_at"] == whole
    (sync_rule,) = api(swr, "GET", base + "/sync_repo").json()
    assert (sync_rule["createdAt"], sync_rule["updatedAt"]) == (whole, whole)
    v1 = api(swr, "GET", "/v1/repositories/team/app").json()
    assert v1["updated_at"] == "2026-03-01T08:30:12.340Z"


def test_whole_seconds_render_without_a_fraction_and_order_keeps_the_microseconds(
    swr: FakeSwr, clock: FrozenClock
) -> None:
    clock.set(START.replace(microsecond=0))
    swr.create_namespace("team")
    swr.create_repository("team", "app")
    assert api(swr, "GET", "/v2/manage/namespaces/team/repos/app").json()["created"] == "2026-03-01T08:30:12Z"
    for name in ("a", "b", "c"):
        clock.advance(microseconds=1)
        swr.push_image("team", "app", name)
    listed = api(swr, "GET", "/v2/manage/namespaces/team/repos/app/tags").json()
    # Same second on the wire, yet newest first: the sort key is the stored time.
    assert [tag["Tag"] for tag in listed] == ["c", "b", "a"]
    assert {tag["updated"] for tag in listed} == {"2026-03-01T08:30:12Z"}
    ascending = api(swr, "GET", "/v2/manage/namespaces/team/repos/app/tags", params={"order_type": "asc"})
    assert [tag["Tag"] for tag in ascending.json()] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("stored", "seconds", "fraction", "millis"),
    [  # times of 2026-01-01
        ("00:00:00.000000Z", "00:00:00Z", "00:00:00Z", "00:00:00.000Z"),
        ("00:00:00.566320Z", "00:00:00Z", "00:00:00.56632Z", "00:00:00.566Z"),
        ("23:59:59.999999Z", "23:59:59Z", "23:59:59.999999Z", "23:59:59.999Z"),
        ("10:00:00Z", "10:00:00Z", "10:00:00Z", "10:00:00.000Z"),
        ("12:00:00.5+02:00", "10:00:00Z", "10:00:00.5Z", "10:00:00.500Z"),
    ],
)
def test_the_three_forms(stored: str, seconds: str, fraction: str, millis: str) -> None:
    day = "2026-01-01T"
    rendered = (times.seconds(day + stored), times.fraction(day + stored), times.millis(day + stored))
    assert rendered == (day + seconds, day + fraction, day + millis)


def test_a_stored_value_that_is_no_time_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a timestamp"):
        times.seconds("yesterday")


@pytest.mark.parametrize(
    ("operation", "body"),
    [
        ("show_repo_tag", {"created": "2026-01-01T00:00:00.000000Z"}),
        ("show_repository", {"created": "2026-01-01T00:00:00.100000Z"}),
        ("show_repository", {"updated": "2026-01-01 00:00:00Z"}),
        ("show_access_domain", {"updated": "2026-01-01T00:00:00.000Z"}),
        ("list_triggers_details", [{"created_at": "2026-01-01T00:00:00.5Z"}]),
        ("list_repos_details", [{"created_at": "2026-01-01T00:00:00.5Z"}]),
    ],
)
def test_response_schemas_reject_a_time_in_another_form(operation: str, body: Any) -> None:
    validator = response_validator(operation)
    assert validator is not None
    problems = [error for error in validator.iter_errors(body) if error.validator == "pattern"]
    assert problems, f"{operation} accepted {body}"


TIME_KEYS = {"created", "updated", "created_at", "updated_at", "createdAt", "updatedAt", "creation_time", "creation_at"}


def test_every_time_field_of_every_response_schema_checks_its_form() -> None:
    from swr_fake.schemas import load_schema, operations_with_schemas

    unchecked, checked = [], 0
    for operation in sorted(operations_with_schemas()["responses"]):
        schema = load_schema("responses", operation)
        pending: list[tuple[str, Any]] = [(operation, schema)]
        while pending:
            where, node = pending.pop()
            if isinstance(node, dict):
                for key, value in node.get("properties", {}).items():
                    resolved = value
                    if isinstance(value, dict) and "$ref" in value:
                        assert schema is not None
                        resolved = schema["$defs"][value["$ref"].removeprefix("#/$defs/")]
                    if key in TIME_KEYS:
                        checked += 1
                        if "pattern" not in resolved:
                            unchecked.append(f"{where}.{key}")
                pending.extend((where, value) for value in node.values())
            elif isinstance(node, list):
                pending.extend((where, value) for value in node)
    assert unchecked == [] and checked >= 30  # 30: the time fields of the 22 schemas that have any
