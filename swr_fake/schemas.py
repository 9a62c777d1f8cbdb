"""JSON Schemas of the request and response bodies, one file per SDK operation.

``schemas/requests/<operation>.json`` describes what the fake accepts (a violation becomes a 400
naming the field); ``schemas/responses/<operation>.json`` describes what it must emit. Each file is
self-contained (its shared parts live in its own ``$defs``). Nothing is read, and jsonschema is not
imported, until a function here is first called.
"""

from __future__ import annotations

import functools
import json
import pathlib
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

# jsonschema is typed only when types-jsonschema is installed; the ignores cover both cases.
if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped, unused-ignore]
    from jsonschema.protocols import Validator  # type: ignore[import-untyped, unused-ignore]

Kind = Literal["requests", "responses"]
KINDS: tuple[Kind, ...] = ("requests", "responses")

_PACKAGED = pathlib.Path(__file__).resolve().parent / "_schemas"  # wheel: top-level schemas/ is mapped here
_SOURCE = pathlib.Path(__file__).resolve().parent.parent / "schemas"  # source or editable checkout


@functools.cache
def schema_dir() -> pathlib.Path:
    """The folder holding ``requests/`` and ``responses/``."""
    return _PACKAGED if _PACKAGED.is_dir() else _SOURCE


def load_schema(kind: Kind, operation: str) -> dict[str, Any] | None:
    """A fresh copy of one schema, or None when the operation has no body of that kind."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if not operation.isidentifier():  # an SDK operation name, never a path
        return None
    path = schema_dir() / kind / f"{operation}.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator(kind: Kind, operation: str) -> Validator | None:
    schema = load_schema(kind, operation)
    if schema is None:
        return None
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

    validator: Validator = Draft202012Validator(schema)
    return validator


def request_validator(operation: str) -> Validator | None:
    """The (cached) validator of an operation's request body; None if it takes no body."""
    return _validator("requests", operation)


def response_validator(operation: str) -> Validator | None:
    """The (cached) validator of an operation's success response body; None if it returns none."""
    return _validator("responses", operation)


