"""Who may do what on the registry: ``docker login`` credentials and the bearer tokens of
SWR's token realm.

Credentials (registry-and-server.md §1.3): the temporary logins ``create_secret`` and
``create_authorization_token`` issued (until they expire), and the long-term form, user
``{region}[_{sub-project}]@{AK}`` with password ``hex(HMAC-SHA256(key=SK, msg=AK))``
(OTC user guide "Obtaining a Long-Term Valid docker login Command").

Tokens: what a scope grants is decided once, when the realm issues the token (the Docker
token-auth spec: the granted actions are the requested ones the identity holds); every
operation still checks the caller's right in the model when it runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..clock import format_time, parse_time
from ..model import AUTH_READ, AUTH_WRITE, Caller
from . import oci
from .manifests import ManifestOps

TOKEN_TTL = timedelta(seconds=900)  # "lifetime about 900 s" (a client recording SWR's tokens)
SERVICE = "dockyard"
ACTIONS = ("pull", "push")


@dataclass(frozen=True, slots=True)
class RegistryToken:
    """A bearer token of the realm: who holds it (``None``: anonymous), in which region, the
    actions granted per repository (``org/repo``), and when it stops working."""

    value: str
    identity: Caller | None
    region: str
    access: dict[str, frozenset[str]]
    issued: datetime
    expires: datetime

    def allows(self, name: str, action: str) -> bool:
        return action in self.access.get(name, ())


def parse_scopes(values: list[str]) -> list[tuple[str, frozenset[str] | None]]:
    """``repository:{name}:{actions}`` scopes (space-separated, or repeated parameters) as
    ``(name, actions)``; ``None`` actions for an empty list or ``*`` (all the identity holds:
    SWR's own challenge was seen with an empty list). Other resource types grant nothing."""
    scopes: list[tuple[str, frozenset[str] | None]] = []
    for value in values:
        for scope in value.split():
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind != "repository" or not name:
                continue
            wanted = frozenset(action for action in actions.split(",") if action)
            scopes.append((name, None if not wanted or "*" in wanted else wanted))
    return scopes


class RegistryAccessOps(ManifestOps):
    # --- docker login -------------------------------------------------------------------------
    def registry_login(self, username: str, password: str, region: str) -> Caller | None:
        """The identity a ``docker login`` credential stands for in ``region``'s registry, or
        ``None``: unknown, for another region, expired, or of a user that no longer exists."""
        now = self.clock.now()
        for tenant in self.tenants.values():
            login = tenant.logins.get((username, password))
            if login is None or login.region != region or login.user_id not in tenant.users:
                continue
            expires = parse_time(login.expires)
            return Caller(tenant, tenant.users[login.user_id], region) if expires and now < expires else None
        project, _, access_key = username.rpartition("@")
        pair = self.access_keys.get(access_key)
        if pair is None or not (project == region or project.startswith(region + "_")):
            return None
        expected = hmac.new(pair.secret_key.encode(), access_key.encode(), hashlib.sha256).hexdigest()
        owner = self.tenants.get(pair.domain_id)
        if not hmac.compare_digest(password, expected) or owner is None or pair.user_id not in owner.users:
            return None
        return Caller(owner, owner.users[pair.user_id], region)

    def docker_login(self, username: str, password: str, region: str) -> bool:
        return self.registry_login(username, password, region) is not None

    # --- what an identity may do -----------------------------------------------------------------
    def registry_actions(self, identity: Caller | None, region: str, name: str) -> frozenset[str]:
        """The actions (``pull``, ``push``) ``identity`` holds on ``org/repo``. An organization
        that does not exist is the realm's 401 DENIED "Image organization does not exist"."""
        namespace, _, repository = name.partition("/")
        ns = self.region(region).namespaces.get(namespace)
        if ns is None:
            raise oci.OciError(
                oci.ORGANIZATION_UNKNOWN, detail={"organization": namespace, "hint": "create it with create_namespace"}
            )
        repo = ns.repositories.get(repository)
        if identity is None:
            return frozenset({"pull"}) if repo is not None and repo.is_public else frozenset()
        if identity.tenant.domain_id != ns.domain_id:
            return frozenset({"pull"}) if repo is not None and self.can_read(identity, repo) else frozenset()
        level = self.auth_level(identity, ns, repo)
        held = set()
        if (repo is not None and self.can_read(identity, repo)) or level >= AUTH_READ:
            held.add("pull")
        if level >= AUTH_WRITE:
            held.add("push")
        return frozenset(held)

    # --- tokens ----------------------------------------------------------------------------------------
    def issue_registry_token(self, identity: Caller | None, region: str, scopes: list[str]) -> RegistryToken:
        """A token for the requested scopes, granting of each what the identity holds."""
        access: dict[str, frozenset[str]] = {}
        for name, wanted in parse_scopes(scopes):
            held = self.registry_actions(identity, region, name)
            access[name] = access.get(name, frozenset()) | (held if wanted is None else held & wanted)
        issued = self.clock.now()
        claims = {
            "iss": SERVICE,
            "sub": identity.user.user_name if identity is not None else "",
            "aud": SERVICE,
            "iat": int(issued.timestamp()),
            "exp": int((issued + TOKEN_TTL).timestamp()),
            "jti": self.ids.hex(16),
            "access": [
                {"type": "repository", "name": name, "actions": sorted(actions)} for name, actions in access.items()
            ],
        }
        token = RegistryToken(self._jwt(claims), identity, region, access, issued, issued + TOKEN_TTL)
        self.registry_tokens[token.value] = token
        return token

    def registry_token(self, value: str) -> RegistryToken | None:
        """The token with this value, if it was issued and has not expired (on the fake's clock)."""
        token = self.registry_tokens.get(value)
        if token is None or self.clock.now() >= token.expires:
            return None
        return token

    def _jwt(self, claims: dict[str, object]) -> str:
        """JWT-shaped (HS256 with a seed-derived key): clients that peek at the claims work."""

        def part(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        header = part(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = part(json.dumps(claims, separators=(",", ":")).encode())
        key = hashlib.sha256(f"swr-fake-registry-{self.seed}".encode()).digest()
        signature = part(hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest())
        return f"{header}.{body}.{signature}"


def issued_at(token: RegistryToken) -> str:
    return format_time(token.issued)
