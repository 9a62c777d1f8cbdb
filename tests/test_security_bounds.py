"""Unbounded input: every integer parameter, string, array, body and manifest size has a bound,
checked before anything changes, and no answer is a 5xx.

The families are tables over every route (``ROUTER.routes``) and every request schema, so a
route added later is covered without edits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swr_fake import FakeSwr, SwrError
from swr_fake.api.bounds import ARRAY_MAX_ITEMS, BODY_MAX_BYTES, TEXT_MAX_LEN, bounded_body
from swr_fake.validate import INT64_MAX, REPOSITORY_DESCRIPTION_MAX, SHARE_DESCRIPTION_MAX, decimal
from tests.robustness import Exchange, record
from tests.support import TOKEN_HEADERS, api, assert_error
from tests.test_fuzz import BODY_ROUTES, GET_ROUTES, KNOWN, build_path, seed

# Each is longer than an int64, or longer than Python's 4,300-digit conversion limit.
HUGE_INTEGERS = ["9" * 5000, "1" + "0" * 19, str(INT64_MAX + 1), "0" * 5000 + "1" * 4400, "9" * 4301]
INTEGER_QUERIES = ["limit", "offset", "marker", "page", "page_size"]
FILTER_KEYS = ["limit", "offset"]


def _path_values(route: Any, retention_id: int, value: str | None = None, name: str | None = None) -> dict[str, str]:
    values = {param: KNOWN.get(param, ["app"])[0] for param in route.params}
    if "retention_id" in values:
        values["retention_id"] = str(retention_id)
    if name is not None and value is not None:
        values[name] = value
    return values


def test_decimal_is_bounded_by_int64_before_converting() -> None:
    assert decimal("9223372036854775807") == INT64_MAX
    assert decimal("0" * 10_000 + "42") == 42
    for text in HUGE_INTEGERS[:3] + ["", "-1", "1e3", "\u0663", "+5", "0x10"]:
        assert decimal(text) is None, text


def test_huge_integers_in_every_query_parameter_of_every_get_route(
    swr: FakeSwr, request: pytest.FixtureRequest
) -> None:
    exchange = Exchange(swr)
    world = seed(swr)
    for route in GET_ROUTES:
        path = build_path(route, _path_values(route, world.retention_id))
        for value in HUGE_INTEGERS:
            queries = [f"{name}={value}" for name in INTEGER_QUERIES]
            queries += [f"filter={key}::{value}" for key in FILTER_KEYS]
            queries += [f"filter=limit::{value}|offset::{value}|order::desc"]
            for query in queries:
                answer = exchange.send("GET", path, query=query)
                assert answer is not None and answer.status < 500
    record(request, "fuzzed_requests", exchange.sent)


def test_huge_integers_in_every_path_parameter_of_every_route(swr: FakeSwr, request: pytest.FixtureRequest) -> None:
    exchange = Exchange(swr)
    world = seed(swr)
    for route in [route for route in BODY_ROUTES + GET_ROUTES if route.params]:
        for name in route.params:
            for value in HUGE_INTEGERS:
                answer = exchange.send(
                    route.method, build_path(route, _path_values(route, world.retention_id, value, name))
                )
                assert answer is not None and answer.status < 500  # e.g. quotas do not check project_id
    record(request, "fuzzed_requests", exchange.sent)


@pytest.mark.parametrize("value", [*HUGE_INTEGERS, 10**30, INT64_MAX + 1])
def test_huge_retention_params_are_400(swr: FakeSwr, value: Any) -> None:
    swr.create_namespace("b")
    swr.push_image("b", "app", "v1")
    policy = {"algorithm": "or", "rules": [{"template": "tag_rule", "params": {"num": value}, "tag_selectors": []}]}
    before = swr.snapshot()
    if isinstance(value, int):
        # Over HTTP such an integer is a JSON number; through the Python API it is an int.
        with pytest.raises(SwrError) as caught:
            swr.backend.create_retention(swr.backend.caller(swr.region), "b", "app", "or", policy["rules"])
        assert caught.value.status == 400
        body = json.dumps(policy).encode()
        response = requests.post(
            swr.endpoint + "/v2/manage/namespaces/b/repos/app/retentions", data=body, headers=TOKEN_HEADERS
        )
    else:
        response = api(swr, "POST", "/v2/manage/namespaces/b/repos/app/retentions", body=policy)
    assert_error(response, 400, "SVCSTG.SWR.4000014")
    assert swr.snapshot() == before


# --- strings, arrays, NaN: every field of every body ---------------------------------------------------


def _stretched(value: Any, text: str) -> Iterator[Any]:
    """Copies of ``value`` with one string leaf (or key) replaced by ``text``, one per leaf."""
    if isinstance(value, str):
        yield text
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for changed in _stretched(item, text):
                yield [*value[:index], changed, *value[index + 1 :]]
    elif isinstance(value, dict):
        for key, item in value.items():
            for changed in _stretched(item, text):
                yield {**value, key: changed}


@pytest.mark.parametrize("route", BODY_ROUTES, ids=[route.operation for route in BODY_ROUTES])
def test_no_over_long_string_in_any_body_field_is_accepted(
    swr: FakeSwr, request: pytest.FixtureRequest, route: Any
) -> None:
    """A generated body, each string leaf in turn made 40,000 characters long: always a 4xx
    (400, or 413 for descriptions), never stored."""
    from tests.test_fuzz import body_strategy

    exchange = Exchange(swr)

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=body_strategy(route.operation))
    def run(body: Any) -> None:
        world = seed(swr)
        path = build_path(route, _path_values(route, world.retention_id))
        for changed in _stretched(body, "x" * 40_000):
            answer = exchange.send(route.method, path, body=json.dumps(changed), must_reject=True)
            assert answer is not None and answer.status in (400, 413)

    run()
    record(request, "fuzzed_requests", exchange.sent)


DESCRIBED = [
    ("POST", "/v2/manage/namespaces/fuzz/repos", {"repository": "new", "is_public": False}, REPOSITORY_DESCRIPTION_MAX),
    ("PATCH", "/v2/manage/namespaces/fuzz/repos/app", {"is_public": False}, REPOSITORY_DESCRIPTION_MAX),
    ("POST", "/v1/repositories/fuzz/", {"repo_name": "new"}, REPOSITORY_DESCRIPTION_MAX),
    ("PUT", "/v1/repositories/fuzz/app", {}, REPOSITORY_DESCRIPTION_MAX),
    (
        "POST",
        "/v2/manage/namespaces/fuzz/repositories/app/access-domains",
        {"access_domain": "someone", "permit": "read", "deadline": "forever"},
        SHARE_DESCRIPTION_MAX,
    ),
    (
        "PATCH",
        "/v2/manage/namespaces/fuzz/repositories/app/access-domains/partner",
        {"permit": "read", "deadline": "forever"},
        SHARE_DESCRIPTION_MAX,
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "bound"), DESCRIBED)
def test_descriptions_have_their_bound_and_the_catalogues_413(
    swr: FakeSwr, method: str, path: str, body: dict[str, Any], bound: int
) -> None:
    exchange = Exchange(swr)
    for length in (bound + 1, 10 * 1024 * 1024):
        seed(swr)
        answer = exchange.send(method, path, body=json.dumps({**body, "description": "d" * length}), must_reject=True)
        assert answer is not None and answer.status == 413
        assert answer.code in ("SVCSTG.SWR.4131012", "4130000")  # the v1 form: status * 10000
    seed(swr)
    answer = exchange.send(method, path, body=json.dumps({**body, "description": "d" * bound}))
    assert answer is not None and answer.status < 300


def test_arrays_over_the_bound_are_refused(swr: FakeSwr) -> None:
    """A revoke listing more ids than the bound is a 400 at once (it was quadratic: 20,000 ids
    took seconds under the global lock); within the bound it is linear."""
    world_ids = [f"u-{index}" for index in range(ARRAY_MAX_ITEMS + 1)]
    seed(swr)
    before = swr.snapshot()
    body = assert_error(
        api(swr, "DELETE", "/v2/manage/namespaces/fuzz/access", body=world_ids), 400, "SVCSTG.SWR.4000014"
    )
    assert f"at most {ARRAY_MAX_ITEMS} items" in body["error_msg"]
    assert swr.snapshot() == before
    caller = swr.backend.caller(swr.region)
    many = [(f"x-{index}", f"user{index}", 1) for index in range(20_000)]
    swr.backend.create_namespace_auth(caller, "fuzz", many[1:])  # x-0 is not granted...
    with pytest.raises(SwrError):
        swr.backend.delete_namespace_auth(caller, "fuzz", [user_id for user_id, _, _ in many])  # ...so nothing goes
    swr.backend.delete_namespace_auth(caller, "fuzz", [user_id for user_id, _, _ in many[1:]])
    assert [grant.user_id for grant in swr.backend.show_namespace_auth(caller, "fuzz")[2]] == ["u-1"]


@pytest.mark.parametrize("route", BODY_ROUTES, ids=[route.operation for route in BODY_ROUTES])
def test_nan_and_infinity_anywhere_in_a_body_are_invalid_json(swr: FakeSwr, route: Any) -> None:
    exchange = Exchange(swr)
    world = seed(swr)
    path = build_path(route, _path_values(route, world.retention_id))
    for raw in ('{"x": NaN}', "[Infinity]", '{"a": [{"b": -Infinity}]}', "NaN"):
        answer = exchange.send(route.method, path, body=raw, must_reject=True)
        assert answer is not None and answer.status == 400


def test_strings_and_query_values_at_the_bound_pass_the_bound() -> None:
    from swr_fake.api.bounds import check_fields

    check_fields({"a": "x" * TEXT_MAX_LEN, "b": ["y"] * ARRAY_MAX_ITEMS}, {"namespace": "z" * TEXT_MAX_LEN})
    with pytest.raises(SwrError) as caught:
        check_fields({"a": [{"deep": "x" * (TEXT_MAX_LEN + 1)}]}, {})
    assert "a[0].deep" in caught.value.message
    with pytest.raises(SwrError):
        check_fields(None, {"namespace": "z" * (TEXT_MAX_LEN + 1)})


# --- the body itself ----------------------------------------------------------------------------------


@pytest.mark.parametrize("route", BODY_ROUTES, ids=[route.operation for route in BODY_ROUTES])
def test_a_body_over_the_gateway_limit_is_413(swr: FakeSwr, route: Any) -> None:
    world = seed(swr)
    path = build_path(route, _path_values(route, world.retention_id))
    answer = Exchange(swr).send(route.method, path, body=b" " * (BODY_MAX_BYTES + 1), must_reject=True)
    assert answer is not None and answer.status == 413
    assert answer.code in ("APIGW.0201", "4130000")  # the v1 API answers in its own form


def test_streamed_bodies_are_read_and_bounded(swr: FakeSwr) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"namespace": '
        yield b'"streamed"}'

    response = requests.post(swr.endpoint + "/v2/manage/namespaces", data=chunks(), headers=TOKEN_HEADERS)
    assert response.status_code == 201, response.text
    assert "streamed" in swr.snapshot()["regions"]["cn-north-4"]

    def endless() -> Iterator[bytes]:
        while True:
            yield b" " * 65536

    before = swr.snapshot()
    response = requests.post(swr.endpoint + "/v2/manage/namespaces", data=endless(), headers=TOKEN_HEADERS)
    assert response.status_code == 413
    assert swr.snapshot() == before
    assert bounded_body(iter(["a", b"b"])) == b"ab"
    with pytest.raises(SwrError):
        bounded_body(iter([1, 2]))
    with pytest.raises(SwrError):
        bounded_body(42)


# --- manifests -------------------------------------------------------------------------------------------

BAD_SIZES = [2**63, 2**64, 10**30, -1]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size=st.one_of(st.sampled_from(BAD_SIZES), st.integers(min_value=2**63)), where=st.sampled_from(["config", "layer"])
)
def test_a_manifest_size_beyond_int64_is_refused(size: int, where: str) -> None:
    swr = FakeSwr()
    swr.create_namespace("m")
    part = {"size": size, "digest": "sha256:" + "a" * 64}
    manifest = {"config": part, "layers": []} if where == "config" else {"config": {"size": 1}, "layers": [part]}
    before = swr.snapshot()
    with pytest.raises(SwrError) as caught:
        swr.push_image("m", "app", "v1", manifest)
    assert caught.value.status == 400
    assert swr.snapshot() == before


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_a_manifest_is_refused(constant: str) -> None:
    swr = FakeSwr()
    swr.create_namespace("m")
    with pytest.raises(SwrError):
        swr.push_image("m", "app", "v1", '{"config": {"size": 1}, "annotations": {"x": ' + constant + "}}")
    with pytest.raises(SwrError):
        swr.push_image(
            "m", "app", "v1", {"config": {"size": 1}, "x": float(constant.lower().replace("infinity", "inf"))}
        )
    assert "app" not in swr.snapshot()["regions"].get("cn-north-4", {}).get("m", {}).get("repositories", {})


def test_the_largest_sizes_keep_every_account_view_working(swr: FakeSwr) -> None:
    swr.create_namespace("m")
    for index in range(3):
        half = {"size": INT64_MAX // 2, "digest": f"sha256:{index:064x}"}
        swr.push_image("m", f"app{index}", "v1", {"config": half, "layers": [half]})
    with pytest.raises(SwrError):
        swr.push_image("m", "app", "v2", {"config": {"size": INT64_MAX}, "layers": [{"size": 1}]})
    for path in (
        "/v2/manage/overview",
        "/v2/manage/reports/store/daily",
        "/v2/manage/reports/downflow/daily",
        "/v2/manage/repos",
        "/v3/manage/repos",
        "/v2/manage/namespaces/m/repos/app0",
        "/v2/manage/namespaces/m/repos/app0/tags",
    ):
        assert api(swr, "GET", path).status_code == 200, path


def test_a_body_the_operation_does_not_read_is_ignored_within_the_size_limit(swr: FakeSwr) -> None:
    """As before the bounds: operations without a body ignore whatever was sent; only the
    gateway's size limit applies to it."""
    seed(swr)
    exchange = Exchange(swr)
    ignored = json.dumps({"x": "y" * 5000, "list": list(range(2000)), "n": 1})
    answer = exchange.send("GET", "/v2/manage/namespaces", body=ignored)
    assert answer is not None and answer.status == 200
    answer = exchange.send("GET", "/v2/manage/namespaces", body=b"x" * (BODY_MAX_BYTES + 1), must_reject=True)
    assert answer is not None and answer.status == 413


