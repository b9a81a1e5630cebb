"""Faults: a refresh killed with SIGKILL, a refresh under a serving app, catalog
answers that changed, and a cache that is locked, read-only, corrupted or gone.

Builds on test_refresh.py (HTTP 500/404, timeout, truncated JSON, a dropped column or
measure per table) and test_cache.py (failed write, concurrent raw reads, corrupted
file, unreachable PostgreSQL at open); what those cover is not repeated here.
"""

from __future__ import annotations

import math
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cbs_replay import v3_path, v4_path
from test_refresh import CBS_TABLES, by_dataset, make_settings

from data_sources.cache import Cache, CacheError
from data_sources.refresh import refresh

REPO = Path(__file__).resolve().parents[1]
KILL_SEED = 7  # kill points are random but repeatable
KILL_POINTS = 4  # after a random number of catalog requests; plus two during a write
DEADLINE_S = 120  # no subprocess may run longer than this


def doubled(kind, table, name, rows):
    """The replay's "new release": every v4 observation value twice as large."""
    for row in rows:
        if isinstance(row.get("Value"), (int, float)):
            row["Value"] = row["Value"] * 2
    return rows


def fingerprint(cache: Cache) -> dict[str, tuple]:
    """Per dataset: provenance (version, checksum, row count, origin) and what the
    rows hold (count, exact sum of the values)."""
    sources = cache.sources().set_index("dataset")
    result = {}
    for dataset in CBS_TABLES:
        if dataset not in sources.index:
            result[dataset] = None
            continue
        rows = cache.observations(dataset)
        values = [v for v in rows["value"] if v == v and v is not None]
        source = sources.loc[dataset]
        result[dataset] = (
            int(source["version"]),
            source["checksum"],
            int(source["row_count"]),
            source["origin"],
            len(rows),
            round(math.fsum(values), 6),
        )
    return result


