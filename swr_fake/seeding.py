"""Snapshots, restoring them, and seeding a whole state from a plain dict (``swr.seed``).

A `Snapshot` is the plain-data picture of `swr_fake.backend.snapshot` (named fields, so a
failed ``assert before == after`` shows which field differs) that also keeps a private copy of
the model, so ``swr.restore(snapshot)`` brings back exactly that state: ids, digests, credentials
the service issued. Settings (region, clock, switches) and the call log are not state: they
stay as they are.

``swr.seed({...})`` builds organizations, repositories, tags, retention policies and shares
from a dict (`SEED_FORMAT`), with explicit timestamps and ids where the service has them. It is
all or nothing: anything refused (an unknown key, a wrong type, a name SWR rejects) raises
before the call returns and leaves the state as it was.
"""

from __future__ import annotations

import contextlib
import difflib
import pickle
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .backend.snapshot import snapshot as plain_snapshot
from .clock import FrozenClock, format_time
from .errors import about

if TYPE_CHECKING:
    from .backend import SwrBackend
    from .fake import FakeSwr

__all__ = ["SEED_FORMAT", "Snapshot", "restore", "seed", "take"]

# Not state: the backend's lock and settings. Hooks (bound methods, rebuilt with the backend) are
# left out too, whatever their name (`_is_hook`).
_NOT_STATE = frozenset({"lock", "clock", "seed", "enforce_permissions"})
# Derived indexes: not copied (a third of the cost of a snapshot), rebuilt empty on restore.
_INDEXES = frozenset({"tag_indexes", "repo_orders"})


def _is_hook(value: object) -> bool:
    return callable(value) or (isinstance(value, tuple) and bool(value) and all(callable(item) for item in value))


SEED_FORMAT = """\
{
    "region": "cn-north-4",                 # optional: default swr.region
    "quotas": {"namespace": 10},            # optional: the default account's quotas
    "namespaces": {
        "team": {                           # or None: an empty organization
            "created": datetime | "2026-01-01T00:00:00Z",      # optional
            "repositories": {
                "web/app": {                # or None: a private repository, no tags
                    "is_public": False, "category": "other", "description": "",   # optional
                    "created": datetime,    # optional
                    "tags": ["1.0", "latest"]  or  {"1.0": {"pushed_at": datetime, "manifest": {...}}},
                    "retention": {"id": 7, "algorithm": "or", "rules": [...]},     # optional
                    "shares": {"other-account": {"deadline": "forever" | date | datetime,
                                                 "description": ""}},              # optional
                },
            },
        },
    },
}"""


class Snapshot(dict[str, Any]):
    """``swr.snapshot()``: the whole state as plain data, equal to a ``dict`` with the same
    content; ``swr.restore(it)`` brings that state back."""

    _state: bytes | None = None


def take(backend: SwrBackend) -> Snapshot:
    """The plain picture plus a private copy of the model, pickled under the lock: a pickle is
    several times cheaper than a ``deepcopy`` and tests take a snapshot around every request."""
    with backend.lock:
        taken = Snapshot(plain_snapshot(backend))
        state = {
            key: value
            for key, value in vars(backend).items()
            if key not in _NOT_STATE and key not in _INDEXES and not _is_hook(value)
        }
        taken._state = pickle.dumps(state, pickle.HIGHEST_PROTOCOL)
    return taken


def restore(backend: SwrBackend, taken: object) -> None:
    """Put back the state ``taken`` (a `Snapshot` of this or another fake) holds."""
    if not isinstance(taken, Snapshot) or taken._state is None:
        raise TypeError(
            "restore() takes what swr.snapshot() returned, not "
            f"{type(taken).__name__}; to build a state from plain data use swr.seed({{...}})"
        )
    state = pickle.loads(taken._state)  # a new copy each time: a snapshot can be restored again later
    from .backend.indexes import RepoOrders

    with backend.lock:
        vars(backend).update(state)
        backend.tag_indexes = {}
        backend.repo_orders = RepoOrders()


# --- seeding ------------------------------------------------------------------------------------------
_TOP = ("region", "quotas", "namespaces")
_NAMESPACE = ("created", "repositories")
_REPOSITORY = ("is_public", "category", "description", "created", "tags", "retention", "shares")
_TAG = ("pushed_at", "manifest")
_RETENTION = ("id", "algorithm", "rules")
_SHARE = ("deadline", "description", "permit")


