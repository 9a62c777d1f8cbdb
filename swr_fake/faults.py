"""Fault injection: make the fake fail on purpose, to test the unhappy paths of code that
talks to SWR (``swr.faults``).

A fault matches requests by the routed SDK operation name, method, a regex on the path and
the organization/repository the request is about. Matching faults are looked at in the
order they were added: latency faults add their delay, and the first other fault decides
what happens (an error response, a connection error, a read timeout, or — for a script
step ``"ok"`` — the normal answer). A faulted request never reaches the service, so it
changes nothing; it is logged in ``swr.calls`` with its ``fault``.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from . import errors
from .api.routing import ROUTER
from .calls import request_names
from .errors import ErrorSpec, Family
from .wire import WireRequest

# What a script step may be: "ok", a status, (status, code), (status, code, message),
# "connection_error", "timeout", an exception class or instance to raise, or a callable.
ScriptStep = Any

# The error a faulted status answers with when no code is given.
DEFAULT_ERRORS: dict[int, ErrorSpec] = {
    400: errors.INVALID_PARAMETER,
    401: errors.UNAUTHENTICATED,
    403: errors.FORBIDDEN,
    429: errors.THROTTLED,
    500: errors.INTERNAL_ERROR,
    502: errors.BACKEND_UNAVAILABLE,
    504: errors.BACKEND_TIMEOUT,
}
# 404 answers with the operation's own "not found" error (resolved per request).
NOT_FOUND_BY_OPERATION: dict[str, ErrorSpec] = {
    **dict.fromkeys(("show_repo_tag", "delete_repo_tag"), errors.TAG_NOT_FOUND),
    **dict.fromkeys(("show_trigger", "update_trigger", "delete_trigger"), errors.TRIGGER_NOT_FOUND),
    **dict.fromkeys(
        ("show_namespace_auth", "update_namespace_auth", "delete_namespace_auth"), errors.NAMESPACE_AUTH_NOT_FOUND
    ),
    **dict.fromkeys(
        ("show_user_repository_auth", "update_user_repository_auth", "delete_user_repository_auth"),
        errors.REPOSITORY_AUTH_NOT_FOUND,
    ),
}
# No SWR or gateway code is documented for 503: it is answered the way a front proxy does,
# with an HTML page (the SDK then reports error_code "503" and the page as error_msg).
UNAVAILABLE_PAGE = (
    b"<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
    b"<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n"
)


def _catalogue() -> dict[tuple[int, str], ErrorSpec]:
    found: dict[tuple[int, str], ErrorSpec] = {}
    for value in vars(errors).values():
        if isinstance(value, ErrorSpec):
            found.setdefault((value.status, value.code), value)
    return found


CATALOGUE = _catalogue()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one use of a fault does."""

    kind: str  # "ok", "error", "transport", "raise", "latency", "action"
    status: int = 0
    code: str | None = None
    message: str | None = None
    exception: type[BaseException] | BaseException | None = None
    transport: str = ""  # for kind "transport": "connection_error", "timeout", "offline"
    seconds: float = 0.0
    action: Callable[[], object] | None = None

    def describe(self) -> str:
        if self.kind == "error":
            return f"status {self.status}" + (f" {self.code}" if self.code else "")
        if self.kind == "transport":
            return self.transport.replace("_", " ")
        if self.kind == "raise":
            exception = self.exception
            name = exception.__name__ if isinstance(exception, type) else type(exception).__name__
            return f"raise {name}"
        if self.kind == "latency":
            return f"latency {self.seconds}s"
        if self.kind == "action":
            return f"run {getattr(self.action, '__name__', 'action')}"
        return "ok"


OK = Outcome("ok")
OFFLINE = Outcome("transport", transport="offline")
CONNECTION_ERROR = Outcome("transport", transport="connection_error")
READ_TIMEOUT = Outcome("transport", transport="timeout")


def error_outcome(status: int, code: str | None = None, message: str | None = None) -> Outcome:
    if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
        raise ValueError(f"a faulted status must be an int from 400 to 599, not {status!r}")
    if code is None and status not in DEFAULT_ERRORS and status not in (404, 503):
        known = ", ".join(str(number) for number in sorted([*DEFAULT_ERRORS, 404, 503]))
        raise ValueError(f"no default error for status {status} (known: {known}); give code=")
    return Outcome("error", status, code, message)


