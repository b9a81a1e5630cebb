"""A page's content in the layout answer, so a first visit needs no router round trip.

Why: Dash's page router fills the page only after the browser has loaded the layout,
mounted the location component and asked the router (one more request, and the
page's whole computation behind it), so a link opened from a mail showed an empty
page first. The browser asks for ``/_dash-layout`` from the page's own address and
names it in ``Referer`` (same origin; our Referrer-Policy sends the full address only
there), so the layout can carry that page. The router's location component gets the
address's values: on mount it sees nothing changed and the router does not run again.
Without a usable Referer (another host, stripped by a proxy, a page that fails to
build) the layout holds Dash's empty container and the router fills it as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import dash
import flask
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page  # the router's own rules
from dash.development.base_component import Component

log = logging.getLogger("coronadash")

LAYOUT_PATH = "/_dash-layout"


@dataclass(frozen=True)
class Address:
    pathname: str
    search: str  # "" or "?..."
    href: str

    @property
    def key(self) -> str:
        """The layout memo's key: the whole address, host included (the layout
        carries its href; keyed on the path alone, a server reached under two
        names answered one with the other's address)."""
        return self.href

    @property
    def location(self) -> dict[str, str]:
        """A ``dcc.Location``'s props for this address: on mount it then sees no
        change, so no callback on the address fires for a page already built for
        it."""
        return {
            "pathname": self.pathname,
            "search": self.search,
            "href": self.href,
            "hash": "",
        }


def requested_address() -> Address | None:
    """The page address a layout request was made from, or None when unknown."""
    if not flask.has_request_context():
        return None
    request = flask.request
    referrer = request.headers.get("Referer")
    if not referrer or len(referrer) > 4096:
        return None
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    search = f"?{parts.query}" if parts.query else ""
    pathname = parts.path or "/"
    href = f"{parts.scheme}://{parts.netloc}{pathname}{search}"
    return Address(pathname=pathname, search=search, href=href)


def layout_request_address() -> Address | None:
    """The address of this request when it asks for the layout (the memo's key)."""
    if flask.request.method != "GET" or not flask.request.path.endswith(LAYOUT_PATH):
        return None
    return requested_address()


def _page_layout(address: Address):
    """What the router would answer for this address (its page and its values)."""
    app = dash.get_app()
    page, path_variables = _path_to_page(app.strip_relative_path(address.pathname))
    if not page:
        page = next(
            p
            for module, p in dash.page_registry.items()
            if module.split(".")[-1] == "not_found_404"
        )
    layout = page.get("layout", "")
    if callable(layout):
        query = _parse_query_string(address.search)
        layout = layout(**{**(path_variables or {}), **query})
    return layout


def pin_locations(content, address: Address):
    """The page's own ``dcc.Location`` components set to the address (those its
    layout left empty): mounted empty, each would set its props from the browser's
    address, and every callback on them (the back/forward followers) would fire on
    a page that already shows that address."""
    if isinstance(content, Component):
        for node in [content, *content._traverse()]:
            if isinstance(node, dcc.Location) and getattr(node, "href", None) is None:
                for name, value in address.location.items():
                    setattr(node, name, value)
    return content


def page_container(address: Address | None, title: str):
    """Dash's page container, with the page of ``address`` already in it."""
    if address is None:
        return dash.page_container
    try:
        content = _page_layout(address)
    except Exception:  # noqa: BLE001 - the router builds it again and shows the notice
        log.exception("eerste weergave: pagina %s niet vooraf opgebouwd", address.key)
        return dash.page_container
    return html.Div(
        [
            dcc.Location(
                id="_pages_location", refresh="callback-nav", **address.location
            ),
            html.Div(
                pin_locations(content, address),
                id="_pages_content",
                disable_n_clicks=True,
            ),
            dcc.Store(id="_pages_store", data={"title": title}),
            html.Div(id="_pages_dummy", disable_n_clicks=True),
        ]
    )


# dcc loads the code of its Graph and Dropdown only when the layout has one (an extra
# round trip after the layout); every chart page has both.
LAZY_CHUNKS = (
    "_dash-component-suites/dash/dcc/async-graph.js",
    "_dash-component-suites/dash/dcc/async-dropdown.js",
)


def preload_in_head(index_string: str, prefix: str) -> str:
    """Ask for the layout and the callback graph from the HTML head.

    Why: Dash's renderer asks for them only once every script has loaded and run,
    so on a first visit the server started computing the page a second late. Fetched
    from the head, the page is computed while the browser loads the scripts; the
    renderer's own ``fetch`` (same address, same-origin credentials) takes the
    preloaded answer instead of asking again; dcc's lazy chunks likewise.
    """
    links = "".join(
        f'<link rel="preload" href="{prefix}{name}" as="fetch" crossorigin="anonymous">'
        for name in (LAYOUT_PATH.lstrip("/"), "_dash-dependencies")
    ) + "".join(
        f'<link rel="preload" href="{prefix}{chunk}" as="script">'
        for chunk in LAZY_CHUNKS
    )
    return index_string.replace("<head>", "<head>" + links, 1)
