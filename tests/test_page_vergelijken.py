"""Vergelijken page: every cell of the table is the service's value for that area and
indicator (or the reason it has none), Nederland is the reference, a changed choice
changes the numbers and the URL, and unknown URL values give a notice."""

from __future__ import annotations

import math
import sys

import dash
import pytest
from page_helpers import find, text_of, walk

from dashboard.areas import ALL_GEBIEDEN, NL
from dashboard.formatting import format_value
from dashboard.views import vergelijken as vergelijken_views


def cell(component, area: str, indicator: str):
    """The table cell of one area and indicator."""
    found = [
        p
        for p in walk(component)
        if getattr(p, "data-area", None) == area
        and getattr(p, "data-indicator", None) == indicator
    ]
    assert len(found) == 1, (area, indicator, len(found))
    return found[0]


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


@pytest.fixture(autouse=True)
def _this_app(app, service, snapshot_cache):
    from dashboard import state

    state.configure(service, snapshot_cache.settings)


@pytest.fixture(scope="module")
def page(app):
    for entry in dash.page_registry.values():
        if entry.get("path") == "/vergelijken":
            return sys.modules[entry["module"]]
    raise LookupError("vergelijken page not registered")


def expected_text(service, indicator_id: str, area_id: str, period: str) -> str:
    indicator = service.indicator(indicator_id)
    value = service.value(indicator_id, area_id, period)["value"]
    return format_value(value, indicator.decimals, indicator.unit.nl)


def test_the_page_is_served(app):
    assert app.server.test_client().get("/vergelijken").status_code == 200


def test_default_table_equals_the_service_values_with_nl_as_reference(page, service):
    layout = page.layout()
    for indicator_id in page.DEFAULT_INDICATORS:
        period = service.value(indicator_id, NL)["period"]
        for area_id in [*page.DEFAULT_AREAS, NL]:
            shown = cell(layout, area_id, indicator_id)
            assert text_of(shown).startswith(
                expected_text(service, indicator_id, area_id, period)
            )
    assert "Nederland (referentie)" in text_of(find(layout, page.TABLE))
    # An estimate is marked in the cell.
    assert "schatting" in text_of(
        cell(layout, "den-haag-zuidwest", "laag-inkomen-wijk")
    )


def test_changing_the_areas_changes_the_numbers_and_the_url(page, service):
    first = page.update(["den-haag-zuidwest"], ["woz-waarde-wijk"], "laatste", None)
    second = page.update(["utrecht-overvecht"], ["woz-waarde-wijk"], "laatste", None)
    a = cell(first[0], "den-haag-zuidwest", "woz-waarde-wijk")
    b = cell(second[0], "utrecht-overvecht", "woz-waarde-wijk")
    assert text_of(a).split()[:2] != text_of(b).split()[:2]  # "€ 240.000"
    assert text_of(b).startswith(
        expected_text(service, "woz-waarde-wijk", "utrecht-overvecht", "2022JJ00")
    )
    assert second[4] == "?gebied=utrecht-overvecht&indicator=woz-waarde-wijk"
    chart = find(second[0], f"{page.CHART}-woz-waarde-wijk-graph").figure
    assert list(chart.data[0].y) == ["Utrecht Overvecht", "Nederland (referentie)"]
    expected = service.value("woz-waarde-wijk", "utrecht-overvecht")["value"]
    assert math.isclose(chart.data[0].x[0], expected)


def test_missing_combinations_say_why(page, service):
    layout = page.layout(
        gebied=f"den-haag-zuidwest,GM0344,{ALL_GEBIEDEN}",
        indicator="bijstandsuitkeringen,bijstand-dh,verkoopprijs",
    )
    assert "alleen een landelijk cijfer" in text_of(
        cell(layout, "den-haag-zuidwest", "bijstandsuitkeringen")
    )
    assert "geen wijkcijfers voor Utrecht" in text_of(
        cell(layout, "GM0344", "bijstand-dh")
    )
    assert "niet op te tellen" in text_of(cell(layout, ALL_GEBIEDEN, "verkoopprijs"))
    # The national series is shown for Nederland.
    national = cell(layout, NL, "bijstandsuitkeringen")
    period = service.value("bijstandsuitkeringen", NL)["period"]
    assert text_of(national).startswith(
        expected_text(service, "bijstandsuitkeringen", NL, period)
    )
    # No chart draws a zero for a missing figure: the bar is empty and labelled.
    chart = find(layout, f"{page.CHART}-bijstandsuitkeringen-graph").figure
    assert [a.text for a in chart.layout.annotations].count("geen gegevens") == 3


