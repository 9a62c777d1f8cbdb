"""Signatures and other accessories of a tag (``…/repos/{repository}/{tag}/references|accessories``).

These paths put the tag right after the repository; a literal segment there (``tags``,
``retentions``, ``triggers``...) belongs to the other routes first (see ``routing.py``).
"""

from __future__ import annotations

from ... import errors
from ...errors import SwrError
from ..request import ApiRequest, Reply
from ..routing import route
from ..views import accessory_item

_TAG = "/v2/manage/namespaces/{namespace}/repos/{repository}/{tag}"
REFERENCES_MAX = 10
ACCESSORIES_MAX = 100


@route("GET", _TAG + "/references", "list_references")
def list_references(req: ApiRequest) -> Reply:
    """Tags signed by the signature tag (its manifest's OCI `subject`), by name, limit <= 10 with markers."""
    limit = req.q_int("limit", REFERENCES_MAX, minimum=1, maximum=REFERENCES_MAX)
    names = req.backend.list_references(req.caller, req.namespace, req.repository, req.params["tag"])
    start = 0
    marker = req.q_str("marker")
    if marker:
        # The marker names the first tag of the next page; a vanished tag is a stale marker.
        if marker not in names:
            raise SwrError(errors.INVALID_PARAMETER, f"Invalid marker: {marker!r}")
        start = names.index(marker)
    more = start + limit < len(names)
    body: dict[str, object] = {"tags": names[start : start + limit], "has_more": more}
    if more:
        body["next_marker"] = names[start + limit]
    return Reply(body)


@route("GET", _TAG + "/accessories", "list_repo_accessories")
def list_repo_accessories(req: ApiRequest) -> Reply:
    """Tags whose manifests have the tag's digest as OCI `subject`; not simulated: types other than signature."""
    limit = req.q_int("limit", 10, minimum=1, maximum=ACCESSORIES_MAX)
    offset = req.q_int("offset", 0)
    repo, target, found = req.backend.list_repo_accessories(
        req.caller, req.namespace, req.repository, req.params["tag"]
    )
    chosen = found[offset : offset + limit]
    return Reply({"total": len(found), "accessories": [accessory_item(repo, tag, target) for tag in chosen]})
