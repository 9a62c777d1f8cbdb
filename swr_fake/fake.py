"""``FakeSwr``: the object tests hold — seeding, settings, the clock, the call log and faults.

The request path lives elsewhere: transports (`swr_fake.interception`, the server) hand every
request to the front door (`swr_fake.frontdoor`), which picks the surface that answers it.
SDK clients come from `swr_fake.sdk`.
"""

from __future__ import annotations

import functools
import inspect
import threading
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from . import sdk
from .api.dispatch import Dispatcher
from .auth import Gateway
from .backend import DEFAULT_REGION, SwrBackend
from .backend.base import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY
from .backend.identity import TOKEN_TTL
from .backend.tags import ManifestInput
from .calls import CallLog
from .clock import AdjustableClock, ClockSetting, as_clock
from .errors import about
from .frontdoor import FrontDoor, Surface
from .hosts import management_host, registry_host
from .iam import IamSurface
from .interception import Interceptor
from .model import AUTH_LEVELS, Caller, Grant, Namespace, Repository, Tenant, User
from .registry import create_surface
from .validate import arguments, check_choice
from .wire import WireRequest, WireResponse

if TYPE_CHECKING:
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkswr.v2 import SwrAsyncClient, SwrClient

    from .faults import Faults
    from .seeding import Snapshot
    from .views_readonly import RepositoryView, TagView

F = TypeVar("F", bound=Callable[..., Any])

# The fakes started and not yet stopped, oldest first: the last one answers (a stack).
_ACTIVE: list[FakeSwr] = []
_ACTIVE_LOCK = threading.Lock()


class SwrFakeWarning(UserWarning):
    """A likely mistake in how a fake is used that still has a defined meaning."""


def endpoint_for(region: str) -> str:
    """The management API endpoint of a region, as the SDK's region table has it."""
    return "https://" + management_host(region)


