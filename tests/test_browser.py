"""Browser tests: the pages as a user gets them, in headless Debian Chromium.

Every page loads with an h1 and ``<html lang="nl">``, without console errors, and
without a single request leaving the machine; choosing a gebied changes the numbers;
a copied URL restores the view; bad URL values give a notice, not a broken page; the
keyboard reaches the skip link, the navigation and the first filter in that order.
Pages whose module is not in dashboard/pages yet are not visited (browser_pages.PAGES).
"""

from __future__ import annotations

import re

import pytest
from browser_pages import open_page, page_exists, page_params, wait_until_rendered
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
# A page's first visit computes its figures (cold memo): allow for that in assertions.
expect.set_options(timeout=60_000)


@pytest.mark.parametrize("path", page_params("brw001"))
def test_brw001_every_page_loads_without_console_errors(rendered_page, path):
    page, watch = rendered_page(path)
    assert page.locator("html").get_attribute("lang") == "nl"
    headings = page.locator("h1")
    assert headings.count() == 1, "precies één h1 per pagina"
    assert headings.first.inner_text().strip()
    assert page.title().strip()
    assert page.locator("#app-nav a").count() >= 7, "navigatie ontbreekt"
    assert not page.locator("text=Traceback").count()
    assert watch.requests, "no requests recorded"
    assert not watch.problems(), watch.problems()


def test_brw002_unknown_path_shows_the_404_page_with_links(
    live_server, chromium_context
):
    page, watch = open_page(chromium_context, live_server + "/bestaat/echt/niet")
    assert "bestaat niet" in page.locator("h1").inner_text()
    assert page.locator("#inhoud a[href='/']").count() == 1
    assert not watch.problems(), watch.problems()
    page.close()


def test_brw003_tab_reaches_skip_link_then_navigation(live_server, chromium_context):
    page, watch = open_page(chromium_context, live_server + "/over")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#inhoud"
    assert "skip-link" in page.evaluate("document.activeElement.className")
    assert page.evaluate("document.activeElement.innerText") == "Naar de inhoud"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('header')")
    hrefs = []
    for _ in range(12):
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('#app-nav')"):
            break
        hrefs.append(page.evaluate("document.activeElement.getAttribute('href')"))
    assert hrefs[:3] == ["/", "/domein/werk-en-inkomen", "/gebied/den-haag-zuidwest"]
    # The skip link moves the focus to the main content.
    page.keyboard.press("Shift+Tab")
    page.goto(live_server + "/over", wait_until="networkidle")
    wait_until_rendered(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    assert not watch.problems(), watch.problems()
    page.close()


# ---------------------------------------------------------------- interactions

NUMBER = re.compile(r"[-+]?\d[\d.]*(?:,\d+)?")


def numbers(text: str) -> list[str]:
    """The Dutch-formatted numbers in a text, in order ("1.234,5", "53", "-2")."""
    return NUMBER.findall(text or "")


def card_table(page, card_id: str):
    """The table alternative of a chart_card (section with heading <card>-title)."""
    return page.locator(f"section:has(#{card_id}-title) table").first


def choose(page, dropdown_id: str, option_text: str | None = None) -> str:
    """Pick an option of a dcc.Dropdown the way a user does; returns its text.
    Without option_text: the first option that is not selected yet."""
    page.locator(f"#{dropdown_id}").click()
    options = page.locator("[role=option]")
    search = page.locator(".dash-dropdown-content input.dash-dropdown-search")
    if option_text is not None and search.count():
        search.fill(option_text)  # long lists are virtualised: search, as a user would
    if option_text is None:
        option = page.locator("[role=option][aria-selected=false]").first
    else:
        option = options.filter(has_text=option_text).first
    text = option.inner_text().strip()
    option.click()
    page.keyboard.press("Escape")  # a multi-select stays open
    return text


def control_values(page, ids: list[str]) -> dict[str, str]:
    """What each filter shows: a dropdown's displayed value, a radio group's choice."""
    values = {}
    for control_id in ids:
        element = page.locator(f"#{control_id}")
        if element.evaluate("e => e.classList.contains('dash-dropdown')"):
            values[control_id] = page.locator(f"#{control_id}-value").inner_text()
        else:
            checked = element.locator("input:checked")
            values[control_id] = ",".join(
                checked.nth(i).get_attribute("value") for i in range(checked.count())
            )
    return values


def needs(*modules: str):
    missing = [m for m in modules if not page_exists(m)]
    return pytest.mark.skipif(
        bool(missing), reason=f"pagina nog niet aanwezig: {', '.join(missing)}"
    )


@needs("domein")
def test_brw004_choosing_a_gebied_changes_the_numbers_on_the_domain_page(
    live_server, chromium_context
):
    page, watch = open_page(
        chromium_context,
        live_server + "/domein/werk-en-inkomen?gebied=den-haag-zuidwest",
    )
    figure = page.locator("#domein-kerncijfer-gebied")
    table = card_table(page, "domein-trend")
    before_figure, before_table = figure.inner_text(), table.text_content()
    assert "Den Haag Zuidwest" in before_table
    assert numbers(before_figure) and numbers(before_table)

    choose(page, "domein-gebied", "Arnhem Oost")
    expect(page).to_have_url(re.compile(r"[?&]gebied=arnhem-oost(&|$)"))
    expect(table).to_contain_text("Arnhem Oost")
    wait_until_rendered(page)
    after_table = card_table(page, "domein-trend").text_content()
    assert "Den Haag Zuidwest" not in after_table
    assert numbers(after_table) != numbers(before_table)
    assert numbers(figure.inner_text()) != numbers(before_figure)
    assert not watch.problems(), watch.problems()
    page.close()


@needs("gebied")
def test_brw005_choosing_another_gebied_opens_its_profile(
    live_server, chromium_context
):
    page, watch = open_page(chromium_context, live_server + "/gebied/den-haag-zuidwest")
    figures = page.locator("#gebied-kerncijfers")
    before = figures.inner_text()
    assert "Den Haag Zuidwest" in page.locator("h1").inner_text()

    choose(page, "gebied-kies", "Arnhem Oost")
    expect(page).to_have_url(re.compile(r"/gebied/arnhem-oost(\?|$)"))
    expect(page.locator("h1")).to_contain_text("Arnhem Oost")
    wait_until_rendered(page)
    after = page.locator("#gebied-kerncijfers").inner_text()
    assert numbers(after) != numbers(before)
    assert not watch.problems(), watch.problems()
    page.close()


# (page module, path, dropdowns to change, controls to compare, element with a number)
RESTORE_CASES = [
    (
        "domein",
        "/domein/werk-en-inkomen",
        [
            ("domein-indicator", "Personen met een laag inkomen"),
            ("domein-gebied", "Arnhem Oost"),
        ],
        [
            "domein-indicator",
            "domein-gebied",
            "domein-periode",
            "domein-niveau",
            "domein-rangorde",
        ],
        "#domein-kerncijfer-gebied",
    ),
    (
        "corona",
        "/corona",
        [("corona-maat", None), ("corona-gebied", "Arnhem Oost")],
        ["corona-maat", "corona-periode", "corona-gebied"],
        "#corona-summary",
    ),
]


@pytest.mark.parametrize(
    "module, path, changes, controls, number",
    [case for case in RESTORE_CASES if page_exists(case[0])],
    ids=[case[0] for case in RESTORE_CASES if page_exists(case[0])],
)
def test_brw006_a_copied_url_restores_the_same_view(
    live_server, chromium_context, module, path, changes, controls, number
):
    page, watch = open_page(chromium_context, live_server + path)
    for dropdown_id, option in changes:
        search = page.evaluate("location.search")
        choose(page, dropdown_id, option)
        page.wait_for_function(f"() => location.search !== {search!r}")
        wait_until_rendered(page)
    copied = page.url
    assert "?" in copied, "de filters staan niet in de URL"
    shown = control_values(page, controls)
    figure = page.locator(number).inner_text()
    assert numbers(figure)

    again, watch_again = open_page(chromium_context, copied)
    assert control_values(again, controls) == shown
    assert again.locator(number).inner_text() == figure
    assert again.url == copied
    for w in (watch, watch_again):
        assert not w.problems(), w.problems()
    page.close()
    again.close()


@needs("domein")
def test_brw007_invalid_url_values_give_a_notice_and_the_page_still_works(
    live_server, chromium_context
):
    page, watch = open_page(
        chromium_context,
        live_server + "/domein/wonen?indicator=bestaat-niet&gebied=../../etc",
    )
    notice = page.locator("#domein-notices")
    expect(notice).to_contain_text("bestaat-niet")
    expect(notice).to_contain_text("../../etc")
    assert page.locator("h1").inner_text().strip() == "Wonen"
    assert not page.locator("text=Traceback").count()
    # Still usable: another gebied updates the URL and the figures.
    choose(page, "domein-gebied", "Arnhem Oost")
    expect(page).to_have_url(re.compile(r"[?&]gebied=arnhem-oost(&|$)"))
    wait_until_rendered(page)
    assert "etc" not in page.url
    assert numbers(page.locator("#domein-kerncijfer-gebied").inner_text())
    assert not watch.problems(), watch.problems()
    page.close()


@needs("domein")
def test_brw008_unknown_domain_says_so_with_links(live_server, chromium_context):
    page, watch = open_page(chromium_context, live_server + "/domein/bestaat-niet")
    expect(page.locator("#domein-onbekend")).to_be_visible()
    assert page.locator("#inhoud a[href^='/domein/']").count() >= 3
    assert not watch.problems(), watch.problems()
    page.close()


@needs("domein")
def test_brw009_tab_order_skip_link_navigation_first_filter(
    live_server, chromium_context
):
    page, watch = open_page(chromium_context, live_server + "/domein/werk-en-inkomen")
    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('header')")
    # Then the links in the page header (other domains), then the first filter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(
            "!!document.activeElement.closest('#inhoud')"
            " && document.activeElement.matches('input, select, textarea, button')"
        ):
            break
    # The dropdown's focus proxy hands the focus to the dropdown button itself.
    assert page.evaluate("document.activeElement.id") == "domein-indicator"
    page.keyboard.press("Enter")
    expect(page.locator("[role=option]").first).to_be_visible()
    page.keyboard.press("Escape")
    assert not watch.problems(), watch.problems()
    page.close()


@pytest.fixture(scope="module")
def phone(chromium):
    """A 375 px wide browser context (an iPhone SE/mini portrait)."""
    from fixtures_app import new_context

    context = new_context(chromium, width=375, height=800)
    context.set_default_timeout(60_000)
    context.set_default_navigation_timeout(90_000)
    yield context
    context.close()


@pytest.mark.parametrize("path", page_params("brw010"))
def test_brw010_no_page_scrolls_sideways_at_375_px(live_server, phone, path):
    """Wide tables and charts scroll inside their own region, never the whole page."""
    page, watch = open_page(phone, live_server + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 375:
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.right > 376
                    && e.parentElement.getBoundingClientRect().right <= 376;
            }).slice(0, 5).map(e => e.tagName + '.' + e.className)"""
        )
        pytest.fail(f"pagina is {width} px breed; te breed: {culprits}")
    assert not watch.problems(), watch.problems()
    page.close()


# (page module, path, dropdowns to change one after the other, controls to compare)
HISTORY_CASES = [
    (
        "data",
        "/data",
        [("data-indicator", None), ("data-gebied", "Arnhem Oost")],
        ["data-indicator", "data-gebied"],
    ),
    (
        "vergelijken",
        "/vergelijken",
        [("vergelijken-gebieden", "Arnhem Oost"), ("vergelijken-indicatoren", None)],
        ["vergelijken-gebieden", "vergelijken-indicatoren"],
    ),
    (
        "domein",
        "/domein/werk-en-inkomen",
        [("domein-gebied", "Arnhem Oost"), ("domein-gebied", "Utrecht Overvecht")],
        ["domein-indicator", "domein-gebied"],
    ),
    (
        "gebied",
        "/gebied/den-haag-zuidwest",
        [("gebied-kaart-indicator", None), ("gebied-trend-indicator", None)],
        ["gebied-kaart-indicator", "gebied-trend-indicator"],
    ),
    (
        "overzicht",
        "/?sorteer=naam",
        [("overzicht-gebied", "Arnhem Oost"), ("overzicht-gebied", "Utrecht")],
        ["overzicht-gebied"],
    ),
    (
        "corona",
        "/corona",
        [("corona-golf", "2e golf"), ("corona-gebied", "Arnhem Oost")],
        ["corona-maat", "corona-golf", "corona-periode", "corona-gebied"],
    ),
]


def wait_for_controls(page, controls: list[str], expected: dict, seconds: float = 15):
    """The filters show ``expected`` (callbacks after Back take a moment)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        wait_until_rendered(page)
        shown = control_values(page, controls)
        if shown == expected or time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(200)


@pytest.mark.parametrize(
    "module, path, changes, controls",
    [case for case in HISTORY_CASES if page_exists(case[0])],
    ids=[case[0] for case in HISTORY_CASES if page_exists(case[0])],
)
def test_brw011_back_and_forward_set_the_filters_of_that_address(
    live_server, chromium_context, module, path, changes, controls
):
    page, watch = open_page(chromium_context, live_server + path)
    states = [(page.url, control_values(page, controls))]
    for dropdown_id, option in changes:
        search = page.evaluate("location.search")
        choose(page, dropdown_id, option)
        page.wait_for_function(f"() => location.search !== {search!r}")
        wait_until_rendered(page)
        states.append((page.url, control_values(page, controls)))
    assert len({url for url, _ in states}) == len(states), states
    for url, values in reversed(states[:-1]):
        page.go_back()
        page.wait_for_function(f"() => location.href === {url!r}")
        assert wait_for_controls(page, controls, values) == values, url
    url, values = states[1]
    page.go_forward()
    page.wait_for_function(f"() => location.href === {url!r}")
    assert wait_for_controls(page, controls, values) == values
    assert page.url == url  # following the address wrote no new entry
    assert not watch.problems(), watch.problems()
    page.close()
