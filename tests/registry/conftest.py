"""Registry tests: the fake answers the registry hosts through its front door, so plain
``requests``, oras-py and python-dxf reach the registry surface as they would reach SWR."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from swr_fake import FakeSwr
from swr_fake.wire import WireRequest, WireResponse

NAMESPACE = "team"


@dataclass
class Registry:
    """The fake, its registry surface, and shortcuts for talking to it."""

    swr: FakeSwr

    @property
    def host(self) -> str:
        return self.swr.registry_host

    def url(self, path: str) -> str:
        return f"https://{self.host}{path}"

    def handle(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> WireResponse:
        """A request through the front door, without any HTTP library."""
        return self.swr.handle(WireRequest.build(method, self.url(path), headers or {}, body))

    def login(self, user: Any = None) -> tuple[str, str]:
        """A temporary ``docker login`` pair (``create_secret``) for ``user`` (default: the admin)."""
        return self.swr.docker_credentials(user=user)

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


@pytest.fixture
def registry(swr: FakeSwr) -> Iterator[Registry]:
    """The ``swr`` fixture with the organization ``team``, seen from the registry side."""
    swr.create_namespace(NAMESPACE)
    yield Registry(swr)


def digest_of(data: bytes, algorithm: str = "sha256") -> str:
    import hashlib

    return f"{algorithm}:{hashlib.new(algorithm, data).hexdigest()}"


def assert_oci_error(response: requests.Response | WireResponse, status: int, code: str) -> dict[str, Any]:
    """The spec's error body with the expected code, and the registry's version header."""
    import json

    if isinstance(response, WireResponse):
        actual_status, headers, body = response.status, response.headers, response.body
    else:
        actual_status, headers, body = response.status_code, response.headers, response.content
    assert actual_status == status, body
    document: dict[str, Any] = json.loads(body)
    assert [error["code"] for error in document["errors"]] == [code], document
    assert set(document["errors"][0]) == {"code", "message", "detail"}
    assert headers["Docker-Distribution-API-Version"] == "registry/2.0"
    return document


def push_blob(registry: Registry, session: requests.Session, name: str, data: bytes) -> str:
    """A monolithic upload (POST, then PUT with the digest); returns the digest."""
    started = session.post(registry.url(f"/v2/{name}/blobs/uploads/"))
    assert started.status_code == 202, started.text
    digest = digest_of(data)
    done = session.put(started.headers["Location"], params={"digest": digest}, data=data)
    assert done.status_code == 201, done.text
    return digest


def image_manifest(registry: Registry, session: requests.Session, name: str, *layers: bytes, **extra: Any) -> bytes:
    """Uploads a config and the layers, and returns an OCI image manifest naming them."""
    import json

    config = json.dumps({"architecture": "amd64", "os": "linux"}).encode()
    document = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": push_blob(registry, session, name, config),
            "size": len(config),
        },
        "layers": [
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar",
                "digest": push_blob(registry, session, name, layer),
                "size": len(layer),
            }
            for layer in layers
        ],
        **extra,
    }
    return json.dumps(document).encode()


OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def put_manifest(
    registry: Registry, session: requests.Session, name: str, reference: str, raw: bytes, media_type: str = OCI_MANIFEST
) -> requests.Response:
    return session.put(
        registry.url(f"/v2/{name}/manifests/{reference}"), data=raw, headers={"Content-Type": media_type}
    )
