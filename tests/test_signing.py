"""AK/SK signature checks: fixed vectors, and round trips with the official SDK and plain `requests`."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import requests
import responses
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkswr.v2 import (
    CreateNamespaceRequest,
    CreateNamespaceRequestBody,
    DeleteNamespaceAuthRequest,
    ListNamespacesRequest,
    ListRepositoryTagsRequest,
    SwrClient,
)
from huaweicloudsdkswr.v2.region.swr_region import SwrRegion

from swr_fake.signing import (
    SignedRequest,
    Verification,
    canonical_request,
    parse_authorization,
    sign,
    verify,
)

logging.getLogger("HuaweiCloud-SDK-SwrClient").addHandler(logging.NullHandler())

AK, SK, PROJECT = "FAKEAK0000000000TEST", "FAKESK0000000000000000000000000000000000", "0123456789abcdef" * 2
ENDPOINT = "https://swr-api.cn-north-4.myhuaweicloud.com"
HOST = re.compile(r"https://swr-api\.cn-north-4\.myhuaweicloud\.com/.*")
SECRETS = {AK: SK, "FAKEAK": "FAKESK"}
DATE = "20250101T000000Z"
EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def known(access_key: str) -> str | None:
    return SECRETS.get(access_key)


class Capture:
    """An SDK client whose requests land in `sent` instead of on the network."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.mock = mock
        self.sent: list[requests.PreparedRequest] = []

    def client(
        self, credentials: BasicCredentials | None = None, user_agent: str | None = None, by_region: bool = False
    ) -> Any:
        builder = SwrClient.new_builder().with_credentials(credentials or BasicCredentials(AK, SK, PROJECT))
        if user_agent is not None:
            config = HttpConfig.get_default_config()
            config.user_agent = user_agent
            builder = builder.with_http_config(config)
        if by_region:
            return builder.with_region(SwrRegion.value_of("cn-north-4")).build()
        return builder.with_endpoints([ENDPOINT]).build()

    def last(self) -> SignedRequest:
        prepared = self.sent[-1]
        assert prepared.method is not None and prepared.url is not None
        body = prepared.body
        assert body is None or isinstance(body, bytes | str)
        return SignedRequest(prepared.method, prepared.url, prepared.headers, body)


