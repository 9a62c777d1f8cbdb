"""Account-wide operations: temporary login commands, quotas, overview, reports, feature gates, agency."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from huaweicloudsdkswr.v2 import (
    CheckAgencyRequest,
    CreateAgencyRequest,
    CreateAuthorizationTokenRequest,
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    CreateSecretRequest,
    ListQuotasRequest,
    ShowDomainOverviewRequest,
    ShowDomainResourceReportsRequest,
    ShowShareFeatureGatesRequest,
)

from swr_fake import FakeSwr, FrozenClock
from tests.support import api, assert_error, sdk_rejects

START = datetime(2026, 3, 10, 9, 30, 15, 123456, tzinfo=timezone.utc)
EAST = "cn-east-3"
MIB = 1024 * 1024
INVALID = "SVCSTG.SWR.4000014"


@pytest.fixture
def clock(swr: FakeSwr) -> Iterator[FrozenClock]:
    """A frozen clock for the fake (the session's fake keeps the wall clock otherwise)."""
    frozen = FrozenClock(START)
    previous = swr.backend.clock
    swr.backend.clock = frozen
    yield frozen
    swr.backend.clock = previous


def image(size: int, seed: str) -> dict[str, Any]:
    """A manifest whose config and layer sizes add up to ``size`` bytes."""
    return {
        "schemaVersion": 2,
        "config": {"size": 1000, "digest": f"sha256:{seed * 64}"[:71]},
        "layers": [{"size": size - 1000, "digest": f"sha256:{seed}"}],
    }


def login_of(command: str) -> tuple[str, str]:
    parts = command.split()
    assert parts[:3] == ["docker", "login", "-u"] and parts[4] == "-p" and len(parts) == 6
    return parts[3], parts[5]


# --- temporary login commands ------------------------------------------------------------------------------
def test_secret_login_command_is_accepted_until_it_expires(swr: FakeSwr, clock: FrozenClock) -> None:
    response = swr.client().create_secret(CreateSecretRequest())
    assert response.status_code == 200
    username, password = login_of(response.x_swr_dockerlogin)
    assert username == f"{swr.region}@{swr.access_key}"
    assert response.x_swr_expireat == "2026-03-10T15:30:15.123Z"  # six hours, in milliseconds
    (host,) = response.auths
    assert host == f"swr.{swr.region}.myhuaweicloud.com"
    assert base64.b64decode(response.auths[host].auth).decode() == f"{username}:{password}"

    assert swr.docker_login(username, password)
    assert not swr.docker_login(username, password + "0")
    assert not swr.docker_login(username, password, region=EAST)  # issued for this region's registry
    clock.advance(hours=6, microseconds=-1)
    assert swr.docker_login(username, password)
    clock.advance(microseconds=1)
    assert not swr.docker_login(username, password)


def test_secret_takes_a_project_name(swr: FakeSwr) -> None:
    client = swr.client()
    command = client.create_secret(CreateSecretRequest(projectname=f"{swr.region}_dev")).x_swr_dockerlogin
    username, password = login_of(command)
    assert username == f"{swr.region}_dev@{swr.access_key}"
    assert swr.docker_login(username, password)
    sdk_rejects(swr, lambda: client.create_secret(CreateSecretRequest(projectname="eu-de")), 400, INVALID)


def test_each_secret_is_a_new_credential(swr: FakeSwr) -> None:
    client = swr.client()
    first = login_of(client.create_secret(CreateSecretRequest()).x_swr_dockerlogin)
    second = login_of(client.create_secret(CreateSecretRequest()).x_swr_dockerlogin)
    assert first[0] == second[0] and first[1] != second[1]
    assert swr.docker_login(*first) and swr.docker_login(*second)
    logins = swr.snapshot()["tenants"][swr.domain_id]["logins"]
    assert sorted([entry["username"], entry["password"]] for entry in logins) == sorted([list(first), list(second)])


def test_secret_in_another_region_is_for_that_registry(swr: FakeSwr) -> None:
    response = swr.client(EAST).create_secret(CreateSecretRequest())
    username, password = login_of(response.x_swr_dockerlogin)
    assert username.startswith(f"{EAST}@") and list(response.auths) == [f"swr.{EAST}.myhuaweicloud.com"]
    assert swr.docker_login(username, password, region=EAST)
    assert not swr.docker_login(username, password)


def test_secret_through_requests_with_a_token(swr: FakeSwr) -> None:
    """A token caller presents no access key: the login names a made-up one."""
    response = api(swr, "POST", "/v2/manage/utils/secret")
    assert response.status_code == 200
    username, password = login_of(response.headers["X-Swr-Dockerlogin"])
    assert username.startswith(f"{swr.region}@SWRTMP") and len(username.split("@")[1]) == 20
    assert "X-Swr-Expireat" in response.headers
    auth = response.json()["auths"][f"swr.{swr.region}.myhuaweicloud.com"]["auth"]
    assert base64.b64decode(auth).decode() == f"{username}:{password}"
    assert swr.docker_login(username, password)


def test_authorization_token_is_a_bearer_login(swr: FakeSwr, clock: FrozenClock) -> None:
    response = swr.client().create_authorization_token(CreateAuthorizationTokenRequest())
    assert response.status_code == 200
    username, password = login_of(response.x_swr_dockerlogin)
    assert username == f"bearertoken@{swr.access_key}"
    assert response.x_swr_expireat == "2026-03-10T21:30:15.123Z"  # twelve hours
    assert base64.b64decode(response.auths[f"swr.{swr.region}.myhuaweicloud.com"].auth).decode() == (
        f"{username}:{password}"
    )
    assert swr.docker_login(username, password)
    clock.advance(hours=12)
    assert not swr.docker_login(username, password)


def test_authorization_token_expiry_header_is_lower_case(swr: FakeSwr) -> None:
    response = api(swr, "POST", "/v2/manage/utils/authorizationtoken")
    assert "x-swr-expireat" in list(response.headers) and "X-Swr-Dockerlogin" in list(response.headers)
    assert login_of(response.headers["X-Swr-Dockerlogin"])[0].startswith("bearertoken@")


def test_login_of_a_signed_user_names_the_users_key(swr: FakeSwr) -> None:
    user = swr.add_user("ci")
    access_key, _ = swr.add_access_key(user)
    client = swr.client(access_key=access_key)
    username, password = login_of(client.create_secret(CreateSecretRequest()).x_swr_dockerlogin)
    assert username == f"{swr.region}@{access_key}"
    assert swr.docker_login(username, password)


# --- quotas ----------------------------------------------------------------------------------------------------
def create_ns(swr: FakeSwr, name: str) -> Any:
    return swr.client().create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace=name)))


