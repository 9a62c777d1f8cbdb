"""Accessories (signatures) of image tags, read from the manifests' OCI ``subject`` field.

A manifest pushed with ``"subject": {"digest": ...}`` is an accessory of the image with that
digest in the same repository. Nothing else makes one: without such pushes both lists are empty.
"""

from __future__ import annotations

from .. import errors
from ..errors import SwrError
from ..model import AUTH_READ, Caller, Repository, Tag
from .tags import TagOps


class AccessoryOps(TagOps):
    def _tag_of(self, caller: Caller, namespace: str, repository: str, tag: str) -> tuple[Repository, Tag]:
        repo = self._repository(caller, namespace, repository, AUTH_READ, foreign_read=True)
        found = repo.tags.get(tag)
        if found is None:
            raise SwrError(errors.TAG_NOT_FOUND)
        return repo, found

    def list_references(self, caller: Caller, namespace: str, repository: str, tag: str) -> list[str]:
        """The tags a signature tag signs: those pointing at its manifest's ``subject``, by name."""
        repo, signature = self._tag_of(caller, namespace, repository, tag)
        subject = repo.manifests[signature.digest].subject
        if subject is None:
            return []
        return sorted(name for name, other in repo.tags.items() if other.digest == subject)

    def list_repo_accessories(
        self, caller: Caller, namespace: str, repository: str, tag: str
    ) -> tuple[Repository, Tag, list[Tag]]:
        """The tags of the repository whose manifests name the tag's digest as ``subject``,
        oldest first."""
        repo, target = self._tag_of(caller, namespace, repository, tag)
        found = [other for other in repo.tags.values() if repo.manifests[other.digest].subject == target.digest]
        return repo, target, sorted(found, key=lambda other: other.id)
