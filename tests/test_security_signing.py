"""What is signed is what runs: the body, the host (so the region) and the query as executed.

Each family is generated: any two bodies, any pair of regions, any list of values under one
query key, checked both by `verify` and end to end under ``require_signatures()``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swr_fake import FakeSwr, endpoint_for
from swr_fake.signing import SignedRequest, sign, verify

AK, SK = "FAKEAK0000000000TEST", "FAKESK0000000000000000000000000000000000"
DATE = "20250101T000000Z"
BODIES = st.dictionaries(st.sampled_from(["namespace", "a", "b"]), st.text(max_size=8), min_size=1).map(
    lambda d: json.dumps(d).encode()
)


def _secret(access_key: str) -> str | None:
    return SK if access_key == AK else None


def _signed(url: str, body: bytes | None, extra: dict[str, str], signed_extra: list[str]) -> SignedRequest:
    headers = {"Content-Type": "application/json", "Host": urlsplit(url).netloc, **extra}
    request = SignedRequest("POST", url, headers, body)
    added = sign(request, AK, SK, DATE, ["content-type", *signed_extra])
    return SignedRequest("POST", url, {**headers, **added}, body)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(original=BODIES, executed=BODIES, declare=st.sampled_from(["none", "signed", "unsigned"]))
def test_a_changed_body_never_verifies(original: bytes, executed: bytes, declare: str) -> None:
    url = endpoint_for("cn-north-4") + "/v2/manage/namespaces"
    digest = hashlib.sha256(original).hexdigest()
    extra = {} if declare == "none" else {"X-Sdk-Content-Sha256": digest}
    signed = declare == "signed"
    sent = _signed(url, original, extra if signed else {}, ["x-sdk-content-sha256"] if signed else [])
    assert verify(sent, _secret).ok
    # The attacker keeps every signed header and adds the original hash, unsigned if need be.
    tampered = SignedRequest("POST", url, {**sent.headers, "X-Sdk-Content-Sha256": digest}, executed)
    assert verify(tampered, _secret).ok == (executed == original)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES, declared=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_a_signed_declared_hash_must_be_the_bodys(body: bytes, declared: str) -> None:
    url = endpoint_for("cn-north-4") + "/v2/manage/namespaces"
    sent = _signed(url, body, {"X-Sdk-Content-Sha256": declared}, ["x-sdk-content-sha256"])
    assert verify(sent, _secret).ok == (declared == hashlib.sha256(body).hexdigest())


REGIONS = ["cn-north-4", "cn-south-1", "ap-southeast-1", "eu-west-101", "la-south-2"]


@pytest.mark.parametrize(("signed_for", "sent_to"), list(itertools.permutations(REGIONS[:3], 2)))
def test_a_request_signed_for_one_region_is_refused_in_another(swr: FakeSwr, signed_for: str, sent_to: str) -> None:
    ak, sk = swr.add_access_key()
    swr.require_signatures(max_skew=None)
    path = "/v2/manage/namespaces"
    headers = {"Content-Type": "application/json", "Host": urlsplit(endpoint_for(signed_for)).netloc}
    body = b'{"namespace": "moved"}'
    signed = sign(SignedRequest("POST", endpoint_for(signed_for) + path, headers, body), ak, sk, DATE, ["content-type"])
    before = swr.snapshot()
    moved = requests.post(endpoint_for(sent_to) + path, data=body, headers={**headers, **signed})
    assert moved.status_code == 401 and moved.json()["error_code"] == "APIGW.0301"
    assert swr.snapshot() == before
    at_home = requests.post(endpoint_for(signed_for) + path, data=body, headers={**headers, **signed})
    assert at_home.status_code == 201


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.sampled_from(["1", "2", "10", "a", ""]), min_size=2, max_size=4), data=st.data())
def test_repeated_query_keys_run_as_signed(values: list[str], data: Any) -> None:
    """Whatever order an attacker sends the pairs in, a request that verifies runs with the
    value the signer sent (the canonical order's last one)."""
    base = endpoint_for("cn-north-4") + "/v2/manage/namespaces"
    signer_url = base + "?" + urlencode([("namespace", value) for value in sorted(values)])
    sent = _signed(signer_url, None, {}, [])
    assert verify(sent, _secret).ok
    order = data.draw(st.permutations(values))
    replayed = SignedRequest("POST", base + "?" + urlencode([("namespace", v) for v in order]), sent.headers, None)

    def executed(request: SignedRequest) -> str:
        return dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True))["namespace"]

    if verify(replayed, _secret).ok:
        assert executed(replayed) == executed(sent)
    assert verify(replayed, _secret).ok == (list(order) == sorted(values))


def test_two_headers_with_one_name_are_refused() -> None:
    url = endpoint_for("cn-north-4") + "/v2/manage/namespaces"
    sent = _signed(url, None, {}, [])
    doubled = SignedRequest("POST", url, {**sent.headers, "host": "swr-api.cn-south-1.myhuaweicloud.com"}, None)
    assert verify(doubled, _secret).reason == "a header is given twice"


def test_the_sdk_is_accepted_under_require_signatures(swr: FakeSwr) -> None:
    """The official client, with a body, a query and every header signed, still passes."""
    from huaweicloudsdkswr.v2 import CreateNamespaceRequest, CreateNamespaceRequestBody, ListNamespacesRequest

    ak, sk = swr.add_access_key()
    with swr.require_signatures():
        client = swr.client(access_key=ak, secret_key=sk)
        client.create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace="signed")))
        found = client.list_namespaces(ListNamespacesRequest(namespace="signed")).namespaces
        assert [ns.name for ns in found] == ["signed"]
