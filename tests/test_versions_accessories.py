"""API versions, and the signature accessories of tags (references and accessories lists)."""

from __future__ import annotations

from typing import Any

import pytest
from huaweicloudsdkswr.v2 import (
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    ListApiVersionsRequest,
    ListReferencesRequest,
    ListRepoAccessoriesRequest,
    ShowApiVersionRequest,
)

from swr_fake import FakeSwr
from tests.support import api, assert_error, sdk_rejects

URL_NOT_FOUND = "SVCSTG.SWR.4040083"
TAG_NOT_FOUND = "SVCSTG.SWR.4040048"


# --- versions -------------------------------------------------------------------------------------------------
def test_list_api_versions(swr: FakeSwr) -> None:
    versions = swr.client().list_api_versions(ListApiVersionsRequest()).versions
    assert [(v.id, v.status) for v in versions] == [("v2", "CURRENT"), ("v3", "SUPPORTED")]
    v2 = versions[0]
    assert (v2.version, v2.min_version, v2.updated) == ("2.26", "2.0", "2020-07-09T00:00:00Z")
    assert (v2.links.href, v2.links.rel) == (swr.endpoint + "/v2/", "self")
    raw = api(swr, "GET", "/", region="ap-southeast-1").json()
    assert raw["versions"][0]["links"] == {
        "href": "https://swr-api.ap-southeast-1.myhuaweicloud.com/v2/",
        "rel": "self",
    }


def test_show_api_version(swr: FakeSwr) -> None:
    shown = swr.client().show_api_version(ShowApiVersionRequest("v3")).version
    assert (shown.id, shown.links.href) == ("v3", swr.endpoint + "/v3/")
    listed = api(swr, "GET", "/").json()["versions"]
    for path in ("/v2", "/v2/"):
        assert api(swr, "GET", path).json() == {"version": listed[0]}


def test_unknown_api_version_is_url_not_found(swr: FakeSwr) -> None:
    sdk_rejects(swr, lambda: swr.client().show_api_version(ShowApiVersionRequest("v9")), 404, URL_NOT_FOUND)
    assert_error(api(swr, "GET", "/v7"), 404, URL_NOT_FOUND)
    assert api(swr, "POST", "/v2").json()["error_code"] == "APIGW.0101"  # no POST is published there


# --- accessories and references -----------------------------------------------------------------------------------
def signature(subject: str, seed: str) -> dict[str, Any]:
    """A signature manifest (OCI 1.1 style) attached to ``subject``."""
    return {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "artifactType": "application/vnd.dev.cosign.artifact.sig.v1+json",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "size": 2, "digest": f"sha256:{seed}"},
        "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "size": 250}],
        "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": subject, "size": 500},
    }


@pytest.fixture
def signed(swr: FakeSwr) -> dict[str, str]:
    """``group/app``: v1 and latest (same image) signed twice, v2 unsigned. Returns tag -> digest."""
    swr.create_namespace("group")
    digests = {"v1": swr.push_image("group", "app", "v1"), "v2": swr.push_image("group", "app", "v2")}
    body = CreateRepoTagRequestBody(source_tag="v1", destination_tag="latest")
    swr.client().create_repo_tag(CreateRepoTagRequest("group", "app", body=body))
    for name, seed in (("v1.sig", "a"), ("v1.sig2", "b")):
        digests[name] = swr.push_image("group", "app", name, signature(digests["v1"], seed))
    return digests


def accessories(swr: FakeSwr, tag: str, **paging: int) -> Any:
    return swr.client().list_repo_accessories(ListRepoAccessoriesRequest("group", "app", tag, **paging))


def references(swr: FakeSwr, tag: str, **paging: Any) -> Any:
    return swr.client().list_references(ListReferencesRequest("group", "app", tag, **paging))


def test_accessories_are_manifests_whose_subject_is_the_tag(swr: FakeSwr, signed: dict[str, str]) -> None:
    found = accessories(swr, "v1")
    assert found.total == 2
    first = found.accessories[0]
    assert (first.sig_tag, first.sig_digest, first.target_digest) == ("v1.sig", signed["v1.sig"], signed["v1"])
    assert (first.namespace_name, first.repo_name, first.domain_id, first.type) == (
        "group",
        "app",
        swr.domain_id,
        "signature",
    )
    assert first.size == 252 and first.created_at.endswith("Z")
    assert [a.sig_tag for a in accessories(swr, "latest").accessories] == ["v1.sig", "v1.sig2"]  # same digest
    assert accessories(swr, "v2").total == 0


def test_accessories_page_with_offset_and_limit(swr: FakeSwr, signed: dict[str, str]) -> None:
    page = accessories(swr, "v1", offset=1, limit=1)
    assert (page.total, [a.sig_tag for a in page.accessories]) == (2, ["v1.sig2"])
    raw = api(swr, "GET", "/v2/manage/namespaces/group/repos/app/v1/accessories", params={"offset": 5}).json()
    assert raw == {"total": 2, "accessories": []}
    assert_error(
        api(swr, "GET", "/v2/manage/namespaces/group/repos/app/v1/accessories", params={"limit": 101}),
        400,
        "SVCSTG.SWR.4000056",
    )


def test_references_are_the_tags_a_signature_signs(swr: FakeSwr, signed: dict[str, str]) -> None:
    found = references(swr, "v1.sig")
    assert (found.tags, found.has_more, found.next_marker) == (["latest", "v1"], False, None)
    assert references(swr, "v1").tags == []  # not a signature: no subject
    raw = api(swr, "GET", "/v2/manage/namespaces/group/repos/app/v2/references").json()
    assert raw == {"tags": [], "has_more": False}


def test_references_page_with_markers(swr: FakeSwr, signed: dict[str, str]) -> None:
    first = references(swr, "v1.sig", limit=1)
    assert (first.tags, first.has_more, first.next_marker) == (["latest"], True, "v1")
    second = references(swr, "v1.sig", limit=1, marker=first.next_marker)
    assert (second.tags, second.has_more, second.next_marker) == (["v1"], False, None)
    path = "/v2/manage/namespaces/group/repos/app/v1.sig/references"
    assert_error(api(swr, "GET", path, params={"limit": 11}), 400, "SVCSTG.SWR.4000056")
    assert_error(api(swr, "GET", path, params={"marker": "gone"}), 400, "SVCSTG.SWR.4000014")


def test_missing_tag_or_repository_is_404(swr: FakeSwr, signed: dict[str, str]) -> None:
    sdk_rejects(swr, lambda: references(swr, "nope"), 404, TAG_NOT_FOUND)
    sdk_rejects(swr, lambda: accessories(swr, "nope"), 404, TAG_NOT_FOUND)
    request = ListRepoAccessoriesRequest("group", "other", "v1")
    sdk_rejects(swr, lambda: swr.client().list_repo_accessories(request), 404, "SVCSTG.SWR.4040010")


def test_literal_segments_win_over_a_tag_named_like_them(swr: FakeSwr) -> None:
    """``…/app/tags/references`` is the tag ``references``, not the references of a tag ``tags``."""
    swr.create_namespace("group")
    swr.push_image("group", "app", "references")
    swr.push_image("group", "app", "tags")
    shown = api(swr, "GET", "/v2/manage/namespaces/group/repos/app/tags/references")
    assert (shown.status_code, shown.json()["tag"]) == (200, "references")
    assert swr.calls.last.operation == "show_repo_tag"
    listed = api(swr, "GET", "/v2/manage/namespaces/group/repos/app/references/references")
    assert (listed.json(), swr.calls.last.operation) == ({"tags": [], "has_more": False}, "list_references")
