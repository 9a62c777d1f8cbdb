"""What every registry handler gets (`Context`) and how it answers (`answer`, `error_answer`).

Every answer carries ``Docker-Distribution-API-Version: registry/2.0`` (the spec's SHOULD, on
401s too) and the request id. Errors use the spec's body ``{"errors": [{"code", "message",
"detail"}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..backend import SwrBackend
from ..backend.oci import OciError
from ..model import Caller
from ..wire import WireRequest, WireResponse
from .routes import Route

API_VERSION = {"Docker-Distribution-API-Version": "registry/2.0"}
JSON = "application/json"


@dataclass(slots=True)
class Context:
    request: WireRequest
    route: Route
    region: str
    request_id: str
    backend: SwrBackend
    caller: Caller

    @property
    def name(self) -> str:
        return self.route.name or ""

    @property
    def namespace(self) -> str:
        return self.route.namespace

    @property
    def repository(self) -> str:
        return self.route.repository

    @property
    def reference(self) -> str:
        return self.route.reference or ""

    def url(self, path: str) -> str:
        """An absolute URL on the host the client called (``Location`` headers): clients that
        rebuild the scheme or host (python-dxf) still land on the same surface."""
        return f"{self.request.scheme or 'https'}://{self.request.netloc}{quote(path, safe='/:@-._~')}"

    def repo_url(self, suffix: str) -> str:
        return self.url(f"/v2/{self.name}/{suffix}")


def answer(
    status: int,
    request_id: str,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    *,
    reply: Any = None,
) -> WireResponse:
    """A response with the registry's common headers and the body's ``Content-Length``."""
    merged = {**API_VERSION, "X-Request-Id": request_id, **(headers or {})}
    merged.setdefault("Content-Length", str(len(body)))
    return WireResponse(status, merged, body, reply=reply)


def json_answer(
    status: int, request_id: str, value: Any, headers: Mapping[str, str] | None = None, *, content_type: str = JSON
) -> WireResponse:
    body = json.dumps(value, separators=(",", ":")).encode()
    return answer(status, request_id, {"Content-Type": content_type, **(headers or {})}, body, reply=value)


def error_document(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"errors": [{"code": code, "message": message, "detail": detail}]}


def error_answer(error: OciError, request_id: str) -> WireResponse:
    return json_answer(error.status, request_id, error_document(error.code, error.message, error.detail), error.headers)
