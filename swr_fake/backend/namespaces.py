"""Organizations (namespaces): create, list, show, delete."""

from __future__ import annotations

from collections.abc import Iterable

from .. import errors, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, Caller, Namespace
from .base import BackendBase


class NamespaceOps(BackendBase):
    def create_namespace(self, caller: Caller, namespace: str) -> Namespace:
        if not rules.is_valid_namespace(namespace) or rules.is_reserved_namespace(namespace):
            reason = rules.namespace_violation(namespace) or "the name is reserved"
            raise SwrError(errors.INVALID_NAMESPACE, detail=reason)
        region = self.region(caller.region)
        # Organization names are unique in a region across all accounts.
        if namespace in region.namespaces:
            raise SwrError(errors.NAMESPACE_EXISTS)
        owned = sum(1 for ns in region.namespaces.values() if ns.domain_id == caller.tenant.domain_id)
        if owned >= caller.tenant.quotas["namespace"]:
            raise SwrError(errors.NAMESPACE_QUOTA_EXCEEDED)
        created = Namespace(
            id=self.ids.next_int("namespace"),
            name=namespace,
            region=caller.region,
            domain_id=caller.tenant.domain_id,
            creator_id=caller.user.user_id,
            creator_name=caller.user.user_name,
            created=self.now(),
        )
        region.namespaces[namespace] = created
        return created

    def list_namespaces(
        self, caller: Caller, name: str | None = None, mode: str | None = None
    ) -> list[tuple[Namespace, int]]:
        """The caller's organizations with its right on each.

        ``mode="visible"`` also lists organizations where the caller only holds a right on
        some repository (it then shows the best such right).
        """
        found = []
        namespaces = self.region(caller.region).namespaces
        candidates: Iterable[Namespace] = namespaces.values()
        if name is not None:  # one name: a lookup, not a scan of every organization of the region
            candidates = [namespaces[name]] if name in namespaces else []
        for ns in candidates:
            if ns.domain_id != caller.tenant.domain_id:
                continue
            level = self.auth_level(caller, ns)
            if level == 0 and mode == "visible":
                level = self._best_repository_level(caller, ns)
            if level > 0:
                found.append((ns, level))
        return found

    def show_namespace(self, caller: Caller, namespace: str) -> tuple[Namespace, int]:
        # Visible to users who hold a right on one of its repositories: they see that right.
        ns = self._namespace(caller, namespace, AUTH_READ)
        return ns, self.auth_level(caller, ns) or self._best_repository_level(caller, ns)

    def _best_repository_level(self, caller: Caller, ns: Namespace) -> int:
        return max((self.auth_level(caller, ns, repo) for repo in ns.repositories.values()), default=0)

    def delete_namespaces(self, caller: Caller, namespace: str) -> None:
        ns = self._namespace(caller, namespace, AUTH_MANAGE)
        if ns.repositories:
            raise SwrError(errors.NAMESPACE_NOT_EMPTY)
        del self.region(caller.region).namespaces[namespace]
