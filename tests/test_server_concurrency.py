"""Many clients at once: the server's threads share the model's one lock; no update is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from huaweicloudsdkswr.v2 import CreateRepoRequest, CreateRepoRequestBody, ListReposDetailsRequest

from swr_fake.server import SwrServer
from tests.server_support import sdk_client

pytest.importorskip("werkzeug")

WORKERS = 8
EACH = 12


def test_concurrent_clients_lose_no_update(swr_server: SwrServer) -> None:
    swr_server.fake.create_namespace("busy")

    def sdk_worker(worker: int) -> list[int]:
        client = sdk_client(swr_server)  # one client per thread, as a Go or Node process would have
        statuses = []
        for index in range(EACH):
            body = CreateRepoRequestBody(repository=f"w{worker}-r{index}", category="other", is_public=False)
            client.create_repo(CreateRepoRequest(namespace="busy", body=body))
            statuses.append(201)
        return statuses

    def raw_worker(worker: int) -> list[int]:
        statuses = []
        with requests.Session() as session:
            for index in range(EACH):
                response = session.post(
                    f"{swr_server.url}/v2/manage/namespaces/busy/repos",
                    json={"repository": f"raw{worker}-r{index}", "category": "other", "is_public": True},
                    headers={"X-Auth-Token": "t"},
                    timeout=10,
                )
                statuses.append(response.status_code)
                # Reads interleave with the writes of the other threads.
                session.get(f"{swr_server.url}/_fake/calls?operation=create_repo", timeout=10)
        return statuses

    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        futures = [pool.submit(sdk_worker, n) for n in range(WORKERS)]
        futures += [pool.submit(raw_worker, n) for n in range(WORKERS)]
        statuses = [status for future in futures for status in future.result()]

    assert statuses == [201] * (2 * WORKERS * EACH)
    repos = swr_server.fake.backend.region("cn-north-4").namespaces["busy"].repositories
    assert len(repos) == 2 * WORKERS * EACH
    assert len(swr_server.fake.calls.of("create_repo")) == 2 * WORKERS * EACH
    # Every repository id is distinct: the id counter was never read twice.
    assert len({repo.id for repo in repos.values()}) == len(repos)
    listed = sdk_client(swr_server).list_repos_details(ListReposDetailsRequest(namespace="busy", limit="1000"))
    assert len(listed.body) == 2 * WORKERS * EACH
