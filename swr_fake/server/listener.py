"""`SwrServer`: the fake on a real socket (werkzeug's threaded server), plain or TLS.

One thread accepts; each connection gets its own thread (TLS handshakes included, so a slow
client never blocks the others). Every request runs the fake under its one lock, exactly as
the in-process interception does.
"""

from __future__ import annotations

import os
import socket
import ssl
import tempfile
import threading
from typing import TYPE_CHECKING, Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from .. import hosts
from .control import Control
from .handler import Handler, handler_for
from .wsgi import DEFAULT_MAX_BODY, WsgiApp

if TYPE_CHECKING:
    from ..fake import FakeSwr

__all__ = ["SwrServer"]

# Seconds a connection may stay silent (mid-request or idle) before its thread gives up.
IDLE_TIMEOUT = 30.0


_TLS_ON_PLAIN_PORT = (
    b"HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 48\r\n\r\n"
    b"Client sent an HTTPS request to an HTTP server.\n"
)


class _RequestHandler(WSGIRequestHandler):
    # An unparsable request line (a TLS ClientHello on the plain port) is answered with a
    # real "HTTP/1.0 400" status line, not HTTP/0.9's bare page: Go's TLS client falls back
    # to plain HTTP only when the reply starts with "HTTP/" (docker's insecure registries).
    default_request_version = "HTTP/1.0"
    timeout = IDLE_TIMEOUT
    quiet = True

    def handle_one_request(self) -> None:
        # A TLS ClientHello (record type 0x16) may hold no line break for the request-line
        # reader to stop at: answer it at once, before waiting for a line.
        if getattr(self.server, "tls", None) is None:
            try:
                first = self.rfile.peek(1)[:1]  # type: ignore[attr-defined]
            except OSError:
                first = b""
            if first == b"\x16":
                self.wfile.write(_TLS_ON_PLAIN_PORT)
                self.close_connection = True
                return
        super().handle_one_request()

    def send_response(self, code: int, message: str | None = None) -> None:
        # The answer carries its own Server and Date headers (the front door's gateway framing);
        # the base class would add a second copy of each.
        self.log_request(code)
        self.send_response_only(code, message)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if not self.quiet:
            super().log_request(code, size)

    def log_error(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if not self.quiet:
            super().log_error(format, *args)


class _Server(ThreadedWSGIServer):
    tls: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake runs here, in the connection's own thread.
        if self.tls is not None:
            request.settimeout(IDLE_TIMEOUT)
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (OSError, ssl.SSLError):
                request.close()
                return
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A connection that broke is the client's business; the server goes on serving.
        pass


class SwrServer:
    """A running server around a `FakeSwr` (a new one unless given).

    ``url``: the base URL (``http://127.0.0.1:PORT``) of every surface: management API, v1,
    IAM, the registry (path-based) and the control API under ``/_fake/``. ``registry``:
    ``127.0.0.1:PORT`` as docker and skopeo want it. ``ca_path``: the CA certificate (PEM)
    clients must trust when ``tls`` is on. ``port=0`` picks a free port; a port in use
    raises ``OSError`` at `start`.
    """

    def __init__(
        self,
        fake: FakeSwr | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = False,
        region: str | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        handler: Handler | None = None,
        quiet: bool = True,
    ) -> None:
        if fake is None:
            from ..fake import FakeSwr

            fake = FakeSwr(region=region) if region is not None else FakeSwr()
        region = region or fake.region
        if not hosts.known_region(region):
            raise ValueError(f"unknown region {region!r}{hosts.suggest_region(region)}")
        self.fake = fake
        self.region = region
        self.host = host
        self.port = port
        self.tls = tls
        self.max_body = max_body
        self.quiet = quiet
        self.ca_path: str | None = None
        self._handler = handler
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    # --- addresses --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.registry}"

    @property
    def registry(self) -> str:
        """``host:port`` of the registry (the same listener, path-based)."""
        self._require_running()
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def env(self) -> dict[str, str]:
        """The environment variables that point the Huawei Cloud SDKs at this server, for every
        region the fake knows: ``HUAWEICLOUD_SDK_REGION_SWR_{REGION}`` (region id upper-cased,
        ``-`` → ``_``) and ``HUAWEICLOUD_SDK_IAM_ENDPOINT``."""
        variables = {
            f"HUAWEICLOUD_SDK_REGION_SWR_{region.upper().replace('-', '_')}": self.url for region in hosts.ALL_REGIONS
        }
        variables["HUAWEICLOUD_SDK_IAM_ENDPOINT"] = self.url
        return variables

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> SwrServer:
        if self._server is not None:
            return self
        handler = self._handler or handler_for(self.fake)
        app = WsgiApp(self.fake, handler, Control(self.fake), region=self.region, max_body=self.max_body)
        request_handler = type("RequestHandler", (_RequestHandler,), {"quiet": self.quiet})
        # Bind here: werkzeug's own bind calls sys.exit(1) on a busy port; this raises OSError.
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        listening = socket.socket(family, socket.SOCK_STREAM)
        try:
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listening.bind((self.host, self.port))
            listening.listen(128)
            server = _Server(self.host, self.port, app, handler=request_handler, fd=listening.fileno())
        finally:
            listening.close()  # werkzeug holds its own duplicate of the descriptor
        if self.tls:
            server.tls = self._tls_context()
            server.ssl_context = server.tls  # werkzeug reports "https" as the URL scheme
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"swr-fake:{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> SwrServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    def _require_running(self) -> None:
        if self._server is None:
            raise RuntimeError("the server is not running: use `with SwrServer() as server:` or call start()")

    def _tls_context(self) -> ssl.SSLContext:
        import trustme

        authority = trustme.CA()
        names = dict.fromkeys(["127.0.0.1", "localhost", self.host]) if self.host not in ("0.0.0.0", "::") else {}
        certificate = authority.issue_cert(*(names or ["127.0.0.1", "localhost"]))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        certificate.configure_cert(context)
        self._tmp = tempfile.TemporaryDirectory(prefix="swr-fake-tls-")
        self.ca_path = os.path.join(self._tmp.name, "ca.pem")
        authority.cert_pem.write_to_path(self.ca_path)
        return context


def free_port(host: str = "127.0.0.1") -> int:
    """A port free right now (for callers that must know it before starting)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
