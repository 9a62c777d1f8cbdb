"""The plain-Python fast path of request validation never accepts a body jsonschema rejects.

On bodies without floats it must agree with jsonschema exactly (floats are left to jsonschema).
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from swr_fake.schemas import _fast_check, compile_check, load_schema, operations_with_schemas, request_validator

OPERATIONS = sorted(operations_with_schemas()["requests"])
FAST = [op for op in OPERATIONS if _fast_check(op) is not None]

scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2) | st.sampled_from(["", "a", "0", "or"])


PROBES: list[Any] = [None, True, False, 0, -1, 7, 1.5, "", "a", "forever", "2021-10-01", "x" * 300, [], [{}], {}]


def json_values(keys: list[str]) -> st.SearchStrategy[Any]:
    names = st.sampled_from(keys or ["x"]) | st.text(max_size=3)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=4),
        max_leaves=8,
    )


def has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, list):
        return any(has_float(item) for item in value)
    if isinstance(value, dict):
        return any(has_float(item) for item in value.values())
    return False


def property_names(schema: Any) -> list[str]:
    names: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            names.update(node.get("properties", {}) if isinstance(node.get("properties"), dict) else ())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(names)


@functools.cache
def valid_bodies(operation: str) -> st.SearchStrategy[Any]:
    schema = load_schema("requests", operation)
    assert schema is not None
    return from_schema(schema)


@functools.cache
def any_bodies(operation: str) -> st.SearchStrategy[Any]:
    return json_values(property_names(load_schema("requests", operation)))


def assert_agrees(operation: str, body: Any) -> None:
    accepted = _fast_check(operation)(body)  # type: ignore[misc]
    valid = request_validator(operation).is_valid(body)  # type: ignore[union-attr]
    if accepted:
        assert valid, f"{operation}: fast path accepted an invalid body {body!r}"
    if not has_float(body):
        assert accepted == valid, f"{operation}: fast path {accepted}, jsonschema {valid} for {body!r}"


def test_most_request_schemas_have_a_fast_path() -> None:
    assert "create_repo" in FAST and "create_namespace" in FAST
    assert len(FAST) >= len(OPERATIONS) - 2  # only the retention rules use if/then


def test_unsupported_keywords_have_no_fast_path() -> None:
    assert compile_check({"type": "object", "oneOf": [{"required": ["a"]}]}) is None
    assert compile_check({"$ref": "https://example.com/other.json"}) is None
    assert compile_check({"type": "string", "format": "date-time"}) is None


@pytest.mark.parametrize("operation", FAST)
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fast_path_agrees_with_jsonschema(operation: str, data: st.DataObject) -> None:
    valid = data.draw(valid_bodies(operation), label="valid")
    assert_agrees(operation, valid)
    # The same body with each top-level field removed, or replaced by each probe value.
    if isinstance(valid, dict):
        for key in valid:
            assert_agrees(operation, {name: value for name, value in valid.items() if name != key})
            for probe in PROBES:
                assert_agrees(operation, {**valid, key: probe})
    assert_agrees(operation, data.draw(any_bodies(operation), label="anything"))
