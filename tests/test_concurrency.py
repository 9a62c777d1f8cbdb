"""Concurrency: many threads and the SDK's async client at once; nothing lost, duplicated or stuck.

Eight worker threads, each with its own SDK client, run a seeded random mix of operations while
the main thread drives ``SwrAsyncClient`` futures. The workload is built so that the final
state follows from the operations that succeeded, whatever order the lock put them in:

- disjoint keys: each thread owns an organization (its repositories and tags) and its own tags
  ``t<thread>-<k>`` in a shared repository; it knows exactly what they must hold;
- contended keys, checked with order-free arithmetic: every thread creates (``create_repo_tag``
  without override: 201 or 409) and deletes (204 or 404) the same few tags, so creations and
  deletions of a tag alternate and ``created - deleted`` is 1 exactly when the tag exists; all
  threads push ``latest`` (it ends on one of the pushed digests) and race to create the same
  organization (exactly one wins);
- lists run throughout and must be consistent within each answer.

Afterwards the state must equal what the recorded operations imply, tags are neither lost nor
duplicated (unique ids, every list agrees), no manifest is orphaned, and every thread finished
within its time limit (a deadlock fails the test instead of hanging it).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkswr.v2 import (
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    CreateRepoRequest,
    CreateRepoRequestBody,
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    DeleteRepoRequest,
    DeleteRepoTagRequest,
    ListReposDetailsRequest,
    ListRepositoryTagRequest,
    ListRepositoryTagsRequest,
    ShowRepositoryRequest,
)

from swr_fake import FakeSwr
from tests.robustness import record

THREADS = 8
SHARED = "shared"
HOT = "hot"
CONTENDED = ("c0", "c1", "c2")
OWN_REPOS = ("a", "b", "team/c")


def dollar(repository: str) -> str:
    """A repository as API paths spell it (``team/c`` → ``team$c``)."""
    return repository.replace("/", "$")


OWN_TAGS = ("1", "2", "3", "4")
SWITCH_INTERVAL = 1e-5  # seconds
JOIN_TIMEOUT = 300.0  # seconds; generous for slow CI machines, and only reached on a deadlock


def manifest(text: str) -> bytes:
    layer = hashlib.sha256(text.encode()).hexdigest()
    document = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 10,
            "digest": "sha256:" + layer,
        },
        "layers": [
            {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 100, "digest": "sha256:" + layer}
        ],
    }
    return json.dumps(document, separators=(",", ":")).encode()


def digest_of(text: str) -> str:
    return "sha256:" + hashlib.sha256(manifest(text)).hexdigest()


@dataclass
class Worker:
    """One thread's workload and what it recorded."""

    index: int
    swr: FakeSwr
    client: Any
    operations: int
    start: threading.Barrier
    own: dict[tuple[str, str], str] = field(default_factory=dict)  # (repository, tag) -> digest
    own_repos: set[str] = field(default_factory=set)
    hot: dict[str, str] = field(default_factory=dict)  # this thread's tags in the shared repository
    created: Counter[str] = field(default_factory=Counter)  # contended tag -> successful creations
    deleted: Counter[str] = field(default_factory=Counter)  # contended tag -> successful deletions
    latest: set[str] = field(default_factory=set)  # digests pushed as the shared `latest`
    won_race: bool = False
    done: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def namespace(self) -> str:
        return f"own{self.index}"

    def run(self) -> None:
        try:
            self.start.wait(timeout=JOIN_TIMEOUT)
            self.race()
            self.client.create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(self.namespace)))
            rng = random.Random(7919 * self.index)
            steps: list[tuple[int, Callable[[random.Random, int], None]]] = [
                (25, self.push_own), (10, self.retag_own), (10, self.delete_own_tag), (5, self.create_own_repo),
                (4, self.delete_own_repo), (15, self.push_hot), (5, self.delete_hot), (10, self.create_contended),
                (6, self.delete_contended), (5, self.push_latest), (5, self.read),
            ]  # fmt: skip
            weights = [weight for weight, _ in steps]
            for number in range(self.operations):
                ((_, step),) = rng.choices(steps, weights=weights)
                step(rng, number)
                self.done += 1
        except Exception as exc:  # recorded for the main thread, which fails the test
            self.failures.append(f"thread {self.index}: {exc!r}")

    def expect_error(self, call: Callable[[], Any], status: int, code: str) -> bool:
        """True if the call succeeded; False if it failed exactly as the contention allows."""
        try:
            call()
        except ClientRequestException as error:
            if (error.status_code, error.error_code) != (status, code):
                raise
            return False
        return True

    # --- the operations -------------------------------------------------------------------------------
    def race(self) -> None:
        request = CreateNamespaceRequest(body=CreateNamespaceRequestBody("race"))
        self.won_race = self.expect_error(lambda: self.client.create_namespace(request), 409, "SVCSTG.SWR.4090060")

    def push_own(self, rng: random.Random, number: int) -> None:
        repository, tag = rng.choice(OWN_REPOS), rng.choice(OWN_TAGS)
        content = f"{self.index}-{number}"
        assert self.swr.push_image(self.namespace, repository, tag, manifest(content)) == digest_of(content)
        self.own[repository, tag] = digest_of(content)
        self.own_repos.add(repository)

    def retag_own(self, rng: random.Random, number: int) -> None:
        if not self.own:
            return
        (repository, tag) = rng.choice(sorted(self.own))
        destination = rng.choice(OWN_TAGS)
        body = CreateRepoTagRequestBody(source_tag=tag, destination_tag=destination, override=True)
        self.client.create_repo_tag(CreateRepoTagRequest(self.namespace, dollar(repository), body))
        self.own[repository, destination] = self.own[repository, tag]

    def delete_own_tag(self, rng: random.Random, number: int) -> None:
        if not self.own:
            return
        repository, tag = rng.choice(sorted(self.own))
        self.client.delete_repo_tag(DeleteRepoTagRequest(self.namespace, dollar(repository), tag))
        del self.own[repository, tag]

    def create_own_repo(self, rng: random.Random, number: int) -> None:
        free = [name for name in OWN_REPOS if name not in self.own_repos]
        if not free:
            return
        repository = rng.choice(free)
        body = CreateRepoRequestBody(repository=repository, is_public=False, category="linux")
        self.client.create_repo(CreateRepoRequest(self.namespace, body))
        self.own_repos.add(repository)

    def delete_own_repo(self, rng: random.Random, number: int) -> None:
        if not self.own_repos:
            return
        repository = rng.choice(sorted(self.own_repos))
        self.client.delete_repo(DeleteRepoRequest(self.namespace, dollar(repository)))
        self.own_repos.discard(repository)
        self.own = {key: value for key, value in self.own.items() if key[0] != repository}

    def push_hot(self, rng: random.Random, number: int) -> None:
        tag, content = f"t{self.index}-{rng.randrange(5)}", f"hot-{self.index}-{number}"
        self.swr.push_image(SHARED, HOT, tag, manifest(content))
        self.hot[tag] = digest_of(content)

    def delete_hot(self, rng: random.Random, number: int) -> None:
        if not self.hot:
            return
        tag = rng.choice(sorted(self.hot))
        self.client.delete_repo_tag(DeleteRepoTagRequest(SHARED, HOT, tag))
        del self.hot[tag]

    def create_contended(self, rng: random.Random, number: int) -> None:
        tag = rng.choice(CONTENDED)
        body = CreateRepoTagRequestBody(source_tag="base", destination_tag=tag, override=False)
        request = CreateRepoTagRequest(SHARED, HOT, body)
        if self.expect_error(lambda: self.client.create_repo_tag(request), 409, "SVCSTG.SWR.4090006"):
            self.created[tag] += 1

    def delete_contended(self, rng: random.Random, number: int) -> None:
        tag = rng.choice(CONTENDED)
        request = DeleteRepoTagRequest(SHARED, HOT, tag)
        if self.expect_error(lambda: self.client.delete_repo_tag(request), 404, "SVCSTG.SWR.4040048"):
            self.deleted[tag] += 1

    def push_latest(self, rng: random.Random, number: int) -> None:
        content = f"latest-{self.index}-{number}"
        self.swr.push_image(SHARED, HOT, "latest", manifest(content))
        self.latest.add(digest_of(content))

    def read(self, rng: random.Random, number: int) -> None:
        """Each answer must agree with itself, whatever happens around it."""
        tags = self.client.list_repository_tags(ListRepositoryTagsRequest(SHARED, HOT, limit="1000"))
        names = [item.tag for item in tags.body or []]
        assert len(names) == len(set(names)) and {"base", "latest"} <= set(names)
        assert tags.content_range == f"0-{len(names)}/{len(names)}"
        walked = self.client.list_repository_tag(ListRepositoryTagRequest(SHARED, HOT, limit=1000))
        assert len({item.tag for item in walked.tags}) == len(walked.tags)
        repos = self.client.list_repos_details(ListReposDetailsRequest(limit="1000"))
        assert repos.content_range == f"0-{len(repos.body)}/{len(repos.body)}"
        if self.own_repos:  # nobody else touches them: the count is known exactly
            repository = rng.choice(sorted(self.own_repos))
            shown = self.client.show_repository(ShowRepositoryRequest(self.namespace, dollar(repository)))
            assert shown.num_images == sum(1 for (repo, _) in self.own if repo == repository)


