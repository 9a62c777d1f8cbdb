"""Bounds and argument checks shared by the request parser, the backend and the Python API.

Numbers: the service is a Go program whose integers are 64-bit, so a count, id or page
parameter is at most ``INT64_MAX``; longer digit strings are refused before Python converts
them (``int()`` of more than 4,300 digits raises, and converting long ones is quadratic).

`arguments` and the ``check_*`` functions are for the public Python helpers
(`swr_fake.fake.FakeSwr`) and the backend's Python-only settings: a wrong type is a
``TypeError``, a wrong value a ``ValueError``, both raised before anything changes. Requests
get SWR errors from the parser and the backend instead (`check_description`, `decimal`).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from . import errors
from .errors import SwrError

INT64_MAX = 2**63 - 1
# Console limits (the API documents none): repository description (``setting_image_attributes``)
# and share description (``sharing_private_images``).
REPOSITORY_DESCRIPTION_MAX = 30_000
SHARE_DESCRIPTION_MAX = 1_000
# Decided (no documented bound): any other text field, over HTTP (`api.bounds`) and from Python.
TEXT_MAX_LEN = 1024
_INT64_DIGITS = len(str(INT64_MAX))  # 19


def check_description(description: str | None, limit: int) -> None:
    """413 ``SVCSTG.SWR.4131012`` when a description is longer than ``limit`` characters."""
    if description is not None and len(description) > limit:
        raise SwrError(
            errors.DESCRIPTION_TOO_LONG,
            f"The description exceeds the maximum length allowed ({len(description)} > {limit} characters).",
            detail="description",
        )


def too_long(*values: str) -> bool:
    """Whether any of ``values`` is over `TEXT_MAX_LEN` (for the backend's free-text fields)."""
    return any(len(value) > TEXT_MAX_LEN for value in values)


def decimal(text: str) -> int | None:
    """The value of a string of ASCII digits (surrounding blanks allowed) if it fits in a
    signed 64-bit integer, else None. Linear in ``len(text)``, whatever its length."""
    digits = text.strip()
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    significant = digits.lstrip("0") or "0"
    if len(significant) > _INT64_DIGITS:
        return None
    value = int(significant)
    return value if value <= INT64_MAX else None


def shown(value: object, limit: int = 64) -> str:
    """A short ``repr(value)`` for error messages that echo user input (which may be megabytes
    long, or an integer too long for ``repr``)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of {value.bit_length()} bits"
    if isinstance(value, str):
        text = repr(value[:limit])
    elif isinstance(value, (int, float, bool)) or value is None:
        text = repr(value)
    else:
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_int(name: str, value: object, low: int = 0, high: int = INT64_MAX) -> int:
    """An ``int`` (not ``bool``) in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {shown(value)}")
    return value


def arguments(**specs: tuple[Any, ...]) -> None:
    """Type-check a public helper's arguments in one call: each keyword is ``(value, allowed,
    ...)`` where ``allowed`` are types, or None for "may be None". ``bool`` is never an ``int``
    (``grant(..., True)`` is a mistake, not read). Raises ``TypeError`` naming the argument."""
    for name, (value, *allowed) in specs.items():
        if value is None and None in allowed:
            continue
        types = tuple(kind for kind in allowed if kind is not None)
        if isinstance(value, bool) and bool not in types:
            raise TypeError(f"{name} must be {_names(allowed)}, not bool")
        if not isinstance(value, types):
            raise TypeError(f"{name} must be {_names(allowed)}, not {type(value).__name__}")


def _names(allowed: list[Any]) -> str:
    return " or ".join("None" if kind is None else kind.__name__ for kind in allowed)


def check_choice(name: str, value: object, choices: Collection[Any]) -> Any:
    """One of ``choices``, of exactly a choice's type (``True`` is not ``1``)."""
    if type(value) not in {type(choice) for choice in choices}:
        raise TypeError(f"{name} must be one of {sorted(choices)}, not {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, not {shown(value)}")
    return value


def non_finite(value: Any) -> bool:
    """Whether a parsed JSON value holds NaN or an infinity anywhere (not valid JSON, which Go's
    decoder refuses). Iterative: the value may be nested as deep as ``json`` allows."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, float) and not math.isfinite(node):
            return True
        if isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False
