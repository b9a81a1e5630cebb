"""Figures at the seams of two indelingen, checked against the raw snapshot files.

The corona dashboard counts every week on the 2023 gemeente indeling; CBS 03759ned
gives the inhabitants of 1 January of each year on that year's indeling. Each
expected figure is computed here from the raw files, with the merger written out as
CBS describes it in the code descriptions of 03759ned.
"""

from __future__ import annotations

import csv
import json
import math
from datetime import date

import pandas as pd
import pytest
import yaml
from test_indicators import (
    DATASETS,
    GEBIEDEN_FILE,
    daily_positives,
    read_population,
    refreshed_cache,
)

from dashboard.aggregation import aggregate, apply_coverage_rule
from dashboard.services import CoverageError, QueryError, Service
from data_sources import areas


@pytest.fixture(scope="module")
def service(cache) -> Service:
    return Service(cache)


@pytest.fixture(scope="module")
def cache(tmp_path_factory, snapshot_dir):
    folder = tmp_path_factory.mktemp("seams")
    datasets = [*DATASETS, "wijken_2024", "elan_gemeente"]
    return refreshed_cache(folder, snapshot_dir, datasets)


@pytest.fixture(scope="module")
def population(snapshot_dir) -> dict[tuple[str, str], float]:
    return read_population(snapshot_dir)


@pytest.fixture(scope="module")
def gebieden_file() -> dict[str, dict]:
    raw = yaml.safe_load(GEBIEDEN_FILE.read_text(encoding="utf-8"))
    return {g["id"]: g for g in raw["gebieden"]}


@pytest.fixture(scope="module")
def descriptions(snapshot_dir) -> dict[str, str]:
    """03759ned: gemeente code -> CBS's description (mergers are written there)."""
    path = snapshot_dir / "cbs-v4" / "03759ned" / "codes-RegioS.json"
    codes = json.loads(path.read_text(encoding="utf-8"))["value"]
    return {c["Identifier"].strip(): c["Description"] for c in codes}


def week_positives(snapshot_dir, gemeente: str, year: int, week: int) -> float:
    """Sum of the 7 daily positives of an ISO week in the dashboard file."""
    daily = daily_positives(snapshot_dir, gemeente)
    days = [date.fromisocalendar(year, week, d) for d in range(1, 8)]
    return sum(daily[d] for d in days)


# ------------------------------------------- 1. numerator and denominator agree


def test_amsterdam_2021_rate_counts_weesp_in_the_denominator(
    service, snapshot_dir, population, descriptions
):
    # CBS: "Gemeentelijke herindeling per 24-03-2022, ontvangen van: Amsterdam
    # (GM0363), Weesp (GM0457)"; the dashboard counts 2021 on the 2023 indeling.
    assert "herindeling per 24-03-2022" in descriptions["GM0363"]
    assert "Weesp (GM0457)" in descriptions["GM0363"]
    positives = week_positives(snapshot_dir, "GM0363", 2021, 1)
    inhabitants = (
        population[("GM0363", "2021JJ00")] + population[("GM0457", "2021JJ00")]
    )
    expected = positives / inhabitants * 100_000
    row = service.value("positieve-testen", "GM0363", "2021W101")
    assert row["value"] == pytest.approx(expected, rel=1e-12)
    assert round(row["value"], 1) == 214.6  # the figure, not 219,6
    # 1 January 2022 is before 24 March: Weesp still counts apart in 03759ned
    positives = week_positives(snapshot_dir, "GM0363", 2022, 10)
    inhabitants = (
        population[("GM0363", "2022JJ00")] + population[("GM0457", "2022JJ00")]
    )
    row = service.value("positieve-testen", "GM0363", "2022W110")
    assert row["value"] == pytest.approx(positives / inhabitants * 100_000, rel=1e-12)


