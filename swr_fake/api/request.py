"""What a handler receives (a parsed request) and returns (a reply), plus query parsing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import errors, rules
from ..errors import SwrError
from ..model import Caller

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
    spec = errors.INVALID_PAGE if name in ("limit", "offset") else errors.INVALID_PARAMETER
    text = raw.strip()
    if not text.isdigit() or not text.isascii():
        raise SwrError(spec, f"Invalid {name}: {raw!r}")
    value = int(text)
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise SwrError(spec, f"Invalid {name}: {value} (allowed {bound})")
    return value


def parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise SwrError(errors.INVALID_PARAMETER, f"Invalid {name}: {raw!r} (true or false)")


def parse_filter(text: str, allowed: Iterable[str]) -> dict[str, str]:
    """``key::value|key::value`` → dict; unknown keys or malformed pairs are a 400."""
    allowed_keys = set(allowed)
    result: dict[str, str] = {}
    for pair in text.split("|"):
        key, separator, value = pair.partition("::")
        if not separator or key not in allowed_keys or key in result:
            raise SwrError(errors.INVALID_FILTER, f"Invalid filter: {text!r}")
        result[key] = value
    return result
