"""Accounts' IAM side: users, access keys and tokens, and who a credential belongs to.

Access keys and tokens are made up from a process-wide random source, not from the seed:
the SDK caches discovered project ids per access key for the whole process, so a key must
never come back in a later test with another account behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..model import Tenant, User
from .base import AccessKey, BackendBase

TOKEN_TTL = timedelta(hours=24)  # IAM tokens are valid for 24 hours


@dataclass(frozen=True, slots=True)
class Token:
    token: str
    domain_id: str
    user_id: str
    expires: datetime


def new_access_key() -> str:
    """20 upper-case letters and digits, like a real AK."""
    import secrets  # here, not at the top: kept out of the package's import time

    return "SWRFAKE" + secrets.token_hex(7).upper()[:13]


def new_secret_key() -> str:
    import secrets

    return secrets.token_hex(20)


class IdentityOps(BackendBase):
    def tenant_of(self, user: User) -> Tenant:
        tenant = self.tenants.get(user.domain_id)
        if tenant is None or tenant.users.get(user.user_id) is not user:
            raise ValueError(f"user {user.user_name!r} does not belong to any account of this fake")
        return tenant

    def add_user(self, name: str, tenant: Tenant | None = None, *, admin: bool = False) -> User:
        """An IAM user of ``tenant`` (default: the default account). ``admin`` users are in
        the account's admin group: they hold every right on the account's organizations."""
        with self.lock:
            owner = tenant or self.default_tenant
            if self.tenants.get(owner.domain_id) is not owner:
                raise ValueError(f"account {owner.domain_name!r} does not belong to this fake")
            if not name.strip():
                raise ValueError("a user name must not be blank")
            if any(user.user_name == name for user in owner.users.values()):
                raise ValueError(f"account {owner.domain_name!r} has a user named {name!r} already")
            user = User(self.ids.hex(), name, owner.domain_id, is_admin=admin)
            owner.users[user.user_id] = user
            return user

    def add_access_key(
        self, user: User | None = None, access_key: str | None = None, secret_key: str | None = None
    ) -> AccessKey:
        """A new key pair for ``user`` (default: the default account's admin)."""
        with self.lock:
            owner = user or self.default_tenant.admin
            self.tenant_of(owner)
            key = access_key or new_access_key()
            if not key or key in self.access_keys:
                raise ValueError(f"access key {key!r} is taken")
            pair = AccessKey(key, secret_key or new_secret_key(), owner.domain_id, owner.user_id)
            self.access_keys[key] = pair
            return pair

    def access_key_for(self, user: User) -> AccessKey:
        """The user's first access key, made on first use."""
        with self.lock:
            for pair in self.access_keys.values():
                if pair.user_id == user.user_id and pair.domain_id == user.domain_id:
                    return pair
            return self.add_access_key(user)

    def issue_token(self, user: User | None = None, ttl: timedelta = TOKEN_TTL) -> str:
        """An ``X-Auth-Token`` for ``user`` (default: the default account's admin), valid for
        ``ttl`` from now on the fake's clock."""
        with self.lock:
            owner = user or self.default_tenant.admin
            self.tenant_of(owner)
            import secrets

            token = "MII" + secrets.token_urlsafe(96)
            self.tokens[token] = Token(token, owner.domain_id, owner.user_id, self.clock.now() + ttl)
            return token

    def key_owner(self, access_key: str) -> tuple[Tenant, User] | None:
        pair = self.access_keys.get(access_key)
        return None if pair is None else self._owner(pair.domain_id, pair.user_id)

    def token_owner(self, token: str) -> tuple[Tenant, User, Token] | None:
        issued = self.tokens.get(token)
        if issued is None:
            return None
        owner = self._owner(issued.domain_id, issued.user_id)
        return None if owner is None else (*owner, issued)

    def _owner(self, domain_id: str, user_id: str) -> tuple[Tenant, User] | None:
        tenant = self.tenants.get(domain_id)
        user = tenant.users.get(user_id) if tenant is not None else None
        return None if tenant is None or user is None else (tenant, user)
