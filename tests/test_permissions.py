from __future__ import annotations

from huaweicloudsdkswr.v2 import (
    CreateNamespaceAuthRequest,
    CreateUserRepositoryAuthRequest,
    DeleteNamespaceAuthRequest,
    DeleteUserRepositoryAuthRequest,
    ShowNamespaceAuthRequest,
    ShowUserRepositoryAuthRequest,
    UpdateNamespaceAuthRequest,
    UpdateUserRepositoryAuthRequest,
    UserAuth,
)

from swr_fake import FakeSwr
from tests.support import api, assert_error, sdk_rejects


def test_namespace_permissions_lifecycle(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    client = swr.client()
    alice = UserAuth(user_id="u-alice", user_name="alice", auth=1)
    created = client.create_namespace_auth(CreateNamespaceAuthRequest("group", body=[alice]))
    assert created.status_code == 200

    shown = client.show_namespace_auth(ShowNamespaceAuthRequest("group"))
    assert (shown.name, shown.creator_name) == ("group", "swr-admin")
    assert (shown.self_auth.user_name, shown.self_auth.auth) == ("swr-admin", 7)
    assert [(a.user_id, a.auth) for a in shown.others_auths] == [("u-alice", 1)]

    alice.auth = 3
    assert client.update_namespace_auth(UpdateNamespaceAuthRequest("group", body=[alice])).status_code == 201
    shown = client.show_namespace_auth(ShowNamespaceAuthRequest("group"))
    assert [(a.user_id, a.auth) for a in shown.others_auths] == [("u-alice", 3)]

    assert client.delete_namespace_auth(DeleteNamespaceAuthRequest("group", body=["u-alice"])).status_code == 204
    assert client.show_namespace_auth(ShowNamespaceAuthRequest("group")).others_auths in (None, [])


def test_namespace_permission_errors(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    client = swr.client()
    alice = UserAuth(user_id="u-alice", user_name="alice", auth=1)
    client.create_namespace_auth(CreateNamespaceAuthRequest("group", body=[alice]))
    sdk_rejects(
        swr,
        lambda: client.create_namespace_auth(CreateNamespaceAuthRequest("group", body=[alice])),
        409,
        "SVCSTG.SWR.4090076",
    )
    bob = UserAuth(user_id="u-bob", user_name="bob", auth=3)
    sdk_rejects(
        swr,
        lambda: client.update_namespace_auth(UpdateNamespaceAuthRequest("group", body=[bob])),
        404,
        "SVCSTG.SWR.4040078",
    )
    sdk_rejects(
        swr,
        lambda: client.delete_namespace_auth(DeleteNamespaceAuthRequest("group", body=["u-bob"])),
        404,
        "SVCSTG.SWR.4040078",
    )
    sdk_rejects(swr, lambda: client.show_namespace_auth(ShowNamespaceAuthRequest("ghost")), 404, "SVCSTG.SWR.4040058")
    # A request that adds one new and one existing grant adds neither.
    sdk_rejects(
        swr,
        lambda: client.create_namespace_auth(CreateNamespaceAuthRequest("group", body=[bob, alice])),
        409,
        "SVCSTG.SWR.4090076",
    )
    bad = api(swr, "POST", "/v2/manage/namespaces/group/access", body=[{"user_id": "u", "user_name": "u", "auth": 5}])
    assert "auth" in assert_error(bad, 400, "SVCSTG.SWR.4000014")["error_msg"]
    not_array = api(
        swr, "POST", "/v2/manage/namespaces/group/access", body={"user_id": "u", "user_name": "u", "auth": 1}
    )
    assert_error(not_array, 400, "SVCSTG.SWR.4000014")


def test_repository_permissions_lifecycle(swr: FakeSwr) -> None:
    swr.create_namespace("group")
    swr.create_repository("group", "team/app")
    client = swr.client()
    carol = UserAuth(user_id="u-carol", user_name="carol", auth=7)
    assert (
        client.create_user_repository_auth(
            CreateUserRepositoryAuthRequest("group", "team$app", body=[carol])
        ).status_code
        == 201
    )
    shown = client.show_user_repository_auth(ShowUserRepositoryAuthRequest("group", "team$app"))
    assert shown.name == "team/app" and shown.self_auth.auth == 7
    assert [(a.user_name, a.auth) for a in shown.others_auths] == [("carol", 7)]
    carol.auth = 1
    client.update_user_repository_auth(UpdateUserRepositoryAuthRequest("group", "team$app", body=[carol]))
    shown = client.show_user_repository_auth(ShowUserRepositoryAuthRequest("group", "team$app"))
    assert [(a.user_name, a.auth) for a in shown.others_auths] == [("carol", 1)]
    assert (
        client.delete_user_repository_auth(
            DeleteUserRepositoryAuthRequest("group", "team$app", body=["u-carol"])
        ).status_code
        == 204
    )
    sdk_rejects(
        swr,
        lambda: client.delete_user_repository_auth(
            DeleteUserRepositoryAuthRequest("group", "team$app", body=["u-carol"])
        ),
        404,
        "SVCSTG.SWR.4040091",
    )
    sdk_rejects(
        swr,
        lambda: client.create_user_repository_auth(CreateUserRepositoryAuthRequest("group", "ghost", body=[carol])),
        404,
        "SVCSTG.SWR.4040010",
    )
    client.create_user_repository_auth(CreateUserRepositoryAuthRequest("group", "team$app", body=[carol]))
    sdk_rejects(
        swr,
        lambda: client.create_user_repository_auth(CreateUserRepositoryAuthRequest("group", "team$app", body=[carol])),
        409,
        "SVCSTG.SWR.4090089",
    )
