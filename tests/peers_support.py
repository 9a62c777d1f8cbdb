"""Finding (and, for Go, building) the cross-language clients the server tests drive.

Tools live outside the repository, in ``$SWR_FAKE_PEERS_DIR`` (default
``~/.cache/swr-fake-peers``), where ``.ci/run`` installs them: ``node/node_modules`` (the Node
SDK), ``bin/conformance`` (the OCI suite), Go build output. A missing tool skips its test with
the reason; with ``SWR_FAKE_REQUIRE_PEERS=1`` (set by ``.ci/run``) it fails instead.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import pwd
import shutil
import subprocess

import pytest

PEERS_SOURCE = pathlib.Path(__file__).resolve().parent / "peers"


def real_home() -> str:
    """The user's home (the test session points ``HOME`` at a throwaway folder)."""
    return pwd.getpwuid(os.getuid()).pw_dir


def peers_dir() -> pathlib.Path:
    configured = os.environ.get("SWR_FAKE_PEERS_DIR")
    return pathlib.Path(configured) if configured else pathlib.Path(real_home()) / ".cache" / "swr-fake-peers"


def missing(reason: str) -> None:
    """Skip, or fail when CI said every peer must be there."""
    if os.environ.get("SWR_FAKE_REQUIRE_PEERS") == "1":
        pytest.fail(f"required peer missing: {reason}")
    pytest.skip(reason)


def tool(name: str) -> str:
    """The path of a command on PATH or in the peers' ``bin``."""
    found = shutil.which(name) or shutil.which(name, path=str(peers_dir() / "bin"))
    if found is None:
        missing(f"{name} is not installed (.ci/run installs it)")
    assert found is not None
    return found


def node_modules() -> pathlib.Path:
    modules = peers_dir() / "node" / "node_modules"
    if not (modules / "@huaweicloud" / "huaweicloud-sdk-swr").is_dir():
        missing(f"the Node SDK is not installed in {modules} (.ci/run: npm install)")
    return modules


def go_flow_binary() -> pathlib.Path:
    """``tests/peers/go`` built once, cached by a hash of its sources (a Go build takes a minute)."""
    go = tool("go")
    source = PEERS_SOURCE / "go"
    digest = hashlib.sha256()
    for name in ("go.mod", "go.sum", "main.go"):
        digest.update((source / name).read_bytes())
    binary = peers_dir() / "bin" / f"swr-flow-go-{digest.hexdigest()[:12]}"
    if not binary.exists():
        binary.parent.mkdir(parents=True, exist_ok=True)
        # The real HOME: Go's module and build caches live there (a throwaway HOME rebuilds all).
        env = {**os.environ, "HOME": real_home()}
        built = subprocess.run(
            [go, "build", "-o", str(binary), "."], cwd=source, env=env, capture_output=True, text=True, timeout=900
        )
        if built.returncode != 0:
            missing(f"the Go SDK flow does not build (is the Go module proxy reachable?):\n{built.stderr[-2000:]}")
    return binary
