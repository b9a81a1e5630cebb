"""Domein page: the numbers shown are the service's, a gebied choice changes them, the
URL carries the view, and unknown domains or URL values give a notice, never a
traceback. A domain without data and a national-only indicator say so."""

from __future__ import annotations

import sys

import dash
import pytest
from page_helpers import empty_domain, find, text_of, walk

from dashboard.areas import NL
from dashboard.formatting import format_number

CONTEXT = {"domain": "werk-en-inkomen", "lang": "nl"}


def has(component, id_: str) -> bool:
    try:
        find(component, id_)
    except LookupError:
        return False
    return True


# -- fixtures --------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


@pytest.fixture(autouse=True)
def _this_app(app, service, snapshot_cache):
    """Other test modules may build their own app: point the pages at ours again."""
    from dashboard import state

    state.configure(service, snapshot_cache.settings)


@pytest.fixture(scope="module")
def page(app):
    for entry in dash.page_registry.values():
        if entry.get("path_template") == "/domein/<domein>":
            return sys.modules[entry["module"]]
    raise LookupError("domein page not registered")


def shown_number(content, page, kind: str) -> str:
    """The number of a key figure as shown (without a unit suffix)."""
    return text_of(find(content, f"{page.KEY_FIGURE}-{kind}"))


def update(page, context=CONTEXT, **kw):
    args = {
        "indicator": None,
        "periode": "laatste",
        "niveau": None,
        "gebied": None,
        "rangorde": "gebieden",
    }
    args.update(kw)
    out = page.update(
        args["indicator"],
        args["periode"],
        args["niveau"],
        args["gebied"],
        args["rangorde"],
        context,
    )
    keys = [
        "content",
        "notices",
        "period_options",
        "period",
        "level_options",
        "level",
        "ranking_options",
        "ranking",
        "gebied_disabled",
        "search",
    ]
    return dict(zip(keys, out))


# -- tests -------------------------------------------------------------------------


def test_the_page_is_served(app):
    client = app.server.test_client()
    assert client.get("/domein/werk-en-inkomen").status_code == 200
    assert client.get("/domein/bestaat-niet").status_code == 200


def test_choosing_a_gebied_changes_the_numbers_to_the_service_values(page, service):
    shown = {}
    for gebied in ("den-haag-zuidwest", "rotterdam-zuid"):
        out = update(page, indicator="laag-inkomen-wijk", niveau="wijk", gebied=gebied)
        expected = service.value("laag-inkomen-wijk", gebied)["value"]
        shown[gebied] = shown_number(out["content"], page, "gebied")
        assert shown[gebied] == format_number(expected, 1) + "%"
        gemeente = service.area(gebied).gemeente
        assert shown_number(out["content"], page, "gemeente") == (
            format_number(service.value("laag-inkomen-wijk", gemeente)["value"], 1)
            + "%"
        )
        assert shown_number(out["content"], page, "rest") == (
            format_number(
                service.value("laag-inkomen-wijk", f"rest-{gebied}")["value"], 1
            )
            + "%"
        )
        assert shown_number(out["content"], page, "nederland") == (
            format_number(service.value("laag-inkomen-wijk", NL)["value"], 1) + "%"
        )
        assert f"gebied={gebied}" in out["search"]
        assert "indicator=laag-inkomen-wijk" in out["search"]
    assert shown["den-haag-zuidwest"] != shown["rotterdam-zuid"]


def test_wijk_map_shows_the_wijken_of_the_gemeente_with_the_gebied_outlined(
    page, service
):
    out = update(
        page, indicator="laag-inkomen-wijk", niveau="wijk", gebied="den-haag-zuidwest"
    )
    figure = find(out["content"], f"{page.MAP_CARD}-graph").figure
    values, outline = figure.data[0], figure.data[1]
    assert values.geojson == "/geo/wijken/GM0518.json"
    assert set(values.locations) >= set(service.area("GM0518").wijken)
    assert set(outline.locations) == set(service.area("den-haag-zuidwest").wijken)
    # The map's table has the same numbers as the service's wijk values.
    frame = service.map_values("laag-inkomen-wijk", "wijk", "2022JJ00")
    wijk = frame[frame["area_id"] == "WK051833"].iloc[0]
    table = text_of(find(out["content"], page.MAP_CARD))
    assert f"{wijk['area_name']} {format_number(wijk['value'], 1)}" in table


