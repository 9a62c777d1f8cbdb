"""The contract scenarios: short request sequences whose answers a client depends on.

Each scenario works in one organization of its own, named ``{prefix}-{scenario}`` with a random
prefix per run, and `Run.cleanup` deletes its repositories and then the organization: on the
real service nothing else is touched. Each step carries the answer the docs (and the fake)
give; a difference from that, or from the reference target, goes into the report.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from swr_fake.hosts import cloud_of
from tests.contract.observe import Observation, observe
from tests.contract.targets import Target

PREFIX_HEAD = "swrct"


def new_prefix() -> str:
    """``swrct-<8 hex>``: random per run, so two runs (or a leftover) never share a name."""
    return f"{PREFIX_HEAD}-{secrets.token_hex(4)}"


@dataclass
class Run:
    target: Target
    prefix: str
    observations: list[Observation] = field(default_factory=list)
    created: list[str] = field(default_factory=list)

    @property
    def cloud(self) -> str:
        return cloud_of(self.target.region)

    def org(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def step(
        self,
        name: str,
        method: str,
        path: str,
        *,
        expect: int,
        code: str | None = None,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        raw: bytes | None = None,
        org: str = "",
        values: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one request; ``{org}`` in ``path`` and in string values of ``body`` stands for this
        run's organization ``org``, ``{name}`` in ``path`` for ``values[name]`` (the report keeps
        the placeholders). Returns the parsed body (``None`` when empty or not JSON)."""
        real_org = self.org(org) if org else ""
        real_path = path.replace("{org}", real_org)
        for key, value in (values or {}).items():
            real_path = real_path.replace("{" + key + "}", value)
        if isinstance(body, dict):
            body = {k: v.replace("{org}", real_org) if isinstance(v, str) else v for k, v in body.items()}
        if method == "POST" and path == "/v2/manage/namespaces" and isinstance(body, dict):
            name = body.get("namespace")
            if isinstance(name, str) and name.startswith(self.prefix + "-"):
                self.created.append(name)  # remembered before sending: cleaned up whatever happens
        response = self.target.send(method, real_path, body, params, raw)
        observation = observe(name, f"{method} {path}", response)
        observation.expected_status, observation.expected_code = expect, code
        self.observations.append(observation)
        try:
            return response.json() if response.content else None
        except ValueError:
            return None

    def cleanup(self) -> None:
        """Delete what this run created, and only that: its organizations (each must carry the
        run's prefix), after their repositories."""
        for namespace in reversed(self.created):
            if not namespace.startswith(self.prefix + "-"):
                raise AssertionError(f"refusing to delete {namespace!r}: not created by this run")
            listed = self.target.send("GET", "/v2/manage/repos", params={"namespace": namespace})
            if listed.status_code == 200:
                for repo in listed.json():
                    name = repo["name"].replace("/", "$")
                    self.target.send("DELETE", f"/v2/manage/namespaces/{namespace}/repos/{name}")
            self.target.send("DELETE", f"/v2/manage/namespaces/{namespace}")
        self.created.clear()


def organizations(run: Run) -> None:
    org = {"org": "orgs"}
    run.step("create", "POST", "/v2/manage/namespaces", body={"namespace": "{org}"}, expect=201, **org)
    run.step("create again", "POST", "/v2/manage/namespaces", body={"namespace": "{org}"}, expect=409,
             code="SVCSTG.SWR.4090060", **org)  # fmt: skip
    run.step("show", "GET", "/v2/manage/namespaces/{org}", expect=200, **org)
    run.step("list filtered", "GET", "/v2/manage/namespaces", params={"namespace": run.org("orgs")}, expect=200)
    run.step("permissions", "GET", "/v2/manage/namespaces/{org}/access", expect=200, **org)
    run.step("show missing", "GET", "/v2/manage/namespaces/{org}-none", expect=404, code="SVCSTG.SWR.4040058", **org)
    # Invalid (upper case) yet under this run's prefix: were it accepted, cleanup would remove it.
    run.step("bad name", "POST", "/v2/manage/namespaces", body={"namespace": "{org}-BAD"}, expect=400,
             code="SVCSTG.SWR.4001028", **org)  # fmt: skip
    run.step("delete", "DELETE", "/v2/manage/namespaces/{org}", expect=204, **org)
    run.step("delete again", "DELETE", "/v2/manage/namespaces/{org}", expect=404, code="SVCSTG.SWR.4040058", **org)


