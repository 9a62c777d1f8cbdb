"""The one IAM call the SDK makes on its own: project-id discovery.

A client built with ``with_region(...)`` and ``BasicCredentials(ak, sk)`` without a project
id asks ``GET https://iam.{region}.myhuaweicloud.com/v3/projects?name={region}`` (or the
global ``https://iam.myhuaweicloud.com``) during ``build()`` and uses ``projects[0]["id"]``.
The fake answers with the project of the signing key's account.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .auth import Gateway, HttpRequest, require_credentials
from .errors import SwrError

IAM_URL = re.compile(r"https?://iam\.(?:[a-z0-9-]+\.)?myhuaweicloud\.(?:com|eu)(?::\d+)?/v3/projects/?(?:[?#]|$)")
OPERATION = "keystone_list_projects"


def list_projects(gateway: Gateway, request: HttpRequest, request_id: str) -> tuple[int, Any]:
    """Status and JSON body of ``GET /v3/projects``: the caller's projects, filtered by the
    ``name`` query parameter (a region id)."""
    parts = urlsplit(request.url)
    if request.method.upper() != "GET":
        return 405, {"error": {"code": 405, "message": "The method is not allowed.", "title": "Method Not Allowed"}}
    try:
        tenant, _ = gateway.authenticate(request, require_credentials(request.headers))
    except SwrError as error:
        return error.status, {"error_code": error.code, "error_msg": error.message, "request_id": request_id}
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    wanted = query.get("name")
    base = f"{parts.scheme}://{parts.netloc}/v3/projects"
    projects = [
        {
            "id": project_id,
            "name": region,
            "domain_id": tenant.domain_id,
            "parent_id": tenant.domain_id,
            "description": "",
            "enabled": True,
            "is_domain": False,
            "links": {"self": f"{base}/{project_id}"},
        }
        for region, project_id in sorted(tenant.projects.items())
        if wanted is None or region == wanted
    ]
    return 200, {"projects": projects, "links": {"self": request.url, "previous": None, "next": None}}
