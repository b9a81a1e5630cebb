"""Stapeling heatmap: gebieden x indicators, coloured by deviation from NL with polarity."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_number
from ..theme import DIVERGING

LIMIT = 3.0  # scores beyond +-3 standard deviations share the end colour


def label_lines(text: str) -> list[str]:
    """A column label in two lines of about equal length, broken between words: set
    upright, eight of them stay readable on a phone-wide heatmap."""
    words = text.split()
    if len(words) < 2:
        return [text]
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def stapeling_figure(frame: pd.DataFrame, sort_by: str = "total") -> go.Figure:
    """frame: area_name, title, score (> 0 worse than NL), value, nederland."""
    matrix = frame.pivot_table(
        index="area_name", columns="title", values="score", aggfunc="first"
    )
    order = (
        matrix.mean(axis=1).sort_values(ascending=False).index
        if sort_by == "total"
        else sorted(matrix.index)
    )
    matrix = matrix.loc[order]
    text = matrix.map(lambda v: "" if pd.isna(v) else format_number(v, 1))
    figure = go.Figure(
        go.Heatmap(
            z=matrix.clip(-LIMIT, LIMIT).to_numpy(),
            x=list(matrix.columns),
            y=list(matrix.index),
            zmin=-LIMIT,
            zmax=LIMIT,
            colorscale=DIVERGING,
            text=text.to_numpy(),
            texttemplate="%{text}",
            hovertemplate="%{y} – %{x}: %{text} sd<extra></extra>",
            colorbar={
                "title": {"text": "t.o.v. NL"},
                "tickvals": [-LIMIT, 0, LIMIT],
                "ticktext": ["beter", "gelijk", "slechter"],
            },
            xgap=1,
            ygap=1,
        )
    )
    figure.update_layout(
        template="coronadash",
        height=max(360, 28 * len(matrix) + 160),
        # upright labels in two lines: rotated ones ran off the left edge
        xaxis={
            "tickangle": -90,
            "side": "bottom",
            "automargin": True,
            "tickmode": "array",
            "tickvals": list(matrix.columns),
            "ticktext": ["<br>".join(label_lines(c)) for c in matrix.columns],
        },
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
    )
    return figure
