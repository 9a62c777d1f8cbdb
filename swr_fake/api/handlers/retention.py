"""Image retention policies and their history (``…/repos/{repository}/retentions``)."""

from __future__ import annotations

from ..pagination import content_range, offset_limit, page, v2_params
from ..request import ApiRequest, Reply, parse_int
from ..routing import route
from ..views import retention_item, retention_log_item

_RETENTIONS = "/v2/manage/namespaces/{namespace}/repos/{repository}/retentions"


def _retention_id(req: ApiRequest) -> int:
    # The SDK types it as an integer; anything else in the path is a bad parameter (400).
    return parse_int("retention_id", req.params["retention_id"])


@route("POST", _RETENTIONS, "create_retention", status=201)
def create_retention(req: ApiRequest) -> Reply:
    """One policy per repository (rules validated), applied after every push; answers its id."""
    body = req.body
    retention = req.backend.create_retention(
        req.caller, req.namespace, req.repository, body["algorithm"], body["rules"]
    )
    return Reply({"id": retention.id})


@route("GET", _RETENTIONS, "list_retentions")
def list_retentions(req: ApiRequest) -> Reply:
    """The repository's policy (zero or one) with canonical rules."""
    return Reply([retention_item(r) for r in req.backend.list_retentions(req.caller, req.namespace, req.repository)])


# A literal segment: the router tries it before ``{retention_id}``.
@route("GET", _RETENTIONS + "/histories", "list_retention_histories")
def list_retention_histories(req: ApiRequest) -> Reply:
    """One row per tag a policy deleted, oldest first, offset/limit and `Content-Range`."""
    offset, limit = offset_limit(v2_params(req, ("limit", "offset")))
    logs = req.backend.list_retention_histories(req.caller, req.namespace, req.repository)
    items = [retention_log_item(log) for log in page(logs, offset, limit)]
    return Reply(
        {"retention_log": items, "total": len(logs)},
        headers={"Content-Range": content_range(offset, len(items), len(logs))},
    )


@route("GET", _RETENTIONS + "/{retention_id}", "show_retention")
def show_retention(req: ApiRequest) -> Reply:
    """One policy; a missing one is the observed 400 `SVCSTG.SWR.4000306`."""
    retention = req.backend.show_retention(req.caller, req.namespace, req.repository, _retention_id(req))
    return Reply(retention_item(retention))


@route("PATCH", _RETENTIONS + "/{retention_id}", "update_retention", status=201)
def update_retention(req: ApiRequest) -> Reply:
    """Changes rule parameters and selectors; templates must stay the same."""
    body = req.body
    req.backend.update_retention(
        req.caller, req.namespace, req.repository, _retention_id(req), body["algorithm"], body["rules"]
    )
    return Reply()


@route("DELETE", _RETENTIONS + "/{retention_id}", "delete_retention", status=200)
def delete_retention(req: ApiRequest) -> Reply:
    """Deletes the policy (200); its history stays."""
    req.backend.delete_retention(req.caller, req.namespace, req.repository, _retention_id(req))
    return Reply()