def cli_refresh(config: Path, database_url: str) -> subprocess.Popen:
    only = [arg for table in CBS_TABLES for arg in ("--only", table)]
    env = {
        **os.environ,
        "CORONADASH_CONFIG": str(config),
        "CORONADASH_DATABASE_URL": database_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "refresh", "--source", "live", *only],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, process: subprocess.Popen) -> bool:
    """Poll until ``condition()`` or the process ends; True when the condition held."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)
    process.kill()
    pytest.fail("refresh did not reach its kill point in time")


@pytest.fixture
def old_cache_file(tmp_path, snapshot_dir, cbs_replay) -> tuple[Path, Path]:
    """A SQLite cache with the snapshot version of the tables, and its config."""
    path = tmp_path / "old.sqlite"
    settings = make_settings(
        tmp_path, snapshot_dir, cbs_replay.base_url, f"sqlite:///{path}"
    )
    cache = Cache(settings.sqlalchemy_url)
    assert refresh(cache, settings, "snapshot", only=CBS_TABLES).ok
    cache.engine.dispose()  # the last connection checkpoints the WAL into the file
    return path, tmp_path / "config.yaml"


def test_a_refresh_killed_at_random_points_leaves_the_previous_data_intact(
    tmp_path, old_cache_file, cbs_replay
):
    old_path, config = old_cache_file
    old = fingerprint(Cache(f"sqlite:///{old_path}"))
    cbs_replay.page_size = 1000
    cbs_replay.transform(v4_path(""), doubled)

    # What a complete refresh gives (and how many requests it makes).
    complete = tmp_path / "complete.sqlite"
    shutil.copy(old_path, complete)
    run = cli_refresh(config, f"sqlite:///{complete}")
    assert run.wait(timeout=DEADLINE_S) == 0, run.stderr.read()
    new = fingerprint(Cache(f"sqlite:///{complete}"))
    total = len(cbs_replay.requests)
    assert all(new[d] != old[d] for d in CBS_TABLES)  # every table really changes

    cbs_replay.delay("/", 0.05)  # slow catalog: the kill lands inside the work
    rng = random.Random(KILL_SEED)
    points = [("request", n) for n in sorted(rng.sample(range(1, total), KILL_POINTS))]
    points += [("write", 1), ("write", 2)]
    outcomes = []
    for number, (kind, at) in enumerate(points):
        path = tmp_path / f"killed-{number}.sqlite"
        shutil.copy(old_path, path)
        wal = Path(f"{path}-wal")
        cbs_replay.requests.clear()
        process = cli_refresh(config, f"sqlite:///{path}")
        writes = []

        def reached():
            if kind == "request":
                return len(cbs_replay.requests) >= at
            size = wal.stat().st_size if wal.exists() else 0
            if size and (not writes or size > writes[-1]):
                writes.append(size)
            return len(writes) >= at

        hit = wait_for(reached, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert hit, f"refresh ended before kill point {kind} {at}"
        assert process.returncode == -signal.SIGKILL

        cache = Cache(f"sqlite:///{path}")
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        state = fingerprint(cache)
        for dataset in CBS_TABLES:
            assert state[dataset] in (old[dataset], new[dataset]), (kind, at, dataset)
        outcomes.append(tuple(state[d] == new[d] for d in CBS_TABLES))

        rerun = cli_refresh(config, f"sqlite:///{path}")
        assert rerun.wait(timeout=DEADLINE_S) == 0, rerun.stderr.read()
        # the same data as a complete refresh (a table that landed before the kill
        # is written again with the next version number)
        final = fingerprint(cache)
        assert {d: final[d][1:] for d in CBS_TABLES} == {
            d: new[d][1:] for d in CBS_TABLES
        }
    # The tables land as one generation: a kill leaves all of them old or all new.
    assert (False, False, False) in outcomes
    assert set(outcomes) <= {(False,) * 3, (True,) * 3}, outcomes


def test_readers_of_a_serving_app_see_the_old_or_the_new_table_never_a_mix(
    tmp_path, snapshot_dir, cbs_replay, monkeypatch
):
    from fixtures_app import snapshot_settings

    from dashboard import services

    settings = snapshot_settings(
        tmp_path, snapshot_dir, f"sqlite:///{tmp_path / 'c.sqlite'}"
    )
    settings.catalogs.cbs_v4 = cbs_replay.base_url
    cache = Cache(settings.sqlalchemy_url)
    assert refresh(cache, settings, "snapshot").ok
    monkeypatch.setattr(services.memo, "VERSION_CHECK_S", 0.0)  # notice every commit
    service = services.Service(Cache(settings.sqlalchemy_url, create=False))

    def read():
        result = service.comparison("inwoners", "GM0344")
        return (result["value"], result["netherlands"], result["period"])

    old = read()
    cbs_replay.transform(v4_path("03759ned", "Observations"), doubled)
    seen, stop = [], threading.Event()

    def keep_reading():
        while not stop.is_set():
            seen.append(read())

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        report = refresh(cache, settings, "live", only=["cbs_03759ned"])
        deadline = time.monotonic() + 60  # let the reader pick up the new version
        while time.monotonic() < deadline and not (seen and seen[-1] != old):
            time.sleep(0.05)
    finally:
        stop.set()
        reader.join(timeout=60)
    assert report.ok, report.outcomes
    new = read()
    assert new == (2 * old[0], 2 * old[1], old[2])
    assert seen and old in seen and new in seen, "the reader saw both versions"
    assert set(seen) <= {old, new}, set(seen) - {old, new}


# -- catalog answers that changed (what test_refresh.py does not cover) -------------


def _rename(old_name: str, new_name: str):
    def change(kind, table, name, rows):
        return [
            {(new_name if k == old_name else k): v for k, v in r.items()} for r in rows
        ]

    return change


def _extra_column(kind, table, name, rows):
    return [{**r, "NieuweKolom_99": 1.0} for r in rows]


@pytest.mark.parametrize(
    ("fault", "failing", "expected"),
    [
        (
            lambda r: r.fail(v3_path("37789ksz"), status=404),
            "cbs_37789ksz_v3",
            "HTTP 404",
        ),
        (
            lambda r: r.transform(
                v3_path("37789ksz", "TypedDataSet"),
                _rename("TotaalBijstandsuitkeringen_11", "Bijstandsuitkeringen_11"),
            ),
            "cbs_37789ksz_v3",
            "TotaalBijstandsuitkeringen_11",
        ),
        (
            lambda r: r.transform(v3_path("37789ksz", "TypedDataSet"), _extra_column),
            None,
            "",
        ),
    ],
    ids=["v3-table-404", "column-renamed", "column-added"],
)
def test_a_changed_catalog_answer_fails_only_its_table_with_a_clear_message(
    tmp_path, snapshot_dir, cbs_replay, fault, failing, expected
):
    settings = make_settings(
        tmp_path,
        snapshot_dir,
        cbs_replay.base_url,
        f"sqlite:///{tmp_path / 'c.sqlite'}",
    )
    cache = Cache(settings.sqlalchemy_url)
    assert refresh(cache, settings, "live", only=CBS_TABLES).ok
    before = fingerprint(cache)
    fault(cbs_replay)
    outcomes = by_dataset(refresh(cache, settings, "live", only=CBS_TABLES))
    failed = [d for d, o in outcomes.items() if not o.ok]
    assert failed == ([failing] if failing else []), outcomes
    after = fingerprint(cache)
    for dataset in CBS_TABLES:
        if dataset == failing:
            message = outcomes[dataset].message
            assert expected in message and "\n" not in message
            assert "Traceback" not in message
            assert after[dataset] == before[dataset]  # nothing lost
        elif dataset == "cbs_37789ksz_v3":  # an added column is taken along
            assert after[dataset][2] >= before[dataset][2]
        else:
            assert after[dataset][1:] == before[dataset][1:]  # same data, next version
    if failing is None:
        measures = set(cache.observations("cbs_37789ksz_v3")["measure"])
        assert "TotaalBijstandsuitkeringen_11" in measures


# -- the cache: locked, read-only, corrupted, PostgreSQL down or dropping ------------

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO refresh_log (dataset, attempted_at, ok) VALUES ('x', '2026-01-01', 1)")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def test_a_write_lock_of_another_process_fails_the_refresh_clearly_then_recovers(
    tmp_path, old_cache_file
):
    path, config = old_cache_file
    from data_sources.settings import load_settings

    settings = load_settings(config)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        cache = Cache(f"sqlite:///{path}", lock_timeout_s=0.3)
        before = fingerprint(cache)  # readers are not blocked (WAL)
        report = refresh(cache, settings, "snapshot", only=["cbs_03759ned"])
        message = report.outcomes[0].message
        assert not report.ok and "bezet door een ander proces" in message
        assert fingerprint(cache) == before
    finally:
        holder.communicate("\n", timeout=10)
    report = refresh(cache, settings, "snapshot", only=["cbs_03759ned"])
    assert report.ok, report.outcomes


def test_a_read_only_cache_serves_reads_and_refuses_writes_clearly(
    tmp_path, old_cache_file
):
    """Read-only file: opened with SQLite's mode=ro (chmod does not stop root)."""
    path, config = old_cache_file
    from data_sources.settings import load_settings

    settings = load_settings(config)
    writable = Cache(f"sqlite:///{path}")
    before = fingerprint(writable)
    writable.engine.dispose()
    read_only = Cache(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert fingerprint(read_only) == before
    report = refresh(read_only, settings, "snapshot", only=["cbs_03759ned"])
    assert not report.ok
    assert "alleen-lezen" in report.outcomes[0].message
    assert fingerprint(read_only) == before


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
    )


