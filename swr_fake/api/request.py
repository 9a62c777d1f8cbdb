"""What a handler receives (a parsed request) and returns (a reply), plus query parsing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import errors, rules
from ..errors import SwrError
from ..model import Caller
from ..validate import decimal, shown

if TYPE_CHECKING:
    from ..backend import SwrBackend


# How every JSON body is written. json.dumps with a non-default option builds a new encoder per
# call; this one is built once.
encode_json = json.JSONEncoder(ensure_ascii=False).encode


class Encoded:
    """A JSON reply body the handler already has as bytes (exactly ``encode_json(value).encode()``).
    The value is decoded only when someone looks at it (the call log, response validation)."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def decode(self) -> Any:
        return json.loads(self.raw)


@dataclass(slots=True)
class Reply:
    body: Any = None  # a JSON value, or `Encoded`
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ApiRequest:
    method: str
    url: str
    operation: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    headers: Mapping[str, str]
    caller: Caller
    backend: SwrBackend
    access_key: str | None = None  # the access key that signed the request, if any

    # --- path parameters ------------------------------------------------------------------
    @property
    def namespace(self) -> str:
        return self.params["namespace"]

    @property
    def repository(self) -> str:
        """The repository name; API paths spell ``/`` as ``$``."""
        return rules.repository_from_path(self.params["repository"])

    # --- query parameters -------------------------------------------------------------------
    def q_str(self, name: str) -> str | None:
        return self.query.get(name)

    def q_int(self, name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        return parse_int(name, raw, minimum=minimum, maximum=maximum)

    def q_bool(self, name: str) -> bool | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return None
        return parse_bool(name, raw)


def parse_int(name: str, raw: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A non-negative decimal integer parameter; at most a signed 64-bit value (the service's
    integers), checked before converting so that any length of digits is a plain 400."""
    spec = errors.INVALID_PAGE if name in ("limit", "offset") else errors.INVALID_PARAMETER
    value = decimal(raw)
    if value is None:
        why = "at most 9223372036854775807" if raw.strip().isdigit() and raw.strip().isascii() else "digits only"
        raise SwrError(spec, f"Invalid {name}: {shown(raw)} ({why})", detail=name)
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise SwrError(spec, f"Invalid {name}: {value} (allowed {bound})")
    return value


def parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise SwrError(errors.INVALID_PARAMETER, f"Invalid {name}: {shown(raw)} (true or false)", detail=name)


def parse_filter(text: str, allowed: Iterable[str]) -> dict[str, str]:
    """``key::value|key::value`` → dict; unknown keys or malformed pairs are a 400."""
    allowed_keys = set(allowed)
    result: dict[str, str] = {}
    for pair in text.split("|"):
        key, separator, value = pair.partition("::")
        if not separator or key not in allowed_keys or key in result:
            raise SwrError(errors.INVALID_FILTER, f"Invalid filter: {shown(text)}", detail="filter")
        result[key] = value
    return result
