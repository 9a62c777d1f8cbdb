"""Model objects → the JSON shapes the API returns (key spellings exactly as the SDK maps them)."""

from __future__ import annotations

import json.encoder
from collections.abc import Callable, Sequence
from typing import Any

from ..backend import registry_host
from ..model import (
    Grant,
    Manifest,
    Namespace,
    Repository,
    Retention,
    RetentionLog,
    Share,
    SyncJob,
    SyncRule,
    Tag,
    Trigger,
)
from .request import Encoded
from .times import fraction, seconds

# What ``request.encode_json`` does to a string (quotes included), for bodies written from a template.
encode_string: Callable[[str], str] = json.encoder.encode_basestring

# Encoded tag list items and pages kept per repository; past this many the repository starts over.
ITEM_CACHE_LIMIT = 2_000
MEGABYTE = 1024 * 1024


def megabytes(size: int) -> float:
    """Sizes in the overview and reports: MB of 1024 x 1024 bytes, rounded to two decimals."""
    return round(size / MEGABYTE, 2)


def repo_path(repo: Repository) -> str:
    ns = repo.namespace
    return f"{registry_host(ns.region)}/{ns.name}/{repo.name}"


def namespace_item(ns: Namespace, auth: int) -> dict[str, Any]:
    return {
        "id": ns.id,
        "name": ns.name,
        "creator_name": ns.creator_name,
        "auth": auth,
        "access_user_count": len(ns.grants),
        "repo_count": len(ns.repositories),
    }


def repository_detail(repo: Repository) -> dict[str, Any]:
    """``show_repository``, as a value: the reference ``repository_detail_bytes`` is held to."""
    path = repo_path(repo)
    return {
        "id": repo.id,
        "ns_id": repo.namespace.id,
        "name": repo.name,
        "category": repo.category,
        "description": repo.description,
        "creator_id": repo.creator_id,
        "creator_name": repo.creator_name,
        "size": repo.size,
        "is_public": repo.is_public,
        "num_images": repo.num_images,
        "num_download": repo.num_download,
        "url": "",
        "path": path,
        "internal_path": path,
        "created": fraction(repo.created),
        "updated": fraction(repo.updated),
        "domain_id": repo.domain_id,
        "priority": 0,
    }


# ``encode_json(repository_detail(repo))`` written as one template: show_repository is the most
# frequent call, and this is its largest cost in the fake (tests/test_list_caches.py holds the two
# to byte equality).
_REPOSITORY_DETAIL = (
    '{"id": %d, "ns_id": %d, "name": %s, "category": %s, "description": %s, "creator_id": %s, '
    '"creator_name": %s, "size": %d, "is_public": %s, "num_images": %d, "num_download": %d, "url": "", '
    '"path": %s, "internal_path": %s, "created": %s, "updated": %s, "domain_id": %s, "priority": 0}'
)


def repository_detail_bytes(repo: Repository) -> bytes:
    """Exactly ``encode_json(repository_detail(repo)).encode()``, built faster."""
    path = encode_string(repo_path(repo))
    values = (
        repo.id, repo.namespace.id, encode_string(repo.name), encode_string(repo.category),
        encode_string(repo.description), encode_string(repo.creator_id), encode_string(repo.creator_name),
        repo.size, "true" if repo.is_public else "false", repo.num_images, repo.num_download, path, path,
        encode_string(fraction(repo.created)), encode_string(fraction(repo.updated)), encode_string(repo.domain_id),
    )  # fmt: skip
    return (_REPOSITORY_DETAIL % values).encode()


def _repository_listing(repo: Repository, domain_name: str, status: bool) -> dict[str, Any]:
    """The fields the v2 and v3 repository lists share."""
    return {
        "name": repo.name,
        "category": repo.category,
        "description": repo.description,
        "size": repo.size,
        "is_public": repo.is_public,
        "num_images": repo.num_images,
        "num_download": repo.num_download,
        # The v2 list examples give `created_at` in whole seconds (v3 overrides it), `updated_at`
        # with its fraction.
        "created_at": seconds(repo.created),
        "updated_at": fraction(repo.updated),
        "domain_name": domain_name,
        "status": status,
    }


def repository_item_v2(repo: Repository, domain_name: str, status: bool, total: int) -> dict[str, Any]:
    """An item of the v2 repository lists (own and shared)."""
    path = repo_path(repo)
    return {
        **_repository_listing(repo, domain_name, status),
        "logo": "",
        "url": "",
        "path": path,
        "internal_path": path,
        "namespace": repo.namespace.name,
        "tags": list(repo.tags),
        "total_range": total,
    }


def repository_item_v3(repo: Repository, domain_name: str, status: bool) -> dict[str, Any]:
    """An item of the v3 repository lists (own and shared)."""
    return {
        "id": repo.id,
        **_repository_listing(repo, domain_name, status),
        "created_at": fraction(repo.created),  # the v3 example: `2020-10-30T11:35:02.939134Z`
        "namespace_name": repo.namespace.name,
    }


