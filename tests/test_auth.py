"""Credentials: who a request is, and (when verification is on) whether the gateway lets it in."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import SdkException
from huaweicloudsdkswr.v2 import (
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    ListNamespacesRequest,
    ShowNamespaceRequest,
    SwrClient,
)
from huaweicloudsdkswr.v2.region.swr_region import SwrRegion

from swr_fake import FakeSwr, FrozenClock
from swr_fake.hosts import cloud_of
from swr_fake.model import Tenant, User
from swr_fake.signing import DATE_FORMAT, SignedRequest, sign
from tests.support import sdk_rejects

GATEWAY = "APIGW.0301"
PREFIX = "Incorrect IAM authentication information: "


@pytest.fixture
def tenant_b(swr: FakeSwr) -> Tenant:
    tenant = swr.add_tenant("tenant-b")
    swr.create_namespace("b-group", user=tenant.admin)
    swr.create_namespace("a-group")
    return tenant


def visible(client: Any) -> list[str]:
    """The organizations the client's identity sees (names identify the account)."""
    return sorted(ns.name for ns in client.list_namespaces(ListNamespacesRequest()).namespaces or [])


def create(client: Any, name: str) -> Any:
    return client.create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace=name)))


def gateway_error(swr: FakeSwr, call: Any, reason: str) -> None:
    error = sdk_rejects(swr, call, 401, GATEWAY)
    assert error.error_msg == PREFIX + reason
    assert swr.calls.last.response == {
        "error_code": GATEWAY,
        "error_msg": PREFIX + reason,
        "request_id": error.request_id,
    }


def signed_request(
    swr: FakeSwr, method: str, path: str, ak: str, sk: str, body: Any = None, date: datetime | None = None
) -> requests.Response:
    """A plain `requests` call signed like the SDK signs."""
    url = swr.endpoint + path
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "Host": url.split("/")[2]}
    moment = (date or datetime.now(timezone.utc)).strftime(DATE_FORMAT)
    headers.update(sign(SignedRequest(method, url, headers, data), ak, sk, moment, ["content-type"]))
    return requests.request(method, url, data=data, headers=headers)


# --- without verification: credentials only name an identity -------------------------------------


def test_unsigned_requests_are_rejected(swr: FakeSwr) -> None:
    for verify in (False, True):
        swr.verify_signatures = verify
        response = requests.get(swr.endpoint + "/v2/manage/namespaces", headers={"Content-Type": "application/json"})
        assert response.status_code == 401
        assert response.json()["error_code"] == GATEWAY


def test_registered_key_is_its_user(swr: FakeSwr, tenant_b: Tenant) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    assert visible(swr.client(access_key=ak, secret_key=sk)) == ["b-group"]
    # Without verification a wrong secret still names the key's user.
    assert visible(swr.client(access_key=ak, secret_key="wrong")) == ["b-group"]


def test_unknown_key_is_the_default_admin(swr: FakeSwr, tenant_b: Tenant) -> None:
    client = swr.client(access_key="NOBODYKNOWSTHISKEY00", secret_key="whatever")
    assert visible(client) == ["a-group"]
    create(client, "by-unknown")
    assert client.show_namespace(ShowNamespaceRequest("by-unknown")).creator_name == "swr-admin"


def test_zero_configuration_client_is_unchanged(swr: FakeSwr, tenant_b: Tenant) -> None:
    client = swr.client()
    assert visible(client) == ["a-group"]
    assert swr.verify_signatures is False
    swr.verify_signatures = True
    assert visible(client) == ["a-group"]  # the default key is registered


# --- with verification --------------------------------------------------------------------------------


def test_verification_rejects_unknown_keys(swr: FakeSwr, tenant_b: Tenant) -> None:
    swr.verify_signatures = True
    client = swr.client(access_key="NOBODYKNOWSTHISKEY00", secret_key="whatever")
    gateway_error(swr, lambda: create(client, "never"), "Get secretKey failed,ak:NOBODYKNOWSTHISKEY00,err:ak not exist")


def test_verification_rejects_wrong_signatures(swr: FakeSwr, tenant_b: Tenant) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    swr.verify_signatures = True
    wrong = swr.client(access_key=ak, secret_key=sk + "x")
    gateway_error(swr, lambda: create(wrong, "never"), "verify aksk signature fail")
    assert visible(swr.client(access_key=ak, secret_key=sk)) == ["b-group"]


