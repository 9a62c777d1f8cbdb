"""Permission enforcement: IAM users act with the rights their grants give them.

Every operation is called through the SDK by users holding 1, 3 or 7 on the organization,
1, 3 or 7 on the repository only, or nothing; the expected outcome follows from the rule
each operation documents (read 1, push/tag/edit 3, delete/share/grant 7).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from huaweicloudsdkswr.v2 import (
    CreateNamespaceAuthRequest,
    CreateRepoDomainsRequest,
    CreateRepoDomainsRequestBody,
    CreateRepoRequest,
    CreateRepoRequestBody,
    CreateRepoTagRequest,
    CreateRepoTagRequestBody,
    CreateUserRepositoryAuthRequest,
    DeleteNamespaceAuthRequest,
    DeleteNamespacesRequest,
    DeleteRepoDomainsRequest,
    DeleteRepoRequest,
    DeleteRepoTagRequest,
    DeleteUserRepositoryAuthRequest,
    ListNamespacesRequest,
    ListRepoDetailsRequest,
    ListRepoDomainsRequest,
    ListReposDetailsRequest,
    ListRepositoryTagRequest,
    ListRepositoryTagsRequest,
    ShowAccessDomainRequest,
    ShowNamespaceAuthRequest,
    ShowNamespaceRequest,
    ShowRepositoryRequest,
    ShowRepoTagRequest,
    ShowUserRepositoryAuthRequest,
    UpdateNamespaceAuthRequest,
    UpdateRepoDomainsRequest,
    UpdateRepoDomainsRequestBody,
    UpdateRepoRequest,
    UpdateRepoRequestBody,
    UpdateUserRepositoryAuthRequest,
    UserAuth,
)

from swr_fake import FakeSwr, SwrError
from swr_fake.model import User
from tests.support import sdk_rejects

FORBIDDEN = "SVCSTG.SWR.4030170"

# label -> (where the grant is, its level); "none" holds nothing.
HOLDERS: dict[str, tuple[str, int] | None] = {
    "org-1": ("org", 1),
    "org-3": ("org", 3),
    "org-7": ("org", 7),
    "repo-1": ("repo", 1),
    "repo-3": ("repo", 3),
    "repo-7": ("repo", 7),
    "none": None,
}


def org_level(label: str) -> int:
    holder = HOLDERS[label]
    return holder[1] if holder is not None and holder[0] == "org" else 0


def repo_level(label: str) -> int:
    """The right on the repository: the better of the organization and repository grants."""
    holder = HOLDERS[label]
    return 0 if holder is None else holder[1]


# What each rule lets through.
RULES: dict[str, Callable[[str], bool]] = {
    "org>=3": lambda label: org_level(label) >= 3,
    "org>=7": lambda label: org_level(label) >= 7,
    # Organizations are visible to anyone with a right on them or on one of their repositories.
    "org-visible": lambda label: HOLDERS[label] is not None,
    "repo>=1": lambda label: repo_level(label) >= 1,
    "repo>=3": lambda label: repo_level(label) >= 3,
    "repo>=7": lambda label: repo_level(label) >= 7,
    # Granting repository rights: manage on the repository (its grant or the organization's).
    "grant": lambda label: repo_level(label) >= 7,
}


@dataclass
class World:
    swr: FakeSwr
    users: dict[str, User]
    target: User  # holds grants that update/delete operations change


@pytest.fixture
def world(swr: FakeSwr) -> World:
    swr.create_namespace("group")
    swr.create_namespace("spare")  # empty, so that deleting it can succeed
    swr.push_image("group", "app", "v1")
    swr.push_image("group", "app", "v2")
    users: dict[str, User] = {}
    for label, holder in HOLDERS.items():
        user = users[label] = swr.add_user(f"user-{label}")
        if holder is not None:
            where, auth = holder
            swr.grant(user, "group", auth, repository="app" if where == "repo" else None)
            if where == "org":
                swr.grant(user, "spare", auth)
    target = swr.add_user("target")
    swr.grant(target, "group", 1)
    swr.grant(target, "group", 1, repository="app")
    client = swr.client()
    body = CreateRepoDomainsRequestBody(access_domain="tenant-b", permit="read", deadline="forever")
    client.create_repo_domains(CreateRepoDomainsRequest("group", "app", body=body))
    swr.enforce_permissions()
    return World(swr, users, target)


def grant_of(user: User, auth: int) -> list[UserAuth]:
    return [UserAuth(user_id=user.user_id, user_name=user.user_name, auth=auth)]


Call = Callable[[Any, World], Any]

OPERATIONS: dict[str, tuple[str, Call]] = {
    # organizations
    "show_namespace": ("org-visible", lambda c, w: c.show_namespace(ShowNamespaceRequest("group"))),
    "delete_namespaces": ("org>=7", lambda c, w: c.delete_namespaces(DeleteNamespacesRequest("spare"))),
    "show_namespace_auth": ("org-visible", lambda c, w: c.show_namespace_auth(ShowNamespaceAuthRequest("group"))),
    "create_namespace_auth": (
        "org>=7",
        lambda c, w: c.create_namespace_auth(
            CreateNamespaceAuthRequest("group", body=[UserAuth(user_id="u-new", user_name="new", auth=1)])
        ),
    ),
    "update_namespace_auth": (
        "org>=7",
        lambda c, w: c.update_namespace_auth(UpdateNamespaceAuthRequest("group", body=grant_of(w.target, 3))),
    ),
    "delete_namespace_auth": (
        "org>=7",
        lambda c, w: c.delete_namespace_auth(DeleteNamespaceAuthRequest("group", body=[w.target.user_id])),
    ),
    # repositories
    "create_repo": (
        "org>=3",
        lambda c, w: c.create_repo(
            CreateRepoRequest("group", body=CreateRepoRequestBody(repository="new", is_public=False))
        ),
    ),
    "show_repository": ("repo>=1", lambda c, w: c.show_repository(ShowRepositoryRequest("group", "app"))),
    "update_repo": (
        "repo>=3",
        lambda c, w: c.update_repo(
            UpdateRepoRequest("group", "app", body=UpdateRepoRequestBody(is_public=False, description="edited"))
        ),
    ),
    "delete_repo": ("repo>=7", lambda c, w: c.delete_repo(DeleteRepoRequest("group", "app"))),
    # tags
    "list_repository_tags": (
        "repo>=1",
        lambda c, w: c.list_repository_tags(ListRepositoryTagsRequest(namespace="group", repository="app")),
    ),
    "list_repository_tag": (
        "repo>=1",
        lambda c, w: c.list_repository_tag(ListRepositoryTagRequest(namespace="group", repository="app")),
    ),
    "show_repo_tag": ("repo>=1", lambda c, w: c.show_repo_tag(ShowRepoTagRequest("group", "app", "v1"))),
    "create_repo_tag": (
        "repo>=3",
        lambda c, w: c.create_repo_tag(
            CreateRepoTagRequest("group", "app", body=CreateRepoTagRequestBody(source_tag="v1", destination_tag="v3"))
        ),
    ),
    "delete_repo_tag": ("repo>=7", lambda c, w: c.delete_repo_tag(DeleteRepoTagRequest("group", "app", "v2"))),
    # shares
    "create_repo_domains": (
        "repo>=7",
        lambda c, w: c.create_repo_domains(
            CreateRepoDomainsRequest(
                "group",
                "app",
                body=CreateRepoDomainsRequestBody(access_domain="tenant-c", permit="read", deadline="forever"),
            )
        ),
    ),
    "list_repo_domains": ("repo>=1", lambda c, w: c.list_repo_domains(ListRepoDomainsRequest("group", "app"))),
    "show_access_domain": (
        "repo>=1",
        lambda c, w: c.show_access_domain(ShowAccessDomainRequest("group", "app", "tenant-b")),
    ),
    "update_repo_domains": (
        "repo>=7",
        lambda c, w: c.update_repo_domains(
            UpdateRepoDomainsRequest(
                "group",
                "app",
                "tenant-b",
                body=UpdateRepoDomainsRequestBody(permit="read", deadline="2099-01-01T00:00:00Z"),
            )
        ),
    ),
    "delete_repo_domains": (
        "repo>=7",
        lambda c, w: c.delete_repo_domains(DeleteRepoDomainsRequest("group", "app", "tenant-b")),
    ),
    # repository permissions
    "show_user_repository_auth": (
        "repo>=1",
        lambda c, w: c.show_user_repository_auth(ShowUserRepositoryAuthRequest("group", "app")),
    ),
    "create_user_repository_auth": (
        "grant",
        lambda c, w: c.create_user_repository_auth(
            CreateUserRepositoryAuthRequest("group", "app", body=[UserAuth(user_id="u-new", user_name="new", auth=1)])
        ),
    ),
    "update_user_repository_auth": (
        "grant",
        lambda c, w: c.update_user_repository_auth(
            UpdateUserRepositoryAuthRequest("group", "app", body=grant_of(w.target, 3))
        ),
    ),
    "delete_user_repository_auth": (
        "grant",
        lambda c, w: c.delete_user_repository_auth(
            DeleteUserRepositoryAuthRequest("group", "app", body=[w.target.user_id])
        ),
    ),
}


@pytest.mark.parametrize("label", list(HOLDERS))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_operation_needs_its_documented_right(world: World, operation: str, label: str) -> None:
    rule, call = OPERATIONS[operation]
    client = world.swr.client(user=world.users[label])
    if RULES[rule](label):
        response = call(client, world)
        assert response.status_code < 300
        assert world.swr.calls.last.operation == operation
    else:
        error = sdk_rejects(world.swr, lambda: call(client, world), 403, FORBIDDEN)
        assert error.encoded_auth_msg
        assert world.swr.calls.last.operation == operation


def test_effects_of_allowed_calls_are_visible(world: World) -> None:
    """Read-after-write for a few of the allowed calls above."""
    swr = world.swr
    writer = swr.client(user=world.users["repo-3"])
    writer.create_repo_tag(
        CreateRepoTagRequest("group", "app", body=CreateRepoTagRequestBody(source_tag="v1", destination_tag="v3"))
    )
    tags = writer.list_repository_tags(ListRepositoryTagsRequest(namespace="group", repository="app")).body
    assert sorted(tag.tag for tag in tags) == ["v1", "v2", "v3"]
    manager = swr.client(user=world.users["repo-7"])
    manager.delete_repo_tag(DeleteRepoTagRequest("group", "app", "v2"))
    shown = swr.client(user=world.users["repo-1"]).show_repository(ShowRepositoryRequest("group", "app"))
    assert shown.num_images == 2


@pytest.mark.parametrize("label", list(HOLDERS))
def test_push_needs_write_on_the_organization(world: World, label: str) -> None:
    """Repository grants are not enough to upload images (SWR user guide)."""
    user = world.users[label]
    if org_level(label) >= 3:
        world.swr.push_image("group", "app", "pushed", user=user)
        world.swr.push_image("group", "brand-new", "v1", user=user)
        assert world.swr.snapshot()["regions"]["cn-north-4"]["group"]["repositories"]["brand-new"]["tags"]
    else:
        before = world.swr.snapshot()
        for repository in ("app", "brand-new"):
            with pytest.raises(SwrError) as caught:
                world.swr.push_image("group", repository, "pushed", user=user)
            assert caught.value.code == FORBIDDEN
        assert world.swr.snapshot() == before


@pytest.mark.parametrize("label", list(HOLDERS))
def test_pull_needs_read(world: World, label: str) -> None:
    user = world.users[label]
    if repo_level(label) >= 1:
        assert world.swr.pull_image("group", "app", "v1", user=user)
    else:
        with pytest.raises(SwrError) as caught:
            world.swr.pull_image("group", "app", "v1", user=user)
        assert caught.value.code == FORBIDDEN


def namespaces_seen(swr: FakeSwr, user: User, mode: str | None = None) -> list[tuple[str, int]]:
    request = ListNamespacesRequest(filter=f"mode::{mode}" if mode else None)
    found = swr.client(user=user).list_namespaces(request).namespaces or []
    return sorted((ns.name, ns.auth) for ns in found)


def test_list_namespaces_shows_only_what_each_user_may_see(world: World) -> None:
    swr, users = world.swr, world.users
    assert namespaces_seen(swr, users["org-3"]) == [("group", 3), ("spare", 3)]
    assert namespaces_seen(swr, users["repo-7"]) == []
    assert namespaces_seen(swr, users["repo-7"], "visible") == [("group", 7)]
    assert namespaces_seen(swr, users["none"], "visible") == []
    assert namespaces_seen(swr, swr.tenant.admin) == [("group", 7), ("spare", 7)]


def test_show_namespace_reports_the_repository_right_of_repository_only_users(world: World) -> None:
    shown = world.swr.client(user=world.users["repo-3"]).show_namespace(ShowNamespaceRequest("group"))
    assert shown.auth == 3
    mine = world.swr.client(user=world.users["org-1"]).show_namespace_auth(ShowNamespaceAuthRequest("group"))
    assert (mine.self_auth.user_name, mine.self_auth.auth) == ("user-org-1", 1)


def test_repository_lists_hold_only_readable_repositories(world: World) -> None:
    swr, users = world.swr, world.users
    swr.create_repository("group", "hidden")
    swr.create_repository("group", "open", is_public=True)

    def v2(label: str) -> list[str]:
        return sorted(r.name for r in swr.client(user=users[label]).list_repos_details(ListReposDetailsRequest()).body)

    def v3(label: str) -> list[str]:
        found = swr.client(user=users[label]).list_repo_details(ListRepoDetailsRequest()).repos or []
        return sorted(r.name for r in found)

    assert v2("org-1") == v3("org-1") == ["app", "hidden", "open"]
    assert v2("repo-1") == v3("repo-1") == ["app", "open"]
    assert v2("none") == v3("none") == ["open"]


def test_public_repository_is_readable_without_grants(world: World) -> None:
    swr = world.swr
    swr.push_image("group", "open", "v1")
    swr.client().update_repo(UpdateRepoRequest("group", "open", body=UpdateRepoRequestBody(is_public=True)))
    reader = swr.client(user=world.users["none"])
    assert reader.show_repository(ShowRepositoryRequest("group", "open")).is_public is True
    tags = reader.list_repository_tags(ListRepositoryTagsRequest(namespace="group", repository="open")).body
    assert [tag.tag for tag in tags] == ["v1"]
    sdk_rejects(swr, lambda: reader.delete_repo(DeleteRepoRequest("group", "open")), 403, FORBIDDEN)


def test_account_admins_and_organization_creators_hold_manage(world: World) -> None:
    swr = world.swr
    admin = swr.add_user("second-admin", admin=True)
    swr.client(user=admin).delete_repo_tag(DeleteRepoTagRequest("group", "app", "v2"))
    creator = swr.add_user("creator")
    client = swr.client(user=creator)
    swr.create_namespace("mine", user=creator)
    assert namespaces_seen(swr, creator) == [("mine", 7)]
    client.delete_namespaces(DeleteNamespacesRequest("mine"))
    assert namespaces_seen(swr, creator) == []
    sdk_rejects(swr, lambda: client.delete_namespaces(DeleteNamespacesRequest("spare")), 403, FORBIDDEN)


def test_grants_take_effect_at_once(world: World) -> None:
    swr = world.swr
    user = world.users["none"]
    client = swr.client(user=user)
    show = ShowRepositoryRequest("group", "app")
    sdk_rejects(swr, lambda: client.show_repository(show), 403, FORBIDDEN)
    swr.client().create_user_repository_auth(CreateUserRepositoryAuthRequest("group", "app", body=grant_of(user, 1)))
    assert client.show_repository(show).name == "app"
    swr.client().delete_user_repository_auth(DeleteUserRepositoryAuthRequest("group", "app", body=[user.user_id]))
    sdk_rejects(swr, lambda: client.show_repository(show), 403, FORBIDDEN)


def test_enforcement_is_off_by_default_and_restored_after_a_with_block(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1")
    user = swr.add_user("plain")
    client = swr.client(user=user)
    delete = DeleteRepoTagRequest("group", "app", "v1")
    with swr.enforce_permissions():
        sdk_rejects(swr, lambda: client.delete_repo_tag(delete), 403, FORBIDDEN)
    assert swr.backend.enforce_permissions is False
    assert client.delete_repo_tag(delete).status_code == 204
