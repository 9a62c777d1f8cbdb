"""The in-process transport: ``requests`` traffic to cloud hosts, answered by the front door.

``requests`` picks a transport adapter per URL (``Session.get_adapter``). While a fake is
active, that choice is wrapped: a URL whose host is under a domain of the clouds the fake
stands in for (`swr_fake.hosts.is_cloud_host`, in any spelling: letter case, port, user
information, trailing dot) gets the fake's adapter, which calls the front door; every other URL
gets whatever adapter it would have had. So the fake sits *beside* other mocks rather than on
top of them:

- ``responses`` (and the pytest-responses plugin) patch ``HTTPAdapter.send``: they keep
  answering the URLs they own, in either start order; cloud URLs never reach them.
- vcrpy patches ``urllib3`` connections, below every adapter: it never sees cloud URLs.
- requests-mock replaces the adapter for every URL while its mocker is active; with
  ``real_http=True`` the URLs it does not know reach this transport again.

Nothing meant for a cloud host leaves the process: the front door serves it or refuses it
with `connection_refused()`, a ``requests.ConnectionError`` whose message names swr-fake.

``requests`` is imported on the first ``start()``, not with the package.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from io import BytesIO
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .api.bounds import BODY_MAX_BYTES, read_stream
from .hosts import is_cloud_host
from .wire import TransportFault, WireRequest, WireResponse

if TYPE_CHECKING:
    from requests import PreparedRequest, Response, Session
    from requests.adapters import BaseAdapter

__all__ = ["SWR_URL", "Interceptor", "connection_refused", "owned", "to_wire"]

Handler = Callable[[WireRequest], WireResponse]
# The management hosts, for code (the benchmark's floor) that registers its own mock for them.
SWR_URL = re.compile(
    r"https?://swr-api\.[a-z0-9-]+\.(?:myhuaweicloud\.(?:com|eu)|otc\.t-systems\.com)(?::\d+)?(?:[/?#]|$)"
)


def owned(url: str) -> bool:
    """Whether a URL is the fake's to answer or refuse: its host is a cloud host."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return is_cloud_host(host.rstrip(".").lower())


def to_wire(prepared: PreparedRequest) -> WireRequest:
    """A ``PreparedRequest`` as a `WireRequest` (a streamed body is read whole)."""
    body: Any = prepared.body
    if body is not None and not isinstance(body, bytes | str):
        # The management API stops one byte past its body limit (it answers 413 without holding the
        # whole stream); a registry upload has no such limit.
        registry = (urlsplit(prepared.url or "").hostname or "").startswith("swr.")
        body = read_stream(body, None if registry else BODY_MAX_BYTES)
    return WireRequest.build(prepared.method or "GET", prepared.url or "", prepared.headers, body)


@functools.cache
def _requests_classes() -> tuple[type[Exception], type[BaseAdapter]]:
    """The ``requests`` subclasses this transport needs, built on first use."""
    import requests
    from requests.adapters import BaseAdapter
    from requests.structures import CaseInsensitiveDict
    from requests.utils import get_encoding_from_headers
    from urllib3 import HTTPResponse
    from urllib3.exceptions import MaxRetryError

    class ConnectionRefused(requests.ConnectionError):
        """A request swr-fake refuses or drops: the message says why and what it serves."""

    class FakeAdapter(BaseAdapter):
        """A transport adapter that answers from a handler instead of a socket.

        ``real`` is the adapter ``requests`` would have used: its ``build_response`` makes the
        ``Response`` (cookies, encoding) and its ``max_retries`` apply as they would on a real
        connection (the SDK's ``Retry(status_forcelist=[429])`` gives up with ``RetryError``).
        """

        def __init__(self, handler: Handler, guard: Callable[[], str | None] | None = None, real: Any = None) -> None:
            super().__init__()
            self.handler = handler
            self.guard = guard
            self.real = real
            self.max_retries = getattr(real, "max_retries", None)

        def send(self, request: PreparedRequest, stream: bool = False, **kwargs: Any) -> Response:  # type: ignore[override]
            retries = self.max_retries
            while True:
                response = self._answer(request)
                if retries is None or not retries.is_retry(
                    method=request.method,
                    status_code=response.status_code,
                    has_retry_after="Retry-After" in response.headers,
                ):
                    return response
                try:
                    retries = retries.increment(method=request.method, url=response.url, response=response.raw)
                except MaxRetryError as error:
                    if retries.raise_on_status:
                        raise requests.exceptions.RetryError(error, request=request) from None
                    return response

        def _answer(self, request: PreparedRequest) -> Response:
            if self.guard is not None:
                refusal = self.guard()
                if refusal is not None:
                    raise ConnectionRefused(refusal, request=request)
            try:
                answer = self.handler(to_wire(request))
            except TransportFault as fault:
                raise to_exception(fault, request) from None
            raw = HTTPResponse(
                body=BytesIO(answer.body),
                headers=answer.headers,
                status=answer.status,
                reason=_reason(answer.status),
                preload_content=False,
                decode_content=False,
                request_method=request.method,
            )
            build = getattr(self.real, "build_response", None)
            if build is not None:
                built: Response = build(request, raw)
                return built
            response = requests.Response()
            response.status_code = answer.status
            response.headers = CaseInsensitiveDict(answer.headers)
            response.encoding = get_encoding_from_headers(response.headers)
            response.raw = raw
            response.reason = _reason(answer.status)
            response.url = request.url or ""
            response.request = request
            response.connection = self  # type: ignore[assignment]
            return response

        def close(self) -> None:
            pass

    return ConnectionRefused, FakeAdapter


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def connection_refused() -> type[Exception]:
    """The ``requests.ConnectionError`` subclass swr-fake raises when it refuses or drops a
    request (built on first use, like everything that needs ``requests``)."""
    return _requests_classes()[0]


