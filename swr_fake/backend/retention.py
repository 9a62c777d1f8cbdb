"""Image retention policies: at most one per repository, applied after every push.

The rules themselves (validation, which tags go) are in ``retention_rules``; this module keeps
the policies, runs them, and writes one history row per deleted tag.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, Caller, Repository, Retention, RetentionLog
from .retention_rules import check_policy, plan_deletions, rule_json
from .tags import TagOps


class RetentionOps(TagOps):
    @staticmethod
    def _retention(repo: Repository, retention_id: int) -> Retention:
        retention = repo.retentions.get(retention_id)
        if retention is None:
            # Observed on the real service for a missing policy: 400, not 404.
            raise SwrError(errors.RETENTION_NOT_FOUND)
        return retention

    def create_retention(
        self, caller: Caller, namespace: str, repository: str, algorithm: str, rules: list[dict[str, Any]]
    ) -> Retention:
        canonical = check_policy(algorithm, rules)
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        if repo.retentions:
            # "Only one retention rule can be added to an image": the old one must be deleted first.
            raise SwrError(errors.RETENTION_EXISTS)
        retention = Retention(self.ids.next_int("retention"), algorithm, canonical)
        repo.retentions[retention.id] = retention
        return retention

    def list_retentions(self, caller: Caller, namespace: str, repository: str) -> list[Retention]:
        return list(self._repository(caller, namespace, repository, AUTH_READ).retentions.values())

    def show_retention(self, caller: Caller, namespace: str, repository: str, retention_id: int) -> Retention:
        return self._retention(self._repository(caller, namespace, repository, AUTH_READ), retention_id)

    def update_retention(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        retention_id: int,
        algorithm: str,
        rules: list[dict[str, Any]],
    ) -> Retention:
        canonical = check_policy(algorithm, rules)
        retention = self._retention(self._repository(caller, namespace, repository, AUTH_MANAGE), retention_id)
        # A rule's template cannot change (documented); compared rule by rule, in order.
        if [rule["template"] for rule in canonical] != [rule["template"] for rule in retention.rules]:
            raise SwrError(errors.INVALID_PARAMETER, "Invalid API parameters: a rule's template cannot be changed.")
        retention.algorithm = algorithm
        retention.rules = canonical
        return retention

    def delete_retention(self, caller: Caller, namespace: str, repository: str, retention_id: int) -> None:
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        self._retention(repo, retention_id)
        del repo.retentions[retention_id]  # its history stays: it records deletions that happened

    def list_retention_histories(self, caller: Caller, namespace: str, repository: str) -> list[RetentionLog]:
        """Every tag the repository's policies deleted, in the order they were deleted."""
        return list(self._repository(caller, namespace, repository, AUTH_READ).retention_logs)

    def run_retention(self, caller: Caller, namespace: str, repository: str) -> list[str]:
        """Apply the repository's policy now (the service also does after every push); returns
        the deleted tags. A repository without a policy loses nothing."""
        return self._apply_retention(self._repository(caller, namespace, repository, AUTH_MANAGE))

    def _apply_retention(self, repo: Repository) -> list[str]:
        deleted: list[str] = []
        now = self.clock.now()
        for retention in list(repo.retentions.values()):
            for tag, rule in plan_deletions(retention.rules, list(repo.tags.values()), now):
                self._remove_tag(repo, tag.name)
                repo.retention_logs.append(
                    RetentionLog(
                        id=self.ids.next_int("retention_log"),
                        retention_id=retention.id,
                        namespace=repo.namespace.name,
                        repo=repo.name,
                        tag=tag.name,
                        rule_type=rule_json(rule),
                        created_at=self.now(),
                    )
                )
                deleted.append(tag.name)
        return deleted

    def _retain_after_push(self, caller: Caller, repo: Repository, tag: str) -> None:
        """Post-push hook: the repository's policy trims its tags (the pushed one included)."""
        self._apply_retention(repo)
