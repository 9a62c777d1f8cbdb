"""Save and load the whole state of a fake as JSON (the server's ``GET``/``PUT /_fake/state``).

Unlike `FakeSwr.snapshot` (a readable picture, lossy on purpose), this is a faithful copy:
loading what was saved gives a fake that answers every request the same way, ids, random
strings and credentials included. The document is versioned
(``{"format": "swr-fake-state", "version": 1, ...}``).

Encoding: JSON values stay as they are; objects of the fake's own model are written once,
as ``{"$o": "module:Class", "$id": n, "f": {...}}``, and each further reference to the same
object as ``{"$r": n}`` (a repository points back at its organization, an account's admin is
one of its users). ``bytes`` are ``{"$b": base64}``, tuples ``{"$t": [...]}``, sets ``{"$s": [...]}``, maps with keys
that are not plain strings ``{"$m": [[key, value], ...]}``. Derived caches are not saved.
Loading only ever builds classes of the ``swr_fake`` package.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .clock import FrozenClock, format_time, parse_time

if TYPE_CHECKING:
    from .fake import FakeSwr

__all__ = ["FORMAT", "VERSION", "StateError", "dump_state", "load_state"]

FORMAT = "swr-fake-state"
VERSION = 1
# Backend attributes that are not state: the lock, the clock (saved under settings), the seed.
# The hooks and kept indexes are wiring and derived data: a fresh backend rebuilds them.
_NOT_STATE = {"lock", "clock", "seed", "post_push", "post_pull", "on_tag_set", "tag_indexes", "repo_orders"}
_PACKAGE = "swr_fake."


class StateError(ValueError):
    """A state document that cannot be loaded (wrong format or version, unknown class)."""


def _is_cache(name: str) -> bool:
    return name.endswith("_cache") or name == "rendered"


class _Writer:
    def __init__(self) -> None:
        self.seen: dict[int, int] = {}

    def value(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, (bytes, bytearray, memoryview)):
            return {"$b": base64.b64encode(value).decode()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, tuple):
            return {"$t": [self.value(item) for item in value]}
        if isinstance(value, (set, frozenset)):
            items = [self.value(item) for item in value]
            return {"$s": sorted(items, key=repr)}  # a stable order: equal states give equal documents
        if isinstance(value, dict):
            if all(isinstance(key, str) and not key.startswith("$") for key in value):
                return {key: self.value(item) for key, item in value.items()}
            return {"$m": [[self.value(key), self.value(item)] for key, item in value.items()]}
        if isinstance(value, datetime):
            return {"$dt": value.isoformat()}
        if isinstance(value, timedelta):
            return {"$td": value.total_seconds()}
        if isinstance(value, random.Random):
            return {"$rng": self.value(value.getstate())}
        return self.instance(value)

    def instance(self, obj: Any) -> Any:
        cls = type(obj)
        if not cls.__module__.startswith(_PACKAGE):
            raise StateError(f"cannot save a {cls.__module__}.{cls.__qualname__} in the state")
        known = self.seen.get(id(obj))
        if known is not None:
            return {"$r": known}
        number = self.seen[id(obj)] = len(self.seen)
        is_record = dataclasses.is_dataclass(obj)
        names = [item.name for item in dataclasses.fields(obj)] if is_record else list(vars(obj))
        values = {name: self.value(getattr(obj, name)) for name in names if not _is_cache(name)}
        return {"$o": f"{cls.__module__}:{cls.__qualname__}", "$id": number, "f": values}


class _Reader:
    def __init__(self) -> None:
        self.made: dict[int, Any] = {}

    def value(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == "$b":
                return base64.b64decode(inner)
            if key == "$t":
                return tuple(self.value(item) for item in inner)
            if key == "$m":
                return {_hashable(self.value(pair[0])): self.value(pair[1]) for pair in inner}
            if key == "$s":
                return {_hashable(self.value(item)) for item in inner}
            if key == "$dt":
                return datetime.fromisoformat(inner)
            if key == "$td":
                return timedelta(seconds=inner)
            if key == "$rng":
                rng = random.Random()
                rng.setstate(_hashable(self.value(inner)))
                return rng
            if key == "$r":
                if inner not in self.made:
                    raise StateError(f"reference to object {inner} before it is defined")
                return self.made[inner]
        if "$o" in value:
            return self.instance(value)
        return {key: self.value(item) for key, item in value.items()}

    def instance(self, value: dict[str, Any]) -> Any:
        module_name, _, qualname = str(value["$o"]).partition(":")
        if not module_name.startswith(_PACKAGE):
            raise StateError(f"the state names a class outside swr_fake: {value['$o']!r}")
        try:
            cls: Any = importlib.import_module(module_name)
            for part in qualname.split("."):
                cls = getattr(cls, part)
        except (ImportError, AttributeError):
            raise StateError(f"unknown class {value['$o']!r} (saved by another version?)") from None
        if not isinstance(cls, type):
            raise StateError(f"{value['$o']!r} is not a class")
        obj: Any = object.__new__(cls)
        self.made[value["$id"]] = obj
        fields = value.get("f", {})
        if dataclasses.is_dataclass(cls):
            for item in dataclasses.fields(cls):
                if item.name in fields and not _is_cache(item.name):
                    loaded = self.value(fields[item.name])
                elif item.default is not dataclasses.MISSING:
                    loaded = item.default
                elif item.default_factory is not dataclasses.MISSING:
                    loaded = item.default_factory()
                else:
                    raise StateError(f"{value['$o']}: field {item.name!r} is missing")
                object.__setattr__(obj, item.name, loaded)
        else:
            for name, item in fields.items():
                object.__setattr__(obj, name, self.value(item))
        return obj


def _hashable(value: Any) -> Any:
    """Lists back into tuples where a key or the random generator's state needs them."""
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    return value


