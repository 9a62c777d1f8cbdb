"""Tags (image versions): push, list, show, copy, delete.

A tag is a name pointing at a manifest digest; the manifest bytes are stored once per
repository and dropped when no tag points at them any more.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .. import errors, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, AUTH_WRITE, MANIFEST_V2, Caller, Manifest, Repository, Tag
from .indexes import TAG_ORDER_KEYS, TagOrder
from .repositories import RepositoryOps

ManifestInput = bytes | str | dict[str, Any] | None


def synthetic_manifest(seed_text: str) -> bytes:
    """A small, valid docker v2 manifest whose content depends only on ``seed_text``."""
    config = hashlib.sha256(b"config:" + seed_text.encode()).hexdigest()
    layer = hashlib.sha256(b"layer:" + seed_text.encode()).hexdigest()
    layer_size = 1_000_000 + int(layer[:5], 16)
    document = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_V2,
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 1470,
            "digest": f"sha256:{config}",
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": layer_size,
                "digest": f"sha256:{layer}",
            }
        ],
    }
    return json.dumps(document, separators=(",", ":")).encode()


def manifest_bytes(manifest: ManifestInput, seed_text: str) -> bytes:
    if manifest is None:
        return synthetic_manifest(seed_text)
    if isinstance(manifest, dict):
        return json.dumps(manifest, separators=(",", ":")).encode()
    if isinstance(manifest, str):
        return manifest.encode()
    return bytes(manifest)


class TagOps(RepositoryOps):
    # --- the one place that changes what a tag points at -------------------------------------
    def _set_tag(self, repo: Repository, name: str, manifest: Manifest) -> Tag:
        now = self.now()
        index = self._tag_index(repo)
        tag = repo.tags.get(name)
        if tag is None:
            tag = repo.tags[name] = Tag(self.ids.next_int("tag"), name, manifest.digest, now, now)
        else:
            index.discard(tag)  # while its place in the kept orders is still its old update time
            self._release(repo, tag.digest)
            tag.digest = manifest.digest
            tag.updated = now
        tag.pushed = self.ids.next_int("push")  # ties under a frozen clock follow push order
        index.add(tag)
        if manifest.digest not in repo.manifests:
            repo.manifests[manifest.digest] = manifest
            repo.size += manifest.size
        repo.digest_refs[manifest.digest] = repo.digest_refs.get(manifest.digest, 0) + 1
        repo.updated = now
        self.repo_orders.changed()
        for hook in self.on_tag_set:
            hook(repo, manifest)
        return tag

    def _remove_tag(self, repo: Repository, name: str) -> Tag:
        tag = repo.tags[name]
        self._tag_index(repo).discard(tag)
        del repo.tags[name]
        self._release(repo, tag.digest)
        repo.updated = self.now()
        self.repo_orders.changed()
        return tag

    @staticmethod
    def _release(repo: Repository, digest: str) -> None:
        remaining = repo.digest_refs[digest] - 1
        if remaining:
            repo.digest_refs[digest] = remaining
        else:
            del repo.digest_refs[digest]
            if digest not in repo.by_digest:  # a manifest pushed by digest outlives its tags
                repo.size -= repo.manifests.pop(digest).size

    # --- operations ------------------------------------------------------------------------------
    def push_manifest(
        self, caller: Caller, namespace: str, repository: str, tag: str, manifest: ManifestInput = None
    ) -> str:
        """What ``docker push`` does: the organization must exist; the repository is created
        (private) if missing; the tag is created or moved. Returns the manifest digest."""
        if not rules.is_valid_tag(tag):
            raise SwrError(errors.INVALID_TAG, detail=rules.tag_violation(tag) or "")
        if not rules.is_valid_repository(repository):
            raise SwrError(errors.INVALID_REPOSITORY, detail=rules.repository_violation(repository) or "")
        try:
            parsed = Manifest.parse(manifest_bytes(manifest, f"{namespace}/{repository}:{tag}"))
        except (ValueError, RecursionError) as exc:  # not JSON (or not encodable), or nested too deeply
            raise SwrError(
                errors.INVALID_DIGEST, "Invalid image: failed to parse the manifest.", detail=str(exc)
            ) from exc
        return self._push(caller, namespace, repository, tag, parsed)

    def _push(self, caller: Caller, namespace: str, repository: str, tag: str, parsed: Manifest) -> str:
        """The push itself, for a valid tag, repository name and manifest (the registry side
        validates its own way and comes here too): every reaction to a push starts here."""
        ns = self._namespace(caller, namespace, AUTH_WRITE)
        repo = ns.repositories.get(repository)
        if repo is None:
            repo = self.create_repo(caller, namespace, repository, is_public=False)
        elif self.auth_level(caller, ns, repo) < AUTH_WRITE:
            raise SwrError(errors.FORBIDDEN)
        self._set_tag(repo, tag, parsed)
        repo.num_upload += 1
        repo.pushed_at = repo.updated
        self._after_push(caller, repo, tag)
        return parsed.digest

    def pull_image(self, caller: Caller, namespace: str, repository: str, tag: str) -> Manifest:
        """What ``docker pull`` does: read the manifest and count the download."""
        repo = self._repository(caller, namespace, repository, AUTH_READ, foreign_read=True)
        found = repo.tags.get(tag)
        if found is None:
            raise SwrError(errors.TAG_NOT_FOUND)
        repo.num_download += 1
        repo.pulled_at = self.now()
        manifest = repo.manifests[found.digest]
        self._after_pull(caller, repo, manifest)
        return manifest

    def list_tags(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        *,
        order_column: str = "updated_at",
        descending: bool = True,
    ) -> tuple[Repository, TagOrder]:
        """All tags in a stable order (ties broken by id), as a read-only sequence.

        The order is kept (``indexes.TagIndex``) and patched when a tag changes, so paging
        through a large repository costs no sort; the sequence returned is the same object until
        the tags change (and valid until then), so callers may reuse what they derived from it
        while it is.
        """
        if order_column not in TAG_ORDER_KEYS:
            raise SwrError(errors.INVALID_ORDER_COLUMN, f"Invalid order column: {order_column}")
        repo = self._repository(caller, namespace, repository, AUTH_READ, foreign_read=True)
        return repo, self._tag_index(repo).ordered(repo.tags, order_column, descending)

    def show_repo_tag(self, caller: Caller, namespace: str, repository: str, tag: str) -> tuple[Repository, Tag]:
        repo = self._repository(caller, namespace, repository, AUTH_READ, foreign_read=True)
        found = repo.tags.get(tag)
        if found is None:
            raise SwrError(errors.TAG_NOT_FOUND)
        return repo, found

    def create_repo_tag(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        source_tag: str,
        destination_tag: str,
        override: bool = False,
    ) -> Tag:
        if not rules.is_valid_tag(destination_tag):
            raise SwrError(errors.INVALID_TAG, detail=rules.tag_violation(destination_tag) or "")
        repo = self._repository(caller, namespace, repository, AUTH_WRITE)
        source = repo.tags.get(source_tag)
        if source is None:
            raise SwrError(errors.TAG_NOT_FOUND)
        if destination_tag in repo.tags and not override:
            raise SwrError(errors.TAG_EXISTS)
        created = self._set_tag(repo, destination_tag, repo.manifests[source.digest])
        self._after_push(caller, repo, destination_tag)
        return created

    def delete_repo_tag(self, caller: Caller, namespace: str, repository: str, tag: str) -> None:
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        if tag not in repo.tags:
            raise SwrError(errors.TAG_NOT_FOUND)
        self._remove_tag(repo, tag)
