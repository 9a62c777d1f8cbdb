"""Overhead over the interception floor: the fake against canned bytes behind the same mock."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from swr_fake import FakeSwr, endpoint_for

from .common import NAMESPACE, TOKEN_HEADERS, CannedStub, capture, path_of, seed_tags, session
from .report import Table, verdict
from .timing import Plan, Variant, compare, fmt_ns, fmt_ratio, ratio

TARGET = 1.15  # the fake may add at most 15 % over the floor
SHOW = "show repository"
LIST = "list 100 tags (v2, limit=100)"
LIST_COLD = "list 100 tags, nothing kept"
LIST_MOVED = "list 100 tags after one moved"
CREATE = "create + delete repository"


def sdk_client_for(swr: FakeSwr) -> Any:
    """An SDK client built the usual way, with nothing of the fake in it (for the stub)."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.region.region import Region
    from huaweicloudsdkswr.v2 import SwrClient

    credentials = BasicCredentials(swr.access_key, swr.secret_key, swr.project_id())
    region = Region(swr.region, endpoint_for(swr.region))
    return SwrClient.new_builder().with_credentials(credentials).with_region(region).build()


def _forget(memo: dict[Any, Any]) -> None:
    """Drop what the views keep, as they drop it themselves (older versions: just clear it)."""
    from swr_fake.api import views

    getattr(views, "forget_tag_encodings", dict.clear)(memo)


def run(plan: Plan) -> list[Table]:
    from huaweicloudsdkswr.v2 import (
        CreateRepoRequest,
        CreateRepoRequestBody,
        DeleteRepoRequest,
        ListRepositoryTagsRequest,
        ShowRepositoryRequest,
    )

    swr = FakeSwr()
    swr.create_namespace(NAMESPACE)
    seed_tags(swr, "app", 100)
    http = session()
    base = swr.endpoint + f"/v2/manage/namespaces/{NAMESPACE}/repos"
    show_url, tags_url, tmp_url = f"{base}/app", f"{base}/app/tags", f"{base}/tmp"
    create_body = {"repository": "tmp", "is_public": False}

    canned = {
        ("GET", path_of(show_url)): capture(swr, http, "GET", show_url),
        ("GET", path_of(tags_url)): capture(swr, http, "GET", tags_url, params={"limit": "100"}),
        ("POST", path_of(base)): capture(swr, http, "POST", base, json=create_body),
        ("DELETE", path_of(tmp_url)): capture(swr, http, "DELETE", tmp_url),
    }
    assert [reply[0] for reply in canned.values()] == [200, 200, 201, 204], "the fake did not answer as expected"
    stub = CannedStub(canned, ("GET", "POST", "DELETE"))

    fake_sdk, stub_sdk = swr.client(), sdk_client_for(swr)
    show_req = ShowRepositoryRequest(namespace=NAMESPACE, repository="app")
    tags_req = ListRepositoryTagsRequest(namespace=NAMESPACE, repository="app", limit="100")
    create_req = CreateRepoRequest(namespace=NAMESPACE, body=CreateRepoRequestBody(repository="tmp", is_public=False))
    delete_req = DeleteRepoRequest(namespace=NAMESPACE, repository="tmp")

    repo = swr.backend.regions[swr.region].namespaces[NAMESPACE].repositories["app"]
    images = itertools.cycle(list(repo.manifests.values())[1:3])

    def forget(then: Callable[[], object]) -> Callable[[], object]:
        """Drop the kept encodings first: the page and every item are rendered from the model."""

        def call() -> object:
            if hasattr(swr.backend, "tag_memo"):  # where the views keep them (older versions: on the record)
                _forget(swr.backend.tag_memo(repo))
            elif hasattr(repo, "rendered"):
                repo.rendered = None
            return then()

        return call

    def moved(then: Callable[[], object]) -> Callable[[], object]:
        """Move one tag to another image first (the same work precedes the fake's and the floor's call)."""

        def call() -> object:
            with swr.backend.lock:
                swr.backend._set_tag(repo, "v000000", next(images))
            return then()

        return call

    def list_tags() -> object:
        return http.get(tags_url, params={"limit": "100"}, headers=TOKEN_HEADERS)

    def http_calls() -> dict[str, Callable[[], object]]:
        return {
            SHOW: lambda: http.get(show_url, headers=TOKEN_HEADERS),
            LIST: list_tags,
            LIST_COLD: forget(list_tags),
            LIST_MOVED: moved(list_tags),
            CREATE: lambda: (
                http.post(base, json=create_body, headers=TOKEN_HEADERS),
                http.delete(tmp_url, headers=TOKEN_HEADERS),
            ),
        }

    def sdk_calls(client: Any) -> dict[str, Callable[[], object]]:
        return {
            SHOW: lambda: client.show_repository(show_req),
            LIST: lambda: client.list_repository_tags(tags_req),
            LIST_COLD: forget(lambda: client.list_repository_tags(tags_req)),
            LIST_MOVED: moved(lambda: client.list_repository_tags(tags_req)),
            CREATE: lambda: (client.create_repo(create_req), client.delete_repo(delete_req)),
        }

    table = Table(
        "Overhead over the interception floor (same requests, same reply bytes)",
        ["request", "client", "floor (canned bytes)", "swr_fake", "fake − floor", "fake/floor (range)", "≤ 1.15"],
    )
    costs = {SHOW: 1.0, LIST: 0.25, LIST_COLD: 0.25, LIST_MOVED: 0.25, CREATE: 0.5}
    via_http, via_fake_sdk, via_stub_sdk = http_calls(), sdk_calls(fake_sdk), sdk_calls(stub_sdk)
    for name, cost in costs.items():
        variants = [
            Variant("fake/requests", via_http[name], lambda: swr),
            Variant("floor/requests", via_http[name], stub.active),
            Variant("fake/sdk", via_fake_sdk[name], lambda: swr),
            Variant("floor/sdk", via_stub_sdk[name], stub.active),
        ]
        results = compare(variants, plan.scaled(cost))
        for client in ("requests", "sdk"):
            fake, floor = results[f"fake/{client}"], results[f"floor/{client}"]
            r = ratio(results, f"fake/{client}", f"floor/{client}")
            label = "requests" if client == "requests" else "SDK"
            table.add(
                name, label, fmt_ns(floor.median), fmt_ns(fake.median), fmt_ns(fake.median - floor.median),
                fmt_ratio(results, f"fake/{client}", f"floor/{client}", 3), verdict(r <= TARGET),
            )  # fmt: skip
    table.notes.append(
        "fake/floor is the median of the per-round ratios (both ran back to back in each round), with the "
        "lowest and highest round; the absolute columns are medians over rounds and can disagree with it "
        "when the machine changes speed between rounds"
    )
    table.notes.append(
        "floor: a bare private responses.RequestsMock, one callback per method on the same host pattern, "
        "returning the status, headers and body bytes captured from the fake for that request"
    )
    table.notes.append("the repository holds 100 tags, each with its own manifest; list items carry the manifest")
    table.notes.append(
        "the fake keeps each tag's encoded list item and each page's encoding until the tags change: "
        f"'{LIST}' repeats an unchanged page, '{LIST_COLD}' drops everything kept before each call, "
        f"'{LIST_MOVED}' moves one tag before each call (for the floor too), so the page is rebuilt from 99 kept "
        "items and one new one"
    )
    return [table, _first_listing(plan, swr, repo, list_tags, forget(list_tags), stub)]


