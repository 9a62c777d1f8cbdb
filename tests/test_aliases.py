"""Paths real clients use beside the documented ones (issue 13, point 4).

Open Telekom Cloud's Go SDK and Terraform provider address shares under ``repos/`` rather than
``repositories/``; their acceptance tests pass against the real service.
"""

from __future__ import annotations

from swr_fake import FakeSwr
from tests.support import api, assert_error

DOCUMENTED = "/v2/manage/namespaces/team/repositories/web$app/access-domains"
ALIAS = "/v2/manage/namespaces/team/repos/web$app/access-domains"


def test_the_share_lifecycle_through_the_repos_alias(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    swr.create_repository("team", "web/app")
    body = {"access_domain": "partner", "permit": "read", "deadline": "forever", "description": ""}
    assert api(swr, "POST", ALIAS, body=body).status_code == 201
    assert_error(api(swr, "POST", ALIAS, body=body), 409, "SVCSTG.SWR.4090089")
    (listed,) = api(swr, "GET", ALIAS).json()
    assert listed["access_domain"] == "partner" and listed["repository"] == "web/app"
    update = {"permit": "read", "deadline": "2030-01-01T00:00:00Z", "description": "until 2030"}
    assert api(swr, "PATCH", ALIAS + "/partner", body=update).status_code == 201
    shown = api(swr, "GET", DOCUMENTED + "/partner").json()  # one share, two paths
    assert (shown["exist"], shown["deadline"], shown["description"]) == (True, "2030-01-01T00:00:00Z", "until 2030")
    assert api(swr, "GET", ALIAS + "/partner").json() == shown
    assert api(swr, "DELETE", ALIAS + "/partner").status_code == 204
    assert api(swr, "GET", DOCUMENTED).json() == []
    operations = [call.operation for call in swr.calls]
    assert operations[:3] == ["create_repo_domains", "create_repo_domains", "list_repo_domains"]
    assert operations[-2:] == ["delete_repo_domains", "list_repo_domains"]


def test_the_alias_checks_what_the_documented_path_checks(swr: FakeSwr) -> None:
    swr.create_namespace("team")
    body = {"access_domain": "partner", "permit": "write", "deadline": "forever"}
    assert_error(api(swr, "POST", ALIAS, body=body), 400, "SVCSTG.SWR.4000014")
    body["permit"] = "read"
    assert_error(api(swr, "POST", ALIAS, body=body), 404, "SVCSTG.SWR.4040010")
