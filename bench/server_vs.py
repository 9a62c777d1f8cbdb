"""Server mode against ``ThreadedMotoServer``: requests per second over a real socket.

Both servers are werkzeug's threaded server on 127.0.0.1 with an ephemeral port, and both
are driven by the same client (one ``requests.Session``; each answer closes its connection,
so every call pays a TCP connect): the difference is what each server does per request.
ECR is a JSON-RPC API (``POST /`` with ``X-Amz-Target``); moto's server answers it without
checking the signature, so the request is sent unsigned, as the fake's is (``X-Auth-Token``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from swr_fake import FakeSwr

from .common import NAMESPACE, TOKEN_HEADERS, seed_tags, session
from .report import Table, verdict
from .timing import Plan, Variant, compare, fmt_ns, fmt_ratio, ratio

REPOSITORIES = 100
TARGET = 3.0
_ECR = "AmazonEC2ContainerRegistry_V20150921"
_AWS_AUTH = (
    "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecr/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0"
)


def run(plan: Plan) -> list[Table]:
    import logging

    from moto.server import ThreadedMotoServer

    from swr_fake.server import SwrServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        host, port = moto.get_host_and_port()
        with SwrServer(FakeSwr()) as server:
            return [_measure(plan, f"http://{host}:{port}", server)]
    finally:
        moto.stop()


def _measure(plan: Plan, moto_url: str, server: object) -> Table:
    http = session()

    def ecr(action: str, body: dict[str, object]) -> Callable[[], object]:
        headers = {
            "X-Amz-Target": f"{_ECR}.{action}",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": _AWS_AUTH,
            "X-Amz-Date": "20260101T000000Z",
        }
        data = json.dumps(body)

        def call() -> object:
            response = http.post(moto_url + "/", data=data, headers=headers)
            assert response.status_code == 200, response.text
            return response

        return call

    for index in range(REPOSITORIES):
        ecr("CreateRepository", {"repositoryName": f"repo{index:03d}"})()
    fake: FakeSwr = server.fake  # type: ignore[attr-defined]
    fake.tenant.quotas["namespace"] = 10
    fake.create_namespace(NAMESPACE)
    for index in range(REPOSITORIES):
        fake.create_repository(NAMESPACE, f"repo{index:03d}")
    seed_tags(fake, "repo000", 3)
    base = server.url  # type: ignore[attr-defined]

    def swr(path: str, params: dict[str, str] | None = None) -> Callable[[], object]:
        def call() -> object:
            response = http.get(base + path, params=params, headers=TOKEN_HEADERS)
            assert response.status_code == 200, response.text
            return response

        return call

    listed = ecr("DescribeRepositories", {"maxResults": 100})().json()["repositories"]  # type: ignore[attr-defined]
    assert len(listed) == REPOSITORIES
    work = {
        "show one repository": (
            ecr("DescribeRepositories", {"repositoryNames": ["repo000"]}),
            swr(f"/v2/manage/namespaces/{NAMESPACE}/repos/repo000"),
            "DescribeRepositories(repositoryNames=[1])",
            "show_repository",
        ),
        f"list {REPOSITORIES} repositories": (
            ecr("DescribeRepositories", {"maxResults": 100}),
            swr("/v2/manage/repos", {"namespace": NAMESPACE, "limit": "100"}),
            "DescribeRepositories(maxResults=100)",
            "list_repos_details, limit=100",
        ),
    }
    table = Table(
        "Server mode against ThreadedMotoServer (ECR) — one client, requests over loopback",
        ["work", "moto req/s", "swr_fake req/s", "moto", "swr_fake", "speed-up (range)", "target", "", "moto call",
         "swr_fake call"],
    )  # fmt: skip
    for name, (moto_call, swr_call, moto_op, swr_op) in work.items():
        results = compare([Variant("moto", moto_call), Variant("swr", swr_call)], plan.scaled(0.3))
        speedup = ratio(results, "moto", "swr")
        table.add(
            name, f"{1e9 / results['moto'].median:.0f}", f"{1e9 / results['swr'].median:.0f}",
            fmt_ns(results["moto"].median), fmt_ns(results["swr"].median), fmt_ratio(results, "moto", "swr"),
            f"≥ {TARGET:.0f}×", verdict(speedup >= TARGET), moto_op, swr_op,
        )  # fmt: skip
    table.notes.append("req/s = 1 / median latency of one sequential client (connect, request, answer, close)")
    table.notes.append(
        "both answers close the connection (werkzeug's development server has no keep-alive), so both pay a "
        "TCP connect per call; the client's own cost (requests) is the same on both sides"
    )
    return table
