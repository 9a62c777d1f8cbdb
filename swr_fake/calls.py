"""The call log: every request the fake answered (or failed on purpose), for assertions in tests."""

from __future__ import annotations

import dataclasses
import difflib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, overload

from .api.request import Encoded
from .operations import Operation, check_operation


def request_names(params: dict[str, str], body: Any, query: dict[str, str], key: str) -> str | None:
    """The organization (``key="namespace"``) or repository a request is about: the path
    parameter, else the JSON body's top-level field of that name (``create_namespace``,
    ``create_repo``), else the query parameter (``list_repos_details?namespace=``).
    Repository names are given with ``/`` whether they were sent as ``%2F`` or ``$``."""
    value = params.get(key)
    if value is None and isinstance(body, dict) and isinstance(body.get(key), str):
        value = body[key]
    if value is None:
        value = query.get(key)
    if value is not None and key == "repository":
        value = value.replace("$", "/")
    return value


@dataclass(frozen=True, slots=True)
class Call:
    operation: str | None  # the SDK operation name, None for an unknown URL
    method: str
    url: str
    path: str  # as sent (percent-encoded)
    query: dict[str, str]
    body: Any  # the parsed JSON request body, or None
    status: int | None  # None when no response was sent (connection error, timeout)
    response: Any  # the JSON value sent back, or None
    request_id: str  # "" when no response was sent
    # What was injected: "error", "connection_error", "timeout", "exception", "offline", "latency", "action".
    fault: str | None = None
    delay: float = 0.0  # seconds of injected latency before the answer

    @property
    def params(self) -> dict[str, str]:
        """The path parameters of the route the request matched (``{}`` for an unknown URL)."""
        from .api.dispatch import locate

        return locate(self.method, self.path)[1]

    @property
    def namespace(self) -> str | None:
        return request_names(self.params, self.body, self.query, "namespace")

    @property
    def repository(self) -> str | None:
        return request_names(self.params, self.body, self.query, "repository")

    def __str__(self) -> str:
        status = "no response" if self.status is None else str(self.status)
        fault = f" [fault: {self.fault}]" if self.fault else ""
        return f"{self.method} {self.path} -> {status} ({self.operation or 'unknown URL'}){fault}"


class CallLog:
    """Thread-safe and append-only, with filters (``of``, ``where``, ``count``) and
    assertions (``assert_called``, ``assert_not_called``) whose failures list what was called.

    A response body the fake sent as ready-made bytes is decoded only when its call is first
    read from the log, so that a test that never looks pays nothing for it.
    """

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def append(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def clear(self) -> None:
        with self._lock:
            self._calls = []

    def _read(self, index: int) -> Call:
        call = self._calls[index]
        if isinstance(call.response, Encoded):
            with self._lock:
                call = self._calls[index]
                if isinstance(call.response, Encoded):
                    call = dataclasses.replace(call, response=call.response.decode())
                    self._calls[index] = call
        return call

    def _all(self) -> list[Call]:
        return [self._read(index) for index in range(len(self._calls))]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(self._all())

    @overload
    def __getitem__(self, index: int) -> Call: ...
    @overload
    def __getitem__(self, index: slice) -> list[Call]: ...
    def __getitem__(self, index: int | slice) -> Call | list[Call]:
        if isinstance(index, slice):
            return [self._read(position) for position in range(len(self._calls))[index]]
        return self._read(index)

    @property
    def last(self) -> Call:
        """The most recent call; ``IndexError`` saying so when no call was made."""
        if not self._calls:
            raise IndexError("swr.calls.last: no calls were made (the call log is empty)")
        return self._read(-1)

    def of(self, operation: Operation) -> list[Call]:
        """The calls of one operation; an unknown name raises ``ValueError`` (did-you-mean)."""
        name = check_operation(operation)
        return [self._read(index) for index, call in enumerate(self._calls) if call.operation == name]

    def operations(self) -> list[str | None]:
        return [call.operation for call in self._all()]

    def where(
        self,
        operation: Operation | None = None,
        *,
        method: str | None = None,
        status: int | None = None,
        namespace: str | None = None,
        repository: str | None = None,
        fault: str | bool | None = None,
    ) -> list[Call]:
        """The calls matching every criterion given. ``namespace``/``repository``: as in
        `request_names` (repository with ``/``); ``fault``: a kind, ``True`` for any
        injected fault, ``False`` for none. An unknown operation name raises ``ValueError``."""
        wanted_operation = check_operation(operation) if operation is not None else None
        if isinstance(fault, str) and fault not in FAULT_KINDS:
            raise ValueError(
                f"unknown fault kind {fault!r}{_suggest(fault, FAULT_KINDS)}; kinds: {', '.join(FAULT_KINDS)}"
            )
        wanted_repository = repository.replace("$", "/") if repository is not None else None
        found = []
        for call in self._all():
            if wanted_operation is not None and call.operation != wanted_operation:
                continue
            if method is not None and call.method != method.upper():
                continue
            if status is not None and call.status != status:
                continue
            if namespace is not None and call.namespace != namespace:
                continue
            if wanted_repository is not None and call.repository != wanted_repository:
                continue
            if fault is not None:
                if isinstance(fault, bool):
                    if (call.fault is not None) != fault:
                        continue
                elif call.fault != fault:
                    continue
            found.append(call)
        return found

    def count(self, operation: Operation | None = None, **matchers: Any) -> int:
        _check_matchers(matchers)
        return len(self.where(operation, **matchers))

    def assert_called(self, operation: Operation, times: int | None = None, **matchers: Any) -> list[Call]:
        """Fail unless ``operation`` was called (exactly ``times`` times, if given) with
        the `where` matchers; returns the matching calls."""
        _check_matchers(matchers)
        found = self.where(operation, **matchers)
        if (times is None and not found) or (times is not None and len(found) != times):
            expected = "at least once" if times is None else _times(times)
            raise AssertionError(
                f"expected {_describe(operation, matchers)} to be called {expected}, "
                f"it was called {_times(len(found))}.\n{self.describe()}"
            )
        return found

    def assert_not_called(self, operation: Operation, **matchers: Any) -> None:
        """Fail if ``operation`` was called (with the `where` matchers)."""
        _check_matchers(matchers)
        found = self.where(operation, **matchers)
        if found:
            raise AssertionError(
                f"expected {_describe(operation, matchers)} not to be called, "
                f"it was called {_times(len(found))}.\n{self.describe()}"
            )

    def describe(self) -> str:
        """Every call, one per line: what assertion failures show."""
        calls = self._all()
        if not calls:
            return "No calls were made."
        lines = [f"Calls made ({len(calls)}):"]
        lines += [f"  {number}. {call}" for number, call in enumerate(calls, 1)]
        return "\n".join(lines)


# The ``fault`` values a call can carry (see `Call.fault`).
FAULT_KINDS = ("error", "connection_error", "timeout", "exception", "offline", "latency", "action")
MATCHERS = ("method", "status", "namespace", "repository", "fault")


def _suggest(name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_matchers(matchers: dict[str, Any]) -> None:
    for name in matchers:
        if name not in MATCHERS:
            raise TypeError(f"unknown call matcher {name!r}{_suggest(name, MATCHERS)}; matchers: {', '.join(MATCHERS)}")


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _describe(operation: str, matchers: dict[str, Any]) -> str:
    if not matchers:
        return operation
    return f"{operation} ({', '.join(f'{key}={value!r}' for key, value in matchers.items())})"
