"""Cache fixtures: every cache test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass

import pytest
from postgres_server import PostgresServer, PostgresUnavailable
from sqlalchemy import create_engine, text


@pytest.fixture(scope="session")
def postgres_url():
    given = os.environ.get("CORONADASH_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        server = PostgresServer()
        url = server.start()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield url
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def cache_url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cache.sqlite'}"
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield url


@contextlib.contextmanager
def fresh_database(base: str):
    """An empty database of its own on the PostgreSQL server at ``base``."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test alone: it is stopped and started again."""
    server = PostgresServer()
    url = server.start()
    yield server, url
    server.stop()


@dataclass
class PostgresApp:
    server: PostgresServer  # pause() / resume() make an outage
    cache: object
    app: object
    client: object  # the app's Flask test client


@pytest.fixture
def postgres_app(tmp_path, snapshot_dir, own_postgres) -> PostgresApp:
    """The dashboard on a snapshot cache in a PostgreSQL server of this test alone,
    first page answered (the outage tests pause and resume the server)."""
    from fixtures_app import snapshot_settings

    from dashboard.app_factory import create_app
    from data_sources.cache import Cache
    from data_sources.refresh import refresh

    server, url = own_postgres
    settings = snapshot_settings(tmp_path, snapshot_dir, url)
    cache = Cache(url)
    assert refresh(cache, settings, "snapshot").ok
    app = create_app(settings, cache, warm=False)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    return PostgresApp(server, cache, app, client)
