"""``GET /v2/<name>/tags/list[?n=&last=]`` (end-8): lexical order, ``Link`` to the next page."""

from __future__ import annotations

from urllib.parse import urlencode

from ..backend import oci
from ..backend.oci import OciError
from ..wire import WireResponse
from .context import Context, json_answer


def _limit(text: str | None) -> int | None:
    if text is None or text == "":
        return None
    if not text.isdigit():
        raise OciError(
            oci.PAGINATION_NUMBER_INVALID,
            f"n={text!r}: the number of tags is a non-negative integer",
            detail={"n": text},
        )
    return int(text)


def list_tags(ctx: Context) -> WireResponse:
    """``{"name", "tags"}``; ``"tags": null`` for a repository not pushed yet in an existing
    organization of the caller (as SWR answers). ``n=0`` is an empty page without ``Link``."""
    query = ctx.request.query
    limit = _limit(query.get("n"))
    last = query.get("last") or None
    tags, more = ctx.backend.registry_tags(ctx.caller, ctx.namespace, ctx.repository, limit, last)
    headers = {}
    if more and tags:
        following = urlencode({"n": str(limit), "last": tags[-1]})
        headers["Link"] = f'</v2/{ctx.name}/tags/list?{following}>; rel="next"'
    return json_answer(200, ctx.request_id, {"name": ctx.name, "tags": tags}, headers)
