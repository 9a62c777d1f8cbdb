"""Which surface and region a request to the server is for, when its host is ``127.0.0.1``.

Order (issue 16 point 2, documented in ``docs/server.md``):

1. the ``Host`` header, when it is an SWR, registry or IAM host name (clients that keep the
   real name and point DNS, ``/etc/hosts`` or a proxy at the server): the request goes
   through unchanged;
2. otherwise the path decides the surface (see `surface_of_path`) and the region comes from
   ``X-Project-Id`` (every SDK sends it) mapped to the region that owns that project id;
3. otherwise the server's default region (``--region``).

The chosen host then replaces ``127.0.0.1:PORT`` in the URL the front door sees, so every
rule keyed on hosts lives in one place (`swr_fake.hosts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .. import hosts

if TYPE_CHECKING:
    from ..backend import SwrBackend

__all__ = ["CONTROL_PREFIX", "host_for", "region_of_project", "surface_of_path"]

CONTROL_PREFIX = "/_fake/"
_IAM_PREFIXES = ("/v3/projects", "/v3/auth/", "/v3.0/")
_MANAGEMENT_V2 = ("/v2/manage/", "/v2/manage")


def surface_of_path(path: str) -> hosts.Surface:
    """The surface a loopback request is for, from its (percent-encoded) path.

    Registry: ``/v2/`` (the ping, with its slash: ``GET /v2`` is the management API's
    version lookup), ``/v2/<name>/...`` except ``/v2/manage/...``, and the token realm
    ``/swr/auth/...``. IAM: ``/v3/projects``, ``/v3/auth/...``, ``/v3.0/...``. Everything
    else (``/``, ``/v1/...``, ``/v2``, ``/v2/manage/...``, ``/v3/manage/...``) is management.
    """
    if path.startswith("/v2/"):
        if path.startswith(_MANAGEMENT_V2):
            return "swr"
        return "registry"
    if path.startswith("/swr/auth/"):
        return "registry"
    if path.startswith(_IAM_PREFIXES):
        return "iam"
    return "swr"


def region_of_project(backend: SwrBackend, project_id: str) -> str | None:
    """The region whose project id this is, in any account; ``None`` when no account has it."""
    with backend.lock:
        for tenant in backend.tenants.values():
            for region, known in tenant.projects.items():
                if known == project_id:
                    return region
    return None


def host_for(
    host_header: str, path: str, headers: Mapping[str, str], backend: SwrBackend, default_region: str
) -> str | None:
    """The host name to put in the front door's URL; ``None`` keeps the received host (it
    already names a surface and region)."""
    name = host_header.rpartition("@")[2]
    if name.startswith("["):  # IPv6 literal: nothing to learn from it
        name = ""
    name = name.split(":", 1)[0].rstrip(".").lower()
    if name and hosts.resolve(name) is not None:
        return None
    surface = surface_of_path(path)
    region = default_region
    project_id = headers.get("X-Project-Id")
    if project_id:
        region = region_of_project(backend, project_id) or default_region
    if surface == "registry":
        return hosts.registry_host(region)
    if surface == "iam":
        return f"iam.{region}.{hosts.management_host(region).split('.', 2)[2]}"
    return hosts.management_host(region)
