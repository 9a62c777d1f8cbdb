"""Real registry clients against the fake: oras-py and python-dxf push (monolithic and
chunked), list, pull and delete; the official SDK reads the result through the management API."""

from __future__ import annotations

import hashlib
from pathlib import Path

import oras.client
import pytest
import requests
from dxf import DXF
from huaweicloudsdkswr.v2 import DeleteRepoTagRequest, ListRepositoryTagsRequest, ShowRepoTagRequest

from .conftest import Registry, assert_oci_error

TAG_LIST = ListRepositoryTagsRequest(namespace="team", repository="app")


def oras_client(registry: Registry) -> oras.client.OrasClient:
    client = oras.client.OrasClient(hostname=registry.host, auth_backend="token")
    username, password = registry.login()
    assert client.login(username, password, hostname=registry.host) == {"Status": "Login Succeeded"}
    return client


@pytest.mark.parametrize("chunked", [False, True], ids=["monolithic", "chunked"])
def test_oras_push_list_pull_then_management_delete(registry: Registry, tmp_path: Path, chunked: bool) -> None:
    client = oras_client(registry)
    artifact = tmp_path / "artifact.bin"
    artifact.write_bytes(bytes(range(256)) * 40)
    target = f"{registry.host}/team/app:v1"
    pushed = client.push(
        target=target, files=[str(artifact)], disable_path_validation=True, do_chunked=chunked, chunk_size=4096
    )
    assert pushed.status_code == 201
    digest = pushed.headers["Docker-Content-Digest"]
    assert client.get_tags(f"{registry.host}/team/app") == ["v1"]

    [tag] = registry.swr.client().list_repository_tags(TAG_LIST).body
    assert tag.tag == "v1" and tag.digest == digest

    pulled = client.pull(target=target, outdir=str(tmp_path / "out"))
    assert [Path(path).read_bytes() for path in pulled] == [artifact.read_bytes()]

    registry.swr.client().delete_repo_tag(DeleteRepoTagRequest(namespace="team", repository="app", tag="v1"))
    session = registry.session("team/app")
    assert_oci_error(session.get(registry.url("/v2/team/app/manifests/v1")), 404, "MANIFEST_UNKNOWN")
    assert client.get_tags(f"{registry.host}/team/app") == []


def test_oras_delete_tag_reaches_the_management_api(registry: Registry, tmp_path: Path) -> None:
    client = oras_client(registry)
    artifact = tmp_path / "a.txt"
    artifact.write_text("hello")
    client.push(target=f"{registry.host}/team/app:v1", files=[str(artifact)], disable_path_validation=True)
    assert client.delete_tag(f"{registry.host}/team/app", "v1") is True
    assert not registry.swr.client().list_repository_tags(TAG_LIST).body  # the SDK reads [] as None


def dxf_client(registry: Registry, repository: str = "team/app") -> DXF:
    username, password = registry.login()

    def authenticate(dxf: DXF, response: requests.Response) -> None:
        dxf.authenticate(username, password, response=response)

    return DXF(registry.host, repository, authenticate)


def test_dxf_push_alias_pull_mount_then_management_delete(registry: Registry, tmp_path: Path) -> None:
    dxf = dxf_client(registry)
    layer = tmp_path / "layer.bin"
    layer.write_bytes(b"dxf layer " * 500)
    digest = dxf.push_blob(str(layer))
    streamed = b"streamed in chunks"
    streamed_digest = "sha256:" + hashlib.sha256(streamed).hexdigest()
    assert dxf.push_blob(data=iter([streamed[:8], streamed[8:]]), digest=streamed_digest) == streamed_digest
    dxf.set_alias("v1", digest, streamed_digest)
    assert dxf.list_aliases() == ["v1"]
    assert b"".join(dxf.pull_blob(digest)) == layer.read_bytes()
    assert dxf.blob_size(streamed_digest) == len(streamed)

    manifest_digest, _ = dxf.head_manifest_and_response("v1")
    shown = registry.swr.client().show_repo_tag(ShowRepoTagRequest(namespace="team", repository="app", tag="v1"))
    assert shown.digest == manifest_digest

    other = dxf_client(registry, "team/copy")
    assert other.mount_blob("team/app", digest) == digest
    assert b"".join(other.pull_blob(digest)) == layer.read_bytes()

    registry.swr.client().delete_repo_tag(DeleteRepoTagRequest(namespace="team", repository="app", tag="v1"))
    with pytest.raises(requests.HTTPError) as raised:
        dxf.get_digest("v1")
    assert raised.value.response.status_code == 404


def test_dxf_delete_alias(registry: Registry, tmp_path: Path) -> None:
    dxf = dxf_client(registry)
    layer = tmp_path / "layer.bin"
    layer.write_bytes(b"to be deleted")
    digest = dxf.push_blob(str(layer))
    dxf.set_alias("v1", digest)
    assert dxf.del_alias("v1") == [digest]
    assert dxf.list_aliases() == []
    dxf.del_blob(digest)
    with pytest.raises(requests.HTTPError):
        dxf.blob_size(digest)
