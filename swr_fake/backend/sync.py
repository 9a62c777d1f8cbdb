"""Image synchronization across regions: rules and manual synchronizations.

State is per region. A copy puts the same manifest (same bytes, same digest) under the same
repository name in an organization of the same account in the remote region, creating the
repository there if needed, through ``_set_tag``. In the remote region the copy counts as a
push: its triggers fire, its retention policy runs and its own automatic rules forward it
(a cycle stops where the digest is already in place). Every copy attempt is a ``SyncJob`` of
the source repository, with its outcome as status.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import errors, hosts, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, Caller, Namespace, Repository, SyncJob, SyncRule
from .tags import TagOps

SYNC_SUCCESS = "success"
SYNC_FAILED = "failed"
SYNC_EXISTED = "existed"


class SyncOps(TagOps):
    def list_sync_regions(self, caller: Caller) -> list[str]:
        """The regions images can be synchronized to: every other region of the caller's cloud
        (the SDK's region table on Huawei Cloud; OTC's regions on Open Telekom Cloud)."""
        cloud = hosts.cloud_of(caller.region)
        return sorted(r for r in hosts.ALL_REGIONS if r != caller.region and hosts.cloud_of(r) == cloud)

    def _check_target(self, caller: Caller, remote_region: str, remote_namespace: str) -> None:
        if remote_region not in self.list_sync_regions(caller):
            raise SwrError(
                errors.INVALID_REGION,
                f"Invalid API parameters: remoteRegionId {remote_region!r} is not a region to synchronize to",
                detail="remoteRegionId",
            )
        if not rules.is_valid_namespace(remote_namespace):
            raise SwrError(errors.INVALID_NAMESPACE, detail=rules.namespace_violation(remote_namespace) or "")

    # --- rules ---------------------------------------------------------------------------------
    def create_image_sync_repo(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        remote_region: str,
        remote_namespace: str,
        sync_auto: bool = False,
        override: bool = False,
    ) -> SyncRule:
        """A rule for (remote region, remote organization). The remote organization need not
        exist yet: it is looked up at each copy."""
        self._check_target(caller, remote_region, remote_namespace)
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        key = (remote_region, remote_namespace)
        if key in repo.sync_rules:
            raise SwrError(errors.SYNC_RULE_EXISTS)
        now = self.now()
        rule = SyncRule(self.ids.next_int("sync_rule"), remote_region, remote_namespace, sync_auto, override, now, now)
        repo.sync_rules[key] = rule
        return rule

    def list_image_auto_sync_repos_details(
        self, caller: Caller, namespace: str, repository: str
    ) -> tuple[Repository, list[SyncRule]]:
        """Every rule of the repository (automatic or not), oldest first."""
        repo = self._repository(caller, namespace, repository, AUTH_READ)
        return repo, sorted(repo.sync_rules.values(), key=lambda rule: rule.id)

    def delete_image_sync_repo(
        self, caller: Caller, namespace: str, repository: str, remote_region: str, remote_namespace: str
    ) -> None:
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        key = (remote_region, remote_namespace)
        if key not in repo.sync_rules:
            # Observed on the real service: 400 with this code, not 404.
            raise SwrError(errors.SYNC_RULE_NOT_FOUND)
        del repo.sync_rules[key]

    # --- jobs ------------------------------------------------------------------------------------
    def create_manual_image_sync_repo(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        remote_region: str,
        remote_namespace: str,
        tags: Sequence[str],
        override: bool = False,
    ) -> list[SyncJob]:
        """Copy the tags now, one job each (a tag named twice is copied once). Tags are not
        checked up front: a missing one is a failed job, like a missing remote organization."""
        self._check_target(caller, remote_region, remote_namespace)
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        return [
            self._sync_tag(caller, repo, tag, remote_region, remote_namespace, override) for tag in dict.fromkeys(tags)
        ]

    def show_sync_job(self, caller: Caller, namespace: str, repository: str) -> tuple[Repository, list[SyncJob]]:
        """The repository's synchronization jobs, oldest first."""
        repo = self._repository(caller, namespace, repository, AUTH_READ)
        return repo, list(repo.sync_jobs)

    def _sync_tag(
        self, caller: Caller, repo: Repository, tag: str, remote_region: str, remote_namespace: str, override: bool
    ) -> SyncJob:
        created = self.now()
        user = caller.user
        job = SyncJob(
            self.ids.next_int("sync_job"), remote_region, remote_namespace, tag, override, "running",
            user.user_id, user.user_name, created, created,
        )  # fmt: skip
        repo.sync_jobs.append(job)
        job.status = self._copy_tag(caller, repo, tag, remote_region, remote_namespace, override)
        job.updated_at = self.now()
        return job

    def _copy_tag(
        self, caller: Caller, repo: Repository, tag: str, remote_region: str, remote_namespace: str, override: bool
    ) -> str:
        source = repo.tags.get(tag)
        region = self.regions.get(remote_region)
        target_ns = region.namespaces.get(remote_namespace) if region is not None else None
        if source is None or target_ns is None or target_ns.domain_id != repo.domain_id:
            return SYNC_FAILED
        target = target_ns.repositories.get(repo.name)
        if target is None:
            target = self._synced_repository(caller, target_ns, repo)
        else:
            existing = target.tags.get(tag)
            if existing is not None and existing.digest == source.digest:
                return SYNC_SUCCESS  # already in place: nothing to copy
            if existing is not None and not override:
                return SYNC_EXISTED
        self._set_tag(target, tag, repo.manifests[source.digest])
        self._after_push(Caller(caller.tenant, caller.user, remote_region), target, tag)
        return SYNC_SUCCESS

    def _synced_repository(self, caller: Caller, target_ns: Namespace, source: Repository) -> Repository:
        """The remote repository a first copy creates: the source's name and attributes."""
        now = self.now()
        repo = Repository(
            id=self.ids.next_int("repository"),
            name=source.name,
            namespace=target_ns,
            category=source.category,
            description=source.description,
            is_public=source.is_public,
            creator_id=caller.user.user_id,
            creator_name=caller.user.user_name,
            created=now,
            updated=now,
        )
        target_ns.repositories[source.name] = repo
        return repo

    def _sync_pushed_tag(self, caller: Caller, repo: Repository, tag: str) -> None:
        """Post-push hook: every automatic rule of the repository copies the pushed tag."""
        for rule in list(repo.sync_rules.values()):
            if rule.sync_auto:
                self._sync_tag(caller, repo, tag, rule.remote_region, rule.remote_namespace, rule.override)
