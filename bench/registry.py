"""Registry throughput: a 10 MB blob pushed and pulled by oras-py, through the fake and
through the bare interception floor answering the same bytes."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import responses
from requests import PreparedRequest

from swr_fake import FakeSwr
from swr_fake.hosts import registry_host
from swr_fake.wire import WireRequest, WireResponse

from .common import Canned
from .report import Table
from .timing import Plan, Variant, compare, fmt_ns, fmt_ratio, ratio

SIZE = 10 * 1024 * 1024
NAMESPACE = "bench"
REGISTRY_URL = re.compile(r"https?://swr\.[a-z0-9-]+\.myhuaweicloud\.(?:com|eu)(?::\d+)?(?:[/?#]|$)")


class RegistryStub:
    """The floor: a private ``RequestsMock`` answering each (method, path) with the bytes the
    fake answered it once; nothing else happens per request."""

    def __init__(self, replies: dict[tuple[str, str], Canned]) -> None:
        self.replies = replies
        self.misses: list[tuple[str, str]] = []

    def _reply(self, request: PreparedRequest) -> Canned:
        body = request.body
        if body is not None and not isinstance(body, bytes | str):
            b"".join(body)  # a streamed body is read, as the fake's transport reads it
        key = (request.method or "GET", (request.path_url or "/").split("?", 1)[0])
        found = self.replies.get(key)
        if found is None:  # answered, not raised: oras-py would retry an exception for minutes
            self.misses.append(key)
            return 404, {}, b""
        return found

    @contextlib.contextmanager
    def active(self) -> Iterator[responses.RequestsMock]:
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for method in ("GET", "HEAD", "POST", "PATCH", "PUT"):
            mock.add_callback(method, REGISTRY_URL, callback=self._reply, content_type=None)
        with mock:
            yield mock


def recording(swr: FakeSwr) -> tuple[dict[tuple[str, str], Canned], Callable[[], None]]:
    """Record what the fake answers, by method and path (the last answer wins)."""
    replies: dict[tuple[str, str], Canned] = {}
    interceptor = swr._interceptor
    original = interceptor._handler

    def handle(request: WireRequest) -> WireResponse:
        response = original(request)
        replies[(request.method, request.path)] = (response.status, dict(response.headers), response.body)
        return response

    interceptor._handler = handle

    def stop() -> None:
        interceptor._handler = original

    return replies, stop


def run(plan: Plan) -> list[Table]:
    import oras.client

    workdir = tempfile.mkdtemp(prefix="swr-fake-bench-registry-")
    blob_path = os.path.join(workdir, "blob.bin")
    with open(blob_path, "wb") as out:
        out.write(os.urandom(SIZE))
    host = registry_host("cn-north-4")
    target = f"{host}/{NAMESPACE}/app:v1"

    swr = FakeSwr()
    swr.create_namespace(NAMESPACE)
    with swr.backend.lock:
        login = swr.backend.create_secret(swr.backend.caller("cn-north-4"), "AKBENCH")
    fake_client = oras.client.OrasClient(hostname=host, auth_backend="token")
    fake_client.login(login.username, login.password, hostname=host)
    floor_client = oras.client.OrasClient(hostname=host, auth_backend="token")

    def forget_blobs() -> None:
        """Every push uploads the blob anew: the fake forgets it first (for the floor too)."""
        with swr.backend.lock:
            swr.backend.blob_links.clear()
            swr.backend.blobs.clear()

    def push(client: Any) -> Callable[[], object]:
        def call() -> object:
            forget_blobs()
            return client.push(target=target, files=[blob_path], disable_path_validation=True, quiet=True)

        return call

    def pull(client: Any) -> Callable[[], object]:
        return lambda: client.pull(target=target, outdir=os.path.join(workdir, "out"))

    # One push and one pull through the fake (tokens fetched), then the same again recorded.
    with swr:
        push(fake_client)()
        pull(fake_client)()
        replies, stop = recording(swr)
        push(fake_client)()
        pull(fake_client)()
        stop()
    stub = RegistryStub(replies)

    table = Table(
        "Registry throughput: a 10 MB blob through oras-py (same requests, same reply bytes)",
        ["operation", "floor (canned bytes)", "swr_fake", "floor MB/s", "swr_fake MB/s", "fake/floor (range)"],
    )
    megabytes = SIZE / 1024 / 1024
    scaled = plan.scaled(0.02)
    for name, fake_call, floor_call in (
        ("push (HEAD, POST, PUT blob; config; manifest)", push(fake_client), push(floor_client)),
        ("pull (manifest, blob to a file)", pull(fake_client), pull(floor_client)),
    ):
        with swr:  # the floor's pushes emptied the fake's store too: put the image back
            push(fake_client)()
        results = compare([Variant("fake", fake_call, lambda: swr), Variant("floor", floor_call, stub.active)], scaled)
        fake, floor = results["fake"], results["floor"]
        table.add(
            name,
            fmt_ns(floor.median),
            fmt_ns(fake.median),
            f"{megabytes / (floor.median / 1e9):.0f}",
            f"{megabytes / (fake.median / 1e9):.0f}",
            fmt_ratio(results, "fake", "floor", 3),
        )
        assert ratio(results, "fake", "floor") > 0
    if stub.misses:
        raise RuntimeError(f"the floor was asked what it never recorded: {sorted(set(stub.misses))}")
    table.notes.append(
        "floor: a bare private responses.RequestsMock on the registry host pattern, answering each method and "
        "path with the status, headers and body bytes the fake answered it (recorded from one push and pull)"
    )
    table.notes.append(
        "the fake verifies the sha256 of every uploaded blob, stores it, and serves it back without copying; "
        "before each push the fake's blob store is emptied (for the floor's runs too) so the blob is uploaded again"
    )
    table.notes.append(f"{scaled.calls} timed calls per round; oras-py reuses its token after the first challenge")
    return [table]
