"""Ranking: horizontal bars, highlighted areas in another colour and bold label."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_value
from ..theme import LICHTBLAUW, ROBIJNROOD, new_figure, separators


def ranking_figure(
    frame: pd.DataFrame,
    unit: str,
    decimals: int,
    highlight: Sequence[str] = (),
    top: int = 25,
    lang: str = "nl",
) -> go.Figure:
    """frame: area_id, area_name, value (sorted high to low inside)."""
    data = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    chosen = data[data["area_id"].isin(highlight)]
    data = pd.concat([data.head(top), chosen]).drop_duplicates("area_id")
    data = data.sort_values("value", ascending=True)
    marked = data["area_id"].isin(highlight)
    names = [f"<b>{n}</b>" if m else n for n, m in zip(data["area_name"], marked)]
    bar = {
        "type": "bar",
        "x": data["value"].to_numpy(dtype=float),
        "y": names,
        "orientation": "h",
        "marker": {"color": [ROBIJNROOD if m else LICHTBLAUW for m in marked]},
        "text": [format_value(v, decimals, unit, lang=lang) for v in data["value"]],
        "textposition": "outside",
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    return new_figure(
        [bar],
        {
            "separators": separators(lang),
            "height": max(240, 22 * len(data) + 60),
            # No tick labels: every bar carries its value, and at 375 px plotly
            # turned the ticks on end over the axis title.
            "xaxis": {
                "title": {"text": unit},
                "tickformat": f",.{decimals}f",
                "showticklabels": False,
                "automargin": True,
            },
            "margin": {"l": 8, "r": 48, "t": 8, "b": 40},
            "yaxis": {"automargin": True},
        },
    )