class FakeSwr:
    """An in-memory SWR service that answers ``requests`` sent to any SWR region host.

    Use it as a context manager (``with mock_swr() as swr:``), as a decorator, or through
    the ``swr`` pytest fixture. ``reset()`` forgets all state.
    """

    def __init__(
        self,
        *,
        region: str = DEFAULT_REGION,
        seed: int = 0,
        clock: ClockSetting = None,
        validate_responses: bool = False,
    ) -> None:
        from .settings import check_region

        self.region = check_region(region)  # a typo fails here, with a did-you-mean
        self.backend = SwrBackend(seed=seed, clock=as_clock(clock))
        self.gateway = Gateway(self.backend)
        self.dispatcher = Dispatcher(
            self.backend, identify=self.gateway.identify, validate_responses=validate_responses
        )
        self.calls = CallLog()
        # Built on first use: most tests never inject a fault.
        self._faults: Faults | None = None
        self.registry = create_surface(self.backend, self.gateway)
        surfaces: dict[str, Surface] = {
            "swr": self.dispatcher,
            "iam": IamSurface(self.gateway),
            "registry": self.registry,
        }
        self.front_door = FrontDoor(self.backend, self.gateway, self.calls, surfaces, lambda: self._faults)
        self.transport = Interceptor(self.front_door.handle)

    # --- identity ---------------------------------------------------------------------------
    access_key = DEFAULT_ACCESS_KEY
    secret_key = DEFAULT_SECRET_KEY

    @property
    def endpoint(self) -> str:
        return endpoint_for(self.region)

    @property
    def domain_id(self) -> str:
        return self.backend.default_tenant.domain_id

    @property
    def domain_name(self) -> str:
        return self.backend.default_tenant.domain_name

    @property
    def tenant(self) -> Tenant:
        """The default account: what ``client()`` and the seeding helpers act as."""
        return self.backend.default_tenant

    def project_id(self, region: str | None = None, tenant: Tenant | None = None) -> str:
        """The project id of an account (default: the default one) in a region."""
        return (tenant or self.backend.default_tenant).projects.get(region or self.region, "0" * 32)

    def _caller(self, region: str | None, user: User | None = None) -> Caller:
        return self.backend.caller(region or self.region, user=user)

    # --- accounts, users, credentials -----------------------------------------------------------
    def add_tenant(self, domain_name: str, *, admin_name: str | None = None) -> Tenant:
        """Another account (domain), with an admin user and a project id in every region."""
        arguments(domain_name=(domain_name, str), admin_name=(admin_name, str, None))
        return self.backend.add_tenant(domain_name, admin_name=admin_name)

    def add_user(self, name: str, tenant: Tenant | None = None, *, admin: bool = False) -> User:
        """An IAM user of ``tenant`` (default: the default account). Without ``admin`` the
        user's rights come from organization and repository grants once
        `enforce_permissions` is on."""
        arguments(name=(name, str), tenant=(tenant, Tenant, None), admin=(admin, bool))
        return self.backend.add_user(name, tenant, admin=admin)

    def add_access_key(
        self, user: User | None = None, *, access_key: str | None = None, secret_key: str | None = None
    ) -> tuple[str, str]:
        """A new ``(ak, sk)`` pair for ``user`` (default: the default account's admin)."""
        arguments(user=(user, User, None), access_key=(access_key, str, None), secret_key=(secret_key, str, None))
        pair = self.backend.add_access_key(user, access_key, secret_key)
        return pair.access_key, pair.secret_key

    def issue_token(self, user: User | None = None, *, ttl: timedelta = TOKEN_TTL) -> str:
        """An ``X-Auth-Token`` value for ``user``, valid for ``ttl`` on the fake's clock."""
        arguments(user=(user, User, None), ttl=(ttl, timedelta))
        return self.backend.issue_token(user, ttl)

    def grant(
        self,
        user: User,
        namespace: str,
        auth: int,
        *,
        repository: str | None = None,
        region: str | None = None,
    ) -> None:
        """Give ``user`` a right (1 read, 3 write, 7 manage) on an organization, or on one
        repository of it, as the account's admin would (creates or replaces the grant)."""
        arguments(
            user=(user, User),
            namespace=(namespace, str),
            repository=(repository, str, None),
            region=(region, str, None),
        )
        check_choice("auth", auth, AUTH_LEVELS)
        with self.backend.lock:
            admin = self.backend.caller(region or self.region, self.backend.tenant_of(user))
            if repository is None:
                store = self.backend._namespace(admin, namespace, 0).grants
            else:
                store = self.backend._repository(admin, namespace, repository, 0).grants
            store[user.user_id] = Grant(user.user_id, user.user_name, auth)

    # --- what the gateway and the service check ---------------------------------------------
    @property
    def verify_signatures(self) -> bool:
        """Off by default. On: unknown keys, wrong signatures, unknown or expired tokens and
        foreign project ids get the gateway's 401 instead of passing as some identity."""
        return self.gateway.verify_signatures

    @verify_signatures.setter
    def verify_signatures(self, value: bool) -> None:
        self.gateway.verify_signatures = value

    def require_signatures(self, max_skew: timedelta | None = timedelta(minutes=15)) -> Setting:
        """Turn signature verification on, with an ``X-Sdk-Date`` check against the fake's
        clock when ``max_skew`` is given. Applies at once; in a ``with`` block, the previous
        settings come back at its end."""
        previous = (self.gateway.verify_signatures, self.gateway.max_skew)
        arguments(max_skew=(max_skew, timedelta, None))
        self.gateway.verify_signatures, self.gateway.max_skew = True, max_skew

        def restore() -> None:
            self.gateway.verify_signatures, self.gateway.max_skew = previous

        return Setting(restore)

    def enforce_permissions(self, enabled: bool = True) -> Setting:
        """IAM users need organization or repository grants (1 read, 3 write, 7 manage);
        account admins and an organization's creator hold 7. Applies at once; in a ``with``
        block, the previous setting comes back at its end."""
        arguments(enabled=(enabled, bool))
        previous = self.backend.enforce_permissions
        self.backend.enforce_permissions = enabled

        def restore() -> None:
            self.backend.enforce_permissions = previous

        return Setting(restore)

    @property
    def faults(self) -> Faults:
        """Fault injection: errors, throttling, timeouts, connection errors, latency, scripts."""
        if self._faults is None:
            from .faults import Faults

            self._faults = Faults()
        return self._faults

    @property
    def offline(self) -> bool:
        """The whole service down: every SWR request raises a connection error (see
        ``swr.faults.offline()`` for a ``with`` block)."""
        return self._faults is not None and self._faults.down

    @offline.setter
    def offline(self, value: bool) -> None:
        self.faults.down = value

    @property
    def refuse_unmatched(self) -> bool:
        """Off by default: requests to hosts the fake does not own go wherever they would have
        gone (the real network, or another mock such as ``responses``). On: they raise a
        ``requests.ConnectionError`` naming swr-fake (``localhost`` and loopback still pass)."""
        return self.transport.refuse_unmatched

    @refuse_unmatched.setter
    def refuse_unmatched(self, value: bool) -> None:
        self.transport.refuse_unmatched = bool(value)

    # --- time --------------------------------------------------------------------------------
    @property
    def clock(self) -> AdjustableClock:
        """The fake's clock: ``now()``, ``advance(timedelta | days=, hours=, ...)``, ``set(datetime)``,
        ``reset()``. Every timestamp the fake makes comes from it; the ``swr`` fixture resets it
        (and every other setting) before each test (``docs/testing.md``)."""
        return self.backend.clock  # type: ignore[return-value]

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeSwr:
        """Answer requests from now on. Starting a second fake while one is active warns: the
        fakes stack (plain requests go to the one started last until it stops; an SDK client
        from ``client()`` keeps talking to the fake that built it)."""
        with _ACTIVE_LOCK:
            others = [fake for fake in _ACTIVE if fake is not self]
            if others:
                warnings.warn(
                    f"another FakeSwr is active ({others[-1]!r}); plain requests to SWR hosts go to the one "
                    "started last until it stops (fakes stack), SDK clients to the fake that built them. "
                    "Use one fake, or swr.add_tenant() for several accounts.",
                    SwrFakeWarning,
                    stacklevel=2,
                )
            _ACTIVE.append(self)
        self.transport.start()
        return self

    def stop(self) -> None:
        self.transport.stop()
        with _ACTIVE_LOCK:
            if self in _ACTIVE:
                _ACTIVE.remove(self)

    def __enter__(self) -> FakeSwr:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        """Decorator: each call runs against a fresh, active fake. A parameter named ``swr``
        that the caller did not pass receives the fake. ``async def`` functions are awaited
        inside the fake. Raises ``TypeError`` on a generator function (the fake would stop
        before its body runs) and, at call time, when ``swr`` is given another fake (the pytest
        fixture: use either the fixture or the decorator, not both)."""
        if inspect.isgeneratorfunction(func) or inspect.isasyncgenfunction(func):
            raise TypeError(f"@mock_swr() cannot wrap the generator function {func.__name__!r}: use `with mock_swr()`")
        wants_fake = "swr" in inspect.signature(func).parameters

        def enter(kwargs: dict[str, Any]) -> None:
            given = kwargs.get("swr")
            if given is not None and given is not self:
                raise TypeError(
                    f"{func.__name__}() got a fake as `swr` (the pytest fixture?) and is decorated with "
                    "@mock_swr(), which starts another one: use either the fixture or the decorator"
                )
            self.reset()
            if wants_fake:
                kwargs["swr"] = self

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def awaiting(*args: Any, **kwargs: Any) -> Any:
                enter(kwargs)
                with self:
                    return await func(*args, **kwargs)

            return awaiting  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            enter(kwargs)
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def snapshot(self) -> Snapshot:
        """The whole state as plain data with named fields (stable key order): compare two to
        see what changed; ``restore()`` brings it back. Adds nothing to the call log."""
        from .seeding import take

        return take(self.backend)

    def restore(self, snapshot: Snapshot) -> None:
        """Bring back the state a ``snapshot()`` holds (settings and the call log stay as they are)."""
        from .seeding import restore

        restore(self.backend, snapshot)

    def seed(self, data: dict[str, Any]) -> None:
        """Build organizations, repositories, tags, retention policies and shares from a plain
        dict, with explicit timestamps and ids (format: ``swr_fake.seeding.SEED_FORMAT``,
        ``docs/testing.md``). All or nothing; adds nothing to the call log."""
        from .seeding import seed

        seed(self, data)

    def repositories(self, namespace: str, *, region: str | None = None) -> list[RepositoryView]:
        """The repositories of an organization (read-only, not logged); unknown: ``ValueError``."""
        from .views_readonly import repositories

        return repositories(self.backend, namespace, self._region(region))

    def tags(self, namespace: str, repository: str, *, region: str | None = None) -> list[TagView]:
        """The tags of a repository, by name (read-only, not logged); unknown: ``ValueError``."""
        from .views_readonly import tags

        return tags(self.backend, namespace, repository, self._region(region))

    def _region(self, region: str | None) -> str:
        from .settings import check_region

        return check_region(region if region is not None else self.region)

    def __repr__(self) -> str:
        from .settings import clock_label

        backend = self.backend
        namespaces = [ns for state in backend.regions.values() for ns in state.namespaces.values()]
        repos = [repo for ns in namespaces for repo in ns.repositories.values()]
        tags = sum(len(repo.tags) for repo in repos)
        faults = len(self._faults) if self._faults is not None else 0
        state = "active" if self in _ACTIVE else "stopped"
        return (
            f"<FakeSwr {state} region={self.region} organizations={len(namespaces)} repositories={len(repos)} "
            f"tags={tags} calls={len(self.calls)} faults={faults} clock={clock_label(backend.clock)}>"
        )

    def reset(self) -> None:
        """Forget every organization, repository, tag, share, permission, account,
        credential, call and fault; signature verification and permission enforcement go back to off."""
        self.front_door.reset()
        self.transport.refuse_unmatched = False

    def handle(self, request: WireRequest) -> WireResponse:
        """Answer one request, whatever transport received it (`FrontDoor.handle`). Raises
        `swr_fake.wire.TransportFault` when it gets no HTTP answer."""
        return self.front_door.handle(request)

    # --- what the registry side does (docker push/pull) -----------------------------------
    def push_image(
        self,
        namespace: str,
        repository: str,
        tag: str,
        manifest: ManifestInput = None,
        *,
        region: str | None = None,
        user: User | None = None,
        pushed_at: datetime | None = None,
    ) -> str:
        """Like ``docker push``: the organization must exist, the repository is created if
        missing, the tag is created or moved. Returns the digest (sha256 of the manifest
        bytes; without ``manifest`` a small deterministic image is made up and its config and
        layer blobs are stored, so it pulls back through the registry). ``user`` (default:
        the default account's admin) is who pushes, with that user's rights. ``pushed_at``:
        the push happens at that moment (tag and repository times, retention's "now")."""
        from .seeding import clock_at

        arguments(
            namespace=(namespace, str),
            repository=(repository, str),
            tag=(tag, str),
            manifest=(manifest, bytes, str, dict, None),
            region=(region, str, None),
            user=(user, User, None),
        )
        moment = _moment(pushed_at, "pushed_at")
        caller = self._caller(region, user)
        with (
            self.backend.lock,
            about(namespace=namespace, repository=repository, tag=tag),
            clock_at(self.backend, moment),
        ):
            return self.backend.push_image(caller, namespace, repository, tag, manifest)

    def pull_image(
        self, namespace: str, repository: str, tag: str, *, region: str | None = None, user: User | None = None
    ) -> bytes:
        """Like ``docker pull``: returns the manifest bytes and counts a download."""
        arguments(
            namespace=(namespace, str),
            repository=(repository, str),
            tag=(tag, str),
            region=(region, str, None),
            user=(user, User, None),
        )
        with self.backend.lock, about(namespace=namespace, repository=repository, tag=tag):
            return self.backend.pull_image(self._caller(region, user), namespace, repository, tag).raw

    def run_retention(self, namespace: str, repository: str, *, region: str | None = None) -> list[str]:
        """Apply the repository's retention policy now, as the service does after each push.
        Returns the deleted tags (each also gets a row in ``list_retention_histories``)."""
        arguments(namespace=(namespace, str), repository=(repository, str), region=(region, str, None))
        with self.backend.lock, about(namespace=namespace, repository=repository):
            return self.backend.run_retention(self._caller(region), namespace, repository)

    def docker_credentials(self, *, user: User | None = None, region: str | None = None) -> tuple[str, str]:
        """``(username, password)`` of a fresh temporary ``docker login`` for ``user`` (default:
        the default account's admin), as ``create_secret`` issues it: 6 hours on the fake's
        clock, for the registry ``swr.{region}…`` (``docs/registry.md``)."""
        with self.backend.lock:
            login = self.backend.create_secret(self._caller(region, user), None)
        return login.username, login.password

    @property
    def registry_host(self) -> str:
        """The registry host of the fake's region (``swr.cn-north-4.myhuaweicloud.com``)."""
        return registry_host(self.region)

    def docker_login(self, username: str, password: str, region: str | None = None) -> bool:
        """Whether ``docker login -u username -p password`` to the registry of ``region`` would
        succeed: a pair from ``create_secret`` or ``create_authorization_token`` called in that
        region and not expired (on the fake's clock), or the long-term form ``{region}@{AK}`` with
        the hex HMAC-SHA256 of the AK keyed with its SK (``docs/registry.md``)."""
        arguments(username=(username, str), password=(password, str), region=(region, str, None))
        with self.backend.lock:
            return self.backend.docker_login(username, password, region or self.region)

    def set_quota(self, key: str, limit: int, *, tenant: Tenant | None = None) -> None:
        """Change an account's quota (default: the default account); the only key is
        ``namespace`` (organizations per region, 5 by default)."""
        arguments(key=(key, str), limit=(limit, int), tenant=(tenant, Tenant, None))
        with self.backend.lock:
            self.backend.set_quota(tenant or self.backend.default_tenant, key, limit)

    def create_namespace(
        self, name: str, *, region: str | None = None, user: User | None = None, created: datetime | None = None
    ) -> Namespace:
        """An organization, as ``create_namespace`` makes it (``created``: at that moment)."""
        from .seeding import clock_at

        arguments(name=(name, str), region=(region, str, None), user=(user, User, None))
        moment = _moment(created, "created")
        with self.backend.lock, about(namespace=name), clock_at(self.backend, moment):
            return self.backend.create_namespace(self._caller(region, user), name)

    def create_repository(
        self,
        namespace: str,
        name: str,
        *,
        is_public: bool = False,
        region: str | None = None,
        user: User | None = None,
        created: datetime | None = None,
        **fields: str,
    ) -> Repository:
        """A repository, as ``create_repo`` makes it (``fields``: ``category``, ``description``;
        ``created``: at that moment)."""
        from .seeding import clock_at

        arguments(
            namespace=(namespace, str),
            name=(name, str),
            is_public=(is_public, bool),
            region=(region, str, None),
            user=(user, User, None),
            **{key: (value, str, None) for key, value in fields.items()},
        )
        moment = _moment(created, "created")
        with self.backend.lock, about(namespace=namespace, repository=name), clock_at(self.backend, moment):
            return self.backend.create_repo(self._caller(region, user), namespace, name, is_public, **fields)

    # --- clients ---------------------------------------------------------------------------------
    def client(
        self,
        region: str | None = None,
        *,
        user: User | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        token: str | None = None,
        http_config: HttpConfig | None = None,
    ) -> SwrClient:
        """An official SDK ``SwrClient`` pointed at the fake, with the project id of the
        identity it acts as: the default account's admin, ``user`` (signing with the user's
        access key, made on first use), a key pair, or an ``X-Auth-Token`` (sent instead of a
        signature)."""
        _require_sdk()
        return sdk.client(self, "SwrClient", region or self.region, user, access_key, secret_key, token, http_config)

    def async_client(
        self,
        region: str | None = None,
        *,
        user: User | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        token: str | None = None,
        http_config: HttpConfig | None = None,
    ) -> SwrAsyncClient:
        """The SDK's ``SwrAsyncClient`` (sends from a thread pool) pointed at the fake."""
        _require_sdk()
        return sdk.client(
            self, "SwrAsyncClient", region or self.region, user, access_key, secret_key, token, http_config
        )


def _moment(value: object, name: str) -> datetime | None:
    if value is not None and not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.datetime, not {type(value).__name__}")
    return value


def _require_sdk() -> None:
    from .extras import require

    require("huaweicloudsdkswr.v2", "swr.client()")


class Setting:
    """What `FakeSwr.require_signatures` and `FakeSwr.enforce_permissions` return: the change
    is already made; as a context manager it restores the previous settings on exit."""

    def __init__(self, restore: Callable[[], None]) -> None:
        self._restore = restore

    def __enter__(self) -> Setting:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._restore()


def mock_swr(
    *,
    region: str = DEFAULT_REGION,
    seed: int = 0,
    clock: ClockSetting = None,
    validate_responses: bool = False,
) -> FakeSwr:
    """A fake SWR for use as ``with mock_swr() as swr:`` or ``@mock_swr()``."""
    return FakeSwr(region=region, seed=seed, clock=clock, validate_responses=validate_responses)


token_credentials = sdk.token_credentials  # where it used to live
