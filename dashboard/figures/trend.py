"""Trend chart: one indicator over time for an area, its gemeente, the rest, NL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_value
from ..periods_text import period_label
from ..theme import LICHTBLAUW, SERIES_STYLE, new_figure, separators


@dataclass(frozen=True)
class Shade:
    """A period shaded behind the lines (the corona years), with its label."""

    start: object  # date
    end: object
    label: str


@dataclass
class Line:
    label: str
    kind: str  # gebied, gemeente, rest, nederland, other
    frame: pd.DataFrame  # period_start, period_label, value


def period_labels(frame: pd.DataFrame, lang: str = "nl") -> list[str]:
    """The frame's period labels in ``lang`` (the service writes them in Dutch)."""
    if lang == "nl" or "period" not in frame:
        return list(frame["period_label"])
    return [period_label(str(key), lang) for key in frame["period"]]


def trend_figure(
    lines: Sequence[Line],
    unit: str,
    decimals: int,
    events: pd.DataFrame | None = None,
    shade: Shade | None = None,
    lang: str = "nl",
) -> go.Figure:
    """Lines with gaps where data is missing (never drawn as zero); ``shade`` is
    drawn behind them where it overlaps the lines' time span."""
    traces = []
    for line in lines:
        style = SERIES_STYLE.get(line.kind, SERIES_STYLE["other"])
        frame = line.frame.sort_values("period_start")
        traces.append(
            {
                "type": "scatter",
                "x": list(pd.to_datetime(frame["period_start"])),
                # a typed array, as plotly sends it (a gap stays NaN: null)
                "y": frame["value"].to_numpy(dtype=float, na_value=float("nan")),
                "name": line.label,
                "mode": "lines+markers" if len(frame) < 30 else "lines",
                "line": {
                    "color": style["color"],
                    "dash": style["dash"],
                    "width": style["width"],
                },
                "connectgaps": False,
                "customdata": [
                    [label, format_value(v, decimals, unit, lang=lang)]
                    for label, v in zip(period_labels(frame, lang), frame["value"])
                ],
                "hovertemplate": "%{customdata[0]}: %{customdata[1]}<extra>"
                + line.label
                + "</extra>",
            }
        )
    # The events as the shapes and annotations add_vline/add_annotation made, all in
    # one unchecked layout: plotly validated the whole layout again per call.
    shapes: list[dict] = []
    annotations: list[dict] = []
    if shade is not None:
        _shade(shapes, annotations, lines, shade)
    if events is not None and len(events):
        for row in events.itertuples():
            x = pd.Timestamp(row.date)
            shapes.append(
                {
                    "type": "line",
                    "x0": x,
                    "x1": x,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "y domain",
                    "line": {"color": "#b4b4b4", "width": 1, "dash": "dot"},
                }
            )
            annotations.append(
                {
                    "x": x,
                    "y": 1,
                    "yref": "paper",
                    "text": row.label,
                    "showarrow": False,
                    "textangle": -90,
                    "xanchor": "right",
                    "yanchor": "top",
                    "font": {"size": 10, "color": "#555"},
                }
            )
    return new_figure(
        traces,
        {
            "separators": separators(lang),
            "yaxis": value_axis(unit, decimals),
            "xaxis": {"title": {}},
            "hovermode": "x unified",
            "height": 360,
            # as plotly writes them: left out when empty
            **({"shapes": shapes} if shapes else {}),
            **({"annotations": annotations} if annotations else {}),
        },
    )


def value_axis(unit: str, decimals: int) -> dict:
    """The value axis of the trend and the one-period bars: from zero, the unit as
    its title, long tick labels (700.000) and the title fitted."""
    return {
        "title": {"text": unit},
        "tickformat": f",.{decimals}f",
        "rangemode": "tozero",
        "automargin": True,
    }


# Longest line of a bar's label: "'s-Gravenhage zonder het gebied" on one line ran
# off a phone's screen ("avenhage, ..." at 375 px); wrapped it fits under its bar.
LABEL_LINE = 13


def wrap_label(label: str, width: int = LABEL_LINE) -> str:
    """The label in lines of at most ``width`` characters (a longer word stays
    whole), joined by <br> for a Plotly tick label."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def period_bars(
    lines: Sequence[Line], unit: str, decimals: int, lang: str = "nl"
) -> go.Figure:
    """One period only (e.g. the wijk figures of 2022): one bar per line, in the
    lines' colours and with the number on the bar, since dots on a time axis compare
    badly. Lines whose frame has no value are left out."""
    bars = []
    for line in lines:
        values = line.frame.dropna(subset=["value"])
        if not len(values):
            continue
        style = SERIES_STYLE.get(line.kind, SERIES_STYLE["other"])
        value = float(values["value"].iloc[-1])
        bars.append(
            {
                "type": "bar",
                "x": [line.label],
                "y": [value],
                "name": line.label,
                "marker": {"color": style["color"]},
                "text": [format_value(value, decimals, unit, lang=lang)],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{x}: %{text}<extra></extra>",
            }
        )
    labels = [bar["x"][0] for bar in bars]
    return new_figure(
        bars,
        {
            "separators": separators(lang),
            "yaxis": value_axis(unit, decimals),
            "xaxis": {
                "title": {},
                # the categories keep their names; only the drawn labels are wrapped
                "tickmode": "array",
                "tickvals": labels,
                "ticktext": [wrap_label(label) for label in labels],
                "tickangle": 0,
                "tickfont": {"size": 12},
                "automargin": True,
            },
            "showlegend": False,
            "height": 360,
        },
    )


def _shade(
    shapes: list[dict], annotations: list[dict], lines: Sequence[Line], shade: Shade
) -> None:
    """The band and label ``add_vrect`` made, as plain dicts."""
    starts = [
        pd.Timestamp(x) for line in lines for x in line.frame["period_start"].dropna()
    ]
    start, end = pd.Timestamp(shade.start), pd.Timestamp(shade.end)
    if not starts or max(starts) < start or min(starts) > end:
        return  # a series outside the corona years gets no empty band
    shapes.append(
        {
            "type": "rect",
            "x0": start,
            "x1": end,
            "xref": "x",
            "y0": 0,
            "y1": 1,
            "yref": "y domain",
            "fillcolor": LICHTBLAUW,
            "opacity": 0.3,
            "line": {"width": 0},
            "layer": "below",
        }
    )
    annotations.append(
        {
            "text": shade.label,
            "x": start,
            "xref": "x",
            "xanchor": "left",
            "y": 1,
            "yref": "y domain",
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": 10, "color": "#333"},
        }
    )
