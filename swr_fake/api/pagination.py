"""The two paging families of the API.

v2 lists take ``offset``/``limit`` (directly or inside ``filter=key::value|...``, which wins
when both are given) and answer a ``Content-Range: {offset}-{count}/{total}`` header, where
count is the number of records on the page (the documented definition; see docs/decisions.md).
v3 lists take ``marker``/``limit`` and answer ``nextMarker``, absent on the last page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from .. import errors
from ..errors import SwrError
from .request import ApiRequest, parse_filter, parse_int

T = TypeVar("T")

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def v2_params(req: ApiRequest, keys: Iterable[str]) -> dict[str, str]:
    """The list parameters, from ``filter`` when present, otherwise from the query string."""
    allowed = tuple(keys)
    raw_filter = req.q_str("filter")
    if raw_filter:
        return parse_filter(raw_filter, allowed)
    return {key: value for key, value in req.query.items() if key in allowed and value != ""}


def offset_limit(params: dict[str, str], *, default_limit: int = DEFAULT_LIMIT) -> tuple[int, int]:
    offset = parse_int("offset", params["offset"]) if "offset" in params else 0
    limit = parse_int("limit", params["limit"], minimum=1, maximum=MAX_LIMIT) if "limit" in params else default_limit
    return offset, limit


def ordering(params: dict[str, str], default_column: str) -> tuple[str, bool]:
    column = params.get("order_column") or default_column
    direction = params.get("order_type") or "desc"
    if direction not in ("asc", "desc"):
        raise SwrError(errors.INVALID_PARAMETER, f"Invalid order_type: {direction!r} (asc or desc)")
    return column, direction == "desc"


def content_range(offset: int, count: int, total: int) -> str:
    return f"{offset}-{count}/{total}"


def page(items: Sequence[T], offset: int, limit: int) -> list[T]:
    return list(items[offset : offset + limit])


def v3_limit(req: ApiRequest, *, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    return req.q_int("limit", default, minimum=1, maximum=maximum)
