"""The contract suite's target and report.

By default the target is the fake (and no report is written unless ``--swr-contract-report``
names a path). ``--swr-live`` switches to the real service; without the ``SWR_LIVE_*``
credentials (see ``targets.py``) the run stops at once rather than fall back to the fake.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from swr_fake.backend import DEFAULT_REGION
from tests.contract.observe import Report
from tests.contract.targets import Target, fake_target, live_target


@pytest.fixture(scope="session")
def contract_target(request: pytest.FixtureRequest) -> Target:
    """What the scenarios run against: a base URL, a region and the way to authenticate."""
    if not request.config.getoption("--swr-live"):
        return fake_target(DEFAULT_REGION)
    try:
        return live_target(os.environ)
    except ValueError as error:
        pytest.exit(str(error), returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session")
def contract_report(request: pytest.FixtureRequest, contract_target: Target) -> Iterator[Report]:
    report = Report(contract_target.name, "fake" if contract_target.name != "fake" else "the documented answers")
    yield report
    where = request.config.getoption("--swr-contract-report")
    if where is None and contract_target.name != "fake":
        where = "contract-report"
    if where is not None:
        report.write(Path(where))
