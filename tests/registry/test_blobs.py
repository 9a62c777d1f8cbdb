"""Blobs and upload sessions: monolithic, single-POST, chunked, streamed, mount, Range, delete,
and the spec's errors, each leaving nothing behind."""

from __future__ import annotations

import requests

from .conftest import Registry, assert_oci_error, digest_of, push_blob

NAME = "team/app"


def blob_url(registry: Registry, digest: str, name: str = NAME) -> str:
    return registry.url(f"/v2/{name}/blobs/{digest}")


def start(registry: Registry, session: requests.Session, name: str = NAME) -> str:
    response = session.post(registry.url(f"/v2/{name}/blobs/uploads/"))
    assert response.status_code == 202
    assert response.headers["Range"] == "0-0" and response.headers["Docker-Upload-UUID"]
    assert response.headers["Location"].startswith(registry.url(f"/v2/{name}/blobs/uploads/"))
    return response.headers["Location"]


def test_monolithic_upload_then_get_and_head(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    data = b"monolithic" * 100
    done = session.put(location, params={"digest": digest_of(data)}, data=data)
    assert done.status_code == 201
    assert done.headers["Docker-Content-Digest"] == digest_of(data)
    got = session.get(done.headers["Location"])  # the Location is pullable
    assert got.status_code == 200 and got.content == data
    assert got.headers["Docker-Content-Digest"] == digest_of(data)
    assert got.headers["Content-Type"] == "application/octet-stream"
    head = session.head(blob_url(registry, digest_of(data)))
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == str(len(data))


def test_single_post_with_digest(registry: Registry) -> None:
    session = registry.session(NAME)
    data = b"one request"
    response = session.post(registry.url(f"/v2/{NAME}/blobs/uploads/"), params={"digest": digest_of(data)}, data=data)
    assert response.status_code == 201
    assert response.headers["Location"] == blob_url(registry, digest_of(data))
    assert session.get(blob_url(registry, digest_of(data))).content == data


def test_chunked_upload_with_content_ranges(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    data = bytes(range(256)) * 10
    for first in range(0, len(data), 1000):
        chunk = data[first : first + 1000]
        step = session.patch(location, data=chunk, headers={"Content-Range": f"{first}-{first + len(chunk) - 1}"})
        assert step.status_code == 202
        assert step.headers["Range"] == f"0-{first + len(chunk) - 1}"
        location = step.headers["Location"]
    status = session.get(location)
    assert status.status_code == 204 and status.headers["Range"] == f"0-{len(data) - 1}"
    done = session.put(location, params={"digest": digest_of(data)})
    assert done.status_code == 201
    assert session.get(blob_url(registry, digest_of(data))).content == data


def test_streamed_chunks_without_range_and_a_last_chunk_on_the_put(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    step = session.patch(location, data=b"first-")
    assert step.status_code == 202 and step.headers["Range"] == "0-5"
    done = session.put(step.headers["Location"], params={"digest": digest_of(b"first-last")}, data=b"last")
    assert done.status_code == 201
    assert session.get(blob_url(registry, digest_of(b"first-last"))).content == b"first-last"


def test_an_out_of_order_chunk_is_416_and_changes_nothing(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    session.patch(location, data=b"abc", headers={"Content-Range": "0-2"})
    before = registry.swr.snapshot()
    gap = session.patch(location, data=b"xyz", headers={"Content-Range": "5-7"})
    assert_oci_error(gap, 416, "BLOB_UPLOAD_INVALID")
    assert gap.headers["Range"] == "0-2" and gap.headers["Location"] == location
    assert registry.swr.snapshot() == before
    assert session.patch(location, data=b"def", headers={"Content-Range": "3-5"}).status_code == 202


def test_a_malformed_content_range_is_400(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    assert_oci_error(session.patch(location, data=b"a", headers={"Content-Range": "a-b"}), 400, "BLOB_UPLOAD_INVALID")


def test_a_wrong_digest_is_digest_invalid_and_stores_nothing(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    session.patch(location, data=b"abc", headers={"Content-Range": "0-2"})
    before = registry.swr.snapshot()
    wrong = session.put(location, params={"digest": digest_of(b"other")}, data=b"def")
    assert_oci_error(wrong, 400, "DIGEST_INVALID")
    assert registry.swr.snapshot() == before  # the session keeps its three bytes, no blob
    assert session.put(location, params={"digest": digest_of(b"abcdef")}, data=b"def").status_code == 201


def test_malformed_and_missing_digests(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    for digest in ("sha256:abc", "md5:" + "0" * 32, "sha256:" + "G" * 64, "nodigest"):
        assert_oci_error(session.put(location, params={"digest": digest}, data=b"x"), 400, "DIGEST_INVALID")
    assert_oci_error(session.put(location, data=b"x"), 400, "DIGEST_INVALID")
    assert_oci_error(session.get(blob_url(registry, "sha256:short")), 400, "DIGEST_INVALID")


def test_sha512_digests_are_verified(registry: Registry) -> None:
    session = registry.session(NAME)
    data = b"sha512 content"
    location = start(registry, session)
    assert_oci_error(
        session.put(location, params={"digest": digest_of(b"x", "sha512")}, data=data), 400, "DIGEST_INVALID"
    )
    assert session.put(location, params={"digest": digest_of(data, "sha512")}, data=data).status_code == 201
    assert session.get(blob_url(registry, digest_of(data, "sha512"))).content == data


def test_unknown_upload_ids_are_blob_upload_unknown(registry: Registry) -> None:
    session = registry.session(NAME)
    unknown = registry.url(f"/v2/{NAME}/blobs/uploads/00000000-0000-0000-0000-000000000000")
    for method in ("GET", "PATCH", "PUT", "DELETE"):
        response = session.request(method, unknown, params={"digest": digest_of(b"")})
        assert_oci_error(response, 404, "BLOB_UPLOAD_UNKNOWN")
    # A session belongs to its repository.
    location = start(registry, session)
    other = location.replace("/team/app/", "/team/other/")
    other_session = registry.session("team/other")
    assert_oci_error(other_session.get(other), 404, "BLOB_UPLOAD_UNKNOWN")


def test_cancel_an_upload(registry: Registry) -> None:
    session = registry.session(NAME)
    location = start(registry, session)
    session.patch(location, data=b"partial")
    assert session.delete(location).status_code == 204
    assert_oci_error(session.get(location), 404, "BLOB_UPLOAD_UNKNOWN")
    assert registry.swr.snapshot()["uploads"] == {}


def test_missing_blobs_are_blob_unknown(registry: Registry) -> None:
    session = registry.session(NAME)
    assert_oci_error(session.get(blob_url(registry, digest_of(b"never"))), 404, "BLOB_UNKNOWN")
    head = session.head(blob_url(registry, digest_of(b"never")))
    assert head.status_code == 404 and head.content == b""


def test_ranges(registry: Registry) -> None:
    session = registry.session(NAME)
    data = bytes(range(100))
    url = blob_url(registry, push_blob(registry, session, NAME, data))
    part = session.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == data[10:20]
    assert part.headers["Content-Range"] == "bytes 10-19/100" and part.headers["Content-Length"] == "10"
    assert session.get(url, headers={"Range": "bytes=90-"}).content == data[90:]
    assert session.get(url, headers={"Range": "bytes=-5"}).content == data[-5:]
    beyond = session.get(url, headers={"Range": "bytes=200-300"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == "bytes */100"
    assert session.get(url, headers={"Range": "items=1-2"}).status_code == 200  # another unit: ignored


def test_mount_from_a_readable_repository(registry: Registry) -> None:
    source = registry.session(NAME)
    digest = push_blob(registry, source, NAME, b"shared layer")
    target = registry.session("team/copy")
    mounted = target.post(registry.url("/v2/team/copy/blobs/uploads/"), params={"mount": digest, "from": NAME})
    assert mounted.status_code == 201 and mounted.headers["Docker-Content-Digest"] == digest
    assert target.get(blob_url(registry, digest, "team/copy")).content == b"shared layer"
    # Not found in `from` (or no `from`): an ordinary upload session instead.
    missing = target.post(
        registry.url("/v2/team/copy/blobs/uploads/"), params={"mount": digest_of(b"none"), "from": NAME}
    )
    assert missing.status_code == 202 and "/blobs/uploads/" in missing.headers["Location"]


def test_mount_from_another_accounts_private_repository_falls_back(registry: Registry) -> None:
    swr = registry.swr
    digest = push_blob(registry, registry.session(NAME), NAME, b"private layer")
    other = swr.add_tenant("partner")
    swr.create_namespace("partner", user=other.admin)
    with swr.backend.lock:
        login = swr.backend.create_secret(swr.backend.caller("cn-north-4", other), "AKPARTNER")
    session = registry.session("partner/app", (login.username, login.password))
    response = session.post(registry.url("/v2/partner/app/blobs/uploads/"), params={"mount": digest, "from": NAME})
    assert response.status_code == 202


def test_blobs_are_stored_once_per_digest(registry: Registry) -> None:
    data = b"the same layer" * 1000
    for name in ("team/a", "team/b", "team/c"):
        session = registry.session(name)
        push_blob(registry, session, name, data)
        push_blob(registry, session, name, data)
    store = registry.swr.backend.blobs
    assert list(store) == [digest_of(data)]
    links = registry.swr.snapshot()["blob_links"]
    assert sorted(links) == ["cn-north-4/team/a", "cn-north-4/team/b", "cn-north-4/team/c"]


def test_delete_a_blob(registry: Registry) -> None:
    session = registry.session(NAME)
    digest = push_blob(registry, session, NAME, b"to delete")
    other = registry.session("team/other")
    push_blob(registry, other, "team/other", b"to delete")
    assert session.delete(blob_url(registry, digest)).status_code == 202
    assert_oci_error(session.get(blob_url(registry, digest)), 404, "BLOB_UNKNOWN")
    assert other.get(blob_url(registry, digest, "team/other")).status_code == 200  # still linked there
    assert other.delete(blob_url(registry, digest, "team/other")).status_code == 202
    assert digest not in registry.swr.backend.blobs  # the last link gone: the bytes go
    assert_oci_error(session.delete(blob_url(registry, digest)), 404, "BLOB_UNKNOWN")