def json_path(parts: Iterable[str | int]) -> str:
    """``["rules", 0, "template"]`` -> ``"rules[0].template"``; the empty path is ``"body"``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "body"


def _where(error: ValidationError) -> str:
    parts: list[str | int] = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        wanted = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [name for name in wanted if name not in error.instance]
        if missing:
            parts.append(missing[0])
    return json_path(parts)


def request_violation(operation: str, body: Any) -> tuple[str, str] | None:
    """``(path, message)`` of the most relevant problem with a request body, or None if it is valid
    (or the operation has no request schema). A missing property is reported at its own path."""
    accepts = _fast_check(operation)
    if accepts is not None and accepts(body):
        return None
    validator = request_validator(operation)
    if validator is None:
        return None
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped, unused-ignore]

    error = best_match(validator.iter_errors(body))
    if error is None:
        return None
    return _where(error), error.message


def operations_with_schemas() -> dict[str, set[str]]:
    """``{"requests": {...}, "responses": {...}}``: the operations that have a schema of each kind."""
    root = schema_dir()
    return {kind: {path.stem for path in (root / kind).glob("*.json")} for kind in KINDS}


# --- a fast path for valid request bodies -------------------------------------------------------
# jsonschema takes some 25 µs to accept even a two-field body. Most request schemas use only a few
# keywords, so they are also compiled into plain Python checks. A check answers True only when the
# body is certainly valid; anything else (an invalid body, or a value it is unsure about, such as a
# float where an integer is expected) goes to jsonschema, which gives the verdict and the message.

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"})
_SUPPORTED = _ANNOTATIONS | {
    "type", "properties", "required", "additionalProperties", "enum", "const", "minLength", "maxLength",
    "pattern", "minimum", "maximum", "items", "minItems", "maxItems", "$ref",
}  # fmt: skip
_SCALARS = (str, int, bool, type(None))


class _Unsupported(Exception):
    """The schema uses a keyword the fast path does not implement."""


_TYPES: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    # A float such as 1.0 is an integer to JSON Schema: left to jsonschema.
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "null": lambda value: value is None,
}


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    frozen = tuple(checks)

    def check_all(value: Any) -> bool:
        for check in frozen:  # noqa: SIM110  (a plain loop: all() over a generator costs more)
            if not check(value):
                return False
        return True

    return check_all


def _same(value: Any, option: Any) -> bool:
    """Certainly equal in JSON Schema's sense (same scalar type and value)."""
    return type(value) is type(option) and isinstance(value, _SCALARS) and value == option


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if not isinstance(schema, dict) or not set(schema) <= _SUPPORTED:
            raise _Unsupported(str(schema))
        checks: list[Check] = []
        kind = schema.get("type")
        if kind is not None:
            names = [kind] if isinstance(kind, str) else list(kind)
            if not set(names) <= set(_TYPES):
                raise _Unsupported(str(kind))
            kinds = [_TYPES[name] for name in names]
            checks.append(kinds[0] if len(kinds) == 1 else lambda value: any(is_a(value) for is_a in kinds))
        if "enum" in schema:
            options = list(schema["enum"])
            checks.append(lambda value: any(_same(value, option) for option in options))
        if "const" in schema:
            const = schema["const"]
            checks.append(lambda value: _same(value, const))
        checks += self._strings(schema) + self._numbers(schema) + self._arrays(schema) + self._objects(schema)
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        return _all(checks) if checks else lambda value: True

    def _strings(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        low, high, pattern = schema.get("minLength"), schema.get("maxLength"), schema.get("pattern")
        if low is not None:
            checks.append(lambda value: not isinstance(value, str) or len(value) >= low)
        if high is not None:
            checks.append(lambda value: not isinstance(value, str) or len(value) <= high)
        if pattern is not None:
            compiled = re.compile(pattern)
            checks.append(lambda value: not isinstance(value, str) or compiled.search(value) is not None)
        return checks

    def _numbers(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        low, high = schema.get("minimum"), schema.get("maximum")
        number = (int, float)
        if low is not None:
            checks.append(lambda value: not isinstance(value, number) or isinstance(value, bool) or value >= low)
        if high is not None:
            checks.append(lambda value: not isinstance(value, number) or isinstance(value, bool) or value <= high)
        return checks

    def _arrays(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        low, high = schema.get("minItems"), schema.get("maxItems")
        if low is not None:
            checks.append(lambda value: not isinstance(value, list) or len(value) >= low)
        if high is not None:
            checks.append(lambda value: not isinstance(value, list) or len(value) <= high)
        if "items" in schema:
            item = self.compile(schema["items"])
            checks.append(lambda value: not isinstance(value, list) or all(item(entry) for entry in value))
        return checks

    def _objects(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        required = list(schema.get("required", ()))
        if required:
            checks.append(lambda value: not isinstance(value, dict) or all(key in value for key in required))
        properties = {name: self.compile(sub) for name, sub in schema.get("properties", {}).items()}
        if properties:
            pairs = tuple(properties.items())

            def check_properties(value: Any) -> bool:
                if not isinstance(value, dict):
                    return True
                for name, check in pairs:  # noqa: SIM110
                    if name in value and not check(value[name]):
                        return False
                return True

            checks.append(check_properties)
        extra = schema.get("additionalProperties", True)
        if extra is not True:
            other = self.compile(extra) if extra is not False else None

            def check_extra(value: Any) -> bool:
                if not isinstance(value, dict):
                    return True
                extras = [value[key] for key in value if key not in properties]
                return not extras if other is None else all(other(entry) for entry in extras)

            checks.append(check_extra)
        return checks

    def _ref(self, ref: Any) -> Check:
        if not isinstance(ref, str) or not ref.startswith("#/$defs/") or "/" in ref[len("#/$defs/") :]:
            raise _Unsupported(str(ref))
        name = ref[len("#/$defs/") :]
        if name not in self.refs:
            target = self.root.get("$defs", {}).get(name)
            if target is None:
                raise _Unsupported(ref)
            compiled: list[Check] = []
            self.refs[name] = lambda value: compiled[0](value)  # recursion-safe placeholder
            compiled.append(self.compile(target))
        return self.refs[name]


def compile_check(schema: dict[str, Any]) -> Check | None:
    """A plain-Python check that answers True only for instances the schema certainly accepts;
    None if the schema uses keywords it does not implement."""
    try:
        return _Compiler(schema).compile(schema)
    except _Unsupported:
        return None


@functools.cache
def _fast_check(operation: str) -> Check | None:
    schema = load_schema("requests", operation)
    return None if schema is None else compile_check(schema)
