"""Scale: one page of a list whose collection holds 1k, 10k or 100k items; memory per item.

State is seeded straight into the backend (no HTTP) so that seeding 100k items takes seconds.
"""

from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import requests

from swr_fake import FakeSwr
from swr_fake.api.dispatch import WireRequest
from swr_fake.backend.tags import synthetic_manifest
from swr_fake.model import Manifest, Namespace, Repository

from .common import NAMESPACE, TOKEN_HEADERS, session
from .report import Table, verdict
from .timing import Plan, Variant, compare, fmt_ns

SIZES = (1_000, 10_000, 100_000)
MANIFESTS = 100  # tags point at this many distinct images (each listed tag carries its manifest)
FLAT = 2.0  # page cost from 1k to 100k items
PER_ITEM_BYTES = 1024


@contextmanager
def traced() -> Iterator[list[int]]:
    """Bytes allocated and still held by the block (tracemalloc)."""
    out: list[int] = []
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    try:
        yield out
    finally:
        out.append(tracemalloc.get_traced_memory()[0] - before)
        tracemalloc.stop()


def _big_repo(swr: FakeSwr, name: str) -> Repository:
    swr.create_namespace(NAMESPACE)
    return swr.create_repository(NAMESPACE, name)


def seed_shared_manifest_tags(swr: FakeSwr, repo: Repository, count: int, manifests: list[Manifest]) -> int:
    """``count`` tags over a fixed set of images, through ``_set_tag``; returns bytes held."""
    with swr.backend.lock, traced() as held:
        for index in range(count):
            swr.backend._set_tag(repo, f"v{index:06d}", manifests[index % len(manifests)])
    return held[0]


def active(swr: FakeSwr) -> Callable[[], FakeSwr]:
    """A round context that starts and stops this fake."""
    return lambda: swr


def moved_then(
    swr: FakeSwr, repo: Repository, manifests: list[Manifest], then: Callable[[], object]
) -> Callable[[], object]:
    """Move one tag to another image (the cached order is rebuilt on the next listing), then ``then()``."""
    images = itertools.cycle(manifests)

    def call() -> object:
        with swr.backend.lock:
            swr.backend._set_tag(repo, "v000000", next(images))
        return then()

    return call


def run(plan: Plan, quick: bool) -> list[Table]:
    return [_tags(plan), _namespaces(plan), _repositories(plan)]


def _timed_page(
    http: requests.Session, swr: FakeSwr, url: str, params: dict[str, str]
) -> tuple[Callable[[], object], Callable[[], object]]:
    """(a page through requests, the same page through the dispatcher alone)."""
    prepared = http.prepare_request(requests.Request("GET", url, params=params, headers=TOKEN_HEADERS))
    wire = WireRequest("GET", prepared.url or url, TOKEN_HEADERS, None)

    def through_requests() -> object:
        response = http.get(url, params=params, headers=TOKEN_HEADERS)
        assert response.status_code == 200, response.text
        return response

    return through_requests, lambda: swr.dispatcher.handle(wire)