@pytest.fixture
def capture() -> Iterator[Capture]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        cap = Capture(mock)

        def record(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
            cap.sent.append(request)
            listing = request.method == "GET" and (request.path_url.split("?")[0].endswith("/tags"))
            return 200, {"Content-Type": "application/json"}, "[]" if listing else "{}"

        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            mock.add_callback(method, HOST, callback=record)
        yield cap


def sdk_create(cap: Capture, **kwargs: Any) -> SignedRequest:
    client = cap.client(**kwargs)
    client.create_namespace(CreateNamespaceRequest(body=CreateNamespaceRequestBody(namespace="team-a")))
    return cap.last()


def sdk_tags(cap: Capture) -> SignedRequest:
    request = ListRepositoryTagsRequest(
        namespace="team-a", repository="app/web", limit="10", offset="0", order_type="desc", filter="tag::v1|x::y"
    )
    cap.client().list_repository_tags(request)
    return cap.last()


def assert_ok(result: Verification) -> None:
    assert result.ok, (result.reason, result.canonical_request)
    assert result.reason == "ok" and result.access_key is not None


def with_headers(req: SignedRequest, **changes: str | None) -> SignedRequest:
    """A copy of `req` with headers replaced (None drops one); names use '_' for '-'."""
    headers = dict(req.headers)
    for name, value in changes.items():
        real = next((key for key in headers if key.lower() == name.replace("_", "-").lower()), name.replace("_", "-"))
        headers.pop(real, None)
        if value is not None:
            headers[real] = value
    return dataclasses.replace(req, headers=headers)


# --- fixed vectors (sdk-client.md §3) ---------------------------------------------------------------

VECTOR_HEADERS = {
    "Content-Type": "application/json",
    "Host": "swr-api.cn-north-4.myhuaweicloud.com",
    "User-Agent": "huaweicloud-usdk-python/3.0; swr-fake-tests",
    "X-Project-Id": "0" * 32,
    "X-Sdk-Date": DATE,
}
VECTOR_SIGNED = ["content-type", "host", "user-agent", "x-project-id", "x-sdk-date"]
VECTOR_HEADER_TEXT = (
    "content-type:application/json\n"
    "host:swr-api.cn-north-4.myhuaweicloud.com\n"
    "user-agent:huaweicloud-usdk-python/3.0; swr-fake-tests\n"
    "x-project-id:00000000000000000000000000000000\n"
    "x-sdk-date:20250101T000000Z\n"
    "\n"
    "content-type;host;user-agent;x-project-id;x-sdk-date\n"
)
POST_VECTOR = (
    SignedRequest("POST", ENDPOINT + "/v2/manage/namespaces", VECTOR_HEADERS, b'{"namespace": "team-a"}'),
    "POST\n/v2/manage/namespaces/\n\n"
    + VECTOR_HEADER_TEXT
    + "954b4e47d495f563be0d7031a5be08aa887ecbc5fb9964df72e2c96db7d7d002",
    "SDK-HMAC-SHA256\n20250101T000000Z\n73e4fb220a8c7996f763335cea5c3fe5216d4929f118fbabd5dea83c8e2dad67",
    "7483709b546871456426ace96d813e4b6352478729684813a9e3be37903a25c1",
)
GET_VECTOR = (
    SignedRequest(
        "GET",
        ENDPOINT + "/v2/manage/namespaces/team-a/repos/app%24web/tags?filter=tag%3A%3Av1%7Cx%3A%3Ay&limit=10&offset=0",
        VECTOR_HEADERS,
        None,
    ),
    "GET\n/v2/manage/namespaces/team-a/repos/app%24web/tags/\nfilter=tag%3A%3Av1%7Cx%3A%3Ay&limit=10&offset=0\n"
    + VECTOR_HEADER_TEXT
    + EMPTY_HASH,
    None,
    "99dc0ef793e33c01a634d91f49ffd1164ff6bb6d452bb40ff2bde894ba8d6eac",
)


@pytest.mark.parametrize(("req", "canonical", "string_to_sign", "signature"), [POST_VECTOR, GET_VECTOR])
def test_fixed_vectors(req: SignedRequest, canonical: str, string_to_sign: str | None, signature: str) -> None:
    assert canonical_request(req, VECTOR_SIGNED) == canonical
    authorization = f"SDK-HMAC-SHA256 Access=FAKEAK, SignedHeaders={';'.join(VECTOR_SIGNED)}, Signature={signature}"
    result = verify(with_headers(req, Authorization=authorization), known)
    assert_ok(result)
    assert result.canonical_request == canonical
    assert result.expected_signature == signature
    if string_to_sign is not None:
        assert result.string_to_sign == string_to_sign
    extra = [name for name in VECTOR_SIGNED if name not in ("host", "x-sdk-date")]
    assert sign(req, "FAKEAK", "FAKESK", DATE, extra)["Authorization"] == authorization


def test_fixed_vector_is_what_the_sdk_sends(capture: Capture) -> None:
    client = capture.client(BasicCredentials("FAKEAK", "FAKESK", "0" * 32), user_agent="swr-fake-tests")
    body = CreateNamespaceRequestBody(namespace="team-a")
    client.create_namespace_invoker(CreateNamespaceRequest(body=body)).add_header("X-Sdk-Date", DATE).invoke()
    sent = capture.last()
    assert sent.body == POST_VECTOR[0].body
    assert parse_authorization(str(sent.headers["Authorization"])) == ("FAKEAK", VECTOR_SIGNED, POST_VECTOR[3])


# --- the real SDK's requests verify -------------------------------------------------------------------


def test_sdk_post_with_body(capture: Capture) -> None:
    sent = sdk_create(capture)
    assert "Host" in sent.headers
    assert_ok(verify(sent, known))


def test_sdk_query_and_slash_in_repository(capture: Capture) -> None:
    sent = sdk_tags(capture)
    assert "/repos/app%2Fweb/tags?filter=tag%3A%3Av1%7Cx%3A%3Ay&limit=10&offset=0&order_type=desc" in sent.url
    result = verify(sent, known)
    assert_ok(result)
    assert result.canonical_request.split("\n")[1] == "/v2/manage/namespaces/team-a/repos/app/web/tags/"


def test_sdk_delete_with_json_array_body(capture: Capture) -> None:
    capture.client().delete_namespace_auth(DeleteNamespaceAuthRequest(namespace="team-a", body=["u-1", "u-2"]))
    sent = capture.last()
    assert sent.method == "DELETE" and sent.body == b'["u-1", "u-2"]'
    assert_ok(verify(sent, known))


def test_sdk_unicode_query_value(capture: Capture) -> None:
    capture.client().list_namespaces(ListNamespacesRequest(namespace="a b/ü~*'()"))
    sent = capture.last()
    assert sent.url.endswith("?namespace=a%20b%2F%C3%BC~%2A%27%28%29")
    assert_ok(verify(sent, known))


def test_sdk_security_token(capture: Capture) -> None:
    credentials = BasicCredentials(AK, SK, PROJECT).with_security_token("sts-token")
    sent = sdk_create(capture, credentials=credentials, by_region=True)
    parsed = parse_authorization(str(sent.headers["Authorization"]))
    assert parsed is not None and "x-security-token" in parsed[1]
    assert_ok(verify(sent, known))
    assert verify(with_headers(sent, X_Security_Token="other"), known).reason == "signature mismatch"


def test_sdk_non_ascii_header_is_signed_as_utf8(capture: Capture) -> None:
    # "à" is C3 A0 in UTF-8: latin-1-decoded it ends in "\xa0", which str.strip() would eat.
    client = capture.client()
    body = CreateNamespaceRequestBody(namespace="team-a")
    client.create_namespace_invoker(CreateNamespaceRequest(body=body)).add_header("X-Note", " voilà ").invoke()
    sent = capture.last()
    assert sent.headers["X-Note"] == "voilÃ\xa0"
    result = verify(sent, known)
    assert_ok(result)
    assert "\nx-note:voilà\n" in result.canonical_request


# --- rejections ---------------------------------------------------------------------------------------


def test_rejections(capture: Capture) -> None:
    sent = sdk_create(capture)
    date = datetime.strptime(str(sent.headers["X-Sdk-Date"]), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    skew = timedelta(minutes=15)

    def reason(req: SignedRequest, secrets: Callable[[str], str | None] = known, **kwargs: Any) -> str:
        return verify(req, secrets, **kwargs).reason

    assert reason(sent, lambda ak: "WRONG-SK") == "signature mismatch"
    unknown = verify(sent, lambda ak: None)
    assert (unknown.ok, unknown.reason, unknown.access_key) == (False, "unknown access key", AK)
    assert reason(dataclasses.replace(sent, body=b'{"namespace": "team-b"}')) == "signature mismatch"
    assert reason(dataclasses.replace(sent, url=sent.url.replace("namespaces", "namespacez"))) == "signature mismatch"
    assert reason(dataclasses.replace(sent, method="PUT")) == "signature mismatch"
    assert reason(with_headers(sent, X_Project_Id="f" * 32)) == "signature mismatch"
    moved = "the signed Host is not the host the request was sent to"
    assert reason(with_headers(sent, Host="evil.example.com")) == moved
    assert reason(with_headers(sent, Authorization=None)) == "missing Authorization header"
    assert reason(with_headers(sent, X_Sdk_Date=None)) == "X-Sdk-Date missing or malformed"
    assert reason(with_headers(sent, X_Sdk_Date="2025-01-01T00:00:00Z")) == "X-Sdk-Date missing or malformed"
    assert reason(with_headers(sent, X_Sdk_Date="20250101T000001Z")) == "signature mismatch"
    assert reason(sent, now=date + timedelta(hours=1), max_skew=skew) == "X-Sdk-Date outside allowed skew"
    assert reason(sent, now=date - timedelta(hours=1), max_skew=skew) == "X-Sdk-Date outside allowed skew"
    assert reason(sent, now=(date + timedelta(minutes=14)).replace(tzinfo=None), max_skew=skew) == "ok"
    assert reason(sent, max_skew=skew) == "ok"  # just sent, against the real clock


def test_tampered_query(capture: Capture) -> None:
    sent = sdk_tags(capture)
    assert verify(dataclasses.replace(sent, url=sent.url.replace("limit=10", "limit=99")), known).reason == (
        "signature mismatch"
    )
    assert verify(dataclasses.replace(sent, url=sent.url + "&extra=1"), known).reason == "signature mismatch"
    # The canonical form sorts the pairs, so order does not matter.
    base, _, query = sent.url.partition("?")
    reordered = base + "?" + "&".join(reversed(query.split("&")))
    assert_ok(verify(dataclasses.replace(sent, url=reordered), known))


def test_unsigned_host_is_rejected(capture: Capture) -> None:
    sent = sdk_create(capture)
    parsed = parse_authorization(str(sent.headers["Authorization"]))
    assert parsed is not None
    others = [name for name in parsed[1] if name not in ("host", "x-sdk-date")]
    headers = sign(sent, AK, SK, str(sent.headers["X-Sdk-Date"]), others, base_signed=("x-sdk-date",))
    resigned = with_headers(sent, Authorization=headers["Authorization"])
    assert "host" not in (parse_authorization(headers["Authorization"]) or ("", [], ""))[1]
    assert verify(resigned, known).reason == "header host is not signed"
    assert_ok(verify(resigned, known, required_signed=("x-sdk-date",)))
    assert verify(resigned, known, required_signed=("X-Sdk-Date", "X-Project-Id")).ok


def test_sdk_path_encoding_of_slash_is_not_covered(capture: Capture) -> None:
    # The signer unquotes the path before splitting it, so "%2F" and "/" sign the same.
    sent = sdk_tags(capture)
    assert_ok(verify(dataclasses.replace(sent, url=sent.url.replace("app%2Fweb", "app/web")), known))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("SDK-HMAC-SM3 Access=A, SignedHeaders=host;x-sdk-date, Signature=ab", "unsupported signing algorithm"),
        ("Bearer abc", "unsupported signing algorithm"),
        ("SDK-HMAC-SHA256", "malformed Authorization header"),
        ("SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=xyz", "malformed Authorization header"),
        ("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=ab", "malformed Authorization header"),
        ("SDK-HMAC-SHA256 Access=A, SignedHeaders=host;;date, Signature=ab", "malformed Authorization header"),
        ("SDK-HMAC-SHA256 Access=A SignedHeaders=host Signature=ab", "malformed Authorization header"),
    ],
)
def test_bad_authorization_headers(value: str, reason: str) -> None:
    req = with_headers(POST_VECTOR[0], Authorization=value)
    assert verify(req, known).reason == reason
    assert parse_authorization(value) is None


