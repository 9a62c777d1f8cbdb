"""The settings of a fake, and putting them back before each test.

The ``swr`` fixture keeps one `FakeSwr` per session (building one per test costs more than
resetting it), so everything a test may change on it must come back: the region, the seed of
the made-up ids, the clock, schema checks, the keys, and everything ``reset()`` covers (state,
faults, signature and permission switches, quotas, the call log). `Settings` is what a test
run configured (fixtures, overridden in any conftest or module, then ``@pytest.mark.swr``);
`apply` makes the fake match it.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .backend.base import DEFAULT_REGION
from .clock import ClockSetting, as_clock
from .hosts import known_region, suggest_region

if TYPE_CHECKING:
    from .fake import FakeSwr

__all__ = ["Settings", "apply", "check_region"]


def check_region(region: object) -> str:
    """``region`` if it is one the fake serves; else ``TypeError``/``ValueError`` with a did-you-mean."""
    if not isinstance(region, str):
        raise TypeError(f"region must be a str such as 'cn-north-4', not {type(region).__name__}")
    if not known_region(region):
        raise ValueError(f"unknown region {region!r}{suggest_region(region)}")
    return region


def _check_flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """What a test's fake is configured with (each field is also a ``swr_*`` fixture and a
    ``@pytest.mark.swr`` keyword).

    - ``region``: the default region of ``swr.client()`` and the helpers;
    - ``seed``: seed of the ids and random strings the fake makes up (an int);
    - ``clock``: ``None`` (the wall clock), a ``datetime`` (frozen there) or a clock object
      (`swr_fake.FrozenClock`, anything with ``now()``), reset to its start before each test;
    - ``validate_responses``: check every answer against ``schemas/`` and fail the test on a mismatch;
    - ``assert_all_faults_fired``: fail the test when an injected fault never acted on a request;
    - ``refuse_unmatched``: refuse requests to hosts the fake does not own instead of letting them through.
    """

    region: str = DEFAULT_REGION
    seed: int = 0
    clock: ClockSetting = None
    validate_responses: bool = False
    assert_all_faults_fired: bool = False
    refuse_unmatched: bool = False

    def __post_init__(self) -> None:
        check_region(self.region)
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise TypeError(f"seed must be an int, not {self.seed!r}")
        as_clock(self.clock)  # raises TypeError for anything that is not a clock setting
        _check_flag("validate_responses", self.validate_responses)
        _check_flag("assert_all_faults_fired", self.assert_all_faults_fired)
        _check_flag("refuse_unmatched", self.refuse_unmatched)

    def updated(self, changes: Mapping[str, Any], *, where: str = "settings") -> Settings:
        """A copy with ``changes``; an unknown name raises ``TypeError`` with a did-you-mean."""
        names = [field.name for field in dataclasses.fields(self)]
        for name in changes:
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise TypeError(f"{where}: unknown setting {name!r}{hint}; settings: {', '.join(names)}")
        return dataclasses.replace(self, **changes)


def apply(fake: FakeSwr, settings: Settings) -> None:
    """Make ``fake`` a fresh service configured by ``settings``: every setting back to its
    configured value, every piece of state and every switch ``reset()`` covers back to new."""
    fake.region = settings.region
    # Keys assigned on the instance (``swr.access_key = ...``) go; the class defaults come back.
    for name in ("access_key", "secret_key"):
        fake.__dict__.pop(name, None)
    backend = fake.backend
    backend.seed = settings.seed
    clock = as_clock(settings.clock)
    clock.reset()  # a FrozenClock kept by a session fixture goes back to its start
    backend.clock = clock
    fake.dispatcher.validate_responses = settings.validate_responses
    fake.refuse_unmatched = settings.refuse_unmatched
    fake.reset()


def clock_label(clock: object) -> str:
    """How ``repr(swr)`` shows a clock, without reading (and so ticking) it."""
    peek = getattr(clock, "peek", None)
    if callable(peek):
        moment = peek()
        if isinstance(moment, datetime):
            return f"frozen at {moment.isoformat()}"
    return repr(clock)
