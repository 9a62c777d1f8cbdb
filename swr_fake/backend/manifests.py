"""The registry's manifests, tags and referrers, on the same repositories the management API shows.

A manifest pushed by tag goes through the one push path (`TagOps._push`): the repository is
created in an existing organization, the tag moves, synchronization, triggers and retention
react. A manifest pushed by digest is stored and stays without a tag (``Repository.by_digest``)
until it is deleted by digest. Manifests are kept byte for byte; their digest is over those bytes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .. import errors, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, Caller, Manifest, Repository
from . import oci
from .blobs import BlobOps
from .oci import OciError


def _unknown_manifest(reference: str) -> OciError:
    return OciError(oci.MANIFEST_UNKNOWN, f"manifest unknown: {reference}", detail={"reference": reference})


def find_manifest(repo: Repository, reference: str) -> Manifest | None:
    """A manifest by tag or by digest (sha256 is the key; a sha512 digest is looked up by content)."""
    if not oci.is_digest(reference):
        tag = repo.tags.get(reference)
        return repo.manifests[tag.digest] if tag is not None else None
    if reference.startswith("sha256:"):
        return repo.manifests.get(reference)
    algorithm, _, encoded = reference.partition(":")
    for manifest in repo.manifests.values():
        if hashlib.new(algorithm, manifest.raw).hexdigest() == encoded:
            return manifest
    return None


class ManifestOps(BlobOps):
    # --- push ---------------------------------------------------------------------------------
    def put_manifest(
        self, caller: Caller, namespace: str, repository: str, reference: str, raw: bytes, content_type: str | None
    ) -> Manifest:
        """``PUT /v2/{org}/{repo}/manifests/{reference}``: validate everything, then store.

        Errors: MANIFEST_INVALID (not a manifest, bad tag, sizes that differ from the blobs),
        DIGEST_INVALID (a digest reference that is not the body's), MANIFEST_BLOB_UNKNOWN (a
        config, layer or child manifest the repository does not hold; ``subject`` may dangle),
        413 over 4 MiB, and the push rights of `BlobOps._writable`.
        """
        if len(raw) > oci.MANIFEST_MAX_BYTES:
            raise OciError(oci.MANIFEST_TOO_BIG, f"manifest of {len(raw)} bytes; at most {oci.MANIFEST_MAX_BYTES}")
        by_digest = oci.is_digest(reference)
        if by_digest:
            oci.check_digest(reference)
        elif not rules.is_valid_tag(reference):
            raise OciError(
                oci.MANIFEST_INVALID,
                f"invalid tag {reference!r}: {rules.tag_violation(reference)}",
                detail={"tag": reference},
            )
        facts = oci.manifest_facts(raw, content_type)
        if by_digest:
            algorithm = reference.partition(":")[0]
            self._compare(reference, hashlib.new(algorithm, raw).hexdigest())
        key = self._writable(caller, namespace, repository)
        links = self.blob_links.get(key, set())
        for descriptor in facts.blobs:
            if descriptor.foreign:
                continue
            blob = self.blobs.get(descriptor.digest)
            if blob is None or descriptor.digest not in links:
                raise OciError(oci.MANIFEST_BLOB_UNKNOWN, detail={"digest": descriptor.digest})
            if blob.size != descriptor.size:
                raise OciError(
                    oci.MANIFEST_INVALID,
                    f"manifest invalid: {descriptor.digest} has {blob.size} bytes, the manifest says {descriptor.size}",
                    detail={"digest": descriptor.digest, "size": blob.size},
                )
        existing = self.region(caller.region).namespaces[namespace].repositories.get(repository)
        for child in facts.manifests:
            if existing is None or find_manifest(existing, child.digest) is None:
                raise OciError(oci.MANIFEST_BLOB_UNKNOWN, detail={"digest": child.digest})
        try:
            parsed = Manifest.parse(raw)
        except (ValueError, RecursionError) as exc:
            raise OciError(oci.MANIFEST_INVALID, f"manifest invalid: {exc}") from None
        manifest = Manifest(parsed.digest, raw, facts.media_type, parsed.size, parsed.config_digest, facts.subject)
        if not by_digest:
            self._push(caller, namespace, repository, reference, manifest)
            return manifest
        repo = existing or self.create_repo(caller, namespace, repository, is_public=False)
        if manifest.digest not in repo.manifests:
            repo.manifests[manifest.digest] = manifest
            repo.size += manifest.size  # the repository's size changed
        repo.by_digest.add(manifest.digest)
        self._touch(repo)
        return manifest

    # --- pull -----------------------------------------------------------------------------------
    def get_manifest(
        self, caller: Caller, namespace: str, repository: str, reference: str, *, count: bool = False
    ) -> Manifest:
        """A manifest by tag or digest; ``count`` (a GET, not a HEAD) records a download as
        ``docker pull`` does: ``num_download``, the pull time and the account's traffic."""
        if oci.is_digest(reference):
            oci.check_digest(reference)
        repo = self._readable(caller, namespace, repository)
        manifest = find_manifest(repo, reference)
        if manifest is None:
            raise _unknown_manifest(reference)
        if count:
            repo.num_download += 1
            repo.pulled_at = self.now()
            per_day = self.region(caller.region).downflow.setdefault(repo.domain_id, {})
            day = self.clock.now().date().isoformat()
            per_day[day] = per_day.get(day, 0) + manifest.size
        return manifest

    # --- delete ---------------------------------------------------------------------------------
    def delete_manifest(self, caller: Caller, namespace: str, repository: str, reference: str) -> None:
        """By tag: the tag goes (as ``delete_repo_tag``). By digest: the manifest goes with
        every tag pointing at it. Needs the manage right (7), like deleting a tag."""
        if oci.is_digest(reference):
            oci.check_digest(reference)
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        manifest = find_manifest(repo, reference)
        if manifest is None:
            raise _unknown_manifest(reference)
        if not oci.is_digest(reference):
            self._remove_tag(repo, reference)
            return
        repo.by_digest.discard(manifest.digest)
        for name in [name for name, tag in repo.tags.items() if tag.digest == manifest.digest]:
            self._remove_tag(repo, name)
        dropped = repo.manifests.pop(manifest.digest, None)
        if dropped is not None:
            repo.size -= dropped.size
        self._touch(repo)

    # --- tags -------------------------------------------------------------------------------------
    def registry_tags(
        self, caller: Caller, namespace: str, repository: str, limit: int | None, last: str | None
    ) -> tuple[list[str] | None, bool]:
        """Tag names in lexical order after ``last`` (exclusive), at most ``limit``; and whether
        more follow. ``None`` for a repository that does not exist in an existing organization:
        SWR answers it with ``"tags": null`` (a client recording SWR), not 404."""
        ns = self.region(caller.region).namespaces.get(namespace)
        if ns is not None and repository not in ns.repositories and ns.domain_id == caller.tenant.domain_id:
            return None, False
        repo = self._readable(caller, namespace, repository)
        names = sorted(repo.tags)
        if last is not None:
            names = [name for name in names if name > last]
        if limit is None or len(names) <= limit:
            return names, False
        return names[:limit], True

    # --- referrers --------------------------------------------------------------------------------
    def referrers(
        self, caller: Caller, namespace: str, repository: str, digest: str, artifact_type: str | None
    ) -> list[dict[str, Any]]:
        """Descriptors of the repository's manifests whose ``subject`` is ``digest`` (oldest
        first), plus those listed under the fallback tag ``{alg}-{hex}``; filtered by
        ``artifact_type`` when given."""
        oci.check_digest(digest)
        repo = self._readable(caller, namespace, repository)
        found: dict[str, dict[str, Any]] = {}
        for manifest in repo.manifests.values():
            if manifest.subject == digest:
                found[manifest.digest] = oci.referrer_descriptor(manifest.raw, manifest.media_type, manifest.digest)
        fallback = repo.tags.get(digest.replace(":", "-"))
        if fallback is not None:
            try:
                listed = json.loads(repo.manifests[fallback.digest].raw).get("manifests") or []
            except (ValueError, AttributeError):
                listed = []
            for entry in listed:
                if isinstance(entry, dict) and isinstance(entry.get("digest"), str):
                    found.setdefault(entry["digest"], entry)
        entries = list(found.values())
        if artifact_type is not None:
            entries = [entry for entry in entries if entry.get("artifactType") == artifact_type]
        return entries


# The registry's answer to each model error it can meet (missing organization or repository, rights).
_SWR_TO_OCI: dict[errors.ErrorSpec, oci.OciSpec] = {
    errors.NAMESPACE_NOT_FOUND: oci.NAME_UNKNOWN,
    errors.REPOSITORY_NOT_FOUND: oci.NAME_UNKNOWN,
    errors.TAG_NOT_FOUND: oci.MANIFEST_UNKNOWN,
    errors.FORBIDDEN: oci.DENIED,
    errors.CROSS_ACCOUNT: oci.DENIED,
    errors.INVALID_REPOSITORY: oci.NAME_INVALID,
    errors.INVALID_NAMESPACE: oci.NAME_INVALID,
    errors.INVALID_TAG: oci.MANIFEST_INVALID,
}


def swr_to_oci(error: SwrError) -> OciError:
    spec = _SWR_TO_OCI.get(error.spec, oci.UNSUPPORTED if error.status < 500 else oci.UNKNOWN)
    return OciError(spec, f"{spec.message}: {error.message}", detail=error.detail or None)
