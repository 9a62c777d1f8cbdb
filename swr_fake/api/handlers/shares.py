"""Shares ("access domains") and the shared-repositories lists."""

from __future__ import annotations

from ... import errors
from ...errors import SwrError
from ..pagination import content_range, offset_limit, ordering, page, v2_params, v3_limit
from ..request import ApiRequest, Reply, parse_int
from ..routing import route
from ..views import repository_item_v2, repository_item_v3, share_item

_DOMAINS = "/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains"
# The same operations under `repos/`: Open Telekom Cloud's Go SDK and Terraform provider use this
# path, and their acceptance tests pass against the real service (otc.md rows 24-28).
_ALIAS = "/v2/manage/namespaces/{namespace}/repos/{repository}/access-domains"


@route("POST", _DOMAINS, "create_repo_domains", status=201)
@route("POST", _ALIAS, "create_repo_domains", status=201)
def create_repo_domains(req: ApiRequest) -> Reply:
    """Shares with another account (read, deadline or forever, at most 500); not simulated: account lookup."""
    body = req.body
    req.backend.create_repo_domains(
        req.caller,
        req.namespace,
        req.repository,
        body["access_domain"],
        body["permit"],
        body["deadline"],
        body.get("description"),
    )
    return Reply()


@route("GET", _DOMAINS, "list_repo_domains")
@route("GET", _ALIAS, "list_repo_domains")
def list_repo_domains(req: ApiRequest) -> Reply:
    """The repository's shares, each with whether it is still valid (`status`)."""
    repo, shares = req.backend.list_repo_domains(req.caller, req.namespace, req.repository)
    return Reply([share_item(repo, share, req.backend.share_is_valid(share)) for share in shares])


@route("GET", _DOMAINS + "/{access_domain}", "show_access_domain")
@route("GET", _ALIAS + "/{access_domain}", "show_access_domain")
def show_access_domain(req: ApiRequest) -> Reply:
    """One share; a missing one is the observed 400 `SVCSTG.SWR.4001090` (OTC: 200 `{"exist": false}`)."""
    repo, share = req.backend.show_access_domain(req.caller, req.namespace, req.repository, req.params["access_domain"])
    if share is None:
        return Reply({"exist": False})
    return Reply({"exist": True, **share_item(repo, share, req.backend.share_is_valid(share))})


@route("PATCH", _DOMAINS + "/{access_domain}", "update_repo_domains", status=201)
@route("PATCH", _ALIAS + "/{access_domain}", "update_repo_domains", status=201)
def update_repo_domains(req: ApiRequest) -> Reply:
    """Changes a share's permit, deadline and description; needs manage (7)."""
    body = req.body
    req.backend.update_repo_domains(
        req.caller,
        req.namespace,
        req.repository,
        req.params["access_domain"],
        body["permit"],
        body["deadline"],
        body.get("description"),
    )
    return Reply()


@route("DELETE", _DOMAINS + "/{access_domain}", "delete_repo_domains", status=204)
@route("DELETE", _ALIAS + "/{access_domain}", "delete_repo_domains", status=204)
def delete_repo_domains(req: ApiRequest) -> Reply:
    """Removes a share; the other account loses access at once."""
    req.backend.delete_repo_domains(req.caller, req.namespace, req.repository, req.params["access_domain"])
    return Reply()


def _owner_name(req: ApiRequest, domain_id: str) -> str:
    return req.backend.tenants[domain_id].domain_name


@route("GET", "/v2/manage/shared-repositories", "list_shared_repos_details")
def list_shared_repos_details(req: ApiRequest) -> Reply:
    """`center` self or thirdparty, expiry as `status`, offset/limit and `Content-Range`."""
    params = v2_params(req, ("center", "namespace", "name", "limit", "offset", "order_column", "order_type"))
    center = params.get("center")
    if not center:
        raise SwrError(errors.INVALID_PARAMETER, "Invalid API parameters: center is required")
    offset, limit = offset_limit(params)
    column, descending = ordering(params, "updated_at")
    if column not in ("updated_at", "updated_time"):
        raise SwrError(errors.INVALID_ORDER_COLUMN, f"Invalid order column: {column}")
    found = req.backend.list_shared_repos(
        req.caller, center, namespace=params.get("namespace"), name=params.get("name")
    )
    if not descending:
        found.reverse()
    items = [
        repository_item_v2(repo, _owner_name(req, repo.domain_id), valid, len(found))
        for repo, valid in page(found, offset, limit)
    ]
    return Reply(items, headers={"Content-Range": content_range(offset, len(items), len(found))})


@route("GET", "/v3/manage/shared-repositories", "list_shared_repo_details", api="v3")
def list_shared_repo_details(req: ApiRequest) -> Reply:
    """v3 shared list: `shared_by` self or thirdparty, `status` filter, id markers."""
    shared_by = req.q_str("shared_by")
    if not shared_by:
        raise SwrError(errors.INVALID_PARAMETER, "Invalid API parameters: shared_by is required")
    limit = v3_limit(req)
    raw_marker = req.q_str("marker")
    marker = parse_int("marker", raw_marker) if raw_marker else 0
    found = req.backend.list_shared_repos(
        req.caller,
        shared_by,
        namespace=req.q_str("namespace") or None,
        name=req.q_str("name") or None,
        status=req.q_bool("status"),
    )
    remaining = sorted((item for item in found if item[0].id >= marker), key=lambda item: item[0].id)
    body: dict[str, object] = {
        "repos": [
            repository_item_v3(repo, _owner_name(req, repo.domain_id), valid) for repo, valid in remaining[:limit]
        ]
    }
    if len(remaining) > limit:
        body["nextMarker"] = remaining[limit][0].id
    return Reply(body)
