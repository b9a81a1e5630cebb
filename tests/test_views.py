"""View layer (dashboard/views): one rule per question, the same answer on every page.

The Domein page used to draw a count (inhabitants) against Nederland on one axis while
the Gebied page left Nederland out, and the two fitted and classed the same gemeente
map differently. These tests pin the shared answers, with the expected figures worked
out here from the snapshot's geometry and values.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pandas as pd
import pytest
from shapely.geometry import shape

from dashboard.areas import NL, WIJK_DATASET
from dashboard.figures.maps import map_classes
from dashboard.messages import gettext as text
from dashboard.views import domein, gebied, maps, policy
from dashboard.views.trends import trend_view

GEBIED = "den-haag-zuidwest"


@pytest.fixture(scope="module")
def service(shared_service):
    return shared_service  # one memo for the session


def domein_view(service, indicator, **query):
    view = domein.resolve(
        service, service.indicator(indicator).domain, {"indicator": indicator, **query}
    )
    return domein.content(service, view)


def drawn_kinds(trend) -> list[str]:
    return [line.kind for line in trend.drawn]


@pytest.mark.parametrize("indicator", ["inwoners", "inwoners-wijk"])
def test_a_count_is_never_drawn_against_nederland(service, indicator):
    assert policy.is_count(service.indicator(indicator))
    area = service.area(GEBIED)
    on_domein = domein_view(service, indicator, gebied=GEBIED).trend
    on_gebied = gebied.gebied_trend(service, area, indicator)
    for trend in (on_domein, on_gebied):
        assert "nederland" not in drawn_kinds(trend)
        assert text("trend.count") in trend.notes
        names = [trace.name for trace in trend.figure().data]
        assert "Nederland" not in names
    assert drawn_kinds(on_domein) == drawn_kinds(on_gebied)


def test_a_rate_is_drawn_against_nederland_on_both_pages(service):
    area = service.area(GEBIED)
    on_domein = domein_view(service, "laag-inkomen-wijk", gebied=GEBIED).trend
    on_gebied = gebied.gebied_trend(service, area, "laag-inkomen-wijk")
    for trend in (on_domein, on_gebied):
        assert drawn_kinds(trend) == ["gebied", "gemeente", "rest", "nederland"]
        nl = next(line for line in trend.drawn if line.kind == "nederland")
        expected = service.series("laag-inkomen-wijk", NL)["value"]
        assert list(nl.frame["value"]) == pytest.approx(list(expected), nan_ok=True)


def test_a_gemeente_level_figure_is_the_gemeentes_line_not_the_gebieds(service):
    indicator = service.indicator("inwoners")
    assert not policy.has_gebied_figure(indicator)
    trend = trend_view(service, indicator, service.area(GEBIED))
    assert drawn_kinds(trend) == ["gemeente"]
    gemeente = service.series("inwoners", "GM0518")["value"]
    assert list(trend.drawn[0].frame["value"]) == list(gemeente)
    assert "ook het cijfer van het gebied" in trend.drawn[0].label


def test_the_national_count_stays_a_key_figure(service):
    figures = domein_view(service, "inwoners", gebied=GEBIED).key_figures
    national = next(f for f in figures if f.kind == "nederland")
    latest = service.series("inwoners", NL).dropna(subset=["value"]).iloc[-1]
    assert national.value == latest["value"]


def test_domein_and_gebied_fit_and_class_the_same_wijk_map_alike(service):
    area = service.area(GEBIED)
    on_gebied = gebied.gebied_map(service, area, "laag-inkomen-wijk")
    on_domein = domein_view(
        service, "laag-inkomen-wijk", gebied=GEBIED, niveau="wijk"
    ).map
    assert on_domein.period == on_gebied.period
    assert on_domein.centre == on_gebied.centre and on_domein.zoom == on_gebied.zoom
    assert on_domein.classes == on_gebied.classes
    assert list(on_domein.frame["area_id"]) == list(on_gebied.frame["area_id"])


def test_the_map_extent_fits_the_gemeentes_wijken(service, snapshot_cache):
    gemeente = service.area("GM0518")
    rows = snapshot_cache.cache.current(
        "geometries", WIJK_DATASET, area_code=list(gemeente.wijken)
    )
    bounds = [shape(json.loads(g)).bounds for g in rows["geojson"]]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    view = gebied.gebied_map(service, service.area(GEBIED), "laag-inkomen-wijk")
    assert view.centre == pytest.approx(
        {"lat": (south + north) / 2, "lon": (west + east) / 2}
    )
    # At that zoom the extent takes at most the fitting box (512 px world at zoom 0).
    world = 512 * 2**view.zoom
    width = (east - west) / 360 * world

    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    height = (y(north) - y(south)) / (2 * math.pi) * world
    assert width <= maps.FIT_WIDTH_PX + 1e-6 and height <= maps.FIT_HEIGHT_PX + 1e-6
    assert max(width / maps.FIT_WIDTH_PX, height / maps.FIT_HEIGHT_PX) > 0.99


def test_map_classes_from_the_catalogue_or_quintiles():
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    assert map_classes(values, [2.5, 5.0], 1) == ([2.5, 5.0], 1)
    # Quintiles of 1..10 (linear interpolation): 1 + 9 * k/5 for k = 1..4.
    bounds, decimals = map_classes(values, (), 1)
    assert bounds == [round(1 + 9 * k / 5, 1) for k in range(1, 5)] and decimals == 1
    # Mostly zeros: quintiles coincide, so the range 0..10 is cut in five steps.
    zeros = pd.Series([0.0] * 8 + [5.0, 10.0])
    assert map_classes(zeros, (), 0) == ([2.0, 4.0, 6.0, 8.0], 0)


def test_a_missing_text_key_fails_instead_of_showing_the_key():
    with pytest.raises(KeyError):
        text("trend.bestaat-niet")
    assert text("trend.count", "en").startswith("The Netherlands is left out")


def test_view_models_and_chart_exports_import_no_dash():
    code = (
        "import sys; import dashboard.views.domein, dashboard.views.gebied, "
        "dashboard.exports.charts; "
        "print(sorted(m for m in sys.modules if m == 'dash' or m.startswith('dash.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_the_stapeling_scores_rates_and_never_counts(service):
    """A gebied's number of offences against the national number is no score
    (the heatmap showed 'Bedreigingen (aantal)' at -116); the rates stay."""
    frame = service.stapeling()
    counts = {i.id for i in service.catalogue.indicators if i.aggregation == "count"}
    police_counts = {c for c in counts if c.endswith("-aantal")}
    assert police_counts, "the police counts are in the catalogue"
    assert police_counts <= {
        i.id for i in service.catalogue.indicators if i.polarity != "neutral"
    }  # they would be scored if the rule were missing
    assert counts.isdisjoint(frame["indicator"])
    assert {"woninginbraak", "mishandeling"} <= set(frame["indicator"])
    for count in sorted(police_counts)[:2]:
        assert service.corona_gap(count, "rotterdam-zuid") is None


def test_corona_gap_is_the_change_of_the_difference_with_nederland(service):
    """Woninginbraken per 1.000 (a gemeente figure for Den Haag Zuidwest): the gap
    before is 2019's difference with Nederland, after the chosen or latest year."""

    def value(area: str, period: str) -> float:
        series = service.series("woninginbraak", area).set_index("period")
        return float(series.loc[period, "value"])

    gap = service.comparison("woninginbraak", "den-haag-zuidwest")["corona_gap"]
    latest = gap["after"]
    before = value("GM0518", "2019JJ00") - value(NL, "2019JJ00")
    after = value("GM0518", latest) - value(NL, latest)
    assert gap["before"] == "2019JJ00" and latest >= "2024JJ00"
    assert gap["gap_before"] == pytest.approx(before)
    assert gap["gap_after"] == pytest.approx(after)
    assert gap["gap_change"] == pytest.approx(after - before)
    chosen = service.corona_gap("woninginbraak", "den-haag-zuidwest", post="2021JJ00")
    assert chosen["after"] == "2021JJ00"
    assert chosen["gap_after"] == pytest.approx(
        value("GM0518", "2021JJ00") - value(NL, "2021JJ00")
    )


def test_greyed_out_levels_and_rankings_say_why(service):
    """A map level or ranking an indicator does not have is listed disabled with the
    reason in its label; the ones that can be chosen carry no reason."""
    for indicator in service.catalogue.indicators:
        if policy.is_national_only(indicator) or indicator.level not in domein.LEVELS:
            continue
        view = domein.View(domain=indicator.domain, lang="nl", indicator=indicator.id)
        options = domein.level_options(service, view) + domein.ranking_options(
            service, view
        )
        level_word = text(f"domein.per_{indicator.level}", "nl")
        disabled = [o for o in options if o["disabled"]]
        assert disabled, indicator.id  # a gemeente source has no wijk level, etc.
        for option in options:
            says_why = "niet beschikbaar" in option["label"]
            assert says_why == option["disabled"], (indicator.id, option)
            if option["disabled"]:
                assert f"per {level_word}" in option["label"], option
