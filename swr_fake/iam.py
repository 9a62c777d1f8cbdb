"""The IAM surface: the IAM calls SWR clients make on their own.

- ``GET /v3/projects?name={region}``: a client built with ``with_region(...)`` and
  ``BasicCredentials(ak, sk)`` without a project id asks it during ``build()`` and uses
  ``projects[0]["id"]``. The fake answers with the project of the signing key's account.
- ``POST /v3/auth/tokens``: Keystone token issuance (IAM API "Obtaining an IAM User Token"),
  password and token methods. The token comes back in ``X-Subject-Token`` and is accepted as
  ``X-Auth-Token`` by the fake; the body carries a catalog with the SWR endpoints of the region
  (types ``swr`` and ``swrv2``, as otcextensions looks them up).
Any other IAM path is refused (not served) rather than sent to the real IAM.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from .auth import Gateway, require_credentials
from .errors import ErrorSpec, SwrError
from .frontdoor import not_served_message
from .hosts import cloud_of, management_host
from .wire import TransportFault, WireRequest, WireResponse

__all__ = ["OPERATION", "TOKEN_OPERATION", "IamSurface"]

OPERATION = "keystone_list_projects"
TOKEN_OPERATION = "keystone_create_user_token_by_password"
# IAM's own 401 for a wrong user, password, domain or token (IAM error table).
BAD_CREDENTIALS = ErrorSpec(401, "IAM.0006", "The username or password is incorrect.", "apigw")
BAD_BODY = ErrorSpec(400, "IAM.0004", "The request body is invalid.", "apigw")
_JSON = "application/json;charset=utf-8"


def _answer(status: int, reply: Any, request_id: str, operation: str | None) -> WireResponse:
    headers = {"Content-Type": _JSON, "X-Request-Id": request_id, "X-IAM-Trace-Id": request_id}
    return WireResponse(status, headers, json.dumps(reply).encode(), operation, None, reply)


class IamSurface:
    """``iam[.{region}].myhuaweicloud.com``: project lookup. Any other IAM path is not served."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    def locate(self, request: WireRequest) -> tuple[str | None, dict[str, str]]:
        path = request.path.rstrip("/")
        if path == "/v3/projects":
            return OPERATION, {}
        if path == "/v3/auth/tokens":
            return TOKEN_OPERATION, {}
        return None, {}

    def handle(self, request: WireRequest, region: str | None, request_id: str) -> WireResponse:
        operation, _ = self.locate(request)
        if operation is None:
            raise TransportFault("not_served", not_served_message(request))
        if operation == TOKEN_OPERATION:
            return self.create_token(request, region, request_id)
        if request.method != "GET":
            body = {"error": {"code": 405, "message": "The method is not allowed.", "title": "Method Not Allowed"}}
            return _answer(405, body, request_id, operation)
        try:
            tenant, _ = self.gateway.authenticate(request, require_credentials(request.headers))
        except SwrError as error:
            return self.error_response(error, request, request_id)
        wanted = request.query.get("name")
        # Each cloud's IAM knows its own regions' projects (accounts of the fake have both).
        cloud = cloud_of(region) if region is not None else "huaweicloud"
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
            if (wanted is None or project_region == wanted) and cloud_of(project_region) == cloud
        ]
        reply = {"projects": projects, "links": {"self": request.url, "previous": None, "next": None}}
        return _answer(200, reply, request_id, operation)

    def create_token(self, request: WireRequest, region: str | None, request_id: str) -> WireResponse:
        """``POST /v3/auth/tokens``: 201, the token in ``X-Subject-Token``."""
        if request.method != "POST":
            body = {"error": {"code": 405, "message": "The method is not allowed.", "title": "Method Not Allowed"}}
            return _answer(405, body, request_id, TOKEN_OPERATION)
        try:
            payload = json.loads(request.body or b"")
            identity = payload["auth"]["identity"]
            methods = identity["methods"]
            scope = payload["auth"].get("scope") or {}
        except (ValueError, KeyError, TypeError):
            return self.error_response(SwrError(BAD_BODY), request, request_id)
        backend = self.gateway.backend
        with backend.lock:
            owner = None
            if isinstance(methods, list) and "password" in methods:
                owner = self._password_owner(identity.get("password"))
            elif isinstance(methods, list) and "token" in methods:
                presented = (identity.get("token") or {}).get("id") or request.headers.get("X-Auth-Token")
                found = backend.token_owner(presented) if isinstance(presented, str) else None
                owner = None if found is None else (found[0], found[1])
            if owner is None:
                return self.error_response(SwrError(BAD_CREDENTIALS), request, request_id)
            tenant, user = owner
            token = backend.issue_token(user)
            expires = backend.tokens[token].expires
            issued = backend.clock.now()
        project_region = _scoped_region(scope, region, tenant.projects)
        body = {"token": self._token_body(tenant, user, methods, issued, expires, project_region)}
        response = _answer(201, body, request_id, TOKEN_OPERATION)
        response.headers["X-Subject-Token"] = token
        return response

    def _password_owner(self, password: Any) -> Any:
        """The account and user a password form names (any password is accepted: the fake keeps
        none); ``None`` for an unknown domain or user."""
        backend = self.gateway.backend
        user_form = (password or {}).get("user") if isinstance(password, dict) else None
        if not isinstance(user_form, dict) or not isinstance(user_form.get("name"), str):
            return None
        domain = user_form.get("domain") or {}
        tenant = None
        if isinstance(domain.get("name"), str):
            tenant = backend.tenant_named(domain["name"])
        elif isinstance(domain.get("id"), str):
            tenant = backend.tenants.get(domain["id"])
        if tenant is None:
            return None
        for user in tenant.users.values():
            if user.user_name == user_form["name"]:
                return tenant, user
        return None

    @staticmethod
    def _token_body(
        tenant: Any, user: Any, methods: Any, issued: datetime, expires: datetime, region: str | None
    ) -> dict[str, Any]:
        domain = {"id": tenant.domain_id, "name": tenant.domain_name}
        body: dict[str, Any] = {
            "methods": methods,
            "expires_at": _iso(expires),
            "issued_at": _iso(issued),
            "user": {"id": user.user_id, "name": user.user_name, "domain": domain},
        }
        if region is None:
            body["domain"] = domain
            body["catalog"] = []
            return body
        body["project"] = {"id": tenant.projects[region], "name": region, "domain": domain}
        endpoint = "https://" + management_host(region)
        body["catalog"] = [
            {
                "type": kind,
                "name": kind,
                "id": f"{kind}-{region}",
                "endpoints": [
                    {"interface": "public", "region": region, "region_id": region, "url": url, "id": f"{kind}-{region}"}
                ],
            }
            for kind, url in (("swr", endpoint), ("swrv2", endpoint + "/v2"))
        ]
        return body

    def error_response(self, error: SwrError, request: WireRequest, request_id: str) -> WireResponse:
        """IAM sits behind the same gateway: its errors have the gateway's form."""
        reply = {"error_code": error.code, "error_msg": error.message, "request_id": request_id}
        operation, _ = self.locate(request)
        return _answer(error.status, reply, request_id, operation)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _scoped_region(scope: Any, region: str | None, projects: dict[str, str]) -> str | None:
    """The region a token is scoped to: ``scope.project.name`` (a region id or
    ``{region}_{suffix}``), else the project id, else the region of the IAM host."""
    project = scope.get("project") if isinstance(scope, dict) else None
    if isinstance(project, dict):
        name = project.get("name")
        if isinstance(name, str):
            base = name.split("_", 1)[0]
            if base in projects:
                return base
        project_id = project.get("id")
        for project_region, known in projects.items():
            if known == project_id:
                return project_region
    if isinstance(scope, dict) and "domain" in scope:
        return None
    return region if region in projects else None
