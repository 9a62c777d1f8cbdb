"""The contract suite's own machinery: it must notice differences, stay off the real service
unless asked, and sign live requests as the SDK does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swr_fake import FakeSwr
from swr_fake.backend.base import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY
from tests.contract.observe import Observation, Report, differences, error_code, shape
from tests.contract.scenarios import Run, new_prefix, shares
from tests.contract.targets import Target, fake_target, live_target, signed_auth


def observation(**changes: object) -> Observation:
    base: dict[str, object] = {
        "step": "show", "request": "GET /x", "status": 200, "error_code": None,
        "fields": {"$": "object", "$.created": "time:fraction"}, "headers": ["Content-Type", "X-Request-Id"],
    }  # fmt: skip
    return Observation(**{**base, **changes})  # type: ignore[arg-type]


def test_shape_types_every_path_and_the_form_of_times() -> None:
    body = [{"Tag": "v1", "created": "2018-07-06T06:18:55Z", "size": 3, "deleted": None}, {"Tag": "v2", "size": 1.5}]
    assert shape(body) == {
        "$": "array", "$[]": "object", "$[].Tag": "string", "$[].created": "time:seconds",
        "$[].deleted": "null", "$[].size": "integer|number",
    }  # fmt: skip
    # Three digits without a trailing zero fit the trimmed form too: only .xy0 shows milliseconds.
    assert shape({"t": "2021-06-10T08:14:42.56632Z", "u": "2024-12-26T11:22:50.760Z"}) == {
        "$": "object", "$.t": "time:fraction", "$.u": "time:millis",
    }  # fmt: skip


def test_error_code_is_found_in_every_documented_place() -> None:
    assert error_code({"error_code": "SVCSTG.SWR.4040058", "errors": []}) == "SVCSTG.SWR.4040058"
    assert error_code({"errors": [{"errorCode": "SVCSTG.SWR.4000306"}]}) == "SVCSTG.SWR.4000306"
    assert error_code({"errorCode": "SVCSTG.SWR.4001090"}) == "SVCSTG.SWR.4001090"
    assert error_code([{"errorCode": "SVCSTG.SWR.4001048", "errorMessage": "x"}]) == "SVCSTG.SWR.4001048"
    assert error_code("<html>") is None


def test_differences_name_status_code_fields_and_headers() -> None:
    same = observation()
    assert differences(same, observation()) == []
    other = observation(
        status=201, error_code="X", fields={"$": "object", "$.created": "time:seconds", "$.id": "integer"}, headers=[]
    )
    assert differences(other, same) == [
        "status 201 vs 200",
        "error code X vs None",
        "field $.created: time:seconds vs time:fraction",
        "field $.id: integer vs absent",
        "header Content-Type: absent vs present",
        "header X-Request-Id: absent vs present",
    ]


def test_the_report_catches_a_cloud_difference_and_writes_it(tmp_path: Path) -> None:
    # Open Telekom Cloud against Huawei Cloud, both served by one fake: the missing share differs.
    with FakeSwr():
        otc = Run(fake_target("eu-de"), new_prefix())
        shares(otc)
        otc.cleanup()
        huawei = Run(fake_target("cn-north-4"), new_prefix())
        shares(huawei)
        huawei.cleanup()
    report = Report("eu-de", "cn-north-4")
    lines = report.add("shares", list(zip(otc.observations, huawei.observations, strict=True)))
    assert lines == [
        "show before sharing [GET /v2/manage/namespaces/{org}/repositories/app/access-domains/swrctpartner]: "
        "status 200 vs 400",
        "show before sharing [GET /v2/manage/namespaces/{org}/repositories/app/access-domains/swrctpartner]: "
        "error code None vs SVCSTG.SWR.4001090",
        "show before sharing [GET /v2/manage/namespaces/{org}/repositories/app/access-domains/swrctpartner]: "
        "field $: object vs absent",
        "show before sharing [GET /v2/manage/namespaces/{org}/repositories/app/access-domains/swrctpartner]: "
        "field $.exist: boolean vs absent",
    ]
    report.write(tmp_path / "report")
    written = json.loads((tmp_path / "report.json").read_text())
    assert written["target"] == "eu-de" and len(written["scenarios"]["shares"]) == len(otc.observations)
    markdown = (tmp_path / "report.md").read_text()
    assert "4 differences in 1 scenarios" in markdown and "## shares: 4 differences" in markdown


def test_live_needs_credentials_and_names_what_is_missing() -> None:
    with pytest.raises(ValueError, match="SWR_LIVE_REGION, SWR_LIVE_PROJECT_ID, SWR_LIVE_TOKEN or SWR_LIVE_AK"):
        live_target({})
    with pytest.raises(ValueError, match="SWR_LIVE_TOKEN or SWR_LIVE_AK"):
        live_target({"SWR_LIVE_REGION": "cn-north-4", "SWR_LIVE_PROJECT_ID": "p", "SWR_LIVE_AK": "only-the-ak"})
    target = live_target({"SWR_LIVE_REGION": "eu-de", "SWR_LIVE_PROJECT_ID": "p", "SWR_LIVE_TOKEN": "t"})
    assert (target.name, target.base_url, target.region) == ("live", "https://swr-api.eu-de.otc.t-systems.com", "eu-de")


def test_the_default_target_is_the_fake(contract_target: Target) -> None:
    assert contract_target.name == "fake" and contract_target.base_url.endswith(".myhuaweicloud.com")


def test_live_requests_are_signed_as_the_sdk_signs_them(swr: FakeSwr) -> None:
    with swr.require_signatures():
        target = fake_target(swr.region)
        target.authorize = signed_auth(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, swr.project_id())
        assert target.send("POST", "/v2/manage/namespaces", {"namespace": "signed"}).status_code == 201
        target.authorize = signed_auth(DEFAULT_ACCESS_KEY, "wrong-secret", swr.project_id())
        assert target.send("GET", "/v2/manage/namespaces").status_code == 401


def test_cleanup_refuses_an_organization_of_another_run(swr: FakeSwr) -> None:
    run = Run(fake_target(swr.region), new_prefix())
    run.created.append("production")
    with pytest.raises(AssertionError, match="refusing to delete 'production'"):
        run.cleanup()
