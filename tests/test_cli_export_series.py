"""``coronadash export --area NL01 --indicator ID``: national series in a file,
with the status of every period as CBS marks it (voorlopig, definitief)."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from test_indicators import refreshed_cache
from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.exports import tables

STATUS = {"Definitief": "definitief", "Voorlopig": "voorlopig"}


@pytest.fixture(scope="module")
def env(tmp_path_factory, snapshot_dir) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("series")
    cache = refreshed_cache(folder, snapshot_dir, ["cbs_37789ksz"])
    return {
        "CORONADASH_DATABASE_URL": cache.url,
        "CORONADASH_SNAPSHOT_DIR": str(snapshot_dir),
        "CORONADASH_CATALOGS__CBS_V3": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CBS_V4": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CORONA": "http://127.0.0.1:9",
    }


def raw_series(snapshot_dir, measure: str) -> dict[str, tuple[float | None, str]]:
    """37789ksz (v4): period -> (value, status from codes-Perioden)."""
    table = snapshot_dir / "cbs-v4" / "37789ksz"
    rows = json.loads((table / "observations-page-1.json").read_text())["value"]
    codes = json.loads((table / "codes-Perioden.json").read_text())["value"]
    status = {c["Identifier"]: STATUS.get(c.get("Status"), "?") for c in codes}
    return {
        r["Perioden"]: (r["Value"], status[r["Perioden"]])
        for r in rows
        if r["Measure"] == measure
    }


def test_export_of_a_national_series_holds_every_period_and_its_status(
    env, snapshot_dir, tmp_path
):
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        app,
        ["export", "--area", "NL01", "--indicator", "bijstandsuitkeringen"]
        + ["--out", str(out)],
        env=env,
    )
    assert result.exit_code == 0, result.output
    # what the file holds: indicator, area, every period, the series, the date
    name = f"bijstandsuitkeringen_nl01_alle-perioden_reeksen_{date.today()}.csv"
    assert [p.name for p in out.iterdir()] == [name]
    frame = tables.read_csv((out / name).read_bytes())
    expected = raw_series(snapshot_dir, "D000203_2")  # bijstand x 1 000
    assert set(frame["period"]) == set(expected)
    for row in frame.itertuples():
        value, status = expected[row.period]
        assert row.status == status, row.period
        if value is None:
            assert math.isnan(row.value)
        else:
            assert row.value == pytest.approx(value, rel=1e-12)
    assert (frame["status"] == "voorlopig").any()  # provisional months are marked
    assert set(frame["area_id"]) == {"NL01"}


def test_export_of_nederland_writes_every_indicator_it_has(env, tmp_path):
    out = tmp_path / "nl"
    result = CliRunner().invoke(
        app,
        ["export", "--area", "NL01", "--format", "csv,xlsx", "--out", str(out)],
        env=env,
    )
    assert result.exit_code == 0, result.output
    stem = f"alle-indicatoren_nl01_alle-perioden_reeksen_{date.today()}"
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.csv", f"{stem}.xlsx"]
    frame = tables.read_csv((out / f"{stem}.csv").read_bytes())
    assert {"bijstandsuitkeringen", "ww-uitkeringen", "ao-uitkeringen"} <= set(
        frame["indicator"]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "geen-indicator"], "onbekende indicator"),
        (["--area", "../../etc"], "onbekend gebied"),
        (["--area", "NL01", "--format", "pdf"], "reeksen worden als csv of xlsx"),
        (["--area", "NL01", "--gebied", "utrecht-overvecht"], "niet beide"),
    ],
)
def test_a_bad_series_export_gets_one_clear_line(env, tmp_path, args, message):
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["export", *args, "--out", str(out)], env=env)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()
