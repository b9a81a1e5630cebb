"""A 404 page that helps: where to go instead."""

import dash
from dash import html

from dashboard.i18n import t
from dashboard.navigation import pages

dash.register_page(__name__, path="/404", title="Pagina niet gevonden")


def layout(**_query):
    return html.Div(
        [
            html.H1("Deze pagina bestaat niet"),
            html.P("Het adres is onbekend of verouderd. Kies een van deze pagina's:"),
            html.Ul([html.Li(html.A(t(p.label), href=p.href)) for p in pages()]),
        ]
    )
