"""Who is calling: the API gateway's view of a request.

Without configuration any request that carries credentials (an ``SDK-HMAC-SHA256``
signature or an ``X-Auth-Token``) is the default account's admin; a request with neither
is rejected as the gateway rejects it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import errors
from .errors import SwrError

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
