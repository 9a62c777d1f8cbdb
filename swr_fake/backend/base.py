"""State, identity and the lookups every operation shares.

Operations live in mixins (one module per resource, one method per SDK operation); this
base holds what they all need: the lock, the clock, the ids, tenants, regions, and the
lookups that resolve a name to a resource *and* check the caller may act on it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .. import errors, hosts
from ..clock import Clock, IdSource, SystemClock, format_time, parse_time
from ..errors import SwrError
from ..model import (
    AUTH_MANAGE,
    AUTH_READ,
    Caller,
    Manifest,
    Namespace,
    RegionState,
    Repository,
    Share,
    Tenant,
    User,
)
from .indexes import RepoOrders, TagIndex

if TYPE_CHECKING:
    from .blobs import Blob, LinkKey, Upload
    from .identity import Token
    from .registry_access import RegistryToken

# What follows a push (caller, repository, tag) or a pull (caller, repository, manifest).
PushHook = Callable[[Caller, Repository, str], None]
PullHook = Callable[[Caller, Repository, Manifest], None]
TagSetHook = Callable[[Repository, Manifest], None]

DEFAULT_REGION = "cn-north-4"
# The attributes that are settings, not state: ``reset()`` keeps them.
_SETTINGS = ("lock", "clock", "seed")
# The default account's key pair: what ``FakeSwr.client()`` signs with.
DEFAULT_ACCESS_KEY = "SWRFAKEACCESSKEY0000"
DEFAULT_SECRET_KEY = "swr-fake-secret-key-0000000000000000000"

# The regions the official SDK knows (huaweicloudsdkswr's region table); `hosts.ALL_REGIONS` adds
# Open Telekom Cloud's.
KNOWN_REGIONS: tuple[str, ...] = hosts.HUAWEI_REGIONS


@dataclass(frozen=True, slots=True)
class AccessKey:
    access_key: str
    secret_key: str
    domain_id: str
    user_id: str


def registry_host(region: str) -> str:
    """The docker registry host of a region (``path`` fields are built on it)."""
    return hosts.registry_host(region)


class BackendBase:
    """Everything except the operations themselves."""

    def __init__(self, *, seed: int = 0, clock: Clock | None = None) -> None:
        # Settings: the only attributes ``reset()`` keeps.
        self.lock = threading.RLock()
        self.clock: Clock = clock or SystemClock()
        self.seed = seed
        self._init_state()

    # --- lifecycle --------------------------------------------------------------------
    def _init_state(self) -> None:
        """Every piece of state, as a fresh backend has it: the one place state is created."""
        self.ids = IdSource(self.seed)
        self.tenants: dict[str, Tenant] = {}
        self.regions: dict[str, RegionState] = {}
        self.access_keys: dict[str, AccessKey] = {}
        self.tokens: dict[str, Token] = {}
        # Off by default: every user of an account may do everything in it. When on, IAM
        # users need organization/repository grants (auth 1 read, 3 write, 7 manage).
        self.enforce_permissions = False
        # Derived data kept for speed (see ``indexes``): per repository, and per account listing.
        self.tag_indexes: dict[Repository, TagIndex] = {}
        self.repo_orders = RepoOrders()
        # The registry's content store: blobs once per digest, the repositories that link them,
        # upload sessions, the digests each manifest names, and the registry's bearer tokens.
        self.blobs: dict[str, Blob] = {}
        self.blob_links: dict[LinkKey, set[str]] = {}
        self.uploads: dict[str, Upload] = {}
        self._references: dict[str, tuple[str, ...]] = {}
        self.registry_tokens: dict[str, RegistryToken] = {}
        self.on_tag_set: tuple[TagSetHook, ...] = self._tag_set_hooks()
        self.post_push: tuple[PushHook, ...] = self._post_push_hooks()
        self.post_pull: tuple[PullHook, ...] = self._post_pull_hooks()
        self.default_tenant = self.add_tenant("swr-fake", admin_name="swr-admin")
        admin = self.default_tenant.admin
        self.access_keys[DEFAULT_ACCESS_KEY] = AccessKey(
            DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, self.default_tenant.domain_id, admin.user_id
        )

    def reset(self) -> None:
        """Forget everything: the backend becomes what a new one with the same seed and clock is.

        Like moto's backends, it is re-initialised rather than cleaned: every attribute except
        the settings (lock, clock, seed) is dropped, then ``_init_state`` builds the state anew,
        so nothing a feature adds can be forgotten (ids restart from the seed).
        """
        with self.lock:
            settings = {name: self.__dict__[name] for name in _SETTINGS}
            self.__dict__.clear()
            self.__dict__.update(settings)
            self._init_state()

    # --- what follows a push or a pull ------------------------------------------------------
    def _tag_set_hooks(self) -> tuple[TagSetHook, ...]:
        return ()

    def _post_push_hooks(self) -> tuple[PushHook, ...]:
        """What the service does after an image is pushed, in order (``SwrBackend`` says which)."""
        return ()

    def _post_pull_hooks(self) -> tuple[PullHook, ...]:
        """What the service does after an image is pulled, in order (``SwrBackend`` says which)."""
        return ()

    def _after_push(self, caller: Caller, repo: Repository, tag: str) -> None:
        for hook in self.post_push:
            hook(caller, repo, tag)

    def _after_pull(self, caller: Caller, repo: Repository, manifest: Manifest) -> None:
        for hook in self.post_pull:
            hook(caller, repo, manifest)

    def add_tenant(self, domain_name: str, *, admin_name: str | None = None) -> Tenant:
        """Create an account with an admin user and a project id in every region of both clouds."""
        with self.lock:
            for tenant in self.tenants.values():
                if tenant.domain_name == domain_name:
                    raise ValueError(f"an account named {domain_name!r} exists already")
            domain_id = self.ids.hex()
            admin = User(self.ids.hex(), admin_name or domain_name, domain_id, is_admin=True)
            tenant = Tenant(domain_id, domain_name, admin, users={admin.user_id: admin})
            tenant.projects = {region: self.ids.hex() for region in hosts.ALL_REGIONS}
            self.tenants[domain_id] = tenant
            return tenant

    def tenant_named(self, domain_name: str) -> Tenant | None:
        for tenant in self.tenants.values():
            if tenant.domain_name == domain_name:
                return tenant
        return None

    def caller(self, region: str = DEFAULT_REGION, tenant: Tenant | None = None, user: User | None = None) -> Caller:
        """An identity: ``user``, or the admin of ``tenant`` (default: the default account)."""
        owner = tenant or (self.tenants[user.domain_id] if user is not None else self.default_tenant)
        acting = user or owner.admin
        if owner.users.get(acting.user_id) is not acting:
            raise ValueError(f"user {acting.user_name!r} does not belong to account {owner.domain_name!r}")
        return Caller(owner, acting, region)

    # --- time and state -------------------------------------------------------------------
    def now(self) -> str:
        return format_time(self.clock.now())

    def region(self, name: str) -> RegionState:
        state = self.regions.get(name)
        if state is None:
            state = self.regions[name] = RegionState(name)
        return state

    # --- access ---------------------------------------------------------------------------
    def auth_level(self, caller: Caller, namespace: Namespace, repo: Repository | None = None) -> int:
        """The caller's right (0, 1, 3 or 7) on an organization, or on one of its repositories."""
        if caller.tenant.domain_id != namespace.domain_id:
            return 0
        user = caller.user
        if not self.enforce_permissions or user.is_admin or user.user_id == namespace.creator_id:
            return AUTH_MANAGE
        level = 0
        grant = namespace.grants.get(user.user_id)
        if grant is not None:
            level = grant.auth
        if repo is not None:
            repo_grant = repo.grants.get(user.user_id)
            if repo_grant is not None:
                level = max(level, repo_grant.auth)
        return level

    def share_is_valid(self, share: Share) -> bool:
        """Shares expire at 00:00 UTC on the day after their deadline's date."""
        if share.deadline == "forever":
            return True
        deadline = parse_time(share.deadline)
        if deadline is None:
            return False
        # now < midnight + 1 day, written so that a deadline on 9999-12-31 cannot overflow.
        midnight = deadline.replace(hour=0, minute=0, second=0, microsecond=0)
        return self.clock.now() - timedelta(days=1) < midnight

    def can_read(self, caller: Caller, repo: Repository) -> bool:
        if repo.is_public or self.auth_level(caller, repo.namespace, repo) >= AUTH_READ:
            return True
        share = repo.shares.get(caller.tenant.domain_name)
        return share is not None and self.share_is_valid(share)

    def _namespace(self, caller: Caller, name: str, need: int) -> Namespace:
        """Resolve an organization the caller's account owns and may act on at ``need``."""
        namespace = self.region(caller.region).namespaces.get(name)
        if namespace is None or namespace.domain_id != caller.tenant.domain_id:
            # Another account's organization is invisible, as on the real service.
            raise SwrError(errors.NAMESPACE_NOT_FOUND)
        if self.auth_level(caller, namespace) < need and not self._has_repo_grant(caller, namespace, need):
            raise SwrError(errors.FORBIDDEN)
        return namespace

    def _has_repo_grant(self, caller: Caller, namespace: Namespace, need: int) -> bool:
        # Reading an organization is allowed to users who hold a right on one of its repositories.
        if need != AUTH_READ:
            return False
        uid = caller.user.user_id
        return any(uid in repo.grants for repo in namespace.repositories.values())

    def _repository(
        self, caller: Caller, namespace: str, name: str, need: int, *, foreign_read: bool = False
    ) -> Repository:
        """Resolve a repository and check the caller's right on it.

        Another account's repository is invisible (404) unless the caller can read it (it is
        public or validly shared with the caller's account); then ``foreign_read`` operations
        (reading the image itself: details, tags) work and anything else is a cross-account
        error.
        """
        ns = self.region(caller.region).namespaces.get(namespace)
        repo = ns.repositories.get(name) if ns is not None else None
        if ns is None or repo is None:
            raise SwrError(errors.NAMESPACE_NOT_FOUND if ns is None else errors.REPOSITORY_NOT_FOUND)
        if ns.domain_id != caller.tenant.domain_id:
            if not self.can_read(caller, repo):
                raise SwrError(errors.REPOSITORY_NOT_FOUND)
            if foreign_read and need == AUTH_READ:
                return repo
            raise SwrError(errors.CROSS_ACCOUNT)
        if need == AUTH_READ and self.can_read(caller, repo):
            return repo
        if self.auth_level(caller, ns, repo) < need:
            raise SwrError(errors.FORBIDDEN)
        return repo

    def _touch(self, repo: Repository) -> None:
        """A repository's settings changed: its update time moves and the kept orders go."""
        repo.updated = self.now()
        self.repo_orders.changed()

    def _tag_index(self, repo: Repository) -> TagIndex:
        index = self.tag_indexes.get(repo)
        if index is None:
            index = self.tag_indexes[repo] = TagIndex()
        return index

    def tag_memo(self, repo: Repository) -> dict[Any, Any]:
        """Room for what the API layer derives from the repository's tags (its encoded list
        items and pages). Opaque here; it goes with the repository and on ``reset()``."""
        return self._tag_index(repo).memo
