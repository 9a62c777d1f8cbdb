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
from jsonschema import Draft202012Validator

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


def variants(body: Any) -> list[Any]:
    if isinstance(body, list):
        return [[variant, *body[1:]] for variant in variants(body[0])] if body else []
    if not isinstance(body, dict):
        return list(PROBES)
    out: list[Any] = []
    for key in body:
        out.append({name: value for name, value in body.items() if name != key})
        out.extend({**body, key: probe} for probe in PROBES)
    return out


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
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fast_path_agrees_with_jsonschema(operation: str, data: st.DataObject) -> None:
    valid = data.draw(valid_bodies(operation), label="valid")
    assert_agrees(operation, valid)
    # The same body with each field removed, or replaced by each probe value (in the first item of an array).
    for variant in variants(valid):
        assert_agrees(operation, variant)
    assert_agrees(operation, data.draw(any_bodies(operation), label="anything"))


SYNTHETIC = [
    {"type": "integer"},
    {"type": "number", "minimum": 0, "maximum": 7},
    {"type": ["string", "null"], "minLength": 2, "maxLength": 3, "pattern": "^a"},
    {"type": "boolean"},
    {"enum": [1, "1", None]},
    {"const": True},
    {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 2},
    {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"], "additionalProperties": False},
    {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": {"type": "string"}},
    {"$defs": {"N": {"type": "array", "items": {"$ref": "#/$defs/N"}}}, "$ref": "#/$defs/N"},
]
INSTANCES: list[Any] = [
    None, True, False, 0, 1, 7, 8, -1, "", "a", "ab", "abc", "abcd", "ba", "1",
    [], [1], [1, 2], [1, 2, 3], [True], ["x"], [[]], [[[]]], [[1]],
    {}, {"a": 1}, {"a": True}, {"a": "1"}, {"a": 1, "b": "x"}, {"a": 1, "b": 2}, {"b": "x"},
]  # fmt: skip


@pytest.mark.parametrize("schema", SYNTHETIC)
def test_each_keyword_agrees_with_jsonschema(schema: dict[str, Any]) -> None:
    check = compile_check(schema)
    assert check is not None
    validator = Draft202012Validator(schema)
    assert [check(value) for value in INSTANCES] == [validator.is_valid(value) for value in INSTANCES]
    assert any(check(value) for value in INSTANCES) and not all(check(value) for value in INSTANCES)
