"""AK/SK request signing as the Huawei Cloud SDK does it (``SDK-HMAC-SHA256``).

The scheme, as implemented by ``huaweicloudsdkcore.signer.Signer``::

    CanonicalRequest = METHOD \\n CanonicalURI \\n CanonicalQuery \\n CanonicalHeaders \\n SignedHeaders \\n PayloadHash
    StringToSign     = "SDK-HMAC-SHA256" \\n X-Sdk-Date \\n hex(sha256(CanonicalRequest))
    Signature        = hex(hmac_sha256(SK, StringToSign))
    Authorization    = "SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>"

There is no credential scope or key derivation, and the access key itself is not signed.
This module needs nothing but the standard library: `verify` checks a request that was
captured in any transport, `sign` produces the same headers the SDK would add.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlsplit

__all__ = [
    "ALGORITHM",
    "DATE_FORMAT",
    "SignedRequest",
    "Verification",
    "canonical_request",
    "parse_authorization",
    "sign",
    "verify",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_HASH = hashlib.sha256(b"").hexdigest()
CONTENT_HASH_HEADER = "x-sdk-content-sha256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

_DATE_SHAPE = re.compile(r"\d{8}T\d{6}Z")
_HEX = re.compile(r"[0-9a-fA-F]+")


@dataclass(frozen=True)
class SignedRequest:
    """The parts of an HTTP request that the signature covers, whatever sent it.

    ``headers`` may be a ``requests`` ``CaseInsensitiveDict``; lookups ignore case.
    """

    method: str
    url: str
    headers: Mapping[str, str | bytes]
    body: bytes | str | None


@dataclass(frozen=True)
class Verification:
    """The outcome of `verify`; the last three fields help explain a mismatch."""

    ok: bool
    reason: str
    access_key: str | None
    canonical_request: str = ""
    string_to_sign: str = ""
    expected_signature: str = ""


def parse_authorization(value: str) -> tuple[str, list[str], str] | None:
    """``(access_key, signed_headers, signature)``, or None if malformed or another algorithm."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        return None
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, eq, field = part.strip().partition("=")
        if not eq:
            return None
        fields[name] = field.strip()
    access_key = fields.get("Access", "")
    signed = [name.strip().lower() for name in fields.get("SignedHeaders", "").split(";")]
    signature = fields.get("Signature", "")
    if not access_key or not all(signed) or not _HEX.fullmatch(signature):
        return None
    return access_key, signed, signature


def canonical_request(req: SignedRequest, signed_headers: Sequence[str]) -> str:
    """The canonical request text for ``req``, signing ``signed_headers`` (lower-cased, in the given order)."""
    parts = urlsplit(req.url)
    headers = _canonical_header_values(req)
    names = [name.lower() for name in signed_headers]
    header_lines = "\n".join(f"{name}:{headers.get(name, '')}" for name in names) + "\n"
    return "\n".join(
        [
            req.method.upper(),
            _canonical_uri(parts.path),
            _canonical_query(parts.query),
            header_lines,
            ";".join(names),
            _payload_hash(req.body, headers, names),
        ]
    )


def sign(
    req: SignedRequest,
    access_key: str,
    secret_key: str,
    sdk_date: str,
    extra_signed: Sequence[str] = (),
    *,
    base_signed: Sequence[str] = ("host", "x-sdk-date"),
) -> dict[str, str]:
    """The ``X-Sdk-Date`` and ``Authorization`` headers to add to ``req``.

    ``sdk_date`` is ``YYYYMMDDTHHMMSSZ`` (see `DATE_FORMAT`). The signed headers are
    ``base_signed`` plus ``extra_signed``; ``Host`` falls back to the URL's host.
    """
    date = _parse_date(sdk_date)
    if date is None:
        raise ValueError(f"sdk_date must look like 20250101T000000Z, not {sdk_date!r}")
    headers = {name: value for name, value in req.headers.items() if name.lower() != "x-sdk-date"}
    headers["X-Sdk-Date"] = sdk_date
    dated = SignedRequest(req.method, req.url, headers, req.body)
    signed = sorted({name.lower() for name in (*base_signed, *extra_signed)})
    canonical = canonical_request(dated, signed)
    signature = _signature(secret_key, _string_to_sign(canonical, date))
    authorization = f"{ALGORITHM} Access={access_key}, SignedHeaders={';'.join(signed)}, Signature={signature}"
    return {"X-Sdk-Date": sdk_date, "Authorization": authorization}


def verify(
    req: SignedRequest,
    secret_for: Callable[[str], str | None],
    *,
    now: datetime | None = None,
    max_skew: timedelta | None = None,
    required_signed: Sequence[str] = ("host", "x-sdk-date"),
) -> Verification:
    """Check the ``Authorization`` signature of ``req``.

    ``secret_for`` maps an access key to its secret key (None: unknown). The date is
    checked against ``now`` (default: the current UTC time; naive means UTC) only when
    ``max_skew`` is given.
    """
    authorization = _header(req.headers, "authorization")
    if not authorization:
        return Verification(False, "missing Authorization header", None)
    if authorization.strip().partition(" ")[0] != ALGORITHM:
        return Verification(False, "unsupported signing algorithm", None)
    parsed = parse_authorization(authorization)
    if parsed is None:
        return Verification(False, "malformed Authorization header", None)
    access_key, signed, signature = parsed
    secret_key = secret_for(access_key)
    if secret_key is None:
        return Verification(False, "unknown access key", access_key)
    date = _parse_date(_header(req.headers, "x-sdk-date") or "")
    if date is None:
        return Verification(False, "X-Sdk-Date missing or malformed", access_key)
    if max_skew is not None:
        current = now or datetime.now(timezone.utc)
        if current.tzinfo is None:
            current = current.replace(tzinfo=timezone.utc)
        if abs(current - date) > max_skew:
            return Verification(False, "X-Sdk-Date outside allowed skew", access_key)
    for name in required_signed:
        if name.lower() not in signed:
            return Verification(False, f"header {name.lower()} is not signed", access_key)
    unbound = _unbound_part(req, signed)
    if unbound is not None:
        return Verification(False, unbound, access_key)
    canonical = canonical_request(req, signed)
    to_sign = _string_to_sign(canonical, date)
    expected = _signature(secret_key, to_sign)
    ok = hmac.compare_digest(expected.encode(), signature.lower().encode())
    return Verification(ok, "ok" if ok else "signature mismatch", access_key, canonical, to_sign, expected)