def test_raw_signed_requests(swr: FakeSwr, tenant_b: Tenant) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    swr.verify_signatures = True
    created = signed_request(swr, "POST", "/v2/manage/namespaces", ak, sk, {"namespace": "raw-b"})
    assert created.status_code == 201, created.text
    listed = signed_request(swr, "GET", "/v2/manage/namespaces", ak, sk)
    assert sorted(ns["name"] for ns in listed.json()["namespaces"]) == ["b-group", "raw-b"]
    # A body changed after signing.
    url = swr.endpoint + "/v2/manage/namespaces"
    headers = {"Content-Type": "application/json", "Host": url.split("/")[2]}
    original = b'{"namespace": "one"}'
    moment = datetime.now(timezone.utc).strftime(DATE_FORMAT)
    headers.update(sign(SignedRequest("POST", url, headers, original), ak, sk, moment, ["content-type"]))
    before = swr.snapshot()
    tampered = requests.post(url, data=b'{"namespace": "two"}', headers=headers)
    assert (tampered.status_code, tampered.json()["error_msg"]) == (401, PREFIX + "verify aksk signature fail")
    assert swr.snapshot() == before
    # Malformed Authorization headers that still name a registered key.
    for value in (f"SDK-HMAC-SHA256 Access={ak}", f"SDK-HMAC-SHA256 Access={ak}, SignedHeaders=host, Signature=zz"):
        response = requests.get(url, headers={"Authorization": value, "X-Sdk-Date": moment})
        assert response.status_code == 401


def test_stale_sdk_date(swr: FakeSwr, tenant_b: Tenant) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    client = swr.client(access_key=ak, secret_key=sk)
    stale = (datetime.now(timezone.utc) - timedelta(minutes=20)).strftime(DATE_FORMAT)
    recent = (datetime.now(timezone.utc) - timedelta(minutes=10)).strftime(DATE_FORMAT)

    def listing(date: str) -> Any:
        return client.list_namespaces_invoker(ListNamespacesRequest()).add_header("X-Sdk-Date", date).invoke()

    swr.verify_signatures = True  # signatures only: the date is not compared with the clock
    assert listing(stale).status_code == 200
    with swr.require_signatures():  # 15 minutes, as the real gateway
        gateway_error(swr, lambda: listing(stale), "calc ak sk signature fail:signature expired")
        assert listing(recent).status_code == 200
    assert (swr.gateway.verify_signatures, swr.gateway.max_skew) == (True, None)
    assert signed_request(swr, "GET", "/v2/manage/namespaces", ak, sk).status_code == 200


