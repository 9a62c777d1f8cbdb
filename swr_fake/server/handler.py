"""What answers a `WireRequest`: the fake's front door (``FakeSwr.handle``).

The server is a thin transport around ``Callable[[WireRequest], WireResponse]``: it never
routes, authenticates or renders an SWR answer itself, so no rule has a second copy here.
A test may pass any other callable with that contract (``SwrServer(handler=...)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..wire import WireRequest, WireResponse

if TYPE_CHECKING:
    from ..fake import FakeSwr

Handler = Callable[[WireRequest], WireResponse]

__all__ = ["Handler", "handler_for"]


def handler_for(fake: FakeSwr) -> Handler:
    """The front door of ``fake``."""
    return fake.handle
