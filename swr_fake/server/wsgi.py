"""The WSGI application: a received HTTP request becomes a `WireRequest`, its answer goes back.

Nothing here knows an SWR rule. It reads the body within a bound, picks the host the front
door should see (`target.host_for`), hands control paths (``/_fake/...``) to `control`, and
writes the `WireResponse`. Absolute URLs the fake builds on the chosen SWR host (a
``Location``, the registry's ``WWW-Authenticate`` realm) are written back onto the address
the client used, so a client on ``127.0.0.1`` keeps talking to the server.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from ..wire import Headers, TransportFault, WireRequest, WireResponse
from . import target

if TYPE_CHECKING:
    from ..fake import FakeSwr
    from .control import Control

StartResponse = Callable[..., Any]

# Bodies above this many bytes are refused with 413 before they are read (a 1 MB request line
# is refused by the HTTP layer itself with 414). Decision: see docs/decisions.md.
DEFAULT_MAX_BODY = 128 * 1024 * 1024
_READ_SIZE = 1 << 20
_HOP_BY_HOP = frozenset({"content-length", "connection", "keep-alive", "transfer-encoding"})
_URL_HEADERS = ("Location", "Content-Location", "Link", "WWW-Authenticate")


class BodyError(Exception):
    """The body could not be read whole: ``status`` says which answer to give (``None``: the
    client is gone, close the connection)."""

    def __init__(self, status: int | None, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def read_body(environ: dict[str, Any], limit: int) -> bytes | None:
    """The whole request body, or ``None`` when there is none. Chunked bodies (Go clients
    stream them) arrive decoded by werkzeug; a ``Content-Length`` body is read until that
    many bytes came. Raises `BodyError` for a body over ``limit`` (413), a bad length (400),
    a broken chunked encoding (400) or a client that went away before sending it all."""
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        parts: list[bytes] = []
        total = 0
        try:
            while True:
                part = stream.read(_READ_SIZE)
                if not part:
                    break
                total += len(part)
                if total > limit:
                    raise BodyError(413, f"the body is larger than {limit} bytes")
                parts.append(part)
        except (OSError, ValueError) as exc:
            raise BodyError(400, f"broken chunked body: {exc}") from None
        return b"".join(parts) if parts else None
    declared = environ.get("CONTENT_LENGTH") or ""
    if not declared:
        return None
    if not declared.isdigit():
        raise BodyError(400, f"Content-Length {declared!r} is not a number")
    length = int(declared)
    if length > limit:
        raise BodyError(413, f"the body ({length} bytes) is larger than {limit} bytes")
    if length == 0:
        return b""
    received = bytearray()
    while len(received) < length:
        part = stream.read(min(_READ_SIZE, length - len(received)))
        if not part:
            raise BodyError(None, f"client disconnected after {len(received)} of {length} bytes")
        received += part
    return bytes(received)


def _headers(environ: dict[str, Any]) -> Headers:
    pairs: list[tuple[str, str]] = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            pairs.append((key[5:].replace("_", "-").title(), value))
    for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
        if environ.get(key):
            pairs.append((name, environ[key]))
    return Headers(pairs)


def _raw_target(environ: dict[str, Any]) -> str:
    """The request target as sent (percent-encoding intact), path and query."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        text = str(raw).encode("latin-1").decode("utf-8", "surrogateescape")
        if "://" in text.split("?", 1)[0]:  # absolute-form (a proxy request): keep path and query
            after = text.split("://", 1)[1]
            text = "/" + after.split("/", 1)[1] if "/" in after else "/"
        return text
    query = environ.get("QUERY_STRING")
    return str(environ.get("PATH_INFO", "/")) + (f"?{query}" if query else "")


def _page(status: int) -> bytes:
    """The page a front proxy answers transport errors with (as the gateway's 413 looks)."""
    phrase = f"{status} {HTTPStatus(status).phrase}"
    head = f"<html>\r\n<head><title>{phrase}</title></head>\r\n"
    return (head + f"<body>\r\n<center><h1>{phrase}</h1></center>\r\n</body>\r\n</html>\r\n").encode()


class WsgiApp:
    """``handler``: the front door (``Callable[[WireRequest], WireResponse]``); ``control``:
    the ``/_fake/`` API; ``region``: the default region (``--region``)."""

    def __init__(
        self,
        fake: FakeSwr,
        handler: Callable[[WireRequest], WireResponse],
        control: Control,
        *,
        region: str,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        self.fake = fake
        self.handler = handler
        self.control = control
        self.region = region
        self.max_body = max_body

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        raw = _raw_target(environ)
        path = raw.split("?", 1)[0] or "/"
        received_host = str(environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}")
        scheme = str(environ.get("wsgi.url_scheme", "http"))
        try:
            body = read_body(environ, self.max_body)
        except BodyError as error:
            if error.status is None:
                _drop(environ)
                raise ConnectionAbortedError(str(error)) from None
            return self._send(start_response, method, error.status, {"Content-Type": "text/html"}, _page(error.status))
        headers = _headers(environ)
        if path.startswith(target.CONTROL_PREFIX) or path == target.CONTROL_PREFIX.rstrip("/"):
            status, reply_headers, reply = self.control.handle(method, raw, body)
            return self._send(start_response, method, status, reply_headers, reply)
        host = target.host_for(received_host, path, headers, self.fake.backend, self.region)
        url = f"{scheme}://{host or received_host}{raw}"
        try:
            response = self.handler(WireRequest(method, url, headers, body))
        except TransportFault as fault:
            # An injected connection error or timeout: the client gets no answer at all.
            _drop(environ)
            raise ConnectionAbortedError(str(fault)) from None
        reply_headers = response.headers
        if host is not None:
            reply_headers = _map_back(reply_headers, host, f"{scheme}://{received_host}")
        return self._send(start_response, method, response.status, reply_headers, response.body)

    @staticmethod
    def _send(
        start_response: StartResponse, method: str, status: int, headers: dict[str, str], body: bytes
    ) -> list[bytes]:
        # Connection handling is the transport's: werkzeug closes every connection after its answer.
        pairs = [(name, value) for name, value in headers.items() if name.lower() not in _HOP_BY_HOP]
        # HEAD keeps the length the GET would have (the front door already dropped the body).
        length = headers.get("Content-Length") if method == "HEAD" else None
        pairs.append(("Content-Length", length if length is not None else str(len(body))))
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        start_response(f"{status} {phrase}", pairs)
        return [] if method == "HEAD" or not body else [body]


def _map_back(headers: dict[str, str], host: str, origin: str) -> dict[str, str]:
    """Absolute URLs on the chosen SWR host, rewritten onto the address the client used."""
    mapped = dict(headers)
    for name in _URL_HEADERS:
        for key in (name, name.lower()):
            value = mapped.get(key)
            if value is not None and host in value:
                mapped[key] = value.replace(f"https://{host}", origin).replace(f"http://{host}", origin)
    return mapped


def _drop(environ: dict[str, Any]) -> None:
    """Close the client's connection at once, without an answer."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed by the client
            sock.shutdown(socket.SHUT_RDWR)
