"""Quotable pictures: a map's PNG/SVG carries its legend (the domain page hides the
colour bar for an HTML legend the picture would not have), and the heatmap's
column labels are set level or upright inside the picture, never over the sources.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from page_helpers import page_module, walk

from dashboard.exports import images
from dashboard.exports.images import export_figure_dict, image_server, render_figure


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app


@pytest.fixture(scope="module", autouse=True)
def one_chromium():
    with image_server():
        yield


def _graph(layout, graph_id: str):
    return next(p for p in walk(layout) if getattr(p, "id", None) == graph_id)


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return [" ".join("".join(e.itertext()).split()) for e in root.iter() if e.text]


@pytest.mark.parametrize("level", ["wijk", "gemeente"])
def test_a_domain_map_picture_carries_its_legend(app, level):
    page = page_module("domein")
    layout = page.layout("werk-en-inkomen", niveau=level)
    figure = _graph(layout, f"{page.MAP_CARD}-graph").figure
    trace = figure.data[0]
    assert trace.showscale is False  # on screen the HTML legend stands in for it
    labels = list(trace.colorbar.ticktext)
    unit = trace.colorbar.title.text
    data = render_figure(
        figure.to_plotly_json(),
        title="Kaart",
        subtitle="",
        source_lines=["Bron: CBS"],
        fmt="svg",
    )
    texts = svg_texts(data)
    for label in [*labels, unit]:
        assert label in texts, f"{label!r} niet in de legenda van het SVG"


def _heatmap_figure(app):
    page = page_module("overzicht")
    return _graph(page.layout(), f"{page.HEATMAP}-graph").figure


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
@pytest.mark.parametrize("width", [1000, 640])
def test_heatmap_column_labels_are_whole_and_clear_of_the_sources(app, width):
    figure = _heatmap_figure(app)
    columns = list(figure.data[0].x)
    sources = ["Bron: CBS, tabel 03759ned", "Bron: RIVM, coronadashboard"]
    spec = export_figure_dict(
        figure, title="Stapeling", source_lines=sources, width=width
    )
    axis = spec["layout"]["xaxis"]
    # the picture grows rather than squeeze the rows below a legible height
    rows = len(figure.data[0].y)
    room = spec["layout"]["height"] - spec["layout"]["margin"]["t"]
    assert room - spec["layout"]["margin"]["b"] >= images.ROW_PX * rows
    assert axis["tickangle"] in (0, -90) and axis["automargin"] is False
    data = render_figure(
        figure,
        title="Stapeling",
        subtitle="",
        source_lines=sources,
        fmt="svg",
        width=width,
    )
    svg = data.decode("utf-8")
    root = ET.fromstring(data)
    assert float(root.get("height")) == spec["layout"]["height"]
    assert "rotate(-35" not in svg
    texts = " ".join(svg_texts(data))
    for column in columns:  # every word of every label, none cut off
        for word in column.split():
            assert word in texts, word
    # the sources start below the space kept for the column labels: the bottom
    # margin is labels + a pad + one line per source, the sources take the last part
    margin = spec["layout"]["margin"]
    sources_px = images.PAD_PX + images.LINE_PX * len(sources)
    labels_bottom = spec["layout"]["height"] - sources_px
    assert margin["b"] - sources_px > images.TICK_SIZE  # room for the labels
    top_of_sources = re.findall(
        r'class="annotation".*?translate\([\d.]+,([\d.]+)\)', svg
    )
    assert top_of_sources and float(top_of_sources[-1]) >= labels_bottom - 1
