from __future__ import annotations

import hashlib
import json

import pytest
from huaweicloudsdkswr.v2 import (
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    DeleteRepoTagRequest,
    ListRepositoryTagRequest,
    ListRepositoryTagsRequest,
    ShowRepositoryRequest,
    ShowRepoTagRequest,
)

from swr_fake import FakeSwr, SwrError
from tests.support import api, assert_error, sdk_rejects

MANIFEST = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {
        "mediaType": "application/vnd.docker.container.image.v1+json",
        "size": 100,
        "digest": "sha256:" + "c" * 64,
    },
    "layers": [
        {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 900, "digest": "sha256:" + "d" * 64}
    ],
}


def test_push_digest_is_sha256_of_exact_bytes(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    raw = json.dumps(MANIFEST, indent=3).encode()
    digest = swr.push_image("group", "app", "v1", raw)
    assert digest == "sha256:" + hashlib.sha256(raw).hexdigest()
    tag = swr.client().show_repo_tag(ShowRepoTagRequest(namespace="group", repository="app", tag="v1"))
    assert (tag.digest, tag.size, tag.image_id) == (digest, 1000, "c" * 64)
    assert tag.manifest == raw.decode() and tag.tag == "v1" and tag.tag_type == 0 and tag.schema == 2
    assert tag.path == "swr.cn-north-4.myhuaweicloud.com/group/app:v1"


def test_push_needs_the_organization_and_creates_the_repository(swr: FakeSwr) -> None:
    with pytest.raises(SwrError) as caught:
        swr.push_image("nope", "app", "v1")
    assert caught.value.code == "SVCSTG.SWR.4040058"
    swr.create_namespace("group")
    swr.push_image("group", "new/app", "latest")
    shown = swr.client().show_repository(ShowRepositoryRequest(namespace="group", repository="new$app"))
    assert (shown.is_public, shown.num_images) == (False, 1)


def test_push_moves_an_existing_tag(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    first = swr.push_image("group", "app", "latest", MANIFEST)
    second = swr.push_image("group", "app", "latest", {**MANIFEST, "layers": []})
    assert first != second
    repo = swr.backend.regions["cn-north-4"].namespaces["group"].repositories["app"]
    assert list(repo.manifests) == [second]  # the unreferenced manifest is gone
    assert repo.size == 100


def test_list_v2_uses_capital_tag_key_and_content_range(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    for index in range(7):
        swr.push_image("group", "app", f"v{index}")
    client = swr.client()
    response = client.list_repository_tags(
        ListRepositoryTagsRequest(
            namespace="group", repository="app", offset="2", limit="3", order_column="tag", order_type="asc"
        )
    )
    assert [tag.tag for tag in response.body] == ["v2", "v3", "v4"]
    assert response.content_range == "2-3/7"
    raw = api(swr, "GET", "/v2/manage/namespaces/group/repos/app/tags", params={"filter": "tag::v5"})
    (item,) = raw.json()
    assert item["Tag"] == "v5" and "tag" not in item and item["deleted"] is None
    assert raw.headers["Content-Range"] == "0-1/1"


def test_list_v2_offset_past_the_end_is_empty(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1")
    raw = api(swr, "GET", "/v2/manage/namespaces/group/repos/app/tags", params={"offset": "5", "limit": "5"})
    assert raw.status_code == 200 and raw.json() == []
    assert raw.headers["Content-Range"] == "5-0/1"


def test_list_v3_markers_and_fuzzy_tag(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    for index in range(12):
        swr.push_image("group", "app", f"release-{index}")
    swr.push_image("group", "app", "latest")
    client = swr.client()
    names: list[str] = []
    marker = None
    while True:
        response = client.list_repository_tag(
            ListRepositoryTagRequest(namespace="group", repository="app", limit=5, marker=marker, tag="release")
        )
        names += [tag.tag for tag in response.tags]
        assert all(tag.manifest == "" for tag in response.tags)
        if not response.has_more:
            assert response.next_marker is None
            break
        marker = response.next_marker
    assert sorted(names) == sorted(f"release-{i}" for i in range(12))
    with_manifest = client.list_repository_tag(
        ListRepositoryTagRequest(namespace="group", repository="app", tag="latest", with_manifest=True)
    )
    assert json.loads(with_manifest.tags[0].manifest)["schemaVersion"] == 2


def test_create_tag_from_source(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    digest = swr.push_image("group", "app", "v1")
    other = swr.push_image("group", "app", "v2")
    client = swr.client()
    body = CreateRepoTagRequestBody(source_tag="v1", destination_tag="stable")
    assert client.create_repo_tag(CreateRepoTagRequest("group", "app", body=body)).status_code == 201
    assert client.show_repo_tag(ShowRepoTagRequest("group", "app", "stable")).digest == digest

    clash = CreateRepoTagRequestBody(source_tag="v2", destination_tag="stable")
    sdk_rejects(
        swr, lambda: client.create_repo_tag(CreateRepoTagRequest("group", "app", body=clash)), 409, "SVCSTG.SWR.4090006"
    )
    clash.override = True
    client.create_repo_tag(CreateRepoTagRequest("group", "app", body=clash))
    assert client.show_repo_tag(ShowRepoTagRequest("group", "app", "stable")).digest == other

    missing = CreateRepoTagRequestBody(source_tag="ghost", destination_tag="x")
    sdk_rejects(
        swr,
        lambda: client.create_repo_tag(CreateRepoTagRequest("group", "app", body=missing)),
        404,
        "SVCSTG.SWR.4040048",
    )
    invalid = CreateRepoTagRequestBody(source_tag="v1", destination_tag="-bad")
    sdk_rejects(
        swr,
        lambda: client.create_repo_tag(CreateRepoTagRequest("group", "app", body=invalid)),
        400,
        "SVCSTG.SWR.4009021",
    )


def test_delete_tag(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1")
    swr.push_image("group", "app", "v2")
    client = swr.client()
    assert client.delete_repo_tag(DeleteRepoTagRequest("group", "app", "v1")).status_code == 204
    listed = client.list_repository_tags(ListRepositoryTagsRequest(namespace="group", repository="app"))
    assert [tag.tag for tag in listed.body] == ["v2"]
    sdk_rejects(
        swr, lambda: client.delete_repo_tag(DeleteRepoTagRequest("group", "app", "v1")), 404, "SVCSTG.SWR.4040048"
    )
    sdk_rejects(
        swr, lambda: client.show_repo_tag(ShowRepoTagRequest("group", "ghost", "v1")), 404, "SVCSTG.SWR.4040010"
    )


def test_tags_of_a_missing_repository(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    assert_error(api(swr, "GET", "/v2/manage/namespaces/group/repos/none/tags"), 404, "SVCSTG.SWR.4040010")


def test_pull_counts_downloads(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1", MANIFEST)
    assert json.loads(swr.pull_image("group", "app", "v1")) == MANIFEST
    swr.pull_image("group", "app", "v1")
    assert swr.client().show_repository(ShowRepositoryRequest("group", "app")).num_download == 2
