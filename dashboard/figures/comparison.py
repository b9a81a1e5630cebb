"""Comparison bars: one indicator for several areas side by side, Nederland as reference.

Bars keep the order the user chose (first on top). An area without a figure keeps its
row and says "geen gegevens" instead of a zero-length bar; Nederland is hatched and
drawn as a dotted reference line, so it never rests on colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_number
from ..theme import SERIES_STYLE, new_figure, separators


def comparison_figure(
    frame: pd.DataFrame,
    unit: str,
    decimals: int,
    reference: float | None = None,
    reference_label: str = "Nederland",
    missing: str = "geen gegevens",
    lang: str = "nl",
) -> go.Figure:
    """frame: area_name, value (NaN when missing), kind (gebied, gemeente, nederland, other)."""
    data = frame.reset_index(drop=True)
    names = list(data["area_name"])
    values = data["value"].astype(float)
    kinds = list(data["kind"])
    colours = [SERIES_STYLE.get(k, SERIES_STYLE["other"])["color"] for k in kinds]
    patterns = ["/" if k == "nederland" else "" for k in kinds]
    figure = new_figure(
        dict(
            type="bar",
            x=values,
            y=names,
            orientation="h",
            marker={"color": colours, "pattern": {"shape": patterns}},
            text=[
                "" if pd.isna(v) else format_number(v, decimals, lang=lang)
                for v in values
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    for name, value in zip(names, values):
        if pd.isna(value):
            figure.add_annotation(
                x=0,
                y=name,
                text=missing,
                showarrow=False,
                xanchor="left",
                bgcolor="white",
                font={"color": "#6b6b6b", "size": 12},
            )
    present = [v for v in values if not pd.isna(v)]
    if reference is not None and not pd.isna(reference):
        figure.add_vline(
            x=reference,
            line={"color": SERIES_STYLE["nederland"]["color"], "dash": "dot"},
        )
        present.append(reference)
    low = min([0.0, *present])
    high = max([0.0, *present]) or 1.0
    figure.update_layout(
        separators=separators(lang),
        height=max(200, 34 * len(names) + 80),
        # Every bar carries its value, so the axis needs no tick labels (they
        # collide on a phone); the unit stays as the axis title.
        xaxis={
            "title": {"text": unit},
            "showticklabels": False,
            "range": [low * 1.1, high * 1.1],
        },
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 8, "r": 72, "t": 8, "b": 32},
        showlegend=False,
        bargap=0.3,
    )
    return figure
