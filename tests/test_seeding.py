"""Seeding and inspection: explicit times and ids, ``swr.seed({...})``, snapshots with named
fields, ``swr.restore``, read-only views that add nothing to the call log, ``repr(swr)``."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
import requests

from swr_fake import FakeSwr, SwrError
from swr_fake.seeding import Snapshot

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
TOKEN = {"X-Auth-Token": "t"}
KEEP_ONE = [{"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": []}]


def get(swr: FakeSwr, path: str) -> Any:
    response = requests.get(swr.endpoint + path, headers=TOKEN, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def test_push_image_at_an_explicit_moment(swr: FakeSwr) -> None:
    swr.create_namespace("team", created=T0)
    swr.create_repository("team", "app", created=T0 + timedelta(hours=1), description="seeded")
    swr.push_image("team", "app", "old", pushed_at=T0 + timedelta(days=1))
    swr.push_image("team", "app", "new")  # the fake's clock, now
    listed = get(swr, "/v2/manage/namespaces/team/repos/app/tags")
    created = {tag["Tag"]: tag["created"] for tag in listed}
    assert created["old"] == "2025-06-02T12:00:00Z" and created["new"] > "2026"
    repo = get(swr, "/v2/manage/namespaces/team/repos/app")
    assert repo["created"] == "2025-06-01T13:00:00Z" and repo["updated"] > "2026"
    with pytest.raises(TypeError, match="pushed_at must be a datetime.datetime, not str"):
        swr.push_image("team", "app", "v", pushed_at="2025-01-01")  # type: ignore[arg-type]


def test_seed_builds_a_whole_state_from_a_plain_dict(swr: FakeSwr) -> None:
    swr.seed(
        {
            "quotas": {"namespace": 7},
            "namespaces": {
                "team": {
                    "created": "2025-01-01T00:00:00Z",
                    "repositories": {
                        "web/app": {
                            "is_public": True,
                            "category": "linux",
                            "created": T0,
                            "tags": {"1.0": {"pushed_at": T0 + timedelta(days=1)}, "latest": None},
                            "retention": {"id": 4242, "algorithm": "or", "rules": KEEP_ONE},
                            "shares": {"partner": {"deadline": date(2027, 1, 31), "description": "ci"}},
                        },
                        "db": None,
                    },
                },
                "empty": None,
            },
        }
    )
    assert len(swr.calls) == 0  # seeding sends no request
    assert [repo.name for repo in swr.repositories("team")] == ["db", "web/app"]
    app = swr.repositories("team")[1]
    assert app.is_public and app.category == "linux" and app.created == T0 and app.tags == ("1.0", "latest")
    assert swr.tags("team", "web$app")[0].created == T0 + timedelta(days=1)
    assert get(swr, "/v2/manage/namespaces/team/repos/web$app/retentions")[0]["id"] == 4242
    share = get(swr, "/v2/manage/namespaces/team/repositories/web$app/access-domains/partner")
    assert share["deadline"] == "2027-01-31" and share["description"] == "ci"
    assert get(swr, "/v2/manage/projects/" + swr.project_id() + "/quotas")["quotas"][0]["quota_limit"] == 7
    assert swr.repositories("empty") == []


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({"namespace": {}}, ValueError, "unknown key 'namespace' in the seed \\(did you mean 'namespaces'\\?"),
        ({"namespaces": {"team": {"repositories": {"app": {"tagz": []}}}}}, ValueError, "did you mean 'tags'"),
        ({"namespaces": ["team"]}, TypeError, "namespaces must be a dict of names, not list"),
        ({"namespaces": {"team": {"created": 5}}}, TypeError, "team.created must be a datetime or an ISO 8601"),
        ({"region": "cn-nort-4"}, ValueError, "unknown region 'cn-nort-4' \\(did you mean cn-north-4\\?\\)"),
        ([], TypeError, "the seed must be a dict, not list"),
    ],
)
def test_bad_seeds_are_clear_errors(swr: FakeSwr, data: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        swr.seed(data)


def test_a_refused_seed_changes_nothing(swr: FakeSwr) -> None:
    swr.create_namespace("kept")
    before = swr.snapshot()
    bad = {"namespaces": {"fine": {"repositories": {"ok": {"tags": ["v1"]}, "Bad/Name": None}}}}
    with pytest.raises(SwrError, match="Invalid image name 'Bad/Name'"):
        swr.seed(bad)
    assert swr.snapshot() == before
    retention = {"namespaces": {"fine": {"repositories": {"ok": {"retention": {"id": 0, "rules": KEEP_ONE}}}}}}
    with pytest.raises(TypeError, match="retention.id must be a positive int"):
        swr.seed(retention)
    assert swr.snapshot() == before


def test_restore_brings_back_state_ids_and_digests(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    digest = swr.push_image("team", "app", "v1")
    saved = swr.snapshot()
    swr.push_image("team", "app", "v2")
    requests.delete(swr.endpoint + "/v2/manage/namespaces/team/repos/app", headers=TOKEN, timeout=5)
    swr.restore(saved)
    assert swr.snapshot() == saved
    assert [tag.digest for tag in swr.tags("team", "app")] == [digest]
    assert [tag["Tag"] for tag in get(swr, "/v2/manage/namespaces/team/repos/app/tags")] == ["v1"]
    swr.push_image("team", "app", "v3")
    swr.restore(saved)  # a snapshot can be restored more than once
    assert swr.snapshot() == saved
    with pytest.raises(TypeError, match="restore\\(\\) takes what swr.snapshot\\(\\) returned, not dict"):
        swr.restore(dict(saved))  # type: ignore[arg-type]


def _positional(value: Any, where: str = "") -> list[str]:
    """Paths of lists of scalars or of lists in a snapshot: what named fields replaced."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _positional(item, f"{where}.{key}")
    elif isinstance(value, list):
        if where.endswith(".manifests") or ".blob_links." in where:
            return []  # sorted lists of digests: sets, not records
        if any(not isinstance(item, dict) for item in value):
            found.append(where)
        for item in value:
            found += _positional(item, where + "[]")
    return found