def _unbound_part(req: SignedRequest, signed: Sequence[str]) -> str | None:
    """Why the request that would run differs from the one the signature covers, or None.

    The canonical form drops what the service still reads: which of two same-named headers
    counts, the URL's own host (the region served), the order of a repeated query key (the
    last value wins), the body behind a declared ``X-Sdk-Content-Sha256``.
    """
    names = [key.lower() for key in req.headers]
    if len(set(names)) != len(names):
        return "a header is given twice"
    headers = _canonical_header_values(req)
    parts = urlsplit(req.url)
    if "host" in headers and _normal_host(headers["host"], parts.scheme) != _authority(parts):
        return "the signed Host is not the host the request was sent to"
    values: dict[str, list[str]] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        values.setdefault(key, []).append(value)
    if any(len(given) > 1 and given != sorted(given) for given in values.values()):
        return "a repeated query parameter is not in canonical order"
    declared = headers.get(CONTENT_HASH_HEADER)
    # An empty declaration counts as none, as in the SDK (`if hex_encode:`).
    if req.body and declared and CONTENT_HASH_HEADER in signed:
        if declared == UNSIGNED_PAYLOAD:
            if _is_json(headers.get("content-type", "")):
                return "UNSIGNED-PAYLOAD with a JSON body (the SDK always hashes JSON)"
        elif not hmac.compare_digest(declared.lower().encode(), _body_hash(req.body).encode()):
            return "the body does not match X-Sdk-Content-Sha256"
    return None


def _authority(parts: SplitResult) -> str:
    return _normal_host(parts.netloc.rpartition("@")[2], parts.scheme)


def _normal_host(value: str, scheme: str) -> str:
    """``host[:port]`` compared as HTTP does: no case, no trailing dot, no default port."""
    text = value.strip().lower()
    host, port = text, ""
    if text.startswith("["):  # an IPv6 literal: [::1]:8443
        end = text.find("]") + 1
        host, port = text[:end], text[end + 1 :] if text[end : end + 1] == ":" else ""
    elif ":" in text:
        host, _, port = text.rpartition(":")
    if port == {"https": "443", "http": "80"}.get(scheme.lower()):
        port = ""
    host = host.rstrip(".")
    return f"{host}:{port}" if port else host


def _is_json(content_type: str) -> bool:
    # The SDK hashes the body of these content types and sends UNSIGNED-PAYLOAD for the others.
    return content_type.startswith("application/json") or content_type.startswith("application/bson")


def _body_hash(body: bytes | str) -> str:
    return hashlib.sha256(body.encode() if isinstance(body, str) else body).hexdigest()


def _header(headers: Mapping[str, str | bytes], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return _text(value)
    return None


def _text(value: str | bytes) -> str:
    """A header value as the signer saw it.

    The SDK signs the UTF-8 text but hands ``requests`` a latin-1-decoded str, so undo that
    before stripping (a trailing ``\\xa0`` may be half of a UTF-8 character).
    """
    if isinstance(value, bytes):
        raw = value
    else:
        try:
            raw = value.encode("latin-1")
        except UnicodeEncodeError:
            return value.strip()  # not latin-1 at all, so it is already the real text
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("latin-1").strip()


def _canonical_header_values(req: SignedRequest) -> dict[str, str]:
    values = {key.lower(): _text(value) for key, value in req.headers.items()}
    if "host" not in values:
        values["host"] = urlsplit(req.url).netloc.rpartition("@")[2]
    return values


def _canonical_uri(path: str) -> str:
    uri = "/".join(quote(segment, safe="~") for segment in unquote(path or "/").split("/"))
    return uri if uri.endswith("/") else uri + "/"


def _canonical_query(query: str) -> str:
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join(f"{quote(key, safe='~')}={quote(value, safe='~')}" for key, value in pairs)


def _payload_hash(body: bytes | str | None, headers: Mapping[str, str], signed: Sequence[str]) -> str:
    """As the SDK: a declared ``X-Sdk-Content-Sha256`` stands for the body, but only when it is
    signed itself (`verify` also holds a declared hash to the body); else the body's hash."""
    if not body:
        return EMPTY_BODY_HASH
    declared = headers.get(CONTENT_HASH_HEADER)
    if declared and CONTENT_HASH_HEADER in signed:
        return declared
    return _body_hash(body)


def _parse_date(value: str) -> datetime | None:
    if not _DATE_SHAPE.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _string_to_sign(canonical: str, date: datetime) -> str:
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return f"{ALGORITHM}\n{date.strftime(DATE_FORMAT)}\n{digest}"


def _signature(secret_key: str, string_to_sign: str) -> str:
    return hmac.new(secret_key.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
