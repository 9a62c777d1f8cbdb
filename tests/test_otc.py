"""Open Telekom Cloud: its hosts as regions of their own, the few documented differences, and
otcextensions (openstacksdk) as a client (issue 13, point 5; shared/reference/otc.md).

otcextensions reaches SWR through the Keystone catalog type ``swrv2``; with an ``admin_token``
(no Keystone) the endpoint comes from ``swrv2_endpoint_override`` and must end in ``/v2``.

otcextensions 0.34.8's ``update_organization_permissions``, ``update_repository_permissions``,
``update_domain`` and ``delete_domain`` call ``Proxy._update`` / ``Proxy._delete`` without their
``value`` argument, a ``TypeError`` with every openstacksdk 4 release; the tests commit or delete
those resources directly, as a user would work around it.
openstacksdk 4.12 dropped the ``patch`` argument of ``Resource._prepare_request_body``, which
otcextensions' SWR resources override: permissions cannot be created from 4.12 on (pyproject pins
openstacksdk below 4.12).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openstack
import pytest
import requests
from otcextensions import sdk as otc_sdk
from otcextensions.sdk.swr.v2 import domain as otc_domain
from otcextensions.sdk.swr.v2 import organization as otc_organization
from otcextensions.sdk.swr.v2 import repository as otc_repository

from swr_fake import FakeSwr
from swr_fake.hosts import ALL_REGIONS, management_host
from tests.support import api, assert_error

OTC = "eu-de"
HUAWEI = "cn-north-4"
# openstacksdk's own deprecation notices about its internals: nothing this suite can act on.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:openstack.*")


@pytest.fixture
def conn(swr: FakeSwr) -> Iterator[Any]:
    """An openstacksdk connection with otcextensions, as OTC users build it, to the fake's eu-de."""
    base = f"https://{management_host(OTC)}"
    connection = openstack.connect(
        load_yaml_config=False,  # no clouds.yaml or OS_* variable of the machine may interfere
        load_envvars=False,
        auth_type="admin_token",
        auth={"token": "otc-token", "endpoint": base},
        swrv2_endpoint_override=base + "/v2",
        region_name=OTC,
    )
    otc_sdk.register_otc_extensions(connection)
    yield connection
    connection.close()


# --- otcextensions ---------------------------------------------------------------------------


def commit(conn: Any, resource_type: Any, **attrs: Any) -> None:
    """What the broken ``update_*`` proxy methods mean to do: PATCH the given attributes."""
    for permission in attrs.get("permissions", []):  # otcextensions' own `update_permissions_attrs`
        permission["auth"] = permission.pop("user_auth")
    resource_type.new(**attrs).commit(conn.swr)


def test_organizations(swr: FakeSwr, conn: Any) -> None:
    conn.swr.create_organization(namespace="team")
    (listed,) = conn.swr.organizations()
    assert (listed.name, listed.user_auth) == ("team", 7)  # the creator manages it
    assert conn.swr.get_organization("team").creator_name == swr.tenant.admin.user_name
    assert conn.swr.find_organization("team").name == "team"
    assert conn.swr.find_organization("nobody", ignore_missing=True) is None
    conn.swr.delete_organization("team")
    conn.swr.delete_organization("team", ignore_missing=True)  # a 404, swallowed
    assert list(conn.swr.organizations()) == []
    assert api(swr, "GET", "/v2/manage/namespaces", region=OTC).json() == {"namespaces": []}


def test_repositories_update_without_is_public(swr: FakeSwr, conn: Any) -> None:
    conn.swr.create_organization(namespace="team")
    conn.swr.create_repository(namespace="team", repository="app", category="linux", is_public=True, description="d")
    # otcextensions' functional test_update_repository sends no `is_public`.
    conn.swr.update_repository(namespace="team", repository="app", category="other", description="new")
    shown = conn.swr.get_repository("team", "app")
    assert (shown.is_public, shown.category, shown.description) == (True, "other", "new")
    assert shown.path == "swr.eu-de.otc.t-systems.com/team/app"
    (listed,) = conn.swr.repositories()
    assert listed.name == "app" and listed.namespace == "team"
    conn.swr.delete_repository("team", "app")
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.swr.get_repository("team", "app")


