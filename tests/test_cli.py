"""The coronadash command: clear one-line errors, exit codes, status output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(args, tmp_path: Path, snapshot_dir: Path, **env):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "CORONADASH_DATABASE_URL": f"sqlite:///{tmp_path / 'cache.sqlite'}",
        "CORONADASH_SNAPSHOT_DIR": str(snapshot_dir),
        # Nothing listens on port 9 of loopback: live catalogs are unreachable.
        "CORONADASH_CATALOGS__CBS_V3": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CBS_V4": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CORONA": "http://127.0.0.1:9",
        "CORONADASH_HTTP__RETRIES": "0",
        "COLUMNS": "200",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_refresh_auto_offline_loads_from_snapshot_and_status_reports_it(
    tmp_path, snapshot_dir
):
    result = run(
        ["refresh", "--only", "03759ned", "--only", "gebieden"], tmp_path, snapshot_dir
    )
    assert result.returncode == 0, result.stderr
    assert (
        "niet bereikbaar" in result.stderr and "momentopname gebruikt" in result.stderr
    )
    assert "2 van 2 datasets geladen" in result.stderr
    # not a terminal (a log file): one progress line per table instead of a bar
    lines = [line for line in result.stderr.splitlines() if " datasets: " in line]
    assert [line.split(":")[0] for line in lines] == [
        "1 van 2 datasets",
        "2 van 2 datasets",
    ], result.stderr
    status = run(["status", "--json"], tmp_path, snapshot_dir)
    assert status.returncode == 0
    tables = {t["dataset"]: t for t in json.loads(status.stdout)["tabellen"]}
    assert tables["cbs_03759ned"]["herkomst"] == "snapshot"
    assert tables["cbs_03759ned"]["rijen"] > 13568
    assert tables["cbs_03759ned"]["perioden"] == "2019JJ00 t/m 2026JJ00"
    assert tables["cbs_03759ned"]["cbs_gewijzigd"].startswith("2026-06-23")
    # the next release from the table's own Frequency and ReleaseDate: a yearly
    # table released in month M of year Y is expected around month M of Y + 1
    raw = json.loads(
        (snapshot_dir / "cbs-v4" / "03759ned" / "properties.json").read_text("utf-8")
    )
    assert raw["Frequency"] == "Per jaar"
    year, month = int(raw["ReleaseDate"][:4]), int(raw["ReleaseDate"][5:7])
    months = "januari februari maart april mei juni juli augustus september oktober"
    months = (months + " november december").split()
    expected = f"rond {months[month - 1]} {year + 1}, jaarlijks"
    assert tables["cbs_03759ned"]["volgende_publicatie"].startswith(expected)


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["refresh", "--only", "99999XYZ"], "onbekende dataset of tabel: 99999XYZ", 2),
        (["refresh", "--source", "sometimes"], "--source moet", 2),
        (["refresh", "--snapshot-dir", "/nonexistent/dir"], "bestaat niet", 2),
        (["refresh", "--source", "live", "--only", "03759ned"], "niet bereikbaar", 1),
        (["refresh", "--source", "snapshot", "--only", "82015NED"], "alleen live", 1),
    ],
)
def test_bad_input_gets_one_clear_line_and_a_non_zero_exit(
    tmp_path, snapshot_dir, args, expected, code
):
    result = run(args, tmp_path, snapshot_dir)
    assert result.returncode == code
    assert expected in result.stderr


def test_a_corrupted_cache_file_is_reported_and_left_alone(tmp_path, snapshot_dir):
    path = tmp_path / "cache.sqlite"
    garbage = b"not a database" * 500
    path.write_bytes(garbage)
    result = run(["status"], tmp_path, snapshot_dir)
    assert result.returncode == 1
    assert "beschadigd" in result.stderr
    assert path.read_bytes() == garbage  # nothing lost, nothing overwritten


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_a_failed_table_is_named_on_stderr_and_the_exit_code_says_so(
    tmp_path, snapshot_dir
):
    run(
        ["refresh", "--source", "snapshot", "--only", "03759ned"],
        tmp_path,
        snapshot_dir,
    )
    result = run(
        ["refresh", "--source", "snapshot", "--only", "03759ned", "--only", "82015NED"],
        tmp_path,
        snapshot_dir,
    )
    assert result.returncode == 1
    assert "mislukt: cbs_82015NED" in result.stderr
    assert "1 van 2 datasets geladen" in result.stderr
    status = json.loads(run(["status", "--json"], tmp_path, snapshot_dir).stdout)
    assert [f["dataset"] for f in status["mislukt"]] == ["cbs_82015NED"]
