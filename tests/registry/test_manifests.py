"""Manifests on the registry side, and the one state they share with the management API."""

from __future__ import annotations

import json

import requests
from huaweicloudsdkswr.v2 import ListRepositoryTagsRequest, ShowRepositoryRequest

from tests.support import api

from .conftest import (
    OCI_MANIFEST,
    Registry,
    assert_oci_error,
    digest_of,
    image_manifest,
    push_blob,
    put_manifest,
)

NAME = "team/app"
DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def manifest_url(registry: Registry, reference: str, name: str = NAME) -> str:
    return registry.url(f"/v2/{name}/manifests/{reference}")


def test_push_by_tag_then_pull_byte_for_byte(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer one", b"layer two")
    pushed = put_manifest(registry, session, NAME, "v1", raw)
    assert pushed.status_code == 201
    assert pushed.headers["Docker-Content-Digest"] == digest_of(raw)
    assert pushed.headers["Location"] == manifest_url(registry, digest_of(raw))
    for reference in ("v1", digest_of(raw)):
        got = session.get(manifest_url(registry, reference))
        assert got.status_code == 200 and got.content == raw
        assert got.headers["Content-Type"] == OCI_MANIFEST
        assert got.headers["Docker-Content-Digest"] == digest_of(raw)
    head = session.head(manifest_url(registry, "v1"), headers={"Accept": DOCKER_V2})  # Accept is not enforced
    assert head.status_code == 200 and head.content == b"" and head.headers["Content-Length"] == str(len(raw))


def test_the_management_api_sees_the_pushed_tag(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"x" * 1000)
    put_manifest(registry, session, NAME, "v1", raw)
    response = registry.swr.client().list_repository_tags(ListRepositoryTagsRequest(namespace="team", repository="app"))
    [tag] = response.body
    document = json.loads(raw)
    assert tag.tag == "v1" and tag.digest == digest_of(raw)
    assert tag.manifest == raw.decode() and tag.schema == 2 and tag.tag_type == 0
    assert tag.size == document["config"]["size"] + 1000
    assert tag.path == "swr.cn-north-4.myhuaweicloud.com/team/app:v1"
    repo = registry.swr.client().show_repository(ShowRepositoryRequest(namespace="team", repository="app"))
    assert repo.is_public is False and repo.num_images == 1  # created private by the push


def test_a_manifest_naming_a_missing_blob_is_refused_and_stores_nothing(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = json.loads(image_manifest(registry, session, NAME, b"present"))
    raw["layers"].append(
        {"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": digest_of(b"gone"), "size": 4}
    )
    before = registry.swr.snapshot()
    response = put_manifest(registry, session, NAME, "v1", json.dumps(raw).encode())
    body = assert_oci_error(response, 400, "MANIFEST_BLOB_UNKNOWN")
    assert body["errors"][0]["detail"] == {"digest": digest_of(b"gone")}
    assert registry.swr.snapshot() == before


def test_foreign_layers_need_not_be_held(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = json.loads(image_manifest(registry, session, NAME))
    raw["layers"].append(
        {
            "mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "digest": digest_of(b"elsewhere"),
            "size": 9,
            "urls": ["https://example.invalid/layer"],
        }
    )
    assert put_manifest(registry, session, NAME, "v1", json.dumps(raw).encode()).status_code == 201


def test_invalid_manifests(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer")
    before = registry.swr.snapshot()
    cases = [
        (b"not json", OCI_MANIFEST),
        (b"[]", OCI_MANIFEST),
        (raw, DOCKER_V2),  # the document says OCI
        (raw, "application/vnd.example+json"),
        (json.dumps({**json.loads(raw), "schemaVersion": 1}).encode(), OCI_MANIFEST),
        (
            json.dumps({**json.loads(raw), "config": {"digest": "sha256:zz", "size": 1, "mediaType": "x"}}).encode(),
            OCI_MANIFEST,
        ),
    ]
    wrong_size = json.loads(raw)
    wrong_size["layers"][0]["size"] += 1
    cases.append((json.dumps(wrong_size).encode(), OCI_MANIFEST))
    for body, media_type in cases:
        assert_oci_error(put_manifest(registry, session, NAME, "v1", body, media_type), 400, "MANIFEST_INVALID")
    assert_oci_error(put_manifest(registry, session, NAME, "-bad-tag", raw), 400, "MANIFEST_INVALID")
    assert registry.swr.snapshot() == before


def test_too_big_manifests_are_413(registry: Registry) -> None:
    session = registry.session(NAME)
    huge = json.dumps({"schemaVersion": 2, "padding": "x" * (4 * 1024 * 1024)}).encode()
    assert_oci_error(put_manifest(registry, session, NAME, "v1", huge), 413, "SIZE_INVALID")


def test_names_breaking_swr_rules_are_name_invalid(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer")
    before = registry.swr.snapshot()
    for name in ("team/App", "team/a..b", "team/-app", "Team/app", "app", "team/" + "a" * 129):
        response = put_manifest(registry, session, name, "v1", raw)
        body = assert_oci_error(response, 400, "NAME_INVALID")
        assert body["errors"][0]["detail"] == {"name": name}
    assert registry.swr.snapshot() == before


def test_push_by_digest_persists_without_a_tag(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer")
    wrong = put_manifest(registry, session, NAME, digest_of(b"other"), raw)
    assert_oci_error(wrong, 400, "DIGEST_INVALID")
    pushed = put_manifest(registry, session, NAME, digest_of(raw), raw)
    assert pushed.status_code == 201 and pushed.headers["Docker-Content-Digest"] == digest_of(raw)
    assert session.get(manifest_url(registry, digest_of(raw))).content == raw
    assert session.get(registry.url(f"/v2/{NAME}/tags/list")).json()["tags"] == []
    # Tagged, then untagged through the management API: the manifest stays.
    put_manifest(registry, session, NAME, "v1", raw)
    assert api(registry.swr, "DELETE", "/v2/manage/namespaces/team/repos/app/tags/v1").status_code == 204
    assert session.get(manifest_url(registry, digest_of(raw))).status_code == 200
    assert_oci_error(session.get(manifest_url(registry, "v1")), 404, "MANIFEST_UNKNOWN")


def test_sha512_manifest_digests(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer")
    reference = digest_of(raw, "sha512")
    pushed = put_manifest(registry, session, NAME, reference, raw)
    assert pushed.status_code == 201 and pushed.headers["Docker-Content-Digest"] == reference
    got = session.get(manifest_url(registry, reference))
    assert got.content == raw and got.headers["Docker-Content-Digest"] == reference


def test_image_index(registry: Registry) -> None:
    session = registry.session(NAME)
    children = [image_manifest(registry, session, NAME, arch.encode()) for arch in ("amd64", "arm64")]
    for child in children:
        assert put_manifest(registry, session, NAME, digest_of(child), child).status_code == 201
    index = {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [{"mediaType": OCI_MANIFEST, "digest": digest_of(c), "size": len(c)} for c in children],
    }
    dangling = {
        **index,
        "manifests": [*index["manifests"], {"mediaType": OCI_MANIFEST, "digest": digest_of(b"?"), "size": 1}],
    }
    assert_oci_error(
        put_manifest(registry, session, NAME, "multi", json.dumps(dangling).encode(), OCI_INDEX),
        400,
        "MANIFEST_BLOB_UNKNOWN",
    )
    raw = json.dumps(index).encode()
    assert put_manifest(registry, session, NAME, "multi", raw, OCI_INDEX).status_code == 201
    got = session.get(manifest_url(registry, "multi"))
    assert got.headers["Content-Type"] == OCI_INDEX and got.content == raw
    tag = api(registry.swr, "GET", "/v2/manage/namespaces/team/repos/app/tags/multi").json()
    assert tag["tag_type"] == 1 and tag["digest"] == digest_of(raw)


def test_subject_and_referrers(registry: Registry) -> None:
    session = registry.session(NAME)
    image = image_manifest(registry, session, NAME, b"image")
    put_manifest(registry, session, NAME, "v1", image)
    empty = push_blob(registry, session, NAME, b"{}")
    signature = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "artifactType": "application/vnd.example.signature",
            "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": empty, "size": 2},
            "layers": [],
            "subject": {"mediaType": OCI_MANIFEST, "digest": digest_of(image), "size": len(image)},
            "annotations": {"org.example.signed-by": "ci"},
        }
    ).encode()
    pushed = put_manifest(registry, session, NAME, digest_of(signature), signature)
    assert pushed.status_code == 201 and pushed.headers["OCI-Subject"] == digest_of(image)
    listed = session.get(registry.url(f"/v2/{NAME}/referrers/{digest_of(image)}"))
    assert listed.status_code == 200 and listed.headers["Content-Type"] == OCI_INDEX
    assert listed.json() == {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [
            {
                "mediaType": OCI_MANIFEST,
                "digest": digest_of(signature),
                "size": len(signature),
                "artifactType": "application/vnd.example.signature",
                "annotations": {"org.example.signed-by": "ci"},
            }
        ],
    }
    filtered = session.get(
        registry.url(f"/v2/{NAME}/referrers/{digest_of(image)}"), params={"artifactType": "application/other"}
    )
    assert filtered.json()["manifests"] == [] and filtered.headers["OCI-Filters-Applied"] == "artifactType"
    none = session.get(registry.url(f"/v2/{NAME}/referrers/{digest_of(signature)}"))
    assert none.status_code == 200 and none.json()["manifests"] == []
    assert_oci_error(session.get(registry.url(f"/v2/{NAME}/referrers/sha256:nope")), 400, "DIGEST_INVALID")


def test_a_subject_may_dangle(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = json.loads(image_manifest(registry, session, NAME))
    raw["subject"] = {"mediaType": OCI_MANIFEST, "digest": digest_of(b"not yet"), "size": 7}
    assert put_manifest(registry, session, NAME, "sig", json.dumps(raw).encode()).status_code == 201


def test_delete_by_digest_takes_the_tags_with_it(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer")
    put_manifest(registry, session, NAME, "v1", raw)
    put_manifest(registry, session, NAME, "latest", raw)
    assert session.delete(manifest_url(registry, digest_of(raw))).status_code == 202
    for reference in ("v1", "latest", digest_of(raw)):
        assert_oci_error(session.get(manifest_url(registry, reference)), 404, "MANIFEST_UNKNOWN")
    assert api(registry.swr, "GET", "/v2/manage/namespaces/team/repos/app/tags").json() == []
    assert_oci_error(session.delete(manifest_url(registry, digest_of(raw))), 404, "MANIFEST_UNKNOWN")


def test_delete_a_tag_through_the_registry(registry: Registry) -> None:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer")
    put_manifest(registry, session, NAME, "v1", raw)
    put_manifest(registry, session, NAME, "v2", raw)
    assert session.delete(manifest_url(registry, "v1")).status_code == 202
    tags = api(registry.swr, "GET", "/v2/manage/namespaces/team/repos/app/tags").json()
    assert [tag["Tag"] for tag in tags] == ["v2"]


def test_a_tag_deleted_through_the_management_api_is_gone_from_the_registry(registry: Registry) -> None:
    session = registry.session(NAME)
    put_manifest(registry, session, NAME, "v1", image_manifest(registry, session, NAME, b"layer"))
    assert api(registry.swr, "DELETE", "/v2/manage/namespaces/team/repos/app/tags/v1").status_code == 204
    assert_oci_error(session.get(manifest_url(registry, "v1")), 404, "MANIFEST_UNKNOWN")
    assert session.get(registry.url(f"/v2/{NAME}/tags/list")).json()["tags"] == []


def test_pulls_count_downloads_heads_do_not(registry: Registry) -> None:
    session = registry.session(NAME)
    put_manifest(registry, session, NAME, "v1", image_manifest(registry, session, NAME, b"layer"))
    session.head(manifest_url(registry, "v1"))
    session.get(manifest_url(registry, "v1"))
    session.get(manifest_url(registry, "v1"))
    repo = api(registry.swr, "GET", "/v2/manage/namespaces/team/repos/app").json()
    assert repo["num_download"] == 2


def test_a_registry_push_fires_triggers_and_runs_retention(registry: Registry) -> None:
    from tests.test_triggers import trigger_body

    session = registry.session(NAME)
    put_manifest(registry, session, NAME, "v1", image_manifest(registry, session, NAME, b"one"))
    assert (
        api(registry.swr, "POST", "/v2/manage/namespaces/team/repos/app/triggers", body=trigger_body()).status_code
        == 201
    )
    policy = {"algorithm": "or", "rules": [{"template": "tag_rule", "params": {"num": 1}, "tag_selectors": []}]}
    assert api(registry.swr, "POST", "/v2/manage/namespaces/team/repos/app/retentions", body=policy).status_code == 201
    put_manifest(registry, session, NAME, "v2", image_manifest(registry, session, NAME, b"two"))
    trigger = registry.swr.snapshot()["regions"]["cn-north-4"]["team"]["repositories"]["app"]["triggers"]["deploy"]
    assert [entry[0] for entry in trigger["history"]] == ["v2"]
    assert session.get(registry.url(f"/v2/{NAME}/tags/list")).json()["tags"] == ["v2"]  # retention kept one


def test_automatic_sync_copies_the_image_and_its_blobs(registry: Registry) -> None:
    swr = registry.swr
    swr.create_namespace("team", region="cn-south-1")
    session = registry.session(NAME)
    put_manifest(registry, session, NAME, "v1", image_manifest(registry, session, NAME, b"one"))
    rule = {"remoteRegionId": "cn-south-1", "remoteNamespace": "team", "syncAuto": True, "override": True}
    assert api(swr, "POST", "/v2/manage/namespaces/team/repos/app/sync_repo", body=rule).status_code == 200
    raw = image_manifest(registry, session, NAME, b"two")
    put_manifest(registry, session, NAME, "v2", raw)
    south = f"https://swr.cn-south-1.myhuaweicloud.com/v2/{NAME}"
    token = requests.get(
        "https://swr.cn-south-1.myhuaweicloud.com/swr/auth/v2/registry/auth/",
        params={"scope": f"repository:{NAME}:pull"},
        auth=_south_login(swr),
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    got = requests.get(f"{south}/manifests/v2", headers=headers)
    assert got.status_code == 200 and got.content == raw
    for layer in json.loads(raw)["layers"]:
        assert requests.get(f"{south}/blobs/{layer['digest']}", headers=headers).content == b"two"


def _south_login(swr: object) -> tuple[str, str]:
    backend = swr.backend  # type: ignore[attr-defined]
    with backend.lock:
        login = backend.create_secret(backend.caller("cn-south-1"), "AKTEST")
    return login.username, login.password


def test_seeded_images_pull_back_with_real_blobs(registry: Registry) -> None:
    digest = registry.swr.push_image("team", "seeded", "v1")
    session = registry.session("team/seeded")
    got = session.get(registry.url("/v2/team/seeded/manifests/v1"))
    assert got.status_code == 200 and digest_of(got.content) == digest
    document = got.json()
    for descriptor in [document["config"], *document["layers"]]:
        blob = session.get(registry.url(f"/v2/team/seeded/blobs/{descriptor['digest']}"))
        assert blob.status_code == 200 and len(blob.content) == descriptor["size"]
        assert digest_of(blob.content) == descriptor["digest"]


def test_docker_manifest_list(registry: Registry) -> None:
    session = registry.session(NAME)
    config = push_blob(registry, session, NAME, b'{"os":"linux"}')
    layer = push_blob(registry, session, NAME, b"docker layer")
    child = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": DOCKER_V2,
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": config, "size": 14},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": layer, "size": 12}],
        }
    ).encode()
    assert put_manifest(registry, session, NAME, digest_of(child), child, DOCKER_V2).status_code == 201
    listing = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
            "manifests": [
                {
                    "mediaType": DOCKER_V2,
                    "digest": digest_of(child),
                    "size": len(child),
                    "platform": {"architecture": "amd64", "os": "linux"},
                }
            ],
        }
    ).encode()
    list_type = "application/vnd.docker.distribution.manifest.list.v2+json"
    assert put_manifest(registry, session, NAME, "latest", listing, list_type).status_code == 201
    got = session.get(manifest_url(registry, "latest"))
    assert got.headers["Content-Type"] == list_type and got.content == listing
    tag = api(registry.swr, "GET", "/v2/manage/namespaces/team/repos/app/tags/latest").json()
    assert tag["tag_type"] == 1 and tag["schema"] == 2


def test_referrers_include_the_fallback_tag(registry: Registry) -> None:
    session = registry.session(NAME)
    image = image_manifest(registry, session, NAME, b"image")
    put_manifest(registry, session, NAME, "v1", image)
    listed = {"mediaType": OCI_MANIFEST, "digest": digest_of(b"sig"), "size": 3, "artifactType": "application/x-sig"}
    fallback = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [listed]}).encode()
    tag = digest_of(image).replace(":", "-")
    assert put_manifest(registry, session, NAME, tag, fallback, OCI_INDEX).status_code == 400  # children must exist
    registry.swr.push_image("team", "app", tag, fallback)  # as a client of a registry without the API left it
    referrers = session.get(registry.url(f"/v2/{NAME}/referrers/{digest_of(image)}")).json()["manifests"]
    assert referrers == [listed]
