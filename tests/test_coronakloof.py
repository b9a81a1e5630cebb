"""The coronakloof of the service: gap to Nederland (or the rest of the gemeente)
before corona and in the corona years, growth instead of a gap for counts.

Expected figures come from the raw snapshot files with the arithmetic written out:
the police document, the raw 03759ned and 37789ksz v4 observations.
"""

from __future__ import annotations

import json

import pytest
from cli_run import run_cli

from dashboard import coronakloof as kloof
from dashboard.services import QueryError, Service

OFFENCES = {"woninginbraak": "1.1.1", "mishandeling": "1.4.5", "fietsdiefstal": "1.2.3"}
GEBIEDEN = {
    "rotterdam-zuid": ["GM0599"],
    "den-haag-zuidwest": ["GM0518"],
    "amsterdam-nieuw-west": ["GM0363", "GM0457"],  # Amsterdam with Weesp (2022)
}


@pytest.fixture(scope="module")
def service(shared_service) -> Service:
    return shared_service  # one memo for the session


def gemeente_rate(police, population, offence, parts, year) -> float:
    count = police["counts"][offence][parts[0]][str(year)]
    return count / sum(population[(code, year)] for code in parts) * 1000


def national_rate(police, population, offence, year) -> float:
    """All gemeenten of the police table (not GM0000, "niet in te delen", which has
    no inhabitants) over all gemeenten of 03759ned that year: in 2021 and 2022 every
    gemeente of that year lies wholly in one of today's (no split since)."""
    count = sum(
        per_year[str(year)]
        for code, per_year in police["counts"][offence].items()
        if code != "GM0000"
    )
    inhabitants = sum(
        value
        for (code, y), value in population.items()
        if y == year and code.startswith("GM") and value is not None
    )
    return count / inhabitants * 1000


@pytest.mark.parametrize("gebied", list(GEBIEDEN))
def test_gap_for_three_gebieden_and_three_offences_from_the_raw_files(
    service, police, population, gebied
):
    parts = GEBIEDEN[gebied]
    for indicator, offence in OFFENCES.items():
        result = service.coronakloof(indicator, gebied, "2021", "2022")
        assert result["reason_code"] is None, result["reason"]
        assert result["kind"] == "verschil"
        assert result["reference_name"] == "Nederland"
        (pair,) = result["pairs"]
        gaps = []
        for year in (2021, 2022):
            parts_then = [p for p in parts if population[(p, year)] is not None]
            area = gemeente_rate(police, population, offence, parts_then, year)
            nl = national_rate(police, population, offence, year)
            gaps.append(area - nl)
        assert pair["gap_before"] == pytest.approx(gaps[0], rel=1e-9)
        assert pair["gap_after"] == pytest.approx(gaps[1], rel=1e-9)
        assert pair["change"] == pytest.approx(gaps[1] - gaps[0], rel=1e-9)
        assert "Het verschil met Nederland in" in pair["sentence"]
        assert "Cijfer van de gemeente" in pair["sentence"]


def test_default_pairs_are_2019_to_2021_and_to_2022(service, police, population):
    result = service.coronakloof("woninginbraak", "rotterdam-zuid")
    assert [(p["before"], p["after"]) for p in result["pairs"]] == [
        ("2019JJ00", "2021JJ00"),
        ("2019JJ00", "2022JJ00"),
    ]
    expected_2019 = gemeente_rate(police, population, "1.1.1", ["GM0599"], 2019)
    for pair in result["pairs"]:
        assert pair["value_before"] == pytest.approx(expected_2019, rel=1e-12)
        smaller = abs(pair["gap_after"]) < abs(pair["gap_before"])
        flipped = pair["gap_after"] * pair["gap_before"] < 0
        word = (
            "keerde om" if flipped else ("werd kleiner" if smaller else "werd groter")
        )
        assert word in pair["sentence"]
        assert pair["sentence"].startswith(
            "Het verschil met Nederland in woninginbraken per 1.000 inwoners "
        )


def test_no_gap_on_a_count_but_growth_in_percent(service, police):
    result = service.coronakloof("woninginbraak-aantal", "GM0599")
    assert result["kind"] == "groei"
    for pair in result["pairs"]:
        assert "gap_before" not in pair
        year = int(pair["after"][:4])
        counts = police["counts"]["1.1.1"]["GM0599"]
        growth = (counts[str(year)] / counts["2019"] - 1) * 100
        assert pair["growth"] == pytest.approx(growth, rel=1e-12)
        assert "%" in pair["sentence"] and "Nederland" in pair["sentence"]


def test_a_provisional_year_is_marked_in_the_sentence(service):
    result = service.coronakloof("woninginbraak", "GM0599", "2019", "2024")
    (pair,) = result["pairs"]
    assert pair["provisional"] and "2024 (voorlopig)" in pair["sentence"]


