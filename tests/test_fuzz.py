"""Hostile input: whatever arrives, the fake answers a documented 4xx or the operation's 2xx.

Never a 5xx, never an exception escaping through `responses`, never an internal error, never an
off-schema success body, and a rejected request never changes the state. Every route the router
knows is covered, so operations added later are fuzzed without touching this file:

- request bodies generated from ``schemas/requests`` (hypothesis-jsonschema), sent as they come
  and broken on purpose (missing fields, wrong types, wrong top-level type, non-JSON, 100 kB
  strings, odd unicode, unknown fields, deep nesting);
- path parameters with every odd character and percent-encoding, wrong methods, unknown paths;
- query values that are not what the API expects;
- missing or malformed credentials.

Most requests go straight to the dispatcher (what interception does, minus `requests`); every
fifth one goes through `requests` and the interception. Each hypothesis example starts from a
fresh, seeded state (organizations, repositories, tags, a share, grants, a retention policy, a
trigger, another account's shared repository). The ``nightly`` variants run 25 times as many
examples (``pytest -m slow``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from urllib3.util import parse_url

from swr_fake import FakeSwr
from swr_fake.api.dispatch import locate
from swr_fake.api.routing import ROUTER, Route
from swr_fake.schemas import load_schema
from swr_fake.signing import DATE_FORMAT, SignedRequest, sign
from tests.robustness import TOKEN, Answer, Exchange, record

SCALES = [pytest.param(1, id="ci"), pytest.param(25, id="nightly", marks=pytest.mark.slow)]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get", "FOO")

BODY_ROUTES = [route for route in ROUTER.routes if load_schema("requests", route.operation) is not None]
GET_ROUTES = [route for route in ROUTER.routes if route.method == "GET"]
SERVED_METHODS = {route.method for route in ROUTER.routes}

# The gateway's 401, in the v2 form and as the v1 API spells it.
UNAUTHENTICATED = frozenset({"APIGW.0301", "4010001"})
# A path the gateway does not publish (the v1 API answers its own form there).
URL_NOT_FOUND = frozenset({"APIGW.0101", "4040009"})


def published(method: str, path: str) -> bool:
    """Whether the gateway publishes an API for this method and path (as sent)."""
    # Parsed as the fake parses every URL: `urlsplit` drops tabs and newlines anywhere in it.
    return locate(method.upper(), urlsplit("https://host" + path).path)[0] is not None


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )


# --- the seeded world -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class World:
    retention_id: int
    partner_key: str  # the other account's access key
    partner_headers: dict[str, str]


SAME_IMAGE = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {
        "mediaType": "application/vnd.docker.container.image.v1+json",
        "size": 7,
        "digest": "sha256:" + "c" * 64,
    },
    "layers": [
        {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 100, "digest": "sha256:" + "d" * 64}
    ],
}


def seed(swr: FakeSwr) -> World:
    """A fresh fake holding a bit of everything, made through the backend (no requests)."""
    swr.reset()
    backend = swr.backend
    partner = swr.add_tenant("partner")
    me, them = backend.caller(swr.region), backend.caller(swr.region, tenant=partner)
    with backend.lock:
        backend.create_namespace(me, "fuzz")
        backend.push_image(me, "fuzz", "app", "v1", SAME_IMAGE)
        backend.push_image(me, "fuzz", "app", "latest", SAME_IMAGE)
        backend.push_image(me, "fuzz", "app", "v2")
        backend.push_image(me, "fuzz", "team/web", "v1")
        backend.create_repo(me, "fuzz", "empty", False)
        backend.create_repo_domains(me, "fuzz", "app", "partner", "read", "forever")
        backend.create_namespace_auth(me, "fuzz", [("u-1", "alice", 3)])
        backend.create_user_repository_auth(me, "fuzz", "app", [("u-2", "bob", 1)])
        policy = [{"template": "tag_rule", "params": {"num": "50"}, "tag_selectors": []}]
        retention = backend.create_retention(me, "fuzz", "app", "or", policy)
        backend.create_trigger(
            me, "fuzz", "app", "hook", trigger_type="all", condition=".*", enable=True,
            app_type="deployments", application="web", cluster_ns="default",
        )  # fmt: skip
        backend.create_namespace(them, "otherns")
        backend.push_image(them, "otherns", "shared", "v1")
        backend.push_image(them, "otherns", "hidden", "v1")
        backend.create_repo_domains(them, "otherns", "shared", swr.domain_name, "read", "forever")
    access_key, _ = swr.add_access_key(partner.admin)
    partner_headers = {
        "Authorization": f"SDK-HMAC-SHA256 Access={access_key}, SignedHeaders=host, Signature=00",
        "Content-Type": "application/json",
    }
    return World(retention.id, access_key, partner_headers)


# Path parameter values that name seeded things (already encoded for a URL path).
KNOWN: dict[str, list[str]] = {
    "namespace": ["fuzz", "fuzz", "otherns", "nope"],
    "repository": ["app", "app", "team$web", "team%24web", "empty", "shared", "hidden", "nope"],
    "tag": ["v1", "latest", "v2", "nope"],
    "access_domain": ["partner", "nope", "swr-fake"],
    "trigger": ["hook", "nope"],
}
GENERIC = ["nope", "1", "fuzz", "app"]
COHERENT_PARAMS = {"repository": ["app", "team$web", "empty"], "tag": ["v1", "latest"]}

# The odd encodings the task lists, and more.
PERCENT_ODDITIES = [
    "%", "%zz", "%2F", "%00", "%C3%28", "%2", "%%", "%u0041", "%25", "%2e%2e", "%2E", "%ED%A0%80",
    "%FF%FE", "%F0%9F%90%8D", "%0A", "%0D%0A", "%20", "%09", "%7F", "%E2%80%AE", "%24", "$", "$$",
    "a%2Fb%2Fc", "app%2F", "%2Fapp", ".", "..", "~", "+", "%2B", "'", '"', "<x>", ";", "a;b=c", ",", "*",
    "x" * 300, "é", "名前", "\u202e", "a b", "A" * 129, "fuzz%00", "app%20", "APP", "-1", "0", "1e3",
    "99999999999999999999999999", "null", "true", "[]", "{}", "%7B%7D",
]  # fmt: skip
LISTED_PERCENT = ["%", "%zz", "%2F", "%00", "%C3%28"]


def percent_bytes(raw: bytes) -> str:
    return "".join(f"%{byte:02X}" for byte in raw)


weird_segment = st.one_of(
    st.sampled_from(PERCENT_ODDITIES),
    st.text(max_size=30).map(lambda text: quote(text, safe="", errors="surrogatepass")),
    st.binary(max_size=12).map(percent_bytes),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), max_size=20),
)


def param_value(world: World, name: str, *, coherent: bool = False) -> st.SearchStrategy[str]:
    known = [str(world.retention_id), "999999", "abc"] if name == "retention_id" else KNOWN.get(name, GENERIC)
    if coherent:
        return _sampled(tuple(known[:1] if name == "retention_id" else COHERENT_PARAMS.get(name, known[:1])))
    return _mostly_known(tuple(known))


# Strategies are built once per value list: building one inside a draw loop costs more than drawing.
@functools.cache
def _sampled(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


@functools.cache
def _mostly_known(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A listed value three times in four, else a weird segment."""
    chosen = st.sampled_from(values)
    return st.one_of(chosen, chosen, chosen, weird_segment)


