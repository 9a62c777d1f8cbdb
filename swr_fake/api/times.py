"""Timestamps as each resource writes them, made from the stored form at output time.

The model stores every time as ``2026-01-01T10:00:00.123400Z`` (UTC, six fractional digits,
fixed width): that string is the sort key and never leaves the fake as is. The service writes
three forms (documented examples, ``shared/reference/swr-api.md`` §1.3 and §5):

- ``seconds``: whole seconds, ``2018-07-06T06:18:55Z`` (tags, triggers, sync rules and jobs,
  accessories, repository ``created_at`` in lists);
- ``fraction``: Go's RFC 3339 with trailing zeros trimmed, ``2021-06-10T08:14:42.56632Z``, and no
  fraction at all when it is zero (repositories, shares, retention logs);
- ``millis``: three digits, ``2024-12-26T11:22:50.769Z`` (the v1 API, ``x-swr-expireat``).

Which field takes which form is decided in ``views.py`` (one call per field) and recorded in
docs/decisions.md; ``PATTERNS`` are the regular expressions the response schemas check.
"""

from __future__ import annotations

from datetime import timezone

from ..clock import parse_time

PATTERNS = {
    "seconds": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
    "fraction": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z$",
    "millis": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
}

_STORED_WIDTH = len("2026-01-01T00:00:00.000000Z")


def _stored(value: str) -> str:
    """``value`` in the stored form; a time set another way (a loaded snapshot, a test that
    assigned ``2026-01-01T00:00:00Z``) is normalised first."""
    if len(value) == _STORED_WIDTH and value[19] == "." and value[-1] == "Z":
        return value
    moment = parse_time(value)
    if moment is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def seconds(value: str) -> str:
    """``…T10:00:00.123400Z`` → ``…T10:00:00Z`` (the fraction is cut, not rounded)."""
    if len(value) == _STORED_WIDTH and value[19] == "." and value[26] == "Z":  # the stored form, inline (hot)
        return value[:19] + "Z"
    return _stored(value)[:19] + "Z"


def fraction(value: str) -> str:
    """``…T10:00:00.123400Z`` → ``…T10:00:00.1234Z``; ``….000000Z`` → ``…Z``."""
    stored = _stored(value)
    digits = stored[20:26].rstrip("0")
    return stored[:19] + ("." + digits if digits else "") + "Z"


def millis(value: str) -> str:
    """``…T10:00:00.123456Z`` → ``…T10:00:00.123Z`` (cut, not rounded)."""
    return _stored(value)[:23] + "Z"
