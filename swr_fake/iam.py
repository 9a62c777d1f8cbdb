"""The IAM surface: the IAM calls SWR clients make on their own.

A client built with ``with_region(...)`` and ``BasicCredentials(ak, sk)`` without a project
id asks ``GET https://iam.{region}.myhuaweicloud.com/v3/projects?name={region}`` (or the
global ``https://iam.myhuaweicloud.com``) during ``build()`` and uses ``projects[0]["id"]``.
The fake answers with the project of the signing key's account.
"""

from __future__ import annotations

import json
from typing import Any

from .auth import Gateway, require_credentials
from .errors import SwrError
from .wire import TransportFault, WireRequest, WireResponse

__all__ = ["IamSurface", "OPERATION"]

OPERATION = "keystone_list_projects"
_JSON = "application/json;charset=utf-8"


def _answer(status: int, reply: Any, request_id: str, operation: str | None) -> WireResponse:
    headers = {"Content-Type": _JSON, "X-Request-Id": request_id, "X-IAM-Trace-Id": request_id}
    return WireResponse(status, headers, json.dumps(reply).encode(), operation, None, reply)


class IamSurface:
    """``iam[.{region}].myhuaweicloud.com``: project lookup. Any other IAM path is not served."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    def locate(self, request: WireRequest) -> tuple[str | None, dict[str, str]]:
        return (OPERATION, {}) if request.path.rstrip("/") == "/v3/projects" else (None, {})

    def handle(self, request: WireRequest, region: str | None, request_id: str) -> WireResponse:
        operation, _ = self.locate(request)
        if operation is None:
            raise TransportFault(
                "not_served",
                f"swr-fake does not serve {request.method} {request.path} on {request.host} "
                "(IAM: it serves GET /v3/projects)",
            )
        if request.method != "GET":
            body = {"error": {"code": 405, "message": "The method is not allowed.", "title": "Method Not Allowed"}}
            return _answer(405, body, request_id, operation)
        try:
            tenant, _ = self.gateway.authenticate(request, require_credentials(request.headers))
        except SwrError as error:
            return self.error_response(error, request, request_id)
        wanted = request.query.get("name")
        base = f"{request.scheme}://{request.netloc}/v3/projects"
        projects = [
            {
                "id": project_id,
                "name": project_region,
                "domain_id": tenant.domain_id,
                "parent_id": tenant.domain_id,
                "description": "",
                "enabled": True,
                "is_domain": False,
                "links": {"self": f"{base}/{project_id}"},
            }
            for project_region, project_id in sorted(tenant.projects.items())
            if wanted is None or project_region == wanted
        ]
        reply = {"projects": projects, "links": {"self": request.url, "previous": None, "next": None}}
        return _answer(200, reply, request_id, operation)

    def error_response(self, error: SwrError, request: WireRequest, request_id: str) -> WireResponse:
        """IAM sits behind the same gateway: its errors have the gateway's form."""
        reply = {"error_code": error.code, "error_msg": error.message, "request_id": request_id}
        operation, _ = self.locate(request)
        return _answer(error.status, reply, request_id, operation)
