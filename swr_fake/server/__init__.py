"""Server mode: the fake on a real socket for clients that are not Python ``requests``
(the Go and Node SDKs, skopeo, docker, the OCI conformance suite). See ``docs/server.md``.

Needs the ``[server]`` extra (werkzeug; trustme for ``tls=True``). ``SwrServer`` is imported
on first use, so ``swr-fake --help`` and the pytest plugin do not load werkzeug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from .listener import SwrServer

__all__ = ["SwrServer"]


def __getattr__(name: str) -> Any:
    if name == "SwrServer":
        from .listener import SwrServer

        return SwrServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
