"""The v1 repository API of seed 002 (``/v1/repositories/...``), served from the same state
as v2: each handler calls the backend operation v2 uses and renders the v1 shape.

Choices where the seed is silent are listed in docs/v1-api.md: 201 for create, 204 for
deletes, ``page``/``page_size`` paging (1-based, 20 per page, at most 100) with absolute
``next``/``previous`` links, repositories listed in creation order, partial PUT updates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from ... import errors
from ...errors import SwrError
from ...model import Repository
from ..request import ApiRequest, Reply
from ..routing import route
from ..views_v1 import created_repository, repository_detail, repository_item, tag_item, updated_repository

_REPOS = "/v1/repositories/{namespace}"
_REPO = _REPOS + "/{repository}"

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def _same_names(req: ApiRequest, body: dict[str, Any]) -> None:
    """A body may repeat the path's names; it may not contradict them."""
    if "namespace" in body and body["namespace"] != req.namespace:
        raise SwrError(errors.INVALID_PARAMETER, detail="namespace: does not match the path")
    if req.params.get("repository") is not None and "repo_name" in body and body["repo_name"] != req.repository:
        raise SwrError(errors.INVALID_PARAMETER, detail="repo_name: does not match the path")


@route("POST", _REPOS, "v1_create_repository", status=201, api="v1")
def v1_create_repository(req: ApiRequest) -> Reply:
    """Creates a repository in the shared state (visible to v2 and the SDK); not simulated: automated builds, logos."""
    body = req.body
    _same_names(req, body)
    repo = req.backend.create_repo(
        req.caller, req.namespace, body["repo_name"], body.get("is_public", False), None, body.get("description")
    )
    return Reply(created_repository(repo))


def _page_url(req: ApiRequest, page: int) -> str:
    parts = urlsplit(req.url)
    query = {**req.query, "page": str(page)}
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


@route("GET", _REPOS, "v1_list_repositories", api="v1")
def v1_list_repositories(req: ApiRequest) -> Reply:
    """Lists an organization's repositories with count/next/previous paging; not simulated: stars."""
    page = req.q_int("page", 1, minimum=1)
    size = req.q_int("page_size", PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE)
    req.backend.show_namespace(req.caller, req.namespace)  # a missing organization is a 404
    found: Sequence[Repository] = req.backend.list_repos(
        req.caller, namespace=req.namespace, order_column="id", descending=False
    )
    start = (page - 1) * size
    if page > 1 and start >= len(found):
        raise SwrError(errors.URL_NOT_FOUND, detail=f"invalid page {page}")
    body = {
        "count": len(found),
        "next": _page_url(req, page + 1) if start + size < len(found) else None,
        "previous": _page_url(req, page - 1) if page > 1 else None,
        "results": [repository_item(repo) for repo in found[start : start + size]],
    }
    return Reply(body)


@route("GET", _REPO, "v1_show_repository", api="v1")
def v1_show_repository(req: ApiRequest) -> Reply:
    """Shows a repository with its counters and push/pull times; not simulated: stars, full descriptions."""
    return Reply(repository_detail(req.backend.show_repository(req.caller, req.namespace, req.repository)))


@route("PUT", _REPO, "v1_update_repository", api="v1")
def v1_update_repository(req: ApiRequest) -> Reply:
    """Updates description and visibility (partial PUT); not simulated: logos."""
    body = req.body
    _same_names(req, body)
    current = req.backend.show_repository(req.caller, req.namespace, req.repository)
    is_public = body.get("is_public", current.is_public)
    repo = req.backend.update_repo(req.caller, req.namespace, req.repository, is_public, None, body.get("description"))
    return Reply(updated_repository(repo))


@route("DELETE", _REPO, "v1_delete_repository", status=204, api="v1")
def v1_delete_repository(req: ApiRequest) -> Reply:
    """Deletes a repository and its tags."""
    req.backend.delete_repo(req.caller, req.namespace, req.repository)
    return Reply()


@route("GET", _REPO + "/tags", "v1_list_tags", api="v1")
def v1_list_tags(req: ApiRequest) -> Reply:
    """Lists tags with their image ids."""
    repo, tags = req.backend.list_tags(req.caller, req.namespace, req.repository)
    return Reply([tag_item(repo, tag) for tag in tags])


@route("DELETE", _REPO + "/tags/{tag}", "v1_delete_tag", status=204, api="v1")
def v1_delete_tag(req: ApiRequest) -> Reply:
    """Deletes one tag."""
    req.backend.delete_repo_tag(req.caller, req.namespace, req.repository, req.params["tag"])
    return Reply()
