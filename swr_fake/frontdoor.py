"""The front door: every request, from any transport, to the surface that answers it.

    transport (responses interception, HTTP server)
        └─ FrontDoor.handle(WireRequest) -> WireResponse
             1. host → surface and region (`swr_fake.hosts`), or refuse (`TransportFault`)
             2. faults (`swr_fake.faults`), rendered in the form of the surface they hit
             3. the surface: management (`api.dispatch.Dispatcher`), IAM (`iam.IamSurface`),
                registry (`swr_fake.registry`, when installed)
             4. the API gateway's framing: standard headers, no body on ``HEAD``
             5. exactly one `Call` in the call log

Nothing here imports ``requests`` or ``responses``; transports translate a `TransportFault`
into their own failure.
"""

from __future__ import annotations

import email.utils
import functools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from .calls import Call, CallLog
from .errors import SwrError
from .faults import UNAVAILABLE_PAGE, FaultRequest, Faults, Outcome
from .hosts import resolve, suggest_region
from .wire import TransportFault, WireRequest, WireResponse

if TYPE_CHECKING:
    from .auth import Gateway
    from .backend import SwrBackend

__all__ = ["FrontDoor", "Surface"]


class Surface(Protocol):
    """What the front door needs of a surface (management API, IAM, registry)."""

    def locate(self, request: WireRequest) -> tuple[str | None, dict[str, str]]:
        """The operation and path parameters a request routes to (for faults and the log)."""
        ...

    def handle(self, request: WireRequest, region: str | None, request_id: str) -> WireResponse: ...

    def error_response(self, error: SwrError, request: WireRequest, request_id: str) -> WireResponse:
        """An error in this surface's own form (used for injected faults)."""
        ...


# Headers the API gateway adds to every answer (seen on Huawei Cloud APIG answers).
GATEWAY_HEADERS = {
    "Server": "api-gateway",
    "Connection": "keep-alive",
    "Strict-Transport-Security": "max-age=31536000; includeSubdomains;",
}
# Surfaces fault injection applies to: the service's own hosts. IAM is another service.
FAULTED_SURFACES = frozenset({"swr", "registry"})


