"""API versions: ``GET /`` and ``GET /{api_version}``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ... import errors
from ...errors import SwrError
from ..request import ApiRequest, Reply
from ..routing import route

# v2 as in the API reference's example; v3 (the few ``/v3/manage`` lists) is made up alike.
VERSIONS: dict[str, dict[str, str]] = {
    "v2": {"version": "2.26", "min_version": "2.0", "status": "CURRENT", "updated": "2020-07-09T00:00:00Z"},
    "v3": {"version": "3.0", "min_version": "3.0", "status": "SUPPORTED", "updated": "2023-06-30T00:00:00Z"},
}


def _version(req: ApiRequest, version_id: str) -> dict[str, Any]:
    parts = urlsplit(req.url)
    link = {"href": f"{parts.scheme}://{parts.netloc}/{version_id}/", "rel": "self"}
    return {"id": version_id, "links": link, **VERSIONS[version_id]}


@route("GET", "/", "list_api_versions", api="")
def list_api_versions(req: ApiRequest) -> Reply:
    """v2 (current) and v3 (supported), `links` a single object pointing at the endpoint called."""
    return Reply({"versions": [_version(req, version_id) for version_id in VERSIONS]})


@route("GET", "/{api_version}", "show_api_version", api="")
def show_api_version(req: ApiRequest) -> Reply:
    """v2 or v3 as listed; any other version is 404 `SVCSTG.SWR.4040083` (URL not found)."""
    version_id = req.params["api_version"]
    if version_id not in VERSIONS:
        raise SwrError(errors.URL_NOT_FOUND, detail=f"GET /{version_id}")
    return Reply({"version": _version(req, version_id)})