def build_path(route: Route, values: dict[str, str]) -> str:
    names = iter(route.params)
    segments = [values[next(names)] if segment is None else segment for segment in route.segments]
    return "/" + "/".join(segments)


def credentials(world: World) -> st.SearchStrategy[dict[str, str]]:
    return st.sampled_from(
        [
            TOKEN, TOKEN, TOKEN, TOKEN, TOKEN, TOKEN, world.partner_headers, world.partner_headers,
            {}, {"Authorization": "Basic Zm9vOmJhcg=="}, {"X-Auth-Token": ""},
            {"Authorization": "SDK-HMAC-SHA256 Access=, Signature="}, {"authorization": "SDK-HMAC-SHA256 Access=X"},
        ]
    )  # fmt: skip


def has_credentials(headers: dict[str, str]) -> bool:
    lowered = {key.lower(): value for key, value in headers.items()}
    return bool(lowered.get("x-auth-token")) or lowered.get("authorization", "").startswith("SDK-HMAC-SHA256 ")


# --- bodies -----------------------------------------------------------------------------------------
def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {key: _inline(value, defs) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(value, defs) for value in node]
    return node


# Values that name seeded things or are close to valid, offered next to whatever the schema allows,
# so that generated bodies get past the naming rules and reach the operations' own logic
# (substituted after drawing: hints inside the schema would slow generation down).
HINTS: dict[str, list[Any]] = {
    "namespace": ["fuzz", "fresh", "otherns", "library", "Bad!"],
    "repository": ["app", "fresh-app", "team/web", "empty", "a..b"],
    "source_tag": ["v1", "latest", "nope"],
    "destination_tag": ["v9", "v1", "latest", "-bad"],
    "access_domain": ["partner", "newcomer", "swr-fake", " "],
    "deadline": ["forever", "2099-01-01", "2000-01-01T00:00:00Z", "9999-12-31", "2021-13-45", "0001-01-01"],
    "user_id": ["u-1", "u-2", "u-3", " "],
    "user_name": ["alice", "bob", "carol"],
    "name": ["hook", "fresh", "9bad"],
    "condition": [".*", "v1;v2", "^v\\d+$", "(", ""],
    "application": ["web"],
    "cluster_ns": ["default"],
    "pattern": ["v1", "^v\\d+$", "(", "a{99999999999}"],
    "days": ["1", "30", "0", "366", 5],
    "num": ["1", "3", "0", "1001", 2],
    "category": ["linux", "other"],
    "description": ["", "plain", "x" * 5000],
}


