"""Test settings: a throwaway HOME for the SDK, schema checks on every response, and the
robustness suites' counters in the terminal summary."""

from __future__ import annotations

import os
import shutil
import tempfile

# The SDK writes ~/.huaweicloud/application_id when it is imported; keep that out of $HOME.
# Removed again when the session ends, in each xdist worker too, as is pytest's own tmp_path
# (`tmp_path_retention_policy` in pyproject.toml).
_REAL_HOME = os.environ.get("HOME")
_THROWAWAY_HOME = os.environ["HOME"] = tempfile.mkdtemp(prefix="swr-fake-home-")

import pytest  # noqa: E402


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Not pytest_unconfigure: xdist may stop a worker once its session has finished, before that runs.
    shutil.rmtree(_THROWAWAY_HOME, ignore_errors=True)
    if _REAL_HOME is None:
        os.environ.pop("HOME", None)
    else:
        os.environ["HOME"] = _REAL_HOME


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