def to_exception(fault: TransportFault, prepared: PreparedRequest) -> BaseException:
    """The ``requests`` exception a `TransportFault` stands for."""
    import requests

    chosen = fault.exception
    if isinstance(chosen, BaseException):
        return chosen
    message = str(fault)
    if chosen is not None:
        if issubclass(chosen, requests.RequestException):
            return chosen(message, request=prepared)
        return chosen(message)
    if fault.kind == "timeout":
        return requests.ReadTimeout(message, request=prepared)
    if fault.kind == "connect_timeout":
        return requests.ConnectTimeout(message, request=prepared)
    refused: BaseException = connection_refused()(message, request=prepared)  # type: ignore[call-arg]
    return refused


class _Patch:
    """The one wrapper around ``requests.Session.get_adapter``, shared by every active fake.

    Fakes form a stack: the one started last answers. The wrapper is installed with the first
    fake and removed with the last; what it wraps is whatever ``get_adapter`` was then.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stack: list[Interceptor] = []
        self.original: Any = None

    def push(self, interceptor: Interceptor) -> None:
        import requests

        with self.lock:
            self._guard_adapter_send()
            if not self.stack:
                self.original = requests.Session.__dict__["get_adapter"]
                original = self.original

                def get_adapter(session: Session, url: str) -> BaseAdapter:
                    result: BaseAdapter = original(session, url)
                    top = self.stack[-1] if self.stack else None
                    if top is not None:
                        chosen = top.adapter_for(url, result)
                        if chosen is not None:
                            return chosen
                    return result

                get_adapter.__wrapped__ = original  # type: ignore[attr-defined]
                requests.Session.get_adapter = get_adapter  # type: ignore[method-assign,assignment]
            self.stack.append(interceptor)

    def _guard_adapter_send(self) -> None:
        """A second line below ``get_adapter``: ``HTTPAdapter.send`` answers owned URLs too. Some
        mocks restore the original ``get_adapter`` on the session while they run (requests-mock
        started before the fake, after each send); a request that reaches a real adapter that
        way must still never leave. Installed once and left in place (inert while no fake is
        active), so that mocks which patched over it restore it correctly whatever the order."""
        from requests.adapters import HTTPAdapter

        current = HTTPAdapter.__dict__["send"]
        if getattr(current, "_swr_fake", False):
            return
        stack = self.stack

        def send(adapter: Any, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
            top = stack[-1] if stack else None
            if top is not None and owned(request.url or ""):
                answered: Response = top.adapter(adapter).send(request, *args, **kwargs)
                return answered
            result: Response = current(adapter, request, *args, **kwargs)
            return result

        send._swr_fake = True  # type: ignore[attr-defined]
        send.__wrapped__ = current  # type: ignore[attr-defined]
        HTTPAdapter.send = send  # type: ignore[method-assign,assignment]

    def pop(self, interceptor: Interceptor) -> None:
        import requests

        with self.lock:
            if interceptor in self.stack:
                self.stack.remove(interceptor)
            if not self.stack and self.original is not None:
                requests.Session.get_adapter = self.original  # type: ignore[method-assign]
                self.original = None

    @property
    def active(self) -> list[Interceptor]:
        return list(self.stack)


PATCH = _Patch()


class Interceptor:
    """Routes owned ``requests`` traffic to ``handler`` while started.

    ``refuse_unmatched``: also refuse every URL the fake does not own, instead of letting it
    through to whatever adapter (the real network, or another mock) would take it; ``allow``
    lists host names that still pass.
    """

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._adapter: BaseAdapter | None = None
        self.refuse_unmatched = False
        self.allow: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")

    def callback(self, prepared: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        """The answer to one prepared request as ``(status, headers, body)`` (benchmarks)."""
        try:
            response = self._handler(to_wire(prepared))
        except TransportFault as fault:
            raise to_exception(fault, prepared) from None
        return response.status, response.headers, response.body

    def adapter(self, real: Any = None) -> BaseAdapter:
        """An adapter that answers owned URLs in place of ``real`` (the adapter ``requests`` would
        have used; its retry settings apply). Also mounted on SDK clients built by the fake."""
        if real is None:
            if self._adapter is None:
                self._adapter = _requests_classes()[1](self._handler, self._refusal)  # type: ignore[call-arg]
            return self._adapter
        fake: BaseAdapter = _requests_classes()[1](self._handler, self._refusal, real)  # type: ignore[call-arg]
        return fake

    def _refusal(self) -> str | None:
        if self in PATCH.stack:
            return None
        return (
            "swr-fake: this client was built by a fake that has stopped; a request to a cloud host "
            "is refused rather than sent to the real service (build a new client inside the fake)"
        )

    def adapter_for(self, url: str, real: Any = None) -> BaseAdapter | None:
        if getattr(real, "handler", None) is not None and getattr(real, "guard", None) is not None:
            return None  # a fake's own adapter, mounted on an SDK client's session: it decides
        if owned(url):
            return self.adapter(real)
        if self.refuse_unmatched:
            host = (urlsplit(url).hostname or "").rstrip(".").lower()
            if host not in self.allow:
                return _requests_classes()[1](_refuse_everything, None)  # type: ignore[call-arg]
        return None

    @property
    def active(self) -> bool:
        return self in PATCH.stack

    def start(self) -> None:
        if not self.active:
            PATCH.push(self)

    def stop(self) -> None:
        PATCH.pop(self)


def _refuse_everything(request: WireRequest) -> WireResponse:
    raise TransportFault(
        "not_served",
        f"swr-fake refuses {request.method} {request.url}: refuse_unmatched is on and {request.host!r} "
        "is not a cloud host the fake serves",
    )
