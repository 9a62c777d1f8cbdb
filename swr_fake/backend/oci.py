"""The OCI distribution facts the model needs: error codes, digests, media types, descriptors.

Pure functions and constants, no HTTP. Sources: OCI distribution-spec v1.1 (error codes and
their statuses, digest grammar), OCI image-spec v1.1 (descriptors, ``subject``,
``artifactType``, the non-distributable layer types), Docker image manifest v2 schema 2.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ..model import MANIFEST_LIST_V2, MANIFEST_V2, OCI_INDEX, OCI_MANIFEST

# --- media types ----------------------------------------------------------------------------------
MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json"
MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws"
IMAGE_TYPES = (MANIFEST_V2, OCI_MANIFEST)
INDEX_TYPES = (MANIFEST_LIST_V2, OCI_INDEX)
SCHEMA1_TYPES = (MANIFEST_V1, MANIFEST_V1_SIGNED)
MANIFEST_TYPES = IMAGE_TYPES + INDEX_TYPES + SCHEMA1_TYPES
# Layers a registry need not hold (image-spec "non-distributable", docker "foreign" layers).
FOREIGN_LAYER_PREFIXES = (
    "application/vnd.oci.image.layer.nondistributable.",
    "application/vnd.docker.image.rootfs.foreign.",
)
# OCI distribution-spec: "registries MUST accept manifests of at least 4 MB".
MANIFEST_MAX_BYTES = 4 * 1024 * 1024

# --- digests ---------------------------------------------------------------------------------------
ALGORITHMS: dict[str, int] = {"sha256": 64, "sha512": 128}  # algorithm -> hex length
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class OciSpec:
    """One error of the distribution spec: HTTP status, code, default message."""

    status: int
    code: str
    message: str


BLOB_UNKNOWN = OciSpec(404, "BLOB_UNKNOWN", "blob unknown to registry")
BLOB_UPLOAD_INVALID = OciSpec(400, "BLOB_UPLOAD_INVALID", "blob upload invalid")
BLOB_UPLOAD_UNKNOWN = OciSpec(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry")
DIGEST_INVALID = OciSpec(400, "DIGEST_INVALID", "provided digest did not match uploaded content")
MANIFEST_BLOB_UNKNOWN = OciSpec(
    400, "MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry"
)
MANIFEST_INVALID = OciSpec(400, "MANIFEST_INVALID", "manifest invalid")
MANIFEST_UNKNOWN = OciSpec(404, "MANIFEST_UNKNOWN", "manifest unknown to registry")
NAME_INVALID = OciSpec(400, "NAME_INVALID", "invalid repository name")
NAME_UNKNOWN = OciSpec(404, "NAME_UNKNOWN", "repository name not known to registry")
SIZE_INVALID = OciSpec(400, "SIZE_INVALID", "provided length did not match content length")
UNAUTHORIZED = OciSpec(401, "UNAUTHORIZED", "authentication required")
DENIED = OciSpec(403, "DENIED", "requested access to the resource is denied")
UNSUPPORTED = OciSpec(405, "UNSUPPORTED", "the operation is unsupported")
TOOMANYREQUESTS = OciSpec(429, "TOOMANYREQUESTS", "too many requests")
UNKNOWN = OciSpec(500, "UNKNOWN", "unknown error")
# Not in the spec's table; distribution's codes for what the table leaves out.
RANGE_INVALID = OciSpec(416, "BLOB_UPLOAD_INVALID", "the chunk does not continue the upload")
MANIFEST_TOO_BIG = OciSpec(413, "SIZE_INVALID", "manifest too big")
PAGINATION_NUMBER_INVALID = OciSpec(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested")
NOT_FOUND = OciSpec(404, "UNSUPPORTED", "no such registry endpoint")
# SWR's token realm, for a scope in an organization that does not exist (a client recording SWR).
ORGANIZATION_UNKNOWN = OciSpec(401, "DENIED", "Image organization does not exist")

# The spec's codes by name (a fault injected with one of them is answered with it).
CODES: dict[str, OciSpec] = {
    spec.code: spec
    for spec in (
        BLOB_UNKNOWN, BLOB_UPLOAD_INVALID, BLOB_UPLOAD_UNKNOWN, DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN,
        MANIFEST_INVALID, MANIFEST_UNKNOWN, NAME_INVALID, NAME_UNKNOWN, SIZE_INVALID, UNAUTHORIZED,
        DENIED, UNSUPPORTED, TOOMANYREQUESTS,
    )
}  # fmt: skip


class OciError(Exception):
    """A rejected registry request, raised before anything changes. ``headers`` go on the
    answer (``Range`` on a 416, ``WWW-Authenticate`` on a 401)."""

    def __init__(
        self, spec: OciSpec, message: str | None = None, *, detail: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        self.spec = spec
        self.message = message or spec.message
        self.detail = detail
        self.headers = headers or {}
        super().__init__(f"{spec.status} {spec.code}: {self.message}")

    @property
    def status(self) -> int:
        return self.spec.status

    @property
    def code(self) -> str:
        return self.spec.code


def digest_violation(digest: str) -> str | None:
    """Why ``digest`` is not ``sha256:<64 hex>`` or ``sha512:<128 hex>`` (lower case), or None."""
    algorithm, sep, encoded = digest.partition(":")
    if not sep:
        return "a digest is <algorithm>:<hex>"
    length = ALGORITHMS.get(algorithm)
    if length is None:
        return f"unsupported digest algorithm {algorithm!r}: sha256 or sha512"
    if len(encoded) != length or not set(encoded) <= _HEX:
        return f"a {algorithm} digest has {length} lower-case hex digits"
    return None


def check_digest(digest: str) -> str:
    """``digest`` itself, or DIGEST_INVALID (400) saying what is wrong with it."""
    problem = digest_violation(digest)
    if problem is not None:
        raise OciError(DIGEST_INVALID, f"invalid digest {digest!r}: {problem}", detail={"digest": digest})
    return digest


def is_digest(reference: str) -> bool:
    """Whether a manifest reference names a digest rather than a tag (tags have no ``:``)."""
    return ":" in reference


def hasher(digest: str) -> Any:
    """A fresh hashlib object of the digest's algorithm (the digest must be well-formed)."""
    return hashlib.new(digest.partition(":")[0])


