"""The registry's content store: blobs held once per digest, linked to repositories, and the
upload sessions that bring them in.

The bytes of a blob live once in ``backend.blobs`` however many repositories and tags use it;
a repository sees a blob only once it is *linked* there (uploaded, mounted, or referenced by a
manifest that arrived by synchronization). Links are kept per ``(region, organization,
repository name)`` so that a blob can be uploaded before the first manifest push creates the
repository. Nothing is garbage-collected: a blob goes when its last link is deleted.

Copies: a monolithic upload stores the request body object itself; a chunked one keeps one
buffer and makes the final ``bytes`` from it, so a blob is held at most twice while it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import errors, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, AUTH_WRITE, Caller, Manifest, Repository
from . import oci
from .images import referenced_digests, synthetic_image
from .oci import OciError
from .tags import TagOps

LinkKey = tuple[str, str, str]  # (region, organization, repository)


@dataclass(slots=True, eq=False)
class Blob:
    digest: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(slots=True, eq=False)
class Upload:
    """An upload session (``POST /v2/<name>/blobs/uploads/``) and the bytes received so far."""

    uuid: str
    key: LinkKey
    started: str
    buffer: bytearray = field(default_factory=bytearray)

    @property
    def size(self) -> int:
        return len(self.buffer)


class BlobOps(TagOps):
    # --- access -------------------------------------------------------------------------------
    def _writable(self, caller: Caller, namespace: str, repository: str) -> LinkKey:
        """The link key of a repository the caller may push to (it need not exist yet)."""
        if not rules.is_valid_repository(repository):
            raise SwrError(errors.INVALID_REPOSITORY, detail=rules.repository_violation(repository) or "")
        ns = self._namespace(caller, namespace, AUTH_WRITE)
        repo = ns.repositories.get(repository)
        if repo is not None and self.auth_level(caller, ns, repo) < AUTH_WRITE:
            raise SwrError(errors.FORBIDDEN)
        return (caller.region, namespace, repository)

    def _readable(self, caller: Caller, namespace: str, repository: str) -> Repository:
        return self._repository(caller, namespace, repository, AUTH_READ, foreign_read=True)

    def _linked(self, key: LinkKey, digest: str) -> Blob:
        blob = self.blobs.get(digest)
        if blob is None or digest not in self.blob_links.get(key, ()):
            raise OciError(oci.BLOB_UNKNOWN, f"blob unknown to registry: {digest}", detail={"digest": digest})
        return blob

    def _store(self, digest: str, data: bytes) -> Blob:
        """The one place bytes enter the store: a digest already held keeps its first copy."""
        blob = self.blobs.get(digest)
        if blob is None:
            blob = self.blobs[digest] = Blob(digest, data)
        return blob

    def _link(self, key: LinkKey, digest: str) -> None:
        self.blob_links.setdefault(key, set()).add(digest)

    # --- reading ----------------------------------------------------------------------------------
    def get_blob(self, caller: Caller, namespace: str, repository: str, digest: str) -> Blob:
        """A blob linked to a repository the caller may read; BLOB_UNKNOWN (404) otherwise."""
        oci.check_digest(digest)
        return self._linked(self._readable_key(caller, namespace, repository), digest)

    def _readable_key(self, caller: Caller, namespace: str, repository: str) -> LinkKey:
        """The link key of a repository whose blobs the caller may read. Blobs arrive before
        the first manifest creates the repository: until then the organization's readers see them."""
        ns = self.region(caller.region).namespaces.get(namespace)
        if ns is not None and repository not in ns.repositories:
            self._namespace(caller, namespace, AUTH_READ)
        else:
            self._readable(caller, namespace, repository)
        return (caller.region, namespace, repository)

    # --- monolithic and mounted uploads -------------------------------------------------------------
    def put_blob(self, caller: Caller, namespace: str, repository: str, digest: str, data: bytes) -> Blob:
        """``POST …/blobs/uploads/?digest=`` with the blob as body: verified, stored, linked."""
        oci.check_digest(digest)
        key = self._writable(caller, namespace, repository)
        self._verify(digest, data)
        blob = self._store(digest, data)
        self._link(key, digest)
        return blob

    def mount_blob(
        self, caller: Caller, namespace: str, repository: str, digest: str, source: str | None
    ) -> Blob | None:
        """``POST …/blobs/uploads/?mount=&from=``: link a blob of ``source`` (``org/repo``)
        that the caller may read. ``None`` when it cannot be mounted (the caller then gets an
        ordinary upload session, as the spec says)."""
        oci.check_digest(digest)
        key = self._writable(caller, namespace, repository)
        if digest in self.blob_links.get(key, ()):
            return self.blobs[digest]
        if source is None or "/" not in source:
            return None
        source_ns, _, source_repo = source.partition("/")
        try:
            source_key = self._readable_key(caller, source_ns, source_repo)
        except SwrError:
            return None  # not readable by the caller: as if it did not exist
        if digest not in self.blob_links.get(source_key, ()) or digest not in self.blobs:
            return None
        self._link(key, digest)
        return self.blobs[digest]

    # --- upload sessions ----------------------------------------------------------------------------
    def start_upload(self, caller: Caller, namespace: str, repository: str) -> Upload:
        key = self._writable(caller, namespace, repository)
        raw = self.ids.hex(32)
        uuid = f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
        upload = self.uploads[uuid] = Upload(uuid, key, self.now())
        return upload

    def get_upload(self, caller: Caller, namespace: str, repository: str, uuid: str) -> Upload:
        """A session of this repository; BLOB_UPLOAD_UNKNOWN (404) for any other id."""
        key = self._writable(caller, namespace, repository)
        upload = self.uploads.get(uuid)
        if upload is None or upload.key != key:
            raise OciError(oci.BLOB_UPLOAD_UNKNOWN, f"blob upload unknown to registry: {uuid}", detail={"uuid": uuid})
        return upload

    def append_upload(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        uuid: str,
        data: bytes,
        start: int | None,
        end: int | None,
    ) -> Upload:
        """``PATCH`` a chunk. With a ``Content-Range`` (``start``/``end``, inclusive) the chunk
        must continue the upload exactly, else 416; without one it is appended (streamed
        uploads send neither range nor length)."""
        upload = self.get_upload(caller, namespace, repository, uuid)
        if start is not None and end is not None and (start != upload.size or end - start + 1 != len(data)):
            raise OciError(
                oci.RANGE_INVALID,
                f"chunk {start}-{end} ({len(data)} bytes) does not continue the upload at byte {upload.size}",
                detail={"received": upload.size},
                headers={"Range": upload_range(upload)},
            )
        upload.buffer += data
        return upload

    def finish_upload(
        self, caller: Caller, namespace: str, repository: str, uuid: str, digest: str | None, data: bytes
    ) -> Blob:
        """``PUT <location>?digest=`` with an optional last chunk: verify everything received
        against the digest, store and link the blob, close the session. On a wrong digest the
        session is left as it was."""
        upload = self.get_upload(caller, namespace, repository, uuid)
        if not digest:
            raise OciError(oci.DIGEST_INVALID, "the closing PUT needs a ?digest= parameter", detail={"digest": None})
        oci.check_digest(digest)
        if upload.buffer:
            hasher = oci.hasher(digest)
            hasher.update(upload.buffer)
            hasher.update(data)
            self._compare(digest, hasher.hexdigest())
            upload.buffer += data
            content = bytes(upload.buffer)
        else:
            self._verify(digest, data)
            content = data  # the request body itself: no copy
        del self.uploads[uuid]
        blob = self._store(digest, content)
        self._link(upload.key, digest)
        return blob

    def cancel_upload(self, caller: Caller, namespace: str, repository: str, uuid: str) -> None:
        self.get_upload(caller, namespace, repository, uuid)
        del self.uploads[uuid]

    # --- deleting ---------------------------------------------------------------------------------
    def delete_blob(self, caller: Caller, namespace: str, repository: str, digest: str) -> None:
        """Unlink a blob from a repository (manage right, like deleting a tag); its bytes go
        when no repository links it any more."""
        oci.check_digest(digest)
        ns = self.region(caller.region).namespaces.get(namespace)
        if ns is not None and repository not in ns.repositories:
            self._namespace(caller, namespace, AUTH_MANAGE)  # blobs uploaded, no manifest yet
        else:
            self._repository(caller, namespace, repository, AUTH_MANAGE)
        key = (caller.region, namespace, repository)
        self._linked(key, digest)
        self.blob_links[key].discard(digest)
        if not any(digest in links for links in self.blob_links.values()):
            del self.blobs[digest]

    # --- helpers ------------------------------------------------------------------------------------
    @staticmethod
    def _verify(digest: str, data: bytes) -> None:
        hasher = oci.hasher(digest)
        hasher.update(data)
        BlobOps._compare(digest, hasher.hexdigest())

    @staticmethod
    def _compare(digest: str, computed: str) -> None:
        algorithm, _, expected = digest.partition(":")
        if computed != expected:
            raise OciError(
                oci.DIGEST_INVALID,
                f"provided digest {digest} did not match uploaded content ({algorithm}:{computed})",
                detail={"digest": digest, "computed": f"{algorithm}:{computed}"},
            )

    def _link_blobs_of(self, repo: Repository, manifest: Manifest) -> None:
        """A tag-set hook: wherever a manifest lands (a push, a copied tag, a synchronization
        into another region), the blobs it names that the store holds become readable there."""
        if self.blobs:
            named = self._references.get(manifest.digest)
            if named is None:  # parsed once per manifest: tags move often (retention, benchmarks)
                named = self._references[manifest.digest] = tuple(referenced_digests(manifest.raw))
            key = (repo.namespace.region, repo.namespace.name, repo.name)
            for digest in named:
                if digest in self.blobs:
                    self._link(key, digest)

    # --- seeding -------------------------------------------------------------------------------------
    def push_image(self, caller: Caller, namespace: str, repository: str, tag: str, manifest: Any = None) -> str:
        """What ``docker push`` does (`TagOps.push_manifest`); without a manifest the made-up
        image is a real one whose config and layer are stored, so it pulls back through the registry."""
        if manifest is not None:
            return self.push_manifest(caller, namespace, repository, tag, manifest)
        raw, blobs = synthetic_image(f"{namespace}/{repository}:{tag}")
        for digest, data in blobs.items():  # stored before the push so that _set_tag links them
            self._store(digest, data)
        try:
            return self.push_manifest(caller, namespace, repository, tag, raw)
        except SwrError:
            for digest in blobs:  # a refused push stores nothing
                if not any(digest in links for links in self.blob_links.values()):
                    self.blobs.pop(digest, None)
            raise


def upload_range(upload: Upload) -> str:
    """The ``Range`` header of a session: ``0-<last byte>`` (``0-0`` while empty, as distribution)."""
    return f"0-{max(upload.size - 1, 0)}"
