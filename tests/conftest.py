"""Test settings: a throwaway HOME for the SDK, schema checks on every response, and the
robustness suites' counters in the terminal summary."""

from __future__ import annotations

import os
import tempfile

# The SDK writes ~/.huaweicloud/application_id when it is imported; keep that out of $HOME.
os.environ["HOME"] = tempfile.mkdtemp(prefix="swr-fake-home-")

import pytest  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    # The contract suite (tests/contract): live only with this flag AND SWR_LIVE_* credentials.
    parser.addoption("--swr-live", action="store_true", help="run tests/contract against the real SWR service")
    parser.addoption("--swr-contract-report", default=None, help="where to write the contract report (.json, .md)")


@pytest.fixture(scope="session")
def swr_validate_responses() -> bool:
    return True


ROBUSTNESS_COUNTERS = ("fuzzed_requests", "stateful_sequences", "stateful_steps", "concurrent_operations")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Adds up the counters the robustness suites record (from every xdist worker)."""
    totals: dict[str, int] = {}
    for report in terminalreporter.stats.get("passed", []):
        for name, value in getattr(report, "user_properties", ()):
            if name in ROBUSTNESS_COUNTERS:
                totals[name] = totals.get(name, 0) + int(value)
    if totals:
        terminalreporter.write_line("robustness: " + ", ".join(f"{name}={totals[name]}" for name in sorted(totals)))
