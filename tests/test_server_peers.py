"""Clients in other languages against the server: the Node.js and Go SDKs (see tests/peers/)."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import pytest
import requests

from swr_fake.server import SwrServer
from tests import peers_support

pytest.importorskip("werkzeug")

TOKEN = {"X-Auth-Token": "t"}
# Fields real answers carry beyond the SDK models (swr-api.md: Terraform reads them from
# list_namespaces items); Go's model lacks them, so a DisallowUnknownFields decode names one.
DOCUMENTED_EXTRAS = ("access_user_count", "repo_count")


def seed(server: SwrServer) -> None:
    """What the flows read: a repository with two tags, a retention policy, a trigger, a share."""
    fake = server.fake
    fake.create_namespace("seeded")
    fake.push_image("seeded", "img", "v1")
    fake.push_image("seeded", "img", "v2")
    repo = f"{server.url}/v2/manage/namespaces/seeded/repos/img"
    policy = {
        "algorithm": "or",
        "rules": [
            {"template": "tag_rule", "params": {"num": "5"}, "tag_selectors": [{"kind": "label", "pattern": "v1"}]}
        ],
    }
    trigger = {
        "name": "deploy", "trigger_type": "all", "condition": ".*", "enable": "true", "action": "update",
        "app_type": "deployments", "application": "web", "cluster_ns": "default",
    }  # fmt: skip
    share = {"access_domain": "partner", "permit": "read", "deadline": "forever"}
    for url, body in [
        (repo + "/retentions", policy),
        (repo + "/triggers", trigger),
        (f"{server.url}/v2/manage/namespaces/seeded/repositories/img/access-domains", share),
    ]:
        response = requests.post(url, json=body, headers=TOKEN, timeout=5)
        assert response.status_code in (200, 201), response.text
    fake.run_retention("seeded", "img")  # one history row


def flow_env(server: SwrServer) -> dict[str, str]:
    fake = server.fake
    return {
        **os.environ,
        "SWR_FAKE_URL": server.url,
        "SWR_FAKE_AK": fake.access_key,
        "SWR_FAKE_SK": fake.secret_key,
        "SWR_FAKE_PROJECT_ID": fake.project_id(),
    }


def run_flow(command: list[str], env: dict[str, str]) -> Any:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])  # the SDKs may log lines before it


def check_common(server: SwrServer, seen: Any, namespace: str) -> None:
    fake = server.fake
    assert seen["tags"] == ["v2", "v1"]
    assert seen["registry"] == "swr.cn-north-4.myhuaweicloud.com"
    assert seen["missing"] == {"status": 404, "code": "SVCSTG.SWR.4040058"}
    username, _, password = seen["login"].partition(":")
    assert fake.docker_login(username, password)
    assert namespace in fake.backend.region("cn-north-4").namespaces
    assert "app" in fake.backend.region("cn-north-4").namespaces[namespace].repositories


def test_the_node_sdk_flow(swr_server: SwrServer) -> None:
    node = peers_support.tool("node")
    modules = peers_support.node_modules()
    seed(swr_server)
    env = {**flow_env(swr_server), "NODE_PATH": str(modules)}
    seen = run_flow([node, str(peers_support.PEERS_SOURCE / "swr_flow.js")], env)
    check_common(swr_server, seen, "node-team")
    assert seen["content_range"] == "0-2/2"
    operations = swr_server.fake.calls.operations()
    flow = ["create_namespace", "create_repo", "list_repository_tags", "create_secret", "create_repo"]
    assert operations[-5:] == flow


def test_the_go_sdk_flow_and_strict_decoding(swr_server: SwrServer) -> None:
    binary = peers_support.go_flow_binary()
    seed(swr_server)
    seen = run_flow([str(binary)], flow_env(swr_server))
    check_common(swr_server, seen, "go-team")
    assert "go-team" in seen["discovered"]
    assert "keystone_list_projects" in swr_server.fake.calls.operations()
    failures = {
        path: result
        for path, result in seen["strict"].items()
        if result != "ok" and result not in {f"unknown field {name}" for name in DOCUMENTED_EXTRAS}
    }
    assert not failures, "Go's strict decoding refused:\n" + "\n".join(f"{p}: {r}" for p, r in failures.items())
    assert len(seen["strict"]) >= 15
