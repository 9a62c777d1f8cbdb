"""Several accounts: isolation, public repositories and shares across accounts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from huaweicloudsdkswr.v2 import (
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    CreateRepoDomainsRequest,
    CreateRepoDomainsRequestBody,
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    DeleteRepoDomainsRequest,
    DeleteRepoRequest,
    ListNamespacesRequest,
    ListRepoDetailsRequest,
    ListRepoDomainsRequest,
    ListReposDetailsRequest,
    ListRepositoryTagRequest,
    ListRepositoryTagsRequest,
    ListSharedRepoDetailsRequest,
    ListSharedReposDetailsRequest,
    ShowNamespaceRequest,
    ShowRepositoryRequest,
    ShowRepoTagRequest,
    ShowUserRepositoryAuthRequest,
    UpdateRepoRequest,
    UpdateRepoRequestBody,
)

from swr_fake import FakeSwr, FrozenClock, SwrError
from swr_fake.model import Tenant
from tests.support import sdk_rejects

REPO_NOT_FOUND = "SVCSTG.SWR.4040010"
NAMESPACE_NOT_FOUND = "SVCSTG.SWR.4040058"
CROSS_ACCOUNT = "SVCSTG.SWR.4011064"


def tag_names(client, namespace: str = "group", repository: str = "app") -> list[str]:  # type: ignore[no-untyped-def]
    body = client.list_repository_tags(ListRepositoryTagsRequest(namespace=namespace, repository=repository)).body
    return sorted(tag.tag for tag in body or [])


def share(swr: FakeSwr, domain: str, deadline: str = "forever", repository: str = "app") -> None:
    body = CreateRepoDomainsRequestBody(access_domain=domain, permit="read", deadline=deadline)
    swr.client().create_repo_domains(CreateRepoDomainsRequest("group", repository, body=body))


@pytest.fixture
def tenant_b(swr: FakeSwr) -> Tenant:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1")
    swr.push_image("group", "app", "v2")
    return swr.add_tenant("tenant-b")


# --- the fixture-facing API ------------------------------------------------------------------------


def test_accounts_users_and_keys(swr: FakeSwr) -> None:
    tenant = swr.add_tenant("tenant-b", admin_name="boss")
    assert (tenant.domain_name, tenant.admin.user_name, tenant.admin.is_admin) == ("tenant-b", "boss", True)
    assert swr.project_id(tenant=tenant) != swr.project_id()
    assert swr.project_id("ap-southeast-1", tenant) != swr.project_id(tenant=tenant)
    alice = swr.add_user("alice", tenant)
    assert (alice.domain_id, alice.is_admin) == (tenant.domain_id, False)
    assert swr.add_user("alice").domain_id == swr.tenant.domain_id  # names are unique per account only
    first, second = swr.add_access_key(alice), swr.add_access_key(alice)
    assert first[0] != second[0] and len(first[0]) == 20
    assert swr.add_access_key(alice, access_key="MYKEY", secret_key="MYSECRET") == ("MYKEY", "MYSECRET")
    assert swr.snapshot()["tenants"][tenant.domain_id]["users"][alice.user_id] == {
        "user_name": "alice",
        "is_admin": False,
    }
    with pytest.raises(ValueError):
        swr.add_tenant("tenant-b")
    with pytest.raises(ValueError):
        swr.add_user("alice", tenant)
    with pytest.raises(ValueError):
        swr.add_access_key(alice, access_key="MYKEY")


def test_reset_forgets_accounts(swr: FakeSwr) -> None:
    tenant = swr.add_tenant("tenant-b")
    swr.add_access_key(tenant.admin)
    swr.reset()
    assert [t.domain_name for t in swr.backend.tenants.values()] == ["swr-fake"]
    assert list(swr.backend.access_keys) == [swr.access_key]


def test_default_client_is_the_default_admin(swr: FakeSwr) -> None:
    swr.client().create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace="mine")))
    shown = swr.client().show_namespace(ShowNamespaceRequest("mine"))
    assert (shown.creator_name, shown.auth) == ("swr-admin", 7)


def test_client_for_a_user_acts_as_that_user(swr: FakeSwr) -> None:
    tenant = swr.add_tenant("tenant-b")
    bob = swr.add_user("bob", tenant)
    client = swr.client(user=bob)
    client.create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace="bobs")))
    assert client.show_namespace(ShowNamespaceRequest("bobs")).creator_name == "bob"
    assert swr.snapshot()["regions"]["cn-north-4"]["bobs"]["domain_id"] == tenant.domain_id
    # The same key is used again, and the client sends B's project id.
    swr.client(user=bob).list_namespaces(ListNamespacesRequest())
    assert len([key for key in swr.backend.access_keys.values() if key.user_id == bob.user_id]) == 1
    ak, sk = swr.add_access_key(bob)
    by_keys = swr.client(access_key=ak, secret_key=sk)
    assert [ns.name for ns in by_keys.list_namespaces(ListNamespacesRequest()).namespaces] == ["bobs"]


# --- isolation -------------------------------------------------------------------------------------


def test_another_accounts_organizations_are_invisible(swr: FakeSwr, tenant_b: Tenant) -> None:
    client_b = swr.client(user=tenant_b.admin)
    assert client_b.list_namespaces(ListNamespacesRequest()).namespaces == []
    assert client_b.list_repos_details(ListReposDetailsRequest()).body is None
    assert client_b.list_repo_details(ListRepoDetailsRequest()).repos == []
    sdk_rejects(swr, lambda: client_b.show_namespace(ShowNamespaceRequest("group")), 404, NAMESPACE_NOT_FOUND)
    sdk_rejects(swr, lambda: client_b.show_repository(ShowRepositoryRequest("group", "app")), 404, REPO_NOT_FOUND)
    sdk_rejects(swr, lambda: tag_names(client_b), 404, REPO_NOT_FOUND)
    sdk_rejects(swr, lambda: client_b.delete_repo(DeleteRepoRequest("group", "app")), 404, REPO_NOT_FOUND)
    # The organization name is still taken: names are unique in a region across accounts.
    body = CreateNamespaceRequestBody(namespace="group")
    sdk_rejects(swr, lambda: client_b.create_namespace(CreateNamespaceRequest(body=body)), 409, "SVCSTG.SWR.4090060")


def test_push_into_another_accounts_repository_is_denied(swr: FakeSwr, tenant_b: Tenant) -> None:
    share(swr, "tenant-b")
    before = swr.snapshot()
    with pytest.raises(SwrError) as caught:
        swr.push_image("group", "app", "evil", user=tenant_b.admin)
    assert caught.value.code == NAMESPACE_NOT_FOUND
    assert swr.snapshot() == before
    client_b = swr.client(user=tenant_b.admin)
    retag = CreateRepoTagRequest("group", "app", body=CreateRepoTagRequestBody(source_tag="v1", destination_tag="x"))
    error = sdk_rejects(swr, lambda: client_b.create_repo_tag(retag), 401, CROSS_ACCOUNT)
    assert "other accounts" in error.error_msg


# --- public repositories ---------------------------------------------------------------------------


def test_public_repository_is_readable_by_every_account(swr: FakeSwr, tenant_b: Tenant) -> None:
    swr.client().update_repo(UpdateRepoRequest("group", "app", body=UpdateRepoRequestBody(is_public=True)))
    reader = swr.add_user("reader", tenant_b)
    for user in (tenant_b.admin, reader):
        client = swr.client(user=user)
        assert client.show_repository(ShowRepositoryRequest("group", "app")).is_public is True
        assert tag_names(client) == ["v1", "v2"]
        v3 = client.list_repository_tag(ListRepositoryTagRequest(namespace="group", repository="app"))
        assert sorted(tag.tag for tag in v3.tags) == ["v1", "v2"]
        assert client.show_repo_tag(ShowRepoTagRequest("group", "app", "v1")).tag == "v1"
    assert swr.pull_image("group", "app", "v1", user=reader)
    client_b = swr.client(user=tenant_b.admin)
    # Reading the image is all: its settings, shares and grants stay the owner's business.
    update = UpdateRepoRequest("group", "app", body=UpdateRepoRequestBody(is_public=False))
    sdk_rejects(swr, lambda: client_b.update_repo(update), 401, CROSS_ACCOUNT)
    sdk_rejects(swr, lambda: client_b.delete_repo(DeleteRepoRequest("group", "app")), 401, CROSS_ACCOUNT)
    sdk_rejects(swr, lambda: client_b.list_repo_domains(ListRepoDomainsRequest("group", "app")), 401, CROSS_ACCOUNT)
    sdk_rejects(
        swr,
        lambda: client_b.show_user_repository_auth(ShowUserRepositoryAuthRequest("group", "app")),
        401,
        CROSS_ACCOUNT,
    )
    # Public repositories of other accounts are not in one's own repository lists.
    assert client_b.list_repos_details(ListReposDetailsRequest()).body is None


# --- shares ----------------------------------------------------------------------------------------


def shared_with(client, center: str = "thirdparty") -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    body = client.list_shared_repos_details(ListSharedReposDetailsRequest(center=center)).body or []
    return [(repo.name, repo.domain_name, repo.status) for repo in body]


def test_shared_repository_appears_in_the_other_accounts_lists(swr: FakeSwr, tenant_b: Tenant) -> None:
    swr.create_repository("group", "other")
    share(swr, "tenant-b")
    client_b = swr.client(user=tenant_b.admin)
    assert shared_with(client_b) == [("app", "swr-fake", True)]
    v3 = client_b.list_shared_repo_details(ListSharedRepoDetailsRequest(shared_by="thirdparty"))
    assert [(repo.name, repo.domain_name, repo.status) for repo in v3.repos] == [("app", "swr-fake", True)]
    assert shared_with(client_b, "self") == []
    assert shared_with(swr.client(), "self") == [("app", "swr-fake", True)]
    assert shared_with(swr.client()) == []


def test_share_grants_reading_tags_to_every_user_of_the_account(swr: FakeSwr, tenant_b: Tenant) -> None:
    share(swr, "tenant-b")
    reader = swr.add_user("reader", tenant_b)
    tenant_c = swr.add_tenant("tenant-c")
    for user in (tenant_b.admin, reader):
        client = swr.client(user=user)
        assert tag_names(client) == ["v1", "v2"]
        assert client.show_repo_tag(ShowRepoTagRequest("group", "app", "v2")).tag == "v2"
        assert client.show_repository(ShowRepositoryRequest("group", "app")).is_public is False
    assert swr.pull_image("group", "app", "v1", user=reader)
    client_c = swr.client(user=tenant_c.admin)
    sdk_rejects(swr, lambda: tag_names(client_c), 404, REPO_NOT_FOUND)
    assert shared_with(client_c) == []
    # Only that repository: its neighbours stay invisible.
    swr.push_image("group", "neighbour", "v1")
    sdk_rejects(swr, lambda: tag_names(swr.client(user=reader), repository="neighbour"), 404, REPO_NOT_FOUND)


def test_deleted_share_removes_access(swr: FakeSwr, tenant_b: Tenant) -> None:
    share(swr, "tenant-b")
    client_b = swr.client(user=tenant_b.admin)
    assert tag_names(client_b) == ["v1", "v2"]
    swr.client().delete_repo_domains(DeleteRepoDomainsRequest("group", "app", "tenant-b"))
    sdk_rejects(swr, lambda: tag_names(client_b), 404, REPO_NOT_FOUND)
    sdk_rejects(swr, lambda: client_b.show_repo_tag(ShowRepoTagRequest("group", "app", "v1")), 404, REPO_NOT_FOUND)
    assert shared_with(client_b) == []


def test_expired_share_removes_access(swr: FakeSwr, tenant_b: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FrozenClock(datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc))
    monkeypatch.setattr(swr.backend, "clock", clock)
    share(swr, "tenant-b", deadline="2026-03-10T00:00:00Z")
    client_b = swr.client(user=tenant_b.admin)
    clock.set(datetime(2026, 3, 10, 23, 59, tzinfo=timezone.utc))  # valid through the deadline's day
    assert tag_names(client_b) == ["v1", "v2"]
    clock.advance(timedelta(minutes=1))
    sdk_rejects(swr, lambda: tag_names(client_b), 404, REPO_NOT_FOUND)
    sdk_rejects(swr, lambda: client_b.show_repo_tag(ShowRepoTagRequest("group", "app", "v1")), 404, REPO_NOT_FOUND)
    with pytest.raises(SwrError):
        swr.pull_image("group", "app", "v1", user=tenant_b.admin)
    # Still listed, marked invalid.
    assert shared_with(client_b) == [("app", "swr-fake", False)]
    v3 = client_b.list_shared_repo_details(ListSharedRepoDetailsRequest(shared_by="thirdparty", status=True))
    assert v3.repos == []
