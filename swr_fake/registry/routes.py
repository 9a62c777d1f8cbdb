"""The registry's route table: a request path to a route kind, repository name and reference.

Paths follow the OCI distribution spec (end-1 … end-14) plus SWR's token realm. A repository
name may have several segments (``team/web/app``), so routes are recognised from the end of
the path, as distribution does; the first segment is the organization. No regular
expressions: the path is split once and read from both ends.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = ["KINDS", "TOKEN_PATH", "Route", "parse", "suggest"]

TOKEN_PATH = "/swr/auth/v2/registry/auth"
# kind -> the methods it answers (HEAD wherever GET is answered)
KINDS: dict[str, tuple[str, ...]] = {
    "base": ("GET", "HEAD"),
    "catalog": ("GET",),
    "token": ("GET",),
    "tags": ("GET",),
    "manifest": ("GET", "HEAD", "PUT", "DELETE"),
    "blob": ("GET", "HEAD", "DELETE"),
    "uploads": ("POST",),
    "upload": ("GET", "PATCH", "PUT", "DELETE"),
    "referrers": ("GET",),
}
_KEYWORDS = ("manifests", "blobs", "tags", "referrers", "uploads", "list")


@dataclass(frozen=True, slots=True)
class Route:
    """``name`` is ``org/repo[/...]`` (``None`` for the base, catalog and token routes);
    ``reference`` is a tag, a digest or an upload id, depending on the kind."""

    kind: str
    name: str | None = None
    reference: str | None = None

    @property
    def namespace(self) -> str:
        return (self.name or "").partition("/")[0]

    @property
    def repository(self) -> str:
        return (self.name or "").partition("/")[2]


def parse(path: str) -> Route | None:
    """The route of a percent-encoded path, or ``None`` when the registry serves nothing there."""
    path = unquote(path)
    if path.rstrip("/") == TOKEN_PATH:
        return Route("token")
    if path in ("/v2", "/v2/"):
        return Route("base")
    if path.rstrip("/") == "/v2/_catalog":
        return Route("catalog")
    if not path.startswith("/v2/"):
        return None
    segments = path[len("/v2/") :].split("/")
    if len(segments) >= 3 and segments[-2:] == ["tags", "list"]:
        return Route("tags", "/".join(segments[:-2]))
    if len(segments) >= 3 and segments[-1] == "" and segments[-2] == "uploads" and segments[-3] == "blobs":
        return Route("uploads", "/".join(segments[:-3])) if len(segments) >= 4 else None
    if len(segments) >= 4 and segments[-2] == "uploads" and segments[-3] == "blobs":
        return Route("upload", "/".join(segments[:-3]), segments[-1])
    if len(segments) >= 3 and segments[-2:] == ["blobs", "uploads"]:
        return Route("uploads", "/".join(segments[:-2]))
    if len(segments) >= 3 and segments[-1]:
        kind = {"manifests": "manifest", "blobs": "blob", "referrers": "referrers"}.get(segments[-2])
        if kind is not None:
            return Route(kind, "/".join(segments[:-2]), segments[-1])
    return None


def suggest(path: str) -> str:
    """`` (did you mean …?)`` when a segment is a near miss of a route keyword, else ``""``."""
    for segment in unquote(path).split("/"):
        if segment in _KEYWORDS:
            continue
        close = difflib.get_close_matches(segment, _KEYWORDS, n=1, cutoff=0.75)
        if close:
            return f" (did you mean {close[0]!r} instead of {segment!r}?)"
    return ""
