"""Every time series shows the corona years: the shared trend card (Gebied and Domein)
shades March 2020 to the end of 2022 with a Dutch label, can draw the national
measures of ``data_sources/maatregelen.yaml``, and the gebied page offers the national
monthly series as context with the same shading."""

from __future__ import annotations

import pandas as pd
import pytest
from page_helpers import find, page_module, text_of

from dashboard.services import QueryError
from data_sources.maatregelen import read_maatregelen

GEBIED = "rotterdam-zuid"


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def page(app):
    return page_module("gebied")


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


def bands(figure) -> list:
    return [shape for shape in figure.layout.shapes if shape.type == "rect"]


def event_lines(figure) -> list[pd.Timestamp]:
    return [
        pd.Timestamp(shape.x0)
        for shape in figure.layout.shapes
        if shape.type == "line" and shape.line.dash == "dot"
    ]


def assert_corona_band(figure) -> None:
    (band,) = bands(figure)
    assert pd.Timestamp(band.x0) == pd.Timestamp("2020-03-01")
    assert pd.Timestamp(band.x1) == pd.Timestamp("2022-12-31")
    labels = [a.text for a in figure.layout.annotations]
    assert "coronajaren" in labels


def test_the_gebied_trend_shades_the_corona_years_and_says_so(page):
    layout = page.layout(gebied_id=GEBIED, trend="woninginbraak")
    figure = find(layout, page.TREND + "-graph").figure
    assert_corona_band(figure)
    assert event_lines(figure) == []  # the measures only when asked
    body = text_of(find(layout, page.TREND_BODY))
    assert "Lichtblauw vlak: de coronajaren (maart 2020 t/m 2022)." in body


def test_the_national_measures_are_drawn_when_asked(page):
    layout = page.layout(gebied_id=GEBIED, trend="woninginbraak", maatregelen="ja")
    figure = find(layout, page.TREND + "-graph").figure
    dates = [pd.Timestamp(event.date) for event in read_maatregelen().events]
    assert event_lines(figure) == dates
    assert "Stippellijnen: landelijke maatregelen" in text_of(
        find(layout, page.TREND_BODY)
    )
    context = {"gebied": GEBIED, "lang": "nl"}
    _, trend_body, _, context_body, search = page.update_views(
        None, "woninginbraak", None, None, "ja", None, context
    )
    assert "maatregelen=ja" in search
    assert event_lines(find(trend_body, page.TREND + "-graph").figure) == dates
    national = find(context_body, page.CONTEXT_TREND + "-graph").figure
    assert event_lines(national) == dates


def test_the_domein_trend_card_is_shaded_too(service):
    from dashboard.views.trends import trend_view

    view = trend_view(service, service.indicator("woninginbraak"), service.area(GEBIED))
    assert_corona_band(view.figure())


def test_a_series_outside_the_corona_years_gets_no_band(service):
    """The police series of 2012-2018 alone: a band there would stretch the axis."""
    from dashboard.figures.trend import Line, Shade, trend_figure

    series = service.series("woninginbraak-aantal", "GM0599")
    before = series[pd.to_datetime(series["period_start"]) < "2019-01-01"]
    figure = trend_figure(
        [Line("Rotterdam", "gemeente", before)],
        "aantal",
        0,
        shade=Shade(pd.Timestamp("2020-03-01"), pd.Timestamp("2022-12-31"), "x"),
    )
    assert bands(figure) == []


@pytest.mark.parametrize(
    "indicator", ["bijstandsuitkeringen", "ww-uitkeringen", "ao-uitkeringen"]
)
def test_national_series_are_offered_as_context_with_the_shading(
    page, service, indicator
):
    layout = page.layout(gebied_id=GEBIED, context=indicator)
    options = [o["value"] for o in find(layout, page.CONTEXT_INDICATOR).options]
    assert {"bijstandsuitkeringen", "ww-uitkeringen", "werkloosheid"} <= set(options)
    assert find(layout, page.CONTEXT_INDICATOR).value == indicator
    figure = find(layout, page.CONTEXT_TREND + "-graph").figure
    (line,) = figure.data
    assert line.name == "Nederland"
    national = service.series(indicator, "NL01")
    # 37789ksz holds year figures beside its months: the line is the months only.
    months = national[national["period"].str.contains("MM")].sort_values("period_start")
    assert len(months) > 12
    assert list(line.y) == pytest.approx(list(months["value"]), nan_ok=True)
    assert_corona_band(figure)


def test_bad_measure_and_context_values_give_notices(page):
    layout = page.layout(gebied_id=GEBIED, maatregelen="misschien", context="inwoners")
    shown = text_of(layout)
    assert "maatregelen: onbekende waarde 'misschien'" in shown
    assert "context: onbekende waarde 'inwoners'" in shown
    assert find(layout, page.CONTEXT_INDICATOR).value == "bijstandsuitkeringen"


def test_the_trend_choices_are_the_gebied_series_with_two_or_more_values(page, service):
    # what the page offers against the series it draws from
    layout = page.layout(gebied_id=GEBIED)
    offered = [o["value"] for o in find(layout, page.TREND_INDICATOR).options]
    expected = []
    for indicator in service.catalogue.indicators:
        if indicator.level == "nederland":
            continue  # national only: offered as context instead
        try:
            series = service.series(indicator.id, GEBIED)
        except QueryError:  # no series for the gebied: not offered
            continue
        if series["value"].notna().sum() >= 2:
            expected.append(indicator.id)
    assert offered == expected
    assert len(offered) >= 5
    assert find(layout, page.TREND_INDICATOR).value in offered
