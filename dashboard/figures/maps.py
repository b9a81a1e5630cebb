"""Choropleth maps with discrete classes, drawn offline (no tiles, no CDN topojson).

The geometry is referenced by URL (``/geo/...``): the browser fetches it once and
caches it, and callbacks send only the values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_number, format_value
from ..messages import _
from ..theme import MAP_CLASSES, MAP_NO_DATA, new_figure, separators

NL_CENTER = {"lat": 52.15, "lon": 5.3}


def class_labels(bins: Sequence[float], decimals: int, lang: str = "nl") -> list[str]:
    edges = list(bins)
    labels = [f"< {format_number(edges[0], decimals, lang=lang)}"]
    for low, high in zip(edges, edges[1:]):
        labels.append(
            f"{format_number(low, decimals, lang=lang)} – < {format_number(high, decimals, lang=lang)}"
        )
    labels.append(f"≥ {format_number(edges[-1], decimals, lang=lang)}")
    return labels


def map_classes(
    values: pd.Series, fixed: Sequence[float] = (), decimals: int = 1
) -> tuple[list[float], int]:
    """The one rule for map classes, and the decimals to label them with.

    The catalogue's classes when it gives them (comparable across periods and pages);
    otherwise quintile bounds of the values shown, rounded to the indicator's decimals
    (one more while bounds would coincide). With many equal values (e.g. zeros) the
    quintiles collapse, so the range is cut into five equal steps instead.
    """
    if fixed:
        return list(fixed), decimals
    clean = values.dropna()
    if clean.empty:
        return [0.0], decimals
    low, high = float(clean.min()), float(clean.max())
    quantiles = clean.quantile([0.2, 0.4, 0.6, 0.8]).tolist()
    if len(set(quantiles)) < len(quantiles):
        quantiles = [low + (high - low) * k / 5 for k in range(1, 5)]
    for shown in range(decimals, decimals + 4):
        bounds = sorted({round(q, shown) for q in quantiles})
        if len(bounds) == len(quantiles):
            break
    return [b for b in bounds if b > low] or bounds, shown


def choropleth_figure(
    frame: pd.DataFrame,
    geojson_url: str,
    bins: Sequence[float],
    unit: str,
    decimals: int,
    outline_ids: Sequence[str] = (),
    center: dict | None = None,
    zoom: float = 6.0,
    class_decimals: int | None = None,
    lang: str = "nl",
) -> go.Figure:
    """frame: area_id, area_name, value. Missing values are grey and say so.

    ``decimals`` are the indicator's (``Indicator.decimals``): a wijk's value in the
    hover reads as on its card and in its table ("16%", not "16,0%"). Only the class
    bounds may take more (``class_decimals``, from ``map_classes``) where rounded
    bounds would otherwise coincide."""
    if not bins:
        bins, class_decimals = map_classes(frame["value"], decimals=decimals)
    labels = class_labels(
        bins, decimals if class_decimals is None else class_decimals, lang
    )
    values = frame["value"].to_numpy(dtype=float)
    classes = np.where(
        np.isnan(values), -1, np.searchsorted(bins, values, side="right")
    )
    n = len(labels)
    colours = (
        [MAP_NO_DATA] + MAP_CLASSES[-n:]
        if n <= len(MAP_CLASSES)
        else [MAP_NO_DATA] + MAP_CLASSES
    )
    # Discrete colour scale: class k occupies [k, k+1) of z.
    scale = []
    for k, colour in enumerate(colours):
        scale += [[k / len(colours), colour], [(k + 1) / len(colours), colour]]
    hover = [
        f"{name}: {format_value(v, decimals, unit, lang=lang)}"
        if not np.isnan(v)
        else f"{name}: {_('app.no_data', lang)}"
        for name, v in zip(frame["area_name"], values)
    ]
    traces = [
        {
            "type": "choroplethmap",
            "geojson": geojson_url,
            "featureidkey": "properties.code",
            "locations": frame["area_id"].to_numpy(dtype=object),
            "z": classes + 1,
            "zmin": 0,
            "zmax": len(colours),
            "colorscale": scale,
            "marker": {"line": {"width": 0.3, "color": "white"}},
            "text": hover,
            "hoverinfo": "text",
            "colorbar": {
                "tickmode": "array",
                "tickvals": [k + 0.5 for k in range(len(colours))],
                "ticktext": [_("app.no_data", lang), *labels],
                "title": {"text": unit},
                "len": 0.8,
            },
        }
    ]
    if outline_ids:
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": geojson_url,
                "featureidkey": "properties.code",
                "locations": list(outline_ids),
                "z": [0] * len(outline_ids),
                "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                "showscale": False,
                "marker": {"line": {"width": 2.5, "color": "#ca005d"}},
                "hoverinfo": "skip",
                "name": "gebied",
            }
        )
    return new_figure(
        traces,
        {
            "separators": separators(lang),
            "map": {"style": "white-bg", "center": center or NL_CENTER, "zoom": zoom},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "height": 480,
        },
    )
