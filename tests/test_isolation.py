"""Per-test isolation of the ``swr`` fixture, proven by running pytest on generated suites in a
subprocess: every setting a test changes comes back, and settings overridden in a conftest, a
module or a marker apply whatever ran before, in any order and under xdist."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

LEAKY = """
import datetime
import pytest
from swr_fake import FrozenClock

START = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)

@pytest.fixture(scope="session")          # a module's own override: only this module
def swr_region():
    return "ap-southeast-1"

@pytest.fixture(scope="session")
def swr_clock():
    return FrozenClock(START)

@pytest.mark.parametrize("round", [1, 2])
def test_changes_everything_it_can(swr, round):
    assert swr.region == "ap-southeast-1"
    assert swr.clock.now() == START           # the second round too: the clock was reset
    assert swr.snapshot()["regions"] == {}
    swr.clock.advance(days=400)
    swr.region = "eu-west-0"
    swr.access_key = "LEAKED"
    swr.require_signatures()
    swr.enforce_permissions()
    swr.set_quota("namespace", 1)
    swr.create_namespace("leak")
    swr.faults.fail("list_namespaces", times=None)
    swr.faults.latency(0.0, times=None)
    swr.faults.sleep = lambda seconds: None
    swr.offline = True
    swr.refuse_unmatched = True
"""

CLEAN = """
import datetime
import pytest
import requests
from swr_fake import FakeSwr

def test_everything_is_back_to_the_defaults(swr):
    assert swr.region == "cn-north-4"
    assert datetime.datetime.now(datetime.timezone.utc).year == swr.clock.now().year   # the wall clock
    assert swr.access_key == "SWRFAKEACCESSKEY0000"
    assert not swr.verify_signatures and not swr.backend.enforce_permissions
    assert swr.faults.pending == [] and not swr.offline and not swr.refuse_unmatched and len(swr.calls) == 0
    assert swr.snapshot()["tenants"][swr.domain_id]["quotas"] == {"namespace": 5}
    assert swr.domain_id == FakeSwr(seed=0).domain_id
    answer = requests.get(swr.endpoint + "/v2/manage/namespaces", headers={"X-Auth-Token": "t"}, timeout=5)
    assert answer.status_code == 200 and answer.json()["namespaces"] == []

@pytest.mark.swr(region="eu-de", seed=7, clock=datetime.datetime(2020, 2, 2, tzinfo=datetime.timezone.utc))
def test_a_marker_sets_region_seed_and_clock(swr):
    assert swr.region == "eu-de" and swr.endpoint == "https://swr-api.eu-de.otc.t-systems.com"
    assert swr.domain_id == FakeSwr(seed=7).domain_id
    assert swr.clock.now().year == 2020
    swr.clock.advance(days=3650)
"""

SUB_CONFTEST = """
import pytest

@pytest.fixture(scope="session")
def swr_region():
    return "la-south-2"

@pytest.fixture(scope="session")
def swr_seed():
    return 3
"""

SUB = """
import pytest
from swr_fake import FakeSwr

pytestmark = pytest.mark.swr(seed=11)   # a module-wide marker beats the conftest

def test_the_directory_conftest_and_the_module_marker_apply(swr):
    assert swr.region == "la-south-2" and swr.domain_id == FakeSwr(seed=11).domain_id
    swr.region = "cn-east-3"

@pytest.mark.swr(region="cn-south-1")   # the closest marker wins
def test_the_test_marker_beats_the_module_one(swr):
    assert swr.region == "cn-south-1" and swr.domain_id == FakeSwr(seed=11).domain_id
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_a_leaky=LEAKY, test_b_clean=CLEAN)
    sub = pytester.mkpydir("sub")
    (sub / "conftest.py").write_text(SUB_CONFTEST)
    (sub / "test_c_sub.py").write_text(SUB)
    return pytester


ORDERS = {
    "leaky module first": ["test_a_leaky.py", "sub", "test_b_clean.py"],
    "clean module first": ["test_b_clean.py", "sub", "test_a_leaky.py"],
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_no_verdict_depends_on_the_order(suite: pytest.Pytester, order: str) -> None:
    # A fresh interpreter per run: nothing of this session's fake or imports can help.
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:xdist", *ORDERS[order])
    result.assert_outcomes(passed=6)


def test_no_verdict_depends_on_the_worker(suite: pytest.Pytester) -> None:
    # Two workers: each module may run on either, after anything.
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", "-n", "2")
    result.assert_outcomes(passed=6)


def test_a_wrong_marker_is_a_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
import pytest

@pytest.mark.swr(regoin="eu-de")
def test_typo(swr):
    pass

@pytest.mark.swr(region="cn-nort-4")
def test_unknown_region(swr):
    pass

@pytest.mark.swr(clock="yesterday")
def test_not_a_clock(swr):
    pass
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(
        [
            "*unknown setting 'regoin' (did you mean 'region'?)*",
            "*unknown region 'cn-nort-4' (did you mean cn-north-4?)*",
            "*a clock is None (the wall clock), a datetime*",
        ]
    )
