"""The page as a phone, a keyboard and a printer meet it (Debian Chromium).

At 375 px no card is wider than the screen and every Download button stays inside
its card; the navbar's toggler and every aria-label are Dutch; focus on the dark
navbar is a light ring; printed (A4, print media) a gebied page has no Download
menus and no chart wider than the paper; the heatmap's column labels are drawn
inside the chart and do not overlap.
"""

from __future__ import annotations

import re

import pytest
from browser_pages import page_params

pytestmark = pytest.mark.browser

PHONE = 375
# English words that Bootstrap, Dash or Plotly put in labels by default
ENGLISH = re.compile(
    r"\b(toggle|navigation|close|search|select|clear|remove|next|previous|show|hide|"
    r"the|and|open|download plot|zoom in|zoom out|reset)\b",
    re.IGNORECASE,
)

ENGLISH_LABELS = {"Map", "Chart", "Graph", "Legend", "Menu"}


@pytest.mark.parametrize("path", page_params("lay001"))
def test_lay001_at_375_px_cards_and_download_buttons_stay_on_the_screen(
    rendered_page, path
):
    page, _ = rendered_page(path, PHONE)
    problems = page.evaluate(
        """(width) => {
            const out = [];
            if (document.documentElement.scrollWidth > width) {
                out.push('pagina ' + document.documentElement.scrollWidth + ' px breed');
            }
            for (const card of document.querySelectorAll('.card')) {
                const box = card.getBoundingClientRect();
                if (box.width && (box.left < -0.5 || box.right > width + 0.5)) {
                    out.push((card.id || card.className) + ': ' + box.left + '..' + box.right);
                }
                for (const menu of card.querySelectorAll('.chart-export .dropdown-toggle')) {
                    const m = menu.getBoundingClientRect();
                    if (m.left < box.left - 0.5 || m.right > box.right + 0.5) {
                        out.push('Download buiten ' + (card.id || 'kaart') + ': '
                                 + m.left + '..' + m.right + ' in ' + box.left + '..' + box.right);
                    }
                }
            }
            return out;
        }""",
        PHONE,
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", page_params("lay002"))
def test_lay002_every_aria_label_is_dutch(rendered_page, path):
    page, _ = rendered_page(path, PHONE)  # the toggler is shown on a phone
    toggler = page.locator("#app-nav-toggle")
    assert toggler.is_visible()
    assert toggler.get_attribute("aria-label") == "Menu openen of sluiten"
    labels = page.eval_on_selector_all(
        "[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    english = [
        label
        for label in labels
        if ENGLISH.search(label or "") or label in ENGLISH_LABELS
    ]
    assert labels and not english, english


def test_lay003_the_toggler_opens_the_menu_and_says_so(rendered_page):
    page, _ = rendered_page("/over", PHONE)
    toggler = page.locator("#app-nav-toggle")
    assert toggler.get_attribute("aria-expanded") == "false"
    toggler.click()
    page.wait_for_function(
        "() => document.getElementById('app-nav-toggle')"
        ".getAttribute('aria-expanded') === 'true'"
    )
    page.wait_for_selector("#app-nav-collapse.show")
    toggler.click()
    page.wait_for_function(
        "() => document.getElementById('app-nav-toggle')"
        ".getAttribute('aria-expanded') === 'false'"
    )


def _luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    lin = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)
    ]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_lay004_focus_on_the_dark_navbar_is_a_light_ring(rendered_page):
    page, _ = rendered_page("/over")
    page.focus("body")
    seen = 0
    for _ in range(8):  # skip link, brand, then the nav links
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => {
                const e = document.activeElement;
                if (!e.closest('.navbar')) return null;
                const s = getComputedStyle(e);
                return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                        colour: s.outlineColor};
            }"""
        )
        if style is None:
            continue
        seen += 1
        assert style["outline"] != "none" and style["width"] >= 2, style
        # the ring against lintblauw #154273: at least 3:1 (WCAG 1.4.11)
        navbar = _luminance("rgb(21, 66, 115)")
        ring = _luminance(style["colour"])
        assert (ring + 0.05) / (navbar + 0.05) >= 3, style
    assert seen >= 3


def test_lay005_a_printed_gebied_page_has_no_menus_and_fits_a4(rendered_page):
    """Chromium prints without a resize event: print media alone (the window stays
    1280 px wide) must hide the menus and redraw every chart at A4 width."""
    page, _ = rendered_page("/gebied/rotterdam-zuid", 1280)
    a4_px = 180 / 25.4 * 96  # 180 mm of paper between 15 mm margins, at 96 dpi
    page.emulate_media(media="print")
    try:
        page.wait_for_function(
            """(a4) => [...document.querySelectorAll('.js-plotly-plot .main-svg')]
                .every(e => e.getBoundingClientRect().width <= a4 + 1)""",
            arg=a4_px,
            timeout=10_000,
        )
        menus = page.evaluate(
            """() => [...document.querySelectorAll('.chart-export, .btn')]
                .filter(e => e.getClientRects().length).length"""
        )
    finally:
        page.emulate_media(media="screen")
    assert menus == 0
    # and back on screen the charts take their card's width again
    page.wait_for_function(
        """(a4) => [...document.querySelectorAll('.js-plotly-plot .main-svg')]
            .some(e => e.getBoundingClientRect().width > a4 + 1)""",
        arg=a4_px,
        timeout=10_000,
    )


@pytest.mark.parametrize("width", [1280, PHONE])
def test_lay006_heatmap_column_labels_inside_the_chart_and_apart(rendered_page, width):
    page, _ = rendered_page("/", width)
    boxes = page.evaluate(
        """() => {
            const gd = document.querySelector('#overzicht-stapeling-graph .js-plotly-plot')
                || document.querySelector('#overzicht-stapeling-graph');
            const svg = gd.querySelector('.main-svg').getBoundingClientRect();
            const labels = [...gd.querySelectorAll('.xtick text')].map(t => {
                const b = t.getBoundingClientRect();
                return {l: b.left, r: b.right, t: b.top, b: b.bottom};
            });
            return {svg: {l: svg.left, r: svg.right, t: svg.top, b: svg.bottom}, labels};
        }"""
    )
    svg, labels = boxes["svg"], boxes["labels"]
    assert len(labels) >= 2
    for box in labels:
        assert svg["l"] - 0.5 <= box["l"] and box["r"] <= svg["r"] + 0.5, (box, svg)
        assert box["b"] <= svg["b"] + 0.5, (box, svg)
    ordered = sorted(labels, key=lambda b: b["l"])
    for left, right in zip(ordered, ordered[1:]):
        assert left["r"] <= right["l"] + 0.5, (left, right)


@pytest.mark.parametrize("width", [1280, PHONE])
def test_lay009_every_heatmap_row_is_named_and_the_names_do_not_overlap(
    rendered_page, width
):
    # At 1280 px Plotly named only every other gebied (8 of 16): the column labels
    # took the height the rows needed, and automatic ticks thinned the names out.
    page, _ = rendered_page("/", width)
    found = page.evaluate(
        """() => {
            const gd = document.querySelector('#overzicht-stapeling-graph .js-plotly-plot')
                || document.querySelector('#overzicht-stapeling-graph');
            const names = [...gd.querySelectorAll('.ytick text')]
                .filter(t => t.textContent.trim())
                .map(t => { const b = t.getBoundingClientRect();
                            return {name: t.textContent, t: b.top, b: b.bottom}; });
            return {names, rows: gd.data[0].y.length};
        }"""
    )
    names, rows = found["names"], found["rows"]
    assert rows >= 2 and len(names) == rows, (rows, [n["name"] for n in names])
    ordered = sorted(names, key=lambda n: n["t"])
    for upper, lower in zip(ordered, ordered[1:]):
        assert upper["b"] <= lower["t"] + 0.5, (upper, lower)


@pytest.mark.parametrize("width,shown", [(PHONE, False), (1280, True)])
def test_lay007_measure_labels_are_drawn_only_where_they_fit(
    rendered_page, width, shown
):
    # /corona draws the national measures as dotted lines with labels; at 375 px the
    # labels piled into one block, so there only the lines stay (the list names them).
    page, _ = rendered_page("/corona", width)
    labels = page.locator("#corona-reeks-graph .infolayer .annotation")
    assert labels.count() > 5  # the measures are there as annotations
    visible = [labels.nth(i).is_visible() for i in range(labels.count())]
    assert any(visible) is shown  # thinned labels are empty: 'any', not 'all'
    lines = page.locator("#corona-reeks-graph .shapelayer path")
    assert lines.count() > 5 and lines.first.is_visible()  # the lines stay


@pytest.mark.parametrize(
    "path", ["/domein/werk-en-inkomen", "/gebied/den-haag-zuidwest", "/"]
)
def test_lay008_at_375_px_no_chart_label_runs_off_its_chart(rendered_page, path):
    # A one-period trend draws bars named "'s-Gravenhage zonder het gebied": on one
    # line its tick label ran off the chart ("avenhage, ..."); wrapped, it fits.
    page, _ = rendered_page(path, PHONE)
    cut = page.evaluate(
        """() => {
            const out = [];
            for (const g of document.querySelectorAll('.js-plotly-plot')) {
                const svg = g.querySelector('.main-svg');
                if (!svg) continue;
                const box = svg.getBoundingClientRect();
                for (const t of g.querySelectorAll('svg text')) {
                    const r = t.getBoundingClientRect();
                    if (!r.width || !t.textContent.trim()) continue;
                    if (r.left < box.left - 0.5 || r.right > box.right + 0.5) {
                        out.push(((g.closest('[id]') || {}).id || 'grafiek') + ': "'
                                 + t.textContent + '" ' + r.left + '..' + r.right
                                 + ' in ' + box.left + '..' + box.right);
                    }
                }
            }
            return out;
        }"""
    )
    labels = page.locator("#domein-trend-graph .xtick text")
    if path.startswith("/domein") and labels.count():
        assert any("zonder" in t for t in labels.all_text_contents())
    assert not cut, "\n".join(cut)
