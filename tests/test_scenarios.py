"""Scenarios that prove the house is built right (issue 12):

(a) a new indicator from a loaded table is one catalogue entry, and appears on its
    domain page, the gebied page, the Data page and in the exports;
(b) a 17th gebied from a temporary gebieden file works on every page, in the brief
    and in the CLI, and every count of gebieden in the UI follows;
(c) a new page with a map and a trend is one short module (tests/scenario_page.py).

Expected figures are worked out here from the snapshot's raw files.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import dash
import pytest
import yaml
from fixtures_app import snapshot_settings
from page_helpers import find, page_module, text_of, with_data

from dashboard.formatting import format_number
from dashboard.views import data as data_views
from data_sources.catalogue import CATALOGUE_FILE, read_catalogue

REPO = Path(__file__).resolve().parents[1]
GEBIED = "den-haag-zuidwest"

# (a) one new entry, written as an editor would add it to data_sources/catalogue.yaml
NEW_INDICATOR = "aandeel-15-24-wijk"
NEW_ENTRY = f"""
  - id: {NEW_INDICATOR}
    title: {{nl: "Jongeren 15 tot 25 jaar", en: "Young people aged 15 to 24"}}
    definition: {{nl: "Aandeel inwoners van 15 tot 25 jaar in alle inwoners.", en: "Share of inhabitants aged 15 to 24."}}
    domain: bevolking
    unit: {{nl: "%", en: "%"}}
    decimals: 1
    source: {{dataset: wijken_2022, measure: pop_15_24}}
    level: wijk
    aggregation: share
    base: {{dataset: wijken_2022, measure: population}}
    polarity: neutral
"""


@pytest.fixture(scope="module")
def wijken(snapshot_dir) -> dict[str, dict]:
    with open(snapshot_dir / "geo" / "wijk_2022.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    return {f["properties"]["code"]: f["properties"] for f in features}


@pytest.fixture(scope="module")
def app(snapshot_cache):
    from dashboard.app_factory import create_app

    return create_app(snapshot_cache.settings, snapshot_cache.cache, warm=False)


@pytest.fixture
def with_service(app, snapshot_cache):
    """Point the pages at a service for one test, then back at the app's own."""
    from dashboard import state

    original = state.service()

    def use(service, settings=None):
        state.configure(service, settings or snapshot_cache.settings)
        return service

    yield use
    state.configure(original, snapshot_cache.settings)


# ------------------------------------------------------------ (a) new indicator


def test_a_new_indicator_is_one_catalogue_entry_and_shows_everywhere(
    app, snapshot_cache, with_service, wijken, tmp_path
):
    from dashboard.exports import batch, tables
    from dashboard.services import Service

    path = tmp_path / "catalogue.yaml"
    original = CATALOGUE_FILE.read_text(encoding="utf-8")
    path.write_text(original.rstrip("\n") + "\n" + NEW_ENTRY, encoding="utf-8")
    catalogue = read_catalogue(path)
    assert len(catalogue.indicators) == len(read_catalogue().indicators) + 1
    service = with_service(Service(snapshot_cache.cache, catalogue))

    # The share of a gebied, weighted by inhabitants, from the raw wijk file.
    codes = service.area(GEBIED).wijken
    pairs = [(wijken[c]["pop_15_24"], wijken[c]["population"]) for c in codes]
    expected = sum(share * pop for share, pop in pairs) / sum(pop for _, pop in pairs)
    shown = format_number(expected, 1) + "%"

    domein = page_module("domein").layout(domein="bevolking", indicator=NEW_INDICATOR)
    options = find(domein, "domein-indicator").options
    assert NEW_INDICATOR in [o["value"] for o in options]
    assert text_of(find(domein, "domein-kerncijfer-gebied")) == shown

    gebied = page_module("gebied").layout(gebied_id=GEBIED)
    (card,) = with_data(gebied, "indicator", NEW_INDICATOR)
    assert shown in text_of(card)
    maps = find(gebied, "gebied-kaart-indicator").options
    assert NEW_INDICATOR in [o["value"] for o in maps]

    assert NEW_INDICATOR in [
        o["value"] for o in data_views.indicator_options(service, "nl")
    ]

    frame = tables.export_frame(
        service, batch.gebied_selection(service, service.area(GEBIED))
    )
    rows = frame[(frame["indicator"] == NEW_INDICATOR) & (frame["area_id"] == GEBIED)]
    assert rows["value"].dropna().iloc[-1] == pytest.approx(expected)


