"""Organization and repository permissions (``UserAuth`` grants to IAM users)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import errors
from ..errors import ErrorSpec, SwrError
from ..model import AUTH_LEVELS, AUTH_MANAGE, AUTH_READ, Caller, Grant, Namespace, Repository
from ..validate import shown, too_long
from .base import BackendBase

GrantInput = tuple[str, str, int]  # (user_id, user_name, auth)


def _check_grants(grants: Sequence[GrantInput], invalid_auth: ErrorSpec) -> None:
    if not grants:
        raise SwrError(errors.INVALID_PARAMETER, "At least one user permission is required.")
    seen: set[str] = set()
    for user_id, user_name, auth in grants:
        if not user_id.strip() or not user_name.strip() or too_long(user_id, user_name):
            raise SwrError(errors.INVALID_USERNAME)
        # JSON Schema counts 7.0 as an integer; the service's integer field does not.
        if isinstance(auth, bool) or not isinstance(auth, int) or auth not in AUTH_LEVELS:
            raise SwrError(invalid_auth, detail=f"auth must be 1, 3 or 7, not {auth}")
        if user_id in seen:
            raise SwrError(errors.INVALID_PARAMETER, f"User {shown(user_id)} is listed twice.")
        seen.add(user_id)


def _check_not_above(held: int, grants: Sequence[GrantInput]) -> None:
    """Nobody grants a right above their own (checked after the right to grant at all)."""
    for _, _, auth in grants:
        if auth > held:
            raise SwrError(errors.FORBIDDEN, detail=f"cannot grant {auth}: you hold {held}")


def _add(store: dict[str, Grant], grants: Sequence[GrantInput], exists: ErrorSpec) -> None:
    if any(user_id in store for user_id, _, _ in grants):
        raise SwrError(exists)
    for user_id, user_name, auth in grants:
        store[user_id] = Grant(user_id, user_name, auth)


def _update(store: dict[str, Grant], grants: Sequence[GrantInput], missing: ErrorSpec) -> None:
    if any(user_id not in store for user_id, _, _ in grants):
        raise SwrError(missing)
    for user_id, user_name, auth in grants:
        store[user_id] = Grant(user_id, user_name, auth)


def _remove(store: dict[str, Grant], user_ids: Iterable[str], missing: ErrorSpec) -> None:
    ids = list(user_ids)
    if not ids:
        raise SwrError(errors.INVALID_PARAMETER, "At least one user id is required.")
    seen: set[str] = set()
    for user_id in ids:  # linear: a revoke may list thousands of ids
        if user_id in seen:  # as when granting
            raise SwrError(errors.INVALID_PARAMETER, f"User {shown(user_id)} is listed twice.")
        seen.add(user_id)
    if any(user_id not in store for user_id in ids):
        raise SwrError(missing)
    for user_id in ids:
        del store[user_id]


class PermissionOps(BackendBase):
    def _self_auth(self, caller: Caller, namespace: Namespace, repo: Repository | None = None) -> Grant:
        return Grant(caller.user.user_id, caller.user.user_name, self.auth_level(caller, namespace, repo))

    # --- organization permissions ----------------------------------------------------------
    def create_namespace_auth(self, caller: Caller, namespace: str, grants: Sequence[GrantInput]) -> None:
        _check_grants(grants, errors.INVALID_NAMESPACE_AUTH)
        ns = self._namespace(caller, namespace, AUTH_MANAGE)
        _check_not_above(self.auth_level(caller, ns), grants)
        _add(ns.grants, grants, errors.NAMESPACE_AUTH_EXISTS)

    def show_namespace_auth(self, caller: Caller, namespace: str) -> tuple[Namespace, Grant, list[Grant]]:
        ns = self._namespace(caller, namespace, AUTH_READ)
        return ns, self._self_auth(caller, ns), list(ns.grants.values())

    def update_namespace_auth(self, caller: Caller, namespace: str, grants: Sequence[GrantInput]) -> None:
        _check_grants(grants, errors.INVALID_NAMESPACE_AUTH)
        ns = self._namespace(caller, namespace, AUTH_MANAGE)
        _check_not_above(self.auth_level(caller, ns), grants)
        _update(ns.grants, grants, errors.NAMESPACE_AUTH_NOT_FOUND)

    def delete_namespace_auth(self, caller: Caller, namespace: str, user_ids: Sequence[str]) -> None:
        ns = self._namespace(caller, namespace, AUTH_MANAGE)
        _remove(ns.grants, user_ids, errors.NAMESPACE_AUTH_NOT_FOUND)

    # --- repository permissions ---------------------------------------------------------------
    def _repository_to_grant(
        self, caller: Caller, namespace: str, repository: str, grants: Sequence[GrantInput] = ()
    ) -> Repository:
        """The repository whose grants the caller may change: granting needs manage (7) on it
        (its own grant or the organization's), and nobody grants more than they hold."""
        repo = self._repository(caller, namespace, repository, AUTH_READ)
        held = self.auth_level(caller, repo.namespace, repo)
        if held < AUTH_MANAGE:
            raise SwrError(errors.FORBIDDEN, detail=f"granting needs manage (7) on the repository; you hold {held}")
        _check_not_above(held, grants)
        return repo

    def create_user_repository_auth(
        self, caller: Caller, namespace: str, repository: str, grants: Sequence[GrantInput]
    ) -> None:
        _check_grants(grants, errors.INVALID_AUTH)
        repo = self._repository_to_grant(caller, namespace, repository, grants)
        _add(repo.grants, grants, errors.REPOSITORY_AUTH_EXISTS)

    def show_user_repository_auth(
        self, caller: Caller, namespace: str, repository: str
    ) -> tuple[Repository, Grant, list[Grant]]:
        repo = self._repository(caller, namespace, repository, AUTH_READ)
        return repo, self._self_auth(caller, repo.namespace, repo), list(repo.grants.values())

    def update_user_repository_auth(
        self, caller: Caller, namespace: str, repository: str, grants: Sequence[GrantInput]
    ) -> None:
        _check_grants(grants, errors.INVALID_AUTH)
        repo = self._repository_to_grant(caller, namespace, repository, grants)
        _update(repo.grants, grants, errors.REPOSITORY_AUTH_NOT_FOUND)

    def delete_user_repository_auth(
        self, caller: Caller, namespace: str, repository: str, user_ids: Sequence[str]
    ) -> None:
        repo = self._repository_to_grant(caller, namespace, repository)
        _remove(repo.grants, user_ids, errors.REPOSITORY_AUTH_NOT_FOUND)
