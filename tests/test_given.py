"""The fake inside hypothesis ``@given``: a fresh fake per example, with every health check on."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from swr_fake import mock_swr
from swr_fake.plugin import FakeFactory
from swr_fake.strategies import valid_namespace_names, valid_repository_names

pytest_plugins = ["pytester"]
TOKEN = {"X-Auth-Token": "t"}
T0 = datetime(2026, 4, 1, tzinfo=timezone.utc)


def names_listed(endpoint: str) -> list[str]:
    answer = requests.get(endpoint + "/v2/manage/namespaces", headers=TOKEN, timeout=5)
    return [item["name"] for item in answer.json()["namespaces"]]


# No suppress_health_check: a function-scoped fixture would fail the check; swr_factory is module-scoped.
@settings(max_examples=15, deadline=None)
@given(namespace=valid_namespace_names(), repository=valid_repository_names())
def test_each_example_gets_a_fresh_fake_from_the_factory(
    swr_factory: FakeFactory, namespace: str, repository: str
) -> None:
    with swr_factory(clock=T0) as swr:
        created = requests.post(swr.endpoint + "/v2/manage/namespaces", json={"namespace": namespace}, headers=TOKEN)
        assert created.status_code == 201  # never 409: nothing is left from the previous example
        swr.push_image(namespace, repository, "v1")
        assert names_listed(swr.endpoint) == [namespace]
        assert [view.created for view in swr.tags(namespace, repository)] == [T0]
        assert len(swr.calls) == 2


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=0, max_value=3))
def test_mock_swr_per_example_works_too(count: int) -> None:
    with mock_swr() as swr:
        for number in range(count):
            swr.create_namespace(f"ns{number}")
        assert len(names_listed(swr.endpoint)) == count


def test_factory_misuse_is_a_clear_error(swr_factory: FakeFactory) -> None:
    with swr_factory() as swr, pytest.raises(RuntimeError, match="the previous fake is still active"):
        swr_factory()
    assert not swr.calls
    with pytest.raises(TypeError, match="unknown setting 'regoin'"):
        swr_factory(regoin="eu-de")


def test_the_swr_fixture_in_given_fails_the_health_check_and_the_factory_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
from hypothesis import given, settings, strategies as st

@settings(max_examples=3)
@given(st.integers())
def test_with_the_function_fixture(swr, number):
    pass

@settings(max_examples=3)
@given(st.integers())
def test_with_the_factory(swr_factory, number):
    with swr_factory() as swr:
        swr.create_namespace("team")
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*FAILED*test_with_the_function_fixture*"])
