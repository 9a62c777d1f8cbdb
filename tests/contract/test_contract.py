"""The contract scenarios against the target (the fake by default; see conftest.py).

On the fake (a Huawei Cloud and an Open Telekom Cloud region), every step must give its
documented answer. On another target (the real service,
later the server mode) each scenario also runs on a fresh in-process fake of the same region,
and every difference (status, error code, field names and types, headers) is reported.
"""

from __future__ import annotations

import pytest

from swr_fake import FakeSwr
from tests.contract.observe import Report
from tests.contract.scenarios import SCENARIOS, Run, new_prefix
from tests.contract.targets import Target, fake_target


def run_scenario(name: str, target: Target) -> Run:
    run = Run(target, new_prefix())
    try:
        SCENARIOS[name](run)
    finally:
        run.cleanup()
    return run


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario(
    scenario: str, contract_target: Target, contract_report: Report, request: pytest.FixtureRequest
) -> None:
    if contract_target.name == "fake":
        request.getfixturevalue("swr")  # an active, freshly reset fake
        problems = []
        # Both clouds: the documented answers differ in places (a missing share on OTC).
        for region in (contract_target.region, "eu-de"):
            observed = run_scenario(scenario, fake_target(region)).observations
            problems += contract_report.add(f"{scenario} ({region})", [(obs, None) for obs in observed])
    else:
        # The target first, with no fake active: the fake intercepts the cloud's host names.
        observed = run_scenario(scenario, contract_target).observations
        with FakeSwr(region=contract_target.region):
            reference = run_scenario(scenario, fake_target(contract_target.region)).observations
        problems = contract_report.add(scenario, list(zip(observed, reference, strict=False)))
        if len(observed) != len(reference):
            problems.append(f"{len(observed)} steps ran on {contract_target.name}, {len(reference)} on the fake")
    assert not problems, "\n".join(problems)
