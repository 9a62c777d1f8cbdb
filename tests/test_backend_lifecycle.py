"""The backend's lifecycle: ``reset()`` re-initialises, and what follows a push runs in one stated order."""

from __future__ import annotations

import dataclasses
import gc
import inspect
import random
import threading
import weakref
from datetime import datetime, timedelta
from typing import Any

from swr_fake import FrozenClock
from swr_fake.backend import SwrBackend
from swr_fake.backend.indexes import RepoOrders, TagIndex, TagOrder
from swr_fake.clock import IdSource
from swr_fake.model import Caller

EAST = "cn-east-3"
KEEP_ONE = [{"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": []}]


def canonical(value: Any, seen: set[int] | None = None) -> Any:
    """Everything reachable from ``value`` as plain data, so that two backends compare with ``==``.

    Records are followed field by field (a record met again is named, not repeated: the model
    has cycles); dict keys that are records are dumped too; the kept indexes and the id source
    are opened up, so counters and caches take part in the comparison.
    """
    seen = set() if seen is None else seen
    if isinstance(value, (str, int, float, bool, type(None), bytes, datetime)):
        return value
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [canonical(item, seen) for item in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(repr(canonical(item, seen)) for item in value)]
    if isinstance(value, dict):
        return sorted((repr(canonical(k, seen)), canonical(v, seen)) for k, v in value.items())
    if isinstance(value, set | frozenset):
        return sorted(repr(canonical(item, seen)) for item in value)
    if isinstance(value, random.Random):
        return ["Random", value.getstate()]
    if callable(value) and hasattr(value, "__func__"):  # a bound method (the hooks)
        return ["method", value.__func__.__qualname__]
    if id(value) in seen:
        return ["seen", type(value).__name__, getattr(value, "id", getattr(value, "name", None))]
    seen.add(id(value))
    if dataclasses.is_dataclass(value):
        names = [f.name for f in dataclasses.fields(value)]
    elif isinstance(value, (TagIndex, TagOrder, RepoOrders)):
        names = list(type(value).__slots__)
    elif isinstance(value, IdSource):
        names = list(vars(value))
    else:
        raise AssertionError(f"the comparison does not know {type(value).__name__}: teach it")
    return [type(value).__name__, {name: canonical(getattr(value, name), seen) for name in names}]


def state_of(backend: SwrBackend) -> Any:
    """Every attribute but the settings (lock, clock and seed stay the same objects)."""
    return canonical({name: value for name, value in vars(backend).items() if name not in ("lock", "clock", "seed")})


def busy_history(backend: SwrBackend) -> None:
    """At least one of everything the backend keeps: state, counters, credentials and caches."""
    me = backend.caller()
    backend.create_namespace(me, "group")
    backend.create_namespace(Caller(me.tenant, me.user, EAST), "group-east")
    backend.create_repo(me, "group", "app", is_public=False)
    backend.create_image_sync_repo(me, "group", "app", EAST, "group-east", sync_auto=True)
    backend.create_trigger(
        me, "group", "app", "deploy", trigger_type="all", condition=".*", enable=True,
        app_type="deployments", application="web", cluster_ns="default",
    )  # fmt: skip
    backend.create_retention(me, "group", "app", "or", KEEP_ONE)
    for tag in ("v1", "v2", "v3"):
        backend.push_image(me, "group", "app", tag)
    backend.push_image(me, "group", "web", "latest")
    backend.pull_image(me, "group", "app", "v3")
    for column in ("updated_at", "created_at", "tag"):
        backend.list_tags(me, "group", "web", order_column=column, descending=False)
    backend.tag_memo(backend.show_repository(me, "group", "web"))["page"] = b"[]"
    backend.list_repos(me, order_column="name")
    other = backend.add_tenant("elsewhere")
    user = backend.add_user("dev")
    backend.create_user_repository_auth(me, "group", "web", [(user.user_id, user.user_name, 1)])
    backend.create_repo_domains(me, "group", "web", "elsewhere", "read", "forever")
    backend.add_access_key(user)
    backend.issue_token(other.admin)
    backend.create_secret(me, None)
    backend.set_quota(other, "namespace", 9)
    backend.create_agency(me)
    backend.enforce_permissions = True


