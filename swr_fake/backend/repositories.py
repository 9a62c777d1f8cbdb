"""Repositories: create, show, update, delete, and the v2/v3 listings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .. import errors, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, AUTH_WRITE, Caller, Repository
from ..validate import REPOSITORY_DESCRIPTION_MAX, check_description
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
    # --- sorted repository lists, kept until a repository changes ---------------------------------
    def _ordered_repos(
        self, caller: Caller, namespace: str | None, order_column: str, descending: bool
    ) -> tuple[Repository, ...]:
        """Every repository of the caller's account in the region (or in one of its organizations),
        in the given order with ties broken by id (a tuple: it is shared until the next change)."""
        domain_id = caller.tenant.domain_id
        cache_key = (caller.region, domain_id, namespace, order_column, descending)
        ordered = self.repo_orders.get(cache_key)
        if ordered is None:
            namespaces = self.region(caller.region).namespaces
            chosen = (
                namespaces.values() if namespace is None else [namespaces[namespace]] if namespace in namespaces else []
            )
            found = [repo for ns in chosen if ns.domain_id == domain_id for repo in ns.repositories.values()]
            key = REPO_ORDER_KEYS[order_column]
            found.sort(key=lambda repo: (key(repo), repo.id), reverse=descending)
            ordered = self.repo_orders.keep(cache_key, tuple(found))
        return ordered

    # --- operations ------------------------------------------------------------------------------
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
        check_description(description, REPOSITORY_DESCRIPTION_MAX)
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
        self.repo_orders.changed()
        return repo

    def show_repository(self, caller: Caller, namespace: str, repository: str) -> Repository:
        return self._repository(caller, namespace, repository, AUTH_READ, foreign_read=True)

    def update_repo(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        is_public: bool | None = None,
        category: str | None = None,
        description: str | None = None,
    ) -> Repository:
        """Change the given attributes; an omitted one (``None``) keeps its value, ``is_public``
        included (OTC's 2022 reference marks it optional, and otcextensions' functional test,
        run against the real service, omits it)."""
        check_category(category)
        check_description(description, REPOSITORY_DESCRIPTION_MAX)
        # "Write: users can pull and push images and edit image attributes" (SWR user guide).
        repo = self._repository(caller, namespace, repository, AUTH_WRITE)
        if is_public is not None:
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
        self.tag_indexes.pop(repo, None)
        self.repo_orders.changed()

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
    ) -> Sequence[Repository]:
        """Repositories the caller can read in its own account, filtered and ordered.

        ``namespace`` matches exactly, ``name`` is a substring match (the API calls it fuzzy).
        Ties are broken by id so that pages never overlap. Without filters this is the kept,
        shared order (a tuple), so that a page costs the same however many repositories exist.
        """
        if order_column not in REPO_ORDER_KEYS:
            raise SwrError(errors.INVALID_ORDER_COLUMN, f"Invalid order column: {order_column}")
        ordered = self._ordered_repos(caller, namespace, order_column, descending)
        # Everything in the account is readable unless permissions are enforced on a non-admin.
        reads_all = not self.enforce_permissions or caller.user.is_admin
        if reads_all and name is None and category is None and is_public is None:
            return ordered
        found = []
        for repo in ordered:
            if name is not None and name not in repo.name:
                continue
            if category is not None and repo.category != category:
                continue
            if is_public is not None and repo.is_public != is_public:
                continue
            if reads_all or repo.is_public or self.auth_level(caller, repo.namespace, repo) >= AUTH_READ:
                found.append(repo)
        return found
