"""Public Python helpers check their arguments: a wrong type is a ``TypeError``, a wrong value a
``ValueError``, and nothing changes. A table over every helper and every argument."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from swr_fake import FakeSwr
from swr_fake.validate import INT64_MAX
from tests.support import api

WRONG = [True, 1, 1.5, float("nan"), b"bytes", ["list"], object()]


def _world(swr: FakeSwr) -> dict[str, Any]:
    swr.create_namespace("py")
    swr.push_image("py", "app", "v1")
    return {"user": swr.add_user("pat"), "tenant": swr.add_tenant("other")}


# helper -> arguments that work (callables receive the world), and which arguments may be None.
CALLS: dict[str, tuple[dict[str, Any], frozenset[str]]] = {
    "add_tenant": ({"domain_name": "acme", "admin_name": "boss"}, frozenset({"admin_name"})),
    "add_user": ({"name": "ann", "tenant": "tenant", "admin": False}, frozenset({"tenant"})),
    "add_access_key": (
        {"user": "user", "access_key": "AK" * 10, "secret_key": "SK" * 20},
        frozenset({"user", "access_key", "secret_key"}),
    ),
    "issue_token": ({"user": "user", "ttl": timedelta(hours=1)}, frozenset({"user"})),
    "grant": (
        {"user": "user", "namespace": "py", "auth": 3, "repository": "app", "region": "cn-north-4"},
        frozenset({"repository", "region"}),
    ),
    "push_image": (
        {"namespace": "py", "repository": "app", "tag": "v2", "manifest": None, "region": None, "user": None},
        frozenset({"manifest", "region", "user"}),
    ),
    "pull_image": ({"namespace": "py", "repository": "app", "tag": "v1"}, frozenset()),
    "run_retention": ({"namespace": "py", "repository": "app"}, frozenset()),
    "docker_login": ({"username": "u", "password": "p"}, frozenset()),
    "set_quota": ({"key": "namespace", "limit": 7}, frozenset()),
    "create_namespace": ({"name": "another"}, frozenset()),
    "create_repository": (
        {"namespace": "py", "name": "fresh", "is_public": True, "description": "d"},
        frozenset({"description"}),
    ),
    "require_signatures": ({"max_skew": timedelta(minutes=1)}, frozenset({"max_skew"})),
    "enforce_permissions": ({"enabled": True}, frozenset()),
}
ACCEPTED_TYPES: dict[tuple[str, str], tuple[type, ...]] = {
    ("push_image", "manifest"): (bytes, str, dict),
}


def _resolve(world: dict[str, Any], value: Any) -> Any:
    return world[value] if isinstance(value, str) and value in world else value


def _cases() -> list[Any]:
    cases = []
    for helper, (arguments, nullable) in CALLS.items():
        for name in arguments:
            for wrong in [*WRONG, None]:
                if wrong is None and name in nullable:
                    continue
                if isinstance(wrong, ACCEPTED_TYPES.get((helper, name), ())) or type(wrong) is type(arguments[name]):
                    continue  # a value of the argument's own type is not a wrong type
                cases.append(pytest.param(helper, name, wrong, id=f"{helper}-{name}-{type(wrong).__name__}"))
    return cases


@pytest.mark.parametrize(("helper", "name", "wrong"), _cases())
def test_every_helper_refuses_every_wrongly_typed_argument(swr: FakeSwr, helper: str, name: str, wrong: Any) -> None:
    world = _world(swr)
    arguments = {key: _resolve(world, value) for key, value in CALLS[helper][0].items()}
    before = swr.snapshot()
    settings = (swr.verify_signatures, swr.gateway.max_skew, swr.backend.enforce_permissions)
    with pytest.raises((TypeError, ValueError)):
        getattr(swr, helper)(**{**arguments, name: wrong})
    assert swr.snapshot() == before
    assert (swr.verify_signatures, swr.gateway.max_skew, swr.backend.enforce_permissions) == settings


@pytest.mark.parametrize("helper", list(CALLS))
def test_every_helper_accepts_its_valid_arguments(swr: FakeSwr, helper: str) -> None:
    """The baseline of the table above works, so each refusal is about the one argument."""
    world = _world(swr)
    getattr(swr, helper)(**{key: _resolve(world, value) for key, value in CALLS[helper][0].items()})


@pytest.mark.parametrize("limit", [10**5000, INT64_MAX + 1, -1], ids=["5000-digits", "int64-plus-1", "negative"])
def test_a_quota_beyond_int64_is_refused_and_reads_keep_working(swr: FakeSwr, limit: int) -> None:
    with pytest.raises(ValueError):
        swr.set_quota("namespace", limit)
    assert api(swr, "GET", "/v2/manage/projects/p/quotas").json()["quotas"][0]["quota_limit"] == 5
    swr.set_quota("namespace", INT64_MAX)


@pytest.mark.parametrize("auth", [True, False, 7.0, "7", None])
def test_grant_takes_an_int_level(swr: FakeSwr, auth: Any) -> None:
    """``True == 1`` in Python; the helper does not read it as read access."""
    world = _world(swr)
    with pytest.raises(TypeError):
        swr.grant(world["user"], "py", auth)
    with pytest.raises(ValueError):
        swr.grant(world["user"], "py", 2)
