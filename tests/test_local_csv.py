"""Local CSV loader with the ELAN wijkprofielen specs, checked against the raw CSV."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import pandas as pd
import pytest

from data_sources import local_csv as lc
from data_sources.model import OBSERVATION_COLUMNS, SourceError

REPO_ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_DIR = Path(
    os.environ.get("CORONADASH_SNAPSHOT_DIR") or REPO_ROOT / ".." / "shared" / "data"
).resolve()
ELAN = SNAPSHOT_DIR / "cbs-extra" / "elan-wijkprofielen-haaglanden"


def raw_rows(name: str) -> list[dict[str, str]]:
    with (ELAN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_cell(rows: list[dict[str, str]], key: str, code: str, year: int, column: str):
    found = [r for r in rows if r[key] == code and r["YEAR"] == str(year)]
    assert len(found) == 1, (code, year)
    return found[0][column]


def lookup(observations: pd.DataFrame, measure: str, area: str, year: int):
    rows = observations[
        (observations["measure"] == measure)
        & (observations["area_code"] == area)
        & (observations["period"] == f"{year}JJ00")
    ]
    assert len(rows) == 1, (measure, area, year, len(rows))
    return rows.iloc[0]


@pytest.fixture(scope="module")
def specs() -> dict[str, lc.LocalCsvSpec]:
    if not ELAN.is_dir():
        pytest.fail(f"snapshot folder {ELAN} missing (CORONADASH_SNAPSHOT_DIR)")
    return {spec.id: spec for spec in lc.load_specs()}


def load(spec: lc.LocalCsvSpec):
    return lc.normalise(spec.id, spec, lc.read(spec, SNAPSHOT_DIR), origin="snapshot")


@pytest.fixture(scope="module")
def wijk(specs):
    return load(specs["elan_wijk"])


@pytest.fixture(scope="module")
def gemeente(specs):
    return load(specs["elan_gemeente"])


def test_specs_file(specs):
    assert set(specs) == {"elan_wijk", "elan_gemeente"}
    for spec in specs.values():
        assert spec.licence.startswith("MIT")
        assert spec.attribution == "ELAN-DCC wijkprofielen, op basis van CBS-microdata"
        assert (SNAPSHOT_DIR / spec.path).is_file()
        # every measure id says its unit
        for column in spec.columns.values():
            suffix = "_aandeel" if column.kind == "share" else "_aantal"
            assert column.measure.endswith(suffix), column.measure
            assert column.unit == ("%" if column.kind == "share" else "aantal")


def test_wijk_values_equal_the_file_scaled(wijk, specs):
    spec = specs["elan_wijk"]
    rows = [r for r in raw_rows("df_count_ver_3.csv") if r["WKC"].startswith("WK0518")]
    assert len(rows) == 44 * 14
    obs = wijk.observations
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert len(obs) == len(rows) * len(spec.columns)
    indexed = obs.set_index(["measure", "area_code", "period"])
    for row in rows:
        for column, target in spec.columns.items():
            got = indexed.loc[(target.measure, row["WKC"], row["YEAR"] + "JJ00")]
            if target.first_year and int(row["YEAR"]) < target.first_year:
                assert float(row[column]) == 0.0  # the file's placeholder
                assert math.isnan(got["value"])
                assert str(target.first_year) in got["missing_reason"]
            elif target.zero_below and float(row[column]) == 0:
                # a count below zero_below, published as 0: suppressed
                assert math.isnan(got["value"])
                assert got["missing_reason"] == lc.SUPPRESSED_REASON
            else:
                expected = float(row[column]) * target.scale
                assert got["value"] == pytest.approx(expected, rel=1e-12, abs=0)
                assert got["missing_reason"] is None


def test_one_wijk_value_spelled_out(wijk):
    rows = raw_rows("df_count_ver_3.csv")
    share = raw_cell(rows, "WKC", "WK051838", 2020, "%_Welfare_benefit_user")
    assert share.startswith("0.0561")  # a 0-1 share in the file ...
    row = lookup(wijk.observations, "bijstand_aandeel", "WK051838", 2020)
    assert row["value"] == pytest.approx(float(share) * 100, rel=1e-12)  # ... a % here
    assert 5.6 < row["value"] < 5.62
    population = raw_cell(rows, "WKC", "WK051838", 2020, "Total_Population")
    assert lookup(wijk.observations, "bevolking_aantal", "WK051838", 2020)[
        "value"
    ] == int(population)
    # Wmo before 2015 is 0 in the file for all 44 wijken: not measured, so missing.
    assert raw_cell(rows, "WKC", "WK051838", 2012, "%_WMO_user") == "0.0"
    early = lookup(wijk.observations, "wmo_aandeel", "WK051838", 2012)
    assert math.isnan(early["value"]) and "2015" in early["missing_reason"]


def test_wijk_areas_and_filter(wijk):
    areas = wijk.areas.set_index("area_code")
    assert len(areas) == 44
    assert all(code.startswith("WK0518") for code in areas.index)
    assert set(areas["level"]) == {"wijk"} and set(areas["parent_code"]) == {"GM0518"}
    assert areas.loc["WK051801", "name"] == "Wijk 01 Oostduinen"
    assert set(wijk.observations["area_code"]) == set(areas.index)
    assert wijk.observations["period"].str.fullmatch(r"20(09|1\d|2[0-2])JJ00").all()
    assert set(wijk.observations["frequency"]) == {"Y"}


def test_gemeente_mixed_units_as_in_the_file(gemeente):
    rows = raw_rows("df_count_gem_ver_6.csv")
    obs = gemeente.observations
    welfare = raw_cell(rows, "GMC", "GM0518", 2020, "Welfare_benefit_user")
    assert welfare.startswith("0.0456")  # share in the file
    got = lookup(obs, "bijstand_aandeel", "GM0518", 2020)["value"]
    assert got == pytest.approx(float(welfare) * 100, rel=1e-12)
    for measure, column, expected in [
        ("wmo_aantal", "WMO_user", 37275),
        ("jeugdhulp_aantal", "JGDHULP_user", 14195),
        ("laag_inkomen_aantal", "Low_Income", 47940),
    ]:
        assert float(raw_cell(rows, "GMC", "GM0518", 2020, column)) == expected
        assert lookup(obs, measure, "GM0518", 2020)["value"] == expected
    population = raw_cell(rows, "GMC", "GM0518", 2020, "Total_All_Pop")
    assert lookup(obs, "bevolking_aantal", "GM0518", 2020)["value"] == int(population)
    units = gemeente.measures.set_index("measure")["unit"]
    assert units["bijstand_aandeel"] == "%" and units["wmo_aantal"] == "aantal"
    assert set(obs["area_code"]) == {"GM0518"}
    assert gemeente.areas.iloc[0]["name"] == "'s-Gravenhage"


def test_gemeente_empty_cells_are_missing_with_a_reason(gemeente, specs):
    spec = specs["elan_gemeente"]
    rows = [r for r in raw_rows("df_count_gem_ver_6.csv") if r["GMC"] == "GM0518"]
    empty = [(r["YEAR"], c) for r in rows for c in spec.columns if r[c] == ""]
    assert ("2014", "WMO_user") in empty
    obs = gemeente.observations
    row = lookup(obs, "wmo_aantal", "GM0518", 2014)
    assert math.isnan(row["value"]) and row["missing_reason"] == lc.EMPTY_REASON
    # exactly the empty cells are missing, none became 0
    assert obs["value"].isna().sum() == len(empty)
    assert (obs["value"].isna() == obs["missing_reason"].notna()).all()


def test_provenance(wijk, gemeente):
    for loaded, spec_id in [(wijk, "elan_wijk"), (gemeente, "elan_gemeente")]:
        prov = loaded.provenance
        assert (prov.kind, prov.table_id, prov.origin) == (
            "local_csv",
            spec_id,
            "snapshot",
        )
        assert prov.licence.startswith("MIT")
        assert "github.com/elan-dcc/wijkprofielen" in prov.catalog_url
        assert "Geen CBS-tabel" in prov.notes
        assert prov.cbs_modified is None


def test_spec_naming_a_missing_column_fails_naming_it(specs):
    spec = specs["elan_gemeente"]
    columns = dict(spec.columns)
    columns["Total_Population"] = columns.pop("Total_All_Pop")  # the wijk file's name
    wrong = spec.model_copy(update={"columns": columns})
    with pytest.raises(SourceError, match="Total_Population"):
        lc.read(wrong, SNAPSHOT_DIR)
    frame = lc.read(spec, SNAPSHOT_DIR)
    with pytest.raises(SourceError, match="Total_Population"):
        lc.normalise("x", wrong, frame, origin="snapshot")


def test_wrong_unit_in_the_spec_fails(specs):
    spec = specs["elan_gemeente"]
    columns = dict(spec.columns)
    columns["WMO_user"] = columns["WMO_user"].model_copy(
        update={"measure": "wmo_aandeel", "kind": "share", "unit": "%", "scale": 100}
    )
    with pytest.raises(SourceError, match="WMO_user"):
        load(spec.model_copy(update={"columns": columns}))
    columns = dict(spec.columns)
    columns["Welfare_benefit_user"] = columns["Welfare_benefit_user"].model_copy(
        update={
            "measure": "bijstand_aantal",
            "kind": "count",
            "unit": "aantal",
            "scale": 1,
        }
    )
    with pytest.raises(SourceError, match="Welfare_benefit_user"):
        load(spec.model_copy(update={"columns": columns}))


def test_first_year_contradicted_by_data_fails(specs):
    spec = specs["elan_wijk"]
    columns = dict(spec.columns)
    columns["%_Debt_Poor"] = columns["%_Debt_Poor"].model_copy(
        update={"first_year": 2015}
    )
    with pytest.raises(SourceError, match="%_Debt_Poor"):
        load(spec.model_copy(update={"columns": columns}))


def test_no_area_filter_keeps_every_gemeente(specs):
    spec = specs["elan_gemeente"].model_copy(update={"area_filter": None})
    loaded = load(spec)
    codes = {r["GMC"] for r in raw_rows("df_count_gem_ver_6.csv")}
    assert set(loaded.areas["area_code"]) == codes
    assert len(codes) == 22


def test_an_emptied_wijk_cell_becomes_missing_not_zero(tmp_path, specs):
    spec = specs["elan_wijk"]
    rows = raw_rows("df_count_ver_3.csv")
    target = next(r for r in rows if r["WKC"] == "WK051838" and r["YEAR"] == "2020")
    assert target["%_Welfare_benefit_user"] != ""
    target["%_Welfare_benefit_user"] = ""
    (tmp_path / "elan").mkdir()
    with (tmp_path / "elan" / "copy.csv").open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    copy_spec = spec.model_copy(update={"path": "elan/copy.csv"})
    loaded = lc.normalise(
        "x", copy_spec, lc.read(copy_spec, tmp_path), origin="snapshot"
    )
    row = lookup(loaded.observations, "bijstand_aandeel", "WK051838", 2020)
    assert math.isnan(row["value"]) and row["missing_reason"] == lc.EMPTY_REASON
    other = lookup(loaded.observations, "ww_aandeel", "WK051838", 2020)
    assert other["value"] == pytest.approx(
        float(target["%_Unemployment_benefit_user"]) * 100, rel=1e-12
    )


def test_load_specs_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - id: x\n    path: /etc/passwd\n", encoding="utf-8")
    with pytest.raises(SourceError, match="x"):
        lc.load_specs(bad)
    (tmp_path / "empty.yaml").write_text("other: 1\n", encoding="utf-8")
    with pytest.raises(SourceError, match="sources"):
        lc.load_specs(tmp_path / "empty.yaml")