def digest_of(data: bytes, algorithm: str = "sha256") -> str:
    return f"{algorithm}:{hashlib.new(algorithm, data).hexdigest()}"


# --- manifests ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Descriptor:
    media_type: str
    digest: str
    size: int
    foreign: bool  # carries ``urls`` or a non-distributable type: the registry need not hold it


@dataclass(slots=True)
class ManifestFacts:
    """What the registry checks in a pushed manifest: its type, the blobs (image) or
    manifests (index) it references, and its ``subject``."""

    media_type: str
    blobs: list[Descriptor] = field(default_factory=list)
    manifests: list[Descriptor] = field(default_factory=list)
    subject: str | None = None


def _invalid(message: str) -> OciError:
    return OciError(MANIFEST_INVALID, f"manifest invalid: {message}", detail={"reason": message})


def _descriptor(value: object, where: str) -> Descriptor:
    if not isinstance(value, dict):
        raise _invalid(f"{where} must be a descriptor object")
    media_type, digest, size = value.get("mediaType"), value.get("digest"), value.get("size")
    if not isinstance(media_type, str) or not media_type:
        raise _invalid(f"{where}.mediaType must be a non-empty string")
    if not isinstance(digest, str) or digest_violation(digest) is not None:
        raise _invalid(f"{where}.digest must be a sha256 or sha512 digest")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _invalid(f"{where}.size must be a non-negative integer")
    urls = value.get("urls")
    foreign = bool(urls) or media_type.startswith(FOREIGN_LAYER_PREFIXES)
    return Descriptor(media_type, digest, size, foreign)


def manifest_facts(raw: bytes, content_type: str | None) -> ManifestFacts:
    """Parse a pushed manifest; MANIFEST_INVALID (400) says what is wrong.

    The media type is the ``Content-Type`` the client sent, else the document's
    ``mediaType``; when both are given they must agree (image-spec: a registry should reject a
    manifest whose ``mediaType`` differs from its type).
    """
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise _invalid(f"not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise _invalid("a manifest is a JSON object")
    declared = document.get("mediaType")
    if declared is not None and not isinstance(declared, str):
        raise _invalid("mediaType must be a string")
    sent = (content_type or "").split(";")[0].strip() or None
    if sent is not None and declared is not None and sent != declared:
        raise _invalid(f"Content-Type {sent!r} differs from the manifest's mediaType {declared!r}")
    media_type = sent or declared
    if media_type is None:
        raise _invalid("no Content-Type and no mediaType: the manifest's type is unknown")
    if media_type not in MANIFEST_TYPES:
        raise _invalid(f"unsupported manifest media type {media_type!r}; known: {', '.join(MANIFEST_TYPES)}")
    facts = ManifestFacts(media_type)
    if media_type in SCHEMA1_TYPES:
        return facts  # legacy, signed documents: stored as they are
    if document.get("schemaVersion") != 2:
        raise _invalid("schemaVersion must be 2")
    if media_type in IMAGE_TYPES:
        facts.blobs.append(_descriptor(document.get("config"), "config"))
        layers = document.get("layers", [])
        if not isinstance(layers, list):
            raise _invalid("layers must be a list")
        facts.blobs.extend(_descriptor(layer, f"layers[{index}]") for index, layer in enumerate(layers))
    else:
        children = document.get("manifests")
        if not isinstance(children, list):
            raise _invalid("manifests must be a list")
        facts.manifests.extend(_descriptor(child, f"manifests[{index}]") for index, child in enumerate(children))
    subject = document.get("subject")
    if subject is not None:
        facts.subject = _descriptor(subject, "subject").digest
    return facts


def referrer_descriptor(raw: bytes, media_type: str, digest: str) -> dict[str, Any]:
    """A referrers-list entry for a manifest: its descriptor plus ``artifactType`` (its own,
    else its config's media type; none for an index without one) and its annotations."""
    document = json.loads(raw)
    entry: dict[str, Any] = {"mediaType": media_type, "digest": digest, "size": len(raw)}
    artifact_type = document.get("artifactType")
    if artifact_type is None and isinstance(document.get("config"), dict):
        artifact_type = document["config"].get("mediaType")
    if artifact_type is not None:
        entry["artifactType"] = artifact_type
    if document.get("annotations"):
        entry["annotations"] = document["annotations"]
    return entry
