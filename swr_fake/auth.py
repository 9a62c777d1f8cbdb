"""Who is calling: the API gateway's view of a request.

Any request must carry credentials (an ``SDK-HMAC-SHA256`` signature or an
``X-Auth-Token``); a request with neither is rejected as the gateway rejects it. The
`Gateway` maps credentials to an account and a user, and optionally verifies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from . import errors
from .errors import SwrError
from .model import Caller, Tenant, User

if TYPE_CHECKING:
    from .backend import SwrBackend

SIGNATURE_PREFIX = "SDK-HMAC-SHA256 "


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a request presents: an access key (signed requests) or a token."""

    access_key: str | None
    token: str | None


def presented_credentials(headers: Mapping[str, str]) -> Credentials | None:
    authorization = headers.get("Authorization") or headers.get("authorization") or ""
    token = headers.get("X-Auth-Token") or headers.get("x-auth-token")
    access_key = None
    if authorization.startswith(SIGNATURE_PREFIX):
        for part in authorization[len(SIGNATURE_PREFIX) :].split(","):
            name, _, value = part.strip().partition("=")
            if name == "Access":
                access_key = value
    if access_key is None and not token:
        return None
    return Credentials(access_key, token or None)


def unauthenticated(reason: str) -> SwrError:
    return SwrError(errors.UNAUTHENTICATED, f"Incorrect IAM authentication information: {reason}")


def require_credentials(headers: Mapping[str, str]) -> Credentials:
    found = presented_credentials(headers)
    if found is None:
        raise unauthenticated("Authorization header or X-Auth-Token is missing")
    return found


class HttpRequest(Protocol):
    """What the gateway looks at: any request with these four attributes."""

    @property
    def method(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def body(self) -> bytes | str | None: ...


# The gateway's wording for each way a signature can fail.
_SIGNATURE_FAILURES = {
    "unknown access key": "Get secretKey failed,ak:{ak},err:ak not exist",
    "X-Sdk-Date outside allowed skew": "calc ak sk signature fail:signature expired",
}


class Gateway:
    """The API gateway in front of SWR and IAM: maps credentials to an account and a user.

    A registered access key or an issued token names its user. By default nothing else is
    checked: an unknown key or token is the default account's admin, and a registered key
    with a wrong signature is still its user. With ``verify_signatures`` on, every presented
    credential must be valid (known key, correct SDK-HMAC-SHA256 signature, an ``X-Sdk-Date``
    within ``max_skew`` of the fake's clock if set, a known unexpired token, an
    ``X-Project-Id`` of the caller's account in the region), or the request gets the
    gateway's 401.
    """

    def __init__(self, backend: SwrBackend) -> None:
        self.backend = backend
        self.verify_signatures = False
        self.max_skew: timedelta | None = None

    def reset(self) -> None:
        self.verify_signatures = False
        self.max_skew = None

    def authenticate(self, request: HttpRequest, credentials: Credentials) -> tuple[Tenant, User]:
        """The account and user behind a request; raises the gateway's 401 when verifying."""
        with self.backend.lock:
            identity = None
            if credentials.access_key is not None:
                identity = self._by_signature(request, credentials.access_key)
            if credentials.token is not None:
                # A token names the user it was issued to, whatever key also signed the request.
                identity = self._by_token(credentials.token) or identity
            if identity is None:
                tenant = self.backend.default_tenant
                return tenant, tenant.admin
            return identity

    def identify(self, request: HttpRequest, credentials: Credentials, region: str) -> Caller:
        """`Dispatcher.identify`: the caller of an SWR request sent to ``region``."""
        tenant, user = self.authenticate(request, credentials)
        if self.verify_signatures:
            project = _header(request.headers, "x-project-id")
            if project and tenant.projects.get(region) != project:
                raise unauthenticated(f"project id {project} does not belong to the account in region {region}")
        return Caller(tenant, user, region)

    def _by_signature(self, request: HttpRequest, access_key: str) -> tuple[Tenant, User] | None:
        if not self.verify_signatures:
            return self.backend.key_owner(access_key)
        from .signing import SignedRequest, verify  # only needed when verifying (kept out of import time)

        keys = self.backend.access_keys
        signed = SignedRequest(request.method, request.url, request.headers, request.body)
        now = self.backend.clock.now() if self.max_skew is not None else None
        result = verify(signed, lambda ak: keys[ak].secret_key if ak in keys else None, now=now, max_skew=self.max_skew)
        if not result.ok:
            reason = _SIGNATURE_FAILURES.get(result.reason, "verify aksk signature fail")
            raise unauthenticated(reason.format(ak=result.access_key or access_key))
        return self.backend.key_owner(access_key)

    def _by_token(self, token: str) -> tuple[Tenant, User] | None:
        found = self.backend.token_owner(token)
        if self.verify_signatures and (found is None or self.backend.clock.now() >= found[2].expires):
            raise unauthenticated("decrypt token fail")
        return None if found is None else (found[0], found[1])


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None
