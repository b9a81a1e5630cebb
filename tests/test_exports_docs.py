"""Images (PNG/SVG), the one-page gebied brief (PDF), safe file names and
``coronadash export``, on a cache filled from the snapshot.

One kaleido/Chromium serves every image of this module (``image_server``)."""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from dashboard.exports import batch, tables
from dashboard.exports.brief import (
    BriefContent,
    DomainBlock,
    Row,
    brief_content,
    render_brief,
)
from dashboard.exports.charts import Chart, key_trend_ids, map_chart, trend_chart
from dashboard.exports.filenames import (
    UnsafeNameError,
    export_name,
    period_part,
    resolve_inside,
    safe_part,
    write_inside,
)
from dashboard.exports.images import (
    export_figure_dict,
    geojson_from_store,
    image_server,
    render_figure,
)
from dashboard.formatting import format_number
from dashboard.geo import GeoStore
from dashboard.services import Service

REPO = Path(__file__).resolve().parents[1]
GEBIEDEN = [
    g["id"]
    for g in yaml.safe_load(
        (REPO / "data_sources" / "gebieden.yaml").read_text(encoding="utf-8")
    )["gebieden"]
]
GEBIED = "den-haag-zuidwest"
HOSTILE = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    "a\x00b",
    "x" * 400,
    "Zuidwest/../../../tmp/uit",
    "Overvecht – ’s-Hertogenbosch ë 日本語 🙂",
    "CON",
    "…",
    "C:\\Windows\\system32",
]
DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


@pytest.fixture(scope="module")
def service(snapshot_cache) -> Service:
    return Service(snapshot_cache.cache)


@pytest.fixture(scope="module")
def geojson(service):
    return geojson_from_store(GeoStore(service))


@pytest.fixture(scope="module", autouse=True)
def one_chromium():
    with image_server():
        yield


@pytest.fixture(scope="module")
def area(service):
    return service.area(GEBIED)


@pytest.fixture(scope="module")
def trend(service, area) -> Chart:
    chart = trend_chart(service, area, "bijstand-dh")
    assert isinstance(chart, Chart), chart
    return chart


def svg_text(data: bytes) -> str:
    """All text of an SVG, entities decoded, whitespace collapsed."""
    root = ET.fromstring(data)
    return " ".join(" ".join(root.itertext()).split())


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


# ---------------------------------------------------------------------- images


def test_png_has_a_png_header_and_the_requested_pixel_size(trend):
    data = render_figure(
        trend.figure,
        title=trend.title,
        subtitle=trend.subtitle,
        source_lines=trend.sources,
        fmt="png",
        width=640,
        height=420,
    )
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(data)).size == (640, 420)


def test_svg_contains_the_title_subtitle_and_every_source_line(trend):
    assert trend.sources  # the page's "Bron: ..." lines
    data = render_figure(
        trend.figure,
        title=trend.title,
        subtitle=trend.subtitle,
        source_lines=trend.sources,
        fmt="svg",
    )
    text = svg_text(data)
    assert trend.title in text
    assert trend.subtitle in text
    for line in trend.sources:
        assert " ".join(line.split()) in text, line


def test_svg_ticks_use_dutch_thousands_separators(service, area):
    chart = trend_chart(service, area, "inwoners-wijk")
    assert isinstance(chart, Chart), chart
    largest = max(max(v for v in trace.y if v == v) for trace in chart.figure.data)
    assert largest >= 1000  # so the axis must show a number >= 1000
    text = svg_text(
        render_figure(
            chart.figure, title=chart.title, subtitle="", source_lines=[], fmt="svg"
        )
    )
    ticks = [word for word in text.split() if DUTCH_THOUSANDS.match(word)]
    assert ticks, text[:400]
    assert not [w for w in text.split() if re.fullmatch(r"\d{1,3}(,\d{3})+", w)]


def test_user_text_in_an_image_is_not_read_as_markup(trend):
    """Markup in a title is taken out (exports.safe_text, issue 15): the words stay,
    no tag lands in the SVG as an element."""
    title = "Bijstand <b>vet</b> & <script>x</script>"
    data = render_figure(
        trend.figure, title=title, subtitle="", source_lines=[], fmt="svg"
    )
    text = svg_text(data)
    assert "Bijstand vet & x" in text
    root = ET.fromstring(data)
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert "script" not in tags and "b" not in tags
    assert b"<script" not in data and b"<b>" not in data


def test_a_map_is_drawn_offline_from_the_cached_geometry(service, area, geojson):
    chart = map_chart(service, area)
    assert isinstance(chart, Chart), chart
    spec = export_figure_dict(
        chart.figure, title=chart.title, source_lines=chart.sources, geojson=geojson
    )
    for trace in spec["data"]:
        assert isinstance(trace["geojson"], dict)  # no URL left for kaleido to fetch
        codes = {f["properties"]["code"] for f in trace["geojson"]["features"]}
        assert set(trace["locations"]) <= codes
    data = render_figure(
        chart.figure,
        title=chart.title,
        subtitle=chart.subtitle,
        source_lines=chart.sources,
        fmt="png",
        width=700,
        height=500,
        geojson=geojson,
    )
    assert Image.open(io.BytesIO(data)).size == (700, 500)


