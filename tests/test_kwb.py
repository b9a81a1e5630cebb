"""Kerncijfers wijken en buurten 2019-2023 (cbs_kwb): parsing and the live path.

The tables are not in the reference snapshot. The fixture tests/fixtures/kwb/ has
their real v3 shape with SYNTHETIC values (see its README and every TableInfos):
it serves these tests only, through the loopback CBS replay, and never reaches the
snapshot, a user's cache or a page. Expected figures are computed here from the
fixture files with the arithmetic written out.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from cbs_replay import v3_path

from dashboard.services import Service
from data_sources import kwb
from data_sources.cache import Cache
from data_sources.cbs_v3 import read_folder
from data_sources.refresh import load_registry, refresh
from data_sources.settings import load_settings

FIXTURES = Path(__file__).with_name("fixtures") / "kwb"
GEBIEDEN_FILE = Path(__file__).resolve().parents[1] / "data_sources" / "gebieden.yaml"
SPEC = next(s for s in load_registry() if s.id == "cbs_kwb")
GEBIED = ["WK060606", "WK060601"]  # schiedam-nieuwland-oost
SCHIEDAM = [f"WK0606{n:02d}" for n in range(10)]


def fixture_rows(table: str) -> list[dict]:
    return json.loads((FIXTURES / table / "TypedDataSet.json").read_text("utf-8"))


def column(row: dict, bare: str):
    """A fixture row's value by the CBS key without its yearly suffix."""
    (key,) = [k for k in row if k.rsplit("_", 1)[0] == bare]
    return row[key]


def fixture_rate(table: str, measure: str, wijken: list[str]) -> float:
    """sum(measure) / sum(inhabitants) x 1000 over the wijken with a value."""
    rows = [r for r in fixture_rows(table) if r["WijkenEnBuurten"].strip() in wijken]
    rows = [r for r in rows if column(r, measure) is not None]
    count = sum(column(r, measure) for r in rows)
    return count / sum(column(r, "AantalInwoners") for r in rows) * 1000


def test_the_fixture_says_it_is_synthetic():
    for table in SPEC.tables.values():
        (info,) = json.loads((FIXTURES / table / "TableInfos.json").read_text("utf-8"))
        assert "SYNTHETISCHE" in info["Title"] and "SYNTHETIC" in info["Summary"]


def test_columns_are_matched_without_their_yearly_suffix_and_only_wijken_kept():
    years = {y: (t, read_folder(FIXTURES / t)) for y, t in SPEC.tables.items()}
    loaded = kwb.normalise("cbs_kwb", years, catalog_url="-", origin="live")
    obs = loaded.observations
    assert set(obs["period"]) == {f"{y}JJ00" for y in SPEC.tables}
    assert set(obs["area_code"]) == set(SCHIEDAM)  # no GM or BU row
    assert "PersonenPerSoortUitkeringBijstand" in set(obs["measure"])
    suffixes = {
        next(
            k
            for k in fixture_rows(t)[0]
            if k.startswith("PersonenPerSoortUitkeringBijstand_")
        )
        for t in SPEC.tables.values()
    }
    assert len(suffixes) > 1  # the fixture renumbers, as CBS does
    for year, table in SPEC.tables.items():
        for row in fixture_rows(table):
            code = row["WijkenEnBuurten"].strip()
            if code not in SCHIEDAM:
                continue
            got = obs[
                (obs["area_code"] == code)
                & (obs["period"] == f"{year}JJ00")
                & (obs["measure"] == "PersonenPerSoortUitkeringWW")
            ]
            raw = column(row, "PersonenPerSoortUitkeringWW")
            if raw is None:  # suppressed by CBS: missing, never 0
                assert math.isnan(got["value"].iloc[0])
                assert got["missing_reason"].iloc[0]
            else:
                assert got["value"].iloc[0] == raw


@pytest.fixture
def live_service(tmp_path, snapshot_dir, cbs_replay) -> Service:
    for table in SPEC.tables.values():
        cbs_replay.add_v3_folder(table, FIXTURES / table)
    cbs_replay.page_size = 5000
    config = tmp_path / "config.yaml"
    url = f"sqlite:///{tmp_path / 'cache.sqlite'}"
    config.write_text(
        f"""
database_url: {url}
snapshot_dir: {snapshot_dir}
gebieden_file: {GEBIEDEN_FILE}
catalogs:
  cbs_v3: {cbs_replay.base_url}
  cbs_v4: {cbs_replay.base_url}
http: {{timeout_s: 10, retries: 0, backoff_s: 0}}
""",
        encoding="utf-8",
    )
    cache = Cache(url)
    report = refresh(
        cache,
        load_settings(config),
        "live",
        # 03759ned for the gemeente names (served by the replay from the snapshot).
        only=["cbs_kwb", "cbs_03759ned", "wijken_2022", "gemeenten_2023", "gebieden"],
    )
    assert report.ok, [o.message for o in report.outcomes]
    # Only wijk rows were asked for, each table once (plus its entity sets).
    typed = cbs_replay.requested(v3_path("85039NED", "TypedDataSet"))
    assert typed and "startswith(WijkenEnBuurten,'WK')" in typed[0]
    return Service(cache)


def test_the_live_path_fills_a_gebied_gap_against_the_rest_of_the_gemeente(
    live_service,
):
    result = live_service.coronakloof("bijstand-wijk", "schiedam-nieuwland-oost")
    assert result["reason_code"] is None, result["reason"]
    assert result["reference_name"] == "de rest van de gemeente Schiedam"
    rest = [w for w in SCHIEDAM if w not in GEBIED]
    pairs = {p["after"]: p for p in result["pairs"]}
    assert set(pairs) == {"2021JJ00", "2022JJ00"}
    for year in (2021, 2022):
        before = fixture_rate("84583NED", "PersonenPerSoortUitkeringBijstand", GEBIED)
        before -= fixture_rate("84583NED", "PersonenPerSoortUitkeringBijstand", rest)
        table = SPEC.tables[year]
        after = fixture_rate(table, "PersonenPerSoortUitkeringBijstand", GEBIED)
        after -= fixture_rate(table, "PersonenPerSoortUitkeringBijstand", rest)
        pair = pairs[f"{year}JJ00"]
        assert pair["gap_before"] == pytest.approx(before, rel=1e-12)
        assert pair["gap_after"] == pytest.approx(after, rel=1e-12)
        assert "de rest van de gemeente Schiedam" in pair["sentence"]


def test_offline_the_tables_are_absent_and_the_gap_says_what_fills_it(snapshot_cache):
    service = Service(snapshot_cache.cache)
    assert "bijstand-wijk" in service.problems()
    result = service.coronakloof("bijstand-wijk", "schiedam-nieuwland-oost")
    assert result["reason_code"] == "alleen_online"
    assert "--source live" in result["reason"] and "85618NED" in result["reason"]
    assert "2019-2023" in result["reason"]


def test_an_offline_refresh_skips_the_online_only_tables(tmp_path, snapshot_dir):
    config = tmp_path / "config.yaml"
    url = f"sqlite:///{tmp_path / 'cache.sqlite'}"
    config.write_text(
        f"database_url: {url}\nsnapshot_dir: {snapshot_dir}\n", encoding="utf-8"
    )
    report = refresh(Cache(url), load_settings(config), "snapshot", only=["cbs_kwb"])
    (outcome,) = report.outcomes
    assert report.ok and outcome.skipped
    assert "alleen live" in outcome.message
