"""Overzicht page: the numbers it shows are the service's numbers; bad URLs give notices.

The app is built in-process on the session's snapshot cache; layout and callback are
called directly, as Dash would call them for ``/?sorteer=...&gebied=...``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from page_helpers import (
    classed,
    empty_domain,
    find,
    find_all,
    page_module,
    text_of,
    with_data,
)

from dashboard.areas import ALL_GEBIEDEN
from dashboard.components.key_figures import difference_text, value_text
from dashboard.formatting import format_date, format_number

GEBIED_A, GEBIED_B = "utrecht-overvecht", "den-haag-zuidwest"


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def page(app):
    return page_module("overzicht")


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


@pytest.fixture(scope="module")
def default_layout(page):
    return page.layout()


def test_root_url_serves_the_app(app):
    response = app.server.test_client().get("/?sorteer=onzin&gebied=x,y")
    assert response.status_code == 200


def test_key_figures_equal_the_service_comparison(default_layout, page, service):
    card = find(default_layout, page.DOMAIN_CARD.format("werk-en-inkomen"))
    (block,) = with_data(card, "indicator", "laag-inkomen-wijk")
    expected = service.comparison("laag-inkomen-wijk", ALL_GEBIEDEN)
    indicator = service.indicator("laag-inkomen-wijk")
    shown = text_of(block)
    value = value_text(expected["value"], indicator.decimals, "%")
    assert text_of(classed(block, "key-value")) == value
    assert text_of(classed(block, "key-nl")) == value_text(
        expected["netherlands"], indicator.decimals, "%"
    )
    assert text_of(classed(block, "key-difference")) == difference_text(
        expected["difference_from_nl"], indicator.decimals, "%"
    )
    assert "procentpunt" in shown and "ongunstig" in shown
    # the estimate and coverage notes travel with the figure
    assert "schatting" in shown and expected["coverage"] in shown


def test_cards_carry_short_markers_and_the_section_explains_them_once(
    default_layout, page, service
):
    cards = find(default_layout, page.DOMAINS)
    card = find(cards, page.DOMAIN_CARD.format("werk-en-inkomen"))
    (block,) = with_data(card, "indicator", "laag-inkomen-wijk")
    assert service.comparison("laag-inkomen-wijk", ALL_GEBIEDEN)["estimate"]
    assert text_of(classed(block, "key-marks")) == "¹"
    (footnote,) = classed(block, "key-footnote")
    assert text_of(footnote).startswith("¹ schatting")
    assert len(text_of(footnote)) < 80  # one short line, not a paragraph
    # a gemeente-level figure (woninginbraak: the gemeenten together) is marked ²
    safety = find(cards, page.DOMAIN_CARD.format("veiligheid"))
    assert "²" in text_of(classed(safety, "key-marks"))
    # no source or estimate paragraph on any card: they stand once under them
    shown = text_of(cards)
    assert "Bron:" not in shown and "Schatting voor samengestelde" not in shown
    notes = find(default_layout, page.KEY_NOTES)
    written = text_of(notes)
    assert (
        written.count("¹ schatting:") == 1 and written.count("² gemeentecijfer:") == 1
    )
    for line in ("Bron: CBS, Kadaster, tabel", "Bron: CBS, Politie, tabel"):
        assert written.count(line) == 1
    links = {a.children: a.href for a in find_all(notes, lambda p: hasattr(p, "href"))}
    assert links["85318NED"].endswith("/dataset/85318NED/table")
    assert "47018NED" in links


def test_domain_without_data_names_the_online_table(page, service, snapshot_cache):
    # Every domain has figures in the snapshot now: empty one whose tables are absent.
    with empty_domain(service, snapshot_cache.settings, "veiligheid") as empty:
        layout = page.layout()
    card = text_of(find(layout, page.DOMAIN_CARD.format("veiligheid")))
    assert "geen gegevens in deze gegevensset" in card
    for table in empty.catalogue.domain("veiligheid").online_tables:
        assert table in card


def test_domain_with_a_few_wijken_only_is_not_shown_as_the_16_together(
    default_layout, page
):
    card = text_of(find(default_layout, page.DOMAIN_CARD.format("schulden")))
    # one message, not "geen gegevens" followed by "3 van 80 wijken hebben cijfers"
    assert "geen gegevens in deze gegevensset" not in card
    assert "84926NED" in card
    assert "3 van 80 wijken" in card  # says how little there is
    assert "Met internettoegang haalt het dashboard deze cijfers uit CBS-tabel" in card


def test_latest_data_shows_the_newest_fetch(default_layout, page, service):
    block = text_of(find(default_layout, page.UPDATED))
    newest = service.cache.sources()["fetched_at"].astype(str).max()
    assert format_date(newest) in block


def test_heatmap_table_shows_the_stapeling_scores(page, service):
    body, query = page.update_stapeling("naam", [GEBIED_B, GEBIED_A], "nl")
    search = page.write_address(query, {}, "nl")
    assert search == f"?sorteer=naam&gebied={GEBIED_B},{GEBIED_A}"
    frame = service.stapeling()
    table = find(body, page.HEATMAP_TABLE)
    rows = table.children[2].children
    names = [text_of(row.children[0]) for row in rows]
    assert names == sorted(
        frame[frame["area_id"].isin([GEBIED_A, GEBIED_B])]["area_name"].unique()
    )
    header = [text_of(cell) for cell in table.children[1].children.children]
    for row in rows:
        name = text_of(row.children[0])
        scores = frame[frame["area_name"] == name].set_index("title")["score"]
        cells = [text_of(cell) for cell in row.children]
        assert cells[1] == format_number(scores.mean(), 1)
        for title, cell in zip(header[2:], cells[2:]):
            assert cell == format_number(scores.get(title), 1, "–")


def test_heatmap_sorted_by_total_puts_the_worst_first(page, service):
    body, _ = page.update_stapeling("totaal", [], "nl")
    graph = find(body, page.HEATMAP + "-graph")
    means = service.stapeling().groupby("area_name")["score"].mean()
    assert list(graph.figure.data[0].y) == list(
        means.sort_values(ascending=False).index
    )
    assert len(graph.figure.data[0].y) == 16


def test_unknown_url_values_give_a_notice_not_an_error(page):
    layout = page.layout(sorteer="omhoog", gebied="nergens,utrecht-overvecht")
    shown = text_of(layout)
    assert "sorteer: onbekende waarde 'omhoog'" in shown
    assert "gebied: onbekende waarde 'nergens'" in shown
    assert find(layout, page.SORT).value == "totaal"
    assert find(layout, page.GEBIED_FILTER).value == [GEBIED_A]


def test_callback_with_unknown_values_falls_back_with_a_notice(page):
    body, query = page.update_stapeling("omhoog", ["nergens"], "en")
    # in the page's language (issue #12: the notice used to stay Dutch)
    assert "sorteer: unknown value 'omhoog'" in text_of(body)
    assert "onbekende waarde" not in text_of(body)
    assert page.write_address(query, {}, "en") == "?sorteer=totaal&lang=en"


def test_english_layout_uses_english_titles(page):
    shown = text_of(page.layout(lang="en"))
    # schulden, jeugd and zorg have a few wijken only: their one message, in English
    assert "Key figures" in shown and "Only part of the areas has figures" in shown
    assert "With internet access the dashboard fetches these figures" in shown


def test_stapeling_frame_is_not_changed_by_the_page(page, service):
    before = service.stapeling().copy()
    page.update_stapeling("naam", [GEBIED_A], "en")
    pd.testing.assert_frame_equal(service.stapeling(), before)
