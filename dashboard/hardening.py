"""Dash's own routes, answered as a production server should.

Why: Dash serves a few routes for development and trusts its bundle paths. In
production an unknown ``/_dash-component-suites/...`` path raised DependencyException
or FileNotFoundError (HTTP 500), ``/_reload-hash`` told anyone the hot-reload state,
and every unknown path answered 200 (the catch-all index; the renderer shows the 404
page, but crawlers, caches and monitors saw a success). Here:

- a bundle path Dash did not register is a 404;
- ``/_reload-hash`` exists only with hot reload (``server.debug``);
- a path no page matches gets its index with status 404 (the renderer shows
  ``pages/not_found_404``, the helpful page);
- the ``Server`` header names no versions (:class:`QuietRequestHandler` for Flask's
  own server; gunicorn says only ``gunicorn``).
"""

from __future__ import annotations

import functools
import logging

import flask
from dash import Dash
from dash.exceptions import DependencyException
from werkzeug.serving import WSGIRequestHandler

SUITES_ENDPOINT = (
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
)
RELOAD_ENDPOINT = "/_reload-hash"
CATCHALL_ENDPOINT = "/<path:path>"
SERVER_NAME = "coronadash"

log = logging.getLogger("coronadash")


class QuietRequestHandler(WSGIRequestHandler):
    """Flask's development server without its and Python's version in ``Server``."""

    def version_string(self) -> str:
        return SERVER_NAME


def _not_found() -> flask.Response:
    return flask.Response("Niet gevonden.\n", status=404, mimetype="text/plain")


def _known_bundles(view):
    @functools.wraps(view)
    def serve(package_name, fingerprinted_path):
        try:
            return view(package_name, fingerprinted_path)
        except (DependencyException, KeyError, OSError):
            # KeyError: package not imported; OSError: a registered name, no file
            log.info("onbekend bundelpad: %s/%s", package_name, fingerprinted_path)
            return _not_found()

    return serve


def _page_exists(path: str) -> bool:
    from dash._pages import _path_to_page  # the matcher Dash's router itself uses

    page, _variables = _path_to_page(path.strip("/"))
    return bool(page) and page.get("module") != "pages.not_found_404"


def install(app: Dash, debug: bool) -> None:
    """Harden the routes of ``app`` (see the module docstring)."""
    server = app.server
    views = server.view_functions
    if SUITES_ENDPOINT in views:
        views[SUITES_ENDPOINT] = _known_bundles(views[SUITES_ENDPOINT])
    if not debug and RELOAD_ENDPOINT in views:
        views[RELOAD_ENDPOINT] = _not_found

    @server.after_request
    def _unknown_page_is_404(response: flask.Response) -> flask.Response:
        request = flask.request
        if (
            request.endpoint == CATCHALL_ENDPOINT
            and response.status_code == 200
            and not _page_exists(request.path)
        ):
            response.status_code = 404
        return response
