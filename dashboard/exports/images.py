"""PNG and SVG of a figure exactly as shown, with title, subtitle and source burned in.

Why here and not in the figures: the figure functions stay what the screen draws; an
image export adds what a quoted picture needs on its own (title, unit/period subtitle,
"Bron: ..." lines) and renders it with kaleido 1.x on Debian's Chromium, offline:

- no CDN: MathJax off, plotly.js from plotly.py's own bundle, maps get their GeoJSON
  inlined (``geojson=``) instead of the ``/geo/...`` URL the browser fetches;
- Dutch numbers: ``layout.separators=",."`` (kaleido ignores the browser locale) and the
  vendored plotly.js ``nl`` locale in the figure config (month names: ``mrt 2020``);
- batches: :func:`image_server` keeps one Chromium for all images
  (``kaleido.start_sync_server()``); without it every image starts its own browser.
"""

from __future__ import annotations

import json
import logging
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import plotly.graph_objects as go
import plotly.io as pio

from .. import theme  # noqa: F401  (registers the "coronadash" template)
from ..chromium import chromium_path
from ..figures.heatmap import column_labels
from ..theme import plotly_locale_nl
from .safe_text import plotly_text

if TYPE_CHECKING:
    import kaleido

Format = Literal["png", "svg"]
FORMATS: tuple[str, ...] = ("png", "svg")
GEO_PREFIX = "/geo/"

TITLE_SIZE = 20
SUBTITLE_SIZE = 14
SOURCE_SIZE = 11
LINE_PX = 16  # height of one source line
PAD_PX = 12
LEFT_PX = 12  # left edge of title, legend and sources
LEGEND_SIZE = 14
LEGEND_ROW_PX = 24
# Trace types that plotly puts in the legend by default (maps use a colour bar).
LEGEND_TYPES = {"scatter", "scattergl", "bar"}


