"""Hostile input: the slowest request of each family the security work bounds, against the
budget of 100 ms per request (issue 14). Each request goes through the front door
(`FakeSwr.handle`), as every transport's requests do; the figure is the slowest of its runs.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from typing import Any

from swr_fake import FakeSwr, endpoint_for
from swr_fake.api.bounds import ARRAY_MAX_ITEMS, BODY_MAX_BYTES, TEXT_MAX_LEN
from swr_fake.backend.retention_rules import RULES_MAX, SELECTORS_MAX
from swr_fake.regex import PATTERN_MAX_LEN
from swr_fake.signing import SignedRequest, sign
from swr_fake.validate import INT64_MAX
from swr_fake.wire import WireRequest

from .report import Table, verdict
from .timing import Plan

BUDGET_MS = 100.0
BASE = endpoint_for("cn-north-4")
NS = "/v2/manage/namespaces/hostile"
TAGS = 1000  # tags already in the repository that retention goes over on every push
EVIL = ["(a+)+$", "(a|aa)+$", "(.*a){12}$", "^(a?){30}a{30}$", "(a*)*b"]


def _request(method: str, path: str, body: Any, headers: dict[str, str]) -> WireRequest:
    raw = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    return WireRequest.build(method, BASE + path, headers, raw)


def _world() -> FakeSwr:
    swr = FakeSwr()
    swr.create_namespace("hostile")
    swr.create_repository("hostile", "other")
    caller = swr.backend.caller(swr.region)
    for index in range(TAGS):
        swr.push_image("hostile", "app", f"{'a' * 100}{index}")
    selectors = [
        {"kind": "regexp", "pattern": EVIL[i % len(EVIL)] + "x" * (i // len(EVIL))} for i in range(SELECTORS_MAX)
    ]
    rules = [{"template": "tag_rule", "params": {"num": "1000"}, "tag_selectors": selectors}] * RULES_MAX
    swr.backend.create_retention(caller, "hostile", "app", "or", rules)
    for index, pattern in enumerate(EVIL):
        swr.backend.create_trigger(
            caller, "hostile", "app", f"t{index}", trigger_type="regular", condition=pattern, enable=True,
            app_type="deployments", application="web", cluster_ns="default",
        )  # fmt: skip
    many = [(f"u-{index}", f"user{index}", 1) for index in range(ARRAY_MAX_ITEMS)]
    swr.backend.create_namespace_auth(caller, "hostile", many)
    return swr


def _cases(swr: FakeSwr) -> list[tuple[str, Callable[[int], WireRequest]]]:
    ak, sk = swr.add_access_key()
    # A real token: require_signatures() also verifies tokens.
    token = {"X-Auth-Token": swr.issue_token(), "Content-Type": "application/json"}

    def req(method: str, path: str, body: Any = None) -> WireRequest:
        return _request(method, path, body, token)

    huge = "9" * 5000

    def signed_big(run: int) -> WireRequest:
        body = json.dumps({"repository": f"big{run}", "is_public": False, "description": "d" * 30_000}).encode()
        body += b" " * (BODY_MAX_BYTES - len(body))  # the largest body the gateway takes
        url = BASE + NS + "/repos"
        headers = {"Content-Type": "application/json", "Host": url.split("/")[2]}
        added = sign(SignedRequest("POST", url, headers, body), ak, sk, "20250101T000000Z", ["content-type"])
        return WireRequest.build("POST", url, {**headers, **added}, body)

    def selector(run: int) -> dict[str, str]:  # a new expression each run: compiled, not cached
        return {"kind": "regexp", "pattern": ("(a+)+" * 200)[: PATTERN_MAX_LEN - 5] + f"{run:04d}"}

    return [
        (
            "create retention with a 1,024-char nested-quantifier pattern",
            lambda run: req(
                "POST",
                NS + "/repos/other/retentions",
                {
                    "algorithm": "or",
                    "rules": [{"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": [selector(run)]}],
                },
            ),
        ),
        ("12 MiB body, signed, under require_signatures", signed_big),
        ("body one byte over 12 MiB", lambda run: req("POST", NS + "/repos", b" " * (BODY_MAX_BYTES + 1))),
        (
            "limit, offset, marker of 5,000 digits",
            lambda run: req("GET", f"/v3/manage/repos?limit={huge}&marker={huge}"),
        ),
        (
            "filter=limit::<5,000 digits>",
            lambda run: req("GET", f"/v2/manage/repos?filter=limit::{huge}|offset::{huge}"),
        ),
        (
            "retention num of 5,000 digits",
            lambda run: req(
                "POST",
                NS + "/repos/other/retentions",
                {"algorithm": "or", "rules": [{"template": "tag_rule", "params": {"num": huge}, "tag_selectors": []}]},
            ),
        ),  # fmt: skip
        (
            "10 MiB description",
            lambda run: req("PATCH", NS + "/repos/app", {"is_public": False, "description": "d" * (10 << 20)}),
        ),
        ("query value of 1 MiB", lambda run: req("GET", f"/v2/manage/repos?name={'n' * (1 << 20)}")),
        (
            f"revoke {ARRAY_MAX_ITEMS:,} user ids (missing one: nothing goes)",
            lambda run: req(
                "DELETE", NS + "/access", [f"u-{index}" for index in range(1, ARRAY_MAX_ITEMS)] + ["nobody"]
            ),
        ),  # fmt: skip
        (
            f"revoke {ARRAY_MAX_ITEMS + 1:,} user ids",
            lambda run: req("DELETE", NS + "/access", [f"u-{i}" for i in range(ARRAY_MAX_ITEMS + 1)]),
        ),
        (
            f"{ARRAY_MAX_ITEMS:,} strings of {TEXT_MAX_LEN:,} characters",
            lambda run: req(
                "POST",
                NS + "/repos/app/sync_images",
                {
                    "remoteRegionId": "cn-south-1",
                    "remoteNamespace": "hostile",
                    "imageTag": ["t" * TEXT_MAX_LEN] * ARRAY_MAX_ITEMS,
                },
            ),
        ),  # fmt: skip
        ("overview with int64-sized manifests", lambda run: req("GET", "/v2/manage/overview")),
    ]


def _sender(swr: FakeSwr, prepared: list[WireRequest], answers: list[int]) -> Callable[[], None]:
    """Sends the next prepared request on each call, keeping the statuses."""
    pending = iter(prepared)
    return lambda: answers.append(swr.handle(next(pending)).status)


def _time(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(slowest CPU time, slowest wall time) in milliseconds, after one untimed call
    (first-use imports and caches). CPU time is what the request itself costs; wall time also
    holds whatever else the machine ran meanwhile."""
    call()
    gc.collect()
    cpu, wall = [], []
    for _ in range(runs):
        started_cpu, started_wall = time.process_time_ns(), time.perf_counter_ns()
        call()
        cpu.append((time.process_time_ns() - started_cpu) / 1e6)
        wall.append((time.perf_counter_ns() - started_wall) / 1e6)
    return max(cpu), max(wall)


