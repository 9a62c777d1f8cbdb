"""Against moto: equivalent ECR work through boto3 under ``mock_aws``, and swr_fake through requests."""

from __future__ import annotations

import contextlib
import io
import json
import statistics
from collections.abc import Callable, Iterator
from typing import Any

from swr_fake import FakeSwr

from .common import NAMESPACE, TOKEN_HEADERS, CannedStub, capture, path_of, seed_tags, session
from .report import Table, verdict
from .timing import Plan, Variant, compare, fmt_ns, fmt_ratio, ratio

REPOSITORIES = 100
TAGS = 100


def _ecr_manifest(index: int) -> str:
    """A distinct docker v2 manifest per index."""
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 1470,
                "digest": f"sha256:{index:064x}",
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 1_000_000 + index,
                    "digest": f"sha256:{index + 10**9:064x}",
                }
            ],
        }
    )


def run(plan: Plan) -> list[Table]:
    import boto3
    from moto import mock_aws

    moto = mock_aws()
    moto.start()
    swr = FakeSwr()
    try:
        ecr = boto3.client("ecr", region_name="us-east-1")
        swr.tenant.quotas["namespace"] = 10
        swr.create_namespace(NAMESPACE)
        for index in range(REPOSITORIES):
            ecr.create_repository(repositoryName=f"repo{index:03d}")
            swr.create_repository(NAMESPACE, f"repo{index:03d}")
        for index in range(TAGS):
            ecr.put_image(repositoryName="repo000", imageManifest=_ecr_manifest(index), imageTag=f"v{index:06d}")
        seed_tags(swr, "repo000", TAGS)
        # Started each round on top of moto's mock (which then never sees SWR hosts).
        return [_measure(plan, ecr, swr), _fakes_alone(plan, ecr, swr)]
    finally:
        moto.stop()


