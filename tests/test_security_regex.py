"""User-supplied regular expressions are Go's (RE2): linear time, and Python-only syntax refused.

Each family is generated: every Python-only construct combined with surrounding text, and
nested-quantifier patterns of every shape against long tags that would take ``re`` hours.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swr_fake import FakeSwr, regex
from tests.support import api, assert_error

RETENTIONS = "/v2/manage/namespaces/rx/repos/app/retentions"
TRIGGERS = "/v2/manage/namespaces/rx/repos/app/triggers"

# Constructs Python's ``re`` accepts and Go's ``regexp`` (RE2) refuses.
PYTHON_ONLY = [
    "(?!latest$)",  # negative lookahead: "every tag except latest"
    "(?=v)",  # lookahead
    "(?<=v)1",  # lookbehind
    "(?<!v)1",  # negative lookbehind
    "(a)\\1",  # backreference
    "(?P<x>a)(?P=x)",  # named backreference
    "a++",  # possessive
    "a*+",
    "(?>a)",  # atomic group
    "a\\Z",  # Python's end of string
    "(?#comment)",  # inline comment
    "(?(1)a|b)",  # conditional
    "\\C",  # RE2 accepts it, Go does not
    "a{1001}",  # Go's repeat limit is 1000
]
TEXT = st.text(alphabet="abcv1.-_^$", max_size=6)


def _policy(pattern: str) -> dict[str, Any]:
    selector = {"kind": "regexp", "pattern": pattern}
    return {"algorithm": "or", "rules": [{"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": [selector]}]}


def _trigger(pattern: str) -> dict[str, Any]:
    return {
        "name": "t", "trigger_type": "regular", "condition": pattern, "enable": "true", "action": "update",
        "app_type": "deployments", "application": "web", "cluster_ns": "default",
    }  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(construct=st.sampled_from(PYTHON_ONLY), before=TEXT, after=TEXT)
def test_python_only_syntax_is_refused_wherever_it_appears(construct: str, before: str, after: str) -> None:
    pattern = before + construct + "_" + after  # "_": a digit after "\\1" would make it octal
    assert regex.violation(pattern) is not None, pattern


@pytest.mark.parametrize("construct", PYTHON_ONLY)
def test_an_expression_go_refuses_is_a_400_naming_the_field(swr: FakeSwr, construct: str) -> None:
    swr.create_namespace("rx")
    swr.push_image("rx", "app", "v1")
    before = swr.snapshot()
    body = assert_error(api(swr, "POST", RETENTIONS, body=_policy(construct)), 400, "SVCSTG.SWR.4000014")
    assert "rules[0].tag_selectors[0].pattern" in body["error_msg"]
    body = assert_error(api(swr, "POST", TRIGGERS, body=_trigger(construct)), 400, "SVCSTG.SWR.4000014")
    assert "condition" in body["error_msg"]
    assert swr.snapshot() == before


# Nested and alternated quantifiers: exponential for a backtracking engine on a near-miss.
CATASTROPHIC = st.sampled_from(["(a+)+$", "(a*)*$", "(a|a)+$", "(a|aa)+$", "(.*a){12}$", "(a+)+b", "^(a?){30}a{30}$"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=CATASTROPHIC, length=st.integers(min_value=30, max_value=128))
def test_catastrophic_patterns_match_in_linear_time(pattern: str, length: int) -> None:
    """With ``re`` each of these takes seconds at 30 characters and hours at 40; with RE2
    the search answers at once (a hang here would stop the test run, not slow it)."""
    tag = "a" * (length - 1) + "!"
    assert regex.violation(pattern) is None
    assert regex.search(pattern, tag) in (True, False)


def test_a_catastrophic_selector_does_not_stall_later_pushes(swr: FakeSwr) -> None:
    swr.create_namespace("rx")
    swr.push_image("rx", "app", "v1")
    assert api(swr, "POST", RETENTIONS, body=_policy("(a+)+$")).status_code == 201
    assert api(swr, "POST", TRIGGERS, body=_trigger("(a+)+$")).status_code == 201
    tag = "a" * 60 + "b"  # not matched: the selector does not exempt it, num=1 keeps the newest
    swr.push_image("rx", "app", tag)
    swr.push_image("rx", "app", "a" * 100)  # matched: exempt, and the trigger fires
    tags = {t["Tag"] for t in api(swr, "GET", "/v2/manage/namespaces/rx/repos/app/tags").json()}
    assert tags == {tag, "a" * 100}


@pytest.mark.parametrize(
    ("pattern", "tag", "expected"),
    [
        ("v1", "v1.2", True),  # unanchored search, as Go's MatchString
        ("^v1$", "v1.2", False),
        ("^123$", "123", True),  # the documented selector example
        ("^(?:latest)$", "latest", True),
        ("(?i)LATEST", "latest", True),
        ("\\d+\\.\\d+", "release-1.2", True),
        ("$^", "x", False),
    ],
)
def test_matching_is_an_unanchored_search(pattern: str, tag: str, expected: bool) -> None:
    assert regex.violation(pattern) is None
    assert regex.search(pattern, tag) is expected


def test_expressions_longer_than_the_bound_are_refused() -> None:
    assert regex.violation("a" * regex.PATTERN_MAX_LEN) is None
    assert regex.violation("a" * (regex.PATTERN_MAX_LEN + 1)) is not None
    assert regex.violation("\ud800") is not None
    assert regex.violation(7) is not None
