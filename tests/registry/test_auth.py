"""SWR's registry auth: the challenge, the token realm, the credential forms and who may do what."""

from __future__ import annotations

import base64
import hashlib
import hmac

import requests

from swr_fake import FakeSwr
from swr_fake.clock import FrozenClock

from .conftest import Registry, assert_oci_error, image_manifest, push_blob, put_manifest

REALM = "/swr/auth/v2/registry/auth/"


def basic(username: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def ask_token(registry: Registry, scope: str | None, headers: dict[str, str] | None = None) -> requests.Response:
    params = {"service": "dockyard"} | ({"scope": scope} if scope else {})
    return requests.get(registry.url(REALM), params=params, headers=headers or {})


def test_base_endpoint_challenges_without_a_scope(registry: Registry) -> None:
    response = requests.get(registry.url("/v2/"))
    assert_oci_error(response, 401, "UNAUTHORIZED")
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="https://swr.cn-north-4.myhuaweicloud.com/swr/auth/v2/registry/auth/",service="dockyard"'
    )


def test_repository_endpoints_challenge_with_the_repository_scope(registry: Registry) -> None:
    response = requests.get(registry.url("/v2/team/app/manifests/latest"))
    assert_oci_error(response, 401, "UNAUTHORIZED")
    assert response.headers["WWW-Authenticate"].endswith(',scope="repository:team/app:pull,push"')


def test_the_eu_host_challenges_with_its_own_realm() -> None:
    with FakeSwr(region="eu-west-101") as swr:
        response = requests.get("https://swr.eu-west-101.myhuaweicloud.eu/v2/")
        assert response.status_code == 401
        assert (
            'realm="https://swr.eu-west-101.myhuaweicloud.eu/swr/auth/v2/registry/auth/"'
            in response.headers["WWW-Authenticate"]
        )
        assert swr.calls[-1].operation == "registry_ping"


def test_a_temporary_login_gets_a_token_that_opens_the_registry(registry: Registry) -> None:
    response = ask_token(registry, "repository:team/app:pull,push", basic(*registry.login()))
    assert response.status_code == 200
    body = response.json()
    assert body["token"] == body["access_token"] and body["token"].count(".") == 2  # JWT-shaped
    assert body["expires_in"] == 900 and body["issued_at"]
    ping = requests.get(registry.url("/v2/"), headers={"Authorization": f"Bearer {body['token']}"})
    assert ping.status_code == 200 and ping.json() == {}
    assert ping.headers["Docker-Distribution-API-Version"] == "registry/2.0"


def test_the_realm_works_without_trailing_slash_and_without_service(registry: Registry) -> None:
    response = requests.get(
        registry.url(REALM.rstrip("/")), params={"scope": "repository:team/app:pull"}, headers=basic(*registry.login())
    )
    assert response.status_code == 200 and response.json()["token"]


def test_a_post_form_to_the_realm_is_404(registry: Registry) -> None:
    username, password = registry.login()
    form = {"username": username, "password": password, "scope": "repository:team/app:pull", "service": "dockyard"}
    response = requests.post(registry.url(REALM), data=form)
    assert response.status_code == 404


def test_wrong_credentials_are_401_at_the_realm(registry: Registry) -> None:
    username, _ = registry.login()
    assert_oci_error(ask_token(registry, "repository:team/app:pull", basic(username, "wrong")), 401, "UNAUTHORIZED")


def test_a_login_of_another_region_is_refused(registry: Registry) -> None:
    with registry.swr.backend.lock:
        caller = registry.swr.backend.caller("cn-south-1")
        login = registry.swr.backend.create_secret(caller, "AKTEST")
    response = ask_token(registry, "repository:team/app:pull", basic(login.username, login.password))
    assert_oci_error(response, 401, "UNAUTHORIZED")


