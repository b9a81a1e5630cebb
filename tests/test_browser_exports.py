"""Browser tests of the chart download menu and the permalink (headless Chromium).

A user opens a chart's menu, picks CSV and gets a file whose every row is the query
service's figure; the permalink box shows the address with its data vintage, and
opening it restores the view without a notice, while a tampered vintage shows one.
"""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from browser_pages import open_page, wait_until_rendered
from playwright.sync_api import expect

from dashboard.exports import tables

pytestmark = pytest.mark.browser
expect.set_options(timeout=60_000)

PATH = "/corona?maat=ziekenhuisopnames&gebied=GM0363"
CARD = "corona-reeks"


def _menu(page, name: str):
    """Open the card's download menu by keyboard and return the item ``name``."""
    toggle = page.locator(f"#{CARD}-export button.dropdown-toggle")
    title = page.locator(f"#{CARD}-title").inner_text()
    expect(toggle).to_have_accessible_name(f"Download: {title}")
    toggle.focus()
    page.keyboard.press("Enter")
    item = page.locator(f"#{CARD}-export .dropdown-item", has_text=name)
    expect(item).to_be_visible()
    return item


def test_brx001_chart_csv_download_rows_are_the_service_figures(
    _live_server, live_server, chromium_context
):
    page, watch = open_page(chromium_context, live_server + PATH)
    item = _menu(page, "CSV")
    with page.expect_download() as info:
        item.click()
    download = info.value
    # indicator, area, period span, page-view and date say what the file holds
    assert download.suggested_filename.startswith("ziekenhuisopnames_amsterdam_")
    assert f"_{CARD}_" in download.suggested_filename
    assert download.suggested_filename.endswith(".csv")
    frame = tables.read_csv(open(download.path(), "rb").read())
    assert set(frame["area_id"]) == {"GM0363", "NL01"}
    assert set(frame["indicator"]) == {"ziekenhuisopnames"}
    service = _live_server.service
    for area_id in ("GM0363", "NL01"):
        series = service.series("ziekenhuisopnames", area_id)
        assert (frame["area_id"] == area_id).sum() == len(series)
    for row in frame.to_dict(orient="records"):
        expected = service.value(row["indicator"], row["area_id"], row["period"])
        if expected["value"] is None or math.isnan(expected["value"]):
            assert math.isnan(row["value"])
        else:
            assert row["value"] == expected["value"], row
        assert row["status"] == expected["status"]
        assert row["fetched_at"] == expected["fetched_at"]
    expect(page.locator(f"#{CARD}-export").locator("..")).to_contain_text("klaar")
    assert not watch.problems(), watch.problems()
    page.close()


def test_brx002_permalink_records_the_vintage_and_a_tampered_one_gives_a_notice(
    _live_server, live_server, chromium_context
):
    page, watch = open_page(chromium_context, live_server + PATH)
    charts_before = page.locator(".js-plotly-plot").count()
    _menu(page, "Permalink").click()
    # a dialog: the cards do not move, Escape closes it (checked below)
    card = page.get_by_role("dialog")
    expect(card).to_contain_text("Permalink: ")
    box = card.get_by_label("Permalink van deze weergave")
    expect(box).to_have_value(re.compile(r"stand=\d{8}-[0-9a-f]{8}-"))
    url = box.input_value()
    params = dict(parse_qsl(urlsplit(url).query))
    assert params["maat"] == "ziekenhuisopnames" and params["gebied"] == "GM0363"
    chromium_context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server
    )
    card.get_by_role("button", name="Kopieer").click()
    expect(card.get_by_role("status").filter(has_text="Gekopieerd")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert page.locator(".js-plotly-plot").count() == charts_before
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    # opening the permalink restores the view, without a vintage notice
    page.goto(url)
    wait_until_rendered(page)
    name = _live_server.service.area("GM0363").name
    expect(page.locator(f"#{CARD}-title")).to_contain_text(name)
    expect(page.locator("#app-vintage")).to_have_text("")
    # a tampered vintage: a notice on the page, no error
    page.goto(url.replace("stand=", "stand=x"))
    wait_until_rendered(page)
    expect(page.locator("#app-vintage")).to_contain_text("onleesbaar of onbekend")
    assert not page.locator("text=Traceback").count()
    assert not watch.problems(), watch.problems()
    page.close()


def test_brx003_chart_svg_download_is_the_drawn_figure_with_its_source_line(
    live_server, chromium_context
):
    page, watch = open_page(chromium_context, live_server + PATH)
    title = page.locator(f"#{CARD}-title").inner_text()
    item = _menu(page, "SVG")
    with page.expect_download(timeout=120_000) as info:
        item.click()
    download = info.value
    assert download.suggested_filename.endswith(".svg")
    text = open(download.path(), encoding="utf-8").read()
    assert text.lstrip().startswith("<svg") or "<svg" in text[:500]
    card = page.locator(f"section[aria-labelledby='{CARD}-title']")
    source = card.locator("footer p").first.inner_text().split(",")[0]
    assert source.startswith("Bron") and source in text
    assert title.split(":")[0] in text
    assert not watch.problems(), watch.problems()
    page.close()