def dump_state(fake: FakeSwr) -> dict[str, Any]:
    """The whole state as a JSON-able document (see the module doc for the encoding)."""
    backend = fake.backend
    with backend.lock:
        writer = _Writer()
        attributes = {
            name: writer.value(value)
            for name, value in sorted(vars(backend).items())
            if name not in _NOT_STATE and not name.startswith("_")
        }
        clock = backend.clock
        skew = fake.gateway.max_skew
        settings = {
            "verify_signatures": fake.gateway.verify_signatures,
            "max_skew_seconds": None if skew is None else skew.total_seconds(),
            "frozen_clock": format_time(clock._now) if isinstance(clock, FrozenClock) else None,
        }
        return {"format": FORMAT, "version": VERSION, "backend": attributes, "settings": settings}


def load_state(fake: FakeSwr, document: Any) -> None:
    """Replace the fake's state with a saved one. The call log and faults are cleared (they
    belong to a test, not to the service). Nothing changes when the document is refused."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StateError(f"not a state document: 'format' must be {FORMAT!r}")
    if document.get("version") != VERSION:
        raise StateError(f"state version {document.get('version')!r} is not supported (this fake reads {VERSION})")
    saved = document.get("backend")
    if not isinstance(saved, dict):
        raise StateError("'backend' must be an object")
    backend = fake.backend
    try:
        reader = _Reader()
        attributes = {name: reader.value(value) for name, value in saved.items()}
    except StateError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise StateError(f"the state document is damaged: {exc!r}") from None
    known = {name for name in vars(backend) if name not in _NOT_STATE and not name.startswith("_")}
    unknown = sorted(set(attributes) - known)
    if unknown:
        raise StateError(f"'backend' holds names this fake does not keep: {unknown} (known: {sorted(known)})")
    settings = document.get("settings") or {}
    with backend.lock:
        fake.reset()  # caches and derived views start empty
        for name, value in attributes.items():
            setattr(backend, name, value)
        fake.gateway.verify_signatures = bool(settings.get("verify_signatures", False))
        skew = settings.get("max_skew_seconds")
        fake.gateway.max_skew = None if skew is None else timedelta(seconds=skew)
        frozen = settings.get("frozen_clock")
        if frozen is not None:
            moment = parse_time(frozen)
            if moment is not None:
                backend.clock = FrozenClock(moment)
