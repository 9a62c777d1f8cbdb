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
from typing import Any

import re2

__all__ = ["PATTERN_MAX_LEN", "search", "violation"]

# Decided bound (no documented one): long enough for any real tag expression, short enough
# that compiling one stays far below a millisecond.
PATTERN_MAX_LEN = 1024

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every rejected pattern to stderr


class _Rejected(Exception):
    pass


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> Any:
    """The compiled expression; raises `_Rejected` with RE2's (or Go's) reason."""
    if len(pattern) > PATTERN_MAX_LEN:
        raise _Rejected(f"at most {PATTERN_MAX_LEN} characters")
    escape = _go_unsupported_escape(pattern)
    if escape is not None:
        raise _Rejected(f"invalid escape sequence: {escape}")
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        raise _Rejected(reason.decode() if isinstance(reason, bytes) else str(reason)) from None
    except UnicodeEncodeError:  # lone surrogates: not UTF-8, so not a Go string either
        raise _Rejected("the expression is not valid UTF-8") from None


def _go_unsupported_escape(pattern: str) -> str | None:
    """``\\C`` (any byte) is the one escape RE2 accepts and Go's parser refuses."""
    index = 0
    while index < len(pattern) - 1:
        if pattern[index] == "\\":
            if pattern[index + 1] == "C":
                return "\\C"
            index += 2
        else:
            index += 1
    return None


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
