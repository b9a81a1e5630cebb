"""Indicator service and aggregation, checked against the raw snapshot files.

Every expected value is computed here from the published files themselves (wijk
GeoJSON, ELAN CSV, corona dashboard JSON, CBS v4 observations), with the arithmetic
written out, and compared with what ``Service`` returns from a cache that was
refreshed from the same snapshot.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from dashboard.aggregation import aggregate, coverage_text
from dashboard.services import QueryError, Service, UnknownIndicatorError
from data_sources.cache import Cache
from data_sources.catalogue import CATALOGUE_FILE, read_catalogue
from data_sources.model import SourceError
from data_sources.refresh import refresh
from data_sources.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
GEBIEDEN_FILE = REPO / "data_sources" / "gebieden.yaml"
DATASETS = [
    "cbs_03759ned",
    "cbs_37789ksz",
    "corona_gemeenten",
    "elan_wijk",
    "wijken_2022",
    "gemeenten_2023",
    "gebieden",
]
# Datasets of the catalogue that this cache leaves out on purpose.
NOT_LOADED = {"cbs_80590ned", "cbs_83932NED", "cbs_82242NED", "cbs_83625NED"}
GEBIEDEN = ["utrecht-overvecht", "den-haag-zuidwest", "rotterdam-zuid", "arnhem-oost"]


# --------------------------------------------------------------------- fixtures


def make_settings(folder: Path, snapshot_dir: Path, database_url: str):
    config = folder / "config.yaml"
    config.write_text(
        f"""
database_url: {database_url}
snapshot_dir: {snapshot_dir}
gebieden_file: {GEBIEDEN_FILE}
catalogs:
  cbs_v3: http://127.0.0.1:9
  cbs_v4: http://127.0.0.1:9
  corona: http://127.0.0.1:9/corona
http:
  timeout_s: 2
  retries: 0
  backoff_s: 0
""",
        encoding="utf-8",
    )
    return load_settings(config)


def refreshed_cache(
    folder: Path, snapshot_dir: Path, datasets: list[str] = DATASETS
) -> Cache:
    """A SQLite cache refreshed from the snapshot (DATASETS unless told)."""
    settings = make_settings(
        folder, snapshot_dir, f"sqlite:///{folder / 'cache.sqlite'}"
    )
    cache = Cache(settings.sqlalchemy_url)
    report = refresh(cache, settings, "snapshot", only=datasets)
    assert report.ok, [(o.dataset, o.message) for o in report.outcomes]
    return cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory, snapshot_dir) -> Cache:
    return refreshed_cache(tmp_path_factory.mktemp("indicators"), snapshot_dir)


@pytest.fixture(scope="module")
def service(cache) -> Service:
    return Service(cache)


# ------------------------------------------------------- raw snapshot readers


@pytest.fixture(scope="module")
def gebieden() -> dict[str, dict]:
    """The project's gebieden definition: id -> entry (wijk_codes, gemeente_code)."""
    raw = yaml.safe_load(GEBIEDEN_FILE.read_text(encoding="utf-8"))
    return {g["id"]: g for g in raw["gebieden"]}


@pytest.fixture(scope="module")
def wijken(snapshot_dir) -> dict[str, dict]:
    """geo/wijk_2022.geojson: wijk code -> CBS attributes 2022."""
    with open(snapshot_dir / "geo" / "wijk_2022.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    return {f["properties"]["code"]: f["properties"] for f in features}


@pytest.fixture(scope="module")
def population(snapshot_dir) -> dict[tuple[str, str], float]:
    return read_population(snapshot_dir)


def read_population(snapshot_dir: Path) -> dict[tuple[str, str], float]:
    """CBS 03759ned: (region, period) -> inhabitants on 1 January (M000352)."""
    path = snapshot_dir / "cbs-v4" / "03759ned" / "observations-page-1.json"
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)["value"]
    return {
        (r["RegioS"].strip(), r["Perioden"]): r["Value"]
        for r in rows
        if r["Measure"] == "M000352"
        and (r["BurgerlijkeStaat"], r["Geslacht"], r["Leeftijd"])
        == ("T001019", "T001038", "10000")
    }


