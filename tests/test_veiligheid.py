"""Veiligheid: registered offences (CBS/Politie 47018NED) per 1.000 inwoners.

The police table reports every year on today's gemeenten; 03759ned gives each
year's own gemeenten. The expected rates are computed here from the raw snapshot
files (politie/47018NED/data.json and the raw 03759ned v4 observations), with the
population of today's gemeente written out as the sum of its predecessors.
"""

from __future__ import annotations

import json
import math

import pytest
from cli_run import run_cli

from dashboard.services import Service

OFFENCES = {"woninginbraak": "1.1.1", "mishandeling": "1.4.5", "fietsdiefstal": "1.2.3"}


@pytest.fixture(scope="module")
def service(shared_service) -> Service:
    return shared_service  # one memo for the session


def rate(police, population, offence, gemeenten, year) -> float:
    """Offences of today's gemeente / inhabitants of all its parts that year x 1000."""
    count = police["counts"][offence][gemeenten[0]][str(year)]
    inhabitants = sum(population[(code, year)] for code in gemeenten)
    return count / inhabitants * 1000


def value(service, indicator, area, year) -> dict:
    return service.value(indicator, area, str(year))


def test_amsterdam_includes_weesp_before_the_merger(service, police, population):
    # Weesp (GM0457) joined Amsterdam on 24 March 2022: on 1 January 2019, 2021 and
    # 2022 it still had its own inhabitants, while the police count it in Amsterdam.
    for year in (2019, 2021, 2022):
        assert population[("GM0457", year)] is not None
        expected = rate(police, population, "1.1.1", ["GM0363", "GM0457"], year)
        got = value(service, "woninginbraak", "GM0363", year)
        assert math.isclose(got["value"], expected, rel_tol=1e-12), year
        alone = rate(police, population, "1.1.1", ["GM0363"], year)
        assert not math.isclose(got["value"], alone, rel_tol=1e-3)
    # 2023: Weesp has no inhabitants of its own any more.
    assert population[("GM0457", 2023)] is None
    expected = rate(police, population, "1.1.1", ["GM0363"], 2023)
    got = value(service, "woninginbraak", "GM0363", 2023)["value"]
    assert math.isclose(got, expected, rel_tol=1e-12)


def test_a_merged_gemeente_has_its_predecessors_population(service, police, population):
    # Dijk en Waard (GM1980) = Heerhugowaard (GM0398) + Langedijk (GM0416) since 2022.
    assert population[("GM1980", 2021)] is None
    expected = (
        police["counts"]["1.4.5"]["GM1980"]["2021"]
        / (population[("GM0398", 2021)] + population[("GM0416", 2021)])
        * 1000
    )
    got = value(service, "mishandeling", "GM1980", 2021)["value"]
    assert math.isclose(got, expected, rel_tol=1e-12)


def test_a_provisional_year_is_marked(service, police, population):
    assert 2024 in police["provisional"]
    row = value(service, "woninginbraak", "GM0599", 2024)
    expected = rate(police, population, "1.1.1", ["GM0599"], 2024)
    assert math.isclose(row["value"], expected, rel_tol=1e-12)
    assert row["status"] == "voorlopig"
    assert value(service, "woninginbraak", "GM0599", 2023)["status"] == "definitief"


@pytest.mark.parametrize(
    "gebied, gemeente",
    [
        ("rotterdam-zuid", "GM0599"),
        ("den-haag-zuidwest", "GM0518"),
        ("amsterdam-nieuw-west", "GM0363"),
    ],
)
def test_a_gebied_gets_its_gemeentes_rate_labelled(
    service, police, population, gebied, gemeente
):
    parts = [gemeente, "GM0457"] if gemeente == "GM0363" else [gemeente]
    for indicator, offence in OFFENCES.items():
        for year in (2019, 2021):
            row = value(service, indicator, gebied, year)
            expected = rate(police, population, offence, parts, year)
            assert math.isclose(row["value"], expected, rel_tol=1e-12)
            assert row["level_note"].startswith("cijfer van de gemeente")
            assert "alleen op gemeenteniveau" in row["level_note"]


def test_years_without_a_population_give_counts_not_rates(service, police):
    row = value(service, "woninginbraak", "GM0599", 2015)
    assert math.isnan(row["value"]) and row["missing_reason"]
    count = value(service, "woninginbraak-aantal", "GM0599", 2015)
    assert count["value"] == police["counts"]["1.1.1"]["GM0599"]["2015"]


def test_drugshandel_says_it_follows_police_activity(service):
    indicator = service.indicator("drugshandel")
    assert "inzet van de politie" in indicator.definition.nl


def test_cli_query_gives_the_same_rate(snapshot_cache, police, population):
    done = run_cli(
        snapshot_cache,
        *("query", "--indicator", "woninginbraak", "--area", "rotterdam-zuid"),
        *("--period", "2021", "--json"),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    expected = rate(police, population, "1.1.1", ["GM0599"], 2021)
    assert math.isclose(result["value"], expected, rel_tol=1e-12)
    assert result["status"] == "definitief"


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--indicator", "inbraak-in-de-maan", "--area", "GM0599"],
            "onbekende indicator",
        ),
        (
            ["--indicator", "woninginbraak", "--area", "GM0599", "--period", "2030"],
            "valt buiten de gegevens",
        ),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_not_zero(snapshot_cache, args, message):
    done = run_cli(snapshot_cache, "query", *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