def listed_tags(client: Any, namespace: str, repository: str) -> list[str]:
    """Every tag of the v2 list, page by page (a repository may hold more than one page)."""
    names: list[str] = []
    while True:
        page = client.list_repository_tags(
            ListRepositoryTagsRequest(namespace, dollar(repository), offset=str(len(names)), limit="1000")
        )
        items = page.body or []
        names += [item.tag for item in items]
        if len(items) < 1000:
            return names


def show_repository_or_none(client: Any, namespace: str, repository: str) -> Any:
    try:
        return client.show_repository(ShowRepositoryRequest(namespace, dollar(repository)))
    except ClientRequestException:
        return None


def run_async_wave(swr: FakeSwr, count: int) -> int:
    """Many futures at once on the async client: copies of a tag, reads, then deleting half."""
    client = swr.async_client()
    copies = [f"a{number}" for number in range(count)]
    futures = [
        client.create_repo_tag_async(
            CreateRepoTagRequest(SHARED, "hub", CreateRepoTagRequestBody(source_tag="base", destination_tag=tag))
        )
        for tag in copies
    ]
    futures += [client.show_repository_async(ShowRepositoryRequest(SHARED, "hub")) for _ in range(count // 4)]
    results(futures)
    gone = copies[::2]
    results([client.delete_repo_tag_async(DeleteRepoTagRequest(SHARED, "hub", tag)) for tag in gone])
    stored = swr.snapshot()["regions"][swr.region][SHARED]["repositories"]["hub"]["tags"]
    assert set(stored) == {"base", *(set(copies) - set(gone))}
    return len(futures) + len(gone)


def results(futures: list[Any]) -> list[Any]:
    """Every future's result, within the time limit (``FutureSdkResponse.result`` takes no timeout)."""
    collected: list[Any] = []
    errors: list[BaseException] = []

    def collect() -> None:
        try:
            collected.extend(future.result() for future in futures)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    collector = threading.Thread(target=collect, daemon=True)
    collector.start()
    collector.join(timeout=JOIN_TIMEOUT)
    assert not collector.is_alive(), "async futures did not finish (deadlock?)"
    assert not errors, errors
    assert len(collected) == len(futures)
    return collected


SCALES = [pytest.param(500, 400, id="ci"), pytest.param(2500, 2000, id="nightly", marks=pytest.mark.slow)]


@pytest.mark.parametrize(("per_thread", "futures"), SCALES)
def test_threads_and_futures_lose_nothing(
    swr: FakeSwr, request: pytest.FixtureRequest, per_thread: int, futures: int
) -> None:
    swr.tenant.quotas["namespace"] = THREADS + 5
    swr.create_namespace(SHARED)
    base = swr.push_image(SHARED, HOT, "base", manifest("base"))
    swr.push_image(SHARED, HOT, "latest", manifest("first-latest"))
    swr.push_image(SHARED, "hub", "base", manifest("base"))
    start = threading.Barrier(THREADS + 1)
    workers = [Worker(index, swr, swr.client(), per_thread, start) for index in range(THREADS)]
    threads = [threading.Thread(target=worker.run, name=f"worker-{worker.index}", daemon=True) for worker in workers]
    # Threads switch far more often than every 5 ms (the default), so that interleavings the
    # lock must prevent really happen.
    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        for thread in threads:
            thread.start()
        start.wait(timeout=JOIN_TIMEOUT)
        async_operations = run_async_wave(swr, futures)
        for thread in threads:
            thread.join(timeout=JOIN_TIMEOUT)
    finally:
        sys.setswitchinterval(previous_interval)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads still running (deadlock?): {stuck}"
    failures = [failure for worker in workers for failure in worker.failures]
    assert not failures, failures
    assert all(worker.done == per_thread for worker in workers)
    assert swr.dispatcher.internal_errors == [] and swr.dispatcher.schema_violations == []

    regions = swr.snapshot()["regions"][swr.region]
    # Exactly one thread created the organization they all raced for.
    assert sum(worker.won_race for worker in workers) == 1 and "race" in regions
    # Disjoint keys: each organization holds exactly what its thread recorded.
    for worker in workers:
        stored = regions[worker.namespace]["repositories"]
        assert set(stored) == worker.own_repos
        held = {
            (repository, tag): entry[1] for repository, repo in stored.items() for tag, entry in repo["tags"].items()
        }
        assert held == worker.own, worker.index
    hot = regions[SHARED]["repositories"][HOT]
    hot_tags = {tag: entry[1] for tag, entry in hot["tags"].items()}
    for worker in workers:
        mine = {tag: value for tag, value in hot_tags.items() if tag.startswith(f"t{worker.index}-")}
        assert mine == worker.hot, worker.index
    # Contended keys: creations and deletions alternate, so their difference says whether the tag exists.
    for tag in CONTENDED:
        created = sum(worker.created[tag] for worker in workers)
        deleted = sum(worker.deleted[tag] for worker in workers)
        assert created - deleted in (0, 1), (tag, created, deleted)
        assert (tag in hot_tags) == (created - deleted == 1), (tag, created, deleted)
        if tag in hot_tags:
            assert hot_tags[tag] == base
    pushed_latest = {digest_of("first-latest")}.union(*(worker.latest for worker in workers))
    assert hot_tags["base"] == base and hot_tags["latest"] in pushed_latest
    # Nothing lost or duplicated: unique tag ids, lists agree, no orphan manifests anywhere.
    expected_hot = {"base", "latest"} | {tag for tag in CONTENDED if tag in hot_tags}
    expected_hot |= {tag for worker in workers for tag in worker.hot}
    assert set(hot_tags) == expected_hot
    client = swr.client()
    for namespace, ns in regions.items():
        for repository, repo in ns["repositories"].items():
            ids = [entry[0] for entry in repo["tags"].values()]
            assert len(ids) == len(set(ids))
            assert sorted(repo["manifests"]) == sorted({entry[1] for entry in repo["tags"].values()})
            assert sorted(listed_tags(client, namespace, repository)) == sorted(repo["tags"])
            shown = show_repository_or_none(client, namespace, repository)
            assert shown is not None and shown.num_images == len(repo["tags"])

    operations = sum(worker.done for worker in workers) + async_operations
    print(f"{THREADS} threads x {per_thread} operations + {async_operations} async futures = {operations}")
    record(request, "concurrent_operations", operations)
