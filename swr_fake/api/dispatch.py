"""The management surface (``swr-api.{region}...``: the v2 API and the v1 API of seed 002):
authenticate, route, parse, validate, run, render.

The front door (`swr_fake.frontdoor`) hands it a `WireRequest` with the region already
resolved from the host; it answers a `WireResponse`. Errors are rendered here in the form
of the API the path belongs to (`error_response`): the v2 two-format body, the v1
``{code, message}`` body, or the API gateway's ``APIGW.*`` body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from .. import errors
from ..auth import Credentials, require_credentials
from ..backend import SwrBackend
from ..errors import SwrError
from ..hosts import resolve
from ..model import Caller
from ..schemas import request_validator, request_violation, response_validator
from ..wire import WireRequest, WireResponse
from . import handlers  # noqa: F401  (registers the routes)
from .bounds import bounded, check_fields, strip_json_blanks
from .request import ApiRequest, Encoded, Reply, encode_json
from .routing import ROUTER, Route
from .views_v1 import v1_error

__all__ = ["JSON_HEADERS", "Dispatcher", "WireRequest", "WireResponse", "error_body", "locate"]

JSON_HEADERS = {"Content-Type": "application/json;charset=utf-8"}

Identify = Callable[[WireRequest, Credentials, str], Caller]


@dataclass(slots=True)
class Dispatcher:
    backend: SwrBackend
    identify: Identify | None = None
    validate_responses: bool = False
    schema_violations: list[str] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)

    def handle(self, request: WireRequest, region: str | None = None, request_id: str | None = None) -> WireResponse:
        """Answer one request to ``region`` (default: the region of the request's host, which
        must be an SWR management host)."""
        if region is None:
            target = resolve(request.host)
            if target is None or target.region is None or not target.known:
                raise ValueError(f"not a management API host of a known region: {request.host!r}")
            region = target.region
        response = self._handle(request, request_id or self.backend.ids.hex(), request.path, region, request.query)
        response.path, response.query = request.path, request.query
        return response

    def reset(self) -> None:
        self.schema_violations.clear()
        self.internal_errors.clear()

    def locate(self, request: WireRequest) -> tuple[str | None, dict[str, str]]:
        """The operation and path parameters a request routes to, without running it."""
        return locate(request.method, request.path)

    def error_response(self, error: SwrError, request: WireRequest, request_id: str) -> WireResponse:
        """An error answered in the form of the API the request's path belongs to (for faults)."""
        operation, _ = self.locate(request)
        route = ROUTER.by_operation.get(operation) if operation is not None else None
        return self._failure(error, request_id, route, None, request.path)

    def _handle(
        self, request: WireRequest, request_id: str, path: str, region: str, query: dict[str, str]
    ) -> WireResponse:
        route: Route | None = None
        payload: Any = None
        try:
            request = bounded(request)  # the body's size, and a streamed body read, before anything else
            # The gateway finds the published API before it looks at credentials.
            route, params = self._route(request.method, path)
            credentials = require_credentials(request.headers)
            caller = (
                self.identify(request, credentials, region)
                if self.identify is not None
                else self.backend.caller(region)
            )
            # Parsed before it is validated, so the call log keeps a rejected body too.
            payload = parse_payload(request.body)
            self._validate(route, payload)
            check_fields(payload if request_validator(route.operation) else None, query)  # an unread body is ignored
            api_request = ApiRequest(
                request.method, request.url, route.operation, params, query, payload,
                request.headers, caller, self.backend, credentials.access_key,
            )  # fmt: skip
            with self.backend.lock:
                reply = route.handler(api_request) or Reply()
            return self._success(route, reply, request_id, payload)
        except SwrError as error:
            return self._failure(error, request_id, route, payload, path)
        except Exception as exc:  # a defect in the fake must never escape as a traceback
            self.internal_errors.append(f"{request.method} {request.url}: {exc!r}")
            internal = SwrError(errors.INTERNAL_ERROR, detail=repr(exc))
            return self._failure(internal, request_id, route, payload, path)

    @staticmethod
    def _route(method: str, path: str) -> tuple[Route, dict[str, str]]:
        """The route of a request, or the "not published" 404: the gateway matches paths segment
        by segment, so a parameter holding ``/`` (literally, or as ``%2F``: how the SDK encodes
        ``web/app``) matches nothing. The v1 API keeps its own not-found form."""
        raw = path.split("/")[1:]
        segments = [unquote(segment) if "%" in segment else segment for segment in raw]
        if segments and segments[-1] == "":
            segments.pop()
        matched = None if any("/" in segment for segment in segments) else ROUTER.match(method, segments)
        if matched is None:
            spec = errors.URL_NOT_FOUND if api_of_path(path) == "v1" else errors.API_NOT_PUBLISHED
            raise SwrError(spec, detail=f"{method} {path}")
        return matched

    def _validate(self, route: Route, payload: Any) -> None:
        if request_validator(route.operation) is None:
            return  # operations without a body ignore whatever was sent
        try:
            violation = (
                ("body", "a JSON request body is required")
                if payload is None
                else request_violation(route.operation, payload)
            )
        except RecursionError:
            raise SwrError(errors.INVALID_BODY, "The request body is nested too deeply.") from None
        if violation is not None:
            where, why = violation
            raise SwrError(errors.INVALID_PARAMETER, f"Invalid API parameters: {where}: {why}", detail=where)

    def _success(self, route: Route, reply: Reply, request_id: str, payload: Any) -> WireResponse:
        headers = {**JSON_HEADERS, **reply.headers, "X-Request-Id": request_id}
        if isinstance(reply.body, Encoded):
            body = reply.body.raw
        else:
            body = b"" if reply.body is None else encode_json(reply.body).encode()
        if self.validate_responses and reply.body is not None:
            validator = response_validator(route.operation)
            if validator is None:
                self.schema_violations.append(f"{route.operation}: no response schema")
            else:
                value = reply.body.decode() if isinstance(reply.body, Encoded) else reply.body
                for problem in validator.iter_errors(value):
                    self.schema_violations.append(f"{route.operation}: {problem.json_path}: {problem.message}")
        return WireResponse(reply.status or route.status, headers, body, route.operation, payload, reply.body)

    def _failure(self, error: SwrError, request_id: str, route: Route | None, payload: Any, path: str) -> WireResponse:
        # Each API answers errors in its own form, decided by the path (``GET /v1`` is routed as
        # an API-version lookup, but a client of the v1 API expects the v1 form there too).
        api = api_of_path(path)
        if api != "v1" and route is not None:
            api = route.api
        status, body = v1_error(error) if api == "v1" else (error.status, error_body(error, request_id))
        headers = {**JSON_HEADERS, "X-Request-Id": request_id}
        operation = route.operation if route is not None else None
        return WireResponse(status, headers, json.dumps(body).encode(), operation, payload, body)


