"""Registry tests: a fake whose ``requests`` interception also answers the registry hosts.

Until the front door routes ``swr.{region}…`` hosts to the registry surface, a test-only
adapter does it here: it turns the intercepted request into a `WireRequest`, resolves the
region with `swr_fake.hosts` and calls `RegistrySurface.handle`, as the front door will.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from swr_fake import FakeSwr, hosts
from swr_fake.registry import RegistrySurface, create_surface
from swr_fake.wire import WireRequest, WireResponse

REGISTRY_URL = re.compile(
    r"https?://swr\.[a-z0-9-]+\.(?:myhuaweicloud\.(?:com|eu)|(?:sc\.)?otc\.t-systems\.com)(?::\d+)?(?:[/?#]|$)"
)
NAMESPACE = "team"


def body_bytes(body: Any) -> bytes | None:
    """A `requests` body as bytes: bytes, text, a file, or an iterator of chunks."""
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if hasattr(body, "read"):
        data = body.read()
        return data if isinstance(data, bytes) else data.encode()
    return b"".join(body)


@dataclass
class Registry:
    """The fake, its registry surface, and shortcuts for talking to it."""

    swr: FakeSwr
    surface: RegistrySurface

    @property
    def host(self) -> str:
        return hosts.registry_host(self.swr.region)

    def url(self, path: str) -> str:
        return f"https://{self.host}{path}"

    def handle(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> WireResponse:
        """A request straight to the surface, without any HTTP library."""
        request = WireRequest.build(method, self.url(path), headers or {}, body)
        return self.surface.handle(request, self.swr.region, "test-request")

    def login(self, user: Any = None) -> tuple[str, str]:
        """A temporary ``docker login`` pair (``create_secret``) for ``user`` (default: the admin)."""
        with self.swr.backend.lock:
            caller = self.swr.backend.caller(self.swr.region, user=user)
            login = self.swr.backend.create_secret(caller, "AKTEST")
        return login.username, login.password

    def token(self, name: str, actions: str = "pull,push", credentials: tuple[str, str] | None = None) -> str:
        """A bearer token from the realm for ``repository:{name}:{actions}``."""
        headers = {}
        if credentials is not None:
            headers["Authorization"] = "Basic " + base64.b64encode(":".join(credentials).encode()).decode()
        response = requests.get(
            self.url("/swr/auth/v2/registry/auth/"),
            params={"service": "dockyard", "scope": f"repository:{name}:{actions}"},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def session(self, name: str, credentials: tuple[str, str] | None = None) -> requests.Session:
        """A `requests` session carrying a pull/push token for ``name`` (the admin's by default)."""
        session = requests.Session()
        token = self.token(name, credentials=credentials or self.login())
        session.headers["Authorization"] = f"Bearer {token}"
        return session


class _Adapter:
    def __init__(self, swr: FakeSwr, surface: RegistrySurface) -> None:
        self.swr, self.surface = swr, surface

    def __call__(self, prepared: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        request = WireRequest.build(
            prepared.method or "GET", prepared.url or "", prepared.headers, body_bytes(prepared.body)
        )
        target = hosts.resolve(request.host)
        assert target is not None and target.region is not None
        response = self.surface.handle(request, target.region, self.swr.backend.ids.hex())
        return response.status, response.headers, response.body


@pytest.fixture(scope="session")
def registry_engine() -> Registry:
    swr = FakeSwr()
    surface = create_surface(swr.backend, swr.gateway)
    swr._interceptor.add(REGISTRY_URL, _Adapter(swr, surface))
    return Registry(swr, surface)


@pytest.fixture
def registry(registry_engine: Registry) -> Iterator[Registry]:
    """A fresh fake with the organization ``team``; both the management API and the registry hosts answer."""
    registry_engine.swr.reset()
    registry_engine.surface.internal_errors.clear()
    registry_engine.swr.create_namespace(NAMESPACE)
    with registry_engine.swr:
        yield registry_engine
    assert not registry_engine.surface.internal_errors, registry_engine.surface.internal_errors
