"""The plotly modebar as a user meets it: no cloud button, Dutch titles spelled right.

plotly.js offers "Share chart..." (a POST of the chart to plotly's cloud) and its own
PNG button; downloads go through the card's Download menu instead, and nothing may
offer to send data off the machine. Checked in the drawn DOM of a page with a map
and a trend, not in the config alone.
"""

from __future__ import annotations

import pytest
from browser_pages import open_page

from dashboard.theme import MODEBAR_NL

pytestmark = pytest.mark.browser

CLOUD_WORDS = ("Share", "Cloud", "Chart Studio", "Edit in", "Dowload")


@pytest.mark.parametrize("path", ["/domein/werk-en-inkomen", "/corona"])
def test_brw_modebar_has_no_cloud_button_and_dutch_titles(
    live_server, chromium_context, path
):
    page, watch = open_page(chromium_context, live_server + path)
    graphs = page.locator(".js-plotly-plot")
    assert graphs.count() >= 1
    graphs.first.hover()  # the modebar is drawn on hover
    page.wait_for_selector(".modebar-btn", state="attached")
    titles = page.eval_on_selector_all(
        ".modebar-btn", "els => els.map(e => e.getAttribute('data-title'))"
    )
    assert titles, "geen modebar-knoppen gevonden"
    page_text = page.evaluate("document.body.innerHTML")
    for word in CLOUD_WORDS:
        assert word not in page_text, word
    allowed = set(MODEBAR_NL.values())
    assert set(titles) <= allowed, set(titles) - allowed
    assert not page.locator(
        "[data-val='toImage'], [data-attr='sendChartToCloud']"
    ).count()
    assert not watch.problems(), watch.problems()
    page.close()
