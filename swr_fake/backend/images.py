"""Images made up for seeding, and what a stored manifest names.

`synthetic_image` is what ``swr.push_image()`` pushes when no manifest is given: a small but real
docker v2 image (its blobs are stored, so it pulls back through the registry).
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from typing import Any

from ..model import MANIFEST_V2
from . import oci


def synthetic_image(seed_text: str) -> tuple[bytes, dict[str, bytes]]:
    """A small, real docker v2 image whose content depends only on ``seed_text``: the manifest
    bytes and its blobs (a config and one gzipped tar layer holding ``seed.txt``)."""
    content = seed_text.encode()
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo("seed.txt")
        info.size, info.mtime, info.mode = len(content), 0, 0o644
        archive.addfile(info, io.BytesIO(content))
    tar = tar_buffer.getvalue()
    layer = gzip.compress(tar, mtime=0)
    config_document = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Labels": {"seed": seed_text}},
        "rootfs": {"type": "layers", "diff_ids": [oci.digest_of(tar)]},
    }
    config = json.dumps(config_document, separators=(",", ":"), sort_keys=True).encode()
    document = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_V2,
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": len(config),
            "digest": oci.digest_of(config),
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": len(layer),
                "digest": oci.digest_of(layer),
            }
        ],
    }
    raw = json.dumps(document, separators=(",", ":")).encode()
    return raw, {oci.digest_of(config): config, oci.digest_of(layer): layer}


def referenced_digests(raw: bytes) -> list[str]:
    """The config, layer and child-manifest digests a stored manifest names (never raises: the
    management side accepts manifests the registry would refuse)."""
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        return []
    if not isinstance(document, dict):
        return []
    parts: list[Any] = [document.get("config")]
    for key in ("layers", "manifests"):
        if isinstance(document.get(key), list):
            parts.extend(document[key])
    return [part["digest"] for part in parts if isinstance(part, dict) and isinstance(part.get("digest"), str)]