def repositories(run: Run) -> None:
    org = {"org": "repos"}
    repos = "/v2/manage/namespaces/{org}/repos"
    run.step("organization", "POST", "/v2/manage/namespaces", body={"namespace": "{org}"}, expect=201, **org)
    body = {"repository": "app", "is_public": False, "category": "linux", "description": "contract"}
    run.step("create", "POST", repos, body=body, expect=201, **org)
    run.step("create again", "POST", repos, body=body, expect=409, code="SVCSTG.SWR.4090006", **org)
    run.step("show", "GET", repos + "/app", expect=200, **org)
    run.step("update without is_public", "PATCH", repos + "/app", body={"description": "d2"}, expect=201, **org)
    run.step("update bad category", "PATCH", repos + "/app", body={"category": "games"}, expect=400,
             code="SVCSTG.SWR.4000014", **org)  # fmt: skip
    run.step("list", "GET", "/v2/manage/repos", params={"namespace": run.org("repos")}, expect=200)
    run.step("tags of an empty repository", "GET", repos + "/app/tags", expect=200, **org)
    run.step("permissions", "GET", repos + "/app/access", expect=200, **org)
    run.step("show missing", "GET", repos + "/none", expect=404, code="SVCSTG.SWR.4040010", **org)
    run.step("delete", "DELETE", repos + "/app", expect=204, **org)


def shares(run: Run) -> None:
    org = {"org": "shares"}
    domains = "/v2/manage/namespaces/{org}/repositories/app/access-domains"
    run.step("organization", "POST", "/v2/manage/namespaces", body={"namespace": "{org}"}, expect=201, **org)
    run.step("repository", "POST", "/v2/manage/namespaces/{org}/repos", body={"repository": "app", "is_public": False},
             expect=201, **org)  # fmt: skip
    missing = (200, None) if run.cloud == "otc" else (400, "SVCSTG.SWR.4001090")
    run.step("show before sharing", "GET", domains + "/swrctpartner", expect=missing[0], code=missing[1], **org)
    share = {"access_domain": "swrctpartner", "permit": "read", "deadline": "forever", "description": ""}
    run.step("share", "POST", domains, body=share, expect=201, **org)
    run.step("list", "GET", domains, expect=200, **org)
    run.step("show", "GET", domains + "/swrctpartner", expect=200, **org)
    update = {"permit": "read", "deadline": "2099-12-31T00:00:00Z", "description": "contract"}
    run.step("update", "PATCH", domains + "/swrctpartner", body=update, expect=201, **org)
    run.step("delete", "DELETE", domains + "/swrctpartner", expect=204, **org)


def retention(run: Run) -> None:
    org = {"org": "keep"}
    base = "/v2/manage/namespaces/{org}/repos/app/retentions"
    run.step("organization", "POST", "/v2/manage/namespaces", body={"namespace": "{org}"}, expect=201, **org)
    run.step("repository", "POST", "/v2/manage/namespaces/{org}/repos", body={"repository": "app", "is_public": False},
             expect=201, **org)  # fmt: skip
    rules = [{"template": "tag_rule", "params": {"num": "5"}, "tag_selectors": []}]
    created = run.step("create", "POST", base, body={"algorithm": "or", "rules": rules}, expect=201, **org)
    policy = str(created.get("id")) if isinstance(created, dict) else "0"
    run.step("list", "GET", base, expect=200, **org)
    run.step("show", "GET", base + "/{id}", expect=200, values={"id": policy}, **org)
    run.step("histories", "GET", base + "/histories", expect=200, **org)
    run.step("delete", "DELETE", base + "/{id}", expect=200, values={"id": policy}, **org)
    run.step("delete again", "DELETE", base + "/{id}", expect=400, code="SVCSTG.SWR.4000306", values={"id": policy},
             **org)  # fmt: skip


def requests_the_service_refuses(run: Run) -> None:
    run.step("unknown path", "GET", "/v2/manage/no-such-thing", expect=404)
    run.step("body that is not JSON", "POST", "/v2/manage/namespaces", raw=b"{not json", expect=400)
    run.step("body of the wrong type", "POST", "/v2/manage/namespaces", body={"namespace": 7}, expect=400,
             code="SVCSTG.SWR.4000014")  # fmt: skip


SCENARIOS: dict[str, Callable[[Run], None]] = {
    "organizations": organizations,
    "repositories": repositories,
    "shares": shares,
    "retention": retention,
    "refusals": requests_the_service_refuses,
}
