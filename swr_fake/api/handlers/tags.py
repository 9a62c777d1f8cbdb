"""Tags (image versions) of a repository."""

from __future__ import annotations

from collections.abc import Sequence

from ... import errors
from ...errors import SwrError
from ...model import Tag
from ..pagination import content_range, offset_limit, ordering, page, v2_params, v3_limit
from ..request import ApiRequest, Reply
from ..routing import route
from ..views import keep_tag_page, kept_tag_page, tag_detail, tag_items_v2

_TAGS = "/v2/manage/namespaces/{namespace}/repos/{repository}/tags"


@route("GET", _TAGS, "list_repository_tags")
def list_repository_tags(req: ApiRequest) -> Reply:
    """Tags (`Tag` key), ordering, offset/limit, `Content-Range`; not simulated: image scans (`scanned`)."""
    params = v2_params(req, ("offset", "limit", "order_column", "order_type", "tag"))
    offset, limit = offset_limit(params)
    column, descending = ordering(params, "updated_at")
    repo, ordered = req.backend.list_tags(
        req.caller, req.namespace, req.repository, order_column=column, descending=descending
    )
    wanted = params.get("tag")
    memo = req.backend.tag_memo(repo)
    key = ("list_repository_tags", column, descending, offset, limit, wanted)
    kept = kept_tag_page(memo, key, ordered)
    if kept is None:
        chosen = ordered if wanted is None else [tag for tag in ordered if tag.name == wanted]
        items = page(chosen, offset, limit)
        kept = tag_items_v2(repo, items, memo), len(items), len(chosen)
        keep_tag_page(memo, key, ordered, *kept)
    body, count, total = kept
    return Reply(body, headers={"Content-Range": content_range(offset, count, total)})


@route("GET", "/v3/manage/namespaces/{namespace}/repos/{repository}/tags", "list_repository_tag", api="v3")
def list_repository_tag(req: ApiRequest) -> Reply:
    """v3 tag list: fuzzy `tag`, ordering, name markers, optional manifests."""
    limit = v3_limit(req)
    column, descending = ordering(
        {key: req.query[key] for key in ("order_column", "order_type") if req.query.get(key)}, "updated_at"
    )
    with_manifest = bool(req.q_bool("with_manifest"))
    repo, ordered_tags = req.backend.list_tags(
        req.caller, req.namespace, req.repository, order_column=column, descending=descending
    )
    ordered: Sequence[Tag] = ordered_tags
    fuzzy = req.q_str("tag")
    if fuzzy:
        ordered = [tag for tag in ordered if fuzzy in tag.name]
    start = 0
    marker = req.q_str("marker")
    if marker:
        # The marker names the first tag of the next page; a vanished tag is a stale marker.
        start = next((index for index, tag in enumerate(ordered) if tag.name == marker), -1)
        if start < 0:
            raise SwrError(errors.INVALID_PARAMETER, f"Invalid marker: {marker!r}")
    chosen = ordered[start : start + limit]
    more = start + limit < len(ordered)
    body: dict[str, object] = {
        "tags": [tag_detail(repo, tag, with_manifest=with_manifest) for tag in chosen],
        "has_more": more,
    }
    if more:
        body["nextMarker"] = ordered[start + limit].name
    return Reply(body)


@route("GET", _TAGS + "/{tag}", "show_repo_tag")
def show_repo_tag(req: ApiRequest) -> Reply:
    """The tag's manifest, digest, image id and size; not simulated: trusted images (`is_trusted` false)."""
    repo, tag = req.backend.show_repo_tag(req.caller, req.namespace, req.repository, req.params["tag"])
    return Reply(tag_detail(repo, tag))


@route("POST", _TAGS, "create_repo_tag", status=201)
def create_repo_tag(req: ApiRequest) -> Reply:
    """New tag on the source tag's manifest (409 unless `override`); fires triggers, sync, retention."""
    body = req.body
    req.backend.create_repo_tag(
        req.caller,
        req.namespace,
        req.repository,
        body["source_tag"],
        body["destination_tag"],
        bool(body.get("override", False)),
    )
    return Reply()


@route("DELETE", _TAGS + "/{tag}", "delete_repo_tag", status=204)
def delete_repo_tag(req: ApiRequest) -> Reply:
    """Deletes the tag (its manifest too when no other tag uses it); needs manage (7)."""
    req.backend.delete_repo_tag(req.caller, req.namespace, req.repository, req.params["tag"])
    return Reply()
