"""The ranking chart: every bar carries its own value, so the axis needs no ticks
(at 375 px plotly turned them on end over the axis title)."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.ranking import ranking_figure
from dashboard.formatting import format_value


def test_every_bar_carries_its_value_and_the_axis_has_no_tick_labels():
    frame = pd.DataFrame(
        {
            "area_id": ["a", "b", "c"],
            "area_name": ["Een", "Twee", "Drie"],
            "value": [1.25, 2.5, None],
        }
    )
    figure = ranking_figure(frame, "per 1.000 inwoners", 1, highlight=["a"])
    (bar,) = figure.data
    assert list(bar.x) == [1.25, 2.5]  # the missing value is left out, low to high
    assert list(bar.text) == [format_value(v, 1, "per 1.000 inwoners") for v in bar.x]
    assert list(bar.y) == ["<b>Een</b>", "Twee"]
    assert figure.layout.xaxis.showticklabels is False
    assert figure.layout.xaxis.title.text == "per 1.000 inwoners"
