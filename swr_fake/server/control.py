"""The control API under ``/_fake/``: what a test does with ``swr.reset()``, ``swr.calls``,
``swr.faults`` and the clock in Python, over HTTP for clients in other processes.

Every body is JSON and checked against ``schemas/control/<endpoint>.json`` (a wrong field is
a 400 naming it, with a did-you-mean). Paths never collide with SWR's: no SWR path starts
with ``/_``. Endpoints (each also listed by ``GET /_fake/``):

========================  =========================================================
``POST /_fake/reset``     forget everything (``FakeSwr.reset``)
``GET|PUT /_fake/state``  save / load the whole state (versioned JSON, `swr_fake.state`)
``GET /_fake/snapshot``   the readable snapshot (``FakeSwr.snapshot``)
``GET|DELETE /_fake/calls``  the call log (``?operation=`` filters), or clear it
``GET|POST|DELETE /_fake/faults``  list, add (``swr.faults.fail`` & co.) or clear faults
``GET|PUT /_fake/offline``  the whole service down (``swr.offline``)
``GET|PUT /_fake/clock``  read, set (``now``) or advance (``advance_seconds``) the clock
``GET|PUT /_fake/settings``  signature verification and permission enforcement
========================  =========================================================
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from ..api.request import Encoded
from ..clock import FrozenClock, format_time
from ..schemas import schema_dir

if TYPE_CHECKING:
    from ..calls import Call
    from ..fake import FakeSwr
    from ..faults import Fault

__all__ = ["Control", "ControlError"]

Answer = tuple[int, dict[str, str], bytes]
_JSON = {"Content-Type": "application/json"}


class ControlError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


# The kinds of fault ``POST /_fake/faults`` takes, and the part of its schema each is checked by.
FAULT_KINDS = {
    "error": "request_error",
    "connection_error": "request_raise",
    "timeout": "request_raise",
    "latency": "request_latency",
    "script": "request_script",
}


def _validator(name: str, part: str = "request") -> Any:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

    schema = json.loads((schema_dir() / "control" / f"{name}.json").read_text())
    if part not in schema["$defs"]:
        return None
    # The document stays the root so that references into its ``$defs`` resolve.
    return Draft202012Validator({**schema, "$ref": f"#/$defs/{part}"})


class Control:
    """Answers ``/_fake/...`` requests for one fake."""

    def __init__(self, fake: FakeSwr) -> None:
        self.fake = fake
        self._validators: dict[str, Any] = {}
        self._routes: dict[str, dict[str, Callable[[dict[str, str], Any], tuple[int, Any]]]] = {
            "": {"GET": self.index},
            "reset": {"POST": self.reset},
            "state": {"GET": self.get_state, "PUT": self.put_state},
            "snapshot": {"GET": self.get_snapshot},
            "calls": {"GET": self.get_calls, "DELETE": self.delete_calls},
            "faults": {"GET": self.get_faults, "POST": self.post_fault, "DELETE": self.delete_faults},
            "offline": {"GET": self.get_offline, "PUT": self.put_offline},
            "clock": {"GET": self.get_clock, "PUT": self.put_clock},
            "settings": {"GET": self.get_settings, "PUT": self.put_settings},
        }

    def handle(self, method: str, target: str, body: bytes | None) -> Answer:
        path, _, raw_query = target.partition("?")
        name = path[len("/_fake/") :].strip("/") if path.startswith("/_fake/") else ""
        query = dict(parse_qsl(raw_query, keep_blank_values=True))
        try:
            methods = self._routes.get(name)
            if methods is None:
                close = difflib.get_close_matches(name, [key for key in self._routes if key], n=1)
                hint = f" (did you mean /_fake/{close[0]}?)" if close else ""
                raise ControlError(404, f"no control endpoint /_fake/{name}{hint}; GET /_fake/ lists them")
            operation = methods.get("GET" if method == "HEAD" else method)
            if operation is None:
                allowed = ", ".join(methods)
                raise ControlError(405, f"{method} /_fake/{name}: use {allowed}", {"Allow": allowed})
            status, reply = operation(query, self._payload(name, method, body))
        except ControlError as error:
            reply_body = json.dumps({"error": {"status": error.status, "message": str(error)}}).encode()
            return error.status, {**_JSON, **error.headers}, reply_body
        return status, dict(_JSON), json.dumps(reply).encode()

    def _payload(self, name: str, method: str, body: bytes | None) -> Any:
        if method in ("GET", "HEAD", "DELETE"):
            return None
        if not body or not body.strip():
            payload: Any = {}
        else:
            try:
                payload = json.loads(body)
            except ValueError as exc:
                raise ControlError(400, f"the body is not JSON: {exc}") from None
        part = "request"
        if name == "faults" and isinstance(payload, dict):
            # Check a fault against the schema of its kind: the errors then name the real problem.
            kind = payload.get("kind")
            if kind not in FAULT_KINDS:
                close = difflib.get_close_matches(str(kind), list(FAULT_KINDS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ControlError(400, f"kind: {kind!r} is not one of {', '.join(FAULT_KINDS)}{hint}")
            part = FAULT_KINDS[kind]
        key = f"{name}/{part}"
        if key not in self._validators:
            self._validators[key] = _validator(name, part)
        validator = self._validators[key]
        if validator is not None:
            from jsonschema.exceptions import best_match  # type: ignore[import-untyped, unused-ignore]

            problem = best_match(validator.iter_errors(payload))
            if problem is not None:
                raise ControlError(400, _explain(problem))
        return payload

    # --- endpoints ------------------------------------------------------------------------
    def index(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        return 200, {"endpoints": {f"/_fake/{name}": sorted(methods) for name, methods in self._routes.items() if name}}

    def reset(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        self.fake.reset()
        return 200, {"reset": True}

    def get_state(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        from ..state import StateError, dump_state

        try:
            return 200, dump_state(self.fake)
        except StateError as error:  # a kind of object the state format does not know yet
            raise ControlError(500, f"the state cannot be saved: {error}") from None

    def put_state(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        from ..state import StateError, load_state

        try:
            load_state(self.fake, payload)
        except StateError as error:
            raise ControlError(400, str(error)) from None
        return 200, {"loaded": True}

    def get_snapshot(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        return 200, self.fake.snapshot()

    def get_calls(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        unknown = set(query) - {"operation"}
        if unknown:
            raise ControlError(400, f"unknown query parameter(s) {sorted(unknown)}: only 'operation' filters calls")
        calls = list(self.fake.calls)
        wanted = query.get("operation")
        if wanted is not None:
            calls = [call for call in calls if call.operation == wanted]
        return 200, {"calls": [_call(call) for call in calls], "count": len(calls)}

    def delete_calls(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        cleared = len(self.fake.calls)
        self.fake.calls.clear()
        return 200, {"cleared": cleared}

    def get_faults(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        return 200, {"faults": [_fault(fault) for fault in self.fake.faults.pending], "offline": self.fake.offline}

    def post_fault(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        faults = self.fake.faults
        kind = payload.pop("kind")
        matchers = {key: payload.pop(key) for key in ("method", "path", "namespace", "repository") if key in payload}
        operation = payload.pop("operation", None)
        try:
            if kind == "error":
                fault = faults.fail(operation, **matchers, **payload)
            elif kind == "connection_error":
                fault = faults.connection_error(operation, **matchers, **payload)
            elif kind == "timeout":
                fault = faults.timeout(operation, **matchers, **payload)
            elif kind == "latency":
                fault = faults.latency(payload.pop("seconds"), operation, **matchers, **payload)
            else:  # script (the schema admits nothing else)
                steps = [tuple(step) if isinstance(step, list) else step for step in payload["steps"]]
                fault = faults.script(operation, steps, **matchers)
        except (TypeError, ValueError) as error:
            raise ControlError(400, str(error)) from None
        return 201, {"fault": _fault(fault)}

    def delete_faults(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        cleared = len(self.fake.faults)
        self.fake.faults.clear()
        return 200, {"cleared": cleared}

    def get_offline(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        return 200, {"offline": self.fake.offline}

    def put_offline(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        self.fake.offline = payload["offline"]
        return 200, {"offline": self.fake.offline}

    def get_clock(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        clock = self.fake.backend.clock
        frozen = isinstance(clock, FrozenClock)
        # Reading a ticking FrozenClock would move it: report its position without a reading.
        now = clock._now if isinstance(clock, FrozenClock) else clock.now()
        return 200, {"now": format_time(now), "frozen": frozen}

    def put_clock(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        backend = self.fake.backend
        with backend.lock:
            clock = backend.clock
            if not isinstance(clock, FrozenClock):
                # Controlling time freezes it where it is: the wall clock cannot be moved.
                clock = backend.clock = FrozenClock(clock.now())
            if "now" in payload:
                try:
                    moment = datetime.fromisoformat(payload["now"].replace("Z", "+00:00"))
                except ValueError:
                    raise ControlError(400, f"now: {payload['now']!r} is not an ISO 8601 time") from None
                clock.set(moment)
            if "advance_seconds" in payload:
                clock.advance(timedelta(seconds=payload["advance_seconds"]))
        return self.get_clock(query, None)

    def get_settings(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        skew = self.fake.gateway.max_skew
        return 200, {
            "verify_signatures": self.fake.verify_signatures,
            "max_skew_seconds": None if skew is None else skew.total_seconds(),
            "enforce_permissions": self.fake.backend.enforce_permissions,
        }

    def put_settings(self, query: dict[str, str], payload: Any) -> tuple[int, Any]:
        if "verify_signatures" in payload:
            self.fake.gateway.verify_signatures = payload["verify_signatures"]
        if "max_skew_seconds" in payload:
            seconds = payload["max_skew_seconds"]
            self.fake.gateway.max_skew = None if seconds is None else timedelta(seconds=seconds)
        if "enforce_permissions" in payload:
            self.fake.enforce_permissions(payload["enforce_permissions"])
        return self.get_settings(query, None)


def _explain(problem: Any) -> str:
    """One validation error as a sentence, with a did-you-mean for a misspelt field."""
    where = "/".join(str(part) for part in problem.path) or "body"
    if problem.validator == "additionalProperties":
        known = sorted(problem.schema.get("properties", {}))
        extra = sorted(set(problem.instance) - set(known))
        hints = []
        for name in extra:
            close = difflib.get_close_matches(name, known, n=1)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return f"{where}: unknown field(s) {', '.join(hints)}; known: {', '.join(known)}"
    return f"{where}: {problem.message}"


def _call(call: Call) -> dict[str, Any]:
    entry = dataclasses.asdict(call)
    response = entry["response"]
    if isinstance(response, Encoded):
        entry["response"] = response.decode()
    elif isinstance(response, bytes):
        entry["response"] = response.decode("utf-8", "replace")
    return entry


def _fault(fault: Fault) -> dict[str, Any]:
    return {
        "description": repr(fault),
        "operation": fault.operation,
        "method": fault.method,
        "path": fault.path.pattern if fault.path is not None else None,
        "namespace": fault.namespace,
        "repository": fault.repository,
        "remaining": fault.remaining,
        "hits": fault.hits,
    }
