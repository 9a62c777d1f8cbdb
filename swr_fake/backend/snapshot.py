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
    return {uid: {"user_name": g.user_name, "auth": g.auth} for uid, g in sorted(grants.items())}


def _trigger(trigger: Trigger) -> dict[str, Any]:
    return {
        "type": {"trigger_type": trigger.trigger_type, "condition": trigger.condition, "enabled": trigger.enabled},
        "workload": {
            "action": trigger.action,
            "app_type": trigger.app_type,
            "application": trigger.application,
            "cluster_ns": trigger.cluster_ns,
            "cluster_id": trigger.cluster_id,
            "cluster_name": trigger.cluster_name,
            "container": trigger.container,
            "trigger_mode": trigger.trigger_mode,
        },
        "creator": {"creator_name": trigger.creator_name, "created_at": trigger.created_at},
        "history": [
            {"tag": h.tag, "result": h.result, "detail": h.detail, "created_at": h.created_at} for h in trigger.history
        ],
    }


def _repository(repo: Repository) -> dict[str, Any]:
    return {
        "id": repo.id,
        "category": repo.category,
        "description": repo.description,
        "is_public": repo.is_public,
        "creator": {"creator_id": repo.creator_id, "creator_name": repo.creator_name},
        "created": repo.created,
        "updated": repo.updated,
        "num_download": repo.num_download,
        "registry": {"num_upload": repo.num_upload, "pushed_at": repo.pushed_at, "pulled_at": repo.pulled_at},
        "tags": {
            name: {"id": t.id, "digest": t.digest, "created": t.created, "updated": t.updated}
            for name, t in sorted(repo.tags.items())
        },
        "manifests": sorted(repo.manifests),
        "by_digest": sorted(repo.by_digest),
        "shares": {
            name: {
                "permit": s.permit,
                "deadline": s.deadline,
                "description": s.description,
                "created": s.created,
                "updated": s.updated,
            }
            for name, s in sorted(repo.shares.items())
        },
        "grants": _grants(repo.grants),
        "retentions": {
            str(rid): {"algorithm": r.algorithm, "rules": copy.deepcopy(r.rules), "scope": r.scope}
            for rid, r in sorted(repo.retentions.items())
        },
        "retention_logs": [
            {
                "id": log.id,
                "retention_id": log.retention_id,
                "namespace": log.namespace,
                "repo": log.repo,
                "tag": log.tag,
                "rule_type": log.rule_type,
                "created_at": log.created_at,
            }
            for log in repo.retention_logs
        ],
        "triggers": {name: _trigger(t) for name, t in sorted(repo.triggers.items())},
        "sync_rules": {
            f"{region}/{ns}": {
                "id": r.id,
                "sync_auto": r.sync_auto,
                "override": r.override,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }
            for (region, ns), r in sorted(repo.sync_rules.items())
        },
        "sync_jobs": [
            {
                "id": job.id,
                "remote_region": job.remote_region,
                "remote_namespace": job.remote_namespace,
                "tag": job.tag,
                "override": job.override,
                "status": job.status,
                "operator_id": job.operator_id,
                "operator_name": job.operator_name,
                "created_at": job.created_at,
                "updated_at": job.updated_at,
            }
            for job in repo.sync_jobs
        ],
    }


def _namespace(ns: Namespace) -> dict[str, Any]:
    return {
        "id": ns.id,
        "domain_id": ns.domain_id,
        "creator": {"creator_id": ns.creator_id, "creator_name": ns.creator_name},
        "created": ns.created,
        "grants": _grants(ns.grants),
        "repositories": {name: _repository(repo) for name, repo in sorted(ns.repositories.items())},
    }


def _tenant(tenant: Tenant) -> dict[str, Any]:
    return {
        "domain_name": tenant.domain_name,
        "users": {uid: {"user_name": u.user_name, "is_admin": u.is_admin} for uid, u in sorted(tenant.users.items())},
        "quotas": dict(sorted(tenant.quotas.items())),
        "has_agency": tenant.has_agency,
        "logins": [
            {
                "username": login.username,
                "password": login.password,
                "user_id": login.user_id,
                "region": login.region,
                "kind": login.kind,
                "expires": login.expires,
            }
            for login in sorted(tenant.logins.values(), key=lambda login: (login.username, login.password))
        ],
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
