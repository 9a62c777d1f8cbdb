"""Read-only views for assertions: ``swr.repositories(ns)`` and ``swr.tags(ns, repo)``.

They read the model directly: no request, no entry in ``swr.calls``, no download counted, no
permission check (a test looks at everything). An unknown organization or repository raises
``ValueError`` with the names that exist, never an empty list that would let a negative
assertion pass for the wrong reason.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .clock import parse_time
from .model import Namespace, Repository

if TYPE_CHECKING:
    from .backend import SwrBackend

__all__ = ["RepositoryView", "TagView", "repositories", "tags"]


@dataclass(frozen=True, slots=True)
class TagView:
    """One tag: its name, the manifest digest it points at, when it was created and last moved (UTC)."""

    name: str
    digest: str
    created: datetime
    updated: datetime


@dataclass(frozen=True, slots=True)
class RepositoryView:
    """One repository as a test sees it; ``tags`` are the tag names, sorted."""

    namespace: str
    name: str
    is_public: bool
    category: str
    description: str
    created: datetime
    updated: datetime
    tags: tuple[str, ...]
    num_download: int
    size: int  # bytes of the manifests' layers and configs


def _time(text: str) -> datetime:
    moment = parse_time(text)
    if moment is None:  # the model only stores times it formatted itself
        raise AssertionError(f"unreadable stored timestamp {text!r}")
    return moment


def _missing(kind: str, name: str, where: str, known: Iterable[str]) -> ValueError:
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    existing = ", ".join(repr(found) for found in names) or "none"
    return ValueError(f"no {kind} {name!r} {where}{hint}; there are: {existing}")


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    return value


def find_namespace(backend: SwrBackend, namespace: object, region: str) -> Namespace:
    name = _check_name(namespace, "namespace")
    found = backend.region(region).namespaces.get(name) if region in backend.regions else None
    if found is None:
        known = backend.regions[region].namespaces if region in backend.regions else {}
        raise _missing("organization", name, f"in region {region}", known)
    return found


def find_repository(backend: SwrBackend, namespace: object, repository: object, region: str) -> Repository:
    ns = find_namespace(backend, namespace, region)
    name = _check_name(repository, "repository").replace("$", "/")
    found = ns.repositories.get(name)
    if found is None:
        raise _missing("repository", name, f"in organization {ns.name!r}", ns.repositories)
    return found


def repositories(backend: SwrBackend, namespace: object, region: str) -> list[RepositoryView]:
    """The repositories of an organization, by name."""
    with backend.lock:
        ns = find_namespace(backend, namespace, region)
        return [
            RepositoryView(
                namespace=ns.name,
                name=repo.name,
                is_public=repo.is_public,
                category=repo.category,
                description=repo.description,
                created=_time(repo.created),
                updated=_time(repo.updated),
                tags=tuple(sorted(repo.tags)),
                num_download=repo.num_download,
                size=repo.size,
            )
            for repo in sorted(ns.repositories.values(), key=lambda repo: repo.name)
        ]


def tags(backend: SwrBackend, namespace: object, repository: object, region: str) -> list[TagView]:
    """The tags of a repository, by name (``repository`` with ``/`` or ``$``)."""
    with backend.lock:
        repo = find_repository(backend, namespace, repository, region)
        return [
            TagView(tag.name, tag.digest, _time(tag.created), _time(tag.updated))
            for tag in sorted(repo.tags.values(), key=lambda tag: tag.name)
        ]