def raise_outcome(exception: type[BaseException] | BaseException) -> Outcome:
    return Outcome("raise", exception=exception)


def script_outcome(step: ScriptStep) -> Outcome:
    if step == "ok":
        return OK
    if step == "connection_error":
        return CONNECTION_ERROR
    if step == "timeout":
        return READ_TIMEOUT
    if isinstance(step, int) and not isinstance(step, bool):
        return error_outcome(step)
    if isinstance(step, tuple) and 1 <= len(step) <= 3:
        return error_outcome(*step)
    if isinstance(step, BaseException) or (isinstance(step, type) and issubclass(step, BaseException)):
        return raise_outcome(step)
    if callable(step):
        return Outcome("action", action=step)
    raise TypeError(
        f"a script step is 'ok', a status, (status, code[, message]), 'connection_error', 'timeout', "
        f"an exception to raise or a callable, not {step!r}"
    )


def fault_kind(exception: type[BaseException] | BaseException | None) -> str:
    """How the call log names a raised fault. An exception of ``requests`` is classified by its
    class; ``requests`` is looked up, not imported (a user who passed one has imported it)."""
    cls = exception if isinstance(exception, type) else type(exception)
    found = sys.modules.get("requests")
    if found is not None:
        if issubclass(cls, found.ConnectionError):  # includes ConnectTimeout
            return "connection_error"
        if issubclass(cls, found.Timeout):
            return "timeout"
    return "exception"


def known_operation(operation: str) -> str:
    """The operation name, checked against the routes (an SDK ``..._async`` name works too)."""
    from .registry import OPERATIONS as REGISTRY_OPERATIONS

    names = {route.operation for route in ROUTER.routes} | REGISTRY_OPERATIONS
    if operation in names:
        return operation
    if operation.endswith("_async") and operation[: -len("_async")] in names:
        return operation[: -len("_async")]
    close = difflib.get_close_matches(operation, names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"unknown SWR operation {operation!r}{hint}")


class FaultRequest:
    """What fault matching and the call log need to know about one request: the request and
    the operation and path parameters its surface routes it to."""

    def __init__(self, request: WireRequest, operation: str | None, params: dict[str, str]) -> None:
        self.request = request
        self.method = request.method
        self.url = request.url
        self.path = request.path
        self.query = request.query
        self.operation, self.params = operation, params
        self.body = _json_or_none(request.body)
        self.namespace = request_names(self.params, self.body, self.query, "namespace")
        self.repository = request_names(self.params, self.body, self.query, "repository")


def _json_or_none(body: bytes | None) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


class Fault:
    """One registered fault, as returned by every `Faults` method.

    ``hits`` counts the requests it acted on and ``remaining`` the uses left (``None``:
    unlimited). ``cancel()`` removes it; as a context manager it is removed on exit.
    """

    def __init__(
        self,
        owner: Faults,
        outcomes: Iterable[Outcome],
        *,
        times: int | None,
        operation: str | None,
        method: str | None,
        path: str | re.Pattern[str] | None,
        namespace: str | None,
        repository: str | None,
        script: bool = False,
    ) -> None:
        if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
            raise ValueError(f"times must be a positive int or None (always), not {times!r}")
        self._owner = owner
        self._outcomes = deque(outcomes)
        self._script = script
        self._remaining = len(self._outcomes) if script else times
        if script and not self._outcomes:
            raise ValueError("a script needs at least one step")
        self.operation = known_operation(operation) if operation is not None else None
        self.method = method.upper() if method is not None else None
        self.path = re.compile(path) if path is not None else None
        self.namespace = namespace
        self.repository = repository.replace("$", "/") if repository is not None else None
        self.hits = 0

    @property
    def remaining(self) -> int | None:
        return self._remaining

    @property
    def is_latency(self) -> bool:
        return not self._script and self._outcomes[0].kind == "latency"

    def matches(self, request: FaultRequest) -> bool:
        return (
            (self.operation is None or request.operation == self.operation)
            and (self.method is None or request.method == self.method)
            and (self.path is None or self.path.search(request.path) is not None)
            and (self.namespace is None or request.namespace == self.namespace)
            and (self.repository is None or request.repository == self.repository)
        )

    def take(self) -> Outcome:
        """One use (the caller holds the owner's lock)."""
        self.hits += 1
        if self._remaining is not None:
            self._remaining -= 1
        return self._outcomes.popleft() if self._script else self._outcomes[0]

    @property
    def exhausted(self) -> bool:
        return self._remaining is not None and self._remaining <= 0

    def cancel(self) -> None:
        self._owner.remove(self)

    def __enter__(self) -> Fault:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.cancel()

    def __repr__(self) -> str:
        matchers = [
            f"{name}={value!r}"
            for name, value in (
                ("operation", self.operation),
                ("method", self.method),
                ("path", self.path.pattern if self.path is not None else None),
                ("namespace", self.namespace),
                ("repository", self.repository),
            )
            if value is not None
        ]
        what = (
            "script [" + ", ".join(outcome.describe() for outcome in self._outcomes) + "]"
            if self._script
            else self._outcomes[0].describe()
        )
        left = "always" if self._remaining is None else f"{self._remaining} left"
        return f"<Fault {what} for {' '.join(matchers) or 'every request'}, {left}, {self.hits} hits>"