# ----------------------------------------------------------------------- brief


@pytest.mark.parametrize("gebied_id", GEBIEDEN)
def test_brief_is_one_a4_page_with_the_gebied_name(service, geojson, gebied_id):
    area = service.area(gebied_id)
    data = render_brief(brief_content(service, gebied_id, geojson))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 pt
    pages, text = pdf_text(data)
    assert area.name in text
    assert "Bronnen" in text and "CC BY 4.0" in text


def test_brief_shows_the_service_figures_and_says_which_domains_have_none(
    service, geojson
):
    # Every domain has figures in the snapshot now (Veiligheid: police 47018NED):
    # the catalogue here leaves out the indicators of Schulden to make one empty.
    full = service.catalogue
    kept = [i for i in full.indicators if i.domain != "schulden"]
    service = Service(service.cache, full.model_copy(update={"indicators": kept}))
    content = brief_content(service, GEBIED, geojson)
    assert len(content.pictures) == 2  # the map and the trend
    _, text = pdf_text(render_brief(content))
    profile = service.profile(GEBIED)
    row = profile[profile["indicator"] == "bijstand-dh"].iloc[0]
    assert f"{format_number(row['value'], 1)}%" in text
    assert f"{format_number(row['municipality'], 1)}%" in text
    with_data = set(profile["domain"])
    empty = [d for d in service.catalogue.domains if d.id not in with_data]
    assert empty, "the snapshot has domains without data"
    assert text.count("Geen gegevens in deze gegevensset") == len(empty)
    for domain in empty:
        assert domain.title.nl in text
        for table in domain.online_tables:
            assert table in text


def test_brief_cuts_rather_than_spilling_onto_a_second_page():
    rows = [
        Row(f"Indicator {i}", "2022", "1.234", "5.678", "9.012", "+1")
        for i in range(300)
    ]
    content = BriefContent(
        area_id="x",
        name="Een gebied met heel veel cijfers",
        gemeente="Gemeente",
        status="samenstelling zeker",
        wijken=", ".join(f"WK{i:06d} Wijk {i}" for i in range(400)),
        definition_notes=["Toelichting: " + "lang verhaal " * 300],
        domains=[DomainBlock("Domein", rows)],
        gaps=["Kloof " * 200],
        pictures=[],
        picture_notes=[],
        sources=[f"Bron: CBS, tabel {i}" for i in range(100)],
        made_at="1 dec 2026",
    )
    pages, text = pdf_text(render_brief(content))
    assert pages == 1
    assert "Een gebied met heel veel cijfers" in text
    assert "…" in text


@pytest.fixture(scope="module")
def app(snapshot_cache):
    from dashboard.app_factory import create_app

    return create_app(snapshot_cache.settings, snapshot_cache.cache)


def test_a_map_as_the_browser_sends_it_renders_inside_the_app(app, service, area):
    """A chart's download menu posts the figure as drawn: a dict whose map geometry
    is the /geo/ URL; the image takes the geometry from the app's cache."""
    chart = map_chart(service, area)
    figure = chart.figure.to_plotly_json()
    assert figure["data"][0]["geojson"].startswith("/geo/")
    text = svg_text(
        render_figure(
            figure,
            title=chart.title,
            subtitle=chart.subtitle,
            source_lines=chart.sources,
            fmt="svg",
        )
    )
    assert chart.title in text
    assert text.count("geen gegevens") >= 1  # the colour bar's class labels are drawn


def test_brief_button_on_the_gebied_page_downloads_the_pdf(app):
    from page_helpers import find, page_module

    page = page_module("gebied")
    layout = page.layout(gebied_id=GEBIED)
    button = find(layout, page.BRIEF_BUTTON)
    assert button.children.startswith("Download gebiedsprofiel")
    assert find(layout, page.BRIEF_DOWNLOAD) is not None
    download, status = page.download_brief(1, {"gebied": GEBIED, "lang": "nl"})
    assert download["filename"] == f"{GEBIED}_gebiedsprofiel.pdf"
    data = base64.b64decode(download["content"])
    pages, text = pdf_text(data)
    assert pages == 1 and "Den Haag Zuidwest" in text
    assert "Den Haag Zuidwest" in status


# ------------------------------------------------------------------ file names


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_name_becomes_a_plain_file_inside_the_folder(tmp_path, text):
    folder = tmp_path / "out"
    folder.mkdir()
    name = export_name(text, "kaart", ext="png")
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*\.png", name), name
    assert len(name) <= 255 and ".." not in name
    written = write_inside(folder, name, b"data")
    assert written.parent == folder.resolve()
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["out", name])


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "..", "a\x00b", "x" * 300, "a/b", "a\\b"],
)
def test_resolve_inside_refuses_a_name_that_leaves_the_folder(tmp_path, name):
    with pytest.raises(UnsafeNameError):
        resolve_inside(tmp_path, name)


