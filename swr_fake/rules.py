"""SWR's naming rules, as pure functions.

Organization (namespace): 1-64 characters, a lowercase letter first, a lowercase letter or
digit last, only ``a-z 0-9 . _ -``. Repository: 1-128 characters, a lowercase letter or digit
at both ends, ``/`` allowed too. In both, separators may not touch each other except in
docker-distribution's allowed runs: one ``.`` (or ``/``), one ``_``, exactly ``__``, or any
number of ``-``. Tags follow docker's tag grammar; trigger names are SWR's own.

``is_valid_*`` answer yes or no; ``*_violation`` say why not, for error details. Both accept
any object, so callers can pass unchecked JSON values straight in.
"""

from __future__ import annotations

import re

from . import regex

NAMESPACE_MAX_LEN = 64
REPOSITORY_MAX_LEN = 128
TAG_MAX_LEN = 128
TRIGGER_NAME_MAX_LEN = 64
# Refused at creation only: it exists on every registry as the home of official images.
RESERVED_NAMESPACES: frozenset[str] = frozenset({"library"})

# Explicit ranges rather than \w or \d, which would also match non-ASCII letters and digits.
_NAMESPACE = re.compile(r"[a-z][a-z0-9]*(?:(?:[._]|__|-+)[a-z0-9]+)*")
_REPOSITORY = re.compile(r"[a-z0-9]+(?:(?:[._/]|__|-+)[a-z0-9]+)*")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_TRIGGER = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_TAG_CHARS = _LOWER + _LOWER.upper() + _DIGITS + "_.-"

__all__ = [
    "NAMESPACE_MAX_LEN",
    "REPOSITORY_MAX_LEN",
    "RESERVED_NAMESPACES",
    "TAG_MAX_LEN",
    "TRIGGER_NAME_MAX_LEN",
    "is_reserved_namespace",
    "is_valid_namespace",
    "is_valid_repository",
    "is_valid_tag",
    "is_valid_trigger_name",
    "namespace_violation",
    "regex_violation",
    "repository_from_path",
    "repository_to_path",
    "repository_violation",
    "tag_violation",
]


# fullmatch everywhere: ``$`` would accept a trailing newline.
def is_valid_namespace(name: object) -> bool:
    """Whether ``name`` is a well-formed organization name (reserved names included)."""
    return isinstance(name, str) and len(name) <= NAMESPACE_MAX_LEN and _NAMESPACE.fullmatch(name) is not None


def is_reserved_namespace(name: str) -> bool:
    """Whether ``name`` is well-formed but may not be created (``library``)."""
    return isinstance(name, str) and name in RESERVED_NAMESPACES


def is_valid_repository(name: object) -> bool:
    return isinstance(name, str) and len(name) <= REPOSITORY_MAX_LEN and _REPOSITORY.fullmatch(name) is not None


def is_valid_tag(name: object) -> bool:
    return isinstance(name, str) and _TAG.fullmatch(name) is not None


def is_valid_trigger_name(name: object) -> bool:
    return isinstance(name, str) and _TRIGGER.fullmatch(name) is not None


def _quoted(chars: str) -> str:
    """``"._-"`` -> ``"'.', '_' and '-'"``."""
    items = [repr(char) for char in chars]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _separated_violation(name: object, max_len: int, separators: str, letter_first: bool) -> str | None:
    """The first broken rule of a namespace-like name, checked step by step.

    Written independently of the regexes above (the tests hold the two to the same answers),
    so that a reason is given for every name the regex refuses.
    """
    if not isinstance(name, str):
        return "must be a string"
    if not name:
        return "must not be empty"
    if len(name) > max_len:
        return f"at most {max_len} characters"
    allowed = _LOWER + _DIGITS + separators
    for char in name:
        if char not in allowed:
            return f"only lowercase letters, digits, {_quoted(separators)} are allowed, not {char!r}"
    if letter_first and name[0] not in _LOWER:
        return "must start with a lowercase letter"
    if name[0] in separators:
        return "must start with a lowercase letter or digit"
    if name[-1] in separators:
        return "must end with a lowercase letter or digit"
    # Every run of separators now sits between two letters or digits.
    for run in re.findall(f"[{re.escape(separators)}]+", name):
        if len(run) == 1 or run == "__" or set(run) == {"-"}:
            continue
        if set(run) == {"_"}:
            return "at most two consecutive underscores"
        return f"separators {_quoted(separators)} may not be next to each other"
    return None


def namespace_violation(name: object) -> str | None:
    """Why ``name`` is not a well-formed organization name, or None if it is.

    A reserved name is well-formed: check ``is_reserved_namespace`` separately.
    """
    return _separated_violation(name, NAMESPACE_MAX_LEN, "._-", letter_first=True)


def repository_violation(name: object) -> str | None:
    """Why ``name`` is not a valid repository name, or None if it is."""
    return _separated_violation(name, REPOSITORY_MAX_LEN, "./_-", letter_first=False)


def tag_violation(name: object) -> str | None:
    """Why ``name`` is not a valid tag, or None if it is."""
    if not isinstance(name, str):
        return "must be a string"
    if not name:
        return "must not be empty"
    if len(name) > TAG_MAX_LEN:
        return f"at most {TAG_MAX_LEN} characters"
    for char in name:
        if char not in _TAG_CHARS:
            return f"only letters, digits, '_', '.' and '-' are allowed, not {char!r}"
    if name[0] in ".-":
        return "must start with a letter, digit or underscore"
    return None


def regex_violation(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable regular expression (Go's RE2 dialect, see `swr_fake.regex`),
    or None if it is."""
    return regex.violation(pattern)


def repository_to_path(name: str) -> str:
    """How API paths spell a repository name: ``team/app`` -> ``team$app``."""
    return name.replace("/", "$")


def repository_from_path(segment: str) -> str:
    """The repository name in a path segment: ``team$app`` (or an already-decoded ``team/app``)."""
    return segment.replace("$", "/")
