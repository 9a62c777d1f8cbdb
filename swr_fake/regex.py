"""User-supplied regular expressions (trigger conditions, retention ``regexp`` tag selectors).

SWR is a Go program: it reads these with Go's ``regexp`` package, whose syntax is RE2's and
whose matching takes time linear in the input. Python's ``re`` would accept what Go refuses
(lookaround, backreferences, possessive and atomic groups, ``\\Z``) and can take hours on a
pattern such as ``(a+)+$``, so every expression goes through RE2 (``google-re2``) here and
nowhere else.

Matching is Go's ``regexp.MatchString``: an unanchored search, so ``v1`` matches ``v1.2``
unless the pattern anchors itself (``^v1$``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import re2

__all__ = ["PATTERN_MAX_LEN", "AnyOf", "any_of", "search", "violation"]

# Decided bound (no documented one): long enough for any real tag expression, short enough
# that compiling one stays far below a millisecond.
PATTERN_MAX_LEN = 1024
_GO_MAX_REPEAT = 1000  # Go's regexp/syntax limit on {n,m}

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every rejected pattern to stderr


class _Rejected(Exception):
    pass


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> Any:
    """The compiled expression; raises `_Rejected` with RE2's (or Go's) reason."""
    if len(pattern) > PATTERN_MAX_LEN:
        raise _Rejected(f"at most {PATTERN_MAX_LEN} characters")
    refusal = _go_refusal(pattern)
    if refusal is not None:
        raise _Rejected(refusal)
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        raise _Rejected(reason.decode() if isinstance(reason, bytes) else str(reason)) from None
    except UnicodeEncodeError:  # lone surrogates: not UTF-8, so not a Go string either
        raise _Rejected("the expression is not valid UTF-8") from None


_REPEAT = re.compile(r"\{(\d+)(?:,(\d*))?\}")  # our own fixed pattern: linear


def _go_refusal(pattern: str) -> str | None:
    """What Go's parser refuses although RE2 accepts it: the ``\\C`` escape (any byte), and
    repeat counts over 1000 written with many digits (RE2 reads ``a{99999999999}`` as literal
    text, Go as a repeat it refuses). Skips escapes, ``\\Q...\\E`` and character classes."""
    index, length, in_class = 0, len(pattern), False
    while index < length:
        char = pattern[index]
        if char == "\\":
            following = pattern[index + 1 : index + 2]
            if following == "C":
                return "invalid escape sequence: \\C"
            if following == "Q":
                end = pattern.find("\\E", index + 2)
                index = length if end < 0 else end + 2
                continue
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[" and pattern.startswith("[:", index):
                end = pattern.find(":]", index + 2)
                index = index + 1 if end < 0 else end + 2
                continue
        elif char == "[":
            in_class = True
            index += 1
            # A "]" right after "[" or "[^" is a literal member, not the end.
            if pattern.startswith("^", index):
                index += 1
            if pattern.startswith("]", index):
                index += 1
            continue
        elif char == "{":
            found = _REPEAT.match(pattern, index)
            if found is not None:
                low, high = found.group(1), found.group(2)
                if _over(low) or (high is not None and high != "" and _over(high)):
                    return f"invalid repeat count: {found.group(0)[:40]}"
                index = found.end()
                continue
        index += 1
    return None


def _over(digits: str) -> bool:
    stripped = digits.lstrip("0")
    return len(stripped) > 4 or int(stripped or "0") > _GO_MAX_REPEAT


def violation(pattern: object) -> str | None:
    """Why ``pattern`` is not an expression Go's ``regexp.Compile`` accepts, or None if it is."""
    if not isinstance(pattern, str):
        return "must be a string"
    try:
        _compiled(pattern)
    except _Rejected as exc:
        return str(exc)
    return None


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches anywhere in ``text`` (Go's ``regexp.MatchString``).

    ``pattern`` must have passed `violation`; time is linear in ``len(text)``.
    """
    return _compiled(pattern).search(text) is not None


class AnyOf:
    """Several expressions (each passed `violation`) searched at once with one RE2 set: one
    linear pass over a text answers whether any matches. Answers are remembered (up to
    `MEMO_MAX` texts): retention asks about every tag on every push, and only one is new."""

    MEMO_MAX = 1 << 14  # per policy rule; all of them together stay within tens of MB

    def __init__(self, patterns: tuple[str, ...]) -> None:
        for pattern in patterns:
            _compiled(pattern)  # raises _Rejected for an expression `violation` would refuse
        self._set: Any = None
        if patterns:
            self._set = re2.Set.SearchSet(_OPTIONS)
            for pattern in patterns:
                self._set.Add(pattern)
            self._set.Compile()
        self._memo: dict[str, bool] = {}

    def search(self, text: str) -> bool:
        found = self._memo.get(text)
        if found is None:
            found = self._set is not None and self._set.Match(text) is not None
            if len(self._memo) >= self.MEMO_MAX:
                self._memo.clear()
            self._memo[text] = found
        return found


@functools.lru_cache(maxsize=32)
def any_of(patterns: tuple[str, ...]) -> AnyOf:
    """The (shared) `AnyOf` for ``patterns``."""
    return AnyOf(patterns)