class FrontDoor:
    """Resolves, faults, dispatches, frames and records every request; owns nothing but wiring."""

    def __init__(
        self,
        backend: SwrBackend,
        gateway: Gateway,
        calls: CallLog,
        surfaces: dict[str, Surface],
        faults: Callable[[], Faults | None],
    ) -> None:
        self.backend = backend
        self.gateway = gateway
        self.calls = calls
        self.surfaces = surfaces
        self._faults = faults

    def reset(self) -> None:
        """Back to a fresh service: the model, the gateway's settings, every surface's own
        state, the call log and the faults — the one place that knows them all."""
        self.backend.reset()
        self.gateway.reset()
        for surface in self.surfaces.values():
            reset = getattr(surface, "reset", None)
            if reset is not None:
                reset()
        self.calls.clear()
        faults = self._faults()
        if faults is not None:
            faults.clear()

    def handle(self, request: WireRequest) -> WireResponse:
        """Answer ``request``, or raise `TransportFault` when it gets no HTTP answer: a host or
        path the fake does not serve, an unknown region, an injected connection failure."""
        target = resolve(request.host)
        surface = self.surfaces.get(target.surface) if target is not None else None
        if target is None or surface is None:
            raise TransportFault("not_served", not_served_message(request))
        if not target.known:
            raise TransportFault(
                "unknown_host",
                f"swr-fake: cannot resolve {request.host}: region {target.region!r} does not exist"
                f"{suggest_region(target.region or '')}",
            )
        faults = self._faults() if target.surface in FAULTED_SURFACES else None
        delay, kind = 0.0, None
        if faults is not None and faults.armed:
            faulted, delay, kind = self._apply_faults(faults, surface, request)
            if faulted is not None:
                return faulted
        request_id = self.backend.ids.hex()
        response = surface.handle(request, target.region, request_id)
        self._frame(request, response, request_id)
        self._record(request, response, request_id, kind, delay)
        return response

    # --- faults -------------------------------------------------------------------------------
    def _apply_faults(
        self, faults: Faults, surface: Surface, request: WireRequest
    ) -> tuple[WireResponse | None, float, str | None]:
        """``(answer, delay, kind)``: an answer when a fault answers instead of the surface;
        otherwise the delay waited and the fault kind the call log gets."""
        operation, params = surface.locate(request)
        fault_request = FaultRequest(request, operation, params)
        decision = faults.decide(fault_request)
        if decision is None:
            return None, 0.0, None
        if decision.delay:
            faults.sleep(decision.delay)
        outcome = decision.outcome
        if outcome is not None and outcome.action is not None:
            outcome.action()
            return None, decision.delay, "action"
        if outcome is None or outcome.kind == "ok":
            return None, decision.delay, "latency" if decision.delay else None
        if outcome.kind in ("transport", "raise"):
            kind = "offline" if outcome.transport == "offline" else outcome.transport or _raised_kind(outcome)
            self._log(fault_request, None, None, "", kind, decision.delay)
            message = f"{_REASONS.get(kind, 'failed')} (fault injected by swr-fake): {request.method} {request.url}"
            raise TransportFault(kind, message, exception=outcome.exception)
        request_id = self.backend.ids.hex()
        response = self._error(faults, outcome, fault_request, surface, request_id)
        self._frame(request, response, request_id)
        self._log(fault_request, response.status, response.reply, request_id, "error", decision.delay)
        return response, decision.delay, "error"

    @staticmethod
    def _error(
        faults: Faults, outcome: Outcome, request: FaultRequest, surface: Surface, request_id: str
    ) -> WireResponse:
        spec = faults.spec(outcome, request)
        if spec is None:  # 503 without a code: a front proxy's HTML page
            headers = {"Content-Type": "text/html", "X-Request-Id": request_id}
            return WireResponse(
                outcome.status, headers, UNAVAILABLE_PAGE, request.operation, reply=UNAVAILABLE_PAGE.decode()
            )
        return surface.error_response(SwrError(spec, outcome.message), request.request, request_id)

    def _log(
        self, request: FaultRequest, status: int | None, reply: Any, request_id: str, kind: str, delay: float
    ) -> None:
        self.calls.append(
            Call(
                operation=request.operation,
                method=request.method,
                url=request.url,
                path=request.path,
                query=request.query,
                body=request.body,
                status=status,
                response=reply,
                request_id=request_id,
                fault=kind,
                delay=delay,
            )
        )

    # --- framing and the log ----------------------------------------------------------------------
    def _frame(self, request: WireRequest, response: WireResponse, request_id: str) -> None:
        """The gateway's part of every answer: its standard headers, a ``Date`` on the fake's
        clock, ``Content-Length``, and no body on ``HEAD`` (the length of the body a ``GET``
        would have had stays)."""
        headers = response.headers
        headers.setdefault("X-Request-Id", request_id)
        for name, value in GATEWAY_HEADERS.items():
            headers.setdefault(name, value)
        headers.setdefault("Date", _http_date(self.backend.clock.now()))
        headers["Content-Length"] = str(len(response.body))
        if request.method == "HEAD":
            response.body = b""

    def _record(
        self, request: WireRequest, response: WireResponse, request_id: str, kind: str | None, delay: float
    ) -> None:
        self.calls.append(
            Call(
                operation=response.operation,
                method=request.method,
                url=request.url,
                path=response.path or request.path,
                query=response.query if response.path else request.query,
                body=response.payload,
                status=response.status,
                response=response.reply,
                request_id=response.headers.get("X-Request-Id", request_id),
                fault=kind,
                delay=delay,
            )
        )


@functools.lru_cache(maxsize=4)
def _http_date_of(second: datetime) -> str:
    return email.utils.format_datetime(second, usegmt=True)


def _http_date(moment: datetime) -> str:
    """An HTTP ``Date`` (whole seconds): formatted once per second of the fake's clock."""
    return _http_date_of(moment.replace(microsecond=0))


_REASONS = {
    "connection_error": "connection refused",
    "offline": "connection refused",
    "timeout": "read timed out",
    "connect_timeout": "connect timed out",
}


def _raised_kind(outcome: Outcome) -> str:
    from .faults import fault_kind

    return fault_kind(outcome.exception)


def not_served_message(request: WireRequest) -> str:
    return (
        f"swr-fake does not serve {request.method} {request.scheme}://{request.host}{request.path}: it serves "
        "the SWR management and v1 API on swr-api.{region}.myhuaweicloud.com (.eu for eu-west-101, "
        "swr-api.{region}.otc.t-systems.com for Open Telekom Cloud), the registry on swr.{region}..., and "
        "GET /v3/projects and POST /v3/auth/tokens on iam hosts"
    )
