"""Two indicators called "laag inkomen" (CBS: the lowest 40 % of national incomes;
ELAN-DCC: below the 10th percentile) say how they differ wherever their definition is
shown: on the Domein page and in the sources sheet of every download (issue 13)."""

from __future__ import annotations

from data_sources.catalogue import read_catalogue

PAIR = ("laag-inkomen-wijk", "laag-inkomen-dh")


def test_each_low_income_indicator_names_the_other_and_its_threshold():
    catalogue = read_catalogue()
    indicators = {i.id: i for i in catalogue.indicators}
    for this, other in (PAIR, PAIR[::-1]):
        contrast = indicators[this].contrast
        assert contrast is not None, this
        for lang in ("nl", "en"):
            assert indicators[other].title.get(lang) in contrast.get(lang)
    assert "40%" in indicators["laag-inkomen-dh"].contrast.nl
    assert "10e percentiel" in indicators["laag-inkomen-wijk"].contrast.nl


def test_the_sources_sheet_carries_the_contrast_beside_the_definition(
    snapshot_service,
):
    service = snapshot_service
    import pandas as pd

    from dashboard.exports import tables

    frame = pd.DataFrame({"indicator": list(PAIR)})
    sources = tables.sources_frame(service, frame, "nl")
    for row in sources.to_dict(orient="records"):
        indicator = service.indicator(row["indicator"])
        assert row["definition"] == indicator.definition.nl
        assert row["contrast"] == indicator.contrast.nl


def test_the_gebied_card_shows_the_contrast_beside_the_figure(snapshot_service):
    from dashboard.components.gebied import indicator_card
    from dashboard.views.gebied_profile import gebied_profile

    area = snapshot_service.registry.areas["den-haag-zuidwest"]
    cards = [
        card
        for domain in gebied_profile(snapshot_service, area, "nl")
        for card in domain.own
        if card.indicator.id in PAIR
    ]
    assert {card.indicator.id for card in cards} == set(PAIR)
    for card in cards:
        assert card.indicator.contrast.nl in str(indicator_card(card, "nl"))
