"""Time and identity sources, injectable so that every response is reproducible."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Protocol

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


class Clock(Protocol):
    def now(self) -> datetime: ...


class AdjustableClock(Protocol):
    """A clock tests can move: what ``swr.clock`` is. ``reset()`` takes it back to where it
    started (the fixture calls it before each test)."""

    def now(self) -> datetime: ...

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime: ...

    def set(self, moment: datetime) -> None: ...

    def reset(self) -> None: ...


def _delta(delta: timedelta | None, kwargs: dict[str, float]) -> timedelta:
    if delta is not None and kwargs:
        raise TypeError("advance() takes a timedelta or keyword units (days=, hours=, ...), not both")
    if delta is not None:
        if not isinstance(delta, timedelta):
            raise TypeError(f"advance() takes a datetime.timedelta, not {type(delta).__name__}")
        return delta
    try:
        return timedelta(**kwargs)
    except TypeError as exc:  # an unknown unit: say which ones exist
        raise TypeError(f"advance(): {exc}; units are weeks, days, hours, minutes, seconds, milliseconds") from None


def _aware(moment: object, what: str) -> datetime:
    if not isinstance(moment, datetime):
        raise TypeError(f"{what} takes a datetime.datetime, not {type(moment).__name__}")
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class SystemClock:
    """Wall-clock time (UTC), shifted by what ``advance``/``set`` asked for; ``reset()`` drops
    the shift. It reads ``datetime.now``, so freezegun's ``freeze_time`` applies to it."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self._offset

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._offset += _delta(delta, kwargs)
        return self.now()

    def set(self, moment: datetime) -> None:
        """From now on the clock reads ``moment`` and keeps running from there."""
        self._offset = _aware(moment, "set()") - datetime.now(timezone.utc)

    def reset(self) -> None:
        self._offset = timedelta(0)

    def __repr__(self) -> str:
        shift = f", shifted by {self._offset}" if self._offset else ""
        return f"SystemClock(wall clock{shift})"


class FrozenClock:
    """A clock that only moves when told to; optionally ticks on every reading.

    ``tick`` makes successive events distinguishable (so "most recent" orderings are
    stable) without the test having to advance the clock by hand. ``reset()`` goes back
    to ``start``: the ``swr`` fixture calls it before every test, so a test that advances
    the clock does not shift the next test's times.
    """

    def __init__(self, start: datetime = EPOCH, tick: timedelta = timedelta(0)) -> None:
        self.start = _aware(start, "FrozenClock()")
        if not isinstance(tick, timedelta) or tick < timedelta(0):
            raise TypeError(f"tick must be a timedelta >= 0, not {tick!r}")
        self._now = self.start
        self._tick = tick

    def now(self) -> datetime:
        current = self._now
        self._now = current + self._tick
        return current

    def peek(self) -> datetime:
        """The current reading, without ticking."""
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += _delta(delta, kwargs)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = _aware(moment, "set()")

    def reset(self) -> None:
        self._now = self.start

    def __repr__(self) -> str:
        tick = f", tick={self._tick}" if self._tick else ""
        return f"FrozenClock({format_time(self._now)}{tick})"


class ShiftedClock:
    """Any object with ``now()``, made adjustable: ``advance``/``set`` shift its readings."""

    def __init__(self, base: Clock) -> None:
        self.base = base
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return self.base.now() + self._offset

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._offset += _delta(delta, kwargs)
        return self.now()

    def set(self, moment: datetime) -> None:
        self._offset = _aware(moment, "set()") - self.base.now()

    def reset(self) -> None:
        self._offset = timedelta(0)
        reset = getattr(self.base, "reset", None)
        if callable(reset):
            reset()

    def __repr__(self) -> str:
        return f"ShiftedClock({self.base!r}, offset={self._offset})"


ClockSetting = Clock | datetime | None


def as_clock(value: ClockSetting) -> AdjustableClock:
    """What a ``clock=`` setting means: ``None`` the wall clock, a ``datetime`` a
    `FrozenClock` starting there, a clock with ``advance``/``set``/``reset`` itself, any
    other object with ``now()`` wrapped in a `ShiftedClock`. Anything else: TypeError."""
    if value is None:
        return SystemClock()
    if isinstance(value, datetime):
        return FrozenClock(value)
    if all(callable(getattr(value, name, None)) for name in ("now", "advance", "set", "reset")):
        return value  # type: ignore[return-value]
    if callable(getattr(value, "now", None)):
        return ShiftedClock(value)
    raise TypeError(
        f"a clock is None (the wall clock), a datetime (frozen there) or an object with now(), "
        f"such as swr_fake.FrozenClock, not {type(value).__name__}"
    )


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
