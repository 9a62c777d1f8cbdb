"""Which callable answers a `WireRequest`: the fake's front door, or a stand-in until it exists.

The server is a thin transport around ``Callable[[WireRequest], WireResponse]``. The front
door (``FakeSwr.handle``) resolves surface and region from the URL's host; until it is
present this module supplies a stand-in with the same contract built on the pieces the
``responses`` interception already uses (fault injection, the dispatcher, IAM's project
lookup, the call log), so the server does not hold a second copy of any rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import hosts, iam
from ..api.dispatch import JSON_HEADERS
from ..calls import Call
from ..wire import TransportFault, WireRequest, WireResponse

if TYPE_CHECKING:
    from ..fake import FakeSwr

Handler = Callable[[WireRequest], WireResponse]

__all__ = ["Handler", "handler_for"]


def handler_for(fake: FakeSwr) -> Handler:
    """``fake.handle`` when the fake has a front door, else the stand-in below."""
    front_door = getattr(fake, "handle", None)
    if callable(front_door):
        return front_door  # type: ignore[no-any-return]
    return _StandIn(fake)


class _StandIn:
    """The front door's contract on top of the interception's parts (see the module doc)."""

    def __init__(self, fake: FakeSwr) -> None:
        self.fake = fake

    def __call__(self, request: WireRequest) -> WireResponse:
        target = hosts.resolve(request.host)
        if target is None or not target.known:
            raise TransportFault("not_served", f"swr-fake does not serve the host {request.host!r}")
        if target.surface == "iam":
            return self._iam(request)
        if target.surface == "registry":
            return self._registry_missing(request)
        if request.method == "HEAD":  # the headers of the GET, without its body
            answer = self._swr(WireRequest("GET", request.url, request.headers, request.body))
            answer.headers["Content-Length"] = str(len(answer.body))
            answer.body = b""
            return answer
        return self._swr(request)

    def _swr(self, request: WireRequest) -> WireResponse:
        fake = self.fake
        injection = None
        faults = fake._faults
        if faults is not None and faults.armed:
            try:
                injection = faults.inject(request, fake.calls, fake.backend.ids.hex)  # type: ignore[arg-type]
            except Exception as exc:  # requests.ConnectionError / ReadTimeout: no answer at all
                raise TransportFault(_fault_kind(exc), str(exc)) from exc
            if injection is not None and injection.response is not None:
                status, headers, body = injection.response
                return WireResponse(status, dict(headers), body)
        response = fake.dispatcher.handle(request)  # type: ignore[arg-type]
        fake.calls.append(
            Call(
                operation=response.operation,
                method=request.method,
                url=request.url,
                path=response.path,
                query=response.query,
                body=response.payload,
                status=response.status,
                response=response.reply,
                request_id=response.headers["X-Request-Id"],
                fault=injection.kind if injection else None,
                delay=injection.delay if injection else 0.0,
            )
        )
        return WireResponse(response.status, response.headers, response.body, response.operation)

    def _iam(self, request: WireRequest) -> WireResponse:
        fake = self.fake
        request_id = fake.backend.ids.hex()
        headers = {**JSON_HEADERS, "X-Request-Id": request_id, "X-IAM-Trace-Id": request_id}
        if request.path.rstrip("/") != "/v3/projects":
            reply: Any = {"error": {"code": 404, "message": "The resource could not be found.", "title": "Not Found"}}
            return WireResponse(404, headers, json.dumps(reply).encode())
        status, reply = iam.list_projects(fake.gateway, request, request_id)
        fake.calls.append(
            Call(
                operation=iam.OPERATION,
                method=request.method,
                url=request.url,
                path=request.path,
                query=request.query,
                body=None,
                status=status,
                response=reply,
                request_id=request_id,
            )  # fmt: skip
        )
        return WireResponse(status, headers, json.dumps(reply).encode(), iam.OPERATION)

    @staticmethod
    def _registry_missing(request: WireRequest) -> WireResponse:
        # The registry surface is not part of this build: say so in the registry's error form.
        body = {"errors": [{"code": "UNSUPPORTED", "message": "the registry surface is not available", "detail": {}}]}
        headers = {"Content-Type": "application/json", "Docker-Distribution-API-Version": "registry/2.0"}
        return WireResponse(404, headers, json.dumps(body).encode())


def _fault_kind(exc: BaseException) -> str:
    name = type(exc).__name__
    if "ConnectTimeout" in name:
        return "connect_timeout"
    if "Timeout" in name:
        return "timeout"
    return "connection_error"