def test_free_text_fields_are_bounded_from_python_too(swr: FakeSwr) -> None:
    """The same 1,024-character bound when the backend is called without HTTP."""
    seed(swr)
    backend, caller, long = swr.backend, swr.backend.caller(swr.region), "x" * 1025
    before = swr.snapshot()
    calls = [
        lambda: backend.create_namespace_auth(caller, "fuzz", [("u-9", long, 1)]),
        lambda: backend.create_user_repository_auth(caller, "fuzz", "app", [(long, "name", 1)]),
        lambda: backend.create_repo_domains(caller, "fuzz", "app", long, "read", "forever"),
        lambda: backend.create_trigger(
            caller,
            "fuzz",
            "app",
            "t2",
            trigger_type="all",
            condition=".*",
            enable=True,
            app_type="deployments",
            application=long,
            cluster_ns="default",
        ),  # fmt: skip
        lambda: backend.create_trigger(
            caller,
            "fuzz",
            "app",
            "t3",
            trigger_type="tag",
            condition=";".join(["v1"] * 400),
            enable=True,
            app_type="deployments",
            application="web",
            cluster_ns="default",
        ),  # fmt: skip
    ]
    for call in calls:
        with pytest.raises(SwrError) as caught:
            call()
        assert caught.value.status == 400
    assert swr.snapshot() == before
