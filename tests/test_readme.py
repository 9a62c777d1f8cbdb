"""The README as a newcomer uses it: its first test passes as written, and CI runs the test
command it gives."""

from __future__ import annotations

import pathlib
import re

import pytest

pytest_plugins = ["pytester"]

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(after_heading: str, language: str) -> str:
    """The first fenced block of ``language`` after a heading."""
    section = ("\n" + README).split(f"\n{after_heading}\n", 1)[1]
    found = re.search(rf"```{language}\n(.*?)```", section, re.DOTALL)
    assert found is not None, after_heading
    return found.group(1)


def test_the_first_test_passes_as_written(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_first=_block("## A first test", "python"))
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_conftest_example_sets_a_frozen_clock(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(_block("### The pytest fixture", "python"))
    pytester.makepyfile(
        """
from swr_fake import FrozenClock

def test_times_are_frozen(swr):
    assert isinstance(swr.backend.clock, FrozenClock)
    assert swr.backend.clock.now() == swr.backend.clock.now()
"""
    )
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_ci_runs_the_readmes_test_command() -> None:
    commands = [line.split("#")[0].strip() for line in _block("# swr-fake", "bash").splitlines()]
    demo, tests = commands
    assert demo.endswith("swr-fake demo") and demo.startswith("pip install")
    # CI installs the other-language clients between the install and the run: both halves, in order.
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    install, run = (part.strip() for part in tests.split("&&"))
    assert install in ci and run in ci, f"{tests!r}: .ci/run does not run both halves"
    assert ci.index(install) < ci.index(run)
