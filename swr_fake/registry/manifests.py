"""Manifests: ``GET``/``HEAD`` (end-3), ``PUT`` (end-7), ``DELETE`` (end-9).

Served byte for byte with the media type they were pushed with, whatever the ``Accept``
header says (oras-py's HEAD accepts only OCI manifests yet must see Docker ones too).
"""

from __future__ import annotations

from ..backend import oci
from ..model import Manifest
from ..wire import WireResponse
from .context import Context, answer


def _digest_header(ctx: Context, manifest: Manifest) -> str:
    # A digest reference is echoed as sent (it may be sha512); a tag answers the sha256 key.
    return ctx.reference if oci.is_digest(ctx.reference) else manifest.digest


def _served(ctx: Context, manifest: Manifest) -> WireResponse:
    headers = {"Content-Type": manifest.media_type, "Docker-Content-Digest": _digest_header(ctx, manifest)}
    return answer(200, ctx.request_id, headers, manifest.raw)


def get_manifest(ctx: Context) -> WireResponse:
    manifest = ctx.backend.get_manifest(ctx.caller, ctx.namespace, ctx.repository, ctx.reference, count=True)
    return _served(ctx, manifest)


def head_manifest(ctx: Context) -> WireResponse:
    manifest = ctx.backend.get_manifest(ctx.caller, ctx.namespace, ctx.repository, ctx.reference)
    return _served(ctx, manifest)  # the front door sends the length and drops the body


def put_manifest(ctx: Context) -> WireResponse:
    manifest = ctx.backend.put_manifest(
        ctx.caller,
        ctx.namespace,
        ctx.repository,
        ctx.reference,
        ctx.request.body or b"",
        ctx.request.headers.get("Content-Type"),
    )
    digest = _digest_header(ctx, manifest)
    headers = {"Location": ctx.repo_url(f"manifests/{digest}"), "Docker-Content-Digest": digest}
    if manifest.subject is not None:
        headers["OCI-Subject"] = manifest.subject
    return answer(201, ctx.request_id, headers)


def delete_manifest(ctx: Context) -> WireResponse:
    ctx.backend.delete_manifest(ctx.caller, ctx.namespace, ctx.repository, ctx.reference)
    return answer(202, ctx.request_id)
