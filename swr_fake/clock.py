"""Time and identity sources, injectable so that every response is reproducible."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Protocol

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time (UTC)."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FrozenClock:
    """A clock that only moves when told to; optionally ticks on every reading.

    ``tick`` makes successive events distinguishable (so "most recent" orderings are
    stable) without the test having to advance the clock by hand.
    """

    def __init__(self, start: datetime = EPOCH, tick: timedelta = timedelta(0)) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=timezone.utc)
        self._now = start
        self._tick = tick

    def now(self) -> datetime:
        current = self._now
        self._now = current + self._tick
        return current

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class IdSource:
    """Sequential numeric ids per kind, and seeded random hex strings.

    Numeric ids start at a seed-derived offset, as real ids look arbitrary; they are still
    deterministic for a given seed.
    """

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self._random = random.Random(seed)
        self._counters: dict[str, int] = {}
        self._base = 1000 + (seed % 9000)

    def next_int(self, kind: str) -> int:
        value = self._counters.get(kind, self._base) + 1
        self._counters[kind] = value
        return value

    def hex(self, length: int = 32) -> str:
        return f"{self._random.getrandbits(length * 4):0{length}x}"


def format_time(moment: datetime) -> str:
    """The stored form (and sort key): RFC 3339, UTC, six fractional digits, ``Z``. Responses
    write each resource's own form of it (``swr_fake.api.times``)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime | None:
    """Parse a deadline or timestamp (``2021-10-01``, ``2021-10-01T16:00:00Z``...)."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