def test_without_a_national_figure_the_rest_of_the_gemeente_is_the_reference(service):
    result = service.coronakloof("bijstand-dh", "den-haag-zuidwest")
    assert result["reference_id"] == "rest-den-haag-zuidwest"
    assert result["reference_name"] == "de rest van de gemeente 's-Gravenhage"
    rest = service.series("bijstand-dh", "rest-den-haag-zuidwest").set_index("period")
    area = service.series("bijstand-dh", "den-haag-zuidwest").set_index("period")
    for pair in result["pairs"]:
        gap = area.at[pair["after"], "value"] - rest.at[pair["after"], "value"]
        assert pair["gap_after"] == pytest.approx(gap)
        assert "de rest van de gemeente 's-Gravenhage" in pair["sentence"]


def test_monthly_series_compare_year_averages(service, snapshot_dir):
    """Bijstand per month (national): the 2019 average written out from the raw v4
    observations of 37789ksz, with the year figures of the table left out."""
    path = snapshot_dir / "cbs-v4" / "37789ksz" / "observations-page-1.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["value"]
    months = {
        r["Perioden"]: r["Value"]
        for r in rows
        if r["Measure"] == "D000203_2" and r["Perioden"].startswith("2019MM")
    }
    assert len(months) == 12
    series = service.series("bijstandsuitkeringen", "NL01")
    months_only = series[series["period"].str.contains("MM")]
    points = kloof.year_points(months_only)
    assert points[2019].value == pytest.approx(sum(months.values()) / 12, rel=1e-12)
    assert points[2019].label == "gemiddelde 2019"
    assert {2020, 2021, 2022} <= set(points)


@pytest.mark.parametrize(
    "indicator, area, code, words",
    [
        ("laag-inkomen-wijk", "breda-noord", kloof.NO_BEFORE, "geen cijfer van 2019"),
        ("werkloosheid", "NL01", kloof.NO_REFERENCE, "om mee te vergelijken"),
        ("bijstandsuitkeringen", "rotterdam-zuid", kloof.NO_FIGURE, "landelijk"),
    ],
)
def test_what_cannot_be_computed_says_why_in_one_line(
    service, indicator, area, code, words
):
    result = service.coronakloof(indicator, area)
    assert result["reason_code"] == code
    assert words in result["reason"] and "\n" not in result["reason"]
    assert result["pairs"] == []


def test_a_chosen_pair_without_data_is_a_reason(service):
    result = service.coronakloof("woninginbraak", "GM0599", "2015", "2021")
    assert result["reason_code"] == kloof.NO_VALUES
    assert "2015" in result["reason"]


@pytest.mark.parametrize(
    "voor, na, message",
    [("2019", None, "kies twee perioden"), ("2019", "20x1", "ongeldige periode")],
)
def test_a_malformed_pair_is_a_query_error(service, voor, na, message):
    with pytest.raises(QueryError, match=message):
        service.coronakloof("woninginbraak", "GM0599", voor, na)


def test_the_gap_table_has_a_row_per_pair_or_a_reason(service):
    table = service.coronakloof_tabel(["rotterdam-zuid"])
    rows = table[table["indicator"] == "woninginbraak"]
    assert list(rows["after"]) == ["2021JJ00", "2022JJ00"]
    counts = table[table["kind"] == "groei"]
    assert len(counts) and counts["gap_before"].isna().all()
    reasons = table[table["reason_code"].notna()]
    assert reasons["reason"].notna().all()
    assert set(table["area_id"]) == {"rotterdam-zuid"}


def test_cli_query_prints_the_gap_sentences(snapshot_cache, service):
    done = run_cli(
        snapshot_cache,
        *("query", "--indicator", "woninginbraak", "--area", "rotterdam-zuid"),
        *("--kloof-voor", "2019", "--kloof-na", "2021", "--json"),
    )
    assert done.returncode == 0, done.stderr
    gap = json.loads(done.stdout)["kloof"]
    expected = service.coronakloof("woninginbraak", "rotterdam-zuid", "2019", "2021")
    assert gap["paren"][0]["zin"] == expected["pairs"][0]["sentence"]
    assert gap["referentie_naam"] == "Nederland"


@pytest.mark.parametrize(
    "pair, message",
    [
        (["--kloof-voor", "2015", "--kloof-na", "2021"], "geen waarde voor 2015"),
        (["--kloof-voor", "2019"], "kies twee perioden"),
    ],
)
def test_cli_a_pair_without_data_is_one_line_and_exit_not_zero(
    snapshot_cache, pair, message
):
    done = run_cli(
        snapshot_cache,
        *("query", "--indicator", "woninginbraak", "--area", "rotterdam-zuid", *pair),
    )
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr
