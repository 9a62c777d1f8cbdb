"""The fake's clock (``swr.clock``): moving it, resetting it, and what a clock setting may be."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from swr_fake import FakeSwr, FrozenClock, SystemClock
from swr_fake.clock import ShiftedClock, as_clock

START = datetime(2026, 3, 1, tzinfo=timezone.utc)


def test_frozen_clock_moves_only_when_told_and_resets_to_its_start() -> None:
    clock = FrozenClock(START)
    assert clock.advance(days=2) == START + timedelta(days=2)
    assert clock.advance(timedelta(hours=1)) == START + timedelta(days=2, hours=1)
    clock.set(datetime(2030, 1, 1))  # naive: taken as UTC
    assert clock.now() == datetime(2030, 1, 1, tzinfo=timezone.utc)
    clock.reset()
    assert clock.now() == START


def test_a_ticking_clock_resets_too_and_peek_does_not_tick() -> None:
    clock = FrozenClock(START, tick=timedelta(seconds=1))
    assert [clock.now(), clock.now()] == [START, START + timedelta(seconds=1)]
    assert clock.peek() == clock.peek() == START + timedelta(seconds=2)
    clock.reset()
    assert clock.now() == START


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda clock: clock.advance(5), "takes a datetime.timedelta, not int"),
        (lambda clock: clock.advance(timedelta(1), days=1), "not both"),
        (lambda clock: clock.advance(dayz=1), "units are weeks, days"),
        (lambda clock: clock.set("2026-01-01"), "takes a datetime.datetime, not str"),
    ],
)
def test_bad_input_to_a_clock_is_a_clear_type_error(call: object, error: str) -> None:
    for clock in (FrozenClock(START), SystemClock(), ShiftedClock(FrozenClock(START))):
        with pytest.raises(TypeError, match=error):
            call(clock)  # type: ignore[operator]


def test_the_wall_clock_can_be_shifted_and_reset() -> None:
    clock = SystemClock()
    before = datetime.now(timezone.utc)
    assert clock.advance(days=365) >= before + timedelta(days=365)
    clock.set(datetime(2001, 1, 1, tzinfo=timezone.utc))
    assert clock.now().year == 2001
    clock.reset()
    assert clock.now() >= before


def test_any_object_with_now_is_made_adjustable() -> None:
    class Plain:
        def now(self) -> datetime:
            return START

    clock = as_clock(Plain())
    assert clock.advance(minutes=3) == START + timedelta(minutes=3)
    clock.reset()
    assert clock.now() == START
    assert as_clock(START).now() == START
    with pytest.raises(TypeError, match="a clock is None"):
        as_clock("2026-01-01")  # type: ignore[arg-type]


def test_swr_clock_is_what_the_fake_stamps_with() -> None:
    fake = FakeSwr(clock=START)
    fake.clock.advance(days=1)
    fake.create_namespace("team")
    fake.push_image("team", "app", "v1")
    assert fake.tags("team", "app")[0].created == START + timedelta(days=1)
    assert fake.repositories("team")[0].created == START + timedelta(days=1)


def test_freezegun_moves_the_wall_clock_of_the_fake() -> None:
    freezegun = pytest.importorskip("freezegun")
    fake = FakeSwr()  # the wall clock
    with freezegun.freeze_time("2031-05-06 07:08:09"):
        fake.create_namespace("team")
        fake.push_image("team", "app", "v1")
    assert fake.tags("team", "app")[0].created == datetime(2031, 5, 6, 7, 8, 9, tzinfo=timezone.utc)


def test_a_fake_of_an_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown region 'cn-nort-4' \\(did you mean cn-north-4\\?\\)"):
        FakeSwr(region="cn-nort-4")
    with pytest.raises(TypeError, match="region must be a str"):
        FakeSwr(region=4)  # type: ignore[arg-type]