def _for_generation(node: Any) -> Any:
    """A quicker schema to draw from: no extra properties (added separately), no if/then, short arrays."""
    if isinstance(node, list):
        return [_for_generation(value) for value in node]
    if not isinstance(node, dict):
        return node
    out = {key: _for_generation(value) for key, value in node.items() if key not in ("if", "then", "else", "allOf")}
    if out.get("additionalProperties") is True:
        out["additionalProperties"] = False
    if out.get("type") == "array":
        out.setdefault("maxItems", 3)
    return out


COHERENT: dict[str, list[Any]] = {
    "namespace": ["fresh"],
    "repository": ["fresh-app", "team/new"],
    "destination_tag": ["v9", "v1"],
    "access_domain": ["newcomer", "partner"],
    "deadline": ["forever", "2099-01-01"],
    "name": ["fresh"],
    "condition": [".*"],
    "trigger_type": ["all"],
    "pattern": ["v1", "^v\\d+$"],
}
PARAMS_OF_TEMPLATE = {"date_rule": "days", "tag_rule": "num"}


def with_hints(body: Any, data: st.DataObject, *, coherent: bool) -> Any:
    """Some of the body's named fields (at any depth) and bare-array items replaced by hints; when
    ``coherent``, all of them, with values that make a valid request more likely."""
    pending = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            for name, value in node.items():
                if name in HINTS and (coherent or data.draw(st.integers(0, 2))):
                    node[name] = data.draw(
                        st.sampled_from(COHERENT.get(name, HINTS[name]) if coherent else HINTS[name])
                    )
                elif isinstance(value, (dict, list)):
                    pending.append(value)
            if coherent and node.get("template") in PARAMS_OF_TEMPLATE:  # the schema's if/then, dropped above
                node["params"] = {PARAMS_OF_TEMPLATE[node["template"]]: data.draw(st.sampled_from(["1", "3", "30"]))}
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, str) and (coherent or data.draw(st.booleans())):
                    node[index] = data.draw(st.sampled_from(HINTS["user_id"] + HINTS["source_tag"]))
                elif isinstance(value, (dict, list)):
                    pending.append(value)
    return body


@functools.cache
def inlined_schema(operation: str) -> dict[str, Any]:
    schema = load_schema("requests", operation)
    assert schema is not None
    resolved: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    return resolved


@functools.cache
def body_strategy(operation: str) -> st.SearchStrategy[Any]:
    return from_schema(_for_generation(inlined_schema(operation)))


JSON_TYPES: dict[str, Any] = {
    "string": "s",
    "integer": 12345,
    "number": 1.5,
    "boolean": True,
    "null": None,
    "array": [1, "x"],
    "object": {"k": [1]},
}


def wrong_types(property_schema: dict[str, Any]) -> list[Any]:
    """Values no schema with this ``type`` accepts."""
    declared = property_schema.get("type")
    if declared is None:
        return []
    allowed = {declared} if isinstance(declared, str) else set(declared)
    if "number" in allowed:
        allowed.add("integer")
    return [value for kind, value in JSON_TYPES.items() if kind not in allowed]


