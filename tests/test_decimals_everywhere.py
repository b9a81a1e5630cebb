"""One indicator, every place it is shown, the same decimals: its catalogue
``decimals`` (the precision the source publishes; see dashboard/formatting.py).

Kinderen 0 tot 15 jaar is published by the KWB in whole percentages: its card on the
Overzicht and the gebied page, the map's hover, the trend's labels, the ranking's bars
and the Excel cell all show "16%", never "16,0%" or "15,8%"; Personen met een laag
inkomen (one decimal) shows "47,4%" in all of them.
"""

from __future__ import annotations

import io
import re

import pytest
from page_helpers import classed, text_of, with_data

GEBIED = "rotterdam-zuid"
# a percentage as the dashboard writes it: 1.234,5%
PERCENT = re.compile(r"-?\d{1,3}(?:\.\d{3})*(?:,(\d+))?%")


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


# a bare number on a bar (the ranking writes the unit on its axis): 1.234,5
NUMBER = re.compile(r"-?\d{1,3}(?:\.\d{3})*(?:,(\d+))?")


def decimals_in(texts) -> set[int]:
    """The decimals of every percentage written in ``texts`` (of the whole text
    when it is a bare number)."""
    found = set()
    for text in texts:
        bare = NUMBER.fullmatch(str(text).strip())
        matches = [bare] if bare else PERCENT.finditer(str(text))
        for match in matches:
            found.add(len(match.group(1) or ""))
    return found


def figure_texts(figure) -> list[str]:
    texts = []
    for trace in figure.data:
        for key in ("text", "customdata"):
            value = getattr(trace, key, None)
            if value is None:
                continue
            for item in value if not isinstance(value, str) else [value]:
                texts.extend(item if isinstance(item, (list, tuple)) else [item])
    return [str(t) for t in texts]


@pytest.mark.parametrize(
    ("indicator_id", "decimals"), [("aandeel-0-14", 0), ("laag-inkomen-wijk", 1)]
)
def test_an_indicator_has_the_same_decimals_everywhere(
    app, service, indicator_id, decimals
):
    from openpyxl import load_workbook

    from dashboard.components import overzicht_cards
    from dashboard.components.gebied import key_figures
    from dashboard.exports.tables import Selection, export_frame, to_xlsx
    from dashboard.views.maps import wijk_map
    from dashboard.views.rankings import choices, ranking_view
    from dashboard.views.trends import trend_view

    indicator = service.indicator(indicator_id)
    assert indicator.decimals == decimals  # the catalogue's rule
    gebied = service.area(GEBIED)
    places: dict[str, list[str]] = {}

    overzicht, _ = overzicht_cards.key_figures(service, "nl")  # the page's cards
    (block,) = with_data(overzicht, "indicator", indicator_id)
    places["overzicht card"] = [text_of(classed(block, "key-value"))]
    places["overzicht nl"] = [text_of(classed(block, "key-nl"))]

    profile = key_figures(service, gebied, "nl")
    cards = [c for c in with_data(profile, "indicator", indicator_id)]
    assert cards, "the gebied page shows the indicator"
    places["gebied card"] = [text_of(classed(c, "key-value")) for c in cards]

    wijk = wijk_map(service, indicator, gebied)
    places["map hover"] = figure_texts(wijk.figure())[:40]
    trend = trend_view(service, indicator, gebied)
    places["trend labels"] = figure_texts(trend.figure())
    ranking = ranking_view(
        service, indicator, gebied, choices(indicator)[0], wijk.period
    )
    places["ranking bars"] = figure_texts(ranking.figure())

    frame = export_frame(service, Selection([indicator_id], [GEBIED]))
    sheet = load_workbook(io.BytesIO(to_xlsx(service, frame))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("value") + 1
    formats = {
        sheet.cell(row, column).number_format
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, column).value is not None
    }
    assert formats == {"#,##0" + ("." + "0" * decimals if decimals else "")}

    for place, texts in places.items():
        assert texts, f"{place}: nothing shown"
        assert decimals_in(texts) == {decimals}, f"{place}: {texts[:5]}"
