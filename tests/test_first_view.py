"""The first view in the first answer: ``/_dash-layout`` carries the page of the address
it was asked from (``Referer``), so a first visit needs no page-router round trip."""

from __future__ import annotations

import json

import pytest
from browser_pages import PAGES, wait_until_rendered

from dashboard import messages

GEBIED = "/gebied/rotterdam-zuid"


def _layout(app, referrer: str | None, host: str = "localhost"):
    headers = {"Referer": referrer} if referrer is not None else {}
    response = app.server.test_client().get(
        "/_dash-layout", headers=headers, base_url=f"http://{host}"
    )
    assert response.status_code == 200
    return response, json.loads(response.get_data(as_text=True))


def _by_id(node, wanted: str):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == wanted:
            return node
        for value in node.get("props", {}).values():
            found = _by_id(value, wanted)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _by_id(item, wanted)
            if found is not None:
                return found
    return None


def _types(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            found.append(node["type"])
        for value in node.get("props", {}).values():
            found += _types(value)
    elif isinstance(node, list):
        for item in node:
            found += _types(item)
    return found


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(_text(item) for item in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children"))
    return ""


def test_the_layout_holds_the_page_of_its_address(snapshot_app, snapshot_service):
    _, layout = _layout(snapshot_app, f"http://localhost{GEBIED}")
    content = _by_id(layout, "_pages_content")
    assert content is not None
    assert "Graph" in _types(content)  # the charts, drawn without a callback
    name = snapshot_service.registry.get("rotterdam-zuid").name
    assert name in _text(content)
    # the router's location holds the address: on mount it sees no change, so the
    # router does not run again
    location = _by_id(layout, "_pages_location")["props"]
    assert location["pathname"] == GEBIED
    assert location["search"] == "" and location["hash"] == ""
    assert location["href"] == f"http://localhost{GEBIED}"


def test_without_a_usable_referer_the_router_fills_the_page(snapshot_app):
    for referrer in (None, f"http://evil.example{GEBIED}", "not a url", "ftp://x/"):
        _, layout = _layout(snapshot_app, referrer)
        content = _by_id(layout, "_pages_content")
        assert not content["props"].get("children"), referrer
        assert "pathname" not in _by_id(layout, "_pages_location")["props"]


def test_the_first_layout_speaks_the_language_of_the_address(snapshot_app):
    _, layout = _layout(snapshot_app, "http://localhost/over?lang=en")
    assert _by_id(layout, "_pages_location")["props"]["search"] == "?lang=en"
    nav = _text(_by_id(layout, "app-nav"))
    assert messages.gettext("nav.overzicht", "en") in nav
    assert messages.gettext("over.title", "en") in _text(
        _by_id(layout, "_pages_content")
    )
    assert _text(_by_id(layout, "app-skip")) == messages.gettext("app.skip", "en")


def test_a_bad_address_gets_a_page_not_a_traceback(snapshot_app):
    for path in (
        "/bestaat/niet",
        "/gebied/nergens?periode=%3Cscript%3E",
        "/domein/werk-en-inkomen?indicator=" + "x" * 3000,
    ):
        response, layout = _layout(snapshot_app, f"http://localhost{path}")
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and "<script>" not in body
        assert _by_id(layout, "_pages_content") is not None


def test_the_layout_of_an_address_is_memoised(snapshot_app):
    first, _ = _layout(snapshot_app, "http://localhost/over?x=1")
    again, _ = _layout(snapshot_app, "http://localhost/over?x=1")
    other, _ = _layout(snapshot_app, "http://localhost/over?x=2")
    assert first.headers["X-Callback-Cache"] == "miss"
    assert again.headers["X-Callback-Cache"] == "hit"
    assert again.get_data() == first.get_data()
    assert other.headers["X-Callback-Cache"] == "miss"


def test_the_first_html_asks_for_the_layout_before_its_scripts(snapshot_app):
    html_text = snapshot_app.server.test_client().get("/").get_data(as_text=True)
    head = html_text.split("<script", 1)[0]
    for name in ("/_dash-layout", "/_dash-dependencies"):
        assert (
            f'<link rel="preload" href="{name}" as="fetch" crossorigin="anonymous">'
            in head
        )


def test_every_location_of_the_layout_holds_its_address(snapshot_app):
    """Mounted empty, a dcc.Location sets its props from the browser and fires the
    callbacks on it (the shell's words and navigation, a page's back/forward)."""
    address = f"http://localhost{GEBIED}?indicator=x"
    _, layout = _layout(snapshot_app, address)
    for location_id in ("app-url", "gebied-url", "gebied-nav", "_pages_location"):
        props = _by_id(layout, location_id)["props"]
        assert props["href"] == address, location_id
        assert (props["pathname"], props["search"]) == (GEBIED, "?indicator=x")
    # without an address the router builds the page: the shell's location is empty
    _, layout = _layout(snapshot_app, None)
    assert "href" not in _by_id(layout, "app-url")["props"]


@pytest.mark.browser
@pytest.mark.parametrize("path", [path for _, path in PAGES], ids=[n for n, _ in PAGES])
def test_a_first_visit_fires_no_callback(live_server, chromium_context, path):
    """The layout carries the page, the shell's words and its navigation for the
    address: no callback (and no page router) runs before a filter changes."""
    page = chromium_context.new_page()
    bodies: list[str] = []
    page.on(
        "request",
        lambda r: (
            bodies.append(r.post_data or "")
            if "_dash-update-component" in r.url
            else None
        ),
    )
    page.goto(live_server + path, wait_until="load")
    wait_until_rendered(page)
    assert page.locator("#inhoud h1").count() == 1
    assert bodies == []
    page.close()


def test_the_layout_memo_keeps_the_host_it_was_asked_under(snapshot_app):
    # Keyed on the path alone, the layout memoised for one host name (a browser test's
    # 127.0.0.1:port) was answered to a request under another (localhost).
    for host in ("127.0.0.1:8050", "localhost"):
        _, layout = _layout(snapshot_app, f"http://{host}{GEBIED}", host=host)
        location = _by_id(layout, "_pages_location")["props"]
        assert location["href"] == f"http://{host}{GEBIED}"