def test_the_gebied_of_amsterdam_shows_the_same_corrected_rate(
    service, snapshot_dir, population
):
    positives = week_positives(snapshot_dir, "GM0363", 2021, 1)
    inhabitants = (
        population[("GM0363", "2021JJ00")] + population[("GM0457", "2021JJ00")]
    )
    row = service.value("positieve-testen", "amsterdam-nieuw-west", "2021W101")
    assert row["value"] == pytest.approx(positives / inhabitants * 100_000, rel=1e-12)


@pytest.mark.parametrize("year", [2020, 2021])
def test_purmerend_before_2022_counts_beemster_in_the_denominator(
    service, snapshot_dir, population, descriptions, year
):
    # CBS: "Gemeentelijke herindeling per 01-01-2022, ontvangen van: Beemster (GM0370)"
    assert "herindeling per 01-01-2022" in descriptions["GM0439"]
    assert "Beemster (GM0370)" in descriptions["GM0439"]
    positives = week_positives(snapshot_dir, "GM0439", year, 45)
    inhabitants = (
        population[("GM0439", f"{year}JJ00")] + population[("GM0370", f"{year}JJ00")]
    )
    row = service.value("positieve-testen", "GM0439", f"{year}W145")
    assert row["value"] == pytest.approx(positives / inhabitants * 100_000, rel=1e-12)


def test_voorne_aan_zee_has_figures_before_its_merger(
    service, snapshot_dir, population, descriptions
):
    # CBS: "Ontstaan per 01-01-2023, ontvangen van: Brielle (GM0501), Hellevoetsluis
    # (GM0530), Westvoorne (GM0614)"
    predecessors = ["GM0501", "GM0530", "GM0614"]
    assert descriptions["GM1992"].startswith("Ontstaan per 01-01-2023")
    assert all(f"({code})" in descriptions["GM1992"] for code in predecessors)
    positives = week_positives(snapshot_dir, "GM1992", 2021, 10)
    inhabitants = sum(population[(code, "2021JJ00")] for code in predecessors)
    assert (positives, inhabitants) == (149, 72651)  # the figures
    row = service.value("positieve-testen", "GM1992", "2021W110")
    assert row["value"] == pytest.approx(positives / inhabitants * 100_000, rel=1e-12)
    assert not isinstance(row["missing_reason"], str)  # present: no reason


@pytest.mark.parametrize(
    ("code", "predecessors"),
    [
        ("GM1980", ["GM0398", "GM0416"]),  # Dijk en Waard
        ("GM1982", ["GM0756", "GM1684", "GM0786", "GM0815", "GM1702"]),  # Land v. Cuijk
        ("GM1991", ["GM1685", "GM0856"]),  # Maashorst
        ("GM1979", ["GM0003", "GM0010", "GM0024"]),  # Eemsdelta (2021)
    ],
)
def test_other_merged_gemeenten_have_figures_before_their_merger(
    service, snapshot_dir, population, descriptions, code, predecessors
):
    assert all(f"({p})" in descriptions[code] for p in predecessors)
    positives = week_positives(snapshot_dir, code, 2020, 45)
    inhabitants = sum(population[(p, "2020JJ00")] for p in predecessors)
    row = service.value("positieve-testen", code, "2020W145")
    assert row["value"] == pytest.approx(positives / inhabitants * 100_000, rel=1e-12)


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022])
def test_rotterdam_rijnmond_counts_every_member_in_every_year(
    service, snapshot_dir, population, descriptions, year
):
    loaded = areas.gemeente_boundaries(snapshot_dir / "geo" / "nl-vr-gm.topo.json")
    members = loaded.members
    today = members[members["area_code"] == "VR17"]["member_code"].tolist()
    assert "GM1992" in today  # the 2023 indeling
    # Before 2023 Voorne aan Zee was Brielle, Hellevoetsluis and Westvoorne
    then = [c for c in today if c != "GM1992"] + ["GM0501", "GM0530", "GM0614"]
    expected = sum(population[(c, f"{year}JJ00")] for c in then)
    row = service.value("inwoners", "VR17", str(year))
    assert row["value"] == expected
    assert row["coverage"] == ""
    if year == 2022:
        assert expected == 1_336_484  # the figure, not 1.263.246


