"""Registry requests from several threads: every push lands, nothing is lost or mixed up."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .conftest import Registry, digest_of, image_manifest, put_manifest

THREADS = 4
PUSHES = 5


def test_parallel_pushes_to_several_repositories(registry: Registry) -> None:
    sessions = {f"team/app{index}": registry.session(f"team/app{index}") for index in range(THREADS)}

    def pushes(name: str) -> list[str]:
        session = sessions[name]
        digests = []
        for number in range(PUSHES):
            raw = image_manifest(registry, session, name, f"{name} layer {number}".encode())
            assert put_manifest(registry, session, name, f"v{number}", raw).status_code == 201
            digests.append(digest_of(raw))
        return digests

    with ThreadPoolExecutor(THREADS) as pool:
        results = dict(zip(sessions, pool.map(pushes, sessions), strict=True))
    for name, digests in results.items():
        session = sessions[name]
        assert session.get(registry.url(f"/v2/{name}/tags/list")).json()["tags"] == [f"v{n}" for n in range(PUSHES)]
        for number, digest in enumerate(digests):
            got = session.get(registry.url(f"/v2/{name}/manifests/v{number}"))
            assert digest_of(got.content) == digest
    assert not registry.swr.snapshot()["uploads"]  # every session closed
