"""The coronakloof's small charts: the bars carry the values handed in, in the
page's number format, and a unit in thousands of euros is drawn in euros.

Issue 14: the figures are now made in one go (traces and layout as dicts) instead of
add_trace and update_layout per call; what they show must not change.
"""

from __future__ import annotations

import pytest

from dashboard.figures.kloof import HEIGHT, before_after_figure, growth_figure
from dashboard.formatting import PLAIN_UNITS, format_number, format_value, plain_unit
from dashboard.messages import _
from dashboard.theme import SERIES_STYLE, separators


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_before_after_bars_hold_both_values_of_area_and_reference(lang):
    figure = before_after_figure(
        ("2019", "2021"),
        ("Rotterdam-Zuid", "gebied", (12.25, 14.5)),
        ("Nederland", "nederland", (8.0, 8.75)),
        "per 1 000 inwoners",
        1,
        lang=lang,
    )
    area, reference = figure.data
    assert (area.name, reference.name) == ("Rotterdam-Zuid", "Nederland")
    assert list(area.x) == ["2019", "2021"]
    assert list(area.y) == [12.25, 14.5] and list(reference.y) == [8.0, 8.75]
    assert list(area.text) == [format_number(v, 1, lang=lang) for v in (12.25, 14.5)]
    assert list(area.customdata) == [
        format_value(v, 1, "per 1 000 inwoners", lang=lang) for v in (12.25, 14.5)
    ]
    assert area.marker.color == SERIES_STYLE["gebied"]["color"]
    assert reference.marker.color == SERIES_STYLE["nederland"]["color"]
    layout = figure.layout
    assert layout.separators == separators(lang)
    assert (layout.height, layout.barmode) == (HEIGHT, "group")
    assert layout.yaxis.title.text == "per 1 000 inwoners"
    assert layout.yaxis.tickformat == ",.1f"
    assert layout.xaxis.type == "category"
    assert layout.template.layout.plot_bgcolor is not None  # the house template


def test_a_unit_in_thousands_of_euros_is_drawn_in_euros_with_its_own_numbers():
    unit = "x 1 000 euro"
    factor = PLAIN_UNITS[unit][0]
    figure = before_after_figure(
        ("2019", "2022"),
        ("Gebied", "gebied", (240.1, 251.5)),
        ("Nederland", "nederland", (300.0, 310.25)),
        unit,
        1,
    )
    area, reference = figure.data
    assert list(area.y) == pytest.approx([240.1 * factor, 251.5 * factor])
    assert list(reference.y) == pytest.approx([300.0 * factor, 310.25 * factor])
    assert list(area.text) == [format_value(v, 1, unit) for v in (240.1, 251.5)]
    assert figure.layout.yaxis.title.text == plain_unit(unit)
    assert figure.layout.yaxis.tickformat == ",.0f"


def test_growth_bars_leave_out_a_missing_growth():
    figure = growth_figure(
        "2019–2021", ("Gebied", "gebied", None), ("Nederland", "nederland", 2.5)
    )
    (bar,) = figure.data
    assert (bar.name, list(bar.x), list(bar.y)) == ("Nederland", ["2019–2021"], [2.5])
    assert list(bar.text) == [format_value(2.5, 1, "%")]
    assert figure.layout.yaxis.title.text == _("kloof.growth_axis", "nl")
    empty = growth_figure("2019–2021", ("A", "gebied", None), ("B", "nederland", None))
    assert empty.data == () and empty.layout.height == HEIGHT
