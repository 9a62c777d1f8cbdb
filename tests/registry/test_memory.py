"""Memory: a 50 MB blob is held at most twice while it is pushed or pulled, and once in the
store however many repositories and tags use it."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from .conftest import Registry

SIZE = 50 * 1024 * 1024
NAME = "team/big"


@contextmanager
def peak_allocation() -> Iterator[Callable[[], int]]:
    """The largest amount of memory allocated at once inside the block, beyond what existed before."""
    tracemalloc.start()
    try:
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result: list[int] = []
        yield lambda: result[0]
        result.append(tracemalloc.get_traced_memory()[1] - base)
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def blob() -> bytes:
    return bytes(range(256)) * (SIZE // 256)


def bearer(registry: Registry) -> dict[str, str]:
    return {"Authorization": f"Bearer {registry.token(NAME, credentials=registry.login())}"}


def start(registry: Registry, headers: dict[str, str]) -> str:
    started = registry.handle("POST", f"/v2/{NAME}/blobs/uploads/", headers)
    assert started.status == 202
    return started.headers["Location"].split(registry.host, 1)[1]


def test_a_monolithic_push_and_a_pull_hold_the_blob_at_most_twice(registry: Registry, blob: bytes) -> None:
    headers = bearer(registry)
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    location = start(registry, headers)
    with peak_allocation() as pushed:
        done = registry.handle("PUT", f"{location}?digest={digest}", headers, blob)
    assert done.status == 201
    assert pushed() < 2 * SIZE
    with peak_allocation() as pulled:
        answer = registry.handle("GET", f"/v2/{NAME}/blobs/{digest}", headers)
    assert answer.status == 200 and len(answer.body) == SIZE
    assert pulled() < 2 * SIZE
    assert registry.swr.backend.blobs[digest].data is blob  # the request body itself was stored


def test_a_chunked_push_holds_the_blob_at_most_twice(registry: Registry, blob: bytes) -> None:
    headers = bearer(registry)
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    step = SIZE // 5
    chunks = [blob[first : first + step] for first in range(0, SIZE, step)]
    location = start(registry, headers)
    with peak_allocation() as pushed:
        for index, chunk in enumerate(chunks):
            first = index * step
            ranged = {**headers, "Content-Range": f"{first}-{first + len(chunk) - 1}"}
            assert registry.handle("PATCH", location, ranged, chunk).status == 202
        assert registry.handle("PUT", f"{location}?digest={digest}", headers).status == 201
    assert pushed() < 2 * SIZE + step  # the upload buffer and the final bytes (plus slack for one chunk)


def test_blobs_are_stored_once_however_many_repositories_use_them(registry: Registry) -> None:
    data = b"shared" * 100_000
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    for index in range(5):
        name = f"team/repo{index}"
        headers = {"Authorization": f"Bearer {registry.token(name, credentials=registry.login())}"}
        location = registry.handle("POST", f"/v2/{name}/blobs/uploads/", headers).headers["Location"]
        path = location.split(registry.host, 1)[1]
        assert registry.handle("PUT", f"{path}?digest={digest}", headers, bytes(data)).status == 201
    assert [blob.digest for blob in registry.swr.backend.blobs.values()] == [digest]
    assert len(registry.swr.snapshot()["blob_links"]) == 5