# ----------------------------------------------------------- (b) a 17th gebied


def _seventeenth_gebied(wijken: dict, base: dict) -> dict:
    """A test gebied in Utrecht: two real wijken that Overvecht does not hold."""
    taken = {c for g in base["gebieden"] for c in g["wijk_codes"]}
    free = sorted(c for c in wijken if c.startswith("WK0344") and c not in taken)
    return {
        "id": "scenario-utrecht-test",
        "name": "Scenariogebied Utrecht (test)",
        "gemeente_code": "GM0344",
        "gemeente_name": "Utrecht",
        "confidence": "low",
        "confidence_reason": "Alleen voor een test: geen echt gebied.",
        "wijk_codes": free[:2],
    }


@pytest.fixture(scope="module")
def seventeen(app, snapshot_cache, snapshot_dir, wijken, tmp_path_factory):
    """A copy of the snapshot cache whose gebieden come from a file with 17 gebieden."""
    from data_sources.cache import Cache
    from data_sources.refresh import refresh

    folder = tmp_path_factory.mktemp("seventeen")
    base = yaml.safe_load(
        (REPO / "data_sources" / "gebieden.yaml").read_text(encoding="utf-8")
    )
    base["gebieden"].append(_seventeenth_gebied(wijken, base))
    gebieden_file = folder / "gebieden.yaml"
    gebieden_file.write_text(yaml.safe_dump(base, allow_unicode=True), "utf-8")
    source = Path(snapshot_cache.settings.sqlalchemy_url.removeprefix("sqlite:///"))
    # SQLite's backup API: a consistent copy, also of pages still in the WAL file.
    with (
        sqlite3.connect(source) as src,
        sqlite3.connect(folder / "cache.sqlite") as dst,
    ):
        src.backup(dst)
    url = f"sqlite:///{folder / 'cache.sqlite'}"
    settings = snapshot_settings(folder, snapshot_dir, url, gebieden_file=gebieden_file)
    cache = Cache(url)
    report = refresh(cache, settings, "snapshot", only=["gebieden"])
    assert report.ok, [o.message for o in report.outcomes if not o.ok]
    return settings, cache, gebieden_file


SIXTEEN = re.compile(r"\b16 (gebieden|stedelijke|areas|urban)|\ball 16\b|\balle 16\b")


