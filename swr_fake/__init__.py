"""swr_fake: an in-process fake of the Huawei Cloud SWR management API, for tests.

    with mock_swr() as swr:
        client = swr.client()          # an official SDK SwrClient, talking to the fake
        ...

or use the ``swr`` pytest fixture.

The names below are the public surface; ``swr_fake.rules`` and ``swr_fake.strategies`` are
the other public modules. Everything else is internal and may change.

Importing the package is nearly free: each name is imported on first use (PEP 562), so that
the pytest plugin, which pytest imports at every start-up, costs nothing in projects that
never use the ``swr`` fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from .calls import Call, CallLog
    from .clock import Clock, FrozenClock, SystemClock
    from .errors import SwrError
    from .fake import FakeSwr, SwrFakeWarning, endpoint_for, mock_swr
    from .faults import Fault, Faults
    from .model import Tenant, User

__all__ = [
    "Call",
    "CallLog",
    "Clock",
    "FakeSwr",
    "Fault",
    "Faults",
    "FrozenClock",
    "SwrError",
    "SwrFakeWarning",
    "SystemClock",
    "Tenant",
    "User",
    "__version__",
    "endpoint_for",
    "mock_swr",
]
__version__ = "0.1.0"

# Public name -> the internal module that defines it.
_HOMES = {
    "Call": "calls",
    "CallLog": "calls",
    "Clock": "clock",
    "FakeSwr": "fake",
    "Fault": "faults",
    "Faults": "faults",
    "FrozenClock": "clock",
    "SwrError": "errors",
    "SwrFakeWarning": "fake",
    "SystemClock": "clock",
    "Tenant": "model",
    "User": "model",
    "endpoint_for": "fake",
    "mock_swr": "fake",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        import difflib

        close = difflib.get_close_matches(name, __all__, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise AttributeError(f"module 'swr_fake' has no attribute {name!r}{hint}")
    # __import__ rather than importlib.import_module: `-X importtime` reports only the former.
    value = getattr(__import__(f"{__name__}.{home}", fromlist=[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