def test_organization_permissions(swr: FakeSwr, conn: Any) -> None:
    conn.swr.create_organization(namespace="team")
    bob = swr.add_user("bob")
    grant = {"user_id": bob.user_id, "user_name": "bob", "user_auth": 3}
    conn.swr.create_organization_permissions(namespace="team", permissions=[grant])
    assert swr.calls.of("create_namespace_auth")[0].status == 201  # OTC's code (otc.md row 5)
    (shown,) = conn.swr.organization_permissions("team")
    assert shown.self_auth["auth"] == 7
    assert [(o["user_name"], o["auth"]) for o in shown.others_auths] == [("bob", 3)]
    commit(conn, otc_organization.Permission, namespace="team", permissions=[{**grant, "user_auth": 1}])
    assert next(iter(conn.swr.organization_permissions("team"))).others_auths[0]["auth"] == 1
    conn.swr.delete_organization_permissions("team", [bob.user_id])
    assert next(iter(conn.swr.organization_permissions("team"))).others_auths == []


def test_repository_permissions(swr: FakeSwr, conn: Any) -> None:
    conn.swr.create_organization(namespace="team")
    conn.swr.create_repository(namespace="team", repository="app", is_public=False)
    bob = swr.add_user("bob")
    grant = {"user_id": bob.user_id, "user_name": "bob", "user_auth": 1}
    conn.swr.create_repository_permissions(namespace="team", repository="app", permissions=[grant])
    (shown,) = conn.swr.repository_permissions("team", "app")
    assert [(o["user_name"], o["auth"]) for o in shown.others_auths] == [("bob", 1)]
    commit(conn, otc_repository.Permission, namespace="team", repository="app", permissions=[{**grant, "user_auth": 7}])
    assert next(iter(conn.swr.repository_permissions("team", "app"))).others_auths[0]["auth"] == 7
    conn.swr.delete_repository_permissions("team", "app", [bob.user_id])
    assert next(iter(conn.swr.repository_permissions("team", "app"))).others_auths == []


def test_shares(swr: FakeSwr, conn: Any) -> None:
    conn.swr.create_organization(namespace="team")
    conn.swr.create_repository(namespace="team", repository="app", is_public=False)
    # Not shared yet: OTC answers 200 {"exist": false}; Ansible's swr_domain decides on it.
    assert conn.swr.get_domain("team", "app", "OTC-EU-DE-0001").exist is False
    conn.swr.create_domain(
        namespace="team", repository="app", access_domain="OTC-EU-DE-0001", permit="read", deadline="forever"
    )
    shown = conn.swr.get_domain("team", "app", "OTC-EU-DE-0001")
    assert (shown.exist, shown.permit, shown.deadline, shown.status) == (True, "read", "forever", True)
    commit(
        conn,
        otc_domain.Domain,
        id="OTC-EU-DE-0001",
        namespace="team",
        repository="app",
        access_domain="OTC-EU-DE-0001",
        permit="read",
        deadline="2030-12-31T00:00:00Z",
        description="until 2030",
    )
    (listed,) = conn.swr.domains(namespace="team", repository="app")
    assert (listed.deadline, listed.description) == ("2030-12-31T00:00:00Z", "until 2030")
    # `delete_domain` has the same defect (`Proxy._delete` without `value`).
    otc_domain.Domain.new(namespace="team", repository="app", id="OTC-EU-DE-0001").delete(conn.swr)
    assert list(conn.swr.domains(namespace="team", repository="app")) == []


# --- the OTC flavour, side by side with Huawei Cloud -----------------------------------------


