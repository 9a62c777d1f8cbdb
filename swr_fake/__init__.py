"""swr_fake: an in-process fake of the Huawei Cloud SWR management API, for tests.

    with mock_swr() as swr:
        client = swr.client()          # an official SDK SwrClient, talking to the fake
        ...

or use the ``swr`` pytest fixture.
"""

from __future__ import annotations

from .clock import FrozenClock, SystemClock
from .errors import SwrError
from .fake import FakeSwr, SwrFakeWarning, endpoint_for, mock_swr

__all__ = ["FakeSwr", "FrozenClock", "SwrError", "SwrFakeWarning", "SystemClock", "endpoint_for", "mock_swr"]
__version__ = "0.1.0"
