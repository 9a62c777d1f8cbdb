"""Repositories: create, show, update, delete, and the v2/v3 listings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import errors, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, AUTH_WRITE, Caller, Repository
from .base import BackendBase

CATEGORIES = ("app_server", "linux", "framework_app", "database", "lang", "other", "windows", "arm")

# v2 ``order_column`` values (the SDK documents updated_at; the API pages also list the rest).
REPO_ORDER_KEYS: dict[str, Callable[[Repository], Any]] = {
    "id": lambda repo: repo.id,
    "updated_at": lambda repo: repo.updated,
    "updated_time": lambda repo: repo.updated,
    "created_at": lambda repo: repo.created,
    "name": lambda repo: repo.name,
    "tag_count": lambda repo: len(repo.tags),
    "namespace": lambda repo: repo.namespace.name,
    "is_public": lambda repo: repo.is_public,
}


def check_category(category: str | None) -> None:
    if category is not None and category not in CATEGORIES:
        raise SwrError(errors.INVALID_PARAMETER, f"Invalid category: {category}")


class RepositoryOps(BackendBase):
    def create_repo(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        is_public: bool,
        category: str | None = None,
        description: str | None = None,
    ) -> Repository:
        if not rules.is_valid_repository(repository):
            raise SwrError(errors.INVALID_REPOSITORY, detail=rules.repository_violation(repository) or "")
        check_category(category)
        ns = self._namespace(caller, namespace, AUTH_WRITE)
        if repository in ns.repositories:
            raise SwrError(errors.REPOSITORY_EXISTS)
        now = self.now()
        repo = Repository(
            id=self.ids.next_int("repository"),
            name=repository,
            namespace=ns,
            category=category or "other",
            description=description or "",
            is_public=is_public,
            creator_id=caller.user.user_id,
            creator_name=caller.user.user_name,
            created=now,
            updated=now,
        )
        ns.repositories[repository] = repo
        return repo

    def show_repository(self, caller: Caller, namespace: str, repository: str) -> Repository:
        return self._repository(caller, namespace, repository, AUTH_READ, foreign_read=True)

    def update_repo(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        is_public: bool,
        category: str | None = None,
        description: str | None = None,
    ) -> Repository:
        check_category(category)
        # "Write: users can pull and push images and edit image attributes" (SWR user guide).
        repo = self._repository(caller, namespace, repository, AUTH_WRITE)
        repo.is_public = is_public
        if category is not None:
            repo.category = category
        if description is not None:
            repo.description = description
        self._touch(repo)
        return repo

    def delete_repo(self, caller: Caller, namespace: str, repository: str) -> None:
        # The console deletes a repository together with its tags; the API documents no 406 here.
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        del repo.namespace.repositories[repository]

    def list_repos(
        self,
        caller: Caller,
        *,
        namespace: str | None = None,
        name: str | None = None,
        category: str | None = None,
        is_public: bool | None = None,
        order_column: str = "updated_at",
        descending: bool = True,
    ) -> list[Repository]:
        """Repositories the caller can read in its own account, filtered and ordered.

        ``namespace`` matches exactly, ``name`` is a substring match (the API calls it fuzzy).
        Ties are broken by id so that pages never overlap.
        """
        key = REPO_ORDER_KEYS.get(order_column)
        if key is None:
            raise SwrError(errors.INVALID_ORDER_COLUMN, f"Invalid order column: {order_column}")
        found = []
        for ns in self.region(caller.region).namespaces.values():
            if ns.domain_id != caller.tenant.domain_id or (namespace is not None and ns.name != namespace):
                continue
            for repo in ns.repositories.values():
                if name is not None and name not in repo.name:
                    continue
                if category is not None and repo.category != category:
                    continue
                if is_public is not None and repo.is_public != is_public:
                    continue
                if self.auth_level(caller, ns, repo) >= AUTH_READ or repo.is_public:
                    found.append(repo)
        found.sort(key=lambda repo: (key(repo), repo.id), reverse=descending)
        return found
