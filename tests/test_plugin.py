"""The pytest plugin as a user sees it: installed entry point, fixture, overrides."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_fixture_is_available_and_isolated(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
import pytest

@pytest.fixture(scope="session")
def swr_region():
    return "ap-southeast-1"
"""
    )
    pytester.makepyfile(
        """
import requests

def test_first(swr):
    assert swr.region == "ap-southeast-1"
    swr.create_namespace("only-here")
    r = requests.get(swr.endpoint + "/v2/manage/namespaces", headers={"X-Auth-Token": "t"})
    assert [n["name"] for n in r.json()["namespaces"]] == ["only-here"]

def test_second_sees_a_fresh_fake(swr):
    assert swr.snapshot()["regions"] == {}
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
