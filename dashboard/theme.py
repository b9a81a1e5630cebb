"""Colours, the Plotly template and the graph config shared by every chart.

Palette inspired by the national corona dashboard (no Rijkshuisstijl logo or fonts).
Dutch number format is set twice on purpose: ``separators`` in the template (kaleido
image export ignores the browser locale) and the ``nl`` locale in the graph config
(month names, ``mrt 2020``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

ASSETS = Path(__file__).resolve().parent.parent / "assets"

LINTBLAUW = "#154273"
HEMELBLAUW = "#007bc7"
DONKERBLAUW = "#01689b"
LICHTBLAUW = "#8fcae7"
ORANJE = "#e17000"
ROBIJNROOD = "#ca005d"
GROEN = "#39870c"
DONKERGEEL = "#ffb612"
GRIJS = "#6b6b6b"

# Discrete map classes as the corona dashboard: grey for no data/zero, then blues.
MAP_NO_DATA = "#e6e6e6"
MAP_CLASSES = ["#8FCAE7", "#5BADDB", "#248FCF", "#0070BB", "#00529D", "#003580"]

# Lines in a trend chart: the area, its gemeente, the rest of the gemeente, NL.
# Each also differs by dash style, so meaning never rests on colour alone.
SERIES_STYLE = {
    "gebied": {"color": ROBIJNROOD, "dash": "solid", "width": 3},
    "gemeente": {"color": HEMELBLAUW, "dash": "dash", "width": 2},
    "rest": {"color": ORANJE, "dash": "dot", "width": 2},
    "nederland": {"color": LINTBLAUW, "dash": "solid", "width": 2},
    "other": {"color": GRIJS, "dash": "dashdot", "width": 2},
}
# Diverging scale for the stapeling heatmap: better than NL (green) .. worse (red).
DIVERGING = [[0.0, GROEN], [0.5, "#f5f5f5"], [1.0, ROBIJNROOD]]

FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
)

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 14, "color": "#1b1b1b"},
        separators=",.",
        colorway=[ROBIJNROOD, HEMELBLAUW, ORANJE, LINTBLAUW, GROEN, DONKERGEEL],
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 56, "r": 16, "t": 24, "b": 48},
        xaxis={"gridcolor": "#e6e6e6", "linecolor": "#b4b4b4", "ticks": "outside"},
        yaxis={
            "gridcolor": "#e6e6e6",
            "zerolinecolor": "#b4b4b4",
            "separatethousands": True,
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
)
pio.templates["coronadash"] = TEMPLATE
TEMPLATE_JSON = TEMPLATE.to_plotly_json()


def new_figure(data=None, layout: dict | None = None) -> go.Figure:
    """A figure in the house style, made without plotly's property validation.

    Validation was 80-95 % of building a chart (8.5 ms of a 9 ms coronakloof bar
    chart; every ``update_layout`` and ``add_shape`` validated again), paid on every
    first view (issue 14). The template goes in as plotly JSON because only
    validation resolves the name "coronadash". The tests rebuild every page's figures
    with validation on (tests/test_figures_valid.py), so a wrong property name still
    fails there, not silently in the browser."""
    layout = {**(layout or {}), "template": TEMPLATE_JSON}
    return go.Figure(data=data, layout=layout, _validate=False)


# plotly's ``separators``: decimal point, then thousands (1.234,5 in Dutch, 1,234.5 in
# English); the template holds the Dutch pair, a chart in English overrides it.
SEPARATORS = {"nl": ",.", "en": ".,"}


def separators(language: str = "nl") -> str:
    return SEPARATORS.get(language, SEPARATORS["nl"])


# Modebar titles the vendored plotly.js-locales ``nl`` lacks or misspells ("Dowload").
# Only the buttons that stay on our charts need them (see MODEBAR_REMOVE).
MODEBAR_NL = {
    "Zoom": "Inzoomen op een gebied",
    "Pan": "Verschuiven",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
    "Reset axes": "Assen herstellen",
    "Reset view": "Beeld herstellen",
    "Reset views": "Beeld herstellen",
    "Reset": "Herstellen",
    "Download plot as a PNG": "Download de grafiek als PNG-bestand",
    "Download plot": "Download de grafiek",
}

# Downloads go through the card's Download menu (with title and source burned in);
# the cloud button would send the chart to plotly's servers, so it never shows.
MODEBAR_REMOVE = [
    "toImage",
    "sendDataToCloud",
    "sendChartToCloud",
    "editInChartStudio",
    "select2d",
    "lasso2d",
    "autoScale2d",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
]


@lru_cache(maxsize=1)
def plotly_locale_nl() -> dict:
    """The ``nl`` locale of plotly.js-locales (vendored in assets/locale), completed."""
    locale = json.loads(
        (ASSETS / "locale" / "plotly-nl.json").read_text(encoding="utf-8")
    )
    locale["dictionary"] = {**locale.get("dictionary", {}), **MODEBAR_NL}
    return locale


def graph_config(language: str = "nl") -> dict:
    config = {
        "displaylogo": False,
        "responsive": True,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "plotlyServerURL": "",
        "modeBarButtonsToRemove": MODEBAR_REMOVE,
    }
    if language == "nl":
        config.update({"locale": "nl", "locales": {"nl": plotly_locale_nl()}})
    return config
