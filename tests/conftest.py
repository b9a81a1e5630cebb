"""Shared fixtures. Keep each fixture small; other modules add theirs below."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from cbs_replay import CbsReplay

pytest_plugins = ["fixtures_cache", "fixtures_app", "fixtures_raw"]

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # plain `pytest` finds data_sources too
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(scope="session")
def snapshot_dir() -> Path:
    """The read-only reference data (CORONADASH_SNAPSHOT_DIR, default ../shared/data)."""
    configured = os.environ.get("CORONADASH_SNAPSHOT_DIR")
    path = Path(configured) if configured else REPO_ROOT / ".." / "shared" / "data"
    path = path.resolve()
    if not path.is_dir():
        pytest.fail(f"snapshot directory {path} not found (CORONADASH_SNAPSHOT_DIR)")
    return path


@pytest.fixture(scope="session")
def _cbs_replay_server(snapshot_dir: Path):
    with CbsReplay(snapshot_dir) as server:
        yield server


@pytest.fixture
def cbs_replay(_cbs_replay_server: CbsReplay) -> CbsReplay:
    """The CBS replay server (v3 ODataFeed and v4 OData on 127.0.0.1), clean per test."""
    _cbs_replay_server.reset()
    yield _cbs_replay_server
    _cbs_replay_server.reset()


@pytest.fixture(autouse=True)
def _pages_keep_their_service():
    """Every test leaves ``dashboard.state`` (the service the pages read) as it found
    it. ``create_app`` points the whole process at the new app's service; a test
    that built one (or swapped the service) used to leave the later tests of its
    module on it, so their outcome depended on the shuffled order."""
    from dashboard import state

    before = (state._service, state._settings)
    yield
    state._service, state._settings = before


POSTGRES_FIXTURES = {"postgres_url", "own_postgres"}
# Modules whose tests each take many seconds (subprocess servers, killed refreshes,
# fuzzing, Chromium for every brief): the fast lane (`make test-fast`) leaves them out.
SLOW_MODULES = {
    "test_faults",
    "test_hostile_input",
    "test_exports_docs",
    "test_refresh",
    "test_serve_workers",
    "test_precompute",
    "test_two_machines",
    "test_cli_indicators",  # a refresh of its own (about 30 s) before the first test
    "test_gunicorn_limits",  # a gunicorn subprocess server per module
}


def pytest_collection_modifyitems(config, items):
    """Mark the PostgreSQL and the slow tests, so the fast lane can leave them out.

    A test needs the server when it asks for ``postgres_url`` itself or runs the
    ``postgresql`` parameter of ``cache_url`` (or of another backend-parametrised
    fixture); the marker follows the fixtures, so it cannot be forgotten on a new test.
    """
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & POSTGRES_FIXTURES or ("postgresql" in params.values()):
            item.add_marker(pytest.mark.postgres)
        if item.module is not None and item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
