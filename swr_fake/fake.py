"""``FakeSwr``: the object tests hold — the service, its interception and conveniences."""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

from . import iam
from .api.dispatch import JSON_HEADERS, Dispatcher, WireRequest
from .auth import Gateway
from .backend import DEFAULT_REGION, SwrBackend
from .backend.base import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY
from .backend.identity import TOKEN_TTL
from .backend.snapshot import snapshot
from .backend.tags import ManifestInput
from .calls import Call, CallLog
from .clock import Clock
from .interception import SWR_URL, Interceptor
from .model import AUTH_LEVELS, Caller, Grant, Namespace, Repository, Tenant, User

if TYPE_CHECKING:
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkswr.v2 import SwrAsyncClient, SwrClient
    from requests import PreparedRequest

    from .faults import Faults

F = TypeVar("F", bound=Callable[..., Any])


def endpoint_for(region: str) -> str:
    """The management API endpoint of a region, as the SDK's region table has it."""
    suffix = "eu" if region == "eu-west-101" else "com"
    return f"https://swr-api.{region}.myhuaweicloud.{suffix}"


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
        clock: Clock | None = None,
        validate_responses: bool = False,
    ) -> None:
        self.region = region
        self.backend = SwrBackend(seed=seed, clock=clock)
        self.gateway = Gateway(self.backend)
        self.dispatcher = Dispatcher(
            self.backend, identify=self.gateway.identify, validate_responses=validate_responses
        )
        self.calls = CallLog()
        # Built on first use: fault injection needs `requests`, which `import swr_fake` avoids.
        self._faults: Faults | None = None
        self._interceptor = Interceptor()
        self._interceptor.add(SWR_URL, self._on_request)
        self._interceptor.add(iam.IAM_URL, self._on_iam_request)

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
        return self.backend.add_tenant(domain_name, admin_name=admin_name)

    def add_user(self, name: str, tenant: Tenant | None = None, *, admin: bool = False) -> User:
        """An IAM user of ``tenant`` (default: the default account). Without ``admin`` the
        user's rights come from organization and repository grants once
        `enforce_permissions` is on."""
        return self.backend.add_user(name, tenant, admin=admin)

    def add_access_key(
        self, user: User | None = None, *, access_key: str | None = None, secret_key: str | None = None
    ) -> tuple[str, str]:
        """A new ``(ak, sk)`` pair for ``user`` (default: the default account's admin)."""
        pair = self.backend.add_access_key(user, access_key, secret_key)
        return pair.access_key, pair.secret_key

    def issue_token(self, user: User | None = None, *, ttl: timedelta = TOKEN_TTL) -> str:
        """An ``X-Auth-Token`` value for ``user``, valid for ``ttl`` on the fake's clock."""
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
        if auth not in AUTH_LEVELS:
            raise ValueError(f"auth must be 1, 3 or 7, not {auth}")
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
        self.gateway.verify_signatures, self.gateway.max_skew = True, max_skew

        def restore() -> None:
            self.gateway.verify_signatures, self.gateway.max_skew = previous

        return Setting(restore)

    def enforce_permissions(self, enabled: bool = True) -> Setting:
        """IAM users need organization or repository grants (1 read, 3 write, 7 manage);
        account admins and an organization's creator hold 7. Applies at once; in a ``with``
        block, the previous setting comes back at its end."""
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

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeSwr:
        self._interceptor.start()
        return self

    def stop(self) -> None:
        self._interceptor.stop()

    def __enter__(self) -> FakeSwr:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        """Decorator: each call runs against a fresh, active fake. A parameter named ``swr``
        that the caller did not pass receives the fake."""
        wants_fake = "swr" in inspect.signature(func).parameters

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.reset()
            if wants_fake and "swr" not in kwargs:
                kwargs["swr"] = self
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain data (stable key order): compare two to see what changed."""
        return snapshot(self.backend)

    def reset(self) -> None:
        """Forget every organization, repository, tag, share, permission, account,
        credential, call and fault; signature verification and permission enforcement go back to off."""
        self.backend.reset()
        self.gateway.reset()
        self.calls.clear()
        if self._faults is not None:
            self._faults.clear()
        self.dispatcher.schema_violations.clear()
        self.dispatcher.internal_errors.clear()

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
    ) -> str:
        """Like ``docker push``: the organization must exist, the repository is created if
        missing, the tag is created or moved. Returns the digest (sha256 of the manifest
        bytes; without ``manifest`` a small deterministic one is made up). ``user`` (default:
        the default account's admin) is who pushes, with that user's rights."""
        with self.backend.lock:
            return self.backend.push_image(self._caller(region, user), namespace, repository, tag, manifest)

    def pull_image(
        self, namespace: str, repository: str, tag: str, *, region: str | None = None, user: User | None = None
    ) -> bytes:
        """Like ``docker pull``: returns the manifest bytes and counts a download."""
        with self.backend.lock:
            return self.backend.pull_image(self._caller(region, user), namespace, repository, tag).raw

    def run_retention(self, namespace: str, repository: str, *, region: str | None = None) -> list[str]:
        """Apply the repository's retention policy now, as the service does after each push.
        Returns the deleted tags (each also gets a row in ``list_retention_histories``)."""
        with self.backend.lock:
            return self.backend.run_retention(self._caller(region), namespace, repository)

    def docker_login(self, username: str, password: str, region: str | None = None) -> bool:
        """Whether ``docker login -u username -p password`` to the registry of ``region`` would
        succeed: the pair must come from ``create_secret`` or ``create_authorization_token``
        called in that region, and must not have expired (on the fake's clock)."""
        with self.backend.lock:
            return self.backend.docker_login(username, password, region or self.region)

    def set_quota(self, key: str, limit: int, *, tenant: Tenant | None = None) -> None:
        """Change an account's quota (default: the default account); the only key is
        ``namespace`` (organizations per region, 5 by default)."""
        with self.backend.lock:
            self.backend.set_quota(tenant or self.backend.default_tenant, key, limit)

    def create_namespace(self, name: str, *, region: str | None = None, user: User | None = None) -> Namespace:
        with self.backend.lock:
            return self.backend.create_namespace(self._caller(region, user), name)

    def create_repository(
        self,
        namespace: str,
        name: str,
        *,
        is_public: bool = False,
        region: str | None = None,
        user: User | None = None,
        **fields: str,
    ) -> Repository:
        with self.backend.lock:
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
        from huaweicloudsdkswr.v2 import SwrClient

        credentials = self._credentials(region, user, access_key, secret_key, token)
        return self._build(SwrClient, region, credentials, http_config)  # type: ignore[no-any-return,unused-ignore]

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
        from huaweicloudsdkswr.v2 import SwrAsyncClient

        credentials = self._credentials(region, user, access_key, secret_key, token)
        return self._build(SwrAsyncClient, region, credentials, http_config)  # type: ignore[no-any-return,unused-ignore]

    def _credentials(
        self,
        region: str | None,
        user: User | None,
        access_key: str | None,
        secret_key: str | None,
        token: str | None,
    ) -> Any:
        from huaweicloudsdkcore.auth.credentials import BasicCredentials

        region = region or self.region
        if token is not None:
            found = self.backend.token_owner(token)
            tenant = found[0] if found is not None else None
            return token_credentials(token, self.project_id(region, tenant))
        if user is not None:
            pair = self.backend.access_key_for(user)
            access_key, secret_key = pair.access_key, pair.secret_key
        access_key = access_key or self.access_key
        registered = self.backend.access_keys.get(access_key)
        if secret_key is None:
            secret_key = registered.secret_key if registered is not None else self.secret_key
        tenant = self.backend.tenants.get(registered.domain_id) if registered is not None else None
        return BasicCredentials(access_key, secret_key, self.project_id(region, tenant))

    def _build(self, client_class: Any, region: str | None, credentials: Any, http_config: HttpConfig | None) -> Any:
        import logging

        from huaweicloudsdkcore.region.region import Region

        region = region or self.region
        for name in ("HuaweiCloud-SDK-SwrClient", "HuaweiCloud-SDK-SwrAsyncClient"):
            # The SDK's loggers do not propagate and have no handler: errors would hit stderr.
            logger = logging.getLogger(name)
            if not logger.handlers:
                logger.addHandler(logging.NullHandler())
        builder = client_class.new_builder().with_credentials(credentials)
        builder = builder.with_region(Region(region, endpoint_for(region)))
        if http_config is not None:
            builder = builder.with_http_config(http_config)
        return builder.build()

    # --- interception -----------------------------------------------------------------------------
    def _on_request(self, prepared: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        injection = (
            self.faults.inject(prepared, self.calls, self.backend.ids.hex)
            if self._faults is not None and self._faults.armed
            else None
        )
        if injection is not None and injection.response is not None:
            return injection.response  # a faulted request never reaches the service
        request = WireRequest(prepared.method or "GET", prepared.url or "", prepared.headers, prepared.body)
        response = self.dispatcher.handle(request)
        self.calls.append(
            Call(
                operation=response.operation,
                method=request.method,
                url=request.url,
                path=response.path,
                query=response.query,
                body=response.payload,
                status=response.status,
                response=response.reply,
                request_id=response.headers["X-Request-Id"],
                fault=injection.kind if injection else None,
                delay=injection.delay if injection else 0.0,
            )
        )
        return response.status, response.headers, response.body

    def _on_iam_request(self, prepared: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        request = WireRequest(prepared.method or "GET", prepared.url or "", prepared.headers, prepared.body)
        request_id = self.backend.ids.hex()
        status, reply = iam.list_projects(self.gateway, request, request_id)
        parts = urlsplit(request.url)
        self.calls.append(
            Call(
                operation=iam.OPERATION,
                method=request.method,
                url=request.url,
                path=parts.path,
                query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                body=None,
                status=status,
                response=reply,
                request_id=request_id,
            )
        )
        headers = {**JSON_HEADERS, "X-Request-Id": request_id, "X-IAM-Trace-Id": request_id}
        return status, headers, json.dumps(reply).encode()


class Setting:
    """What `FakeSwr.require_signatures` and `FakeSwr.enforce_permissions` return: the change
    is already made; as a context manager it restores the previous settings on exit."""

    def __init__(self, restore: Callable[[], None]) -> None:
        self._restore = restore

    def __enter__(self) -> Setting:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._restore()


def token_credentials(token: str, project_id: str) -> Any:
    """SDK credentials that send ``X-Auth-Token`` and ``X-Project-Id`` and no signature.

    The SDK has no token mode: the client accepts only a class *named* ``BasicCredentials``,
    whose ``sign_request`` is replaced here.
    """
    from huaweicloudsdkcore.auth.credentials import BasicCredentials as SdkCredentials
    from huaweicloudsdkcore.signer.signer import Signer

    class BasicCredentials(SdkCredentials):  # type: ignore[misc]
        def sign_request(self, request: Any) -> Any:
            request.header_params["X-Project-Id"] = self.project_id
            request.header_params["X-Auth-Token"] = token
            Signer.process_request_uri(request)
            return request

    # Placeholder keys keep the SDK from looking for credentials on an ECS metadata server.
    return BasicCredentials("token", "token", project_id)


def mock_swr(
    *,
    region: str = DEFAULT_REGION,
    seed: int = 0,
    clock: Clock | None = None,
    validate_responses: bool = False,
) -> FakeSwr:
    """A fake SWR for use as ``with mock_swr() as swr:`` or ``@mock_swr()``."""
    return FakeSwr(region=region, seed=seed, clock=clock, validate_responses=validate_responses)