def tag_detail(repo: Repository, tag: Tag, *, with_manifest: bool = True) -> dict[str, Any]:
    """``show_repo_tag`` and the v3 tag list items (lower-case ``tag``)."""
    manifest: Manifest = repo.manifests[tag.digest]
    path = f"{repo_path(repo)}:{tag.name}"
    return {
        "id": tag.id,
        "repo_id": repo.id,
        "tag": tag.name,
        "image_id": manifest.image_id,
        "manifest": manifest.raw.decode("utf-8", "replace") if with_manifest else "",
        "digest": tag.digest,
        "schema": manifest.schema,
        "path": path,
        "internal_path": path,
        "size": manifest.size,
        "is_trusted": False,
        "created": seconds(tag.created),
        "updated": seconds(tag.updated),
        "domain_id": repo.domain_id,
        "tag_type": manifest.tag_type,
    }


def tag_item_v2(repo: Repository, tag: Tag) -> dict[str, Any]:
    """An item of the v2 tag list: capital ``Tag``, plus ``deleted`` and ``scanned`` (as a value:
    the reference ``tag_item_v2_bytes`` is held to)."""
    item = tag_detail(repo, tag)
    item["Tag"] = item.pop("tag")
    item["deleted"] = None
    item["scanned"] = False
    return item


# ``encode_json(tag_item_v2(repo, tag))`` written as one template: the same bytes in less than half
# the time, which is what the first listing of a repository costs (tests/test_list_caches.py holds
# the two to byte equality). The key order is tag_item_v2's: ``Tag`` moves to the end there.
_TAG_ITEM_V2 = (
    '{"id": %d, "repo_id": %d, "image_id": %s, "manifest": %s, "digest": %s, "schema": %d, "path": %s, '
    '"internal_path": %s, "size": %d, "is_trusted": false, "created": %s, "updated": %s, "domain_id": %s, '
    '"tag_type": %d, "Tag": %s, "deleted": null, "scanned": false}'
)


def tag_item_v2_bytes(repo: Repository, tag: Tag) -> bytes:
    """Exactly ``encode_json(tag_item_v2(repo, tag)).encode()``, built faster."""
    manifest = repo.manifests[tag.digest]
    path = encode_string(f"{repo_path(repo)}:{tag.name}")
    values = (
        tag.id, repo.id, encode_string(manifest.image_id), encode_string(manifest.raw.decode("utf-8", "replace")),
        encode_string(tag.digest), manifest.schema, path, path, manifest.size, encode_string(seconds(tag.created)),
        encode_string(seconds(tag.updated)), encode_string(repo.domain_id), manifest.tag_type, encode_string(tag.name),
    )  # fmt: skip
    return (_TAG_ITEM_V2 % values).encode()


class EncodedItems(Encoded):
    """A JSON array body held as its items' encodings; joined when first sent or read, and the
    joined copy is dropped (``release``) when the views stop serving the page.

    The call log keeps every reply body. If each page kept its joined copy for good, every
    listing after a change would keep 100 KB more alive, and writing that much fresh memory cost
    60-65 µs per page on the bench machine (7 µs when the memory of the page before is reused).
    Released, a logged page is a list of encodings shared with the views' memo, joined again
    only if a test reads it.
    """

    __slots__ = ("items", "_joined")

    def __init__(self, items: list[bytes]) -> None:
        if len(items) > 1:  # the brackets go onto the end items, so that one join builds the page
            items = [b"[" + items[0], *items[1:-1], items[-1] + b"]"]
        self.items = items if len(items) > 1 else [b"[" + b"".join(items) + b"]"]
        self._joined: bytes | None = None

    @property
    def raw(self) -> bytes:  # type: ignore[override]  # (a slot on Encoded, computed here)
        joined = self._joined
        if joined is None:
            joined = self._joined = b", ".join(self.items)
        return joined

    def release(self) -> None:
        self._joined = None


def tag_items_v2(repo: Repository, tags: Sequence[Tag], memo: dict[Any, Any]) -> Encoded:
    """The v2 tag list body for ``tags``: the bytes ``encode_json([tag_item_v2(...), ...])`` gives.

    Each item's encoding is kept in ``memo`` (the repository's, from ``SwrBackend.tag_memo``) and
    reused while its tag is the same object with the same digest and update time (nothing else in
    an item can change: the repository's id and path and the manifest behind a digest are fixed).
    """
    if len(memo) > ITEM_CACHE_LIMIT:
        forget_tag_encodings(memo)
    parts = []
    for tag in tags:
        entry = memo.get(tag.name)
        if entry is None or entry[0] is not tag or entry[1] != tag.digest or entry[2] != tag.updated:
            entry = memo[tag.name] = (tag, tag.digest, tag.updated, tag_item_v2_bytes(repo, tag))
        parts.append(entry[3])
    return EncodedItems(parts)


def forget_tag_encodings(memo: dict[Any, Any]) -> None:
    """Drop every encoding kept in a repository's memo (the pages' joined copies too)."""
    for entry in memo.values():
        if len(entry) == 4 and isinstance(entry[1], EncodedItems):
            entry[1].release()
    memo.clear()


