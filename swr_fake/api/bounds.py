"""Size bounds on what a request may carry, checked before anything runs.

| what | bound | answer when exceeded | source |
|---|---|---|---|
| request body | 12 MiB | 413 ``APIGW.0201`` (the gateway's) | API Gateway's request body limit |
| any string in a JSON body, any object key | 1,024 characters | 400 ``SVCSTG.SWR.4000014`` naming the field | decided |
| ``description`` strings | not here: the backend's 30,000 / 1,000 | 413 ``SVCSTG.SWR.4131012`` | console limits |
| any array in a JSON body | 1,000 items | 400 ``SVCSTG.SWR.4000014`` naming the field | decided |
| any query parameter value | 1,024 characters | 400 ``SVCSTG.SWR.4000014`` naming it | decided |
| NaN or an infinity in a body | none allowed (not JSON) | 400 ``SVCSTG.SWR.4001018`` | Go's ``encoding/json`` |

Names, tags, counts and ids have their own rules (``swr_fake.rules``, ``parse_int``); the
bounds here only keep every other field finite, so that no request costs more than linear
work in its size. The dispatcher calls `bounded` first (before the gateway reads the body for
the signature) and `check_fields` once a body the operation reads is parsed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from .. import errors
from ..errors import SwrError
from ..validate import TEXT_MAX_LEN, non_finite

BODY_MAX_BYTES = 12 * 1024 * 1024
ARRAY_MAX_ITEMS = 1000
# Checked by the backend, with the catalogue's own 413 and each operation's own bound.
_OWN_BOUNDS = frozenset({"description"})


R = TypeVar("R")


def bounded(request: R) -> R:
    """``request`` (any frozen dataclass with a ``body``) with its body read and bounded by
    `bounded_body`: a streamed body becomes bytes, so signing and parsing see the same bytes."""
    body = getattr(request, "body", None)
    checked = bounded_body(body)
    return request if checked is body else dataclasses.replace(request, body=checked)  # type: ignore[type-var]


def _too_large(size: str) -> SwrError:
    return SwrError(errors.BODY_TOO_LARGE, f"Request entity too large: {size}, at most {BODY_MAX_BYTES} bytes")


def read_stream(body: object, limit: int | None = BODY_MAX_BYTES) -> bytes:
    """A streamed body (an iterable of chunks, as ``requests`` sends a generator, or a file-like
    object) read into bytes, stopping one byte past `BODY_MAX_BYTES` so that `bounded_body`
    answers 413 without the whole stream ever being held. Chunks must be ``bytes`` or ``str``
    (anything else is a ``TypeError``, as a real connection would raise)."""
    read = getattr(body, "read", None)
    chunks: object = _read_all(read) if callable(read) else body
    if not isinstance(chunks, Iterable):
        raise TypeError(f"a request body must be bytes, str or an iterable of them, not {type(body).__name__}")
    collected = bytearray()
    for chunk in chunks:
        piece = chunk.encode() if isinstance(chunk, str) else chunk
        if not isinstance(piece, (bytes, bytearray, memoryview)):
            raise TypeError(f"a body chunk must be bytes or str, not {type(chunk).__name__}")
        if limit is None:
            collected += piece
            continue
        collected += piece[: limit + 1 - len(collected)]
        if len(collected) > limit:
            break
    return bytes(collected)


def bounded_body(body: object) -> bytes | str | None:
    """The request body (``bytes``, ``str`` or None), 413 when over `BODY_MAX_BYTES`; a
    streamed body is read first (`read_stream`), anything else is a 400."""
    if body is not None and not isinstance(body, (bytes, str)):
        try:
            body = read_stream(body)
        except TypeError as exc:
            raise SwrError(errors.INVALID_BODY, f"Invalid request body type: {exc}") from None
    if body is None:
        return None
    size = len(body.encode("utf-8", "surrogatepass")) if isinstance(body, str) else len(body)
    if size > BODY_MAX_BYTES:
        raise _too_large(f"{size} bytes" if size <= BODY_MAX_BYTES + 1 else "a streamed body")
    return body


def _read_all(read: Any) -> Iterator[Any]:
    while chunk := read(65536):
        yield chunk


def check_fields(payload: Any, query: Mapping[str, str]) -> None:
    """Every query value and every string, key and array of a parsed JSON body within its
    bound (see the table above); linear in the payload's size, iterative (any nesting)."""
    for key, value in query.items():
        if len(key) > TEXT_MAX_LEN or len(value) > TEXT_MAX_LEN:
            raise _field_error((None, key[:64]), f"at most {TEXT_MAX_LEN} characters")
    if payload is None:
        return
    if non_finite(payload):
        raise SwrError(errors.INVALID_BODY, "The request body is not valid JSON: NaN and Infinity are not numbers.")
    # A path is (parent path, key or index), rendered only for an error: building names for
    # every node would cost the nesting depth per node.
    pending: list[tuple[Path, Any]] = [(None, payload)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, str):
            if len(node) > TEXT_MAX_LEN and (path is None or path[1] not in _OWN_BOUNDS):
                raise _field_error(path, f"at most {TEXT_MAX_LEN} characters")
        elif isinstance(node, list):
            if len(node) > ARRAY_MAX_ITEMS:
                raise _field_error(path, f"at most {ARRAY_MAX_ITEMS} items")
            pending.extend(((path, index), item) for index, item in enumerate(node))
        elif isinstance(node, dict):
            for key, value in node.items():
                if len(key) > TEXT_MAX_LEN:
                    raise _field_error(path, f"keys of at most {TEXT_MAX_LEN} characters")
                pending.append(((path, key), value))


Path = tuple[Any, "str | int"] | None


def _name(path: Path) -> str:
    """``rules[0].tag_selectors`` from a path."""
    parts: list[str] = []
    while path is not None:
        path, step = path
        parts.append(f"[{step}]" if isinstance(step, int) else f".{step}")
    return "".join(reversed(parts)).removeprefix(".")


def strip_json_blanks(text: str) -> str:
    """``text`` without its leading and trailing JSON blanks (space, tab, CR, LF), when those
    are all it has there; else ``text`` unchanged, for the JSON parser to refuse.

    ``json`` skips outer blanks with a Python-level regex, tens of milliseconds on a body of
    megabytes of spaces; ``str.strip()`` and ``str.count`` are C loops.
    """
    core = text.strip()
    if len(core) == len(text):
        return text
    start = len(text) - len(text.lstrip())
    if _json_blanks_only(text[:start]) and _json_blanks_only(text[start + len(core) :]):
        return core
    return text


def _json_blanks_only(text: str) -> bool:
    others = len(text) - text.count(" ")  # usually 0 or a final newline: one pass
    return others == 0 or others == text.count("\n") + text.count("\r") + text.count("\t")


def _field_error(path: Path, bound: str) -> SwrError:
    field = _name(path) or "body"
    return SwrError(errors.INVALID_PARAMETER, f"Invalid API parameters: {field}: {bound}", detail=field)
