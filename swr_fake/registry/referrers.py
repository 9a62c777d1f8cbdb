"""``GET /v2/<name>/referrers/<digest>[?artifactType=]`` (end-12): an OCI image index of the
manifests whose ``subject`` is the digest; 200 with an empty list when there are none."""

from __future__ import annotations

from ..model import OCI_INDEX
from ..wire import WireResponse
from .context import Context, json_answer


def list_referrers(ctx: Context) -> WireResponse:
    artifact_type = ctx.request.query.get("artifactType") or None
    entries = ctx.backend.referrers(ctx.caller, ctx.namespace, ctx.repository, ctx.reference, artifact_type)
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}
    headers = {"OCI-Filters-Applied": "artifactType"} if artifact_type is not None else {}
    return json_answer(200, ctx.request_id, index, headers, content_type=OCI_INDEX)
