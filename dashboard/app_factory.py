"""Build the Dash app from validated settings and an open cache.

Pages live in ``dashboard/pages`` (one module each, ``dash.register_page``); they
reach data only through the query service (``dashboard.state``). Geometry is served
from ``/geo/...`` once; responses are compressed; no request leaves the machine.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, dcc, html
from flask_compress import Compress

from data_sources.cache import Cache
from data_sources.settings import Settings

from . import (
    callback_cache,
    data_version,
    errors,
    expensive,
    first_view,
    hardening,
    precompressed,
    request_guard,
    security,
    state,
    vintage,
)
from .components import deferred, downloads
from .geo import geo_store, register_routes
from .messages import _
from .navigation import pages as navigation_pages
from .services import Service
from .titles import view_title
from .url_state import language, text_value, whole_number

VINTAGE_ID = "app-vintage"
SKIP_ID = "app-skip"
BRAND_ID = "app-brand"
FOOTER_ID = "app-footer"
DOCUMENT_ID = "app-document"  # {"title", "lang"} of the address, for the browser
PAGES = Path(__file__).resolve().parent / "pages"
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def navigation(pathname: str | None, search: str | None) -> list:
    lang = language(_query_value(search, "lang"))
    suffix = "?lang=en" if lang == "en" else ""
    links = []
    for page in navigation_pages():
        href, key = page.href, page.label
        current = pathname == href or (
            href != "/"
            and pathname
            and pathname.startswith(href.rsplit("/", 1)[0] + "/")
            and href.count("/") > 1
        )
        links.append(
            dbc.NavItem(
                dbc.NavLink(
                    # dbc.NavLink takes no aria-* or lang: they go on an inner span
                    html.Span(
                        _(key, lang),
                        **({"aria-current": "page"} if pathname == href else {}),
                    ),
                    href=href + suffix,
                    active=bool(current) or pathname == href,
                )
            )
        )
    other = "en" if lang == "nl" else "nl"
    toggle = _with_lang(search, other)
    links.append(
        dbc.NavItem(
            dbc.NavLink(
                html.Span(_("app.language", lang), lang=other),
                href=f"{pathname or '/'}{toggle}",
                className="ms-lg-3",
            )
        )
    )
    return links


def _query_value(search: str | None, name: str) -> str | None:
    from urllib.parse import parse_qs

    values = parse_qs((search or "").lstrip("?")).get(name)
    return values[0] if values else None


def _with_lang(search: str | None, lang: str) -> str:
    from urllib.parse import parse_qsl, urlencode

    pairs = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != "lang"]
    if lang != "nl":
        pairs.append(("lang", lang))
    return "?" + urlencode(pairs, safe=",") if pairs else ""


def vintage_notice(search: str | None):
    """The notice for ``?stand=...`` of a permalink (None when it matches the cache)."""
    lang = language(_query_value(search, "lang"))
    message = vintage.check_search(state.service(), search, lang)
    if message is None:
        return None
    return dbc.Alert(message, color="info", className="py-2 small")


def footer(lang: str) -> list:
    href = "/over" + ("?lang=en" if lang == "en" else "")
    return [_("app.footer", lang), html.A(_("app.footer_link", lang), href=href)]


def document(pathname: str | None, search: str | None) -> dict:
    """What the browser shows outside the page: the tab title and <html lang>."""
    lang = language(_query_value(search, "lang"))
    return {"title": view_title(pathname, search), "lang": lang}


def _index_for_request(interpolate):
    """Dash's first HTML in the address's language, with its tab title: the page is
    right before any script runs (a screen reader reads <html lang> first)."""
    from flask import request

    def index(**parts):
        search = request.query_string.decode("utf-8", "replace")
        shown = document(request.path, search)
        html_text = interpolate(**{**parts, "title": shown["title"]})
        return html_text.replace(
            '<html lang="nl">', f'<html lang="{shown["lang"]}">', 1
        )

    return index


def shell() -> html.Div:
    """The page frame; for a browser's layout request it holds the page the address
    asks for, in the address's language (see ``first_view``)."""
    address = first_view.requested_address()
    pathname, search = (address.pathname, address.search) if address else (None, None)
    lang = language(_query_value(search, "lang"))
    shown = document(pathname, search)
    return html.Div(
        [
            # set to the address the layout was built for: the shell's callbacks
            # then fire on a navigation only, not again on mount
            dcc.Location(
                id="app-url",
                refresh="callback-nav",
                **(address.location if address else {}),
            ),
            dcc.Store(id=DOCUMENT_ID),
            html.Div(id=DOCUMENT_ID + "-set", hidden=True),
            html.A(
                _("app.skip", lang),
                id=SKIP_ID,
                href="#inhoud",
                className="visually-hidden-focusable skip-link",
            ),
            html.Header(
                dbc.Navbar(
                    dbc.Container(
                        [
                            dbc.NavbarBrand(
                                _("app.title", lang),
                                id=BRAND_ID,
                                href="/",
                                className="fw-bold",
                            ),
                            # dbc.NavbarToggler says "Toggle navigation" and
                            # takes no label: the same Bootstrap button, in Dutch
                            html.Button(
                                html.Span(className="navbar-toggler-icon"),
                                id="app-nav-toggle",
                                type="button",
                                className="navbar-toggler",
                                n_clicks=0,
                                **{
                                    "aria-label": _("app.menu", lang),
                                    "aria-controls": "app-nav-collapse",
                                    "aria-expanded": "false",
                                },
                            ),
                            dbc.Collapse(
                                dbc.Nav(
                                    navigation(pathname, search) if address else None,
                                    id="app-nav",
                                    className="ms-auto",
                                    navbar=True,
                                ),
                                id="app-nav-collapse",
                                navbar=True,
                            ),
                        ],
                        fluid=True,
                    ),
                    color="#154273",
                    dark=True,
                    expand="lg",
                    className="mb-3",
                )
            ),
            html.Main(
                dbc.Container(
                    [
                        # a permalink whose data vintage is not the cache's says so
                        html.Div(
                            vintage_notice(search) if address else None,
                            id=VINTAGE_ID,
                            role="status",
                            **{"aria-live": "polite"},
                        ),
                        errors.alert_area(),
                        first_view.page_container(address, shown["title"]),
                    ],
                    fluid=True,
                ),
                id="inhoud",
                tabIndex="-1",
            ),
            html.Footer(
                dbc.Container(
                    html.P(footer(lang), id=FOOTER_ID, className="small text-muted"),
                    fluid=True,
                ),
                className="border-top mt-4 pt-3",
            ),
        ]
    )