def _fields(value: object, allowed: tuple[str, ...], where: str) -> Mapping[str, Any]:
    """``value`` as a mapping with only ``allowed`` keys (``None`` is an empty one)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"seed: {where} must be a dict, not {type(value).__name__}")
    for key in value:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"seed: unknown key {key!r} in {where}{hint}; keys: {', '.join(allowed)}")
    return value


def _names(value: object, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"seed: {where} must be a dict of names, not {type(value).__name__}")
    for name in value:
        if not isinstance(name, str):
            raise TypeError(f"seed: names in {where} must be str, not {name!r}")
    return value


def _moment(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        from .clock import parse_time

        parsed = parse_time(value)
        if parsed is not None:
            return parsed
    raise TypeError(f"seed: {where} must be a datetime or an ISO 8601 string, not {value!r}")


@contextlib.contextmanager
def clock_at(backend: SwrBackend, moment: datetime | None) -> Iterator[None]:
    """Everything done inside happens at ``moment`` (the fake's clock otherwise)."""
    if moment is None:
        yield
        return
    previous = backend.clock
    backend.clock = FrozenClock(moment)
    try:
        yield
    finally:
        backend.clock = previous


def seed(fake: FakeSwr, data: object) -> None:
    """Build the state ``data`` describes (`SEED_FORMAT`), on top of what exists; all or nothing."""
    top = _fields(data, _TOP, "the seed")
    region = top.get("region", fake.region)
    if region is not None:
        from .settings import check_region

        check_region(region)
    backend = fake.backend
    with backend.lock:
        before = take(backend)
        try:
            _seed(fake, top, region)
        except BaseException:
            restore(backend, before)
            raise


def _seed(fake: FakeSwr, top: Mapping[str, Any], region: str) -> None:
    backend = fake.backend
    caller = backend.caller(region)
    for key, limit in _fields(top.get("quotas"), ("namespace",), "quotas").items():
        backend.set_quota(caller.tenant, key, limit)
    for ns_name, ns_value in _names(top.get("namespaces"), "namespaces").items():
        ns_fields = _fields(ns_value, _NAMESPACE, f"namespace {ns_name!r}")
        with about(namespace=ns_name), clock_at(backend, _moment(ns_fields.get("created"), f"{ns_name}.created")):
            backend.create_namespace(caller, ns_name)
        repositories = _names(ns_fields.get("repositories"), f"{ns_name}.repositories")
        for repo_name, repo_value in repositories.items():
            _seed_repository(fake, caller, ns_name, repo_name, _fields(repo_value, _REPOSITORY, repo_name))


def _seed_repository(fake: FakeSwr, caller: Any, namespace: str, name: str, fields: Mapping[str, Any]) -> None:
    backend = fake.backend
    where = f"{namespace}/{name}"
    is_public = fields.get("is_public", False)
    if not isinstance(is_public, bool):
        raise TypeError(f"seed: {where}.is_public must be True or False, not {is_public!r}")
    for text_field in ("category", "description"):
        if fields.get(text_field) is not None and not isinstance(fields[text_field], str):
            raise TypeError(f"seed: {where}.{text_field} must be a str, not {fields[text_field]!r}")
    with about(namespace=namespace, repository=name), clock_at(backend, _moment(fields.get("created"), where)):
        backend.create_repo(caller, namespace, name, is_public, fields.get("category"), fields.get("description"))
    tags = fields.get("tags")
    if isinstance(tags, list | tuple):
        tags = dict.fromkeys(tags)
    for tag, tag_value in _names(tags, f"{where}.tags").items():
        tag_fields = _fields(tag_value, _TAG, f"{where}:{tag}")
        pushed_at = _moment(tag_fields.get("pushed_at"), f"{where}:{tag}.pushed_at")
        with about(namespace=namespace, repository=name, tag=tag), clock_at(backend, pushed_at):
            backend.push_image(caller, namespace, name, tag, tag_fields.get("manifest"))
    if fields.get("retention") is not None:
        _seed_retention(
            backend, caller, namespace, name, _fields(fields["retention"], _RETENTION, f"{where}.retention")
        )
    for domain, share_value in _names(fields.get("shares"), f"{where}.shares").items():
        share = _fields(share_value, _SHARE, f"{where}.shares[{domain!r}]")
        deadline = _deadline(share.get("deadline", "forever"), f"{where}.shares[{domain!r}].deadline")
        with about(namespace=namespace, repository=name):
            backend.create_repo_domains(
                caller, namespace, name, domain, share.get("permit", "read"), deadline, share.get("description")
            )


def _seed_retention(backend: SwrBackend, caller: Any, namespace: str, name: str, fields: Mapping[str, Any]) -> None:
    wanted = fields.get("id")
    if wanted is not None and (not isinstance(wanted, int) or isinstance(wanted, bool) or wanted < 1):
        raise TypeError(f"seed: {namespace}/{name}.retention.id must be a positive int, not {wanted!r}")
    with about(namespace=namespace, repository=name):
        retention = backend.create_retention(
            caller, namespace, name, fields.get("algorithm", "or"), fields.get("rules", [])
        )
    if wanted is not None:
        repo = backend.region(caller.region).namespaces[namespace].repositories[name]
        del repo.retentions[retention.id]
        retention.id = wanted
        repo.retentions[wanted] = retention


def _deadline(value: object, where: str) -> str:
    """A share deadline as the API spells it: ``forever``, ``YYYY-MM-DD`` or a UTC timestamp."""
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"seed: {where} must be 'forever', a date, a datetime or a str, not {value!r}")
