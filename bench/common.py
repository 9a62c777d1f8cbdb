"""What every section shares: the HTTP session, seeding helpers and the canned-reply stub."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import subprocess
from collections.abc import Iterator, Mapping
from importlib import metadata
from typing import Any

import requests
import responses
from requests import PreparedRequest

from swr_fake import FakeSwr
from swr_fake.interception import SWR_URL

TOKEN_HEADERS = {"X-Auth-Token": "bench-token"}  # credentials are required; a token is cheapest to send
NAMESPACE = "bench"
Canned = tuple[int, dict[str, str], bytes]


def machine() -> list[str]:
    """What the figures were measured on."""
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = []
    for package in ("requests", "urllib3", "responses", "jsonschema", "huaweicloudsdkswr", "moto", "boto3"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return [
        f"machine: {os.cpu_count()} CPUs (nproc {_nproc()}), {cpu or platform.machine()}, {platform.system()}",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        "packages: " + ", ".join(versions),
    ]


def _nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def session() -> requests.Session:
    return requests.Session()


def seed_tags(swr: FakeSwr, repository: str, count: int, *, namespace: str = NAMESPACE) -> None:
    """``count`` tags, each with its own manifest, as ``docker push`` would leave them."""
    for index in range(count):
        swr.push_image(namespace, repository, f"v{index:06d}")


def capture(swr: FakeSwr, http: requests.Session, method: str, url: str, **kwargs: Any) -> Canned:
    """What the fake answers to one request, exactly (status, headers, body bytes)."""
    prepared = http.prepare_request(requests.Request(method, url, headers=TOKEN_HEADERS, **kwargs))
    transport = getattr(swr, "transport", None)
    if transport is None:  # a package from before the front door (bench.versus)
        return swr._on_request(prepared)  # type: ignore[attr-defined,no-any-return]
    return transport.callback(prepared)


class CannedStub:
    """The interception floor: a private ``RequestsMock`` whose one callback returns canned bytes.

    Same host pattern as the fake, one callback per method, a dict lookup by method and path;
    nothing else happens per request.
    """

    def __init__(self, replies: Mapping[tuple[str, str], Canned], methods: tuple[str, ...]) -> None:
        self.replies = dict(replies)
        self.methods = methods

    def _reply(self, request: PreparedRequest) -> Canned:
        path = (request.path_url or "/").split("?", 1)[0]
        return self.replies[(request.method or "GET", path)]

    @contextlib.contextmanager
    def active(self) -> Iterator[responses.RequestsMock]:
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for method in self.methods:
            mock.add_callback(method, SWR_URL, callback=self._reply, content_type=None)
        with mock:
            yield mock


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("?", 1)[0]
