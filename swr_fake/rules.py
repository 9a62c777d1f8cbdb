"""SWR's naming rules, as pure functions.

Organization: 1-64 characters, a lowercase letter first, a lowercase letter or digit last,
only ``a-z 0-9 . _ -``. Repository: 1-128 characters, a lowercase letter or digit at both
ends, and ``/`` allowed too. In both, separators may not touch except in docker's allowed
runs: one ``.`` (or ``/``), one ``_``, exactly ``__``, or any run of ``-``.
"""

from __future__ import annotations

import re

NAMESPACE_MAX_LEN = 64
REPOSITORY_MAX_LEN = 128
TAG_MAX_LEN = 128
TRIGGER_NAME_MAX_LEN = 64
RESERVED_NAMESPACES: frozenset[str] = frozenset({"library"})

_NAMESPACE = re.compile(r"[a-z][a-z0-9]*(?:(?:[._]|__|-+)[a-z0-9]+)*")
_REPOSITORY = re.compile(r"[a-z0-9]+(?:(?:[._/]|__|-+)[a-z0-9]+)*")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_TRIGGER = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def is_valid_namespace(name: object) -> bool:
    return isinstance(name, str) and len(name) <= NAMESPACE_MAX_LEN and _NAMESPACE.fullmatch(name) is not None


def is_reserved_namespace(name: str) -> bool:
    return name in RESERVED_NAMESPACES


def is_valid_repository(name: object) -> bool:
    return isinstance(name, str) and len(name) <= REPOSITORY_MAX_LEN and _REPOSITORY.fullmatch(name) is not None


def is_valid_tag(name: object) -> bool:
    return isinstance(name, str) and _TAG.fullmatch(name) is not None


def is_valid_trigger_name(name: object) -> bool:
    return isinstance(name, str) and _TRIGGER.fullmatch(name) is not None


def _separator_problem(name: str, separators: str) -> str | None:
    """Explain why the separators of an otherwise plausible name are not allowed."""
    run = ""
    for char in name + "a":
        if char in separators:
            run += char
            continue
        if run and run not in (".", "/", "_", "__") and set(run) != {"-"}:
            if set(run) == {"_"}:
                return "at most two consecutive underscores"
            return f"separators {', '.join(repr(s) for s in separators)} may not be next to each other"
        run = ""
    return None


def _violation(name: object, max_len: int, allowed: str, separators: str, first: str) -> str | None:
    if not isinstance(name, str):
        return "must be a string"
    if not name:
        return "must not be empty"
    if len(name) > max_len:
        return f"at most {max_len} characters"
    bad = sorted({char for char in name if char not in allowed})
    if bad:
        return f"characters not allowed: {''.join(bad)!r}"
    if name[0] not in first:
        return (
            "must start with a lowercase letter" if first.isalpha() else "must start with a lowercase letter or digit"
        )
    if name[-1] in separators:
        return "must end with a lowercase letter or digit"
    return _separator_problem(name, separators)


_LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789"


def namespace_violation(name: object) -> str | None:
    """Why ``name`` is not a valid organization name, or None if it is."""
    if is_valid_namespace(name):
        return None
    return _violation(name, NAMESPACE_MAX_LEN, _LOWER_DIGITS + "._-", "._-", _LOWER_DIGITS[:26]) or "invalid name"


def repository_violation(name: object) -> str | None:
    """Why ``name`` is not a valid repository name, or None if it is."""
    if is_valid_repository(name):
        return None
    return _violation(name, REPOSITORY_MAX_LEN, _LOWER_DIGITS + "._-/", "._-/", _LOWER_DIGITS) or "invalid name"


def tag_violation(name: object) -> str | None:
    """Why ``name`` is not a valid tag, or None if it is."""
    if is_valid_tag(name):
        return None
    if not isinstance(name, str):
        return "must be a string"
    if not name:
        return "must not be empty"
    if len(name) > TAG_MAX_LEN:
        return f"at most {TAG_MAX_LEN} characters"
    if name[0] in ".-":
        return "must start with a letter, digit or underscore"
    return "only letters, digits, '_', '.' and '-' are allowed"


def regex_violation(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable regular expression (as ``re`` reads it), or None if it is."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    except (OverflowError, RecursionError) as exc:  # a huge repeat count, nesting too deep to parse
        return str(exc) or type(exc).__name__
    return None


def repository_to_path(name: str) -> str:
    """How API paths spell a repository name: ``team/app`` → ``team$app``."""
    return name.replace("/", "$")


def repository_from_path(segment: str) -> str:
    """The repository name in a path segment (``$`` or an already-decoded ``/``)."""
    return segment.replace("$", "/")
