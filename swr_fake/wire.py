"""The one request and response type every surface and transport uses.

A transport (the ``responses`` interception, the HTTP server) turns what it received into a
`WireRequest`, hands it to the front door and writes the `WireResponse` back. Nothing here
imports ``requests`` or any HTTP library: the types are plain data.

Header names are case-insensitive (RFC 9110 §5.1): ``X-AUTH-TOKEN`` is ``X-Auth-Token``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Headers", "TransportFault", "WireRequest", "WireResponse"]


class Headers(Mapping[str, str]):
    """A read-only, case-insensitive header mapping that keeps the names as sent.

    Built from a mapping or from ``(name, value)`` pairs; a name given twice keeps the last
    value (as ``requests`` does). ``bytes`` values are decoded as Latin-1 (HTTP's octets).
    """

    __slots__ = ("_items",)

    def __init__(self, source: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None) -> None:
        items: dict[str, tuple[str, str]] = {}
        pairs = source.items() if isinstance(source, Mapping) else (source or ())
        for name, value in pairs:
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            items[str(name).lower()] = (str(name), text)
        self._items = items

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def get(self, name: str, default: Any = None) -> Any:
        found = self._items.get(name.lower())
        return default if found is None else found[1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(frozen=True)
class WireRequest:
    """One HTTP request as any transport received it.

    ``url`` is absolute (``https://host[:port]/path?query``) and percent-encoded as sent;
    ``body`` is the raw bytes (``None`` when there is none). The URL is parsed once, when
    the request is made; the query on first use.
    """

    method: str
    url: str
    headers: Headers
    body: bytes | None = None
    #: The host name in lower case, without port, user information or a trailing dot.
    host: str = field(init=False, repr=False, compare=False, default="")
    _parts: Any = field(init=False, repr=False, compare=False, default=None)
    _query: dict[str, str] | None = field(init=False, repr=False, compare=False, default=None)
    _query_pairs: list[tuple[str, str]] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        # Loosely typed callers (tests, older code) pass a plain dict and a str body. Methods are
        # upper-cased as `requests` sends them.
        if not self.method.isupper():
            object.__setattr__(self, "method", self.method.upper())
        if not isinstance(self.headers, Headers):
            object.__setattr__(self, "headers", Headers(self.headers))
        if isinstance(self.body, str):
            object.__setattr__(self, "body", self.body.encode("utf-8", "surrogatepass"))
        # Parsed once, eagerly: every request is routed by its host and path. (Not
        # ``functools.cached_property``: on Python 3.11 it takes a lock on every read.)
        parts = urlsplit(self.url)
        object.__setattr__(self, "_parts", parts)
        object.__setattr__(self, "host", (parts.hostname or "").rstrip(".").lower())
        object.__setattr__(self, "_query", None)
        object.__setattr__(self, "_query_pairs", None)

    @staticmethod
    def build(
        method: str,
        url: str,
        headers: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        body: bytes | str | None = None,
    ) -> WireRequest:
        """A request from loosely typed parts: any header mapping, a ``str`` body (UTF-8)."""
        return WireRequest(method, url, headers if isinstance(headers, Headers) else Headers(headers), body)  # type: ignore[arg-type]

    @property
    def scheme(self) -> str:
        return str(self._parts.scheme).lower()

    @property
    def netloc(self) -> str:
        """``host[:port]`` as sent, without user information."""
        netloc = str(self._parts.netloc)
        return netloc.rpartition("@")[2]

    @property
    def path(self) -> str:
        """The path as sent (percent-encoded), ``/`` when empty."""
        return str(self._parts.path) or "/"

    @property
    def raw_query(self) -> str:
        return str(self._parts.query)

    @property
    def query(self) -> dict[str, str]:
        """The query parameters; a key given twice keeps its last value."""
        found: dict[str, str] | None = self._query
        if found is None:
            found = dict(self.query_pairs)
            object.__setattr__(self, "_query", found)
        return found

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        """Every query parameter in the order sent, duplicates included."""
        found: list[tuple[str, str]] | None = self._query_pairs
        if found is None:
            found = parse_qsl(self.raw_query, keep_blank_values=True) if self.raw_query else []
            object.__setattr__(self, "_query_pairs", found)
        return found

    def text(self) -> str | None:
        return None if self.body is None else self.body.decode("utf-8", "replace")


@dataclass(slots=True)
class WireResponse:
    """One HTTP answer, plus what the call log wants to know about the request.

    ``body`` is empty for ``HEAD`` (the front door strips it and keeps ``Content-Length``).
    """

    status: int
    headers: dict[str, str]
    body: bytes
    operation: str | None = None
    payload: Any = None  # the parsed request body, for the call log
    reply: Any = None  # the JSON value sent back (or `Encoded`: decode it to read it)
    path: str = ""
    query: dict[str, str] = field(default_factory=dict)


class TransportFault(Exception):
    """Raised by the front door when the request gets no HTTP answer at all.

    ``kind`` is ``"connection_error"``, ``"connect_timeout"``, ``"timeout"`` (read timeout),
    ``"offline"``, ``"exception"`` (a user-chosen exception), ``"unknown_host"`` (a region that does
    not exist) or ``"not_served"`` (a host or path the fake refuses to let through).
    Each transport turns it into its own failure: the ``responses`` adapter raises the
    matching ``requests`` exception, the server closes the connection.
    """

    def __init__(
        self, kind: str, message: str, *, exception: type[BaseException] | BaseException | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        # An exception a user's fault asked for (``swr.faults.script(..., [requests.ConnectionError])``):
        # the transport raises it (a class is instantiated with the message).
        self.exception = exception
