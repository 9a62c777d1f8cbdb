"""The call log: every request the fake answered, for assertions in tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


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
    """Thread-safe, append-only; ``of("delete_repo")`` filters by operation."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def append(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def clear(self) -> None:
        with self._lock:
            self._calls = []

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __getitem__(self, index: int) -> Call:
        return self._calls[index]

    @property
    def last(self) -> Call:
        return self._calls[-1]

    def of(self, operation: str) -> list[Call]:
        return [call for call in self._calls if call.operation == operation]

    def operations(self) -> list[str | None]:
        return [call.operation for call in self._calls]
