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
from collections.abc import Iterable
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