def kept_tag_page(
    memo: dict[Any, Any], key: tuple[Any, ...], ordered: Sequence[Tag]
) -> tuple[Encoded, int, int] | None:
    """A tag list page encoded earlier from ``ordered``, as ``(body, count, total)``. The backend
    returns the very same ``ordered`` object until the tags change, and a page depends on nothing
    else, so the page is reused only while it is that object."""
    entry = memo.get(key)
    if entry is None or entry[0] is not ordered:
        return None
    return entry[1], entry[2], entry[3]


def keep_tag_page(
    memo: dict[Any, Any], key: tuple[Any, ...], ordered: Sequence[Tag], body: Encoded, count: int, total: int
) -> None:
    replaced = memo.get(key)
    if replaced is not None and isinstance(replaced[1], EncodedItems):
        replaced[1].release()  # no longer served: its joined copy goes (see EncodedItems)
    memo[key] = (ordered, body, count, total)


def share_item(repo: Repository, share: Share, valid: bool) -> dict[str, Any]:
    return {
        "namespace": repo.namespace.name,
        "repository": repo.name,
        "access_domain": share.access_domain,
        "permit": share.permit,
        "deadline": share.deadline,
        "description": share.description,
        "creator_id": share.creator_id,
        "creator_name": share.creator_name,
        "created": fraction(share.created),
        "updated": fraction(share.updated),
        "status": valid,
    }


def user_auth(grant: Grant) -> dict[str, Any]:
    return {"user_id": grant.user_id, "user_name": grant.user_name, "auth": grant.auth}


def retention_item(retention: Retention) -> dict[str, Any]:
    return {"id": retention.id, "algorithm": retention.algorithm, "rules": retention.rules, "scope": retention.scope}


def retention_log_item(log: RetentionLog) -> dict[str, Any]:
    return {
        "id": log.id,
        "retention_id": log.retention_id,
        "namespace": log.namespace,
        "repo": log.repo,
        "tag": log.tag,
        "rule_type": log.rule_type,
        "created_at": fraction(log.created_at),
    }


def trigger_item(trigger: Trigger) -> dict[str, Any]:
    """A ``Trigger``; each history row repeats the trigger's workload settings (they never change)."""
    workload = {
        "action": trigger.action,
        "app_type": trigger.app_type,
        "application": trigger.application,
        "cluster_id": trigger.cluster_id,
        "cluster_name": trigger.cluster_name,
        "cluster_ns": trigger.cluster_ns,
        "condition": trigger.condition,
        "container": trigger.container,
        "creator_name": trigger.creator_name,
    }
    history = [
        {**workload, "created_at": seconds(h.created_at), "detail": h.detail, "result": h.result, "tag": h.tag}
        for h in trigger.history
    ]
    return {
        **workload,
        "created_at": seconds(trigger.created_at),
        "enable": "true" if trigger.enabled else "false",
        "name": trigger.name,
        "trigger_history": history,
        "trigger_mode": trigger.trigger_mode,
        "trigger_type": trigger.trigger_type,
    }


def _sync_common(repo: Repository, entry: SyncRule | SyncJob, domain_name: str) -> dict[str, Any]:
    """The fields a sync rule and a sync job share (camelCase keys, as the SDK maps them)."""
    return {
        "createdAt": seconds(entry.created_at),
        "domainID": repo.domain_id,
        "domainName": domain_name,
        "id": entry.id,
        "namespace": repo.namespace.name,
        "override": entry.override,
        "remoteNamespace": entry.remote_namespace,
        "remoteRegionId": entry.remote_region,
        "repoName": repo.name,
        "updatedAt": seconds(entry.updated_at),
    }


def sync_rule_item(repo: Repository, rule: SyncRule, domain_name: str) -> dict[str, Any]:
    """A ``SyncRepo``."""
    return {**_sync_common(repo, rule, domain_name), "syncAuto": rule.sync_auto}


def sync_job_item(repo: Repository, job: SyncJob, domain_name: str) -> dict[str, Any]:
    """A ``SyncJob``."""
    return {
        **_sync_common(repo, job, domain_name),
        "status": job.status,
        "syncOperatorId": job.operator_id,
        "syncOperatorName": job.operator_name,
        "tag": job.tag,
    }


def accessory_item(repo: Repository, accessory: Tag, target: Tag) -> dict[str, Any]:
    """An ``AccessoryListAccessories``: the accessory's own tag, pointing at the target's digest."""
    return {
        "id": accessory.id,
        "domain_id": repo.domain_id,
        "namespace_name": repo.namespace.name,
        "repo_name": repo.name,
        "sig_tag": accessory.name,
        "sig_digest": accessory.digest,
        "target_digest": target.digest,
        "size": repo.manifests[accessory.digest].size,
        "type": "signature",
        "created_at": seconds(accessory.created),
        "updated_at": seconds(accessory.updated),
    }