def test_snapshot_fields_are_named(swr: FakeSwr) -> None:
    swr.seed({"namespaces": {"team": {"repositories": {"app": {"tags": ["v1", "v2"], "shares": {"partner": None}}}}}})
    swr.run_retention("team", "app")
    swr.client().create_secret(__import__("huaweicloudsdkswr.v2", fromlist=["x"]).CreateSecretRequest())
    taken = swr.snapshot()
    assert isinstance(taken, Snapshot) and isinstance(taken, dict)
    repo = taken["regions"]["cn-north-4"]["team"]["repositories"]["app"]
    assert set(repo["tags"]["v1"]) == {"id", "digest", "created", "updated"}
    assert repo["creator"]["creator_name"] == "swr-admin"
    assert repo["shares"]["partner"]["deadline"] == "forever"
    assert taken["tenants"][swr.domain_id]["logins"][0]["kind"] == "secret"
    assert _positional(taken) == []


def test_views_add_nothing_to_the_call_log_and_refuse_unknown_names(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.push_image("team", "app", "v1")
    assert [view.name for view in swr.tags("team", "app")] == ["v1"]
    assert swr.repositories("team")[0].num_download == 0 and len(swr.calls) == 0
    with pytest.raises(ValueError, match="no organization 'tema' in region cn-north-4 \\(did you mean 'team'"):
        swr.repositories("tema")
    with pytest.raises(ValueError, match="no repository 'ap' in organization 'team' \\(did you mean 'app'"):
        swr.tags("team", "ap")
    with pytest.raises(ValueError, match="unknown region 'cn-nort-4'"):
        swr.repositories("team", region="cn-nort-4")
    with pytest.raises(TypeError, match="namespace must be a str, not int"):
        swr.repositories(3)  # type: ignore[arg-type]
    assert swr.snapshot()["regions"].keys() == {"cn-north-4"}


@pytest.mark.swr(clock=T0)
def test_repr_is_readable(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.push_image("team", "app", "v1")
    swr.faults.fail("delete_repo")
    text = repr(swr)
    assert text.startswith("<FakeSwr active region=cn-north-4 organizations=1 repositories=1 tags=1 calls=0 faults=1")
    assert "frozen at 2025-06-01T12:00:00+00:00" in text
    assert swr.clock.now() == T0  # repr did not read (tick) the clock