def test_parse_authorization() -> None:
    value = "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=Host;x-sdk-date, Signature=00ff"
    assert parse_authorization(value) == ("AK1", ["host", "x-sdk-date"], "00ff")


# --- sign() -------------------------------------------------------------------------------------------


def test_sign_output_verifies_and_adds_date() -> None:
    req = SignedRequest("post", ENDPOINT + "/v2/manage/namespaces", {"Content-Type": "application/json"}, '{"a": "é"}')
    added = sign(req, AK, SK, DATE, ["Content-Type"])
    assert added["X-Sdk-Date"] == DATE
    signature = added["Authorization"].rsplit("Signature=", 1)[1]
    assert parse_authorization(added["Authorization"]) == (AK, ["content-type", "host", "x-sdk-date"], signature)
    signed = with_headers(req, **added)
    result = verify(signed, known)
    assert_ok(result)
    assert "\nhost:swr-api.cn-north-4.myhuaweicloud.com\n" in result.canonical_request  # taken from the URL
    assert verify(dataclasses.replace(signed, body='{"a": "e"}'), known).reason == "signature mismatch"
    with pytest.raises(ValueError, match="sdk_date"):
        sign(req, AK, SK, "2025-01-01")


def test_sign_replaces_an_existing_date_header() -> None:
    req = SignedRequest("GET", ENDPOINT + "/v2/manage/namespaces", {"x-sdk-date": "20000101T000000Z"}, None)
    added = sign(req, AK, SK, DATE)
    assert_ok(verify(with_headers(req, X_Sdk_Date=None, **added), known))


