"""Shares ("access domains"): a private repository made readable to another account."""

from __future__ import annotations

from .. import errors, hosts
from ..clock import parse_time
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, Caller, Repository, Share
from ..validate import SHARE_DESCRIPTION_MAX, check_description, too_long
from .base import BackendBase

MAX_SHARES_PER_REPOSITORY = 500


def check_share_terms(permit: str, deadline: str) -> None:
    if permit != "read":
        raise SwrError(errors.INVALID_PARAMETER, "Invalid permit: only read is supported.")
    if deadline != "forever" and parse_time(deadline) is None:
        raise SwrError(errors.INVALID_PARAMETER, f"Invalid deadline: {deadline}")


class ShareOps(BackendBase):
    def _share(self, repo: Repository, access_domain: str) -> Share:
        share = repo.shares.get(access_domain)
        if share is None:
            # The real service answers a missing share with 400 and also a top-level errorCode.
            raise SwrError(errors.SHARE_NOT_FOUND, extra={"errorCode": errors.SHARE_NOT_FOUND.code})
        return share

    def create_repo_domains(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        access_domain: str,
        permit: str,
        deadline: str,
        description: str | None = None,
    ) -> Share:
        check_share_terms(permit, deadline)
        check_description(description, SHARE_DESCRIPTION_MAX)
        if not access_domain.strip() or too_long(access_domain) or access_domain == caller.tenant.domain_name:
            raise SwrError(errors.INVALID_DOMAIN)
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        if access_domain in repo.shares:
            raise SwrError(errors.SHARE_EXISTS)
        if len(repo.shares) >= MAX_SHARES_PER_REPOSITORY:
            raise SwrError(errors.SHARE_LIMIT_EXCEEDED)
        now = self.now()
        share = Share(
            access_domain=access_domain,
            permit=permit,
            deadline=deadline,
            description=description or "",
            creator_id=caller.user.user_id,
            creator_name=caller.user.user_name,
            created=now,
            updated=now,
        )
        repo.shares[access_domain] = share
        return share

    def list_repo_domains(self, caller: Caller, namespace: str, repository: str) -> tuple[Repository, list[Share]]:
        repo = self._repository(caller, namespace, repository, AUTH_READ)
        return repo, list(repo.shares.values())

    def show_access_domain(
        self, caller: Caller, namespace: str, repository: str, access_domain: str
    ) -> tuple[Repository, Share | None]:
        """The share with ``access_domain``. One that does not exist is 400 ``4001090`` on Huawei
        Cloud (seen by its Terraform provider) and ``None`` on Open Telekom Cloud, whose reference
        documents only a 200 with ``exist`` (otc.md row 26)."""
        repo = self._repository(caller, namespace, repository, AUTH_READ)
        if hosts.cloud_of(caller.region) == "otc":
            return repo, repo.shares.get(access_domain)
        return repo, self._share(repo, access_domain)

    def update_repo_domains(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        access_domain: str,
        permit: str,
        deadline: str,
        description: str | None = None,
    ) -> Share:
        check_share_terms(permit, deadline)
        check_description(description, SHARE_DESCRIPTION_MAX)
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        share = self._share(repo, access_domain)
        share.permit = permit
        share.deadline = deadline
        share.description = description or ""
        share.updated = self.now()
        return share

    def delete_repo_domains(self, caller: Caller, namespace: str, repository: str, access_domain: str) -> None:
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        self._share(repo, access_domain)
        del repo.shares[access_domain]

    def list_shared_repos(
        self,
        caller: Caller,
        center: str,
        *,
        namespace: str | None = None,
        name: str | None = None,
        status: bool | None = None,
    ) -> list[tuple[Repository, bool]]:
        """``center="self"``: the caller's repositories it shares; ``"thirdparty"``: other
        accounts' repositories shared with it. Each comes with whether the share is valid."""
        if center not in ("self", "thirdparty"):
            raise SwrError(errors.INVALID_PARAMETER, f"Invalid center: {center}")
        mine = caller.tenant.domain_id
        found = []
        for ns in self.region(caller.region).namespaces.values():
            if namespace is not None and ns.name != namespace:
                continue
            if (ns.domain_id == mine) != (center == "self"):
                continue
            for repo in ns.repositories.values():
                if name is not None and name not in repo.name:
                    continue
                if center == "self":
                    if not repo.shares or self.auth_level(caller, ns, repo) < AUTH_READ:
                        continue
                    valid = any(self.share_is_valid(share) for share in repo.shares.values())
                else:
                    share = repo.shares.get(caller.tenant.domain_name)
                    if share is None:
                        continue
                    valid = self.share_is_valid(share)
                if status is None or status == valid:
                    found.append((repo, valid))
        found.sort(key=lambda item: (item[0].updated, item[0].id), reverse=True)
        return found