def test_resolve_inside_refuses_a_symlink_that_points_out(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    with pytest.raises(UnsafeNameError, match="buiten de uitvoermap"):
        resolve_inside(tmp_path / "out", "link.pdf")
    assert not (tmp_path / "elsewhere.pdf").exists()


def test_different_long_or_unreadable_names_do_not_share_a_file():
    assert safe_part("日本") != safe_part("中文")
    assert safe_part("a" * 200 + "1") != safe_part("a" * 200 + "2")


# ------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def cli_env(snapshot_cache, tmp_path_factory, snapshot_dir) -> dict:
    home = tmp_path_factory.mktemp("home")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "COLUMNS": "200",
        "CORONADASH_DATABASE_URL": snapshot_cache.settings.sqlalchemy_url,
        "CORONADASH_SNAPSHOT_DIR": str(snapshot_dir),
        "CORONADASH_CATALOGS__CBS_V3": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CBS_V4": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CORONA": "http://127.0.0.1:9",
        **(
            {"CORONADASH_CHROMIUM": os.environ["CORONADASH_CHROMIUM"]}
            if "CORONADASH_CHROMIUM" in os.environ
            else {}
        ),
    }


def test_cli_export_writes_every_format_for_one_gebied(service, cli_env, tmp_path):
    gebied = "utrecht-overvecht"
    out = tmp_path / "export"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.cli",
            "export",
            "--gebied",
            gebied,
            "--format",
            "csv,xlsx,png,svg,pdf",
            "--out",
            str(out),
        ],
        cwd=REPO,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    area = service.area(gebied)
    charts = [map_chart(service, area)] + [
        trend_chart(service, area, i) for i in key_trend_ids(service, area)
    ]
    today = date.today().isoformat()

    def shown(chart) -> str:
        """The period part: the map's period, the trend's first and last."""
        if chart.kind == "kaart":
            assert len(chart.periods) == 1
            return period_part(chart.periods[0])
        drawn = trend_view_periods(service, area, chart.indicator.id)
        return period_part(drawn[0], drawn[-1])

    # what each file holds, as on screen: indicator, area, period, view, date
    names = [
        f"{chart.indicator.id}_{gebied}_{shown(chart)}_gebied-{chart.kind}_{today}"
        for chart in charts
    ]
    data = f"alle-indicatoren_{gebied}_alle-perioden_gebied-cijfers_{today}"
    expected = {
        f"{gebied}_gebiedsprofiel.pdf",
        f"{data}.csv",
        f"{data}.xlsx",
        *(f"{name}.{fmt}" for name in names for fmt in ("png", "svg")),
    }
    assert {p.name for p in out.iterdir()} == expected
    assert pdf_text((out / f"{gebied}_gebiedsprofiel.pdf").read_bytes())[0] == 1
    frame = tables.read_csv((out / f"{data}.csv").read_bytes())
    wanted = batch.gebied_frame(service, area)
    assert len(frame) == len(wanted) > 0
    assert gebied in set(frame["area_id"])
    png = out / f"{names[1]}.png"
    assert Image.open(png).size == batch.IMAGE_SIZE
    assert f"{len(expected)} van {len(expected)} bestanden" in result.stderr


def invoke(cli_env, args):
    from dashboard.cli import app

    return CliRunner().invoke(app, args, env=cli_env)


@pytest.mark.parametrize(
    "gebied",
    ["../../etc/passwd", "/etc/passwd", "x" * 500, "Overvecht 日本語", "a\x00b"],
)
def test_cli_refuses_an_unknown_or_hostile_gebied_and_writes_nothing(
    cli_env, tmp_path, gebied
):
    out = tmp_path / "out"
    result = invoke(
        cli_env,
        ["export", "--gebied", gebied, "--format", "pdf,png", "--out", str(out)],
    )
    assert result.exit_code == 2
    message = result.output.strip()
    assert "onbekend gebied" in message and len(message.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_an_output_folder_it_cannot_write(cli_env, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = invoke(
        cli_env,
        [
            "export",
            "--gebied",
            GEBIED,
            "--format",
            "pdf",
            "--out",
            str(blocker / "sub"),
        ],
    )
    assert result.exit_code == 2
    assert (
        "uitvoermap" in result.output and len(result.output.strip().splitlines()) == 1
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_cli_refuses_an_unknown_format(cli_env, tmp_path):
    result = invoke(
        cli_env,
        [
            "export",
            "--gebied",
            GEBIED,
            "--format",
            "pdf,docx",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2
    assert "onbekend formaat 'docx'" in result.output
    assert list(tmp_path.iterdir()) == []


def trend_view_periods(service, area, indicator_id: str) -> list[str]:
    """The period keys the gebied trend draws, first to last (from its lines)."""
    from dashboard.views.gebied import gebied_trend

    view = gebied_trend(service, area, indicator_id)
    return sorted({str(k) for line in view.drawn for k in line.frame["period"]})