@pytest.fixture(scope="module")
def elan(snapshot_dir) -> list[dict]:
    """ELAN wijkprofielen per wijk (Den Haag), rows of df_count_ver_3.csv."""
    path = snapshot_dir / "cbs-extra" / "elan-wijkprofielen-haaglanden"
    with open(path / "df_count_ver_3.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def daily_positives(snapshot_dir: Path, gemeente: str) -> dict[date, float]:
    """Corona dashboard: positive tests per day (tested_overall.infected)."""
    path = snapshot_dir / "coronadashboard" / f"{gemeente}.json.gz"
    with gzip.open(path, "rb") as f:
        document = json.load(f)
    (key,) = [
        k
        for k in document
        if k == "tested_overall" or k.startswith("tested_overall_archived_")
    ]
    return {
        datetime.fromtimestamp(v["date_unix"], tz=timezone.utc).date(): v["infected"]
        for v in document[key]["values"]
    }


def weighted_mean(pairs: list[tuple[float | None, float | None]]) -> float:
    """sum(value_w x weight_w) / sum(weight_w) over units with a value and a weight > 0."""
    used = [(v, w) for v, w in pairs if v is not None and w is not None and w > 0]
    return sum(v * w for v, w in used) / sum(w for _, w in used)


def person_share(wijken: dict, codes: list[str], measure: str) -> float:
    """A share of persons: sum(share_w x inhabitants_w) / sum(inhabitants_w)."""
    return weighted_mean([(wijken[c][measure], wijken[c]["population"]) for c in codes])


def dwelling_mean(wijken: dict, codes: list[str], measure: str) -> float:
    """WOZ value, owner-occupied share: sum(x_w x dwellings_w) / sum(dwellings_w)."""
    return weighted_mean(
        [(wijken[c][measure], wijken[c]["dwelling_total"]) for c in codes]
    )


def elan_share(elan: list[dict], codes, year: int, column: str) -> float:
    """ELAN share (0-1 in the file, % in the dashboard) weighted by Total_Population."""
    pairs = []
    for row in elan:
        if row["WKC"].strip() in codes and int(row["YEAR"]) == year:
            pairs.append((float(row[column]) * 100, float(row["Total_Population"])))
    assert len(pairs) == len(codes), (codes, year)
    return weighted_mean(pairs)


def codes_of(gebieden: dict, gebied: str) -> list[str]:
    return list(gebieden[gebied]["wijk_codes"])


def gemeente_wijken(wijken: dict, gemeente: str) -> list[str]:
    return sorted(c for c, p in wijken.items() if p["gm_code"] == gemeente)


# ----------------------------------------------- 1. values against raw files


WIJK_INDICATORS = {
    # indicator: expected value from the raw wijk attributes
    "inwoners-wijk": lambda w, codes: sum(w[c]["population"] for c in codes),
    "aandeel-65plus": lambda w, codes: person_share(w, codes, "pop_65plus"),
    "laag-inkomen-wijk": lambda w, codes: person_share(w, codes, "income_low"),
    "woz-waarde-wijk": lambda w, codes: dwelling_mean(w, codes, "dwelling_value"),
    "koopwoningen-wijk": lambda w, codes: dwelling_mean(w, codes, "dwelling_ownership"),
}


@pytest.mark.parametrize("gebied", GEBIEDEN)
@pytest.mark.parametrize("indicator", sorted(WIJK_INDICATORS))
def test_wijk_indicators_of_a_gebied_equal_the_raw_wijk_arithmetic(
    service, wijken, gebieden, indicator, gebied
):
    codes = codes_of(gebieden, gebied)
    expected = WIJK_INDICATORS[indicator](wijken, codes)
    row = service.value(indicator, gebied)
    assert row["period"] == "2022JJ00"
    assert row["value"] == pytest.approx(expected, rel=1e-12)
    assert row["units_total"] == len(codes) == row["units_present"]
    assert row["coverage"] == ""
    assert row["level_note"] == ""


def test_national_wijk_figures_are_the_sum_and_weighted_mean_of_all_wijken(
    service, wijken
):
    codes = list(wijken)
    assert len(codes) == 3340
    total = service.value("inwoners-wijk", "NL01")
    assert total["value"] == sum(wijken[c]["population"] for c in codes)
    share = service.value("aandeel-65plus", "NL01")
    assert share["value"] == pytest.approx(person_share(wijken, codes, "pop_65plus"))


@pytest.mark.parametrize("gebied", GEBIEDEN)
def test_a_gemeente_level_indicator_shows_the_gemeente_figure_with_a_note(
    service, gebieden, population, gebied
):
    gemeente = gebieden[gebied]["gemeente_code"]
    years = sorted(p for (region, p) in population if region == gemeente)
    latest = service.value("inwoners", gebied)
    assert latest["period"] == years[-1] == "2026JJ00"
    assert latest["value"] == population[(gemeente, "2026JJ00")]
    assert "alleen op gemeenteniveau" in latest["level_note"]
    assert latest["level_note"].startswith("cijfer van de gemeente ")
    in_2020 = service.value("inwoners", gebied, "2020")
    assert in_2020["value"] == population[(gemeente, "2020JJ00")]
    # the gemeente itself: the same figure, without the note
    own = service.value("inwoners", gemeente, "2020")
    assert own["value"] == in_2020["value"] and own["level_note"] == ""


@pytest.mark.parametrize("gebied", ["utrecht-overvecht", "den-haag-zuidwest"])
@pytest.mark.parametrize(("year", "week"), [(2020, 45), (2020, 53), (2021, 50)])
def test_weekly_positive_tests_per_100k_from_the_daily_dashboard_figures(
    service, snapshot_dir, gebieden, population, gebied, year, week
):
    gemeente = gebieden[gebied]["gemeente_code"]
    daily = daily_positives(snapshot_dir, gemeente)
    days = [date.fromisocalendar(year, week, d) for d in range(1, 8)]
    positives = sum(daily[d] for d in days)  # all 7 days are in the source
    inhabitants = population[(gemeente, f"{days[0].year}JJ00")]  # 1 January
    expected = positives / inhabitants * 100_000
    key = f"{year}W1{week:02d}"
    for area in (gemeente, gebied):
        row = service.value("positieve-testen", area, key)
        assert row["period"] == key
        assert row["value"] == pytest.approx(expected, rel=1e-12)
    assert (
        "alleen op gemeenteniveau"
        in service.value("positieve-testen", gebied, key)["level_note"]
    )


@pytest.mark.parametrize("year", [2019, 2022])
def test_den_haag_bijstand_share_is_weighted_by_wijk_population(
    service, elan, gebieden, year
):
    codes = codes_of(gebieden, "den-haag-zuidwest")
    assert codes == ["WK051833", "WK051834", "WK051836"]
    expected = elan_share(elan, codes, year, "%_Welfare_benefit_user")
    row = service.value("bijstand-dh", "den-haag-zuidwest", str(year))
    assert row["period"] == f"{year}JJ00"
    assert row["value"] == pytest.approx(expected, rel=1e-12)
    # Without ELAN's gemeente file (not in this cache) the gemeente is the weighted
    # mean of its wijken; a 0 is a suppressed small count (zero_below), not a real 0,
    # so only the wijken with a published share count.
    published = {
        r["WKC"].strip()
        for r in elan
        if r["WKC"].startswith("WK0518")
        and int(r["YEAR"]) == year
        and float(r["%_Welfare_benefit_user"]) > 0
    }
    gemeente = elan_share(elan, published, year, "%_Welfare_benefit_user")
    row = service.value("bijstand-dh", "GM0518", str(year))
    assert row["value"] == pytest.approx(gemeente, rel=1e-12)
    assert row["units_present"] == len(published)


# ----------------------------------------------- 2. weighted, not unweighted


@pytest.mark.parametrize(
    ("indicator", "gebied", "measure"),
    [
        ("laag-inkomen-wijk", "arnhem-oost", "income_low"),
        ("aandeel-65plus", "amsterdam-nieuw-west", "pop_65plus"),
    ],
)
def test_shares_are_weighted_by_population_not_a_plain_mean_of_percentages(
    service, wijken, gebieden, indicator, gebied, measure
):
    codes = codes_of(gebieden, gebied)
    weighted = person_share(wijken, codes, measure)
    unweighted = sum(wijken[c][measure] for c in codes) / len(codes)
    assert abs(weighted - unweighted) > 0.5  # far more than rounding
    value = service.value(indicator, gebied)["value"]
    assert value == pytest.approx(weighted, rel=1e-12)
    assert abs(value - unweighted) > 0.5


# -------------------------------------------------- 3. counts and coverage


def test_gebied_plus_rest_of_gemeente_is_the_gemeente_for_counts(
    service, wijken, gebieden
):
    for gebied, entry in gebieden.items():
        gemeente = entry["gemeente_code"]
        whole = service.value("inwoners-wijk", gemeente)["value"]
        part = service.value("inwoners-wijk", gebied)["value"]
        rest = service.value("inwoners-wijk", f"rest-{gebied}")["value"]
        assert part + rest == whole, gebied
        assert whole == sum(
            wijken[c]["population"] for c in gemeente_wijken(wijken, gemeente)
        )
        assert set(service.area(gebied).wijken).isdisjoint(
            service.area(f"rest-{gebied}").wijken
        )


def test_aggregate_over_units_with_one_wijk_missing_reports_partial_coverage(
    wijken, gebieden
):
    codes = codes_of(gebieden, "arnhem-oost")
    missing = codes[2]
    values = pd.DataFrame(
        {
            "area_code": [c for c in codes if c != missing],
            "period": "2022JJ00",
            "value": [wijken[c]["income_low"] for c in codes if c != missing],
            "status": "definitief",
        }
    )
    weights = pd.DataFrame(
        {
            "area_code": codes,
            "period": "2022JJ00",
            "weight": [float(wijken[c]["population"]) for c in codes],
        }
    )
    inhabitants = pd.Series({c: float(wijken[c]["population"]) for c in codes})
    out = aggregate("share", codes, values, weights, inhabitants).iloc[0]
    present = [c for c in codes if c != missing]
    assert out["value"] == pytest.approx(person_share(wijken, present, "income_low"))
    assert (out["units_present"], out["units_total"]) == (len(codes) - 1, len(codes))
    held = sum(wijken[c]["population"] for c in present)
    total = sum(wijken[c]["population"] for c in codes)
    assert out["coverage_share"] == pytest.approx(held / total)
    text = coverage_text(
        out["units_present"], out["units_total"], out["coverage_share"]
    )
    percent = math.floor(held / total * 1000) / 10
    assert text == f"6 van 7 wijken, {percent:.1f}".replace(".", ",") + (
        "% van de inwoners"
    )
    assert "100" not in text

    counts = aggregate(
        "count",
        codes,
        values.assign(value=[wijken[c]["population"] for c in present]),
        None,
        inhabitants,
    ).iloc[0]
    assert counts["value"] == held and counts["units_present"] == 6


def test_a_gebied_with_a_wijk_missing_in_the_data_says_so(service, wijken, gebieden):
    codes = codes_of(gebieden, "heerlen-noord")
    present = [c for c in codes if wijken[c]["income_low"] is not None]
    assert 0 < len(present) < len(codes)
    row = service.value("laag-inkomen-wijk", "heerlen-noord")
    assert row["value"] == pytest.approx(person_share(wijken, present, "income_low"))
    assert (row["units_present"], row["units_total"]) == (len(present), len(codes))
    held = sum(wijken[c]["population"] for c in present)
    total = sum(wijken[c]["population"] for c in codes)
    assert row["coverage_share"] == pytest.approx(held / total) and held < total
    percent = f"{math.floor(held / total * 1000) / 10:.1f}".replace(".", ",")
    assert row["coverage"] == (
        f"{len(present)} van {len(codes)} wijken, {percent}% van de inwoners"
    )
    assert "100" not in row["coverage"]


def test_an_incomplete_figure_never_claims_all_inhabitants(service, wijken):
    # Den Haag's wijk Oostduinen has no inhabitants and so no age shares: the
    # gemeente figure covers 43 of 44 wijken, and must not say "100 %".
    row = service.value("aandeel-65plus", "GM0518")
    empty = [
        c for c in gemeente_wijken(wijken, "GM0518") if wijken[c]["pop_65plus"] is None
    ]
    assert empty == ["WK051801"] and wijken["WK051801"]["population"] == 0
    assert (row["units_present"], row["units_total"]) == (43, 44)
    assert row["coverage"] == "43 van 44 wijken (ontbrekende wijken zonder inwoners)"
    assert "100" not in row["coverage"]
    assert coverage_text(9, 10, 0.99999) == "9 van 10 wijken, 99,9% van de inwoners"
    for share in (1.0, 0.99999, 0.9995, 0.5):
        text = coverage_text(9, 10, share)
        assert text.startswith("9 van 10 wijken") and "100" not in text
    assert coverage_text(10, 10, 1.0) == ""
    # thousands in the Dutch format (the Domein page read "3072 van 3340 wijken")
    assert coverage_text(3072, 3340, 0.998) == (
        "3.072 van 3.340 wijken, 99,8% van de inwoners"
    )


@pytest.mark.parametrize("gebied", ["den-haag-zuidwest", "arnhem-oost"])
def test_estimate_flag_follows_the_proxy_base(service, gebied):
    assert read_catalogue().indicator("laag-inkomen-wijk").base_is_proxy
    assert service.value("laag-inkomen-wijk", gebied)["estimate"] is True
    assert service.value("woz-waarde-wijk", gebied)["estimate"] is True
    assert service.value("aandeel-65plus", gebied)["estimate"] is False
    assert service.value("koopwoningen-wijk", gebied)["estimate"] is False
    # a single wijk's own figure is not aggregated, so not an estimate
    assert service.value("laag-inkomen-wijk", "WK051833")["estimate"] is False


# ------------------------------------------------- 4. catalogue validation


def write_catalogue(path: Path, change) -> Path:
    raw = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    change({i["id"]: i for i in raw["indicators"]})
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_an_indicator_with_a_missing_measure_is_reported_and_the_rest_works(
    cache, service, wijken, gebieden, tmp_path
):
    def break_it(indicators):
        indicators["aandeel-65plus"]["source"]["measure"] = "pop_65plus_ontbreekt"

    catalogue = read_catalogue(write_catalogue(tmp_path / "catalogus.yaml", break_it))
    broken = Service(cache, catalogue)
    baseline = service.problems()
    # the cache holds only part of the datasets: those indicators are reported too
    absent = set()
    for problem in baseline.values():
        assert problem.startswith("dataset ") and problem.endswith(" niet in de cache")
        absent.add(problem.split()[1])
    assert NOT_LOADED <= absent and absent.isdisjoint(DATASETS)
    problems = broken.problems()
    assert set(problems) - set(baseline) == {"aandeel-65plus"}
    assert {k: v for k, v in problems.items() if k != "aandeel-65plus"} == baseline
    assert "pop_65plus_ontbreekt" in problems["aandeel-65plus"]
    assert "wijken_2022" in problems["aandeel-65plus"]
    with pytest.raises(QueryError):
        broken.value("aandeel-65plus", "den-haag-zuidwest")
    codes = codes_of(gebieden, "den-haag-zuidwest")
    assert broken.value("aandeel-0-14", "den-haag-zuidwest")["value"] == (
        pytest.approx(person_share(wijken, codes, "pop_0_14"))
    )
    assert broken.value("inwoners-wijk", "den-haag-zuidwest")["value"] == sum(
        wijken[c]["population"] for c in codes
    )
    frame = broken.indicators_frame().set_index("id")
    assert frame.at["aandeel-65plus", "problem"] == problems["aandeel-65plus"]
    assert frame.at["aandeel-0-14", "periods"] == "2022JJ00 t/m 2022JJ00"


@pytest.mark.parametrize(
    ("indicator", "drop", "message"),
    [
        ("koopwoningen-wijk", "base", "share heeft een base"),
        ("woz-waarde-wijk", "base", "mean heeft een base"),
        ("positieve-testen", "denominator", "rate heeft een denominator"),
    ],
)
def test_a_catalogue_entry_without_its_weighting_is_refused(
    tmp_path, indicator, drop, message
):
    def remove(indicators):
        del indicators[indicator][drop]

    path = write_catalogue(tmp_path / "catalogus.yaml", remove)
    with pytest.raises(SourceError) as caught:
        read_catalogue(path)
    text = str(caught.value)
    assert message in text and str(path) in text
    assert indicator in text  # names the entry, not only its position
    assert "\n" not in text


# ------------------------------------------------------------ 5. comparisons


def test_comparison_of_a_gebied_against_nederland_gemeente_and_rest(
    service, wijken, gebieden
):
    codes = codes_of(gebieden, "den-haag-zuidwest")
    all_gm = gemeente_wijken(wijken, "GM0518")
    value = person_share(wijken, codes, "pop_65plus")
    nederland = person_share(wijken, list(wijken), "pop_65plus")
    gemeente = person_share(wijken, all_gm, "pop_65plus")
    rest = person_share(wijken, [c for c in all_gm if c not in codes], "pop_65plus")
    result = service.comparison("aandeel-65plus", "den-haag-zuidwest")
    assert result["period"] == "2022JJ00"
    assert result["value"] == pytest.approx(value)
    assert result["netherlands"] == pytest.approx(nederland)
    assert result["municipality"] == pytest.approx(gemeente)
    assert result["rest_of_municipality"] == pytest.approx(rest)
    assert result["difference_from_nl"] == pytest.approx(value - nederland)
    assert result["ratio_to_nl"] == pytest.approx(value / nederland)
    assert result["corona_gap"] is None  # no figure before corona


def test_change_since_a_base_period_is_the_difference_of_weighted_shares(
    service, elan, gebieden
):
    codes = codes_of(gebieden, "den-haag-zuidwest")
    share_2022 = elan_share(elan, codes, 2022, "%_Welfare_benefit_user")
    share_2019 = elan_share(elan, codes, 2019, "%_Welfare_benefit_user")
    result = service.comparison(
        "bijstand-dh", "den-haag-zuidwest", period="2022", base_period="2019"
    )
    assert (result["period"], result["base_period"]) == ("2022JJ00", "2019JJ00")
    assert result["value"] == pytest.approx(share_2022)
    assert result["change_since_base"] == pytest.approx(share_2022 - share_2019)
    # ELAN covers Den Haag only: no national figure, so no difference and no gap
    assert result["netherlands"] is None and result["difference_from_nl"] is None
    assert result["corona_gap"] is None


def test_a_count_has_no_corona_gap_with_nederland(service, population):
    """Den Haag's inhabitants minus the country's says nothing (issues 11 and 12): no
    gap on a count, although both series exist before and after March 2020. The gap
    arithmetic on a rate: tests/test_views.py (woninginbraken per 1.000)."""
    assert population[("GM0518", "2019JJ00")] and population[("NL01", "2021JJ00")]
    assert service.comparison("inwoners", "den-haag-zuidwest")["corona_gap"] is None
    assert service.corona_gap("inwoners", "GM0518", post="2021JJ00") is None


def test_stapeling_scores_point_the_way_of_the_polarity(service):
    frame = service.stapeling()
    catalogue = service.catalogue
    assert len(frame) > 0
    neutral = {i.id for i in catalogue.indicators if i.polarity == "neutral"}
    assert neutral.isdisjoint(frame["indicator"])
    counts = {i.id for i in catalogue.indicators if i.aggregation == "count"}
    assert counts.isdisjoint(frame["indicator"])  # see test_views for the police counts
    assert {"laag-inkomen-wijk", "positieve-testen"} <= set(frame["indicator"])
    for row in frame.itertuples():
        sign = catalogue.indicator(row.indicator).polarity_sign
        assert sign != 0
        expected = np.sign((row.value - row.nederland) * sign)
        assert np.sign(row.score) == expected, row
    worse = frame[
        (frame["indicator"] == "laag-inkomen-wijk")
        & (frame["area_id"] == "den-haag-zuidwest")
    ].iloc[0]
    assert worse["score"] > 0  # more low incomes than NL: worse
    assert worse["nederland"] == pytest.approx(
        service.value("laag-inkomen-wijk", "NL01")["value"]
    )
    better = frame[
        (frame["indicator"] == "hoog-inkomen-wijk")
        & (frame["area_id"] == "den-haag-zuidwest")
    ].iloc[0]
    assert better["value"] < better["nederland"] and better["score"] > 0


# --------------------------------------------------------------- 6. bad input


BAD = [
    ("bestaat-niet", "NL01", None, UnknownIndicatorError, "onbekende indicator"),
    ("inwoners", "nergens", None, QueryError, "onbekend gebied"),
    (
        "aandeel-65plus",
        "utrecht-overvecht",
        "2030",
        QueryError,
        "valt buiten de gegevens",
    ),
    ("bijstandsuitkeringen", "NL01", "2030", QueryError, "valt buiten de gegevens"),
    ("bijstand-dh", "den-haag-zuidwest", "2030", QueryError, "valt buiten de gegevens"),
    (
        "aandeel-65plus",
        "utrecht-overvecht",
        "2020MM13",
        QueryError,
        "ongeldige periode",
    ),
    ("bijstandsuitkeringen", "NL01", "2020MM13", QueryError, "ongeldige periode"),
    (
        "positieve-testen",
        "den-haag-zuidwest",
        "2021W160",
        QueryError,
        "ongeldige periode",
    ),
    ("woz-waarde-wijk", "arnhem-oost", "abc", QueryError, "ongeldige periode"),
    ("positieve-testen", "den-haag-zuidwest", "2022", QueryError, "geen jaarcijfer"),
    (
        "bijstandsuitkeringen",
        "den-haag-zuidwest",
        None,
        QueryError,
        "alleen een landelijk cijfer",
    ),
    ("bijstand-dh", "NL01", None, QueryError, "dekt niet heel Nederland"),
    ("bijstand-dh", "utrecht-overvecht", None, QueryError, "geen wijkcijfers"),
]


@pytest.mark.parametrize(("indicator", "area", "period", "error", "message"), BAD)
def test_bad_requests_raise_a_query_error_with_a_dutch_message(
    service, indicator, area, period, error, message
):
    with pytest.raises(error, match=message) as caught:
        service.value(indicator, area, period)
    assert isinstance(caught.value, QueryError)
    with pytest.raises(error, match=message):
        service.comparison(indicator, area, period)


def test_a_level_without_the_indicator_is_refused_on_maps(service):
    with pytest.raises(QueryError, match="bestaat niet op gemeenteniveau"):
        service.map_values("bijstandsuitkeringen", "gemeente")
    with pytest.raises(QueryError, match="kaartniveau 'provincie' bestaat niet"):
        service.map_values("aandeel-65plus", "provincie")
    with pytest.raises(UnknownIndicatorError):
        service.series("bestaat-niet", "NL01")
