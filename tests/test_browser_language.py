"""Browser: the tab title and <html lang> follow the address, also after a navigation
that does not reload the page (Dash's router sets a title of the path alone first)."""

from __future__ import annotations

import pytest
from browser_pages import open_page, wait_until_rendered
from playwright.sync_api import expect

from dashboard import messages, titles

pytestmark = pytest.mark.browser
expect.set_options(timeout=60_000)


def test_brl001_title_and_lang_follow_language_and_view(live_server, chromium_context):
    address = "/domein/werk-en-inkomen?gebied=utrecht-overvecht"
    english = titles.view_title(
        "/domein/werk-en-inkomen", "?gebied=utrecht-overvecht&lang=en"
    )
    dutch = titles.view_title("/domein/werk-en-inkomen", "?gebied=utrecht-overvecht")
    # not the default gebied: the router's own title (path only) would be another
    assert len({english, dutch, titles.view_title("/domein/werk-en-inkomen", "")}) == 3
    page, watch = open_page(chromium_context, f"{live_server}{address}&lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page).to_have_title(english)
    expect(page.locator("#app-skip")).to_have_text(messages.gettext("app.skip", "en"))
    # the language link navigates inside the app: no new document
    page.locator("#app-nav a", has_text=messages.gettext("app.language", "en")).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_title(dutch)
    expect(page.locator("#app-skip")).to_have_text(messages.gettext("app.skip", "nl"))
    # another page through the navigation: its own title, not the router's
    page.locator("#app-nav a[href='/data']").click()
    wait_until_rendered(page)
    expect(page).to_have_title(titles.view_title("/data", ""))
    assert not watch.problems(), watch.problems()
    page.close()