def test_a_region_in_2023_counts_voorne_aan_zee_itself(service, population):
    row = service.value("inwoners", "VR17", "2023")
    assert row["units_total"] == 13 and row["coverage"] == ""


def test_a_gemeente_that_received_part_of_a_split_one_is_missing_with_the_reason(
    service, descriptions
):
    # CBS: Haaren "Opgeheven per 01-01-2021, overgegaan naar: Boxtel, Oisterwijk,
    # Tilburg, Vught": Tilburg's 2020 inhabitants lack the part it received.
    assert descriptions["GM0788"].startswith("Opgeheven per 01-01-2021")
    row = service.value("positieve-testen", "GM0855", "2020W145")
    assert row["value"] is None or row["value"] != row["value"]  # NaN: missing
    assert "Haaren" in row["missing_reason"] and "verdeeld" in row["missing_reason"]
    assert not row["missing_reason"].startswith("onvolledige week")


# -------------------------------------------------- 5. the reason of a period


def test_each_missing_period_carries_its_own_reason(service, snapshot_dir):
    """Tilburg: 2020 weeks are missing for the split of Haaren, the last week of
    the source because it is incomplete; neither borrows the other's reason."""
    daily = daily_positives(snapshot_dir, "GM0855")
    last = max(daily)
    year, week, _ = last.isocalendar()
    days_in_last = sum(1 for d in daily if d.isocalendar()[:2] == (year, week))
    assert days_in_last < 7
    series = service.series("positieve-testen", "GM0855")
    reasons = dict(zip(series["period"], series["missing_reason"]))
    assert reasons[f"{year}W1{week:02d}"] == (
        f"onvolledige week: {days_in_last} van 7 dagen in bron"
    )
    missing_2020 = series[series["period"].str.startswith("2020")]
    assert missing_2020["value"].isna().all()
    assert missing_2020["missing_reason"].str.contains("Haaren").all()


# --------------------------------------------------- 2. wijk indelingen change


@pytest.fixture(scope="module")
def wijken_2024(snapshot_dir) -> dict[str, dict]:
    path = snapshot_dir / "geo" / "wijk_2024.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["wijkcode"]: f["properties"] for f in features}


@pytest.fixture(scope="module")
def wijken_2022(snapshot_dir) -> dict[str, dict]:
    path = snapshot_dir / "geo" / "wijk_2022.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: f["properties"] for f in features}


def test_the_rest_of_schiedam_2024_is_built_from_the_2024_wijk_list(
    service, wijken_2022, wijken_2024
):
    gebied = ["WK060601", "WK060606"]  # Oost and Nieuwland (gebieden.yaml)
    # Both codes keep their name in 2024, so they mean the same area there
    for code in gebied:
        assert wijken_2024[code]["wijknaam"] == wijken_2022[code]["name"]
    # WK060605 changed its meaning: "Nieuw Mathenesse" (10) -> "Kethel" (5.530)
    assert wijken_2022["WK060605"]["name"].endswith("Nieuw Mathenesse")
    assert wijken_2024["WK060605"]["wijknaam"].endswith("Kethel")
    schiedam = [c for c, p in wijken_2024.items() if p["gemeentecode"] == "GM0606"]
    assert {"WK060610", "WK060611"} <= set(schiedam)  # only in 2024
    whole = sum(wijken_2024[c]["aantal_inwoners"] for c in schiedam)
    expected = whole - sum(wijken_2024[c]["aantal_inwoners"] for c in gebied)
    assert expected == 55_585  # the figure, not 47.275
    rest = service.value("inwoners-wijk-2024", "rest-schiedam-nieuwland-oost")
    assert rest["value"] == expected
    part = service.value("inwoners-wijk-2024", "schiedam-nieuwland-oost")
    total = service.value("inwoners-wijk-2024", "GM0606")
    assert part["value"] + rest["value"] == total["value"] == whole


