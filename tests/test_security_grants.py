"""Privilege escalation: nobody grants more than they hold, and granting needs manage (7).

The table covers every holder (1, 3, 7 on the organization or on the repository only) ×
every grant operation (organization and repository; create, update, revoke) × every level
granted, to themselves and to someone else, over HTTP with the holder's own token.
"""

from __future__ import annotations

import itertools

import pytest

from swr_fake import FakeSwr
from swr_fake.model import User
from tests.support import TOKEN_HEADERS, api

HOLDERS = [(where, level) for where in ("org", "repo") for level in (1, 3, 7)]
ORG = "/v2/manage/namespaces/group/access"
REPO = "/v2/manage/namespaces/group/repos/app/access"


def _setup(swr: FakeSwr, where: str, level: int) -> tuple[User, User]:
    swr.create_namespace("group")
    swr.push_image("group", "app", "v1")
    holder, other = swr.add_user("holder"), swr.add_user("other")
    swr.grant(holder, "group", level, repository="app" if where == "repo" else None)
    swr.grant(other, "group", 1)
    swr.grant(other, "group", 1, repository="app")
    swr.enforce_permissions()
    return holder, other


def _as(swr: FakeSwr, user: User, method: str, path: str, body: object) -> int:
    headers = {**TOKEN_HEADERS, "X-Auth-Token": swr.issue_token(user)}
    return api(swr, method, path, body=body, headers=headers).status_code


def _allowed(where: str, held: int, path: str, granted: int) -> bool:
    """The rule: manage on the object (an organization grant covers its repositories), and
    nothing above what one holds (always true once one holds 7)."""
    on_object = held if (where == "org" or path == REPO) else 0
    return on_object == 7 and granted <= on_object


@pytest.mark.parametrize(("where", "held"), HOLDERS)
def test_nobody_grants_above_their_own_right_or_without_manage(swr: FakeSwr, where: str, held: int) -> None:
    for path, granted, to_self in itertools.product((ORG, REPO), (1, 3, 7), (True, False)):
        swr.reset()
        holder, other = _setup(swr, where, held)
        target = holder if to_self else other
        body = [{"user_id": target.user_id, "user_name": target.user_name, "auth": granted}]
        before = swr.snapshot()
        # Create when the target has no grant there yet, else update: either way a grant of `granted`.
        exists = not to_self or (path == ORG) == (where == "org")
        status = _as(swr, holder, "PATCH" if exists else "POST", path, body)
        expected_ok = _allowed(where, held, path, granted)
        assert (status < 300) == expected_ok, (path, granted, target.user_name, status)
        if not expected_ok:
            assert status == 403 and swr.snapshot() == before


@pytest.mark.parametrize(("where", "held"), HOLDERS)
def test_revoking_needs_manage_too(swr: FakeSwr, where: str, held: int) -> None:
    holder, other = _setup(swr, where, held)
    for path in (ORG, REPO):
        before = swr.snapshot()
        status = _as(swr, holder, "DELETE", path, [other.user_id])
        expected_ok = _allowed(where, held, path, 1)
        assert (status < 300) == expected_ok, (path, status)
        if not expected_ok:
            assert swr.snapshot() == before


def test_a_writer_cannot_make_itself_manager_and_delete_the_repository(swr: FakeSwr) -> None:
    """The example from the break-it pass."""
    holder, _ = _setup(swr, "org", 3)
    body = [{"user_id": holder.user_id, "user_name": holder.user_name, "auth": 7}]
    assert _as(swr, holder, "POST", REPO, body) == 403
    assert _as(swr, holder, "DELETE", "/v2/manage/namespaces/group/repos/app", None) == 403
    assert "app" in swr.snapshot()["regions"]["cn-north-4"]["group"]["repositories"]