def pin_callbacks(server, service: Service) -> None:
    """Every callback answer is computed on one refresh generation (old or new data,
    never a mix of the two), however many queries the view makes."""
    endpoint = next(
        rule.endpoint
        for rule in server.url_map.iter_rules()
        if rule.rule.endswith("/_dash-update-component")
    )
    dispatch = server.view_functions[endpoint]
    server.view_functions[endpoint] = functools.wraps(dispatch)(
        lambda *args, **kwargs: service.pinned(lambda: dispatch(*args, **kwargs))
    )


def create_app(
    settings: Settings, cache: Cache, warm: bool = True, precompress: bool = False
) -> Dash:
    service = Service(cache)
    state.configure(service, settings)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(PAGES),
        assets_folder=str(ASSETS),
        # Bootstrap first, then assets/app.css, so the app's rules win at equal
        # specificity (Dash would load assets/app.css before assets/vendor/).
        assets_ignore=r"^bootstrap\.min\.css$",
        external_stylesheets=["/assets/vendor/bootstrap.min.css"],
        title=_("app.title"),
        update_title=None,
        serve_locally=True,
        suppress_callback_exceptions=True,
        on_error=errors.callback_error,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"}
        ],
    )
    app.index_string = (
        app.index_string.replace("<html>", '<html lang="nl">', 1)
        # Dash wraps its scripts in an empty <footer>: a second contentinfo landmark
        .replace("<footer>", "<div>", 1)
        .replace("</footer>", "</div>", 1)
    )
    app.index_string = first_view.preload_in_head(
        app.index_string, app.config.requests_pathname_prefix
    )
    app.interpolate_index = _index_for_request(app.interpolate_index)
    app.layout = shell
    Compress(app.server)
    # before the callback cache: it must only ever see checked callback bodies
    request_guard.install(app)
    expensive.install(app.server, settings.data_dir)
    hardening.install(app, debug=settings.server.debug)
    # after Compress: its store hook must see the plain body (see callback_cache)
    callback_cache.install(
        app.server, settings.data_dir, settings.server.redis_url, service
    )
    # Brotli bodies of the static bundles, compressed once (serving only)
    bundles = precompressed.install(app.server, settings.data_dir, enabled=precompress)
    security.install(app, settings)
    errors.install(app.server)
    pin_callbacks(app.server, service)
    downloads.register(app)  # every app its own download callbacks
    deferred.register(app)
    register_routes(app.server, geo_store(service))
    data_version.register(app.server, service)
    if warm:
        # The first visitor should not pay for computing every gebied figure.
        threading.Thread(target=service.warm, name="warm-service", daemon=True).start()

    # The layout carries these outputs for its address; they run when the address
    # changes (or when the router builds the page: Location mounted empty).
    @app.callback(
        Output("app-nav", "children"),
        Input("app-url", "pathname"),
        Input("app-url", "search"),
        prevent_initial_call=True,
    )
    def _navigation(pathname, search):
        return navigation(text_value(pathname), text_value(search))

    @app.callback(
        Output(SKIP_ID, "children"),
        Output(BRAND_ID, "children"),
        Output("app-nav-toggle", "aria-label"),
        Output(FOOTER_ID, "children"),
        Input("app-url", "search"),
        prevent_initial_call=True,
    )
    def _shell_words(search):
        lang = language(_query_value(text_value(search), "lang"))
        return (
            _("app.skip", lang),
            _("app.title", lang),
            _("app.menu", lang),
            footer(lang),
        )

    # after Dash's router (its store): the router sets a title of the path alone
    @app.callback(
        Output(DOCUMENT_ID, "data"),
        Input("app-url", "pathname"),
        Input("app-url", "search"),
        Input("_pages_store", "data"),
        prevent_initial_call=True,
    )
    def _document(pathname, search, _routed):
        return document(text_value(pathname), text_value(search))

    app.clientside_callback(
        """function(shown) {
            if (shown) {
                document.title = shown.title;
                document.documentElement.lang = shown.lang;
            }
            return "";
        }""",
        Output(DOCUMENT_ID + "-set", "children"),
        Input(DOCUMENT_ID, "data"),
    )

    @app.callback(
        Output(VINTAGE_ID, "children"),
        Input("app-url", "search"),
        prevent_initial_call=True,
    )
    def _vintage(search):
        return vintage_notice(text_value(search))

    @app.callback(
        Output("app-nav-collapse", "is_open"),
        Output("app-nav-toggle", "aria-expanded"),
        Input("app-nav-toggle", "n_clicks"),
        prevent_initial_call=True,
    )
    def _toggle(n_clicks):
        n_clicks = whole_number(n_clicks, 0)
        is_open = bool(n_clicks and n_clicks % 2)
        return is_open, "true" if is_open else "false"

    # last: its warm-up request ends the app's setup
    precompressed.start(bundles)
    return app