def test_a_gebied_whose_codes_mean_other_wijken_in_2024_has_no_2024_figure(
    service, gebieden_file, wijken_2022, wijken_2024
):
    codes = gebieden_file["amsterdam-zuidoost"]["wijk_codes"]
    changed = [
        c
        for c in codes
        if c not in wijken_2024 or wijken_2024[c]["wijknaam"] != wijken_2022[c]["name"]
    ]
    assert changed  # Amsterdam renumbered its wijken in 2024
    for area in ("amsterdam-zuidoost", "rest-amsterdam-zuidoost"):
        with pytest.raises(
            QueryError, match="niet te berekenen voor de indeling van 2024"
        ):
            service.value("inwoners-wijk-2024", area)


# ------------------------------------------- 3. coverage decides what is shown


def elan_codes(snapshot_dir) -> set[str]:
    path = snapshot_dir / "cbs-extra" / "elan-wijkprofielen-haaglanden"
    with open(path / "df_count_ver_3.csv", encoding="utf-8", newline="") as f:
        return {row["WKC"].strip() for row in csv.DictReader(f)}


def test_the_16_gebieden_together_show_no_share_from_one_gebied(
    service, snapshot_dir, gebieden_file, wijken_2022
):
    core = list(
        dict.fromkeys(
            c for g in gebieden_file.values() for c in g.get("wijk_codes", [])
        )
    )
    covered = [c for c in core if c in elan_codes(snapshot_dir)]  # Den Haag only
    held = sum(wijken_2022[c]["population"] for c in covered)
    whole = sum(wijken_2022[c]["population"] for c in core)
    percent = math.floor(held / whole * 1000) / 10
    assert held / whole < 0.8  # below the catalogue's default threshold
    row = service.value("bijstand-dh", "gebieden-16", "2022")
    assert row["value"] is None or math.isnan(row["value"])
    assert row["missing_reason"] == (
        "te weinig dekking voor een cijfer van het hele gebied: "
        f"{len(covered)} van {len(core)} wijken, "
        f"{percent:.1f}".replace(".", ",")
        + "% van de inwoners (drempel 80% van de inwoners)"
    )
    assert (len(covered), len(core), f"{percent:.1f}") == (3, 80, "6.8")
    # Den Haag Zuidwest itself is fully covered and keeps its figure
    assert not math.isnan(service.value("bijstand-dh", "den-haag-zuidwest")["value"])


def test_the_threshold_is_settable_per_indicator(cache):
    from data_sources.catalogue import read_catalogue

    catalogue = read_catalogue()
    assert {i.coverage_threshold for i in catalogue.indicators} == {0.8}
    entries = [
        i.model_copy(update={"coverage_threshold": 0.05})
        if i.id == "bijstand-dh"
        else i
        for i in catalogue.indicators
    ]
    lenient = Service(cache, catalogue.model_copy(update={"indicators": entries}))
    row = lenient.value("bijstand-dh", "gebieden-16", "2022")
    assert (
        row["value"]
        == lenient.value("bijstand-dh", "den-haag-zuidwest", "2022")["value"]
    )
    assert row["coverage"].startswith("3 van 80 wijken")


