"""Interleaved timing: every variant of a comparison runs in every round, in rotating order.

Each call is timed on its own with ``perf_counter_ns``, with the garbage collector off during
the timed loop. A round's figure is the median of its calls; a variant's figure is the median
of its round figures, and a ratio is the median of the per-round ratios (both variants of a
round ran back to back, so a slow phase of the machine affects both alike).
"""

from __future__ import annotations

import contextlib
import gc
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

Call = Callable[[], object]


@dataclass
class Variant:
    """One way of doing the work: ``call`` is timed; ``active`` wraps each round (e.g. starts a mock)."""

    name: str
    call: Call
    active: Callable[[], AbstractContextManager[object]] | None = None
    weight: float = 1.0  # share of the plan's calls (for variants far slower than the others)


@dataclass
class Timing:
    name: str
    rounds: list[float] = field(default_factory=list)  # per-round median, nanoseconds

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def best(self) -> float:
        return min(self.rounds)


@dataclass(frozen=True)
class Plan:
    rounds: int
    calls: int
    warmup: int

    def scaled(self, factor: float) -> Plan:
        """The same number of rounds with fewer or more calls (for expensive operations)."""
        return Plan(self.rounds, max(3, int(self.calls * factor)), max(1, int(self.warmup * factor)))


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def time_calls(call: Call, calls: int) -> list[int]:
    samples = []
    clock = time.perf_counter_ns
    with gc_paused():
        for _ in range(calls):
            start = clock()
            call()
            samples.append(clock() - start)
    return samples


def compare(variants: Sequence[Variant], plan: Plan) -> dict[str, Timing]:
    """Run every variant ``plan.rounds`` times, interleaved; the first variant of round r is r mod n."""
    results = {variant.name: Timing(variant.name) for variant in variants}
    count = len(variants)
    for round_index in range(plan.rounds):
        for offset in range(count):
            variant = variants[(round_index + offset) % count]
            with (variant.active or _nothing)():
                for _ in range(max(1, int(plan.warmup * variant.weight))):
                    variant.call()
                samples = time_calls(variant.call, max(3, int(plan.calls * variant.weight)))
            results[variant.name].rounds.append(statistics.median(samples))
    return results


def ratios(results: dict[str, Timing], numerator: str, denominator: str) -> list[float]:
    """numerator/denominator per round (both ran in the same round)."""
    top, bottom = results[numerator].rounds, results[denominator].rounds
    return [a / b for a, b in zip(top, bottom, strict=True)]


def ratio(results: dict[str, Timing], numerator: str, denominator: str) -> float:
    """Median over rounds of numerator/denominator."""
    return statistics.median(ratios(results, numerator, denominator))


def fmt_ratio(results: dict[str, Timing], numerator: str, denominator: str, digits: int = 2) -> str:
    """``median (lowest–highest)`` of the per-round ratios: the spread shows how steady the machine was."""
    each = ratios(results, numerator, denominator)
    return f"{statistics.median(each):.{digits}f} ({min(each):.{digits}f}–{max(each):.{digits}f})"


def fmt_ns(ns: float) -> str:
    """Human units: µs below 10 ms, ms above."""
    us = ns / 1000
    if us < 10:
        return f"{us:.2f} µs"
    if us < 10_000:
        return f"{us:,.0f} µs"
    return f"{us / 1000:,.1f} ms"
