"""Tag listing (``n``/``last``, ``Link``), SWR's missing catalog, unknown routes and methods,
and faults injected on registry operations."""

from __future__ import annotations

import requests

from .conftest import Registry, assert_oci_error, image_manifest, put_manifest

NAME = "team/app"


def tags_url(registry: Registry, name: str = NAME) -> str:
    return registry.url(f"/v2/{name}/tags/list")


def pushed_tags(registry: Registry, names: list[str]) -> requests.Session:
    session = registry.session(NAME)
    raw = image_manifest(registry, session, NAME, b"layer")
    for name in names:
        assert put_manifest(registry, session, NAME, name, raw).status_code == 201
    return session


def test_tags_are_listed_in_lexical_order(registry: Registry) -> None:
    session = pushed_tags(registry, ["v2", "latest", "v10", "v1"])
    response = session.get(tags_url(registry))
    assert response.status_code == 200 and "Link" not in response.headers
    assert response.json() == {"name": NAME, "tags": ["latest", "v1", "v10", "v2"]}


def test_paging_with_n_last_and_link(registry: Registry) -> None:
    session = pushed_tags(registry, ["a", "b", "c", "d", "e"])
    first = session.get(tags_url(registry), params={"n": 2})
    assert first.json()["tags"] == ["a", "b"]
    assert first.headers["Link"] == f'</v2/{NAME}/tags/list?n=2&last=b>; rel="next"'
    second = session.get(registry.url(first.links["next"]["url"]))
    assert second.json()["tags"] == ["c", "d"]
    third = session.get(registry.url(second.links["next"]["url"]))
    assert third.json()["tags"] == ["e"] and "Link" not in third.headers
    assert session.get(tags_url(registry), params={"last": "c"}).json()["tags"] == ["d", "e"]
    empty = session.get(tags_url(registry), params={"n": 0})
    assert empty.json()["tags"] == [] and "Link" not in empty.headers


def test_a_bad_page_size_is_400(registry: Registry) -> None:
    session = pushed_tags(registry, ["a"])
    for value in ("-1", "ten", "1.5"):
        assert_oci_error(session.get(tags_url(registry), params={"n": value}), 400, "PAGINATION_NUMBER_INVALID")


def test_a_repository_not_pushed_yet_lists_null_tags(registry: Registry) -> None:
    session = registry.session("team/empty")
    response = session.get(tags_url(registry, "team/empty"))
    assert response.status_code == 200 and response.json() == {"name": "team/empty", "tags": None}


def test_another_accounts_private_repository_is_name_unknown_or_denied(registry: Registry) -> None:
    pushed_tags(registry, ["v1"])
    swr = registry.swr
    other = swr.add_tenant("partner")
    with swr.backend.lock:
        login = swr.backend.create_secret(swr.backend.caller("cn-north-4", other), "AKPARTNER")
    session = registry.session(NAME, (login.username, login.password))
    assert_oci_error(session.get(tags_url(registry)), 403, "DENIED")  # its token holds nothing there


def test_the_catalog_is_not_offered(registry: Registry) -> None:
    session = registry.session(NAME)
    body = assert_oci_error(session.get(registry.url("/v2/_catalog")), 404, "UNSUPPORTED")
    assert "list_repos_details" in body["errors"][0]["message"]


def test_unknown_paths_and_methods(registry: Registry) -> None:
    session = registry.session(NAME)
    typo = session.get(registry.url(f"/v2/{NAME}/manifest/v1"))
    body = assert_oci_error(typo, 404, "UNSUPPORTED")
    assert "did you mean 'manifests'" in body["errors"][0]["message"]
    wrong_method = session.post(registry.url(f"/v2/{NAME}/manifests/v1"))
    assert_oci_error(wrong_method, 405, "UNSUPPORTED")
    assert wrong_method.headers["Allow"] == "GET, HEAD, PUT, DELETE"


def test_the_call_log_names_registry_operations(registry: Registry) -> None:
    session = pushed_tags(registry, ["v1"])
    registry.swr.calls.clear()
    session.get(registry.url(f"/v2/{NAME}/manifests/v1"))
    [call] = registry.swr.calls
    assert call.operation == "registry_get_manifest" and call.status == 200


def test_faults_answer_in_the_registry_error_form(registry: Registry) -> None:
    session = pushed_tags(registry, ["v1"])
    registry.swr.faults.fail("registry_get_manifest", status=429)
    assert_oci_error(session.get(registry.url(f"/v2/{NAME}/manifests/v1")), 429, "TOOMANYREQUESTS")
    registry.swr.faults.fail("registry_get_manifest", status=404, code="MANIFEST_UNKNOWN")
    assert_oci_error(session.get(registry.url(f"/v2/{NAME}/manifests/v1")), 404, "MANIFEST_UNKNOWN")
    assert session.get(registry.url(f"/v2/{NAME}/manifests/v1")).status_code == 200  # each fault fired once


def test_a_repository_that_does_not_exist_is_name_unknown(registry: Registry) -> None:
    session = registry.session("team/ghost")
    assert_oci_error(session.get(registry.url("/v2/team/ghost/manifests/v1")), 404, "NAME_UNKNOWN")
    referrers = session.get(registry.url("/v2/team/ghost/referrers/sha256:" + "0" * 64))
    assert_oci_error(referrers, 404, "NAME_UNKNOWN")
    assert_oci_error(session.delete(registry.url("/v2/team/ghost/manifests/v1")), 404, "NAME_UNKNOWN")


def test_uploads_check_names_before_anything(registry: Registry) -> None:
    before = registry.swr.snapshot()
    response = requests.post(registry.url("/v2/team/Bad_Name/blobs/uploads/"))
    body = assert_oci_error(response, 400, "NAME_INVALID")
    assert "repository 'Bad_Name'" in body["errors"][0]["message"]
    assert registry.swr.snapshot() == before


def test_faults_on_the_realm_and_401s_carry_a_challenge(registry: Registry) -> None:
    registry.swr.faults.fail("registry_list_tags", status=401)
    session = pushed_tags(registry, ["v1"])
    response = session.get(tags_url(registry))
    assert_oci_error(response, 401, "UNAUTHORIZED")
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="https://swr.cn-north-4.myhuaweicloud.com/')


def test_a_404_fault_says_what_is_missing_on_each_route(registry: Registry) -> None:
    session = pushed_tags(registry, ["v1"])
    registry.swr.faults.fail("registry_get_manifest", status=404)
    assert_oci_error(session.get(registry.url(f"/v2/{NAME}/manifests/v1")), 404, "MANIFEST_UNKNOWN")
    registry.swr.faults.fail("registry_list_tags", status=404)
    assert_oci_error(session.get(tags_url(registry)), 404, "NAME_UNKNOWN")
    registry.swr.faults.fail("registry_get_manifest", status=500)
    assert_oci_error(session.get(registry.url(f"/v2/{NAME}/manifests/v1")), 500, "UNKNOWN")
