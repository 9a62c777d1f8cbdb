"""Mistakes in a test fail loudly: unknown operation names, faults that never fire, an empty
call log, a refused name, a missing extra, two fakes at once."""

from __future__ import annotations

import sys
import warnings

import pytest
import requests

from swr_fake import FakeSwr, SwrError, mock_swr
from swr_fake.extras import MissingExtraError, require
from swr_fake.fake import SwrFakeWarning

pytest_plugins = ["pytester"]
TOKEN = {"X-Auth-Token": "t"}


def list_namespaces(swr: FakeSwr) -> None:
    requests.get(swr.endpoint + "/v2/manage/namespaces", headers=TOKEN, timeout=5)


@pytest.mark.parametrize(
    "query",
    [
        lambda calls: calls.of("delete_repo_tags"),
        lambda calls: calls.where("delete_repo_tags"),
        lambda calls: calls.count("delete_repo_tags"),
        lambda calls: calls.assert_called("delete_repo_tags"),
        lambda calls: calls.assert_not_called("delete_repo_tags"),
    ],
)
def test_every_call_log_query_rejects_an_unknown_operation(swr: FakeSwr, query: object) -> None:
    list_namespaces(swr)
    with pytest.raises(ValueError, match="unknown SWR operation 'delete_repo_tags'; did you mean 'delete_repo_tag'"):
        query(swr.calls)  # type: ignore[operator]


def test_call_log_matchers_and_fault_kinds_are_checked(swr: FakeSwr) -> None:
    list_namespaces(swr)
    assert swr.calls.count("list_namespaces_async") == 1  # an SDK async name means the operation
    with pytest.raises(TypeError, match="unknown call matcher 'namspace' \\(did you mean 'namespace'"):
        swr.calls.assert_not_called("delete_repo", namspace="team")
    with pytest.raises(ValueError, match="unknown fault kind 'conection_error' \\(did you mean 'connection_error'"):
        swr.calls.where(fault="conection_error")


def test_last_on_an_empty_log_says_so(swr: FakeSwr) -> None:
    with pytest.raises(IndexError, match="no calls were made"):
        _ = swr.calls.last
    list_namespaces(swr)
    assert swr.calls.last.operation == "list_namespaces"


def test_assert_all_fired_names_the_faults_that_never_fired(swr: FakeSwr) -> None:
    swr.faults.fail("list_namespaces", status=500)
    typo = swr.faults.fail(path=r"/v2/manage/namespaces/tema$", status=503)
    with swr.faults.timeout("delete_repo"):
        pass  # cancelled unfired: still reported
    list_namespaces(swr)
    assert swr.calls.last.status == 500
    with pytest.raises(AssertionError, match="2 injected fault\\(s\\) never fired") as raised:
        swr.faults.assert_all_fired()
    assert "tema" in str(raised.value) and "delete_repo" in str(raised.value)
    assert swr.faults.unfired[0] is typo
    swr.reset()
    swr.faults.assert_all_fired()  # nothing registered since the reset


def test_opt_in_teardown_failure_for_faults_that_never_fired(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
import pytest

@pytest.mark.swr(assert_all_faults_fired=True)
def test_strict(swr):
    swr.faults.fail("delete_repo")

def test_lenient_by_default(swr):
    swr.faults.fail("delete_repo")
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*1 injected fault(s) never fired*", "*operation='delete_repo'*"])


def test_str_of_a_refused_name_carries_the_name_and_the_reason(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    with pytest.raises(SwrError) as raised:
        swr.push_image("team", "Web/App", "v1")
    text = str(raised.value)
    assert text.startswith("400 SVCSTG.SWR.4001029: Invalid image name 'Web/App': ")
    assert "'W'" in text and "namespace 'team'" in text and "tag 'v1'" in text
    with pytest.raises(SwrError, match=r"The organization was not found \(namespace 'nope', repository 'app'\)$"):
        swr.create_repository("nope", "app")
    assert raised.value.message == "Invalid image name."  # the wire message is unchanged


def test_a_missing_extra_names_the_pip_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "huaweicloudsdkswr", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "huaweicloudsdkswr.v2", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'swr-fake\[sdk\]'"):
        FakeSwr().client()
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "swr_fake.strategies", raising=False)
    with pytest.raises(ImportError, match=r"pip install 'swr-fake\[strategies\]'"):
        import swr_fake.strategies  # noqa: F401
    with pytest.raises(ModuleNotFoundError):  # not an extra: the plain error
        require("no_such_module_here", "this")


def test_a_second_active_fake_warns_and_stacks() -> None:
    with mock_swr() as outer:
        with pytest.warns(SwrFakeWarning, match="another FakeSwr is active"), mock_swr() as inner:
            list_namespaces(inner)
        list_namespaces(outer)  # the inner one stopped: the outer answers again
        assert len(inner.calls) == 1 and len(outer.calls) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with mock_swr():  # alone again: no warning
            pass
