"""Blobs: ``GET``/``HEAD`` (end-2, with ``Range``) and ``DELETE`` (end-10).

A download is answered directly with the bytes, never redirected: the spec allows a redirect,
but its target would have to be a host the fake serves, and no client needs one.
"""

from __future__ import annotations

from ..backend import oci
from ..backend.blobs import Blob
from ..wire import WireResponse
from .context import Context, answer

OCTET_STREAM = "application/octet-stream"


def _blob(ctx: Context) -> Blob:
    return ctx.backend.get_blob(ctx.caller, ctx.namespace, ctx.repository, ctx.reference)


def parse_range(header: str, size: int) -> tuple[int, int] | None | str:
    """``bytes=a-b`` / ``bytes=a-`` / ``bytes=-n`` as an inclusive ``(first, last)``; ``None``
    to ignore the header (absent, several ranges, another unit: RFC 9110 lets a server send
    the whole blob); ``"unsatisfiable"`` for a range outside the blob."""
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first_text, dash, last_text = spec.strip().partition("-")
    if not dash or not (first_text.isdigit() or last_text.isdigit()):
        return None
    if not first_text:  # a suffix: the last n bytes
        length = int(last_text)
        return (max(size - length, 0), size - 1) if length and size else "unsatisfiable"
    first = int(first_text)
    last = int(last_text) if last_text.isdigit() else size - 1
    if first >= size or last < first:
        return "unsatisfiable"
    return first, min(last, size - 1)


def get_blob(ctx: Context) -> WireResponse:
    blob = _blob(ctx)
    headers = {"Content-Type": OCTET_STREAM, "Docker-Content-Digest": blob.digest, "Accept-Ranges": "bytes"}
    wanted = parse_range(ctx.request.headers.get("Range") or "", blob.size)
    if wanted == "unsatisfiable":
        headers["Content-Range"] = f"bytes */{blob.size}"
        return answer(416, ctx.request_id, headers)
    if isinstance(wanted, tuple):
        first, last = wanted
        headers["Content-Range"] = f"bytes {first}-{last}/{blob.size}"
        return answer(206, ctx.request_id, headers, blob.data[first : last + 1])
    return answer(200, ctx.request_id, headers, blob.data)  # the stored bytes themselves: no copy


def head_blob(ctx: Context) -> WireResponse:
    """The GET's answer without ``Range``; the front door sends its length and drops the body
    (the stored bytes themselves, so nothing is copied)."""
    blob = _blob(ctx)
    headers = {"Content-Type": OCTET_STREAM, "Docker-Content-Digest": blob.digest, "Accept-Ranges": "bytes"}
    return answer(200, ctx.request_id, headers, blob.data)


def delete_blob(ctx: Context) -> WireResponse:
    oci.check_digest(ctx.reference)
    ctx.backend.delete_blob(ctx.caller, ctx.namespace, ctx.repository, ctx.reference)
    return answer(202, ctx.request_id)
