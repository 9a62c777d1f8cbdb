"""A canonical, JSON-able picture of the whole state.

Used to prove that a rejected request changed nothing (compare snapshots before and
after) and to let tests look at everything at once. Caches are left out: they are derived.
So are access keys and tokens: they are credentials (IAM's), not the service's state; the
temporary docker logins SWR itself issued are included.
"""

from __future__ import annotations

import copy
from typing import Any

from ..model import Grant, Namespace, Repository, Tenant, Trigger
from .base import BackendBase


def _grants(grants: dict[str, Grant]) -> dict[str, Any]:
    return {uid: [g.user_name, g.auth] for uid, g in sorted(grants.items())}


def _trigger(trigger: Trigger) -> dict[str, Any]:
    return {
        "type": [trigger.trigger_type, trigger.condition, trigger.enabled],
        "workload": [
            trigger.action,
            trigger.app_type,
            trigger.application,
            trigger.cluster_ns,
            trigger.cluster_id,
            trigger.cluster_name,
            trigger.container,
            trigger.trigger_mode,
        ],
        "creator": [trigger.creator_name, trigger.created_at],
        "history": [[h.tag, h.result, h.detail, h.created_at] for h in trigger.history],
    }


def _repository(repo: Repository) -> dict[str, Any]:
    return {
        "id": repo.id,
        "category": repo.category,
        "description": repo.description,
        "is_public": repo.is_public,
        "creator": [repo.creator_id, repo.creator_name],
        "created": repo.created,
        "updated": repo.updated,
        "num_download": repo.num_download,
        "registry": [repo.num_upload, repo.pushed_at, repo.pulled_at],
        "tags": {name: [t.id, t.digest, t.created, t.updated] for name, t in sorted(repo.tags.items())},
        "manifests": sorted(repo.manifests),
        "by_digest": sorted(repo.by_digest),
        "shares": {
            name: [s.permit, s.deadline, s.description, s.created, s.updated] for name, s in sorted(repo.shares.items())
        },
        "grants": _grants(repo.grants),
        "retentions": {
            str(rid): [r.algorithm, copy.deepcopy(r.rules), r.scope] for rid, r in sorted(repo.retentions.items())
        },
        "retention_logs": [
            [log.id, log.retention_id, log.namespace, log.repo, log.tag, log.rule_type, log.created_at]
            for log in repo.retention_logs
        ],
        "triggers": {name: _trigger(t) for name, t in sorted(repo.triggers.items())},
        "sync_rules": {
            f"{region}/{ns}": [r.id, r.sync_auto, r.override, r.created_at, r.updated_at]
            for (region, ns), r in sorted(repo.sync_rules.items())
        },
        "sync_jobs": [
            [job.id, job.remote_region, job.remote_namespace, job.tag, job.override, job.status]
            + [job.operator_id, job.operator_name, job.created_at, job.updated_at]
            for job in repo.sync_jobs
        ],
    }


def _namespace(ns: Namespace) -> dict[str, Any]:
    return {
        "id": ns.id,
        "domain_id": ns.domain_id,
        "creator": [ns.creator_id, ns.creator_name],
        "created": ns.created,
        "grants": _grants(ns.grants),
        "repositories": {name: _repository(repo) for name, repo in sorted(ns.repositories.items())},
    }


def _tenant(tenant: Tenant) -> dict[str, Any]:
    return {
        "domain_name": tenant.domain_name,
        "users": {uid: [u.user_name, u.is_admin] for uid, u in sorted(tenant.users.items())},
        "quotas": dict(sorted(tenant.quotas.items())),
        "has_agency": tenant.has_agency,
        "logins": sorted(
            [login.username, login.password, login.user_id, login.region, login.kind, login.expires]
            for login in tenant.logins.values()
        ),
    }


def snapshot(backend: BackendBase) -> dict[str, Any]:
    with backend.lock:
        return {
            "tenants": {domain_id: _tenant(t) for domain_id, t in sorted(backend.tenants.items())},
            "regions": {
                name: {ns_name: _namespace(ns) for ns_name, ns in sorted(region.namespaces.items())}
                for name, region in sorted(backend.regions.items())
                if region.namespaces
            },
            # The registry's store: blobs by digest, their links, open upload sessions.
            "blobs": {digest: len(blob.data) for digest, blob in sorted(getattr(backend, "blobs", {}).items())},
            "blob_links": {
                "/".join(key): sorted(links)
                for key, links in sorted(getattr(backend, "blob_links", {}).items())
                if links
            },
            "uploads": {uuid: [*up.key, up.size] for uuid, up in sorted(getattr(backend, "uploads", {}).items())},
            "downflow": {
                name: {domain_id: dict(sorted(days.items())) for domain_id, days in sorted(region.downflow.items())}
                for name, region in sorted(backend.regions.items())
                if region.downflow
            },
        }