def _tags(plan: Plan) -> Table:
    http = session()
    manifests = [Manifest.parse(synthetic_manifest(f"image-{index}")) for index in range(MANIFESTS)]
    variants: list[Variant] = []
    held: dict[int, int] = {}
    for size in SIZES:
        swr = FakeSwr()
        repo = _big_repo(swr, "big")
        held[size] = seed_shared_manifest_tags(swr, repo, size, manifests)
        url = swr.endpoint + f"/v2/manage/namespaces/{NAMESPACE}/repos/big/tags"
        first, own = _timed_page(http, swr, url, {"limit": "100"})
        middle, _ = _timed_page(http, swr, url, {"limit": "100", "offset": str(size // 2)})
        variants += [
            Variant(f"first/{size}", first, active(swr)),
            Variant(f"middle/{size}", middle, active(swr)),
            Variant(f"own/{size}", own),
            Variant(f"changed/{size}", moved_then(swr, repo, manifests, first), active(swr), min(1.0, 2_000 / size)),
        ]
    own_manifest = FakeSwr()
    _big_repo(own_manifest, "own")
    with own_manifest.backend.lock, traced() as own_held:
        for index in range(10_000):
            own_manifest.push_image(NAMESPACE, "own", f"v{index:06d}")
    results = compare(variants, plan.scaled(0.3))

    table = Table(
        "Scale: one page of 100 tags (v2 list_repository_tags, limit=100)",
        ["tags in repository", "first page", "page at offset n/2", "fake alone (dispatcher)",
         "first page after a tag moved", "memory per tag"],
    )  # fmt: skip
    for size in SIZES:
        table.add(
            f"{size:,}", fmt_ns(results[f"first/{size}"].median), fmt_ns(results[f"middle/{size}"].median),
            fmt_ns(results[f"own/{size}"].median), fmt_ns(results[f"changed/{size}"].median),
            f"{held[size] / size:,.0f} B",
        )  # fmt: skip
    lo, hi = SIZES[0], SIZES[-1]
    flat = results[f"first/{hi}"].median / results[f"first/{lo}"].median
    own_flat = results[f"own/{hi}"].median / results[f"own/{lo}"].median
    worst = max(held[size] / size for size in SIZES)
    table.notes += [
        f"page cost {hi:,} vs {lo:,} tags: ×{flat:.2f} through requests, ×{own_flat:.2f} for the fake alone "
        f"(target ≤ ×{FLAT:.0f}: {verdict(max(flat, own_flat) <= FLAT)})",
        f"memory per tag (tags over {MANIFESTS} shared images): up to {worst:,.0f} B "
        f"(target ≤ {PER_ITEM_BYTES} B: {verdict(worst <= PER_ITEM_BYTES)}); with its own image, as push_image "
        f"makes one, a tag holds {own_held[0] / 10_000:,.0f} B (tag + manifest bytes + digest), measured over 10,000",
        "after a change the kept order is patched by bisection (no sort), and the next page reads it through a view",
    ]
    return table


def seed_namespaces(swr: FakeSwr, count: int) -> int:
    """``count`` organizations of the default account, put straight into the region's state."""
    backend = swr.backend
    tenant, admin = swr.tenant, swr.tenant.admin
    tenant.quotas["namespace"] = count + 10
    with backend.lock, traced() as held:
        namespaces = backend.region(swr.region).namespaces
        for index in range(count):
            name = f"org{index:06d}"
            namespaces[name] = Namespace(
                id=backend.ids.next_int("namespace"),
                name=name,
                region=swr.region,
                domain_id=tenant.domain_id,
                creator_id=admin.user_id,
                creator_name=admin.user_name,
                created=backend.now(),
            )
    return held[0]


def _namespaces(plan: Plan) -> Table:
    http = session()
    variants: list[Variant] = []
    held: dict[int, int] = {}
    for size in SIZES:
        swr = FakeSwr()
        held[size] = seed_namespaces(swr, size)
        listing, own = _timed_page(http, swr, swr.endpoint + "/v2/manage/namespaces", {})
        one, _ = _timed_page(http, swr, swr.endpoint + "/v2/manage/namespaces", {"namespace": "org000007"})
        weight = min(1.0, 1_000 / size)
        variants += [
            Variant(f"all/{size}", listing, active(swr), weight=weight),
            Variant(f"own/{size}", own, weight=weight),
            Variant(f"one/{size}", one, active(swr), weight=weight),
        ]
    results = compare(variants, plan.scaled(0.1))
    table = Table(
        "Scale: organizations (list_namespaces is not paginated: every call returns all of them)",
        ["organizations", "list all", "per organization listed", "fake alone (dispatcher)",
         "filtered to one (?namespace=)", "memory per organization"],
    )  # fmt: skip
    for size in SIZES:
        table.add(
            f"{size:,}", fmt_ns(results[f"all/{size}"].median), fmt_ns(results[f"all/{size}"].median / size),
            fmt_ns(results[f"own/{size}"].median), fmt_ns(results[f"one/{size}"].median),
            f"{held[size] / size:,.0f} B",
        )  # fmt: skip
    lo, hi = SIZES[0], SIZES[-1]
    table.notes += [
        "the API has no paging for organizations, so the cost grows with their number by design; "
        f"per organization it stays about the same (×{results[f'all/{hi}'].median / results[f'all/{lo}'].median:.0f} "
        f"for ×{hi // lo} organizations)",
        f"filtered to one name: ×{results[f'one/{hi}'].median / results[f'one/{lo}'].median:.2f} from {lo:,} to {hi:,}",
        "organizations are seeded straight into the region (create_namespace counts the account's organizations "
        "for the quota on every call); the default quota of 5 is raised for the bench",
    ]
    return table


def _repositories(plan: Plan) -> Table:
    http = session()
    variants: list[Variant] = []
    held: dict[int, int] = {}
    for size in SIZES:
        swr = FakeSwr()
        swr.tenant.quotas["namespace"] = 10
        caller = swr.backend.caller(swr.region)
        names = [f"team{index}" for index in range(10)]
        for name in names:
            swr.create_namespace(name)
        with swr.backend.lock, traced() as repo_held:
            for index in range(size):
                swr.backend.create_repo(caller, names[index % 10], f"app{index:06d}", False)
        held[size] = repo_held[0]
        url = swr.endpoint + "/v2/manage/repos"
        first, own = _timed_page(http, swr, url, {"limit": "100"})
        one_ns, _ = _timed_page(http, swr, url, {"limit": "100", "namespace": "team3"})
        weight = min(1.0, 2_000 / size)
        variants += [
            Variant(f"first/{size}", first, active(swr), weight=weight),
            Variant(f"own/{size}", own, weight=weight),
            Variant(f"ns/{size}", one_ns, active(swr), weight=weight),
        ]
    results = compare(variants, plan.scaled(0.3))
    table = Table(
        "Scale: one page of 100 repositories (v2 list_repos_details, limit=100), over 10 organizations",
        ["repositories", "first page", "fake alone (dispatcher)", "page of one organization", "memory per repository"],
    )
    for size in SIZES:
        table.add(
            f"{size:,}", fmt_ns(results[f"first/{size}"].median), fmt_ns(results[f"own/{size}"].median),
            fmt_ns(results[f"ns/{size}"].median), f"{held[size] / size:,.0f} B",
        )  # fmt: skip
    lo, hi = SIZES[0], SIZES[-1]
    flat = results[f"first/{hi}"].median / results[f"first/{lo}"].median
    table.notes += [
        f"page cost {hi:,} vs {lo:,} repositories: ×{flat:.2f} (target ≤ ×{FLAT:.0f}: {verdict(flat <= FLAT)})",
        "namespace quota raised to 10 for the bench (default 5)",
    ]
    return table
