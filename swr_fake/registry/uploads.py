"""Upload sessions: ``POST`` (end-4a/4b, mount end-11), ``PATCH`` (end-5), ``PUT`` (end-6),
``GET`` status (end-13) and ``DELETE`` cancel (end-14).

Every step that leaves a session open answers with ``Location`` (absolute, on the host the
client called), ``Range`` and ``Docker-Upload-UUID``; a completed blob answers 201 with its
``Location`` and ``Docker-Content-Digest``.
"""

from __future__ import annotations

from ..backend import oci
from ..backend.blobs import Blob, Upload, upload_range
from ..backend.oci import OciError
from ..wire import WireResponse
from .context import Context, answer


def _session(ctx: Context, upload: Upload, status: int) -> WireResponse:
    headers = {
        "Location": ctx.repo_url(f"blobs/uploads/{upload.uuid}"),
        "Range": upload_range(upload),
        "Docker-Upload-UUID": upload.uuid,
    }
    return answer(status, ctx.request_id, headers)


def _created(ctx: Context, blob: Blob) -> WireResponse:
    headers = {"Location": ctx.repo_url(f"blobs/{blob.digest}"), "Docker-Content-Digest": blob.digest}
    return answer(201, ctx.request_id, headers)


def start_upload(ctx: Context) -> WireResponse:
    """A new session; ``?digest=`` with a body stores the blob at once (201); ``?mount=``
    links a readable blob of ``?from=`` (201) or falls back to a new session (202)."""
    query, backend, caller = ctx.request.query, ctx.backend, ctx.caller
    if "mount" in query:
        mounted = backend.mount_blob(caller, ctx.namespace, ctx.repository, query["mount"], query.get("from"))
        if mounted is not None:
            return _created(ctx, mounted)
    elif "digest" in query:
        blob = backend.put_blob(caller, ctx.namespace, ctx.repository, query["digest"], ctx.request.body or b"")
        return _created(ctx, blob)
    upload = backend.start_upload(caller, ctx.namespace, ctx.repository)
    return _session(ctx, upload, 202)


def upload_status(ctx: Context) -> WireResponse:
    upload = ctx.backend.get_upload(ctx.caller, ctx.namespace, ctx.repository, ctx.reference)
    return _session(ctx, upload, 204)


def parse_content_range(header: str | None) -> tuple[int | None, int | None]:
    """``start-end`` (the spec's form) or ``bytes start-end/total`` (RFC 9110's); absent is
    ``(None, None)``: a streamed chunk, appended."""
    if header is None or not header.strip():
        return None, None
    text = header.strip()
    if text.lower().startswith("bytes"):
        text = text[5:].strip().partition("/")[0]
    start, dash, end = text.partition("-")
    if not dash or not start.isdigit() or not end.isdigit():
        raise OciError(
            oci.BLOB_UPLOAD_INVALID,
            f"Content-Range {header!r} is not '<start>-<end>'",
            detail={"Content-Range": header},
        )
    return int(start), int(end)


def patch_upload(ctx: Context) -> WireResponse:
    start, end = parse_content_range(ctx.request.headers.get("Content-Range"))
    try:
        upload = ctx.backend.append_upload(
            ctx.caller, ctx.namespace, ctx.repository, ctx.reference, ctx.request.body or b"", start, end
        )
    except OciError as error:
        if error.status == 416:  # where to ask for the session's state and go on
            error.headers["Location"] = ctx.repo_url(f"blobs/uploads/{ctx.reference}")
        raise
    return _session(ctx, upload, 202)


def finish_upload(ctx: Context) -> WireResponse:
    body = ctx.request.body or b""
    start, end = parse_content_range(ctx.request.headers.get("Content-Range"))
    if body and start is not None:
        # A final chunk that names its range must continue the upload, as a PATCH must: 416
        # otherwise (OCI main, end-6; the conformance suite's "out-of-order and put chunk").
        patch_upload(ctx)
        body = b""
    blob = ctx.backend.finish_upload(
        ctx.caller, ctx.namespace, ctx.repository, ctx.reference, ctx.request.query.get("digest"), body
    )
    return _created(ctx, blob)


def cancel_upload(ctx: Context) -> WireResponse:
    ctx.backend.cancel_upload(ctx.caller, ctx.namespace, ctx.repository, ctx.reference)
    return answer(204, ctx.request_id)
