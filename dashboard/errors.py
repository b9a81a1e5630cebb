"""A failure while serving becomes a notice for the user, never a traceback.

Callbacks: Dash's global ``on_error`` puts an alert into the shell's ``app-alert``
area (the outputs of the failed callback stay as they were). Other routes (the GeoJSON
layers): a short Dutch page with HTTP 503 when the cache cannot be read. Neither
names the database (host, port): the detail and the traceback go to the server log
only. An answer carrying the alert is never memoised (``callback_cache``).
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import html, set_props
from flask import Flask, Response

from data_sources.cache import CacheError

from . import callback_cache

ALERT_ID = "app-alert"
log = logging.getLogger("coronadash")

# No reason in the public text: it names the database host and port (the log has it).
UNAVAILABLE = (
    "De gegevens zijn nu niet te lezen. "
    "Probeer het over een minuut opnieuw; de beheerder is op de hoogte via het logboek."
)
UNEXPECTED = (
    "Deze weergave kon niet worden bijgewerkt door een onverwachte fout ({kind}). "
    "Laad de pagina opnieuw; de beheerder is op de hoogte via het logboek."
)


def message_for(exc: BaseException) -> str:
    if isinstance(exc, CacheError):
        return UNAVAILABLE
    return UNEXPECTED.format(kind=type(exc).__name__)


def alert_area() -> html.Div:
    """Where callback failures are shown (empty while all is well)."""
    return html.Div(id=ALERT_ID, **{"aria-live": "assertive"})


def callback_error(exc: Exception) -> None:
    """Dash ``on_error``: log the traceback, show one line; outputs stay unchanged."""
    log.error("callback mislukt: %s", exc, exc_info=exc)
    callback_cache.do_not_store()
    set_props(
        ALERT_ID,
        {
            "children": dbc.Alert(
                message_for(exc), color="danger", dismissable=True, className="mb-3"
            )
        },
    )


def _notice_page(message: str, status: int) -> Response:
    body = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        "<title>Coronadashboard Sociaal Domein</title></head><body>"
        f"<main><h1>Tijdelijk niet beschikbaar</h1><p>{_escape(message)}</p>"
        '<p><a href="/">Terug naar het overzicht</a></p></main></body></html>'
    )
    return Response(body, status=status, mimetype="text/html")


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def install(server: Flask) -> None:
    @server.errorhandler(CacheError)
    def _cache_unavailable(exc: CacheError):
        log.error("cache niet leesbaar: %s", exc)
        return _notice_page(message_for(exc), 503)