def object_part(schema: dict[str, Any], body: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The object to break and its schema: the body itself, or the first item of an array body."""
    if schema.get("type") == "object" and isinstance(body, dict):
        return schema, body
    items = schema.get("items")
    if isinstance(items, dict) and items.get("type") == "object" and isinstance(body, list) and body:
        return items, body[0]
    return None


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


NON_JSON: list[bytes | str] = [
    b"not json", b"{", b"}", b"[1,", b'{"a": }', b"{'a': 1}", b"<xml/>", b"\xff\xfe\x00", b"\x00\x01", b"   ",
    b"\n\t", b'{"a": 1} trailing', b"\xef\xbb\xbf{}", b"NaN-ish", b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000, b"1" * 100_000, "\u00e9\u00e8 not json", b'"\\ud800"',
]  # fmt: skip
WEIRD_STRINGS = [
    "a" * 100_000, "\u00e9" * 50_000, "\U0001f600" * 25_000, "", " ", "\u202eevil", "\x00", "a\x00b", "\ufeff",
    "\u0000\u0001\u001f", "名前", "%2F", "..", "$", "${jndi:x}", "'; DROP TABLE x;--", "\\", "\r\n",
]  # fmt: skip


@dataclass(slots=True)
class Variant:
    body: bytes | str | None
    must_reject: bool


# Built once: validating a recursive strategy reads the source of `st.lists` each time.
JUNK = st.recursive(st.none() | st.integers() | st.text(max_size=5), st.lists, max_leaves=5)


def variants(operation: str, body: Any, data: st.DataObject) -> list[Variant]:
    """The generated body as it is, plus broken and odd versions of it."""
    schema = inlined_schema(operation)
    out = [Variant(dumps(body), False)]
    # Unknown fields with junk are allowed (and ignored).
    if isinstance(body, dict):
        junk = data.draw(JUNK)
        out.append(Variant(dumps({**body, "zz_unknown": junk, "deep": [[[[[[[[1]]]]]]]]}), False))
    part = object_part(schema, body)
    if part is not None:
        part_schema, target = part
        properties: dict[str, Any] = part_schema.get("properties", {})
        required = [name for name in part_schema.get("required", []) if name in target]
        if required:
            dropped = data.draw(st.sampled_from(required))
            broken = {key: value for key, value in target.items() if key != dropped}
            out.append(Variant(dumps(_replace(body, target, broken)), True))
        typed = [name for name in properties if wrong_types(properties[name])]
        if typed:
            name = data.draw(st.sampled_from(typed))
            value = data.draw(st.sampled_from(wrong_types(properties[name])))
            out.append(Variant(dumps(_replace(body, target, {**target, name: value})), True))
        strings = [name for name in properties if "string" in str(properties[name].get("type"))]
        if strings:
            name = data.draw(st.sampled_from(strings))
            odd = WEIRD_STRINGS[data.draw(st.integers(0, len(WEIRD_STRINGS) - 1))]
            out.append(Variant(dumps(_replace(body, target, {**target, name: odd})), False))
            # The same string raw in the JSON text, and a lone surrogate escape.
            text = json.dumps(_replace(body, target, {**target, name: "@@ODD@@"}), ensure_ascii=False)
            raw = data.draw(st.sampled_from(["\\ud800", "\\udfff", "\\u0000", "\u00e9\u0301", "\\/"]))
            out.append(Variant(text.replace("@@ODD@@", raw).encode("utf-8"), False))
    wrong_top: list[Any] = ["text", 1, None, True, 1.5]
    wrong_top.append([] if schema.get("type") == "object" else {"a": 1})
    out.append(Variant(dumps(data.draw(st.sampled_from(wrong_top))), True))
    out.append(Variant(NON_JSON[data.draw(st.integers(0, len(NON_JSON) - 1))], True))
    out.append(Variant(None, True))
    return out


def _replace(body: Any, target: dict[str, Any], replacement: dict[str, Any]) -> Any:
    if body is target:
        return replacement
    return [replacement, *body[1:]]


# --- the tests ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("route", BODY_ROUTES, ids=lambda route: route.operation)
def test_generated_and_broken_bodies(swr: FakeSwr, request: pytest.FixtureRequest, route: Route, scale: int) -> None:
    exchange = Exchange(swr)

    @fuzz_settings(40 * scale)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        world = seed(swr)
        coherent = data.draw(st.booleans(), label="coherent")
        body = with_hints(data.draw(body_strategy(route.operation), label="body"), data, coherent=coherent)
        values = {name: data.draw(param_value(world, name, coherent=coherent), label=name) for name in route.params}
        path = build_path(route, values)
        for index, variant in enumerate(variants(route.operation, body, data)):
            exchange.send(
                route.method,
                path,
                body=variant.body,
                via_requests=data.draw(st.integers(0, 4)) == 0,
                must_reject=variant.must_reject,
            )
            if index == 0:
                # The drawn body again, as another account and without credentials.
                exchange.send(route.method, path, body=dumps(body), headers=world.partner_headers)
                answer = exchange.send(route.method, path, body=dumps(body), headers={})
                assert answer is not None
                if published(route.method, path):
                    assert answer.status == 401 and answer.code in UNAUTHENTICATED
                else:  # the gateway finds no API before it looks at credentials
                    assert answer.status == 404 and answer.code in URL_NOT_FOUND

    run()
    record(request, "fuzzed_requests", exchange.sent)


MADE_UP_SEGMENTS = st.lists(st.one_of(weird_segment, st.sampled_from(["v2", "v3", "manage"])), max_size=8)
ODD_BODIES = st.one_of(st.none(), st.sampled_from(NON_JSON[:8]), st.just(b"{}"))


@pytest.mark.parametrize("scale", SCALES)
def test_paths_methods_and_credentials(swr: FakeSwr, request: pytest.FixtureRequest, scale: int) -> None:
    exchange = Exchange(swr)

    @fuzz_settings(150 * scale)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        world = seed(swr)
        for _ in range(8):
            route = data.draw(st.sampled_from(ROUTER.routes))
            values = {name: data.draw(param_value(world, name)) for name in route.params}
            path = build_path(route, values)
            shape = data.draw(st.integers(0, 4))
            if shape == 1:  # an extra or a missing segment
                path = data.draw(st.sampled_from([path + "/" + data.draw(weird_segment), path.rsplit("/", 1)[0]]))
            elif shape == 2:  # a made-up path
                path = "/" + "/".join(data.draw(MADE_UP_SEGMENTS))
            method = data.draw(st.sampled_from(METHODS)) if shape == 3 else route.method
            headers = data.draw(credentials(world))
            body = data.draw(ODD_BODIES)
            via_requests = method.upper() not in ("HEAD", "CONNECT") and data.draw(st.integers(0, 4)) == 0
            answer = exchange.send(method, path, body=body, headers=headers, via_requests=via_requests)
            if answer is None:
                continue
            # requests (urllib3) removes dot segments ("/a/./b" is sent as "/a/b").
            sent = parse_url(swr.endpoint + path).path or "/" if via_requests else path
            if method.upper() not in SERVED_METHODS or not published(method, sent):
                assert answer.status == 404 and answer.code in URL_NOT_FOUND
            elif not has_credentials(headers):
                assert answer.status == 401 and answer.code in UNAUTHENTICATED

    run()
    record(request, "fuzzed_requests", exchange.sent)


def authorization(data: st.DataObject, access_keys: list[str]) -> str:
    """An ``Authorization`` value that is almost, but not quite, a valid signature."""
    fields = [
        ("Access", st.one_of(st.sampled_from(access_keys), st.text(max_size=25))),
        (
            "SignedHeaders",
            st.one_of(st.sampled_from(["host;x-sdk-date", "host", "", ";", "host;;x"]), st.text(max_size=20)),
        ),
        ("Signature", st.one_of(st.text(alphabet="0123456789abcdef", max_size=64), st.text(max_size=10))),
    ]
    parts = [f"{name}{data.draw(st.sampled_from(['=', '= ', '']))}{data.draw(value)}" for name, value in fields]
    parts = data.draw(st.permutations(parts))[: data.draw(st.integers(0, 3))]
    algorithm = data.draw(
        st.sampled_from(["SDK-HMAC-SHA256", "SDK-HMAC-SHA256", "sdk-hmac-sha256", "AWS4-HMAC-SHA256", ""])
    )
    return f"{algorithm} " + data.draw(st.sampled_from([", ", ",", " , "])).join(parts)


@pytest.mark.parametrize("scale", SCALES)
def test_hostile_credentials_with_signature_verification(
    swr: FakeSwr, request: pytest.FixtureRequest, scale: int
) -> None:
    """With verification on, anything short of a valid signature or token is the gateway's 401;
    a valid one always reaches the service."""
    exchange = Exchange(swr)

    @fuzz_settings(50 * scale)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        world = seed(swr)
        swr.require_signatures()
        now = datetime.now(timezone.utc)
        token = swr.issue_token()
        keys = [swr.access_key, world.partner_key]
        for _ in range(6):
            route = data.draw(st.sampled_from(ROUTER.routes))
            values = {name: data.draw(param_value(world, name, coherent=True)) for name in route.params}
            path = build_path(route, values)
            body = b"{}" if route.method in ("POST", "PATCH") else None
            kind = data.draw(st.sampled_from(["signed", "token", "forged", "forged", "forged", "forged"]))
            headers = {"Content-Type": "application/json"}
            if kind == "signed":
                signed = SignedRequest(route.method, swr.endpoint + path, headers, body)
                headers.update(sign(signed, swr.access_key, swr.secret_key, now.strftime(DATE_FORMAT)))
            elif kind == "token":
                headers["X-Auth-Token"] = token
            else:
                if data.draw(st.booleans()):
                    headers["Authorization"] = authorization(data, keys)
                dates = [now.strftime(DATE_FORMAT), "20261332T250000Z", "99991231T235959Z", "2026", ""]
                if data.draw(st.booleans()):
                    headers["X-Sdk-Date"] = data.draw(st.one_of(st.sampled_from(dates), st.text(max_size=20)))
                if data.draw(st.booleans()):
                    headers["X-Auth-Token"] = data.draw(st.one_of(st.just("MII" + token[3:-1]), st.text(max_size=30)))
                if data.draw(st.booleans()):
                    headers["X-Project-Id"] = data.draw(st.sampled_from([swr.project_id(), "0" * 32, ""]))
            answer = exchange.send(route.method, path, body=body, headers=headers)
            assert answer is not None
            if kind == "forged":
                assert answer.status == 401 and answer.code in UNAUTHENTICATED, headers
            else:
                assert answer.code not in UNAUTHENTICATED, headers

    run()
    record(request, "fuzzed_requests", exchange.sent)


QUERY_NAMES = [
    "limit", "offset", "marker", "filter", "namespace", "name", "category", "is_public", "order_column",
    "order_type", "center", "shared_by", "tag", "with_manifest", "status", "mode", "zz_unknown",
]  # fmt: skip
QUERY_VALUES = [
    "-1", "abc", "1e3", "", "0", "1", "2", "7", "1000", "1001", "99999999999999999999999", "+5", " 5", "5 ",
    "\u0663", "\u00b2", "0x10", "1.0", "true", "false", "TRUE", "yes", "self", "thirdparty", "asc", "desc",
    "sideways", "a::b::c", "|", "||", "namespace::", "namespace::fuzz", "limit::-1", "offset::abc|limit::2",
    "namespace::fuzz|namespace::fuzz", "::", "a::", "::b", "mode::visible", "center::self", "center::",
    "limit::1e3", "tag::v1", "order_column::bogus", "order_type::up", "%", "%zz", "%2F", "%00", "%C3%28",
    "%ED%A0%80", "updated_at", "created_at", "tag", "name", "id", "bogus", "fuzz", "app", "v1", "x" * 10_000,
    "9" * 5000, str(2**63), "0" * 30 + "7",
]  # fmt: skip


QUERY_VALUE = st.one_of(
    st.sampled_from(QUERY_VALUES),
    st.sampled_from(QUERY_VALUES).map(lambda text: quote(text, safe="")),
    st.lists(st.tuples(st.sampled_from(QUERY_NAMES), st.sampled_from(QUERY_VALUES)), min_size=1, max_size=3).map(
        lambda pairs: quote("|".join(f"{key}::{val}" for key, val in pairs), safe=":|")
    ),
    weird_segment,
)
# name=value nine times in ten, else a bare name.
QUERY_PAIR = st.tuples(st.sampled_from(QUERY_NAMES), QUERY_VALUE, st.integers(0, 9)).map(
    lambda drawn: f"{drawn[0]}={drawn[1]}" if drawn[2] else drawn[0]
)


def query_pair(data: st.DataObject) -> str:
    return data.draw(QUERY_PAIR)


@pytest.mark.parametrize("scale", SCALES)
def test_query_values(swr: FakeSwr, request: pytest.FixtureRequest, scale: int) -> None:
    exchange = Exchange(swr)

    @fuzz_settings(150 * scale)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        world = seed(swr)
        for _ in range(8):
            route = data.draw(st.sampled_from(GET_ROUTES))
            values = {name: data.draw(st.sampled_from(KNOWN.get(name, GENERIC))) for name in route.params}
            if "retention_id" in values:
                values["retention_id"] = str(world.retention_id)
            pairs = [query_pair(data) for _ in range(data.draw(st.integers(1, 4)))]
            via_requests = data.draw(st.integers(0, 4)) == 0
            exchange.send("GET", build_path(route, values), query="&".join(pairs), via_requests=via_requests)

    run()
    record(request, "fuzzed_requests", exchange.sent)


def test_listed_oddities_in_every_path_parameter(swr: FakeSwr, request: pytest.FixtureRequest) -> None:
    """Each listed odd encoding in each path parameter of each route, directly and through requests."""
    exchange = Exchange(swr)
    world = seed(swr)
    for route in ROUTER.routes:
        base = {name: KNOWN.get(name, GENERIC)[0] for name in route.params}
        if "retention_id" in base:
            base["retention_id"] = str(world.retention_id)
        for name in route.params:
            for odd in LISTED_PERCENT + ["", "$", "%24", "..", "%2e", "a" * 1000, "%E2%80%AE", "\u00e9"]:
                for via_requests in (False, True):
                    path = build_path(route, {**base, name: odd})
                    answer = exchange.send(route.method, path, via_requests=via_requests)
                    # A rejected request changes nothing (send checks it): seed again only after a success.
                    if answer is None or answer.status < 400:
                        world = seed(swr)
    record(request, "fuzzed_requests", exchange.sent)


LISTED_QUERIES = [
    "limit=-1", "offset=abc", "limit=1e3", "limit=", "offset=", "marker=", "marker=abc", "marker=-1",
    "filter=a::b::c", "filter=|", "filter=namespace::", "filter=", "filter=::", "filter=limit::0",
    "filter=offset::-1", "limit=0", "limit=1001", "limit=1000", "offset=99999999999999999999",
    "is_public=maybe", "order_type=sideways", "order_column=bogus", "center=", "center=nowhere",
    "shared_by=", "shared_by=nobody", "with_manifest=2", "status=perhaps", "limit=%", "limit=%zz",
    "namespace=%00", "name=%C3%28", "tag=%2F", "filter=namespace%3A%3Afuzz%7Climit%3A%3A1",
]  # fmt: skip


def test_listed_query_values_on_every_get_route(swr: FakeSwr, request: pytest.FixtureRequest) -> None:
    exchange = Exchange(swr)
    world = seed(swr)
    for route in GET_ROUTES:
        values = {name: KNOWN.get(name, GENERIC)[0] for name in route.params}
        if "retention_id" in values:
            values["retention_id"] = str(world.retention_id)
        for query in LISTED_QUERIES:
            for via_requests in (False, True):
                answer = exchange.send("GET", build_path(route, values), query=query, via_requests=via_requests)
                assert answer is not None
    record(request, "fuzzed_requests", exchange.sent)


REJECTED_QUERIES: list[tuple[str, str, Callable[[Answer], bool]]] = [
    ("/v2/manage/repos", "limit=-1", lambda a: a.status == 400),
    ("/v2/manage/repos", "offset=abc", lambda a: a.status == 400),
    ("/v2/manage/repos", "limit=1e3", lambda a: a.status == 400),
    ("/v2/manage/repos", "filter=a::b::c", lambda a: a.status == 400),
    ("/v2/manage/repos", "filter=|", lambda a: a.status == 400),
    ("/v2/manage/namespaces", "filter=a::b::c", lambda a: a.status == 400),
    ("/v3/manage/repos", "limit=-1", lambda a: a.status == 400),
    ("/v3/manage/repos", "marker=abc", lambda a: a.status == 400),
]


@pytest.mark.parametrize(("path", "query", "expected"), REJECTED_QUERIES, ids=[q for _, q, _ in REJECTED_QUERIES])
def test_bad_query_values_are_rejected(swr: FakeSwr, path: str, query: str, expected: Callable[[Answer], bool]) -> None:
    seed(swr)
    answer = Exchange(swr).send("GET", path, query=query)
    assert answer is not None and expected(answer), answer
