"""``GET /v2/`` (end-1) and ``GET /v2/_catalog``, which SWR does not offer."""

from __future__ import annotations

from ..backend import oci
from ..backend.oci import OciError
from ..wire import WireResponse
from .context import Context, json_answer


def ping(ctx: Context) -> WireResponse:
    """200 ``{}`` for any valid token: the check ``docker login`` makes."""
    return json_answer(200, ctx.request_id, {})


def catalog(ctx: Context) -> WireResponse:
    """404: SWR has no catalog (a client recording SWR); list repositories with the management
    API's ``list_repos_details`` instead."""
    raise OciError(
        oci.NOT_FOUND,
        "SWR does not offer /v2/_catalog: list repositories with the management API (list_repos_details)",
    )
