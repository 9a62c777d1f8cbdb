"""Repositories: ``/v2/manage/namespaces/{namespace}/repos`` and the v2/v3 listings."""

from __future__ import annotations

from ... import errors
from ...errors import SwrError
from ...hosts import cloud_of
from ..pagination import content_range, offset_limit, ordering, page, v2_params, v3_limit
from ..request import ApiRequest, Encoded, Reply, parse_bool, parse_int
from ..routing import route
from ..views import repository_detail_bytes, repository_item_v2, repository_item_v3


@route("POST", "/v2/manage/namespaces/{namespace}/repos", "create_repo", status=201)
def create_repo(req: ApiRequest) -> Reply:
    """Name and category rules, 409 on duplicates, answered 201 (the docs disagree: 200 or 201)."""
    body = req.body
    req.backend.create_repo(
        req.caller,
        req.namespace,
        body["repository"],
        body["is_public"],
        body.get("category"),
        body.get("description"),
    )
    return Reply()


@route("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}", "show_repository")
def show_repository(req: ApiRequest) -> Reply:
    """Details; size, tag count, downloads derived from tags and pulls; not simulated: `url`, `priority`."""
    repo = req.backend.show_repository(req.caller, req.namespace, req.repository)
    return Reply(Encoded(repository_detail_bytes(repo)))


@route("PATCH", "/v2/manage/namespaces/{namespace}/repos/{repository}", "update_repo", status=201)
def update_repo(req: ApiRequest) -> Reply:
    """Changes `is_public`, category and description (each optional: omitted keeps); needs write (3)."""
    body = req.body
    req.backend.update_repo(
        req.caller, req.namespace, req.repository, body.get("is_public"), body.get("category"), body.get("description")
    )
    return Reply()


@route("DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}", "delete_repo", status=204)
def delete_repo(req: ApiRequest) -> Reply:
    """Deletes the repository with its tags; needs manage (7)."""
    req.backend.delete_repo(req.caller, req.namespace, req.repository)
    return Reply()


_V2_KEYS = ("namespace", "name", "category", "is_public", "limit", "offset", "order_column", "order_type")


def _otc_keys(req: ApiRequest) -> tuple[str, ...]:
    return ("center",) if cloud_of(req.caller.region) == "otc" else ()


@route("GET", "/v2/manage/repos", "list_repos_details")
def list_repos_details(req: ApiRequest) -> Reply:
    """Filters, ordering, offset/limit (or `filter`), `Content-Range`; not simulated: `logo`, `url` (empty)."""
    params = v2_params(req, _V2_KEYS + _otc_keys(req))
    # OTC documented `center=self` (query or filter key) and its clients send it (otc.md row 13).
    if params.pop("center", "self") != "self":
        raise SwrError(errors.INVALID_FILTER, f"Invalid center: {req.query.get('center') or req.q_str('filter')!r}")
    offset, limit = offset_limit(params)
    column, descending = ordering(params, "updated_at")
    is_public = parse_bool("is_public", params["is_public"]) if "is_public" in params else None
    found = req.backend.list_repos(
        req.caller,
        namespace=params.get("namespace"),
        name=params.get("name"),
        category=params.get("category"),
        is_public=is_public,
        order_column=column,
        descending=descending,
    )
    domain = req.caller.tenant.domain_name
    items = [repository_item_v2(repo, domain, False, len(found)) for repo in page(found, offset, limit)]
    return Reply(items, headers={"Content-Range": content_range(offset, len(items), len(found))})


@route("GET", "/v3/manage/repos", "list_repo_details", api="v3")
def list_repo_details(req: ApiRequest) -> Reply:
    """v3 list: filters, `limit`, id markers (`nextMarker` absent on the last page)."""
    limit = v3_limit(req)
    raw_marker = req.q_str("marker")
    marker = parse_int("marker", raw_marker) if raw_marker else 0
    found = req.backend.list_repos(
        req.caller,
        namespace=req.q_str("namespace") or None,
        name=req.q_str("name") or None,
        category=req.q_str("category") or None,
        is_public=req.q_bool("is_public"),
        order_column="id",
        descending=False,
    )
    # The marker is the id the next page starts at, so deletions never shift a page.
    remaining = [repo for repo in found if repo.id >= marker]
    domain = req.caller.tenant.domain_name
    body: dict[str, object] = {"repos": [repository_item_v3(repo, domain, False) for repo in remaining[:limit]]}
    if len(remaining) > limit:
        body["nextMarker"] = remaining[limit].id
    return Reply(body)
