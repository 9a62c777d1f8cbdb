"""SWR's registry auth: the Bearer challenge and the token realm.

Challenge (a push log captured on cn-north-4; registry-and-server.md §1.2)::

    WWW-Authenticate: Bearer realm="https://swr.{region}.myhuaweicloud.com/swr/auth/v2/registry/auth/",
                      service="dockyard",scope="repository:{org}/{repo}:{actions}"

``/v2/`` is challenged without a scope. The realm answers ``GET`` with Basic credentials (a
temporary or long-term ``docker login``) or none (anonymous: public repositories only) and
``scope`` parameters, with ``{"token", "access_token", "expires_in", "issued_at"}``; a ``POST``
is 404 there, bad credentials 401, a scope in a missing organization 401 ``DENIED``.
Basic credentials sent to any other endpoint are not accepted: clients must fetch a token.
"""

from __future__ import annotations

import base64
import binascii

from ..backend import SwrBackend, oci
from ..backend.oci import OciError
from ..backend.registry_access import SERVICE, TOKEN_TTL, RegistryToken, issued_at
from ..model import Caller, Tenant, User
from ..wire import WireRequest, WireResponse
from .context import json_answer
from .routes import TOKEN_PATH, Route

# Every repository endpoint asks for both: one token then serves a whole push (HEAD, POST,
# PATCH, PUT), which oras-py (it reuses one token and re-authenticates only on 403) and
# python-dxf (only on 401) both need. See docs/decisions.md.
CHALLENGE_ACTIONS = "pull,push"


def realm(request: WireRequest) -> str:
    return f"{request.scheme or 'https'}://{request.netloc}{TOKEN_PATH}/"


def challenge(request: WireRequest, route: Route) -> dict[str, str]:
    value = f'Bearer realm="{realm(request)}",service="{SERVICE}"'
    if route.name:
        value += f',scope="repository:{route.name}:{CHALLENGE_ACTIONS}"'
    return {"WWW-Authenticate": value}


def needed_action(method: str) -> str:
    """``pull`` for reads; ``push`` for every change (deletes too: the manage right they also
    need is checked by the model)."""
    return "pull" if method in ("GET", "HEAD") else "push"


def bearer(backend: SwrBackend, request: WireRequest, region: str) -> RegistryToken | None:
    authorization = request.headers.get("Authorization") or ""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    token = backend.registry_token(value.strip())
    return token if token is not None and token.region == region else None


def anonymous(region: str) -> Caller:
    """The caller behind an anonymous token: an account of its own that owns nothing, so it
    reads public repositories and nothing else."""
    user = User("", "anonymous", "")
    return Caller(Tenant("", "", user, users={"": user}), user, region)


def authorize(backend: SwrBackend, request: WireRequest, route: Route, region: str) -> Caller:
    """The caller of a registry request, or the 401/403 that sends the client to the realm.

    No valid token (none, Basic, unknown, expired, another region's): 401 ``UNAUTHORIZED``.
    A token without the needed action on this repository: 401 when anonymous, else 403
    ``DENIED`` (with the challenge, so a client can fetch a broader token).
    """
    token = bearer(backend, request, region)
    if token is None:
        raise OciError(oci.UNAUTHORIZED, headers=challenge(request, route))
    if route.name:
        action = needed_action(request.method)
        if not token.allows(route.name, action):
            if token.identity is None:
                raise OciError(oci.UNAUTHORIZED, headers=challenge(request, route), detail=_access(route, action))
            raise OciError(
                oci.DENIED,
                f"denied: you do not have the permission to {action} {route.name}",
                headers=challenge(request, route),
                detail=_access(route, action),
            )
    return token.identity or anonymous(region)


def _access(route: Route, action: str) -> list[dict[str, str]]:
    return [{"Type": "repository", "Name": route.name or "", "Action": action}]


def token_endpoint(backend: SwrBackend, request: WireRequest, region: str, request_id: str) -> WireResponse:
    """``GET {realm}?service=dockyard&scope=…`` (``service`` optional, as Harbor's adapter omits it)."""
    if request.method != "GET":
        raise OciError(
            oci.NOT_FOUND, f"{request.method} is not served by the token realm: send GET with Basic credentials"
        )
    identity = None
    authorization = request.headers.get("Authorization") or ""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "basic":
        username, password = _basic(value)
        identity = backend.registry_login(username, password, region)
        if identity is None:
            raise OciError(
                oci.UNAUTHORIZED,
                "authentication required: unknown, expired or other-region docker login credentials",
                headers={"WWW-Authenticate": f'Basic realm="{realm(request)}"'},
            )
    scopes = [value for key, value in request.query_pairs if key == "scope"]
    token = backend.issue_registry_token(identity, region, scopes)
    seconds = int(TOKEN_TTL.total_seconds())
    document = {"token": token.value, "access_token": token.value, "expires_in": seconds, "issued_at": issued_at(token)}
    return json_answer(200, request_id, document)


def _basic(value: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    username, _, password = decoded.partition(":")
    return username, password