def test_sixth_namespace_is_rejected_and_quota_shows_five_used(swr: FakeSwr) -> None:
    client = swr.client()
    (empty,) = client.list_quotas(ListQuotasRequest()).quotas
    assert (empty.quota_key, empty.quota_limit, empty.used, empty.unit) == ("namespace", 5, 0, "")
    for index in range(5):
        assert create_ns(swr, f"org{index}").status_code == 201
    sdk_rejects(swr, lambda: create_ns(swr, "org5"), 400, "SVCSTG.SWR.4000097")
    (quota,) = client.list_quotas(ListQuotasRequest()).quotas
    assert (quota.quota_limit, quota.used) == (5, 5)


def test_quota_counts_only_this_account_in_this_region(swr: FakeSwr) -> None:
    swr.create_namespace("mine")
    swr.create_namespace("mine-east", region=EAST)
    other = swr.add_tenant("tenant-b")
    swr.backend.create_namespace(swr.backend.caller(swr.region, other), "theirs")
    raw = api(swr, "GET", f"/v2/manage/projects/{swr.project_id()}/quotas").json()
    assert raw == {"quotas": [{"quota_key": "namespace", "quota_limit": 5, "used": 1, "unit": ""}]}


def test_set_quota_changes_the_limit(swr: FakeSwr) -> None:
    for index in range(5):
        swr.create_namespace(f"org{index}")
    swr.set_quota("namespace", 6)
    assert create_ns(swr, "org5").status_code == 201
    (quota,) = swr.client().list_quotas(ListQuotasRequest()).quotas
    assert (quota.quota_limit, quota.used) == (6, 6)
    swr.set_quota("namespace", 2)  # below the current use: nothing is deleted, nothing more is allowed
    sdk_rejects(swr, lambda: create_ns(swr, "org6"), 400, "SVCSTG.SWR.4000097")
    with pytest.raises(ValueError):
        swr.set_quota("images", 10)
    with pytest.raises(ValueError):
        swr.set_quota("namespace", -1)


# --- overview and reports -----------------------------------------------------------------------------------------
def overview(swr: FakeSwr, region: str | None = None) -> Any:
    return swr.client(region).show_domain_overview(ShowDomainOverviewRequest())


