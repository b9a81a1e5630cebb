"""Refresh: live through the real clients, snapshot offline, auto fallback, faults.

The live path is tested against the loopback CBS replay server (tests/cbs_replay.py):
the same code that would talk to opendata.cbs.nl and datasets.cbs.nl.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from cbs_replay import v4_path

from data_sources.cache import Cache
from data_sources.refresh import UnknownDatasetError, refresh
from data_sources.settings import load_settings

CBS_TABLES = ["cbs_37789ksz_v3", "cbs_37789ksz", "cbs_03759ned"]


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens here once the socket closes


def make_settings(tmp_path: Path, snapshot_dir: Path, catalog: str, database_url: str):
    config = tmp_path / "config.yaml"
    config.write_text(
        f"""
database_url: {database_url}
snapshot_dir: {snapshot_dir}
catalogs:
  cbs_v3: {catalog}
  cbs_v4: {catalog}
  corona: {catalog}/corona
http:
  timeout_s: 2
  retries: 1
  backoff_s: 0
""",
        encoding="utf-8",
    )
    return load_settings(config)


def by_dataset(report):
    return {o.dataset: o for o in report.outcomes}


def test_live_refresh_through_the_replay_server_equals_the_snapshot(
    tmp_path, snapshot_dir, cbs_replay, cache_url
):
    settings = make_settings(tmp_path, snapshot_dir, cbs_replay.base_url, cache_url)
    live_cache = Cache(cache_url)
    report = refresh(live_cache, settings, "live", only=CBS_TABLES)
    assert report.ok, [o.message for o in report.outcomes]
    assert {o.origin for o in report.outcomes} == {"live"}
    assert len(cbs_replay.requested(v4_path("03759ned", "Observations"))) > 1  # paged

    offline = Cache(f"sqlite:///{tmp_path / 'offline.sqlite'}")
    refresh(offline, settings, "snapshot", only=CBS_TABLES)
    live_sources = live_cache.sources().set_index("dataset")
    offline_sources = offline.sources().set_index("dataset")
    for dataset in CBS_TABLES:
        assert (
            live_sources.at[dataset, "checksum"]
            == offline_sources.at[dataset, "checksum"]
        )
        assert live_sources.at[dataset, "origin"] == "live"
        assert offline_sources.at[dataset, "origin"] == "snapshot"
    assert live_sources.at["cbs_03759ned", "catalog_url"] == cbs_replay.base_url


def test_auto_uses_the_snapshot_when_the_catalog_is_unreachable(tmp_path, snapshot_dir):
    settings = make_settings(
        tmp_path, snapshot_dir, closed_port_url(), f"sqlite:///{tmp_path / 'c.sqlite'}"
    )
    cache = Cache(settings.sqlalchemy_url)
    report = refresh(cache, settings, "auto", only=CBS_TABLES)
    assert report.ok
    assert {o.origin for o in report.outcomes} == {"snapshot"}
    assert len(report.notices) == 1  # said once for the catalog, not per table
    assert "niet bereikbaar" in report.notices[0]


def test_auto_falls_back_for_the_corona_catalog_too(tmp_path, snapshot_dir):
    """The corona loader wraps the connection error; auto must still see it as unreachable."""
    settings = make_settings(
        tmp_path, snapshot_dir, closed_port_url(), f"sqlite:///{tmp_path / 'c.sqlite'}"
    )
    report = refresh(
        Cache(settings.sqlalchemy_url), settings, "auto", only=["corona_gemeenten"]
    )
    outcome = by_dataset(report)["corona_gemeenten"]
    assert outcome.ok, outcome.message
    assert outcome.origin == "snapshot"
    assert any("niet bereikbaar" in notice for notice in report.notices)


def test_live_only_fails_clearly_when_the_catalog_is_unreachable(
    tmp_path, snapshot_dir
):
    settings = make_settings(
        tmp_path, snapshot_dir, closed_port_url(), f"sqlite:///{tmp_path / 'c.sqlite'}"
    )
    report = refresh(
        Cache(settings.sqlalchemy_url), settings, "live", only=["cbs_03759ned"]
    )
    outcome = report.outcomes[0]
    assert not outcome.ok
    assert "niet bereikbaar" in outcome.message


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (lambda r: r.fail(v4_path("03759ned")), "HTTP 500"),
        (lambda r: r.fail(v4_path("03759ned"), status=404), "HTTP 404"),
        (
            lambda r: r.hang(v4_path("03759ned", "Observations"), seconds=4),
            "tijdslimiet",
        ),
        (lambda r: r.truncate(v4_path("03759ned", "Observations")), "onleesbaar"),
        (lambda r: r.drop_measure("03759ned", "M000352"), "M000352"),
        (
            lambda r: r.drop_column("37789ksz", "TotaalBijstandsuitkeringen_11"),
            "TotaalBijstandsuitkeringen_11",
        ),
    ],
    ids=[
        "http-500",
        "http-404",
        "timeout",
        "truncated-json",
        "measure-gone",
        "column-gone",
    ],
)
def test_a_failing_table_keeps_its_previous_version_and_others_still_load(
    tmp_path, snapshot_dir, cbs_replay, fault, expected
):
    settings = make_settings(
        tmp_path,
        snapshot_dir,
        cbs_replay.base_url,
        f"sqlite:///{tmp_path / 'c.sqlite'}",
    )
    cache = Cache(settings.sqlalchemy_url)
    assert refresh(cache, settings, "live", only=CBS_TABLES).ok
    before = cache.sources().set_index("dataset")[["checksum", "version", "row_count"]]
    population_before = cache.observations("cbs_03759ned", "M000352", "GM0344")

    fault(cbs_replay)
    report = refresh(cache, settings, "live", only=CBS_TABLES)
    outcomes = by_dataset(report)
    failed = [d for d, o in outcomes.items() if not o.ok]
    assert len(failed) == 1, outcomes
    assert expected in outcomes[failed[0]].message
    assert "\n" not in outcomes[failed[0]].message
    assert all(o.ok for d, o in outcomes.items() if d != failed[0])

    after = cache.sources().set_index("dataset")[["checksum", "version", "row_count"]]
    assert after.loc[failed[0]].tolist() == before.loc[failed[0]].tolist()
    assert cache.observations("cbs_03759ned", "M000352", "GM0344").equals(
        population_before
    )
    attempts = cache.last_attempts().set_index("dataset")
    assert attempts.at[failed[0], "ok"] == 0
    assert expected in attempts.at[failed[0], "message"]


def test_unknown_table_is_refused_before_anything_runs(tmp_path, snapshot_dir):
    settings = make_settings(
        tmp_path, snapshot_dir, closed_port_url(), f"sqlite:///{tmp_path / 'c.sqlite'}"
    )
    with pytest.raises(UnknownDatasetError, match="99999XYZ"):
        refresh(Cache(settings.sqlalchemy_url), settings, "snapshot", only=["99999XYZ"])


def test_a_table_that_only_exists_online_fails_offline_with_its_name(
    tmp_path, snapshot_dir
):
    settings = make_settings(
        tmp_path, snapshot_dir, closed_port_url(), f"sqlite:///{tmp_path / 'c.sqlite'}"
    )
    report = refresh(
        Cache(settings.sqlalchemy_url), settings, "snapshot", only=["82015NED"]
    )
    assert not report.ok
    assert "82015NED" in report.outcomes[0].message
    assert "alleen live" in report.outcomes[0].message


def test_missing_snapshot_folder_fails_every_table_clearly(tmp_path, snapshot_dir):
    settings = make_settings(
        tmp_path,
        tmp_path / "nope",
        closed_port_url(),
        f"sqlite:///{tmp_path / 'c.sqlite'}",
    )
    report = refresh(
        Cache(settings.sqlalchemy_url), settings, "snapshot", only=CBS_TABLES
    )
    assert not any(o.ok for o in report.outcomes)
    assert all("bestaat niet" in o.message for o in report.outcomes)