def _measure(plan: Plan, ecr: Any, swr: FakeSwr) -> Table:
    http = session()
    base = swr.endpoint + f"/v2/manage/namespaces/{NAMESPACE}/repos"
    tags_url = f"{base}/repo000/tags"
    manifest = _ecr_manifest(0)
    described = ecr.describe_repositories(maxResults=10)["repositories"]
    repos_url = swr.endpoint + "/v2/manage/repos"
    canned = {
        ("GET", path_of(f"{base}/repo000")): capture(swr, http, "GET", f"{base}/repo000"),
        ("POST", path_of(base)): capture(swr, http, "POST", base, json={"repository": "scratch", "is_public": False}),
        ("DELETE", path_of(f"{base}/scratch")): capture(swr, http, "DELETE", f"{base}/scratch"),
        ("POST", path_of(tags_url)): capture(
            swr, http, "POST", tags_url, json={"source_tag": "v000000", "destination_tag": "extra"}
        ),
        ("DELETE", path_of(f"{tags_url}/extra")): capture(swr, http, "DELETE", f"{tags_url}/extra"),
        ("GET", path_of(tags_url)): capture(swr, http, "GET", tags_url, params={"limit": "100"}),
        ("GET", path_of(repos_url)): capture(
            swr, http, "GET", repos_url, params={"namespace": NAMESPACE, "limit": "100"}
        ),
    }
    assert all(reply[0] < 300 for reply in canned.values()), "the fake did not answer as expected"
    stub = CannedStub(canned, ("GET", "POST", "DELETE"))

    moto_calls: dict[str, Callable[[], object]] = {
        "describe one repository": lambda: ecr.describe_repositories(repositoryNames=["repo000"]),
        "create + delete repository": lambda: (
            ecr.create_repository(repositoryName="scratch"),
            ecr.delete_repository(repositoryName="scratch"),
        ),
        "add + delete image tag": lambda: (
            ecr.put_image(repositoryName="repo000", imageManifest=manifest, imageTag="extra"),
            ecr.batch_delete_image(repositoryName="repo000", imageIds=[{"imageTag": "extra"}]),
        ),
        f"list {TAGS} image tags": lambda: ecr.list_images(repositoryName="repo000", maxResults=100),
        f"list {TAGS} images with details": lambda: ecr.describe_images(repositoryName="repo000", maxResults=100),
        f"list {REPOSITORIES} repositories": lambda: ecr.describe_repositories(maxResults=100),
    }
    swr_calls: dict[str, Callable[[], object]] = {
        "describe one repository": lambda: http.get(f"{base}/repo000", headers=TOKEN_HEADERS),
        "create + delete repository": lambda: (
            http.post(base, json={"repository": "scratch", "is_public": False}, headers=TOKEN_HEADERS),
            http.delete(f"{base}/scratch", headers=TOKEN_HEADERS),
        ),
        "add + delete image tag": lambda: (
            http.post(tags_url, json={"source_tag": "v000000", "destination_tag": "extra"}, headers=TOKEN_HEADERS),
            http.delete(f"{tags_url}/extra", headers=TOKEN_HEADERS),
        ),
        f"list {TAGS} image tags": lambda: http.get(tags_url, params={"limit": "100"}, headers=TOKEN_HEADERS),
        f"list {TAGS} images with details": lambda: http.get(tags_url, params={"limit": "100"}, headers=TOKEN_HEADERS),
        f"list {REPOSITORIES} repositories": lambda: http.get(
            repos_url, params={"namespace": NAMESPACE, "limit": "100"}, headers=TOKEN_HEADERS
        ),
    }
    swr_ops = {
        "describe one repository": "show_repository",
        "create + delete repository": "create_repo + delete_repo",
        "add + delete image tag": "create_repo_tag + delete_repo_tag",
        f"list {TAGS} image tags": "list_repository_tags, limit=100",
        f"list {TAGS} images with details": "list_repository_tags, limit=100",
        f"list {REPOSITORIES} repositories": "list_repos_details, limit=100",
    }
    moto_ops = {
        "describe one repository": "describe_repositories(repositoryNames=[1])",
        "create + delete repository": "create_repository + delete_repository",
        "add + delete image tag": "put_image + batch_delete_image",
        f"list {TAGS} image tags": "list_images",
        f"list {TAGS} images with details": "describe_images",
        f"list {REPOSITORIES} repositories": "describe_repositories(maxResults=100)",
    }
    targets = {name: 5.0 if name.startswith("list") else 2.0 for name in moto_calls}
    costs = {name: 0.1 if "repositories" in name and name.startswith("list") else 0.3 for name in moto_calls}

    table = Table(
        "Against moto (ECR mock, boto3) — swr_fake through plain requests",
        ["work", "moto", "swr_fake", "moto/swr_fake (range)", "target", "", "moto/floor", "moto call", "swr_fake call"],
    )
    for name, moto_call in moto_calls.items():
        variants = [
            Variant("moto", moto_call),
            Variant("swr", swr_calls[name], lambda: swr),
            Variant("floor", swr_calls[name], stub.active),
        ]
        results = compare(variants, plan.scaled(costs[name]))
        speedup = ratio(results, "moto", "swr")
        table.add(
            name, fmt_ns(results["moto"].median), fmt_ns(results["swr"].median), fmt_ratio(results, "moto", "swr"),
            f"≥ {targets[name]:.0f}×", verdict(speedup >= targets[name]), f"{ratio(results, 'moto', 'floor'):.2f}",
            moto_ops[name], swr_ops[name],
        )  # fmt: skip
    table.notes.append(
        f"moto's describe_repositories ignores maxResults: asked for 10 of {REPOSITORIES}, it returned "
        f"{len(described)}; list_images and describe_images likewise return everything. Every list here holds "
        "exactly 100 items, so the work is the same."
    )
    table.notes.append(
        "an SWR v2 tag list item carries the manifest, paths, size and dates (about 1 KB): moto's list_images "
        "returns only digest + tag pairs, its describe_images is the closer match; the ≥ 5× listing target "
        "is read on the repository listing"
    )
    table.notes.append("boto3 client created once inside mock_aws (client creation is not timed)")
    table.notes.append(
        "moto/floor: moto against the same requests answered with canned bytes (no fake at all): the most any "
        "fake behind requests could reach on this machine"
    )
    return table


