"""Stapeling heatmap: gebieden x indicators, coloured by deviation from NL with polarity."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_number
from ..messages import _
from ..theme import DIVERGING, new_figure

LIMIT = 3.0  # scores beyond +-3 standard deviations share the end colour


TICK_SIZE = 12  # plotly's default tick font
CHAR_PX = TICK_SIZE * 0.62  # width of an average character of a system sans
LINE_PX = 15  # one line of upright tick text
ROW_PX = 28  # one gebied row
# The narrowest the page draws the heatmap (it scrolls sideways below that); row
# labels and the colour bar take about this much of it.
MIN_WIDTH = 720
ROW_LABELS_PX = 300


def label_lines(text: str) -> list[str]:
    """A column label in two lines of about equal length, broken between words."""
    words = text.split()
    if len(words) < 2:
        return [text]
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def column_labels(columns: list[str], column_px: float) -> dict:
    """Column labels that fit their column (rotated ones ran off the left edge and
    over the sources): level and wrapped when the words fit, else upright in two
    lines, one line, or smaller type, as the column's width allows. Returns the
    lines per label, the angle, the font size and the height the labels take."""
    chars = max(4, int(column_px / CHAR_PX) - 1)
    longest = max((len(w) for c in columns for w in c.split()), default=0)
    if longest <= chars:
        lines = [textwrap.wrap(c, chars) or [""] for c in columns]
        height = max(len(p) for p in lines) * TICK_SIZE * 1.25
        return {"lines": lines, "angle": 0, "size": TICK_SIZE, "height": height}
    # Two upright lines need their line height twice and a little air: the
    # column's share of the plot area is only an estimate of its drawn width.
    if column_px >= 2 * LINE_PX + 6:
        lines = [label_lines(c) for c in columns]
    else:
        lines = [[c] for c in columns]
    size = TICK_SIZE if column_px >= LINE_PX + 2 else max(7, int(column_px * 0.75))
    height = max(len(line) for p in lines for line in p) * size * 0.62
    return {"lines": lines, "angle": -90, "size": size, "height": height}


def stapeling_figure(
    frame: pd.DataFrame, sort_by: str = "total", lang: str = "nl"
) -> go.Figure:
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
    text = matrix.map(lambda v: "" if pd.isna(v) else format_number(v, 1, lang=lang))
    figure = new_figure(
        dict(
            type="heatmap",
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
                "title": {"text": _("stapeling.scale_title", lang)},  # t.o.v. NL
                "tickvals": [-LIMIT, 0, LIMIT],
                "ticktext": [
                    _("stapeling.better", lang),
                    _("stapeling.same", lang),
                    _("stapeling.worse", lang),
                ],
            },
            xgap=1,
            ygap=1,
        )
    )
    columns = _axis(list(matrix.columns))
    rows = list(matrix.index)
    figure.update_layout(
        # 28 px a row besides what the column labels take: with less, Plotly drops
        # every other gebied's name (8 of 16 were named at 1280 px)
        height=max(360, ROW_PX * len(matrix) + 160 + columns.pop("label_height")),
        xaxis={"side": "bottom", "automargin": True, **columns},
        # every row named, never thinned out by Plotly's automatic ticks
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "tickmode": "array",
            "tickvals": rows,
            "ticktext": rows,
        },
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
    )
    return figure


def _axis(columns: list[str]) -> dict:
    """The column labels as they fit at the page's narrowest heatmap (and the height
    they take, ``label_height``, which is not an axis property)."""
    layout = column_labels(columns, (MIN_WIDTH - ROW_LABELS_PX) / max(1, len(columns)))
    return {
        "tickangle": layout["angle"],
        "tickmode": "array",
        "tickvals": columns,
        "ticktext": ["<br>".join(p) for p in layout["lines"]],
        "tickfont": {"size": layout["size"]},
        "label_height": int(layout["height"]),
    }
