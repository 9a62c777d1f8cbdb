"""The registry side over a real socket: docker, skopeo and the OCI conformance suite, plus
the transport's own guarantees for blobs (HEAD lengths, uploads cut short)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import pathlib
import re
import socket
import subprocess
from typing import Any

import pytest
import requests

from swr_fake.server import SwrServer
from tests import peers_support
from tests.server_support import raw_exchange

pytest.importorskip("werkzeug")


@pytest.fixture
def registry(swr_server: SwrServer) -> SwrServer:
    if "registry" not in swr_server.fake.front_door.surfaces:
        pytest.skip("this build has no registry surface (swr_fake.registry)")
    return swr_server


def temporary_login(server: SwrServer) -> tuple[str, str]:
    """A login from create_secret, as `docker login` users get it from the console."""
    fake = server.fake
    reply = requests.post(
        f"{server.url}/v2/manage/utils/secret",
        headers={"X-Auth-Token": "t", "X-Project-Id": fake.project_id()},
        timeout=5,
    ).json()
    (entry,) = reply["auths"].values()
    username, _, password = base64.b64decode(entry["auth"]).decode().partition(":")
    return username, password


def run(command: list[str], stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, input=stdin, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command[:3])} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_a_blob_head_has_the_blob_length_and_no_body(registry: SwrServer) -> None:
    fake = registry.fake
    fake.create_namespace("team")
    fake.push_image("team", "app", "v1")
    username, password = temporary_login(registry)
    manifest = json.loads(fake.pull_image("team", "app", "v1"))
    layer = manifest["layers"][0]
    token = requests.get(
        f"{registry.url}/swr/auth/v2/registry/auth/",
        params={"service": "dockyard", "scope": "repository:team/app:pull"},
        auth=(username, password),
        timeout=5,
    ).json()["token"]
    request = f"HEAD /v2/team/app/blobs/{layer['digest']} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n"
    head = raw_exchange(registry, request.encode())
    status_line, _, rest = head.partition(b"\r\n")
    header_block, _, body = rest.partition(b"\r\n\r\n")
    assert status_line == b"HTTP/1.1 200 OK" and body == b""
    assert re.findall(rb"(?im)^content-length: (\d+)\r?$", header_block) == [str(layer["size"]).encode()]


def test_an_upload_cut_short_stores_no_blob(registry: SwrServer) -> None:
    fake = registry.fake
    fake.create_namespace("team")
    username, password = temporary_login(registry)
    token = requests.get(
        f"{registry.url}/swr/auth/v2/registry/auth/",
        params={"scope": "repository:team/app:pull,push"},
        auth=(username, password),
        timeout=5,
    ).json()["token"]
    blob = b"x" * 4096
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    host, _, port = registry.registry.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(
            f"POST /v2/team/app/blobs/uploads/?digest={digest} HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: Bearer {token}\r\nContent-Length: {len(blob)}\r\n\r\n".encode()
            + blob[:1000]
        )
    # The monolithic upload never reached the fake: the blob is unknown, the server still serves.
    answer = requests.head(
        f"{registry.url}/v2/team/app/blobs/{digest}", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert answer.status_code == 404
    assert not any(call.operation == "registry_start_upload" for call in fake.calls)


def test_docker_login_and_manifest_inspect(registry: SwrServer, tmp_path: pathlib.Path) -> None:
    docker = peers_support.tool("docker")
    fake = registry.fake
    fake.create_namespace("team")
    digest = fake.push_image("team", "app", "v1")
    username, password = temporary_login(registry)
    env = {"DOCKER_CONFIG": str(tmp_path)}
    # docker tries HTTPS first and falls back on the plain port's HTTP answer.
    login = run([docker, "login", registry.registry, "-u", username, "--password-stdin"], password, **env)
    assert "Login Succeeded" in login.stdout
    shown = run([docker, "manifest", "inspect", "--insecure", f"{registry.registry}/team/app:v1"], **env)
    assert json.loads(shown.stdout) == json.loads(fake.pull_image("team", "app", "v1"))
    assert digest.startswith("sha256:")


def test_docker_login_with_a_wrong_password_fails(registry: SwrServer, tmp_path: pathlib.Path) -> None:
    docker = peers_support.tool("docker")
    registry.fake.create_namespace("team")
    username, _ = temporary_login(registry)
    done = subprocess.run(
        [docker, "login", registry.registry, "-u", username, "--password-stdin"],
        input="wrong",
        env={**os.environ, "DOCKER_CONFIG": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "unauthorized" in (done.stdout + done.stderr).lower()


def test_skopeo_copies_in_and_out_inspects_lists_and_deletes(registry: SwrServer, tmp_path: pathlib.Path) -> None:
    skopeo = peers_support.tool("skopeo")
    fake = registry.fake
    fake.create_namespace("team")
    fake.push_image("team", "app", "v1")
    username, password = temporary_login(registry)
    creds = f"{username}:{password}"
    source = f"docker://{registry.registry}/team/app:v1"
    layout = tmp_path / "layout"
    plain = ["--tls-verify=false", "--creds", creds]
    # Out of the registry into an OCI layout, and back in under another name.
    run([skopeo, "copy", "--src-tls-verify=false", "--src-creds", creds, source, f"oci:{layout}:v1"])
    assert json.loads((layout / "index.json").read_text())["manifests"]
    target = f"docker://{registry.registry}/team/copied:v2"
    run([skopeo, "copy", "--dest-tls-verify=false", "--dest-creds", creds, f"oci:{layout}:v1", target])
    tags = fake.backend.region("cn-north-4").namespaces["team"].repositories["copied"].tags
    assert list(tags) == ["v2"]
    inspected: Any = json.loads(run([skopeo, "inspect", *plain, target]).stdout)
    assert inspected["RepoTags"] == ["v2"] and inspected["Digest"] == tags["v2"].digest
    listed = json.loads(run([skopeo, "list-tags", *plain, f"docker://{registry.registry}/team/copied"]).stdout)
    assert listed["Tags"] == ["v2"]
    run([skopeo, "delete", *plain, target])
    assert "v2" not in fake.backend.region("cn-north-4").namespaces["team"].repositories["copied"].tags
    # The management API sees what skopeo did: the pushed repository and its (now deleted) tag.
    assert fake.calls.of("registry_delete_manifest")[-1].status == 202


def test_the_oci_conformance_suite_passes(registry: SwrServer, tmp_path: pathlib.Path) -> None:
    conformance = peers_support.tool("conformance")
    fake = registry.fake
    fake.create_namespace("conformance")
    # SWR keeps repositories in organizations that must exist; the repositories are made up
    # front so that the "empty repository" checks (referrers, tag list) find them.
    for name in ("repo1", "repo2"):
        fake.create_repository("conformance", name)
    username, password = temporary_login(registry)
    env = {
        "OCI_REGISTRY": registry.registry,
        "OCI_TLS": "disabled",
        "OCI_REPO1": "conformance/repo1",
        "OCI_REPO2": "conformance/repo2",
        "OCI_USERNAME": username,
        "OCI_PASSWORD": password,
        "OCI_VERSION": "1.1",
        "OCI_RESULTS_DIR": str(tmp_path / "results"),
    }
    done = subprocess.run(
        [conformance], cwd=tmp_path, env={**os.environ, **env}, capture_output=True, text=True, timeout=600
    )
    summary = done.stdout[done.stdout.find("Test results") :] if "Test results" in done.stdout else done.stdout
    counts = {name: int(number) for name, number in re.findall(r"(?m)^\s+(\w+)\.+:\s+(\d+)\s*$", summary)}
    areas = [line for line in summary.splitlines() if re.match(r"^\s+[A-Z][\w ]+\.+:\s+[A-Za-z]+\s*$", line)]
    peers_support.peers_dir().mkdir(parents=True, exist_ok=True)
    (peers_support.peers_dir() / "conformance-summary.txt").write_text(
        "OCI conformance suite, stable 1.1 profile, against swr-fake serve: "
        + ", ".join(f"{name} {number}" for name, number in counts.items())
        + "\n"
        + "\n".join(areas)
        + "\n"
    )
    assert done.returncode == 0, summary[-6000:] + done.stderr[-3000:]
    assert counts.get("FAIL") == 0 and counts.get("Error") == 0 and counts.get("Pass", 0) > 500, counts


def test_the_suite_skopeo_and_an_sdk_at_once_lose_nothing(registry: SwrServer, tmp_path: pathlib.Path) -> None:
    """Issue 16 point 5: concurrent clients of every kind, one lock, no lost update."""
    conformance = peers_support.tool("conformance")
    skopeo = peers_support.tool("skopeo")
    from concurrent.futures import ThreadPoolExecutor

    from huaweicloudsdkswr.v2 import CreateRepoRequest, CreateRepoRequestBody

    from tests.server_support import sdk_client

    fake = registry.fake
    for namespace in ("conformance", "team", "sdk"):
        fake.create_namespace(namespace)
    for name in ("repo1", "repo2"):
        fake.create_repository("conformance", name)
    fake.push_image("team", "app", "v1")
    username, password = temporary_login(registry)
    creds = f"{username}:{password}"
    suite_env = {
        **os.environ, "OCI_REGISTRY": registry.registry, "OCI_TLS": "disabled", "OCI_REPO1": "conformance/repo1",
        "OCI_REPO2": "conformance/repo2", "OCI_USERNAME": username, "OCI_PASSWORD": password,
        "OCI_RESULTS_DIR": str(tmp_path / "results"),
    }  # fmt: skip
    suite = subprocess.Popen([conformance], cwd=tmp_path, env=suite_env, stdout=subprocess.PIPE, text=True)
    copies = 6

    def skopeo_copy(index: int) -> int:
        return subprocess.run(
            [skopeo, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", creds,
             "--dest-creds", creds, f"docker://{registry.registry}/team/app:v1",
             f"docker://{registry.registry}/team/copy{index}:v{index}"],
            capture_output=True, timeout=300,
        ).returncode  # fmt: skip

    def sdk_creates(worker: int) -> int:
        client = sdk_client(registry)
        for index in range(10):
            body = CreateRepoRequestBody(repository=f"w{worker}-{index}", category="other", is_public=False)
            client.create_repo(CreateRepoRequest(namespace="sdk", body=body))
        return 10

    with ThreadPoolExecutor(max_workers=copies + 4) as pool:  # all at once, while the suite runs
        copying = [pool.submit(skopeo_copy, index) for index in range(copies)]
        creating = [pool.submit(sdk_creates, worker) for worker in range(4)]
        copied = [future.result() for future in copying]
        created = [future.result() for future in creating]
    output, _ = suite.communicate(timeout=600)
    assert suite.returncode == 0, output[-6000:]
    assert copied == [0] * copies and sum(created) == 40
    namespaces = fake.backend.region("cn-north-4").namespaces
    assert len(namespaces["sdk"].repositories) == 40
    for index in range(copies):
        assert list(namespaces["team"].repositories[f"copy{index}"].tags) == [f"v{index}"]
    assert len(fake.calls.of("create_repo")) == 40
    assert len(fake.calls.of("registry_put_manifest")) >= copies


def test_skopeo_over_tls_trusting_the_ca(tmp_path: pathlib.Path) -> None:
    skopeo = peers_support.tool("skopeo")
    with SwrServer(tls=True) as server:
        if "registry" not in server.fake.front_door.surfaces:
            pytest.skip("this build has no registry surface (swr_fake.registry)")
        assert server.ca_path is not None
        server.fake.create_namespace("team")
        server.fake.push_image("team", "app", "v1")
        reply = requests.post(
            f"{server.url}/v2/manage/utils/secret",
            headers={"X-Auth-Token": "t", "X-Project-Id": server.fake.project_id()},
            verify=server.ca_path,
            timeout=5,
        ).json()
        (entry,) = reply["auths"].values()
        creds = base64.b64decode(entry["auth"]).decode()
        certs = tmp_path / "certs"
        certs.mkdir()
        (certs / "ca.crt").write_bytes(pathlib.Path(server.ca_path).read_bytes())
        # TLS verification stays on: skopeo trusts the server through the CA alone.
        shown = run(
            [skopeo, "inspect", "--cert-dir", str(certs), "--creds", creds, f"docker://{server.registry}/team/app:v1"]
        )
        assert json.loads(shown.stdout)["RepoTags"] == ["v1"]
        untrusted = subprocess.run(
            [skopeo, "inspect", "--creds", creds, f"docker://{server.registry}/team/app:v1"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert untrusted.returncode != 0 and "certificate" in untrusted.stderr
