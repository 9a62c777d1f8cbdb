"""``FakeSwr``: the object tests hold — the service, its interception and conveniences."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

from requests import PreparedRequest

from .api.dispatch import Dispatcher, WireRequest
from .backend import DEFAULT_REGION, SwrBackend
from .backend.base import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY
from .backend.snapshot import snapshot
from .backend.tags import ManifestInput
from .calls import Call, CallLog
from .clock import Clock
from .interception import SWR_URL, Interceptor
from .model import Caller, Namespace, Repository

if TYPE_CHECKING:
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkswr.v2 import SwrAsyncClient, SwrClient

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
        self.dispatcher = Dispatcher(self.backend, validate_responses=validate_responses)
        self.calls = CallLog()
        self._interceptor = Interceptor()
        self._interceptor.add(SWR_URL, self._on_request)

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

    def project_id(self, region: str | None = None) -> str:
        return self.backend.default_tenant.projects.get(region or self.region, "0" * 32)

    def _caller(self, region: str | None) -> Caller:
        return self.backend.caller(region or self.region)

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
        """Forget every organization, repository, tag, share, permission and call."""
        self.backend.reset()
        self.calls.clear()
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
    ) -> str:
        """Like ``docker push``: the organization must exist, the repository is created if
        missing, the tag is created or moved. Returns the digest (sha256 of the manifest
        bytes; without ``manifest`` a small deterministic one is made up)."""
        with self.backend.lock:
            return self.backend.push_image(self._caller(region), namespace, repository, tag, manifest)

    def pull_image(self, namespace: str, repository: str, tag: str, *, region: str | None = None) -> bytes:
        """Like ``docker pull``: returns the manifest bytes and counts a download."""
        with self.backend.lock:
            return self.backend.pull_image(self._caller(region), namespace, repository, tag).raw

    def run_retention(self, namespace: str, repository: str, *, region: str | None = None) -> list[str]:
        """Apply the repository's retention policy now, as the service does after each push.
        Returns the deleted tags (each also gets a row in ``list_retention_histories``)."""
        with self.backend.lock:
            return self.backend.run_retention(self._caller(region), namespace, repository)

    def create_namespace(self, name: str, *, region: str | None = None) -> Namespace:
        with self.backend.lock:
            return self.backend.create_namespace(self._caller(region), name)

    def create_repository(
        self, namespace: str, name: str, *, is_public: bool = False, region: str | None = None, **fields: str
    ) -> Repository:
        with self.backend.lock:
            return self.backend.create_repo(self._caller(region), namespace, name, is_public, **fields)

    # --- clients ---------------------------------------------------------------------------------
    def client(
        self,
        region: str | None = None,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        http_config: HttpConfig | None = None,
    ) -> SwrClient:
        """An official SDK ``SwrClient`` pointed at the fake, with the default credentials."""
        from huaweicloudsdkswr.v2 import SwrClient

        return self._build(SwrClient, region, access_key, secret_key, http_config)  # type: ignore[no-any-return,unused-ignore]

    def async_client(
        self,
        region: str | None = None,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        http_config: HttpConfig | None = None,
    ) -> SwrAsyncClient:
        """The SDK's ``SwrAsyncClient`` (sends from a thread pool) pointed at the fake."""
        from huaweicloudsdkswr.v2 import SwrAsyncClient

        return self._build(SwrAsyncClient, region, access_key, secret_key, http_config)  # type: ignore[no-any-return,unused-ignore]

    def _build(
        self,
        client_class: Any,
        region: str | None,
        access_key: str | None,
        secret_key: str | None,
        http_config: HttpConfig | None,
    ) -> Any:
        from huaweicloudsdkcore.auth.credentials import BasicCredentials
        from huaweicloudsdkcore.region.region import Region

        region = region or self.region
        for name in ("HuaweiCloud-SDK-SwrClient", "HuaweiCloud-SDK-SwrAsyncClient"):
            # The SDK's loggers do not propagate and have no handler: errors would hit stderr.
            logger = logging.getLogger(name)
            if not logger.handlers:
                logger.addHandler(logging.NullHandler())
        credentials = BasicCredentials(
            access_key or self.access_key, secret_key or self.secret_key, self.project_id(region)
        )
        builder = client_class.new_builder().with_credentials(credentials)
        builder = builder.with_region(Region(region, endpoint_for(region)))
        if http_config is not None:
            builder = builder.with_http_config(http_config)
        return builder.build()

    # --- interception -----------------------------------------------------------------------------
    def _on_request(self, prepared: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        request = WireRequest(prepared.method or "GET", prepared.url or "", prepared.headers, prepared.body)
        response = self.dispatcher.handle(request)
        parts = urlsplit(request.url)
        self.calls.append(
            Call(
                operation=response.operation,
                method=request.method,
                url=request.url,
                path=parts.path,
                query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                body=response.payload,
                status=response.status,
                response=response.reply,
                request_id=response.headers["X-Request-Id"],
            )
        )
        return response.status, response.headers, response.body


def mock_swr(
    *,
    region: str = DEFAULT_REGION,
    seed: int = 0,
    clock: Clock | None = None,
    validate_responses: bool = False,
) -> FakeSwr:
    """A fake SWR for use as ``with mock_swr() as swr:`` or ``@mock_swr()``."""
    return FakeSwr(region=region, seed=seed, clock=clock, validate_responses=validate_responses)
