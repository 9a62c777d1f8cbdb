"""Random histories through the HTTP surface, compared with a tiny reference model.

A hypothesis state machine creates and deletes organizations and repositories, pushes, retags
and deletes tags, shares and unshares, grants and revokes permissions. Each step predicts its
answer (status and error code) from the model, written here from scratch with dicts and sets;
a rejected step must leave ``swr.snapshot()`` unchanged. After every step the fake must agree
with itself and with the model:

- ``list_namespaces`` (names, ``repo_count``, ``access_user_count``), the v2 repository list
  (``Content-Range`` total, items) and the v3 marker walk all count the same repositories;
- paging the v2 and v3 lists, and each repository's v2 and v3 tag lists, returns every item
  exactly once (page sizes 1-7 in turn; all seven at the end of each history);
- ``show_repository`` ``num_images`` and ``size`` match both tag lists and the model;
- every tag's digest names a stored manifest whose bytes hash to it, and no manifest is kept
  without a tag (no orphans either way);
- shares and grants read back as the model has them;
- deleting an organization that still has repositories is refused (406).

Requests go through ``requests`` (and so through the interception); pushes are the registry
side (``swr.push_image``), which the management API has no operation for.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from swr_fake import FakeSwr
from swr_fake.errors import SwrError
from tests.robustness import TOKEN, record

NAMESPACES = ("alpha", "beta")
REPOSITORIES = ("app", "web", "team/api")
TAGS = ("v1", "v2", "latest")
CONTENTS = (0, 1, 2)
DOMAINS = ("partner", "acme")
USERS = {"u-1": "alice", "u-2": "bob"}
AUTHS = (1, 3, 7)
PAGE_SIZES = range(1, 8)


def manifest(content: int) -> bytes:
    """Image ``content`` as a manifest: same content, same digest, whatever the tag."""
    document = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 100 + content,
            "digest": "sha256:" + hashlib.sha256(f"config-{content}".encode()).hexdigest(),
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": 1000 * (content + 1),
                "digest": "sha256:" + hashlib.sha256(f"layer-{content}".encode()).hexdigest(),
            }
        ],
    }
    return json.dumps(document, separators=(",", ":")).encode()


def digest(content: int) -> str:
    return "sha256:" + hashlib.sha256(manifest(content)).hexdigest()


def size(content: int) -> int:
    return 100 + content + 1000 * (content + 1)


def repo_path(repository: str) -> str:
    return repository.replace("/", "$")


# --- the reference model ------------------------------------------------------------------------------
@dataclass
class RepoModel:
    tags: dict[str, int] = field(default_factory=dict)  # tag -> content
    shares: set[str] = field(default_factory=set)
    grants: dict[str, int] = field(default_factory=dict)
    public: bool = False


@dataclass
class NamespaceModel:
    repos: dict[str, RepoModel] = field(default_factory=dict)
    grants: dict[str, int] = field(default_factory=dict)


class Histories(RuleBasedStateMachine):
    swr: FakeSwr
    sequences = 0
    steps = 0

    def __init__(self) -> None:
        super().__init__()
        type(self).sequences += 1
        self.swr.reset()
        self.session = requests.Session()
        # No proxy or .netrc lookups in the environment on every request: a fifth of the time otherwise.
        self.session.trust_env = False
        self.session.headers.update(TOKEN)
        self.model: dict[str, NamespaceModel] = {}
        self.step = 0

    # --- plumbing -----------------------------------------------------------------------------------
    def call(self, method: str, path: str, *, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        response = self.session.request(method, self.swr.endpoint + path, json=body, params=params)
        assert response.status_code < 500, response.text
        return response

    def expect(self, response: requests.Response, status: int, code: str | None = None) -> None:
        assert response.status_code == status, (response.request.method, response.request.url, response.text)
        if code is not None:
            assert response.json()["error_code"] == code

    def attempt(self, method: str, path: str, body: Any, status: int, code: str | None = None) -> bool:
        """Send, check the predicted answer; a rejection must change nothing. True on success."""
        Histories.steps += 1
        before = self.swr.snapshot()
        self.expect(self.call(method, path, body=body), status, code)
        if status >= 400:
            assert self.swr.snapshot() == before
        return status < 400

    @staticmethod
    def choose(data: st.DataObject, existing: Any, pool: tuple[str, ...]) -> str:
        """Mostly something that exists (when anything does), sometimes anything from the pool."""
        if existing and data.draw(st.integers(0, 3)):
            return data.draw(st.sampled_from(sorted(existing)))
        return data.draw(st.sampled_from(pool))

    def target(self, data: st.DataObject) -> tuple[str, str]:
        namespace = self.choose(data, self.model, NAMESPACES)
        ns = self.model.get(namespace)
        return namespace, self.choose(data, ns.repos if ns else (), REPOSITORIES)

    def tags_of(self, namespace: str, repository: str) -> dict[str, int]:
        ns = self.model.get(namespace)
        repo = ns.repos.get(repository) if ns else None
        return repo.tags if repo else {}

    def missing(self, namespace: str, repository: str | None = None) -> tuple[int, str] | None:
        """The 404 the fake must answer when the organization or the repository does not exist."""
        if namespace not in self.model:
            return 404, "SVCSTG.SWR.4040058"
        if repository is not None and repository not in self.model[namespace].repos:
            return 404, "SVCSTG.SWR.4040010"
        return None

    # --- organizations --------------------------------------------------------------------------------
    @initialize()
    def first_namespace(self) -> None:
        self.create_namespace(NAMESPACES[0])

    @rule(namespace=st.sampled_from(NAMESPACES))
    def create_namespace(self, namespace: str) -> None:
        status, code = (409, "SVCSTG.SWR.4090060") if namespace in self.model else (201, None)
        if self.attempt("POST", "/v2/manage/namespaces", {"namespace": namespace}, status, code):
            self.model[namespace] = NamespaceModel()

    @rule(data=st.data())
    def delete_namespace(self, data: st.DataObject) -> None:
        namespace = self.choose(data, self.model, NAMESPACES)
        status, code = self.missing(namespace) or (
            (406, "SVCSTG.SWR.4060074") if self.model[namespace].repos else (204, None)
        )
        if self.attempt("DELETE", f"/v2/manage/namespaces/{namespace}", None, status, code):
            del self.model[namespace]

    # --- repositories -----------------------------------------------------------------------------------
    @rule(data=st.data(), repository=st.sampled_from(REPOSITORIES), public=st.booleans())
    def create_repo(self, data: st.DataObject, repository: str, public: bool) -> None:
        namespace = self.choose(data, self.model, NAMESPACES)
        status, code = self.missing(namespace) or (
            (409, "SVCSTG.SWR.4090006") if repository in self.model[namespace].repos else (201, None)
        )
        body = {"repository": repository, "is_public": public, "category": "linux"}
        if self.attempt("POST", f"/v2/manage/namespaces/{namespace}/repos", body, status, code):
            self.model[namespace].repos[repository] = RepoModel(public=public)

    @rule(data=st.data(), public=st.booleans())
    def update_repo(self, data: st.DataObject, public: bool) -> None:
        namespace, repository = self.target(data)
        status, code = self.missing(namespace, repository) or (201, None)
        path = f"/v2/manage/namespaces/{namespace}/repos/{repo_path(repository)}"
        if self.attempt("PATCH", path, {"is_public": public}, status, code):
            self.model[namespace].repos[repository].public = public

    @rule(data=st.data())
    def delete_repo(self, data: st.DataObject) -> None:
        namespace, repository = self.target(data)
        status, code = self.missing(namespace, repository) or (204, None)
        path = f"/v2/manage/namespaces/{namespace}/repos/{repo_path(repository)}"
        if self.attempt("DELETE", path, None, status, code):
            del self.model[namespace].repos[repository]

    # --- tags ------------------------------------------------------------------------------------------------
    @rule(
        data=st.data(),
        repository=st.sampled_from(REPOSITORIES),
        tag=st.sampled_from(TAGS),
        content=st.sampled_from(CONTENTS),
    )
    def push(self, data: st.DataObject, repository: str, tag: str, content: int) -> None:
        self.pushed(self.choose(data, self.model, NAMESPACES), repository, tag, content)

    def pushed(self, namespace: str, repository: str, tag: str, content: int) -> None:
        Histories.steps += 1
        before = self.swr.snapshot()
        if namespace not in self.model:
            with pytest.raises(SwrError) as caught:
                self.swr.push_image(namespace, repository, tag, manifest(content))
            assert caught.value.code == "SVCSTG.SWR.4040058"
            assert self.swr.snapshot() == before
            return
        assert self.swr.push_image(namespace, repository, tag, manifest(content)) == digest(content)
        self.model[namespace].repos.setdefault(repository, RepoModel()).tags[tag] = content

    @rule(data=st.data(), tag=st.sampled_from(TAGS), content=st.sampled_from(CONTENTS))
    def push_to_existing(self, data: st.DataObject, tag: str, content: int) -> None:
        """Pushes are most of what happens to a registry: a second rule makes them more frequent."""
        self.pushed(*self.target(data), tag, content)

    @rule(data=st.data(), destination=st.sampled_from(TAGS), override=st.booleans())
    def retag(self, data: st.DataObject, destination: str, override: bool) -> None:
        namespace, repository = self.target(data)
        source = self.choose(data, self.tags_of(namespace, repository), TAGS)
        expected = self.missing(namespace, repository)
        if expected is None:
            tags = self.model[namespace].repos[repository].tags
            if source not in tags:
                expected = (404, "SVCSTG.SWR.4040048")
            elif destination in tags and not override:
                expected = (409, "SVCSTG.SWR.4090006")
        status, code = expected or (201, None)
        path = f"/v2/manage/namespaces/{namespace}/repos/{repo_path(repository)}/tags"
        body = {"source_tag": source, "destination_tag": destination, "override": override}
        if self.attempt("POST", path, body, status, code):
            tags = self.model[namespace].repos[repository].tags
            tags[destination] = tags[source]

    @rule(data=st.data())
    def delete_tag(self, data: st.DataObject) -> None:
        namespace, repository = self.target(data)
        tag = self.choose(data, self.tags_of(namespace, repository), TAGS)
        expected = self.missing(namespace, repository)
        if expected is None and tag not in self.model[namespace].repos[repository].tags:
            expected = (404, "SVCSTG.SWR.4040048")
        status, code = expected or (204, None)
        path = f"/v2/manage/namespaces/{namespace}/repos/{repo_path(repository)}/tags/{tag}"
        if self.attempt("DELETE", path, None, status, code):
            del self.model[namespace].repos[repository].tags[tag]

    # --- shares ----------------------------------------------------------------------------------------------
    @rule(data=st.data(), domain=st.sampled_from(DOMAINS))
    def share(self, data: st.DataObject, domain: str) -> None:
        namespace, repository = self.target(data)
        expected = self.missing(namespace, repository)
        if expected is None and domain in self.model[namespace].repos[repository].shares:
            expected = (409, "SVCSTG.SWR.4090089")
        status, code = expected or (201, None)
        path = f"/v2/manage/namespaces/{namespace}/repositories/{repo_path(repository)}/access-domains"
        body = {"access_domain": domain, "permit": "read", "deadline": "forever"}
        if self.attempt("POST", path, body, status, code):
            self.model[namespace].repos[repository].shares.add(domain)

    @rule(data=st.data(), domain=st.sampled_from(DOMAINS))
    def unshare(self, data: st.DataObject, domain: str) -> None:
        namespace, repository = self.target(data)
        expected = self.missing(namespace, repository)
        if expected is None and domain not in self.model[namespace].repos[repository].shares:
            expected = (400, "SVCSTG.SWR.4001090")
        status, code = expected or (204, None)
        path = f"/v2/manage/namespaces/{namespace}/repositories/{repo_path(repository)}/access-domains/{domain}"
        if self.attempt("DELETE", path, None, status, code):
            self.model[namespace].repos[repository].shares.discard(domain)

    # --- permissions --------------------------------------------------------------------------------------------
    @rule(data=st.data(), user=st.sampled_from(sorted(USERS)), auth=st.sampled_from(AUTHS))
    def grant_namespace(self, data: st.DataObject, user: str, auth: int) -> None:
        namespace = self.choose(data, self.model, NAMESPACES)
        expected = self.missing(namespace)
        if expected is None and user in self.model[namespace].grants:
            expected = (409, "SVCSTG.SWR.4090076")
        status, code = expected or (200, None)
        body = [{"user_id": user, "user_name": USERS[user], "auth": auth}]
        if self.attempt("POST", f"/v2/manage/namespaces/{namespace}/access", body, status, code):
            self.model[namespace].grants[user] = auth

    @rule(data=st.data(), user=st.sampled_from(sorted(USERS)))
    def revoke_namespace(self, data: st.DataObject, user: str) -> None:
        namespace = self.choose(data, self.model, NAMESPACES)
        expected = self.missing(namespace)
        if expected is None and user not in self.model[namespace].grants:
            expected = (404, "SVCSTG.SWR.4040078")
        status, code = expected or (204, None)
        if self.attempt("DELETE", f"/v2/manage/namespaces/{namespace}/access", [user], status, code):
            del self.model[namespace].grants[user]

    @rule(data=st.data(), user=st.sampled_from(sorted(USERS)), auth=st.sampled_from(AUTHS))
    def grant_repository(self, data: st.DataObject, user: str, auth: int) -> None:
        namespace, repository = self.target(data)
        expected = self.missing(namespace, repository)
        if expected is None and user in self.model[namespace].repos[repository].grants:
            expected = (409, "SVCSTG.SWR.4090089")
        status, code = expected or (201, None)
        path = f"/v2/manage/namespaces/{namespace}/repos/{repo_path(repository)}/access"
        body = [{"user_id": user, "user_name": USERS[user], "auth": auth}]
        if self.attempt("POST", path, body, status, code):
            self.model[namespace].repos[repository].grants[user] = auth

    @rule(data=st.data(), user=st.sampled_from(sorted(USERS)))
    def revoke_repository(self, data: st.DataObject, user: str) -> None:
        namespace, repository = self.target(data)
        expected = self.missing(namespace, repository)
        if expected is None and user not in self.model[namespace].repos[repository].grants:
            expected = (404, "SVCSTG.SWR.4040091")
        status, code = expected or (204, None)
        path = f"/v2/manage/namespaces/{namespace}/repos/{repo_path(repository)}/access"
        if self.attempt("DELETE", path, [user], status, code):
            del self.model[namespace].repos[repository].grants[user]

    # --- invariants ------------------------------------------------------------------------------------------------
    def repositories(self) -> Iterator[tuple[str, str, RepoModel]]:
        for namespace, ns in sorted(self.model.items()):
            for repository, repo in sorted(ns.repos.items()):
                yield namespace, repository, repo

    @invariant()
    def agrees_with_the_model(self) -> None:
        self.step += 1
        self.check(page_sizes=[1 + self.step % len(PAGE_SIZES)])

    def teardown(self) -> None:
        self.check(page_sizes=list(PAGE_SIZES))

    def check(self, page_sizes: list[int]) -> None:
        self.check_namespaces()
        for limit in page_sizes:
            self.check_repository_lists(limit)
        snapshot = self.swr.snapshot()["regions"].get(self.swr.region, {})
        for namespace, repository, repo in self.repositories():
            self.check_repository(
                namespace, repository, repo, page_sizes, snapshot[namespace]["repositories"][repository]
            )
        shared = self.call("GET", "/v2/manage/shared-repositories", params={"center": "self"})
        self.expect(shared, 200)
        expected_shared = {(ns, name) for ns, name, repo in self.repositories() if repo.shares}
        assert {(item["namespace"], item["name"]) for item in shared.json()} == expected_shared
        assert shared.headers["Content-Range"].endswith(f"/{len(expected_shared)}")
        dispatcher = self.swr.dispatcher
        assert dispatcher.internal_errors == [] and dispatcher.schema_violations == []

    def check_namespaces(self) -> None:
        listed = self.call("GET", "/v2/manage/namespaces")
        self.expect(listed, 200)
        found = {item["name"]: item for item in listed.json()["namespaces"]}
        assert set(found) == set(self.model)
        for name, ns in self.model.items():
            assert found[name]["repo_count"] == len(ns.repos)
            assert found[name]["access_user_count"] == len(ns.grants)
            auth = self.call("GET", f"/v2/manage/namespaces/{name}/access")
            self.expect(auth, 200)
            assert {grant["user_id"]: grant["auth"] for grant in auth.json()["others_auths"]} == ns.grants

    def check_repository_lists(self, limit: int) -> None:
        expected = {(ns, name): repo for ns, name, repo in self.repositories()}
        # v2: offset/limit, Content-Range "{offset}-{count}/{total}".
        seen: list[tuple[str, str]] = []
        offset = 0
        while True:
            page = self.call("GET", "/v2/manage/repos", params={"offset": offset, "limit": limit})
            self.expect(page, 200)
            items = page.json() or []
            assert page.headers["Content-Range"] == f"{offset}-{len(items)}/{len(expected)}"
            assert len(items) <= limit
            for item in items:
                key = (item["namespace"], item["name"])
                seen.append(key)
                repo = expected[key]
                assert item["num_images"] == len(repo.tags)
                assert sorted(item["tags"]) == sorted(repo.tags)
                assert item["is_public"] == repo.public
                assert item["size"] == sum(size(content) for content in set(repo.tags.values()))
            offset += len(items)
            if len(items) < limit:
                break
        assert len(seen) == len(set(seen)) and set(seen) == set(expected), (limit, seen)
        # v3: markers until there is no nextMarker.
        seen = []
        marker: int | None = None
        while True:
            params: dict[str, Any] = {"limit": limit} if marker is None else {"limit": limit, "marker": marker}
            page = self.call("GET", "/v3/manage/repos", params=params)
            self.expect(page, 200)
            body = page.json()
            assert len(body["repos"]) <= limit
            seen += [(item["namespace_name"], item["name"]) for item in body["repos"]]
            if "nextMarker" not in body:
                break
            assert len(body["repos"]) == limit
            marker = body["nextMarker"]
        assert len(seen) == len(set(seen)) and set(seen) == set(expected), (limit, seen)

    def check_repository(
        self, namespace: str, repository: str, repo: RepoModel, page_sizes: list[int], stored: dict[str, Any]
    ) -> None:
        base = f"/v2/manage/namespaces/{namespace}/repos/{repo_path(repository)}"
        shown = self.call("GET", base)
        self.expect(shown, 200)
        detail = shown.json()
        assert detail["num_images"] == len(repo.tags)
        assert detail["size"] == sum(size(content) for content in set(repo.tags.values()))
        # No orphans: every tag's digest is stored, and every stored manifest has a tag.
        assert {name: tag["digest"] for name, tag in stored["tags"].items()} == {
            name: digest(content) for name, content in repo.tags.items()
        }
        assert sorted(stored["manifests"]) == sorted({digest(content) for content in repo.tags.values()})
        for limit in page_sizes:
            v2_tags = self.walk_v2_tags(base, limit, len(repo.tags))
            assert sorted(v2_tags) == sorted(repo.tags), (limit, v2_tags)
            for name, item in v2_tags.items():
                assert item["digest"] == digest(repo.tags[name])
                assert "sha256:" + hashlib.sha256(item["manifest"].encode()).hexdigest() == item["digest"]
            v3_tags = self.walk_v3_tags(namespace, repository, limit)
            assert sorted(v3_tags) == sorted(repo.tags), (limit, v3_tags)
            assert all(digest(repo.tags[name]) == found for name, found in v3_tags.items())
        domains = self.call("GET", base.replace("/repos/", "/repositories/") + "/access-domains")
        self.expect(domains, 200)
        assert {share["access_domain"] for share in domains.json() or []} == repo.shares
        access = self.call("GET", base + "/access")
        self.expect(access, 200)
        assert {grant["user_id"]: grant["auth"] for grant in access.json()["others_auths"]} == repo.grants

    def walk_v2_tags(self, base: str, limit: int, total: int) -> dict[str, dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        offset = 0
        while True:
            page = self.call("GET", base + "/tags", params={"offset": offset, "limit": limit})
            self.expect(page, 200)
            items = page.json() or []
            assert page.headers["Content-Range"] == f"{offset}-{len(items)}/{total}"
            for item in items:
                assert item["Tag"] not in seen, (limit, item["Tag"])
                seen[item["Tag"]] = item
            offset += len(items)
            if len(items) < limit:
                return seen

    def walk_v3_tags(self, namespace: str, repository: str, limit: int) -> dict[str, str]:
        seen: dict[str, str] = {}
        params: dict[str, Any] = {"limit": limit}
        path = f"/v3/manage/namespaces/{namespace}/repos/{repo_path(repository)}/tags"
        while True:
            page = self.call("GET", path, params=params)
            self.expect(page, 200)
            body = page.json()
            for item in body["tags"]:
                assert item["tag"] not in seen, (limit, item["tag"])
                seen[item["tag"]] = item["digest"]
            if not body["has_more"]:
                assert "nextMarker" not in body
                return seen
            params = {"limit": limit, "marker": body["nextMarker"]}


SCALES = [pytest.param(50, 30, id="ci"), pytest.param(300, 50, id="nightly", marks=pytest.mark.slow)]


@pytest.mark.parametrize(("sequences", "steps"), SCALES)
def test_random_histories_agree_with_the_model(
    swr: FakeSwr, request: pytest.FixtureRequest, sequences: int, steps: int
) -> None:
    Histories.swr = swr
    Histories.sequences = Histories.steps = 0
    run_state_machine_as_test(
        Histories,
        settings=settings(
            max_examples=sequences,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert swr.dispatcher.internal_errors == [] and swr.dispatcher.schema_violations == []
    record(request, "stateful_sequences", Histories.sequences)
    record(request, "stateful_steps", Histories.steps)