def test_the_long_term_login_is_the_hmac_of_the_access_key() -> None:
    with FakeSwr() as swr:
        swr.create_namespace("team")
        ak, sk = swr.access_key, swr.secret_key
        password = hmac.new(sk.encode(), ak.encode(), hashlib.sha256).hexdigest()
        assert swr.docker_login(f"cn-north-4@{ak}", password)
        assert not swr.docker_login(f"cn-north-4@{ak}", password[:-1] + "0")
        assert not swr.docker_login(f"cn-south-1@{ak}", password)  # the region is part of the name
        registry = Registry(swr)
        response = ask_token(registry, "repository:team/app:push", basic(f"cn-north-4@{ak}", password))
        assert response.status_code == 200


def test_an_expired_temporary_login_is_refused() -> None:
    clock = FrozenClock()
    with FakeSwr(clock=clock) as swr:
        swr.create_namespace("team")
        registry = Registry(swr)
        credentials = registry.login()
        assert ask_token(registry, "repository:team/app:pull", basic(*credentials)).status_code == 200
        clock.advance(hours=6, seconds=1)
        assert_oci_error(ask_token(registry, "repository:team/app:pull", basic(*credentials)), 401, "UNAUTHORIZED")


def test_tokens_expire_after_900_seconds() -> None:
    clock = FrozenClock()
    with FakeSwr(clock=clock) as swr:
        swr.create_namespace("team")
        registry = Registry(swr)
        token = registry.token("team/app", credentials=registry.login())
        headers = {"Authorization": f"Bearer {token}"}
        assert requests.get(registry.url("/v2/"), headers=headers).status_code == 200
        clock.advance(seconds=900)
        assert_oci_error(requests.get(registry.url("/v2/"), headers=headers), 401, "UNAUTHORIZED")


def test_a_scope_in_a_missing_organization_is_denied_at_the_realm(registry: Registry) -> None:
    credentials = registry.login()
    before = registry.swr.snapshot()
    response = ask_token(registry, "repository:nobody/app:pull,push", basic(*credentials))
    body = assert_oci_error(response, 401, "DENIED")
    assert body["errors"][0]["message"] == "Image organization does not exist"
    assert registry.swr.snapshot() == before  # nothing created: pushing needs an existing organization


def test_basic_credentials_on_a_resource_endpoint_are_not_accepted(registry: Registry) -> None:
    response = requests.get(registry.url("/v2/team/app/tags/list"), headers=basic(*registry.login()))
    assert_oci_error(response, 401, "UNAUTHORIZED")


def test_a_token_of_another_region_is_not_accepted(registry: Registry) -> None:
    token = registry.token("team/app", credentials=registry.login())
    response = requests.get(
        "https://swr.cn-south-1.myhuaweicloud.com/v2/", headers={"Authorization": f"Bearer {token}"}
    )
    assert_oci_error(response, 401, "UNAUTHORIZED")


def _pushed(registry: Registry, name: str = "team/app") -> None:
    session = registry.session(name)
    assert (
        put_manifest(registry, session, name, "v1", image_manifest(registry, session, name, b"layer")).status_code
        == 201
    )


def test_public_repositories_pull_anonymously_private_ones_do_not(registry: Registry) -> None:
    _pushed(registry)
    anonymous = registry.token("team/app")  # no credentials
    headers = {"Authorization": f"Bearer {anonymous}"}
    assert_oci_error(requests.get(registry.url("/v2/team/app/manifests/v1"), headers=headers), 401, "UNAUTHORIZED")
    registry.swr.backend.region("cn-north-4").namespaces["team"].repositories["app"].is_public = True
    public = {"Authorization": f"Bearer {registry.token('team/app')}"}
    assert requests.get(registry.url("/v2/team/app/manifests/v1"), headers=public).status_code == 200
    session = requests.Session()
    session.headers.update(public)
    assert_oci_error(session.post(registry.url("/v2/team/app/blobs/uploads/")), 401, "UNAUTHORIZED")