def test_a_year_picks_the_last_week_of_that_year_for_weekly_series(page, service):
    frame = vergelijken_views.comparison_frame(
        service, ["rotterdam-zuid"], ["ziekenhuisopnames"], "2021"
    )
    row = frame[frame["area_id"] == "rotterdam-zuid"].iloc[0]
    assert row["period"] == "2021W152"
    assert "laatste periode in dat jaar" in row["period_note"]
    assert math.isclose(
        row["value"],
        service.value("ziekenhuisopnames", "rotterdam-zuid", "2021W152")["value"],
    )


def test_unknown_url_values_give_a_notice_and_the_defaults(page):
    layout = page.layout(gebied="atlantis", indicator="geluk", periode="1850")
    notice = text_of(find(layout, page.NOTICES))
    assert "atlantis" in notice and "geluk" in notice and "1850" in notice
    assert find(layout, page.AREAS).value == page.DEFAULT_AREAS
    assert find(layout, page.INDICATORS).value == page.DEFAULT_INDICATORS
    assert find(layout, page.PERIOD).value == "laatste"


def test_an_old_permalink_with_gebieden_16_opens_the_count_free_id(page):
    layout = page.layout(gebied="GM0344,gebieden-16", indicator="verkoopprijs")
    assert find(layout, page.AREAS).value == ["GM0344", ALL_GEBIEDEN]
    assert not text_of(find(layout, page.NOTICES))  # an alias is no unknown value
    assert text_of(cell(layout, ALL_GEBIEDEN, "verkoopprijs"))


def test_an_empty_choice_asks_for_a_choice_and_a_stale_period_resets(page):
    out = page.update([], ["woz-waarde-wijk"], "laatste", {"lang": "nl"})
    assert "Kies ten minste één gebied" in text_of(out[0])
    out = page.update(["rotterdam-zuid"], ["woz-waarde-wijk"], "1999", {"lang": "en"})
    assert out[3] == "laatste"
    assert out[4] == "?gebied=rotterdam-zuid&indicator=woz-waarde-wijk&lang=en"


def test_back_and_forward_set_the_filters_from_the_url(page):
    from dash import no_update
    from dash.exceptions import PreventUpdate

    wanted = page.follow_history(
        "?gebied=rotterdam-zuid&indicator=woz-waarde-wijk",
        ["den-haag-zuidwest"],
        ["woz-waarde-wijk"],
        "laatste",
        {"lang": "nl"},
    )
    assert wanted == (["rotterdam-zuid"], ["woz-waarde-wijk"], "laatste")
    with pytest.raises(PreventUpdate):
        page.follow_history(
            "?gebied=rotterdam-zuid&indicator=woz-waarde-wijk",
            ["rotterdam-zuid"],
            ["woz-waarde-wijk"],
            "laatste",
            {"lang": "nl"},
        )
    # Back to the bare /vergelijken: the defaults are shown, the URL is not rewritten.
    out = page.update(
        page.DEFAULT_AREAS, page.DEFAULT_INDICATORS, "laatste", {"lang": "nl"}, ""
    )
    assert out[4] is no_update


def test_more_areas_than_the_limit_are_cut_with_a_notice(page, service):
    gemeenten = [a.id for a in service.registry.by_level("gemeente") if a.wijken][:25]
    layout = page.layout(gebied=",".join(gemeenten), indicator="woz-waarde-wijk")
    assert "hooguit" in text_of(find(layout, page.NOTICES))
    assert len(find(layout, page.AREAS).value) == 20