@dataclass(frozen=True, slots=True)
class Decision:
    """What `Faults.decide` chose for one request: wait ``delay`` seconds, then ``outcome``
    (``None``: serve it normally)."""

    delay: float
    outcome: Outcome | None


class Offline:
    """What `Faults.offline` returns: the service is already down; as a context manager it
    comes back up (to the previous setting) on exit."""

    def __init__(self, faults: Faults, previous: bool) -> None:
        self._faults = faults
        self._previous = previous

    def __enter__(self) -> Offline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._faults.down = self._previous


class Faults:
    """The fault API of a fake (``swr.faults``). Thread-safe: the async client sends from
    a pool. ``swr.reset()`` clears every fault."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.down = False  # offline: every SWR request fails with a connection error
        self.sleep: Callable[[float], None] = time.sleep  # how latency waits

    # --- registering ---------------------------------------------------------------------
    def fail(
        self,
        operation: str | None = None,
        *,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        namespace: str | None = None,
        repository: str | None = None,
        times: int | None = 1,
        status: int = 500,
        code: str | None = None,
        message: str | None = None,
    ) -> Fault:
        """Answer matching requests with an error instead of serving them. Without ``code``:
        400 ``SVCSTG.SWR.4000014``, 401 ``APIGW.0301``, 403 ``SVCSTG.SWR.4030170``, 404 the
        operation's not-found code, 429 the gateway's ``APIGW.0308`` throttling body, 500
        ``SVCSTG.SWR.5000007``, 502 ``APIGW.0202``, 503 a proxy's HTML page, 504
        ``APIGW.0203``. ``times=None``: every matching request."""
        outcome = error_outcome(status, code, message)
        return self._add(outcome, times, operation, method, path, namespace, repository)

    def connection_error(
        self,
        operation: str | None = None,
        *,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        namespace: str | None = None,
        repository: str | None = None,
        times: int | None = 1,
    ) -> Fault:
        """Matching requests raise ``requests.ConnectionError`` (the SDK: ``ConnectionException``)."""
        return self._add(CONNECTION_ERROR, times, operation, method, path, namespace, repository)

    def timeout(
        self,
        operation: str | None = None,
        *,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        namespace: str | None = None,
        repository: str | None = None,
        times: int | None = 1,
    ) -> Fault:
        """Matching requests raise ``requests.ReadTimeout`` at once (the SDK lets it through
        unwrapped). The request is not served."""
        return self._add(READ_TIMEOUT, times, operation, method, path, namespace, repository)

    def latency(
        self,
        seconds: float,
        operation: str | None = None,
        *,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        namespace: str | None = None,
        repository: str | None = None,
        times: int | None = 1,
    ) -> Fault:
        """Wait ``seconds`` (really: keep it to a few ms) before answering matching
        requests; combines with any other fault that matches."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise ValueError(f"seconds must be a number >= 0, not {seconds!r}")
        outcome = Outcome("latency", seconds=float(seconds))
        return self._add(outcome, times, operation, method, path, namespace, repository)

    def script(
        self,
        operation: str | None,
        outcomes: Iterable[ScriptStep],
        *,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        namespace: str | None = None,
        repository: str | None = None,
    ) -> Fault:
        """Matching requests get the steps in order, one each, then normal answers again.
        A step is ``"ok"`` (served normally), a status (``429``), ``(status, code)`` or
        ``(status, code, message)``, ``"connection_error"``, ``"timeout"``, an exception
        class or instance to raise (``requests.ConnectionError``), or a callable taking no
        arguments: it is called, then the request is served normally — another client
        changing the state just before this request arrives (the call is logged with
        fault ``"action"``)."""
        steps = [script_outcome(step) for step in outcomes]
        fault = Fault(
            self, steps, times=None, operation=operation, method=method, path=path,
            namespace=namespace, repository=repository, script=True,
        )  # fmt: skip
        with self._lock:
            self._faults.append(fault)
        return fault

    def offline(self) -> Offline:
        """Take the whole service down now: every SWR request raises a connection error.
        As a context manager, it comes back on exit (or set ``swr.offline = False``)."""
        previous, self.down = self.down, True
        return Offline(self, previous)

    def clear(self) -> None:
        """Remove every fault, go back online and sleep for real again."""
        with self._lock:
            self._faults = []
            self.down = False
            self.sleep = time.sleep

    def remove(self, fault: Fault) -> None:
        with self._lock:
            if fault in self._faults:
                self._faults.remove(fault)

    @property
    def pending(self) -> list[Fault]:
        """The faults that can still act, in the order they are looked at."""
        with self._lock:
            return list(self._faults)

    def __len__(self) -> int:
        return len(self._faults)

    def __iter__(self) -> Iterator[Fault]:
        return iter(self.pending)

    @property
    def armed(self) -> bool:
        """Whether any request could be affected (the fake skips all of this otherwise)."""
        return self.down or bool(self._faults)

    def _add(
        self,
        outcome: Outcome,
        times: int | None,
        operation: str | None,
        method: str | None,
        path: str | re.Pattern[str] | None,
        namespace: str | None,
        repository: str | None,
    ) -> Fault:
        fault = Fault(
            self, [outcome], times=times, operation=operation, method=method, path=path,
            namespace=namespace, repository=repository,
        )  # fmt: skip
        with self._lock:
            self._faults.append(fault)
        return fault

    # --- applying ----------------------------------------------------------------------------
    def decide(self, request: FaultRequest) -> Decision | None:
        """Which faults act on a request: ``None`` when none matched. Matching faults are used
        up here; what the outcome does (wait, answer an error, drop the connection) is up to
        the front door, which renders errors in the form of the surface they hit."""
        delay, decided = 0.0, None
        with self._lock:
            if self.down:
                decided = OFFLINE
            else:
                for fault in self._faults:
                    if not fault.matches(request):
                        continue
                    if fault.is_latency:
                        delay += fault.take().seconds
                    elif decided is None:
                        decided = fault.take()
                self._faults = [fault for fault in self._faults if not fault.exhausted]
        if decided is None and not delay:
            return None
        return Decision(delay, decided)

    @staticmethod
    def spec(outcome: Outcome, request: FaultRequest) -> ErrorSpec | None:
        """The error an ``"error"`` outcome answers with (``None``: 503 without a code, answered
        with a proxy's HTML page, `UNAVAILABLE_PAGE`)."""
        status, code = outcome.status, outcome.code
        if code is not None:
            known = CATALOGUE.get((status, code))
            if known is not None:
                return known
            family: Family = "apigw" if code.startswith("APIGW.") else "swr"
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = "Error"
            return ErrorSpec(status, code, phrase, family)
        if status == 404:
            specific = NOT_FOUND_BY_OPERATION.get(request.operation or "")
            if specific is not None:
                return specific
            if "repository" in request.params:
                return errors.REPOSITORY_NOT_FOUND
            if "namespace" in request.params:
                return errors.NAMESPACE_NOT_FOUND
            return errors.URL_NOT_FOUND
        return DEFAULT_ERRORS.get(status)