class _CannedBody(io.BytesIO):
    """The raw body botocore reads a canned answer from (it asks for ``stream()``)."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        chunk = self.read()
        while chunk:
            yield chunk
            chunk = self.read()


def _fakes_alone(plan: Plan, ecr: Any, swr: FakeSwr) -> Table:
    """``list_images`` against ``list_repository_tags`` with each client's own floor taken out.

    Each side is timed against its client answered with canned bytes: boto3 with moto's captured
    reply (a ``before-send`` handler, moto switched off), requests with swr_fake's (the floor
    above). What is left is the cost of each fake itself, whatever its client and payload.
    """
    from botocore.awsrequest import AWSResponse  # type: ignore[import-untyped]
    from moto.core.models import botocore_stubber

    captured: dict[str, Any] = {}

    def capture_reply(response_dict: dict[str, Any], **_: Any) -> None:
        captured.update(status=response_dict["status_code"], headers=dict(response_dict["headers"]))
        captured["body"] = response_dict["body"]

    ecr.meta.events.register("before-parse.ecr.ListImages", capture_reply)
    ecr.list_images(repositoryName="repo000", maxResults=100)
    ecr.meta.events.unregister("before-parse.ecr.ListImages", capture_reply)
    canned_on = [False]

    def canned_reply(request: Any, **_: Any) -> Any:
        if not canned_on[0]:
            return None
        return AWSResponse(request.url, captured["status"], captured["headers"], _CannedBody(captured["body"]))

    ecr.meta.events.register("before-send.ecr.ListImages", canned_reply)

    @contextlib.contextmanager
    def boto_floor() -> Iterator[None]:
        canned_on[0], botocore_stubber.enabled = True, False
        try:
            yield
        finally:
            canned_on[0], botocore_stubber.enabled = False, True

    http = session()
    tags_url = swr.endpoint + f"/v2/manage/namespaces/{NAMESPACE}/repos/repo000/tags"
    reply = capture(swr, http, "GET", tags_url, params={"limit": "100"})
    stub = CannedStub({("GET", path_of(tags_url)): reply}, ("GET",))

    def moto_call() -> object:
        return ecr.list_images(repositoryName="repo000", maxResults=100)

    def swr_call() -> object:
        return http.get(tags_url, params={"limit": "100"}, headers=TOKEN_HEADERS)

    variants = [
        Variant("moto", moto_call),
        Variant("boto3 floor", moto_call, boto_floor),
        Variant("swr", swr_call, lambda: swr),
        Variant("requests floor", swr_call, stub.active),
    ]
    results = compare(variants, plan.scaled(0.3))
    rounds = len(results["moto"].rounds)
    moto_alone = [results["moto"].rounds[i] - results["boto3 floor"].rounds[i] for i in range(rounds)]
    swr_alone = [results["swr"].rounds[i] - results["requests floor"].rounds[i] for i in range(rounds)]
    # A ratio of medians: a round's difference can be near zero (or below) when the machine is busy.
    alone_ratio = statistics.median(moto_alone) / statistics.median(swr_alone)
    table = Table(
        f"list_images against list_repository_tags, each fake without its client ({TAGS} tags)",
        ["side", "through its client", "its client's floor (canned bytes)", "the fake alone", "reply size"],
    )
    swr_size = len(reply[2])
    for side, fake, floor, alone, size in (
        ("moto list_images (boto3)", "moto", "boto3 floor", moto_alone, len(captured["body"])),
        ("swr_fake list_repository_tags (requests)", "swr", "requests floor", swr_alone, swr_size),
    ):
        table.add(
            side, fmt_ns(results[fake].median), fmt_ns(results[floor].median),
            fmt_ns(statistics.median(alone)), f"{size:,} B",
        )  # fmt: skip
    table.notes.append(
        f"moto alone / swr_fake alone: {alone_ratio:.1f}× (medians over rounds of each fake's time minus its "
        "floor's in the same round); through the clients the ratio is capped by the clients' own cost"
    )
    table.notes.append(
        "boto3 floor: the same client, moto switched off and a before-send handler answering moto's captured reply"
    )
    return table