def test_a_reset_backend_is_a_fresh_one() -> None:
    clock = FrozenClock()  # one clock for both that does not move: the times agree too
    fresh, busy = SwrBackend(seed=7, clock=clock), SwrBackend(seed=7, clock=clock)
    before = state_of(fresh)
    busy_history(busy)
    assert state_of(busy) != before  # the history did leave something behind to forget
    lock = busy.lock

    busy.reset()

    assert state_of(busy) == before
    assert busy.lock is lock and busy.clock is clock and busy.seed == 7
    # The ids restart from the seed: the same work gives the same ids on both.
    for backend in (fresh, busy):
        backend.create_namespace(backend.caller(), "again")
    assert state_of(busy) == state_of(fresh)


class Probe:
    """Something a weak reference can follow (the records have slots and cannot be)."""


def test_reset_drops_what_it_was_not_told_about() -> None:
    backend = SwrBackend()
    backend.later_feature_cache = {"kept": "forever?"}  # type: ignore[attr-defined]
    me = backend.caller()
    backend.create_namespace(me, "group")
    backend.push_image(me, "group", "app", "v1")
    probe = Probe()
    backend.tag_memo(backend.show_repository(me, "group", "app"))["probe"] = probe
    gone = weakref.ref(probe)
    del probe

    backend.reset()

    assert not hasattr(backend, "later_feature_cache")
    gc.collect()
    assert gone() is None  # nothing still holds what the API layer kept for the old records


def test_reset_waits_for_an_operation_in_progress() -> None:
    backend = SwrBackend()
    started, release = threading.Event(), threading.Event()

    def long_operation() -> None:
        with backend.lock:
            backend.create_namespace(backend.caller(), "group")
            started.set()
            release.wait(5)
            backend.push_image(backend.caller(), "group", "app", "v1")

    worker = threading.Thread(target=long_operation)
    worker.start()
    started.wait(5)
    resetter = threading.Thread(target=backend.reset)
    resetter.start()
    resetter.join(0.05)
    assert resetter.is_alive()  # it holds off while the operation holds the lock
    release.set()
    worker.join(5)
    resetter.join(5)
    assert backend.region(backend.caller().region).namespaces == {}


def test_post_push_order_is_sync_then_triggers_then_retention() -> None:
    backend = SwrBackend(clock=FrozenClock(tick=timedelta(seconds=1)))
    assert [hook.__name__ for hook in backend.post_push] == ["_sync_pushed_tag", "_fire_triggers", "_retain_after_push"]
    me = backend.caller()
    backend.create_namespace(me, "group")
    backend.create_namespace(Caller(me.tenant, me.user, EAST), "group-east")
    backend.push_image(me, "group", "app", "v1")
    backend.create_image_sync_repo(me, "group", "app", EAST, "group-east", sync_auto=True)
    backend.create_trigger(
        me, "group", "app", "deploy", trigger_type="all", condition=".*", enable=True,
        app_type="deployments", application="web", cluster_ns="default",
    )  # fmt: skip
    backend.create_retention(me, "group", "app", "or", KEEP_ONE)

    backend.push_image(me, "group", "app", "v2")

    repo = backend.show_repository(me, "group", "app")
    # Sync copied v2 before anything else ran; the trigger saw v2; retention then kept only v2.
    assert [(job.tag, job.status) for job in repo.sync_jobs] == [("v2", "success")]
    assert [h.tag for h in repo.triggers["deploy"].history] == ["v2"]
    assert sorted(repo.tags) == ["v2"] and [log.tag for log in repo.retention_logs] == ["v1"]
    east = backend.show_repository(Caller(me.tenant, me.user, EAST), "group-east", "app")
    assert sorted(east.tags) == ["v2"]
    # The clock ticks on every reading, so the records' times give the order the hooks ran in.
    (job,) = repo.sync_jobs
    (fired,) = repo.triggers["deploy"].history
    (trimmed,) = repo.retention_logs
    assert job.created_at < east.tags["v2"].updated < fired.created_at < trimmed.created_at


def test_no_operation_is_overridden_across_mixins() -> None:
    """Each method is defined once in the backend's classes: what follows an operation is a hook,
    never a second definition further down the composition (only the hook declarations, stated
    by ``SwrBackend``, replace the base's empty defaults)."""
    declarations = {"_tag_set_hooks", "_post_push_hooks", "_post_pull_hooks"}
    defined: dict[str, list[str]] = {}
    for cls in SwrBackend.__mro__:
        for name, value in vars(cls).items():
            if inspect.isfunction(value) and not name.startswith("__") and name not in declarations:
                defined.setdefault(name, []).append(cls.__name__)
    assert {name: owners for name, owners in defined.items() if len(owners) > 1} == {}