def test_sdk_date_is_compared_with_the_fakes_clock(
    swr: FakeSwr, tenant_b: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    clock = FrozenClock(datetime.now(timezone.utc))
    monkeypatch.setattr(swr.backend, "clock", clock)
    swr.require_signatures(max_skew=timedelta(minutes=5))
    client = swr.client(access_key=ak, secret_key=sk)
    assert visible(client) == ["b-group"]
    clock.advance(timedelta(minutes=6))
    gateway_error(swr, lambda: visible(client), "calc ak sk signature fail:signature expired")


def test_project_id_must_belong_to_the_signing_account(swr: FakeSwr, tenant_b: Tenant) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    foreign = (
        SwrClient.new_builder()
        .with_credentials(BasicCredentials(ak, sk, swr.project_id()))  # the default account's project
        .with_endpoints([swr.endpoint])
        .build()
    )
    assert visible(foreign) == ["b-group"]  # not checked without verification
    swr.verify_signatures = True
    gateway_error(
        swr,
        lambda: visible(foreign),
        f"project id {swr.project_id()} does not belong to the account in region {swr.region}",
    )
    # Another region's project of the right account does not fit either.
    other_region = (
        SwrClient.new_builder()
        .with_credentials(BasicCredentials(ak, sk, swr.project_id("ap-southeast-1", tenant_b)))
        .with_endpoints([swr.endpoint])
        .build()
    )
    sdk_rejects(swr, lambda: visible(other_region), 401, GATEWAY)


# --- tokens ------------------------------------------------------------------------------------------


def token_request(swr: FakeSwr, method: str, path: str, token: str, body: Any = None) -> requests.Response:
    headers = {"X-Auth-Token": token, "Content-Type": "application/json"}
    return requests.request(method, swr.endpoint + path, json=body, headers=headers)


def test_token_is_the_user_it_was_issued_to(swr: FakeSwr, tenant_b: Tenant) -> None:
    bob: User = swr.add_user("bob", tenant_b)
    token = swr.issue_token(bob)
    assert token_request(swr, "POST", "/v2/manage/namespaces", token, {"namespace": "bobs"}).status_code == 201
    shown = token_request(swr, "GET", "/v2/manage/namespaces/bobs", token).json()
    assert shown["creator_name"] == "bob"
    client = swr.client(token=token)
    assert visible(client) == ["b-group", "bobs"]
    call = swr.calls.last
    assert call.operation == "list_namespaces" and call.status == 200


def test_sdk_token_client_sends_no_signature(swr: FakeSwr, tenant_b: Tenant) -> None:
    swr.verify_signatures = True
    # A signature would fail here (the client's placeholder key is unknown), and so would a
    # project id other than tenant B's.
    assert visible(swr.client(token=swr.issue_token(tenant_b.admin))) == ["b-group"]
    gateway_error(
        swr,
        lambda: visible(swr.client(access_key="token", secret_key="token")),
        "Get secretKey failed,ak:token,err:ak not exist",
    )


def test_unknown_and_expired_tokens(swr: FakeSwr, tenant_b: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FrozenClock(datetime(2026, 5, 1, tzinfo=timezone.utc))
    monkeypatch.setattr(swr.backend, "clock", clock)
    token = swr.issue_token(tenant_b.admin, ttl=timedelta(hours=1))
    assert visible(swr.client(token="not-a-token")) == ["a-group"]  # the default admin
    swr.verify_signatures = True
    gateway_error(swr, lambda: visible(swr.client(token="not-a-token")), "decrypt token fail")
    assert visible(swr.client(token=token)) == ["b-group"]
    clock.advance(timedelta(hours=1))
    gateway_error(swr, lambda: visible(swr.client(token=token)), "decrypt token fail")
    raw = token_request(swr, "GET", "/v2/manage/namespaces", token)
    assert (raw.status_code, raw.json()["error_code"]) == (401, GATEWAY)


def test_token_wins_over_the_signature(swr: FakeSwr, tenant_b: Tenant) -> None:
    client = swr.client()  # signs as the default admin
    client.preset_headers = {"X-Auth-Token": swr.issue_token(tenant_b.admin)}
    assert visible(client) == ["b-group"]


# --- IAM project discovery ----------------------------------------------------------------------------


def region_client(ak: str, sk: str, region: str = "cn-north-4") -> Any:
    credentials = BasicCredentials(ak, sk)  # no project id: the SDK asks IAM during build()
    return SwrClient.new_builder().with_credentials(credentials).with_region(SwrRegion.value_of(region)).build()


def test_project_discovery_through_with_region(swr: FakeSwr, tenant_b: Tenant) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    swr.require_signatures()
    client = region_client(ak, sk)
    (discovery,) = swr.calls.of("keystone_list_projects")
    assert discovery.url == "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4"
    assert [p["id"] for p in discovery.response["projects"]] == [swr.project_id(tenant=tenant_b)]
    assert visible(client) == ["b-group"]  # the discovered project passes the project check


def test_project_discovery_on_the_global_iam_endpoint(swr: FakeSwr, tenant_b: Tenant) -> None:
    ak, sk = swr.add_access_key(tenant_b.admin)
    swr.create_namespace("far-away", region="cn-north-11", user=tenant_b.admin)
    client = region_client(ak, sk, "cn-north-11")  # not in the SDK's IAM table
    assert swr.calls.last.url == "https://iam.myhuaweicloud.com/v3/projects?name=cn-north-11"
    assert swr.calls.last.response["projects"][0]["id"] == swr.project_id("cn-north-11", tenant_b)
    assert visible(client) == ["far-away"]


def test_project_discovery_with_unknown_keys(swr: FakeSwr) -> None:
    unknown = "UNKNOWN" + uuid.uuid4().hex[:13].upper()  # the SDK caches project ids per key
    region_client(unknown, "secret")
    assert swr.calls.last.response["projects"][0]["id"] == swr.project_id()
    swr.verify_signatures = True
    other = "UNKNOWN" + uuid.uuid4().hex[:13].upper()
    with pytest.raises(SdkException) as caught:
        region_client(other, "secret")
    assert "Failed to get project id" in str(caught.value) and GATEWAY in str(caught.value)
    assert swr.calls.last.status == 401


def test_iam_projects_listing(swr: FakeSwr, tenant_b: Tenant) -> None:
    token = swr.issue_token(tenant_b.admin)
    url = "https://iam.ap-southeast-1.myhuaweicloud.com/v3/projects"
    everything = requests.get(url, headers={"X-Auth-Token": token}).json()["projects"]
    huawei = {region: project for region, project in tenant_b.projects.items() if cloud_of(region) == "huaweicloud"}
    assert {p["name"]: p["id"] for p in everything} == huawei  # OTC's regions are on OTC's IAM
    assert {p["domain_id"] for p in everything} == {tenant_b.domain_id}
    assert requests.get(url, params={"name": "nowhere"}, headers={"X-Auth-Token": token}).json()["projects"] == []
    assert requests.get(url).status_code == 401
    assert requests.post(url, headers={"X-Auth-Token": token}).status_code == 405


def test_async_client_for_a_user(swr: FakeSwr, tenant_b: Tenant) -> None:
    client = swr.async_client(user=tenant_b.admin)
    found = client.list_namespaces_async(ListNamespacesRequest()).result()
    assert [ns.name for ns in found.namespaces] == ["b-group"]
