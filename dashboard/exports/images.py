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

import html
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Literal

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from .. import theme  # noqa: F401  (registers the "coronadash" template)
from ..theme import plotly_locale_nl

Format = Literal["png", "svg"]
FORMATS: tuple[str, ...] = ("png", "svg")
GEO_PREFIX = "/geo/"

TITLE_SIZE = 20
SUBTITLE_SIZE = 14
SOURCE_SIZE = 11
LINE_PX = 16  # height of one source line
PAD_PX = 12
# Trace types that plotly puts in the legend by default (maps use a colour bar).
LEGEND_TYPES = {"scatter", "scattergl", "bar"}


class ImageExportError(RuntimeError):
    """One clear line: what went wrong and what to do."""


def chromium_path() -> str | None:
    """Debian's Chromium (``CORONADASH_CHROMIUM`` overrides); never a download."""
    configured = os.environ.get("CORONADASH_CHROMIUM")
    if configured:
        return configured
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


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


def start_image_server() -> None:
    """Start (or join) the shared kaleido server; pair with :func:`stop_image_server`."""
    global _server_users
    with _server_lock:
        if _server_users == 0:
            kaleido.start_sync_server(silence_warnings=True, **kaleido_options())
        _server_users += 1


def stop_image_server() -> None:
    global _server_users
    with _server_lock:
        if _server_users == 0:
            return
        _server_users -= 1
        if _server_users == 0:
            kaleido.stop_sync_server(silence_warnings=True)


def image_server_running() -> bool:
    return _server_users > 0


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


def _inline_geojson(layout_data: list[dict], geojson: GeoJSONResolver | None) -> None:
    cache: dict[str, dict] = {}
    for trace in layout_data:
        url = trace.get("geojson")
        if not isinstance(url, str):
            continue
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
    return html.escape(value, quote=False)


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
    layout = spec.setdefault("layout", {})
    layout.setdefault("template", pio.templates["coronadash"].to_plotly_json())
    layout["separators"] = ",."
    layout["width"] = width
    layout["height"] = height
    layout.pop("autosize", None)

    margin = dict(layout.get("margin") or {})
    base = {"l": 56, "r": 16, "t": 24, "b": 48}
    for side, px in base.items():
        margin.setdefault(side, px)
    in_legend = [
        trace
        for trace in spec.get("data", [])
        if trace.get("showlegend", trace.get("type", "scatter") in LEGEND_TYPES)
    ]
    has_legend = len(in_legend) > 1 and layout.get("showlegend", True)
    title_px = PAD_PX + TITLE_SIZE + 6 + (SUBTITLE_SIZE + 6 if subtitle else 0)
    legend_px = 28 if has_legend else 0
    sources = [line for line in source_lines if line]
    margin["t"] = max(margin["t"], 0) + title_px + legend_px
    bottom_before = max(margin["b"], 0)
    margin["b"] = bottom_before + PAD_PX + LINE_PX * len(sources)
    margin["l"] = max(margin["l"], 12)
    margin["r"] = max(margin["r"], 12)
    margin["pad"] = margin.get("pad", 0)
    layout["margin"] = margin

    layout["title"] = {
        "text": f"<b>{_text(title)}</b>",
        "font": {"size": TITLE_SIZE},
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "pad": {"l": margin["l"] if margin["l"] > 20 else 12},
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        **({"subtitle": {"text": _text(subtitle)}} if subtitle else {}),
    }
    layout["title"]["pad"]["t"] = PAD_PX
    if subtitle:
        layout["title"]["subtitle"]["font"] = {"size": SUBTITLE_SIZE, "color": "#555"}

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
                "xshift": -margin["l"] + 12,
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
    opts = {"format": fmt, "width": width, "height": height, "scale": 1}
    try:
        if image_server_running():
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
