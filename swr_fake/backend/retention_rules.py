"""Retention rules as pure functions: validation into one canonical form, and the tags they delete.

A policy's ``algorithm`` is ``or``: a tag goes when any rule wants it gone. Each rule sees only
the tags its ``tag_selectors`` do not exempt; exempt tags are never deleted and never counted.
- ``date_rule`` ``{"days": "N"}`` (1-365): keeps tags pushed within the last N days.
- ``tag_rule`` ``{"num": "N"}`` (1-1000): keeps the N most recently pushed tags.
"Pushed" is the tag's last update: pushing an existing tag again makes it new.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from .. import errors, regex
from ..clock import parse_time
from ..errors import SwrError
from ..model import Tag
from ..rules import regex_violation
from ..validate import decimal, shown

ALGORITHMS = ("or",)
# template -> (its one parameter, smallest value, largest value); ranges from the console docs.
TEMPLATES: dict[str, tuple[str, int, int]] = {
    "date_rule": ("days", 1, 365),
    "tag_rule": ("num", 1, 1000),
}
SELECTOR_KINDS = ("label", "regexp")
# Decided bounds (none documented): a policy runs over every tag on every push, so its size
# must stay small. The console offers one rule with a few exceptions.
RULES_MAX = 10
SELECTORS_MAX = 100


def _invalid(message: str) -> SwrError:
    return SwrError(errors.INVALID_PARAMETER, f"Invalid API parameters: {message}", detail=message)


def _count(where: str, value: object, low: int, high: int) -> str:
    """A count arrives as a string of digits (documented) or an integer; it is stored as a string."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _invalid(f"{where} must be a string of digits")
    # Bounded before any conversion: str() or int() of thousands of digits raises (or is slow).
    number = decimal(value) if isinstance(value, str) else value
    if number is None or not low <= number <= high:
        raise _invalid(f"{where} must be between {low} and {high}, not {shown(value)}")
    return str(number)


def _selector(where: str, selector: object) -> dict[str, str]:
    if not isinstance(selector, dict):
        raise _invalid(f"{where} must be an object")
    kind, pattern = selector.get("kind"), selector.get("pattern")
    if kind not in SELECTOR_KINDS:
        raise _invalid(f"{where}.kind must be one of {', '.join(SELECTOR_KINDS)}")
    if not isinstance(pattern, str) or not pattern or len(pattern) > regex.PATTERN_MAX_LEN:
        raise _invalid(f"{where}.pattern must be a non-empty string of at most {regex.PATTERN_MAX_LEN} characters")
    if kind == "regexp":
        problem = regex_violation(pattern)
        if problem is not None:
            raise _invalid(f"{where}.pattern is not a valid regular expression: {problem}")
    return {"kind": kind, "pattern": pattern}


def _rule(where: str, rule: object) -> dict[str, Any]:
    if not isinstance(rule, dict):
        raise _invalid(f"{where} must be an object")
    template = rule.get("template")
    if template not in TEMPLATES:
        raise _invalid(f"{where}.template must be one of {', '.join(TEMPLATES)}")
    key, low, high = TEMPLATES[template]
    params = rule.get("params")
    # Exactly the template's one parameter: a stray "num" on a date rule is a mistake, not a no-op.
    if not isinstance(params, dict) or set(params) != {key}:
        raise _invalid(f'{where}.params must be {{"{key}": "<{low}-{high}>"}}')
    selectors = rule.get("tag_selectors")
    if not isinstance(selectors, list) or len(selectors) > SELECTORS_MAX:
        raise _invalid(f"{where}.tag_selectors must be an array of at most {SELECTORS_MAX} (it may be empty)")
    return {
        # Key order matters: it is the order of the JSON in the histories' ``rule_type``.
        "template": template,
        "params": {key: _count(f"{where}.params.{key}", params[key], low, high)},
        "tag_selectors": [_selector(f"{where}.tag_selectors[{i}]", s) for i, s in enumerate(selectors)],
    }


def check_policy(algorithm: object, rules: object) -> list[dict[str, Any]]:
    """The rules in canonical form (string counts, known keys only); a 400 if anything is off."""
    if algorithm not in ALGORITHMS:
        raise _invalid("algorithm must be 'or'")
    if not isinstance(rules, list) or not rules or len(rules) > RULES_MAX:
        raise _invalid(f"rules must be an array of 1 to {RULES_MAX} rules")
    return [_rule(f"rules[{index}]", rule) for index, rule in enumerate(rules)]


def rule_json(rule: dict[str, Any]) -> str:
    """How the histories' ``rule_type`` spells a rule: compact JSON in canonical key order."""
    return json.dumps(rule, separators=(",", ":"), ensure_ascii=False)


def is_exempt(rule: dict[str, Any], tag: str) -> bool:
    """Whether one of the rule's selectors protects ``tag``. A regexp matches anywhere in the
    name unless it anchors itself (the documented example is ``^123$``), as Go's
    ``regexp.MatchString`` does; linear in the tag's length (RE2)."""
    return _exemption(rule)(tag)


def _exemption(rule: dict[str, Any]) -> Callable[[str], bool]:
    """The rule's selectors as one test, built once per rule and run (policy, push)."""
    selectors = rule["tag_selectors"]
    labels = frozenset(selector["pattern"] for selector in selectors if selector["kind"] == "label")
    expressions = regex.any_of(tuple(selector["pattern"] for selector in selectors if selector["kind"] == "regexp"))
    return lambda tag: tag in labels or expressions.search(tag)


def _push_order(tag: Tag) -> tuple[str, int]:
    """Oldest push first. Under a frozen clock many pushes share a timestamp: the push sequence
    then decides, never the creation id (a re-pushed old tag is the newest)."""
    return tag.updated, tag.pushed


def _doomed_by(rule: dict[str, Any], tags: list[Tag], now: datetime) -> list[Tag]:
    exempt = _exemption(rule)
    candidates = [tag for tag in tags if not exempt(tag.name)]
    if rule["template"] == "tag_rule":
        keep = int(rule["params"]["num"])
        newest_first = sorted(candidates, key=_push_order, reverse=True)
        return newest_first[keep:]
    cutoff = now - timedelta(days=int(rule["params"]["days"]))
    return [tag for tag in candidates if (parse_time(tag.updated) or now) < cutoff]


def plan_deletions(rules: list[dict[str, Any]], tags: list[Tag], now: datetime) -> list[tuple[Tag, dict[str, Any]]]:
    """The tags a policy deletes, oldest first, each with the first rule that wants it gone."""
    deciding: dict[str, dict[str, Any]] = {}
    for rule in rules:
        for tag in _doomed_by(rule, tags, now):
            deciding.setdefault(tag.name, rule)
    doomed = sorted((tag for tag in tags if tag.name in deciding), key=_push_order)
    return [(tag, deciding[tag.name]) for tag in doomed]
