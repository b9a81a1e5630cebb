"""Gebied key figures (issue 13): a figure of another level never sits in the gebied's
own slot. Rotterdam-Zuid's inhabitants used to open with Rotterdam's 673.804; now the
gemeente's figures sit in a block titled "Cijfers van de gemeente Rotterdam", one
"Inwoners" per level, with short markers explained once per domain."""

from __future__ import annotations

import pytest
from page_helpers import classed, find, find_all, page_module, text_of

from dashboard.formatting import format_number

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


@pytest.fixture(scope="module")
def layout(page):
    return page.layout(gebied_id=GEBIED)


def cards(component) -> list:
    return classed(component, "key-figure")


def own_cards(section) -> list:
    """The cards of a domain section outside its gemeente block."""
    inside = {
        id(card)
        for block in classed(section, "gemeente-block")
        for card in cards(block)
    }
    return [card for card in cards(section) if id(card) not in inside]


def test_no_gemeente_figure_in_the_gebied_own_slot(layout, page, service):
    for domain in service.catalogue.domains:
        section = find(layout, page.DOMAIN.format(domain.id))
        for card in own_cards(section):
            indicator = service.indicator(getattr(card, "data-indicator"))
            assert indicator.level == "wijk", (domain.id, indicator.id)


def test_the_gemeente_inhabitants_sit_in_the_gemeente_block(layout, page, population):
    section = find(layout, page.DOMAIN.format("bevolking"))
    block = find(section, page.DOMAIN.format("bevolking") + "-gemeente")
    assert "Cijfers van de gemeente Rotterdam" in text_of(block)
    (card,) = [c for c in cards(block) if getattr(c, "data-indicator") == "inwoners"]
    # The latest year of 03759ned with a figure for Rotterdam, from the raw file.
    year = max(y for (code, y), v in population.items() if code == "GM0599" and v)
    expected = format_number(population[("GM0599", year)], 0)
    assert text_of(classed(card, "key-value")) == expected
    assert "² gemeentecijfer" in text_of(card)
    first = own_cards(section)[0]
    assert text_of(classed(first, "key-value")) != expected


def is_inwoners(title: str) -> bool:
    """'Inwoners' or 'Inwoners (wijken 2024)', not 'Inwoners van 65 jaar of ouder'."""
    return title == "Inwoners" or title.startswith("Inwoners (")


def test_one_inwoners_card_per_level(layout, page):
    section = find(layout, page.DOMAIN.format("bevolking"))
    titles = [text_of(card.children[0]) for card in own_cards(section)]
    assert sum(is_inwoners(title) for title in titles) == 1, titles
    block = find(section, page.DOMAIN.format("bevolking") + "-gemeente")
    titles = [text_of(card.children[0]) for card in cards(block)]
    assert sum(is_inwoners(title) for title in titles) == 1, titles


def test_markers_are_explained_once_per_domain_and_sources_are_not_repeated(
    layout, page, service
):
    for domain in service.catalogue.domains:
        section = find(layout, page.DOMAIN.format(domain.id))
        shown = text_of(section)
        for card in cards(section):
            assert "Bron:" not in text_of(card)  # sources once, under the section
        footnotes = [
            text_of(p)
            for p in find_all(section, lambda c: type(c).__name__ == "P")
            if text_of(p).startswith(("¹ schatting:", "² gemeentecijfer:"))
        ]
        assert len(footnotes) == len(set(footnotes))
        if "¹" in text_of([classed(c, "key-value") for c in cards(section)]) or any(
            "¹ schatting" in text_of(c) for c in cards(section)
        ):
            assert "¹ schatting:" in shown
        if any("² gemeentecijfer" in text_of(c) for c in cards(section)):
            assert "² gemeentecijfer: dit cijfer bestaat alleen" in shown
