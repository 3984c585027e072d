"""Shared fixtures: one contract, every store backend.

Following networkx's ``--backend`` pattern, store-facing tests take the ``store``
fixture, which is parametrised over the backends selected with ``--backend``
(default: all). The Neo4j leg talks to the real server named by ``GRAPHKIT_NEO4J_*``
(``.ci/run`` starts one); when ``CI`` or ``GRAPHKIT_REQUIRE_NEO4J`` is set, an
unreachable server fails the run instead of skipping it, and under ``CI`` any skip
fails. Every test that reaches the Neo4j fixture is marked ``neo4j`` here, at collection.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphkit.config import Settings
from graphkit.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("memory", "neo4j")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        action="append",
        choices=BACKENDS,
        help="store backend(s) to run the store-facing tests on (default: all)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("backend") or list(BACKENDS)
        metafunc.parametrize("backend", chosen, scope="session")


# The fixture every Neo4j test reaches, directly or through ``neo4j_store``.
NEO4J_FIXTURE = "_neo4j_session_store"


def needs_neo4j(item: pytest.Item) -> bool:
    """Whether a test talks to the shared Neo4j through the fixtures.

    ``item.fixturenames`` holds every fixture a test reaches, through other fixtures too;
    the ``--backend`` parametrised fixtures (``store``, ``server``...) reach Neo4j on their
    ``neo4j`` leg only, through ``request.getfixturevalue``, so that leg counts by its param.
    """
    if NEO4J_FIXTURE in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("backend") == "neo4j"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # `-m "not neo4j"` (make test-fast) must leave out every Neo4j test without each one
    # carrying a hand-written mark; tests that start a Neo4j of their own keep theirs.
    for item in items:
        if needs_neo4j(item):
            item.add_marker(pytest.mark.neo4j)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    # Under CI every service a test needs is there, so a skip hides a broken set-up:
    # it fails instead (an xfail is reported as a skip too and stays what it is).
    report: pytest.TestReport = yield
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI (CI is set), which counts as a failure: {reason}"
    return report


def neo4j_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("GRAPHKIT_REQUIRE_NEO4J"))


def test_settings(**overrides: object) -> Settings:
    """Settings for tests: the environment's Neo4j, a throwaway home for the rest."""
    return Settings(**overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    # sync: every neighbourhood and path in the contract suite goes through a fresh
    # snapshot; tests/store/test_snapshot.py holds it to the Cypher answers
    return test_settings(store="neo4j", snapshot="sync")


@pytest.fixture(scope="session")
def _neo4j_session_store(neo4j_settings: Settings) -> Iterator[GraphStore]:
    from graphkit.errors import GraphkitError
    from graphkit.store import open_store

    try:
        store = open_store(neo4j_settings)
    except GraphkitError as exc:
        msg = f"Neo4j at {neo4j_settings.neo4j_uri} is not usable: {exc}"
        if neo4j_required():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg + " (run `graphkit neo4j start` or set GRAPHKIT_NEO4J_URI)")
    if not neo4j_required() and store.stats().articles > 0:
        # The tests empty the graph; never do that to someone's data by accident.
        # `make test` runs its own server and sets GRAPHKIT_REQUIRE_NEO4J.
        store.close()
        pytest.skip(
            f"Neo4j at {neo4j_settings.neo4j_uri} holds articles and the tests would erase "
            "them; use `make test` (a throwaway server) or set GRAPHKIT_REQUIRE_NEO4J=1"
        )
    yield store
    store.close()


@pytest.fixture
def neo4j_store(_neo4j_session_store: GraphStore) -> Iterator[GraphStore]:
    """The real Neo4j, emptied before each test."""
    _neo4j_session_store.clear()
    yield _neo4j_session_store


@pytest.fixture
def memory_store() -> Iterator[GraphStore]:
    from graphkit.store.memory import MemoryStore

    store = MemoryStore()
    store.setup()
    yield store
    store.close()


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest) -> GraphStore:
    """An empty store of each selected backend."""
    fixture = "neo4j_store" if backend == "neo4j" else "memory_store"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]
