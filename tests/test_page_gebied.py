"""Gebied page: definition, key figures, map and trend show the service's numbers;
an unknown gebied or URL value gives a helpful notice, never a traceback."""

from __future__ import annotations

import pytest
from dash import no_update
from page_helpers import classed, empty_domain, find, page_module, text_of, with_data

from dashboard.areas import NL
from dashboard.components.key_figures import difference_text, trend, value_text
from dashboard.formatting import format_number

GEBIED = "den-haag-zuidwest"


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


@pytest.fixture(scope="module")
def layout(page):
    return page.layout(gebied_id=GEBIED)


def test_definition_names_the_wijken_and_the_confidence(layout, page, service):
    area = service.registry.get(GEBIED)
    block = text_of(find(layout, page.DEFINITION))
    for code in area.wijken:
        assert f"{code} {service.registry.get(code).name}" in block
    assert "samenstelling zeker" in block
    assert area.meta["confidence_reason"] in block
    assert "'s-Gravenhage" in block


def test_the_reason_is_dutch_and_the_compiled_english_with_lang_en(page, service):
    meta = service.registry.get(GEBIED).meta
    assert meta["confidence_reason"] != meta["confidence_reason_en"]
    dutch = text_of(find(page.layout(gebied_id=GEBIED), page.DEFINITION))
    english = text_of(find(page.layout(gebied_id=GEBIED, lang="en"), page.DEFINITION))
    assert meta["confidence_reason"] in dutch
    assert meta["confidence_reason_en"] not in dutch
    assert meta["confidence_reason_en"] in english


def test_key_figure_equals_the_service_comparison(layout, service):
    (card,) = with_data(layout, "indicator", "laag-inkomen-wijk")
    expected = service.comparison("laag-inkomen-wijk", GEBIED)
    shown = text_of(card)
    assert text_of(classed(card, "key-value")) == value_text(expected["value"], 1, "%")
    for key in ("netherlands", "municipality", "rest_of_municipality"):
        assert value_text(expected[key], 1, "%") in shown
    assert difference_text(expected["difference_from_nl"], 1, "%") in shown
    assert "schatting" in shown
    assert "↑" not in shown and "↓" not in shown  # one period only: no arrow


def test_trend_arrow_only_beyond_rounding_noise(layout, service):
    (card,) = with_data(layout, "indicator", "bijstand-dh")
    series = service.series("bijstand-dh", GEBIED).dropna(subset=["value"])
    change = series["value"].iloc[-1] - series["value"].iloc[-2]
    assert abs(change) > 0.05
    word = "gedaald" if change < 0 else "gestegen"
    assert f"{word} sinds {series['period_label'].iloc[-2]}" in text_of(card)
    # within noise: words, no arrow
    flat = trend(0.04, "2021JJ00", 1)
    assert text_of(flat) == "gelijk gebleven sinds 2021"
    assert "↑" in text_of(trend(0.06, "2021JJ00", 1))


def test_domain_without_figures_names_the_online_table(page, service, snapshot_cache):
    layout = page.layout(gebied_id="utrecht-overvecht")
    schulden = text_of(find(layout, page.DOMAIN.format("schulden")))
    assert "geen gegevens in deze gegevensset" in schulden and "84926NED" in schulden
    # Every domain has figures in the snapshot now: empty one whose tables are absent.
    with empty_domain(service, snapshot_cache.settings, "veiligheid") as empty:
        layout = page.layout(gebied_id="utrecht-overvecht")
    veiligheid = text_of(find(layout, page.DOMAIN.format("veiligheid")))
    assert "geen gegevens in deze gegevensset" in veiligheid
    for table in empty.catalogue.domain("veiligheid").online_tables:
        assert table in veiligheid


def test_map_shows_the_wijken_of_the_gemeente_with_the_gebied_outlined(
    layout, page, service
):
    graph = find(layout, page.MAP + "-graph")
    area = service.registry.get(GEBIED)
    gemeente = service.registry.get(area.gemeente)
    choropleth, outline = graph.figure.data
    assert choropleth.geojson == f"/geo/wijken/{gemeente.id}.json"
    assert list(outline.locations) == list(area.wijken)
    centre = graph.figure.layout.map.center
    assert 51.9 < centre.lat < 52.2 and 4.1 < centre.lon < 4.5  # Den Haag
    values = service.map_values("laag-inkomen-wijk", "wijk").set_index("area_id")
    table = find(layout, page.MAP_BODY)
    shown = text_of(table)
    for code in area.wijken:
        assert format_number(values.at[code, "value"], 1) in shown


def test_trend_lines_equal_the_service_series(layout, page, service):
    graph = find(layout, page.TREND + "-graph")
    area = service.registry.get(GEBIED)
    names = [trace.name for trace in graph.figure.data]
    assert names[0] == area.name
    series = service.series("bijstand-dh", GEBIED)
    assert list(graph.figure.data[0].y) == pytest.approx(
        list(series["value"]), nan_ok=True
    )
    assert "geen landelijk cijfer" in text_of(find(layout, page.TREND_BODY))


def test_unknown_gebied_lists_the_16_gebieden(page, service, app):
    for wrong in ("bestaat-niet", NL, "<script>"):
        layout = page.layout(gebied_id=wrong)
        block = find(layout, page.UNKNOWN)
        links = [a for a in block.children[2].children]
        assert len(links) == 16
        assert "bestaat niet" in text_of(block)
    assert app.server.test_client().get("/gebied/bestaat-niet").status_code == 200


def test_unknown_url_values_give_notices(page):
    layout = page.layout(gebied_id=GEBIED, indicator="onzin", trend="ook-onzin")
    shown = text_of(layout)
    assert "indicator: onbekende waarde 'onzin'" in shown
    assert "trend: onbekende waarde 'ook-onzin'" in shown
    assert find(layout, page.MAP_INDICATOR).value == "laag-inkomen-wijk"
    assert find(layout, page.TREND_INDICATOR).value == "bijstand-dh"


def test_view_callback_redraws_and_writes_the_url(page, service):
    context = {"gebied": GEBIED, "lang": "en"}
    map_body, trend_body, _, _, search = page.update_views(
        "hbo-wo-wijk", "inwoners", None, None, None, None, context
    )
    assert search == (
        "?indicator=hbo-wo-wijk&trend=inwoners&maatregelen=nee"
        "&context=bijstandsuitkeringen&kloof_voor=2019&kloof_na=2021&lang=en"
    )
    graph = find(trend_body, page.TREND + "-graph")
    gemeente = service.series("inwoners", "GM0518")
    assert list(graph.figure.data[0].y) == list(gemeente["value"])
    _, _, _, _, search = page.update_views(
        "onzin", None, None, None, None, None, context
    )
    assert search.startswith("?indicator=laag-inkomen-wijk&trend=inwoners")


def test_switching_gebied_navigates_and_keeps_the_language(page):
    context = {"gebied": GEBIED, "lang": "en"}
    assert page.switch_gebied("utrecht-overvecht", context) == (
        "/gebied/utrecht-overvecht?lang=en"
    )
    assert page.switch_gebied(GEBIED, context) is no_update
    assert page.switch_gebied("nergens", context) is no_update
