"""Official SDK clients pointed at a fake: the only module that imports ``huaweicloudsdk*``.

``swr.client()`` builds a ``SwrClient`` with the credentials of the identity it acts as and
the fake's endpoint for the region; the request itself then travels like any other (the
interception transport, the front door).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .hosts import known_region, management_host, suggest_region

if TYPE_CHECKING:
    from huaweicloudsdkcore.http.http_config import HttpConfig

    from .fake import FakeSwr
    from .model import User

__all__ = ["build_client", "check_region", "client", "credentials_for", "token_credentials"]


def check_region(region: str) -> str:
    """``region`` itself, or ``ValueError`` with a did-you-mean when no cloud has it."""
    if not isinstance(region, str):
        raise TypeError(f"region must be a str, not {type(region).__name__}")
    if not known_region(region):
        raise ValueError(f"unknown region {region!r}{suggest_region(region)}")
    return region


def credentials_for(
    fake: FakeSwr,
    region: str,
    user: User | None,
    access_key: str | None,
    secret_key: str | None,
    token: str | None,
) -> Any:
    """SDK credentials for one identity: a token, a user's key pair (made on first use), a
    given key pair, or the default account's admin key; with the project of that identity's
    account in ``region``."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials

    backend = fake.backend
    if token is not None:
        found = backend.token_owner(token)
        tenant = found[0] if found is not None else None
        return token_credentials(token, fake.project_id(region, tenant))
    if user is not None:
        pair = backend.access_key_for(user)
        access_key, secret_key = pair.access_key, pair.secret_key
    access_key = access_key or fake.access_key
    registered = backend.access_keys.get(access_key)
    if secret_key is None:
        secret_key = registered.secret_key if registered is not None else fake.secret_key
    tenant = backend.tenants.get(registered.domain_id) if registered is not None else None
    return BasicCredentials(access_key, secret_key, fake.project_id(region, tenant))


def client(
    fake: FakeSwr,
    kind: str,
    region: str,
    user: User | None,
    access_key: str | None,
    secret_key: str | None,
    token: str | None,
    http_config: HttpConfig | None,
) -> Any:
    """A ``SwrClient`` (``kind``) or ``SwrAsyncClient`` of the official SDK for the fake."""
    import huaweicloudsdkswr.v2

    region = check_region(region)
    credentials = credentials_for(fake, region, user, access_key, secret_key, token)
    built = build_client(getattr(huaweicloudsdkswr.v2, kind), region, credentials, http_config)
    bind(built, fake)
    return built


def bind(sdk_client: Any, fake: FakeSwr) -> None:
    """Mount the fake's adapter on the client's own session for every cloud URL it may call:
    the client then talks to *its* fake even when another one is active, and refuses to send
    once its fake has stopped instead of signing real requests with the fake's keys."""
    session = getattr(getattr(sdk_client, "_http_client", None), "_session", None)
    if session is None:  # an SDK whose internals moved: the class-level interception still applies
        return
    for prefix in ("https://", "http://"):
        session.mount(prefix, fake.transport.adapter(session.get_adapter(prefix + "x")))


def build_client(client_class: Any, region: str, credentials: Any, http_config: HttpConfig | None) -> Any:
    """``client_class.new_builder()...build()`` for the fake's endpoint of ``region``."""
    from huaweicloudsdkcore.region.region import Region

    for name in ("HuaweiCloud-SDK-SwrClient", "HuaweiCloud-SDK-SwrAsyncClient"):
        # The SDK's loggers do not propagate and have no handler: errors would hit stderr.
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    builder = client_class.new_builder().with_credentials(credentials)
    builder = builder.with_region(Region(region, "https://" + management_host(region)))
    if http_config is not None:
        builder = builder.with_http_config(http_config)
    return builder.build()


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