class _DropIgnoredJSONError(logging.Filter):
    """choreographer logs a whole traceback for a Chromium message it then ignores
    ("JSONError decoding message. Ignoring", seen at shut-down); the CLI promises no
    tracebacks, and a real failure still raises in :func:`render_figure`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Ignoring" not in str(record.msg)


@lru_cache(maxsize=1)
def _kaleido():
    """kaleido, imported on the first image: a server starts without it (60 ms) and
    most never export. Its logging (logistro) must be set up before the filter's
    logger exists, so the filter is added here, after the import."""
    import kaleido

    logging.getLogger("choreographer.channels.pipe").addFilter(_DropIgnoredJSONError())
    return kaleido


class ImageExportError(RuntimeError):
    """One clear line: what went wrong and what to do."""


def kaleido_options() -> dict:
    """Keyword arguments for ``kaleido.Kaleido`` / ``start_sync_server``."""
    path = chromium_path()
    if path is None or not Path(path).is_file():
        raise ImageExportError(
            "Chromium niet gevonden: installeer het Debian-pakket chromium "
            "(apt-get install chromium) of zet CORONADASH_CHROMIUM."
        )
    return {"path": path, "page_generator": _page_generator()}


@lru_cache(maxsize=1)
def _page_generator() -> kaleido.PageGenerator:
    """plotly.py's own plotly.js, no MathJax (a CDN), the ``nl`` locale as default.

    ``Plotly.toImage`` copies only a few config keys, so a per-figure ``locale`` is
    lost; registering the locale and making it the page default is what works.
    """
    kaleido = _kaleido()

    folder = Path(tempfile.mkdtemp(prefix="coronadash-kaleido-"))
    script = folder / "locale-nl.js"
    locale = {"moduleType": "locale", "name": "nl", **plotly_locale_nl()}
    script.write_text(
        f"Plotly.register({json.dumps(locale, ensure_ascii=False)});\n"
        'Plotly.setPlotConfig({locale: "nl"});\n',
        encoding="utf-8",
    )
    return kaleido.PageGenerator(mathjax=False, others=[(script, "utf-8")])


# --- one Chromium for a batch -------------------------------------------------------

_server_lock = threading.Lock()
_server_users = 0
_server_running = False
# A serving process keeps its one Chromium between requests (dashboard.expensive);
# a batch stops it when its last user is done.
KEEP_SERVER = False
_render_lock = threading.Lock()


def start_image_server() -> None:
    """Start (or join) the shared kaleido server; pair with :func:`stop_image_server`."""
    global _server_users, _server_running
    with _server_lock:
        if not _server_running:
            kaleido = _kaleido()
            kaleido.start_sync_server(silence_warnings=True, **kaleido_options())
            _server_running = True
        _server_users += 1


def stop_image_server(force: bool = False) -> None:
    global _server_users, _server_running
    with _server_lock:
        if _server_users == 0 and not force:
            return
        _server_users = max(0, _server_users - 1)
        if _server_running and (force or (_server_users == 0 and not KEEP_SERVER)):
            kaleido = _kaleido()
            kaleido.stop_sync_server(silence_warnings=True)
            _server_running = False


def image_server_running() -> bool:
    return _server_running


@contextmanager
def image_server() -> Iterator[None]:
    """One Chromium for every :func:`render_figure` inside the block (nestable)."""
    start_image_server()
    try:
        yield
    finally:
        stop_image_server()


# --- the figure as a picture --------------------------------------------------------

GeoJSONResolver = Callable[[str], "dict | bytes | None"]


def geojson_from_store(store) -> GeoJSONResolver:
    """Resolver for :func:`render_figure` from a :class:`dashboard.geo.GeoStore`."""

    def resolve(url: str) -> dict | bytes | None:
        name = url[len(GEO_PREFIX) :].removesuffix(".json")
        return store.document(name)

    return resolve


def _app_geojson() -> GeoJSONResolver | None:
    """Inside the dashboard (a chart's download menu): the app's own geometry."""
    from .. import state
    from ..geo import geo_store

    try:
        service = state.service()
    except RuntimeError:
        return None
    return geojson_from_store(geo_store(service))


def _inline_geojson(layout_data: list[dict], geojson: GeoJSONResolver | None) -> None:
    cache: dict[str, dict] = {}
    for trace in layout_data:
        url = trace.get("geojson")
        if not isinstance(url, str):
            continue
        if geojson is None and url.startswith(GEO_PREFIX):
            geojson = _app_geojson()
        if geojson is None:
            raise ImageExportError(
                f"kaart verwijst naar {url}: geef render_figure(geojson=...) mee "
                "(offline, geen URL)"
            )
        if url not in cache:
            document = geojson(url)
            if document is None:
                raise ImageExportError(f"geen kaartgrenzen voor {url} in de cache")
            cache[url] = (
                json.loads(document) if isinstance(document, (bytes, str)) else document
            )
        trace["geojson"] = cache[url]


def _text(value: str) -> str:
    """Plotly renders a small HTML subset: user text must not become tags."""
    return plotly_text(value)


# Trace fields that carry text a picture may show (area names from editable files).
TRACE_TEXT = ("name", "text", "hovertext")


def _plain_traces(data: list[dict]) -> None:
    """Legend entries and labels of the traces as plain text (``safe_text``)."""
    for trace in data:
        for key in TRACE_TEXT:
            value = trace.get(key)
            if isinstance(value, str):
                trace[key] = plotly_text(value)
            elif isinstance(value, list):
                trace[key] = [
                    plotly_text(v) if isinstance(v, str) else v for v in value
                ]
        group = trace.get("legendgrouptitle")
        if isinstance(group, dict) and isinstance(group.get("text"), str):
            group["text"] = plotly_text(group["text"])


def _chars(width_px: int, size: int, bold: bool = False) -> int:
    """How many characters of a system sans font fit ``width_px`` (a safe estimate)."""
    return max(10, int(width_px / (size * (0.64 if bold else 0.6))))


def _wrap(text: str, width_px: int, size: int, bold: bool = False) -> list[str]:
    """Plotly never wraps titles or annotations: break long text into lines."""
    lines = textwrap.wrap(
        text,
        _chars(width_px, size, bold),
        break_long_words=True,
        break_on_hyphens=False,  # never split an id or a word like CBS-open
    )
    return lines or [""]


def _legend_rows(data: list[dict], layout: dict, width_px: int) -> int:
    """Rows of a horizontal legend (0 without one): entries packed left to right."""
    if layout.get("showlegend") is False:
        return 0
    names = [
        str(trace.get("name") or "")
        for trace in data
        if trace.get("showlegend", trace.get("type", "scatter") in LEGEND_TYPES)
    ]
    if len(names) < 2:
        return 0
    rows, used = 1, 0.0
    for name in names:
        entry = 48 + len(name) * LEGEND_SIZE * 0.6
        if used and used + entry > width_px:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


TICK_SIZE = 12  # plotly's default tick font
COLORBAR_PX = 120  # room for a colour bar with its title and labels


ROW_PX = 20  # the lowest a heatmap row may get in a picture: its number stays legible


def _heatmap_rows(spec: dict) -> int:
    for trace in spec.get("data", []):
        if trace.get("type") == "heatmap":
            return len(trace.get("y") or [])
    return 0


def _show_map_scale(spec: dict) -> None:
    """A map's classes in the picture: the page may hide the colour bar for an HTML
    legend under the map, which a PNG or SVG does not carry; turn the bar back on."""
    for trace in spec.get("data", []):
        if trace.get("type") not in ("choroplethmap", "choropleth"):
            continue
        if (trace.get("colorbar") or {}).get("ticktext"):
            trace["showscale"] = True


def _lay_out_heatmap(spec: dict, width: int) -> None:
    """A heatmap's margins computed instead of plotly's automargin: row labels get
    the room they need on the left, column labels fit the picture's column width
    (figures.heatmap.column_labels), and the sources go below them."""
    layout = spec["layout"]
    trace = next(t for t in spec["data"] if t.get("type") == "heatmap")
    columns = [str(c) for c in trace.get("x") or []]
    rows = [str(r) for r in trace.get("y") or []]
    if not columns:
        return
    left = int(min(width * 0.4, max(map(len, rows), default=0) * TICK_SIZE * 0.68 + 24))
    right = COLORBAR_PX if trace.get("showscale", True) else LEFT_PX
    fitted = column_labels(columns, max(1.0, (width - left - right) / len(columns)))
    angle, tick_px = fitted["angle"], fitted["height"]
    wrapped = ["<br>".join(_text(line) for line in p) for p in fitted["lines"]]
    layout["xaxis"] = {
        **(layout.get("xaxis") or {}),
        "tickangle": angle,
        "automargin": False,
        "tickmode": "array",
        "tickvals": columns,
        "ticktext": wrapped,
        "tickfont": {
            **((layout.get("xaxis") or {}).get("tickfont") or {}),
            "size": fitted["size"],
        },
    }
    margin = dict(layout.get("margin") or {})
    margin.update({"l": left, "r": right, "b": round(tick_px) + 12})
    layout["margin"] = margin
    # every row named, also when the rows get low (plotly would skip every other)
    layout["yaxis"] = {
        **(layout.get("yaxis") or {}),
        "automargin": False,
        "tickmode": "array",
        "tickvals": rows,
        "ticktext": [_text(r) for r in rows],
    }


def export_figure_dict(
    figure: go.Figure,
    *,
    title: str,
    subtitle: str = "",
    source_lines: Sequence[str] = (),
    width: int = 1000,
    height: int = 600,
    geojson: GeoJSONResolver | None = None,
) -> dict:
    """The figure as a plotly.js spec (data, layout, config) ready for kaleido."""
    spec = json.loads(pio.to_json(figure, validate=False))  # a copy: figure stays
    _inline_geojson(spec.get("data", []), geojson)
    _plain_traces(spec.get("data", []))
    layout = spec.setdefault("layout", {})
    layout.setdefault("template", pio.templates["coronadash"].to_plotly_json())
    layout["separators"] = ",."
    layout["width"] = width
    layout["height"] = height
    layout.pop("autosize", None)
    if any(t.get("type") == "heatmap" for t in spec.get("data", [])):
        _lay_out_heatmap(spec, width)
    _show_map_scale(spec)

    margin = dict(layout.get("margin") or {})
    for side, px in {"l": 56, "r": 16, "b": 48}.items():
        margin.setdefault(side, px)
    margin["l"] = max(margin["l"], LEFT_PX)
    margin["r"] = max(margin["r"], LEFT_PX)
    usable = width - 2 * LEFT_PX
    title_lines = _wrap(title, usable, TITLE_SIZE, bold=True)
    subtitle_lines = _wrap(subtitle, usable, SUBTITLE_SIZE) if subtitle else []
    sources = [
        part
        for line in source_lines
        if line
        for part in _wrap(line, usable, SOURCE_SIZE)
    ]
    head_px = PAD_PX + round(len(title_lines) * TITLE_SIZE * 1.3)
    if subtitle_lines:
        head_px += 6 + round(len(subtitle_lines) * SUBTITLE_SIZE * 1.3)
    legend_px = _legend_rows(spec.get("data", []), layout, usable) * LEGEND_ROW_PX
    if legend_px:
        layout["legend"] = {
            **(layout.get("legend") or {}),
            "orientation": "h",
            "xref": "container",
            "x": LEFT_PX / width,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - (head_px + 6) / height,
            "yanchor": "top",
        }
    margin["t"] = head_px + legend_px + 16
    bottom_before = max(margin["b"], 0)
    margin["b"] = bottom_before + PAD_PX + LINE_PX * len(sources)
    layout["margin"] = margin
    rows = _heatmap_rows(spec)
    if rows:  # a heatmap grows downwards instead of squeezing its rows together
        height = max(height, margin["t"] + margin["b"] + ROW_PX * rows)
        layout["height"] = height

    layout["title"] = {
        "text": "<br>".join(f"<b>{_text(line)}</b>" for line in title_lines),
        "font": {"size": TITLE_SIZE},
        "x": LEFT_PX / width,
        "xref": "container",
        "xanchor": "left",
        # plotly anchors a multi-line title half a line up per extra line: move it
        # down by as much, or the first line leaves the picture
        "y": 1 - (PAD_PX + (len(title_lines) - 1) * TITLE_SIZE * 0.65) / height,
        "yref": "container",
        "yanchor": "top",
    }
    if subtitle_lines:
        layout["title"]["subtitle"] = {
            "text": "<br>".join(_text(line) for line in subtitle_lines),
            "font": {"size": SUBTITLE_SIZE, "color": "#555"},
        }

    annotations = list(layout.get("annotations") or [])
    if sources:
        annotations.append(
            {
                "text": "<br>".join(_text(line) for line in sources),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "xshift": -margin["l"] + LEFT_PX,
                "yshift": -bottom_before - 4,
                "align": "left",
                "showarrow": False,
                "font": {"size": SOURCE_SIZE, "color": "#444"},
            }
        )
    layout["annotations"] = annotations
    return spec


def render_figure(
    figure: go.Figure,
    *,
    title: str,
    subtitle: str,
    source_lines: Sequence[str],
    fmt: str,
    width: int = 1000,
    height: int = 600,
    geojson: GeoJSONResolver | Mapping[str, dict] | None = None,
) -> bytes:
    """PNG or SVG bytes of ``figure`` with its title, subtitle and sources burned in.

    ``width`` x ``height`` is the pixel size of a PNG (scale 1). ``geojson`` inlines
    map geometry referenced by a ``/geo/...`` URL: a resolver (see
    :func:`geojson_from_store`) or a mapping url -> GeoJSON.
    """
    if fmt not in FORMATS:
        raise ImageExportError(f"onbekend beeldformaat {fmt!r}: kies png of svg")
    if width < 100 or height < 100 or width > 10_000 or height > 10_000:
        raise ImageExportError(f"beeldmaat {width}x{height} px buiten 100..10000 px")
    resolver = geojson.get if isinstance(geojson, Mapping) else geojson
    spec = export_figure_dict(
        figure,
        title=title,
        subtitle=subtitle,
        source_lines=source_lines,
        width=width,
        height=height,
        geojson=resolver,
    )
    # a heatmap may have grown to keep its rows legible (export_figure_dict)
    height = spec["layout"]["height"]
    opts = {"format": fmt, "width": width, "height": height, "scale": 1}
    kaleido = _kaleido()
    try:
        if image_server_running():
            # The shared server has one task and one result queue: one call at a time.
            with _render_lock:
                data = kaleido.calc_fig_sync(spec, opts=opts)
        else:
            data = kaleido.calc_fig_sync(spec, opts=opts, kopts=kaleido_options())
    except ImageExportError:
        raise
    except Exception as error:  # kaleido/Chromium errors: one clear line
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise ImageExportError(
            f"beeld ({fmt}) kon niet worden gemaakt: {type(error).__name__} {first}"
        ) from error
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data
