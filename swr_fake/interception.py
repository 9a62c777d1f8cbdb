"""Routing ``requests`` traffic for SWR hosts into the fake, with a private ``RequestsMock``.

One callback for all HTTP methods on a host-anchored pattern; routing happens inside the fake,
so overlapping registrations (and ``responses``' habit of discarding one of two matches)
never come into play. Unmatched hosts pass through to the real network untouched.

``responses`` (and with it ``requests`` and ``urllib3``) is imported on the first ``start()``,
not with the package: a test session that never activates the fake does not pay for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import responses
    from requests import PreparedRequest

SWR_URL = re.compile(r"https?://swr-api\.[a-z0-9-]+\.myhuaweicloud\.(?:com|eu)(?::\d+)?(?:[/?#]|$)")

Callback = Callable[["PreparedRequest"], Any]


@functools.cache
def _classes() -> tuple[type, type]:
    """The ``responses`` subclasses the interceptor needs, built on first use (lazy import)."""
    import responses
    from responses.registries import FirstMatchRegistry

    class AnyMethodCallback(responses.CallbackResponse):
        """A callback for every method on its URL pattern, including ``TRACE`` or made-up ones: a
        request to an intercepted host must never pass through to the real service."""

        def __init__(self, pattern: re.Pattern[str], callback: Callback) -> None:
            super().__init__("*", pattern, callback=callback, content_type=None)
            self.pattern = pattern

        def matches(self, request: PreparedRequest) -> tuple[bool, str]:
            if self.pattern.match(str(request.url)) is None:
                return False, "URL does not match"
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

    return AnyMethodCallback, KeepingRegistry


class Interceptor:
    """Starts and stops one private ``RequestsMock`` for a set of (pattern, callback) pairs."""

    def __init__(self) -> None:
        self._routes: list[tuple[re.Pattern[str], Callback]] = []
        self._mock: responses.RequestsMock | None = None

    def add(self, pattern: re.Pattern[str], callback: Callback) -> None:
        self._routes.append((pattern, callback))

    @property
    def active(self) -> bool:
        return self._mock is not None

    def start(self) -> None:
        if self._mock is not None:
            return
        import responses

        any_method_callback, keeping_registry = _classes()
        mock = responses.RequestsMock(assert_all_requests_are_fired=False, registry=keeping_registry)
        for pattern, callback in self._routes:
            mock.add(any_method_callback(pattern, callback))
        mock.add_passthru(re.compile(r".*"))
        mock.start()
        self._mock = mock

    def stop(self) -> None:
        if self._mock is None:
            return
        self._mock.stop(allow_assert=False)
        self._mock.reset()
        self._mock = None
