"""The pytest plugin (``pytest11`` entry point): the ``swr`` fixture and its settings.

One fake per test session (per xdist worker), reset before each test: building the fake
once and resetting it is far cheaper than building it per test. Every setting is a
session-scoped fixture a project can override in its ``conftest.py``.

pytest imports this module at every start-up, in every project where swr-fake is installed:
it imports nothing of the fake until a fixture runs, so that projects (and test runs) that
never ask for ``swr`` pay nothing (``docs/bench.md``, "Plugin start-up").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from .clock import Clock
    from .fake import FakeSwr

__all__ = [
    "swr",
    "swr_clock",
    "swr_engine",
    "swr_region",
    "swr_seed",
    "swr_server",
    "swr_server_session",
    "swr_validate_responses",
]


@pytest.fixture(scope="session")
def swr_region() -> str:
    """The default region of ``swr.client()`` and ``swr.push_image``."""
    from .backend import DEFAULT_REGION

    return DEFAULT_REGION


@pytest.fixture(scope="session")
def swr_seed() -> int:
    """Seed of the ids and random strings the fake makes up."""
    return 0


@pytest.fixture(scope="session")
def swr_clock() -> Clock | None:
    """The fake's clock; ``None`` is the wall clock. Return a ``FrozenClock`` for fixed times."""
    return None


@pytest.fixture(scope="session")
def swr_validate_responses() -> bool:
    """Check every response body against ``schemas/`` and fail the test on a mismatch."""
    return False


@pytest.fixture(scope="session")
def swr_engine(swr_region: str, swr_seed: int, swr_clock: Clock | None, swr_validate_responses: bool) -> FakeSwr:
    """The session's one ``FakeSwr``, built from the settings above; tests use ``swr``, which
    resets it and makes it active. Override it to build the fake yourself."""
    from .fake import FakeSwr

    return FakeSwr(region=swr_region, seed=swr_seed, clock=swr_clock, validate_responses=swr_validate_responses)


@pytest.fixture
def swr(swr_engine: FakeSwr) -> Iterator[FakeSwr]:
    """A fresh, active fake SWR: every ``requests`` call to an SWR host is answered by it."""
    swr_engine.reset()
    with swr_engine:
        yield swr_engine
    problems = swr_engine.dispatcher.schema_violations + swr_engine.dispatcher.internal_errors
    problems += swr_engine.registry.internal_errors
    if problems:
        pytest.fail("swr_fake answered off-schema or failed internally:\n" + "\n".join(problems))


@pytest.fixture(scope="session")
def swr_server_session(swr_engine: FakeSwr) -> Iterator[Any]:
    """One `swr_fake.server.SwrServer` per session (per xdist worker) on a free loopback port,
    serving the session's fake (werkzeug is imported only when a test asks for it)."""
    from .server.listener import SwrServer

    with SwrServer(swr_engine) as server:
        yield server


@pytest.fixture
def swr_server(swr_server_session: Any) -> Iterator[Any]:
    """The session's running server, its fake reset before the test (``.url``, ``.registry``, ``.fake``)."""
    swr_server_session.fake.reset()
    yield swr_server_session
    problems = swr_server_session.fake.dispatcher.internal_errors
    if problems:
        pytest.fail("swr_fake failed internally while serving:\n" + "\n".join(problems))