def test_a_missing_share_is_exist_false_on_otc_and_400_on_huawei(swr: FakeSwr) -> None:
    path = "/v2/manage/namespaces/team/repositories/app/access-domains/partner"
    for region in (OTC, HUAWEI):
        swr.create_namespace("team", region=region)
        swr.create_repository("team", "app", region=region)
    otc = api(swr, "GET", path, region=OTC)
    assert (otc.status_code, otc.json()) == (200, {"exist": False})
    assert_error(api(swr, "GET", path, region=HUAWEI), 400, "SVCSTG.SWR.4001090")
    # Only reading differs: updating or deleting a share that does not exist fails on both.
    update = {"permit": "read", "deadline": "forever"}
    assert_error(api(swr, "PATCH", path, body=update, region=OTC), 400, "SVCSTG.SWR.4001090")
    assert_error(api(swr, "DELETE", path, region=OTC), 400, "SVCSTG.SWR.4001090")


def test_granting_on_an_organization_is_201_on_otc_and_200_on_huawei(swr: FakeSwr) -> None:
    bob = swr.add_user("bob")
    grant = [{"user_id": bob.user_id, "user_name": "bob", "auth": 1}]
    statuses = {}
    for region in (OTC, HUAWEI):
        swr.create_namespace("team", region=region)
        statuses[region] = api(swr, "POST", "/v2/manage/namespaces/team/access", body=grant, region=region).status_code
    assert statuses == {OTC: 201, HUAWEI: 200}


def test_center_self_in_the_repository_list_filter_is_otc_only(swr: FakeSwr) -> None:
    for region in (OTC, HUAWEI):
        swr.create_namespace("team", region=region)
        swr.create_repository("team", "app", region=region)
    query = {"filter": "center::self|namespace::team|limit::10|offset::0"}
    (listed,) = api(swr, "GET", "/v2/manage/repos", params=query, region=OTC).json()
    assert listed["path"] == "swr.eu-de.otc.t-systems.com/team/app"
    assert api(swr, "GET", "/v2/manage/repos", params={"center": "self"}, region=OTC).status_code == 200
    assert_error(api(swr, "GET", "/v2/manage/repos", params=query, region=HUAWEI), 400, "SVCSTG.SWR.4001035")
    other = {"filter": "center::thirdparty"}
    assert_error(api(swr, "GET", "/v2/manage/repos", params=other, region=OTC), 400, "SVCSTG.SWR.4001035")


def test_otc_regions_are_regions_of_their_own(swr: FakeSwr) -> None:
    swr.create_namespace("team", region="eu-nl")
    assert api(swr, "GET", "/v2/manage/namespaces/team", region="eu-nl").status_code == 200
    assert_error(api(swr, "GET", "/v2/manage/namespaces/team", region=OTC), 404, "SVCSTG.SWR.4040058")
    assert set(swr.tenant.projects) == set(ALL_REGIONS)
    regions = api(swr, "GET", "/v2/manage/regions", region=OTC).json()
    assert regions == [{"regionID": "eu-ch2"}, {"regionID": "eu-nl"}]


def test_otc_login_commands_and_versions_name_otc_hosts(swr: FakeSwr) -> None:
    secret = api(swr, "POST", "/v2/manage/utils/secret", params={"projectname": "eu-de_team"}, region=OTC)
    assert list(secret.json()["auths"]) == ["swr.eu-de.otc.t-systems.com"]
    assert secret.headers["X-Swr-Dockerlogin"].startswith("docker login -u eu-de_team@")
    assert swr.docker_login(*secret.headers["X-Swr-Dockerlogin"].split()[3::2], region=OTC)
    (version, *_) = api(swr, "GET", "/", region=OTC).json()["versions"]
    assert version["links"]["href"] == "https://swr-api.eu-de.otc.t-systems.com/v2/"


def test_each_clouds_iam_lists_its_own_regions_projects(swr: FakeSwr) -> None:
    def names(host: str) -> set[str]:
        response = requests.get(f"https://{host}/v3/projects", headers={"X-Auth-Token": "t"}, timeout=5)
        return {project["name"] for project in response.json()["projects"]}

    assert names("iam.eu-de.otc.t-systems.com") == {"eu-de", "eu-nl", "eu-ch2"}
    assert names("iam.cn-north-4.myhuaweicloud.com") == set(ALL_REGIONS) - {"eu-de", "eu-nl", "eu-ch2"}