def test_a_shared_repository_pulls_for_the_other_account_until_the_share_expires() -> None:
    clock = FrozenClock()
    with FakeSwr(clock=clock) as swr:
        swr.create_namespace("team")
        registry = Registry(swr)
        _pushed(registry)
        other = swr.add_tenant("partner")
        with swr.backend.lock:
            partner = swr.backend.caller("cn-north-4", other)
            login = swr.backend.create_secret(partner, "AKPARTNER")
            owner = swr.backend.caller("cn-north-4")
            swr.backend.create_repo_domains(owner, "team", "app", "partner", "read", "2026-01-02T00:00:00.000Z", "")
        credentials = (login.username, login.password)
        session = registry.session("team/app", credentials)
        assert session.get(registry.url("/v2/team/app/manifests/v1")).status_code == 200
        assert_oci_error(session.put(registry.url("/v2/team/app/manifests/v2"), data=b"{}"), 403, "DENIED")
        clock.advance(days=2)
        with swr.backend.lock:
            fresh = swr.backend.create_secret(partner, "AKPARTNER")
        late = registry.session("team/app", (fresh.username, fresh.password))
        assert_oci_error(late.get(registry.url("/v2/team/app/manifests/v1")), 403, "DENIED")


def test_pushes_need_write_when_permissions_are_enforced(registry: Registry) -> None:
    swr = registry.swr
    reader, writer = swr.add_user("reader"), swr.add_user("writer")
    swr.grant(reader, "team", 1)
    swr.grant(writer, "team", 3)
    swr.enforce_permissions()
    read_session = registry.session("team/app", registry.login(reader))
    denied = read_session.post(registry.url("/v2/team/app/blobs/uploads/"))
    assert_oci_error(denied, 403, "DENIED")
    assert "WWW-Authenticate" in denied.headers  # a client may fetch a broader token and retry
    write_session = registry.session("team/app", registry.login(writer))
    push_blob(registry, write_session, "team/app", b"data")
    # Deleting needs manage (7), like deleting a tag through the management API.
    _pushed(registry)
    assert_oci_error(write_session.delete(registry.url("/v2/team/app/manifests/v1")), 403, "DENIED")


def test_scopes_repeated_or_space_separated_and_empty_action_lists(registry: Registry) -> None:
    _pushed(registry)
    headers = basic(*registry.login())
    url = registry.url(REALM)
    repeated = requests.get(
        url, params=[("scope", "repository:team/app:pull"), ("scope", "repository:team/other:push")], headers=headers
    )
    joined = requests.get(url, params={"scope": "repository:team/app:pull repository:team/other:push"}, headers=headers)
    for response in (repeated, joined):
        token = {"Authorization": f"Bearer {response.json()['token']}"}
        assert requests.get(registry.url("/v2/team/app/manifests/v1"), headers=token).status_code == 200
        assert requests.post(registry.url("/v2/team/other/blobs/uploads/"), headers=token).status_code == 202
        assert_oci_error(requests.post(registry.url("/v2/team/app/blobs/uploads/"), headers=token), 403, "DENIED")
    # SWR's own challenge was seen with an empty action list: everything the identity holds.
    empty = requests.get(url, params={"scope": "repository:team/app:"}, headers=headers).json()["token"]
    assert (
        requests.post(
            registry.url("/v2/team/app/blobs/uploads/"), headers={"Authorization": f"Bearer {empty}"}
        ).status_code
        == 202
    )


def test_open_telekom_cloud_registry_hosts() -> None:
    with FakeSwr(region="eu-de") as swr:
        swr.create_namespace("team")
        registry = Registry(swr)
        assert registry.host == "swr.eu-de.otc.t-systems.com"
        session = registry.session("team/app")
        assert push_blob(registry, session, "team/app", b"otc").startswith("sha256:")
        challenge = requests.get(registry.url("/v2/")).headers["WWW-Authenticate"]
        assert 'realm="https://swr.eu-de.otc.t-systems.com/swr/auth/v2/registry/auth/"' in challenge