@pytest.mark.slow  # a refresh of the gebieden and a CLI subprocess
def test_a_17th_gebied_works_on_every_page_in_the_brief_and_the_cli(
    seventeen, with_service, snapshot_dir, wijken, tmp_path
):
    from dashboard.exports.brief import brief_content
    from dashboard.navigation import pages
    from dashboard.services import Service

    settings, cache, gebieden_file = seventeen
    service = with_service(Service(cache), settings)
    new = "scenario-utrecht-test"
    assert len(service.registry.gebieden()) == 17
    layouts = {}
    for page in pages():
        entry = next(
            e for e in dash.page_registry.values() if e["module"].endswith(page.name)
        )
        params = {"domein": "bevolking"} if page.name == "domein" else {}
        if page.name == "gebied":
            params = {"gebied_id": new}
        layouts[page.name] = entry["layout"](**params)
    texts = {name: text_of(layout) for name, layout in layouts.items()}
    for name, shown in texts.items():
        # a computed count is fine: with 17 gebieden a reason may hold for 16 of them
        found = SIXTEEN.search(re.sub(r"\(geldt voor \d+ gebieden\)", "", shown))
        assert not found, (
            name,
            found and shown[found.start() - 200 : found.end() + 40],
        )
    assert "De 17 stedelijke vernieuwingsgebieden" in texts["overzicht"]
    assert "De 17 gebieden" in texts["over"]
    assert "Scenariogebied Utrecht (test)" in texts["gebied"]
    gebied_options = find(layouts["domein"], "domein-gebied").options
    assert new in [o["value"] for o in gebied_options]
    domein = page_module("domein").layout(
        domein="bevolking", indicator="aandeel-0-14", gebied=new
    )
    assert find(domein, "domein-gebied").value == new
    # Its figure: the share of children weighted by inhabitants over its two wijken.
    codes = service.area(new).wijken
    pairs = [(wijken[c]["pop_0_14"], wijken[c]["population"]) for c in codes]
    expected = sum(share * pop for share, pop in pairs) / sum(p for _, p in pairs)
    shown = text_of(find(domein, "domein-kerncijfer-gebied"))
    assert shown == format_number(expected, 0) + "%"

    brief = brief_content(service, new, pictures=False)
    assert brief.name == "Scenariogebied Utrecht (test)"

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "CORONADASH_DATABASE_URL": settings.sqlalchemy_url,
        "CORONADASH_GEBIEDEN_FILE": str(gebieden_file),
        "CORONADASH_SNAPSHOT_DIR": str(snapshot_dir),
    }
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "areas", "--level", "gebied", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    ids = [row.get("area_id") or row.get("id") for row in listed]
    assert new in ids and len(ids) == 17


# --------------------------------------------------- (c) a page is one module


@pytest.fixture
def scenario_page_registered(app):
    """The test page is registered for this test only: a page left in the process's
    dash.page_registry without a layout breaks every app built after it, and its
    callback would be served by every app set up after it (the fuzzing of
    test_hostile_input drew it in a shuffled run)."""
    from dash import _callback

    yield
    for key in [
        k for k, e in dash.page_registry.items() if e["module"] == "scenario_page"
    ]:
        del dash.page_registry[key]
    sys.modules.pop("scenario_page", None)
    for callbacks in (_callback.GLOBAL_CALLBACK_MAP, app.callback_map):
        for output in [o for o in callbacks if "scenario-" in o]:
            del callbacks[output]
    for callbacks in (_callback.GLOBAL_CALLBACK_LIST, app._callback_list):
        callbacks[:] = [c for c in callbacks if "scenario-" not in str(c["output"])]


def test_a_page_with_a_map_and_a_trend_is_one_short_module(
    app, snapshot_cache, scenario_page_registered
):
    from dashboard.services import Service

    module_path = Path(__file__).with_name("scenario_page.py")
    lines = module_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 100
    source = module_path.read_text(encoding="utf-8")
    assert "data_sources" not in source and ".cache" not in source
    sys.path.insert(0, str(module_path.parent))
    import scenario_page

    assert any(e.get("path") == scenario_page.PATH for e in dash.page_registry.values())
    layout = scenario_page.layout(indicator="laag-inkomen-wijk", gebied=GEBIED)
    service = Service(snapshot_cache.cache)
    figure = find(layout, "scenario-kaart-graph").figure
    values = service.map_values("laag-inkomen-wijk", "wijk")
    wijken = list(service.area("GM0518").wijken)
    by_code = values.set_index("area_id")["value"]
    assert list(figure.data[0].locations) == wijken
    table = text_of(find(layout, "scenario-kaart"))
    assert format_number(by_code[wijken[0]], 1) in table
    trend = find(layout, "scenario-trend-graph").figure
    series = service.series("laag-inkomen-wijk", GEBIED)
    assert trend.data[0].name == service.area(GEBIED).name
    assert [v for v in trend.data[0].y] == pytest.approx(
        list(series["value"]), nan_ok=True
    )
    # Its callback redraws both cards for another gebied.
    map_card, trend_card = scenario_page.update("laag-inkomen-wijk", "rotterdam-zuid")
    assert find(map_card, "scenario-kaart-graph").figure.data[0].geojson == (
        f"/geo/wijken/{service.area('rotterdam-zuid').gemeente}.json"
    )