def test_unsigned_payload_header() -> None:
    req = SignedRequest(
        "PUT",
        ENDPOINT + "/v2/x",
        {"Content-Type": "application/octet-stream", "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD"},
        b"1",
    )
    signed = with_headers(req, **sign(req, AK, SK, DATE, ["x-sdk-content-sha256"]))
    result = verify(signed, known)
    assert_ok(result)
    assert result.canonical_request.endswith("\nUNSIGNED-PAYLOAD")
    assert verify(dataclasses.replace(signed, body=b"2"), known).ok  # the body is deliberately not covered
    empty = verify(dataclasses.replace(signed, body=b""), known)  # an empty body always hashes as empty
    assert not empty.ok and empty.canonical_request.endswith("\n" + EMPTY_HASH)


def test_plain_requests_signed_with_sign(capture: Capture) -> None:
    request = requests.Request(
        "POST",
        ENDPOINT + "/v2/manage/namespaces/team-a/access",
        params={"b": "x y", "a": "ü"},
        json=[{"user_id": "u-1", "user_name": "alice", "auth": 7}],
        headers={"X-Project-Id": PROJECT},
    ).prepare()
    assert request.method is not None and request.url is not None and "Host" not in request.headers
    body = request.body
    assert isinstance(body, bytes)
    unsigned = SignedRequest(request.method, request.url, request.headers, body)
    request.headers.update(sign(unsigned, AK, SK, DATE, ["content-type", "x-project-id"]))
    with requests.Session() as session:
        response = session.send(request)
    assert response.status_code == 200
    received = capture.last()
    assert "?b=x+y&a=%C3%BC" in received.url
    assert json.loads(received.body or b"") == [{"user_id": "u-1", "user_name": "alice", "auth": 7}]
    assert_ok(verify(received, known))
