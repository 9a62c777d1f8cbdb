"""The state the fake keeps: plain records, no behaviour beyond derived properties.

Every fact is stored once. A tag stores the digest it points at; sizes, image counts and
image ids are derived from the manifests those digests name. Timestamps are stored as fixed-width
UTC strings with microseconds, so they sort correctly; responses write each resource's documented
form of them (``api/times.py``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

AUTH_READ = 1
AUTH_WRITE = 3
AUTH_MANAGE = 7
AUTH_LEVELS = (AUTH_READ, AUTH_WRITE, AUTH_MANAGE)

MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
MANIFEST_LIST_V2 = "application/vnd.docker.distribution.manifest.list.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
_LIST_TYPES = (MANIFEST_LIST_V2, OCI_INDEX)


@dataclass(slots=True, eq=False)
class User:
    user_id: str
    user_name: str
    domain_id: str
    is_admin: bool = False


@dataclass(slots=True, eq=False)
class Tenant:
    """An account (domain): its IAM users and its project id in each region."""

    domain_id: str
    domain_name: str
    admin: User
    users: dict[str, User] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    quotas: dict[str, int] = field(default_factory=lambda: {"namespace": 5})
    has_agency: bool = False
    # Temporary docker login credentials the service issued, by (username, password).
    logins: dict[tuple[str, str], DockerLogin] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class DockerLogin:
    """A temporary ``docker login`` credential (``create_secret`` / ``create_authorization_token``),
    accepted by the registry of ``region`` until ``expires`` (a formatted timestamp)."""

    username: str
    password: str
    user_id: str
    region: str
    kind: str  # secret | bearertoken
    expires: str


@dataclass(slots=True, eq=False)
class Caller:
    """Who sends a request, and to which region."""

    tenant: Tenant
    user: User
    region: str


@dataclass(slots=True, eq=False)
class Grant:
    """A ``UserAuth``: an IAM user's right on an organization or a repository."""

    user_id: str
    user_name: str
    auth: int


MANIFEST_MAX_BYTES = 4 * 1024 * 1024  # distribution's maxManifestBodySize
INT64_MAX = 2**63 - 1


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


@dataclass(slots=True, eq=False)
class Manifest:
    """An image manifest, addressed by the sha256 of its exact bytes."""

    digest: str
    raw: bytes
    media_type: str
    size: int
    config_digest: str
    subject: str | None = None

    @property
    def image_id(self) -> str:
        return self.config_digest.removeprefix("sha256:")

    @property
    def schema(self) -> int:
        return 1 if "v1" in self.media_type and "docker" in self.media_type else 2

    @property
    def tag_type(self) -> int:
        return 1 if self.media_type in _LIST_TYPES else 0

    @classmethod
    def parse(cls, raw: bytes) -> Manifest:
        """Read a manifest's media type, size and config; raise ValueError if it is not one.

        Bounds (docker distribution's): at most 4 MiB of JSON, every size and their sum at most
        a signed 64-bit integer (an OCI descriptor's ``size`` is an int64); NaN and Infinity
        are not JSON."""
        if len(raw) > MANIFEST_MAX_BYTES:
            raise ValueError(f"a manifest is at most {MANIFEST_MAX_BYTES} bytes, not {len(raw)}")
        document = json.loads(raw, parse_constant=_not_json)
        if not isinstance(document, dict):
            raise ValueError("a manifest is a JSON object")
        media_type = document.get("mediaType") or MANIFEST_V2
        if not isinstance(media_type, str):
            raise ValueError("mediaType must be a string")
        config = document.get("config") or {}
        layers = document.get("layers") or document.get("manifests") or []
        if not isinstance(config, dict) or not isinstance(layers, list):
            raise ValueError("config must be an object and layers a list")
        size = 0
        for part in [config, *layers]:
            part_size = part.get("size", 0) if isinstance(part, dict) else None
            if not isinstance(part_size, int) or isinstance(part_size, bool) or not 0 <= part_size <= INT64_MAX:
                raise ValueError("every size must be an integer from 0 to 2**63 - 1")
            size += part_size
        if size > INT64_MAX:
            raise ValueError("the sizes add up to more than 2**63 - 1")
        digest = "sha256:" + hashlib.sha256(raw).hexdigest()
        config_digest = config.get("digest") if isinstance(config.get("digest"), str) else digest
        subject = document.get("subject")
        subject_digest = subject.get("digest") if isinstance(subject, dict) else None
        return cls(digest, raw, media_type, size, str(config_digest), subject_digest)