def run(plan: Plan, quick: bool = False) -> list[Table]:
    runs = 3 if quick else 7
    swr = _world()
    for index in range(3):
        half = {"size": INT64_MAX // 2, "digest": f"sha256:{index:064x}"}
        swr.push_image("hostile", f"huge{index}", "v1", {"config": half, "layers": [half]})
    swr.require_signatures(max_skew=None)
    table = Table(
        f"Hostile input: slowest of {runs} runs per request (budget {BUDGET_MS:.0f} ms of CPU)",
        ["request", "answer", "slowest (CPU)", "slowest (wall)", "CPU / budget", "target"],
    )
    # A push is no management API call: it goes through the helper, as `docker push` would.
    tags = iter(range(10**6))
    slowest, wall = _time(lambda: swr.push_image("hostile", "app", "a" * 120 + str(next(tags))), runs)
    title = f"push: {RULES_MAX} rules x {SELECTORS_MAX} catastrophic selectors, {len(EVIL)} triggers, {TAGS:,} tags"
    table.add(
        title,
        "pushed",
        f"{slowest:.1f} ms",
        f"{wall:.1f} ms",
        f"{slowest / BUDGET_MS:.2f}",
        verdict(slowest <= BUDGET_MS),
    )
    for title, build in _cases(swr):
        answers: list[int] = []
        slowest, wall = _time(_sender(swr, [build(index) for index in range(runs + 1)], answers), runs)
        row = (title, str(answers[-1]), f"{slowest:.1f} ms", f"{wall:.1f} ms", f"{slowest / BUDGET_MS:.2f}")
        table.add(*row, verdict(slowest <= BUDGET_MS))
    table.notes.append("each request is built before the clock starts; the fake answers through the front door")
    table.notes.append("the target is on CPU time (process_time): on a shared machine wall time adds other work")
    table.notes.append("signatures are verified for signed requests (require_signatures); tokens pass as the admin")
    return [table]