def parse_payload(body: bytes | None) -> Any:
    """The request body as JSON (``None`` when empty); 400 ``4001018`` if it is not JSON."""
    text = body.decode("utf-8", "replace") if body is not None else None
    if not text or not text.strip():
        return None
    try:
        return replace_lone_surrogates(json.loads(strip_json_blanks(text)))
    except (ValueError, RecursionError):  # RecursionError: nested too deeply to parse
        raise SwrError(errors.INVALID_BODY, "The request body is not valid JSON.") from None


def api_of_path(path: str) -> str:
    """The API family a path belongs to (``/v1/...`` → ``v1``), for errors raised before routing."""
    return "v1" if path.split("/")[1:2] == ["v1"] else "v2"


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def replace_lone_surrogates(payload: Any) -> Any:
    """Lone UTF-16 surrogates (``"\\ud800"`` escapes; ``json`` pairs the valid ones) become U+FFFD,
    as decoders that produce UTF-8 (Go's ``encoding/json``) do: such a string could be neither
    stored nor sent back as UTF-8. In place and without recursion (the payload may be nested as
    deep as ``json`` allows)."""

    def fix(text: str) -> str:
        # isascii() is a flag lookup; a regex scan of a 10 MB string costs tens of milliseconds.
        return text if text.isascii() or not _LONE_SURROGATE.search(text) else _LONE_SURROGATE.sub("\ufffd", text)

    if isinstance(payload, str):
        return fix(payload)
    pending = [payload]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, str):
                    node[index] = fix(item)
                elif isinstance(item, (list, dict)):
                    pending.append(item)
        elif isinstance(node, dict):
            if any(_LONE_SURROGATE.search(key) for key in node):
                fixed = {fix(key): value for key, value in node.items()}
                node.clear()
                node.update(fixed)
            for key, value in node.items():
                if isinstance(value, str):
                    node[key] = fix(value)
                elif isinstance(value, (list, dict)):
                    pending.append(value)
    return payload


def error_body(error: SwrError, request_id: str) -> dict[str, Any]:
    """The documented error body: old ``errors[]`` and new ``error_code``/``error_msg`` together
    (the SDK reads the latter); the gateway's own errors have their simpler form."""
    if error.spec.family == "apigw":
        return {"error_code": error.code, "error_msg": error.message, "request_id": request_id}
    entry: dict[str, Any] = {"errorCode": error.code, "errorMessage": error.message, "detail": error.detail}
    body: dict[str, Any] = {
        "errors": [entry],
        "error_code": error.code,
        "error_msg": error.message,
        "details": [{"error_code": error.code, "error_msg": error.detail}],
    }
    if error.status == 403:
        encoded = f"swr-fake:{request_id}"
        entry["encoded_authorization_message"] = encoded
        body["encoded_authorization_message"] = encoded
    body.update(error.extra)
    return body


def locate(method: str, path: str) -> tuple[str | None, dict[str, str]]:
    """The operation a request routes to and its path parameters, without running anything:
    ``(None, {})`` for a path the gateway does not publish. ``path`` is as sent (percent-encoded)."""
    try:
        route, params = Dispatcher._route(method.upper(), path)
    except SwrError:
        return None, {}
    return route.operation, params
