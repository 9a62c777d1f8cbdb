"""The call log: every request the fake answered, for assertions in tests."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, overload

from .api.request import Encoded


@dataclass(frozen=True, slots=True)
class Call:
    operation: str | None  # the SDK operation name, None for an unknown URL
    method: str
    url: str
    path: str
    query: dict[str, str]
    body: Any  # the parsed JSON request body, or None
    status: int
    response: Any  # the JSON value sent back, or None
    request_id: str


class CallLog:
    """Thread-safe, append-only; ``of("delete_repo")`` filters by operation.

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
        return self._read(-1)

    def of(self, operation: str) -> list[Call]:
        return [self._read(index) for index, call in enumerate(self._calls) if call.operation == operation]

    def operations(self) -> list[str | None]:
        return [call.operation for call in self._calls]
