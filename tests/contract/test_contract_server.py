"""The contract scenarios against the server mode (`swr-fake serve`), compared step by step
with the in-process fake: one dispatcher, so every status, code, field and header must agree."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from swr_fake import FakeSwr
from swr_fake.backend import DEFAULT_REGION
from swr_fake.server import SwrServer
from tests.contract.observe import Report
from tests.contract.scenarios import SCENARIOS
from tests.contract.targets import Target, fake_target, token_auth
from tests.contract.test_contract import run_scenario


@pytest.fixture(scope="module")
def server() -> Iterator[SwrServer]:
    with SwrServer(region=DEFAULT_REGION) as running:
        yield running


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario_over_the_server(scenario: str, server: SwrServer) -> None:
    server.fake.reset()
    target = Target("server", server.url, DEFAULT_REGION, token_auth("contract-token"))
    observed = run_scenario(scenario, target).observations
    with FakeSwr(region=DEFAULT_REGION):
        reference = run_scenario(scenario, fake_target(DEFAULT_REGION)).observations
    report = Report("server", "fake")
    problems = report.add(scenario, list(zip(observed, reference, strict=False)))
    assert len(observed) == len(reference) and observed, (len(observed), len(reference))
    assert not problems, "\n".join(problems)