def _first_listing(
    plan: Plan, swr: FakeSwr, repo: Any, warm: Callable[[], object], cold: Callable[[], object], stub: CannedStub
) -> Table:
    """What the first listing of a page cannot skip: the bytes must be built once, and each item
    carries its manifest as an escaped JSON string. Timed against the same floor, same rounds."""
    from swr_fake.api import views

    ordered = swr.backend.list_tags(swr.backend.caller(swr.region), NAMESPACE, "app")[1][:100]
    texts = [repo.manifests[tag.digest].raw.decode() for tag in ordered]
    scratch: dict[Any, Any] = {}

    def build() -> object:
        scratch.clear()
        return views.tag_items_v2(repo, ordered, scratch).raw

    variants = [
        Variant("floor", warm, stub.active),
        Variant("fake", cold, lambda: swr),
        Variant("escape", lambda: [views.encode_string(text) for text in texts]),
        Variant("build", build),
    ]
    results = compare(variants, plan.scaled(0.25))
    floor = results["floor"].median
    table = Table(
        "The first listing of 100 tags: what no fake can skip (requests)",
        ["work", "time", "share of the floor", "fake/floor would be at least"],
    )
    rows = [
        ("floor: the canned page through requests", "floor"),
        ("escape the page's 100 manifests as JSON strings, alone", "escape"),
        ("build the whole page from the model (no HTTP)", "build"),
        ("swr_fake, nothing kept (the whole request)", "fake"),
    ]
    for label, name in rows:
        cost = results[name].median
        share = "" if name in ("floor", "fake") else f"{ratio(results, name, 'floor'):.1%}"
        least = f"{1 + ratio(results, name, 'floor'):.2f}" if share else ""
        table.add(label, fmt_ns(cost), share, least if name != "fake" else f"{cost / floor:.2f} (measured)")
    table.notes.append(
        "the floor sends bytes it never built; a fake must build them once, and escaping the manifests alone is "
        "the part no encoder can skip (every later listing reuses the encodings)"
    )
    return table