def test_gemeente_map_and_ranking_for_a_corona_indicator(page, service):
    out = update(
        page,
        context={"domain": "corona", "lang": "nl"},
        indicator="ziekenhuisopnames",
        periode="2021W101",
        niveau="gemeente",
        gebied="utrecht-overvecht",
        rangorde="gemeenten",
    )
    assert out["period"] == "2021W101" and "periode=2021W101" in out["search"]
    figure = find(out["content"], f"{page.MAP_CARD}-graph").figure
    assert figure.data[0].geojson == "/geo/gemeenten.json"
    gemeenten = {a.gemeente for a in service.registry.gebieden()}
    assert set(figure.data[1].locations) == gemeenten and len(gemeenten) == 15
    expected = service.value("ziekenhuisopnames", "utrecht-overvecht", "2021W101")
    assert shown_number(out["content"], page, "gebied").startswith(
        format_number(expected["value"], 1)
    )
    ranking = find(out["content"], f"{page.RANK_CARD}-graph").figure
    assert "<b>Utrecht</b>" in list(ranking.data[0].y)
    # The gebied line is the gemeente's own figure: drawn once, and said so;
    # the rest of the gemeente does not exist at gemeente level: said why.
    trend = text_of(find(out["content"], page.TREND_CARD))
    assert "alleen op gemeenteniveau" in trend
    assert "Niet getoond" in trend


def test_ranking_of_the_16_gebieden_highlights_the_chosen_one(page, service):
    out = update(
        page, indicator="arbeidsparticipatie-wijk", niveau="wijk", gebied="arnhem-oost"
    )
    figure = find(out["content"], f"{page.RANK_CARD}-graph").figure
    labels = list(figure.data[0].y)
    assert "<b>Arnhem Oost</b>" in labels
    frame = service.map_values("arbeidsparticipatie-wijk", "gebied", "2022JJ00")
    assert len(labels) == len(frame.dropna(subset=["value"])) + 1  # + Nederland
    text = text_of(find(out["content"], page.RANK_CARD))
    arnhem = frame[frame["area_id"] == "arnhem-oost"].iloc[0]["value"]
    assert format_number(arnhem, 0) in text


def test_national_only_indicator_shows_the_national_trend_and_says_so(page, service):
    layout = page.layout(domein="werk-en-inkomen", indicator="bijstandsuitkeringen")
    assert has(layout, page.NATIONAL_ONLY)
    assert "geen regionaal cijfer" in text_of(find(layout, page.NATIONAL_ONLY))
    assert not has(layout, page.MAP_CARD)
    latest = service.value("bijstandsuitkeringen", NL)
    # unit "x 1 000" (benefits): shown as the plain number, 405,0 x 1 000 = 405.000
    assert service.indicator("bijstandsuitkeringen").unit.nl == "x 1 000"
    plain = round(latest["value"], 1) * 1000
    assert shown_number(layout, page, "nederland").startswith(format_number(plain, 0))
    assert find(layout, page.GEBIED).disabled is True


def test_domain_without_data_names_the_online_tables(page, service, snapshot_cache):
    # Every domain has figures in the snapshot now: empty one whose tables are absent.
    with empty_domain(service, snapshot_cache.settings, "veiligheid") as empty:
        domain = empty.catalogue.domain("veiligheid")
        layout = page.layout(domein="veiligheid")
        with_tables = empty_domain(service, snapshot_cache.settings, "schulden")
    panel = text_of(find(layout, page.NO_DATA))
    assert "geen gegevens in deze gegevensset" in panel.lower()
    assert domain.note.get("nl") in panel  # the domain note
    # 47018NED is loaded (only the indicators were emptied): not listed as absent
    assert "CBS-tabel 47018NED" not in panel
    with with_tables as empty:
        domain = empty.catalogue.domain("schulden")
        panel = text_of(find(page.layout(domein="schulden"), page.NO_DATA))
    assert domain.online_tables == ["84926NED"]  # not in the snapshot
    assert "CBS-tabel 84926NED" in panel