def test_a_count_over_part_of_an_area_is_at_least_not_a_total(
    wijken_2022, gebieden_file
):
    codes = gebieden_file["arnhem-oost"]["wijk_codes"]
    present = codes[:2] + codes[3:]  # one wijk without a figure
    values = pd.DataFrame(
        {
            "area_code": present,
            "period": "2022JJ00",
            "value": [wijken_2022[c]["population"] for c in present],
            "status": "definitief",
        }
    )
    cover = pd.Series({c: float(wijken_2022[c]["population"]) for c in codes})
    out = aggregate("count", codes, values, None, cover)
    out["missing_reason"] = None
    shown = apply_coverage_rule(out, "count", 0.8).iloc[0]
    assert shown["value"] == sum(wijken_2022[c]["population"] for c in present)
    assert bool(shown["at_least"]) is True
    assert shown["coverage"].startswith(f"ten minste: {len(present)} van {len(codes)}")


# -------------------------------------------- 4. small counts published as 0


def elan_rows(snapshot_dir, name: str) -> list[dict]:
    path = snapshot_dir / "cbs-extra" / "elan-wijkprofielen-haaglanden" / name
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ELAN_SHARES = [
    "%_Welfare_benefit_user",
    "%_Unemployment_benefit_user",
    "%_JGDHULP_user",
    "%_Debt_Poor",
    "%_Low_Income",
    "%_Wanbet",
]


def test_the_elan_wijk_file_publishes_no_count_below_15_except_as_0(snapshot_dir):
    """The rule behind zero_below: 15 in local_sources.yaml, checked in the data."""
    rows = [
        r
        for r in elan_rows(snapshot_dir, "df_count_ver_3.csv")
        if r["WKC"].strip().startswith("WK0518") and int(r["YEAR"]) >= 2015
    ]
    for column in ELAN_SHARES:
        counts = [float(r[column]) * float(r["Total_Population"]) for r in rows]
        assert min(c for c in counts if c > 0) >= 15 - 1e-6, column


def test_den_haag_schuldsanering_zeros_are_suppressed_not_real(service, snapshot_dir):
    rows = [
        r
        for r in elan_rows(snapshot_dir, "df_count_ver_3.csv")
        if r["WKC"].strip().startswith("WK0518") and r["YEAR"] == "2022"
    ]
    zeros = [r["WKC"].strip() for r in rows if float(r["%_Debt_Poor"]) == 0]
    assert (len(zeros), len(rows)) == (35, 44)
    # As real zeros the wijken would give sum(share x pop) / sum(pop):
    as_zeros = sum(float(r["%_Debt_Poor"]) * float(r["Total_Population"]) for r in rows)
    as_zeros = as_zeros / sum(float(r["Total_Population"]) for r in rows) * 100
    assert round(as_zeros, 4) == 0.0285  # the wrong figure
    wijk = service.value("schuldsanering-dh", zeros[0], "2022")
    assert math.isnan(wijk["value"])
    assert wijk["missing_reason"] == "klein aantal, afgerond op 0 in de bron"
    # The gemeente: ELAN's own gemeente figure (df_count_gem_ver_6.csv, 0-1 share)
    (own,) = [
        r
        for r in elan_rows(snapshot_dir, "df_count_gem_ver_6.csv")
        if r["GMC"].strip() == "GM0518" and r["YEAR"] == "2022"
    ]
    gemeente = service.value("schuldsanering-dh", "GM0518", "2022")
    assert gemeente["value"] == pytest.approx(float(own["Debt_Poor"]) * 100, rel=1e-12)
    assert round(gemeente["value"], 4) == 0.0485
    assert "kleine aantallen als 0" in gemeente["level_note"]
    assert gemeente["table_id"] == "elan_gemeente"
    # The rest of Den Haag: the wijken with a figure hold too few inhabitants
    rest = service.value("schuldsanering-dh", "rest-den-haag-zuidwest", "2022")
    assert math.isnan(rest["value"])
    assert rest["missing_reason"].startswith("te weinig dekking")


# --------------------------------------------------------------- 6. smaller


