"""The pytest plugin (``pytest11`` entry point): the ``swr`` fixture and its settings.

One fake per test session (per xdist worker), reset before each test: building the fake
once and resetting it is far cheaper than building it per test. Every setting is a
fixture a project can override in any ``conftest.py`` or test module, and per test with
``@pytest.mark.swr(region=..., seed=..., clock=...)``; before each test every setting goes
back to the value that test is configured with (`swr_fake.settings`), whatever ran before.

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
    from .settings import Settings

__all__ = [
    "FakeFactory",
    "FakeRun",
    "pytest_configure",
    "swr",
    "swr_assert_all_faults_fired",
    "swr_clock",
    "swr_engine",
    "swr_factory",
    "swr_region",
    "swr_seed",
    "swr_server",
    "swr_refuse_unmatched",
    "swr_server_session",
    "swr_validate_responses",
]

_MARKER_HELP = (
    "swr(region=, seed=, clock=, validate_responses=, assert_all_faults_fired=, refuse_unmatched=): "
    "settings of the swr fixture for this test (override the swr_* fixtures)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", _MARKER_HELP)


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
def swr_assert_all_faults_fired() -> bool:
    """Fail a test whose injected faults did not all act on a request (``swr.faults.assert_all_fired()``)."""
    return False


@pytest.fixture(scope="session")
def swr_refuse_unmatched() -> bool:
    """Refuse requests to hosts the fake does not own (``swr.refuse_unmatched``) in every test."""
    return False


@pytest.fixture(scope="session")
def swr_engine() -> FakeSwr:
    """The session's one fake; the ``swr`` fixture configures it from the settings above and
    resets it before each test. Override it to build the fake yourself."""
    from .fake import FakeSwr

    return FakeSwr()


def _settings(
    request: pytest.FixtureRequest | None,
    region: str,
    seed: int,
    clock: Clock | None,
    validate_responses: bool,
    assert_all_faults_fired: bool,
    refuse_unmatched: bool,
) -> Settings:
    """The fixtures' values, then every ``@pytest.mark.swr`` from the farthest (module) to the
    closest (the test); wrong names and values raise at once."""
    from .settings import Settings

    settings = Settings(region, seed, clock, validate_responses, assert_all_faults_fired, refuse_unmatched)
    if request is not None:
        for marker in reversed(list(request.node.iter_markers("swr"))):
            if marker.args:
                raise TypeError("@pytest.mark.swr takes keyword arguments only, e.g. @pytest.mark.swr(region='eu-de')")
            settings = settings.updated(marker.kwargs, where="@pytest.mark.swr")
    return settings


def _problems(engine: FakeSwr) -> list[str]:
    """Off-schema answers and internal errors of every surface, since the last reset."""
    return engine.dispatcher.schema_violations + engine.dispatcher.internal_errors + engine.registry.internal_errors


def _check_after(engine: FakeSwr, settings: Settings) -> None:
    problems = _problems(engine)
    if problems:
        pytest.fail("swr_fake answered off-schema or failed internally:\n" + "\n".join(problems))
    if settings.assert_all_faults_fired and engine._faults is not None:
        try:
            engine.faults.assert_all_fired()
        except AssertionError as exc:
            pytest.fail(str(exc))


@pytest.fixture
def swr(
    request: pytest.FixtureRequest,
    swr_engine: FakeSwr,
    swr_region: str,
    swr_seed: int,
    swr_clock: Clock | None,
    swr_validate_responses: bool,
    swr_assert_all_faults_fired: bool,
    swr_refuse_unmatched: bool,
) -> Iterator[FakeSwr]:
    """A fresh, active fake SWR: every ``requests`` call to an SWR host is answered by it.
    Every setting (region, seed, clock, keys, switches, faults, quotas) is as configured."""
    from .settings import apply

    settings = _settings(
        request,
        swr_region,
        swr_seed,
        swr_clock,
        swr_validate_responses,
        swr_assert_all_faults_fired,
        swr_refuse_unmatched,
    )
    apply(swr_engine, settings)
    with swr_engine:
        yield swr_engine
    _check_after(swr_engine, settings)


class FakeRun:
    """One use of the factory's fake: ``with`` starts it, and stops it at the end, where an
    off-schema answer or an internal error fails the example."""

    def __init__(self, engine: FakeSwr) -> None:
        self.engine = engine

    def __enter__(self) -> FakeSwr:
        return self.engine.start()

    def __exit__(self, *exc_info: object) -> None:
        self.engine.stop()
        problems = _problems(self.engine)
        if problems and exc_info[0] is None:
            raise AssertionError("swr_fake answered off-schema or failed internally:\n" + "\n".join(problems))


class FakeFactory:
    """``swr_factory(**overrides)``: the module's fake, reset to its settings plus ``overrides``
    (the ``@pytest.mark.swr`` keywords), for ``with swr_factory() as swr:`` once per example."""

    def __init__(self, engine: FakeSwr, base: Settings) -> None:
        self._engine = engine
        self._base = base

    def __call__(self, **overrides: Any) -> FakeRun:
        from .settings import apply

        if self._engine in _active():
            raise RuntimeError("swr_factory(): the previous fake is still active; use `with swr_factory() as swr:`")
        apply(self._engine, self._base.updated(overrides, where="swr_factory()"))
        return FakeRun(self._engine)


@pytest.fixture(scope="module")
def swr_factory(swr_region: str, swr_seed: int, swr_clock: Clock | None, swr_validate_responses: bool) -> FakeFactory:
    """For hypothesis ``@given`` tests, which refuse function-scoped fixtures such as ``swr``:
    ``with swr_factory() as swr:`` inside the test gives a fresh, active fake per example."""
    from .fake import FakeSwr
    from .settings import Settings

    return FakeFactory(FakeSwr(), Settings(swr_region, swr_seed, swr_clock, swr_validate_responses))


def _active() -> list[FakeSwr]:
    from .fake import _ACTIVE

    return list(_ACTIVE)


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