def test_unknown_domain_gives_a_notice_and_links_to_the_domains(page, service):
    layout = page.layout(domein="bestaat-niet")
    assert "bestaat-niet" in text_of(find(layout, page.NOTICES))
    hrefs = [getattr(p, "href", None) for p in walk(find(layout, page.UNKNOWN))]
    for domain in service.catalogue.domains:
        assert f"/domein/{domain.id}" in hrefs


def test_unknown_url_values_fall_back_with_a_notice(page, service):
    layout = page.layout(
        domein="werk-en-inkomen",
        indicator="bestaat-niet",
        gebied="atlantis",
        periode="1850",
        niveau="provincie",
        rangorde="x",
    )
    notice = text_of(find(layout, page.NOTICES))
    for name in ("indicator", "gebied", "periode", "niveau", "rangorde"):
        assert name in notice
    # Defaults: Den Haag Zuidwest and the first indicator with a figure for it.
    assert find(layout, page.GEBIED).value == "den-haag-zuidwest"
    indicator = find(layout, page.INDICATOR).value
    assert service.value(indicator, "den-haag-zuidwest")["value"] is not None


def test_a_period_of_another_indicator_falls_back_to_the_latest(page):
    out = update(
        page,
        indicator="arbeidsparticipatie-wijk",
        periode="2021W101",
        niveau="gemeente",
        gebied="den-haag-zuidwest",
    )
    assert out["period"] == "laatste" and out["level"] == "wijk"
    assert "periode" not in out["search"]


def test_english_keeps_the_language_in_the_url(page):
    out = update(
        page,
        context={"domain": "wonen", "lang": "en"},
        indicator="woz-waarde-wijk",
        niveau="wijk",
        gebied="rotterdam-zuid",
    )
    assert "lang=en" in out["search"]
    assert "Mean WOZ value" in text_of(out["content"])


def test_back_and_forward_set_the_filters_from_the_url(page):
    from dash import no_update
    from dash.exceptions import PreventUpdate

    current = ("laag-inkomen-wijk", "laatste", "wijk", "rotterdam-zuid", "gebieden")
    # Back to a first URL that named only the indicator: the filters follow it.
    wanted = page.follow_history("?indicator=laag-inkomen-wijk", *current, CONTEXT)
    assert wanted == (
        "laag-inkomen-wijk",
        "den-haag-zuidwest",
        "laatste",
        "wijk",
        "gebieden",
    )
    # The URL the page wrote itself matches the filters: nothing to do.
    own = "?indicator=laag-inkomen-wijk&niveau=wijk&gebied=rotterdam-zuid&rangorde=gebieden"
    with pytest.raises(PreventUpdate):
        page.follow_history(own, *current, CONTEXT)
    # Re-rendering for that partial URL does not push it again (Forward stays).
    out = page.update(
        "laag-inkomen-wijk",
        "laatste",
        "wijk",
        "den-haag-zuidwest",
        "gebieden",
        CONTEXT,
        "?indicator=laag-inkomen-wijk",
    )
    assert out[-1] is no_update


def test_a_den_haag_wijk_series_for_a_gebied_elsewhere_has_no_periods_and_no_crash(
    page, service
):
    """bench/load.py found it: ww-dh (ELAN, Den Haag's wijken only) with Heerlen-Noord
    at wijk level raised IndexError in the period list (no period at all)."""
    out = update(page, indicator="ww-dh", niveau="wijk", gebied="heerlen-noord")
    assert out["period_options"][0] == {"label": "-", "value": "laatste"}
    assert text_of(out["content"]).strip()