@dataclass(slots=True, eq=False)
class Tag:
    id: int
    name: str
    digest: str
    created: str
    updated: str
    # Push order (a backend-wide sequence): orders pushes that share a timestamp under a frozen clock.
    pushed: int = 0


@dataclass(slots=True, eq=False)
class Share:
    """A repository shared with another account (an "access domain")."""

    access_domain: str
    permit: str
    deadline: str
    description: str
    creator_id: str
    creator_name: str
    created: str
    updated: str


@dataclass(slots=True, eq=False)
class Retention:
    """A repository's retention policy; ``rules`` are stored in their canonical JSON form
    (``{"template", "params": {key: "<digits>"}, "tag_selectors": [{"kind", "pattern"}]}``)."""

    id: int
    algorithm: str
    rules: list[dict[str, Any]]
    scope: str = ""


@dataclass(slots=True, eq=False)
class RetentionLog:
    """One tag a retention policy deleted; ``rule_type`` is the deciding rule, JSON-encoded."""

    id: int
    retention_id: int
    namespace: str
    repo: str
    tag: str
    rule_type: str
    created_at: str


@dataclass(slots=True, eq=False)
class TriggerHistory:
    """One firing of a trigger. The workload fields are the trigger's own (they never change)."""

    tag: str
    result: str
    detail: str
    created_at: str


@dataclass(slots=True, eq=False)
class Trigger:
    """Updates a CCE/CCI workload when a matching tag is pushed. Only ``enabled`` can change."""

    name: str
    trigger_type: str  # all | tag | regular
    condition: str
    enabled: bool
    action: str
    app_type: str
    application: str
    cluster_ns: str
    cluster_id: str
    cluster_name: str
    container: str
    trigger_mode: str
    creator_name: str
    created_at: str
    history: list[TriggerHistory] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class SyncRule:
    id: int
    remote_region: str
    remote_namespace: str
    sync_auto: bool
    override: bool
    created_at: str
    updated_at: str


@dataclass(slots=True, eq=False)
class SyncJob:
    id: int
    remote_region: str
    remote_namespace: str
    tag: str
    override: bool
    status: str
    operator_id: str
    operator_name: str
    created_at: str
    updated_at: str


@dataclass(slots=True, eq=False)
class Repository:
    id: int
    name: str
    namespace: Namespace
    category: str
    description: str
    is_public: bool
    creator_id: str
    creator_name: str
    created: str
    updated: str
    num_download: int = 0
    # Registry activity: set only by docker push / pull (``TagOps.push_image`` / ``pull_image``).
    num_upload: int = 0
    pushed_at: str | None = None
    pulled_at: str | None = None
    tags: dict[str, Tag] = field(default_factory=dict)
    manifests: dict[str, Manifest] = field(default_factory=dict)
    # How many tags point at each manifest: lets a tag removal drop an unreferenced
    # manifest without scanning every tag.
    digest_refs: dict[str, int] = field(default_factory=dict)
    # Manifests pushed to the registry by digest: they stay without a tag until deleted by digest.
    by_digest: set[str] = field(default_factory=set)
    # The bytes of every manifest in ``manifests``, kept exact by the code that adds or drops one.
    size: int = 0
    shares: dict[str, Share] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)
    retentions: dict[int, Retention] = field(default_factory=dict)
    retention_logs: list[RetentionLog] = field(default_factory=list)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    sync_rules: dict[tuple[str, str], SyncRule] = field(default_factory=dict)
    sync_jobs: list[SyncJob] = field(default_factory=list)

    @property
    def num_images(self) -> int:
        return len(self.tags)

    @property
    def domain_id(self) -> str:
        return self.namespace.domain_id


@dataclass(slots=True, eq=False)
class Namespace:
    id: int
    name: str
    region: str
    domain_id: str
    creator_id: str
    creator_name: str
    created: str
    repositories: dict[str, Repository] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class RegionState:
    """One region: organization names are unique here across all accounts."""

    name: str
    namespaces: dict[str, Namespace] = field(default_factory=dict)
    # Bytes pulled from each account's repositories here, per UTC day: domain_id -> date -> bytes.
    downflow: dict[str, dict[str, int]] = field(default_factory=dict)
