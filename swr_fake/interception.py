"""The in-process transport: ``requests`` traffic to cloud hosts, answered by the front door.

A private ``RequestsMock`` with one callback for every method on every URL whose host is
under a domain of the clouds the fake stands in for (`swr_fake.hosts.is_cloud_host`). The
callback turns the ``PreparedRequest`` into a `WireRequest`, calls the front door and turns
its answer (or its `TransportFault`) into what ``requests`` expects. Other hosts pass through.

``responses`` (and with it ``requests`` and ``urllib3``) is imported on the first ``start()``,
not with the package: a test session that never activates the fake does not pay for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .hosts import is_cloud_host
from .wire import TransportFault, WireRequest, WireResponse

if TYPE_CHECKING:
    import responses
    from requests import PreparedRequest

__all__ = ["SWR_URL", "Interceptor", "connection_refused", "to_wire"]

Handler = Callable[[WireRequest], WireResponse]
# The management hosts, for code (the benchmark's floor) that registers its own mock for them.
SWR_URL = re.compile(
    r"https?://swr-api\.[a-z0-9-]+\.(?:myhuaweicloud\.(?:com|eu)|otc\.t-systems\.com)(?::\d+)?(?:[/?#]|$)"
)


def owned(url: str) -> bool:
    """Whether a URL is the fake's to answer or refuse: its host is a cloud host, in any
    spelling (letter case, port, user information, a trailing dot)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return is_cloud_host(host.rstrip(".").lower())


def to_wire(prepared: PreparedRequest) -> WireRequest:
    """A ``PreparedRequest`` as a `WireRequest` (a streamed body is read whole)."""
    body: Any = prepared.body
    if body is not None and not isinstance(body, bytes | str):
        body = b"".join(chunk.encode() if isinstance(chunk, str) else bytes(chunk) for chunk in body)
    return WireRequest.build(prepared.method or "GET", prepared.url or "", prepared.headers, body)


@functools.cache
def _classes() -> tuple[type, type, type]:
    """The ``responses`` and ``requests`` subclasses the transport needs, built on first use."""
    import requests
    import responses
    from responses.registries import FirstMatchRegistry

    class AnyMethodCallback(responses.CallbackResponse):
        """One callback for every method, including ``TRACE`` or made-up ones, on every owned URL:
        a request to a cloud host must never pass through to the real service."""

        def __init__(self, callback: Callable[[PreparedRequest], Any]) -> None:
            super().__init__("*", re.compile(".*"), callback=callback, content_type=None)

        def matches(self, request: PreparedRequest) -> tuple[bool, str]:
            if not owned(str(request.url)):
                return False, "not a cloud host"
            return True, ""

    class KeepingRegistry(FirstMatchRegistry):
        """First match wins and nothing is ever removed (the default registry pops one of two
        matching responses, which silently drops a route)."""

        def find(self, request: PreparedRequest) -> tuple[Any, list[str]]:
            reasons: list[str] = []
            for response in self.registered:
                matched, reason = response.matches(request)
                if matched:
                    return response, reasons
                reasons.append(reason)
            return None, reasons

    class ConnectionRefused(requests.ConnectionError):
        """A request swr-fake refuses or drops: the message says why and what it serves."""

    return AnyMethodCallback, KeepingRegistry, ConnectionRefused


def connection_refused() -> type[Exception]:
    """The ``requests.ConnectionError`` subclass swr-fake raises when it refuses or drops a
    request (built on first use, like everything that needs ``requests``)."""
    return _classes()[2]


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
    refused: BaseException = _classes()[2](message, request=prepared)
    return refused


class Interceptor:
    """Starts and stops one private ``RequestsMock`` that sends owned requests to ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._mock: responses.RequestsMock | None = None

    def callback(self, prepared: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        try:
            response = self._handler(to_wire(prepared))
        except TransportFault as fault:
            raise to_exception(fault, prepared) from None
        return response.status, response.headers, response.body

    @property
    def active(self) -> bool:
        return self._mock is not None

    def start(self) -> None:
        if self._mock is not None:
            return
        import responses

        any_method_callback, keeping_registry, _ = _classes()
        mock = responses.RequestsMock(assert_all_requests_are_fired=False, registry=keeping_registry)
        mock.add(any_method_callback(self.callback))
        mock.add_passthru(re.compile(r".*"))
        mock.start()
        self._mock = mock

    def stop(self) -> None:
        if self._mock is None:
            return
        self._mock.stop(allow_assert=False)
        self._mock.reset()
        self._mock = None
