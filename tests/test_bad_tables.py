"""One bad table among good ones: it fails alone, with one line; the rest load.

Issue 15, point 9 (a v4 table whose period codes arrive as numbers; a truncated gzip
in one corona file) and point 13 (a value that is not a number is counted and
reported, not silently stored as "onbekend").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cbs_replay import v4_path
from test_refresh import by_dataset, make_settings

from data_sources.cache import Cache
from data_sources.model import NOT_A_NUMBER
from data_sources.refresh import refresh

REPO = Path(__file__).resolve().parents[1]
# The bad table stands between good ones: the refresh must go on after it.
TABLES = ["cbs_37789ksz", "cbs_03759ned", "cbs_37789ksz_v3"]


def cli_env(config: Path) -> dict[str, str]:
    """The CLI on this config alone (CORONADASH_SNAPSHOT_DIR would override it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORONADASH_")}
    return {**env, "CORONADASH_CONFIG": str(config)}


def periods_as_numbers(kind, table, name, rows):
    """Schema drift: "2020JJ00" arrives as the number 2020."""
    return [{**r, "Perioden": int(str(r["Perioden"])[:4])} for r in rows]


def test_period_codes_as_numbers_fail_only_their_table_with_one_line(
    tmp_path, snapshot_dir, cbs_replay
):
    settings = make_settings(
        tmp_path, snapshot_dir, cbs_replay.base_url, f"sqlite:///{tmp_path / 'c.db'}"
    )
    cache = Cache(settings.sqlalchemy_url)
    cbs_replay.transform(v4_path("03759ned", "Observations"), periods_as_numbers)
    report = refresh(cache, settings, "live", only=TABLES)
    outcomes = by_dataset(report)
    assert list(outcomes) == TABLES  # the refresh went on after the bad table
    assert [d for d, o in outcomes.items() if not o.ok] == ["cbs_03759ned"]
    message = outcomes["cbs_03759ned"].message
    assert "03759ned" in message and "\n" not in message
    assert "int" in message  # the reason: a number where a code was expected
    assert set(cache.sources()["dataset"]) == {"cbs_37789ksz", "cbs_37789ksz_v3"}


def snapshot_with_a_truncated_corona_file(snapshot_dir: Path, folder: Path) -> str:
    """The snapshot as links, except one corona file cut in half; its code."""
    for entry in snapshot_dir.iterdir():
        if entry.name != "coronadashboard":
            (folder / entry.name).symlink_to(entry)
    corona = folder / "coronadashboard"
    corona.mkdir()
    files = sorted((snapshot_dir / "coronadashboard").iterdir())
    victim = next(f for f in files if f.name.startswith("GM"))
    for entry in files:
        if entry != victim:
            (corona / entry.name).symlink_to(entry)
    data = victim.read_bytes()
    (corona / victim.name).write_bytes(data[: len(data) // 2])
    return victim.name


def test_a_truncated_corona_file_fails_that_table_alone_at_the_cli(
    tmp_path, snapshot_dir
):
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    victim = snapshot_with_a_truncated_corona_file(snapshot_dir, snapshot)
    database = f"sqlite:///{tmp_path / 'c.db'}"
    make_settings(tmp_path, snapshot, "http://127.0.0.1:9", database)
    only = ["cbs_03759ned", "corona_gemeenten", "cbs_37789ksz"]
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "refresh", "--source", "snapshot"]
        + [arg for name in only for arg in ("--only", name)],
        cwd=REPO,
        env=cli_env(tmp_path / "config.yaml"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "Aborted" not in result.stderr and "Traceback" not in result.stderr
    failures = [line for line in result.stderr.splitlines() if "mislukt:" in line]
    assert len(failures) == 1, result.stderr
    assert "corona_gemeenten" in failures[0] and victim in failures[0]
    assert "onleesbaar" in failures[0]
    assert set(Cache(database).sources()["dataset"]) == {"cbs_03759ned", "cbs_37789ksz"}


def test_values_that_are_not_numbers_are_counted_and_reported(
    tmp_path, snapshot_dir, cbs_replay
):
    def letters_in_rotterdam(kind, table, name, rows):
        return [
            {**r, "Value": "12a"} if str(r["RegioS"]).strip() == "GM0599" else r
            for r in rows
        ]

    raw = json.loads(
        (snapshot_dir / "cbs-v4/03759ned/observations-page-1.json").read_text()
    )["value"]
    expected = sum(str(r["RegioS"]).strip() == "GM0599" for r in raw)
    assert expected > 0
    config = tmp_path / "config.yaml"
    settings = make_settings(
        tmp_path, snapshot_dir, cbs_replay.base_url, f"sqlite:///{tmp_path / 'c.db'}"
    )
    cache = Cache(settings.sqlalchemy_url)
    cbs_replay.transform(v4_path("03759ned", "Observations"), letters_in_rotterdam)
    report = refresh(cache, settings, "live", only=["cbs_03759ned"])
    assert report.ok, report.outcomes  # the table loads; the cells are missing
    assert report.outcomes[0].coerced == expected
    notices = [n for n in report.notices if "cbs_03759ned" in n]
    assert len(notices) == 1 and f"{expected} waarden zonder getal" in notices[0]
    rows = cache.observations("cbs_03759ned", area_code="GM0599")
    assert len(rows) == expected and rows["value"].isna().all()
    assert (rows["missing_reason"] == NOT_A_NUMBER).all()

    status = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "status", "--json"],
        cwd=REPO,
        env=cli_env(config),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert status.returncode == 0, status.stderr
    tables = {t["dataset"]: t for t in json.loads(status.stdout)["tabellen"]}
    assert tables["cbs_03759ned"]["geen_getal"] == expected