def test_wijk_figures_name_the_cbs_table_behind_them(service, snapshot_dir):
    sources = (snapshot_dir / "SOURCES-geo-gebieden.md").read_text(encoding="utf-8")
    assert '"Kerncijfers wijken en buurten 2022"' in sources and "tmap" in sources
    row = service.value("inwoners-wijk", "WK051833")
    assert row["table_id"] == "85318NED"
    prov = service.provenance("wijken_2022")
    assert "Kerncijfers wijken en buurten 2022" in prov.title and "tmap" in prov.title
    assert prov.footer().endswith("tabel 85318NED")


@pytest.mark.parametrize(
    ("code", "year", "predecessors"),
    [
        ("GM1992", 2021, ["GM0501", "GM0530", "GM0614"]),  # Voorne aan Zee (2023)
        ("GM1992", 2022, ["GM0501", "GM0530", "GM0614"]),
        ("GM0363", 2022, ["GM0363", "GM0457"]),  # Weesp joined on 24 March 2022
        ("GM0439", 2021, ["GM0439", "GM0370"]),  # Purmerend with Beemster (2022)
    ],
)
def test_inhabitants_of_a_merged_gemeente_before_its_merger_are_its_predecessors(
    service, population, descriptions, code, year, predecessors
):
    assert all(f"({p})" in descriptions[code] for p in predecessors)
    expected = sum(population[(p, f"{year}JJ00")] for p in predecessors)
    row = service.value("inwoners", code, str(year))
    assert row["value"] == expected
    assert row["coverage"] == ""
    assert "gemeentelijke indeling van nu: cijfers van vóór " in row["level_note"]
    # after the merger the gemeente's own figure, as CBS publishes it
    assert (
        service.value("inwoners", code, "2024")["value"]
        == population[(code, "2024JJ00")]
    )


def test_a_gemeente_without_a_merger_keeps_cbs_figure_and_no_note(service, population):
    row = service.value("inwoners", "GM0344", "2020")
    assert row["value"] == population[("GM0344", "2020JJ00")]
    assert row["level_note"] == ""


def test_the_note_names_the_predecessors_and_the_date(service):
    row = service.value("inwoners", "GM1992", "2021")
    assert row["level_note"] == (
        "gemeentelijke indeling van nu: cijfers van vóór 1-1-2023 tellen Brielle, "
        "Hellevoetsluis en Westvoorne mee"
    )


def test_an_area_without_any_covered_period_says_how_little_there_is(service):
    with pytest.raises(CoverageError) as caught:
        service.value("bijstand-dh", "gebieden-16")
    assert caught.value.coverage.startswith("3 van 80 wijken, 6,8")
    assert "te weinig dekking" in str(caught.value)


def test_a_region_below_the_threshold_says_why_its_members_are_missing(
    service, snapshot_dir, population
):
    """Midden- en West-Brabant 2020: Tilburg and Oisterwijk received part of Haaren,
    so their 2020 inhabitants on today's indeling are unknown; the rest of the
    region holds less than 80 % of its inhabitants."""
    loaded = areas.gemeente_boundaries(snapshot_dir / "geo" / "nl-vr-gm.topo.json")
    members = loaded.members
    region = members[members["area_code"] == "VR20"]["member_code"].tolist()
    received = [c for c in ("GM0824", "GM0855") if c in region]
    assert received == ["GM0824", "GM0855"]
    row = service.value("positieve-testen", "VR20", "2020W145")
    assert math.isnan(row["value"])
    assert row["missing_reason"].startswith("te weinig dekking")
    assert "ontbrekend: Haaren is op 1-1-2021 verdeeld" in row["missing_reason"]
    # coverage weighs each gemeente by its latest inhabitants (2026 in 03759ned)
    whole = sum(population[(c, "2026JJ00")] for c in region)
    held = whole - sum(population[(c, "2026JJ00")] for c in received)
    percent = f"{math.floor(held / whole * 1000) / 10:.1f}".replace(".", ",")
    assert held / whole < 0.8
    assert row["coverage"] == (
        f"{len(region) - 2} van {len(region)} gemeenten, {percent}% van de inwoners"
    )