def test_a_corrupted_or_unreachable_cache_stops_the_cli_with_one_line(tmp_path):
    corrupted = tmp_path / "cache.sqlite"
    corrupted.write_bytes(b"geen database " * 200)
    closed = "postgresql+psycopg://dash:geheim@127.0.0.1:1/dash"
    for url, expected in (
        (f"sqlite:///{corrupted}", "beschadigd"),
        (closed, "niet bereikbaar"),
    ):
        result = run_cli("status", env={"CORONADASH_DATABASE_URL": url})
        assert result.returncode == 1
        assert expected in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert "geheim" not in result.stderr  # the password is never shown
        assert len(result.stderr.strip().splitlines()) == 1


def test_postgres_dropping_mid_session_shows_a_notice_then_recovers(
    postgres_app, monkeypatch
):
    from dashboard import services

    server, client = postgres_app.server, postgres_app.client
    monkeypatch.setattr(services.memo, "VERSION_CHECK_S", 0.0)
    route = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/vergelijken"},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    healthy = client.post("/_dash-update-component", json=route)
    assert healthy.status_code == 200 and "Vergelijken" in healthy.get_data(
        as_text=True
    )

    server.pause()
    down = client.post("/_dash-update-component", json=route)
    text = down.get_data(as_text=True)
    assert down.status_code == 200, text[:300]
    assert "app-alert" in text and "niet te lezen" in text
    # the public text names no database, host or port (the log does)
    assert "niet bereikbaar" not in text and f":{server.port}" not in text
    assert "Traceback" not in text
    geo = client.get("/geo/gemeenten.json")
    assert geo.status_code in (200, 503)  # served from memory, or a notice page
    if geo.status_code == 503:
        assert "Tijdelijk niet beschikbaar" in geo.get_data(as_text=True)

    server.resume()
    again = client.post("/_dash-update-component", json=route)
    text = again.get_data(as_text=True)
    assert again.status_code == 200 and "niet te lezen" not in text
    assert "Vergelijken" in text


def test_postgres_down_at_start_gives_a_clear_message_and_works_once_it_is_back(
    own_postgres,
):
    server, url = own_postgres
    server.pause()
    with pytest.raises(CacheError, match="niet bereikbaar"):
        Cache(url)
    result = run_cli("status", env={"CORONADASH_DATABASE_URL": url})
    assert result.returncode == 1 and "niet bereikbaar" in result.stderr
    assert "Traceback" not in result.stderr
    server.resume()
    assert Cache(url).is_empty()


def test_a_cache_error_outside_callbacks_gives_a_notice_page(
    snapshot_cache, monkeypatch
):
    from dashboard import geo
    from dashboard.app_factory import create_app

    def unreadable(self, name):
        raise CacheError("database niet bereikbaar (connection refused)")

    monkeypatch.setattr(geo.GeoStore, "document", unreadable)
    app = create_app(snapshot_cache.settings, snapshot_cache.cache, warm=False)
    response = app.server.test_client().get("/geo/gemeenten.json")
    text = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Tijdelijk niet beschikbaar" in text and "niet te lezen" in text
    assert "connection refused" not in text  # the detail is for the log
    assert "Traceback" not in text and 'lang="nl"' in text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