def test_overview_is_computed_from_state(swr: FakeSwr) -> None:
    empty = overview(swr)
    assert (empty.domain_id, empty.domain_name) == (swr.domain_id, swr.domain_name)
    assert (empty.namspace_num, empty.repo_num, empty.image_num, empty.store_space, empty.downflow_size) == (
        0, 0, 0, 0, 0,
    )  # fmt: skip
    swr.create_namespace("group")
    swr.create_namespace("spare")
    swr.push_image("group", "app", "v1", image(3 * MIB, "a"))
    swr.push_image("group", "app", "latest", image(3 * MIB, "a"))  # same manifest: stored once
    swr.push_image("group", "web", "v1", image(MIB + MIB // 2, "b"))
    swr.pull_image("group", "app", "v1")
    swr.pull_image("group", "app", "latest")
    swr.pull_image("group", "web", "v1")
    found = overview(swr)
    assert (found.namspace_num, found.repo_num, found.image_num) == (2, 2, 3)
    assert (found.store_space, found.downflow_size) == (4.5, 7.5)
    raw = api(swr, "GET", "/v2/manage/overview").json()
    assert raw["namspace_num"] == 2 and "namespace_num" not in raw  # the API's spelling
    assert overview(swr, EAST).namspace_num == 0  # per region


def test_overview_of_another_account_excludes_ours(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1", image(MIB, "a"))
    other = swr.add_tenant("tenant-b")
    key, secret = swr.add_access_key(other.admin)
    theirs = swr.client(access_key=key, secret_key=secret).show_domain_overview(ShowDomainOverviewRequest())
    assert (theirs.domain_id, theirs.repo_num, theirs.store_space) == (other.domain_id, 0, 0)


def report(swr: FakeSwr, kind: str) -> list[tuple[str, float]]:
    found = swr.client().show_domain_resource_reports(ShowDomainResourceReportsRequest(kind, "daily")).body
    return [(item.date, item.value) for item in found]


def test_downflow_report_counts_pulls_per_day(swr: FakeSwr, clock: FrozenClock) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1", image(MIB, "a"))
    swr.pull_image("group", "app", "v1")
    clock.advance(days=1)
    swr.pull_image("group", "app", "v1")
    swr.pull_image("group", "app", "v1")
    days = report(swr, "downflow")
    assert len(days) == 30
    assert days[0][0] == "2026-02-10" and days[-1][0] == "2026-03-11"
    assert days[-2:] == [("2026-03-10", 1.0), ("2026-03-11", 2.0)]
    assert all(value == 0 for _, value in days[:-2])
    assert overview(swr).downflow_size == 3.0
    assert swr.snapshot()["downflow"][swr.region][swr.domain_id] == {"2026-03-10": MIB, "2026-03-11": 2 * MIB}


def test_store_report_follows_the_images_held(swr: FakeSwr, clock: FrozenClock) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1", image(MIB, "a"))
    clock.advance(days=2)
    swr.push_image("group", "app", "v2", image(2 * MIB, "b"))
    values = dict(report(swr, "store"))
    assert (values["2026-03-09"], values["2026-03-10"], values["2026-03-11"], values["2026-03-12"]) == (0, 1, 1, 3)
    raw = api(swr, "GET", "/v2/manage/reports/store/daily").json()
    assert raw[-1] == {"date": "2026-03-12", "value": 3.0}


@pytest.mark.parametrize(("kind", "frequency"), [("upflow", "daily"), ("store", "weekly")])
def test_unknown_report_is_400(swr: FakeSwr, kind: str, frequency: str) -> None:
    request = ShowDomainResourceReportsRequest(kind, frequency)
    sdk_rejects(swr, lambda: swr.client().show_domain_resource_reports(request), 400, INVALID)
    assert_error(api(swr, "GET", f"/v2/manage/reports/{kind}/{frequency}"), 400, INVALID)


# --- feature gates and agency ----------------------------------------------------------------------------------------
def test_feature_gates_are_twelve_booleans(swr: FakeSwr) -> None:
    gates = swr.client().show_share_feature_gates(ShowShareFeatureGatesRequest())
    assert (gates.enable_image_sync, gates.enable_list_v3, gates.enable_image_quota) == (True, True, False)
    raw = api(swr, "GET", f"/v2/manage/projects/{swr.project_id()}/feature-gates").json()
    assert len(raw) == 12 and all(isinstance(value, bool) for value in raw.values())


def test_agency_is_created_once_per_account(swr: FakeSwr) -> None:
    client = swr.client()
    checked = client.check_agency(CheckAgencyRequest())
    assert (checked.domain_id, checked.is_agency) == (swr.domain_id, False)
    assert client.create_agency(CreateAgencyRequest()).status_code == 204
    assert client.check_agency(CheckAgencyRequest()).is_agency is True
    assert swr.snapshot()["tenants"][swr.domain_id]["has_agency"] is True
    again = api(swr, "POST", "/v2/manage/agency")
    assert (again.status_code, again.content) == (204, b"")
    assert api(swr, "GET", "/v2/manage/agency").json() == {"domain_id": swr.domain_id, "is_agency": True}
    other = swr.add_tenant("tenant-b")
    key, secret = swr.add_access_key(other.admin)
    theirs = swr.client(access_key=key, secret_key=secret).check_agency(CheckAgencyRequest())
    assert (theirs.domain_id, theirs.is_agency) == (other.domain_id, False)
