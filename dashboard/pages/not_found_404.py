"""A 404 page that helps: where to go instead."""

import dash
from dash import html

dash.register_page(__name__, path="/404", title="Pagina niet gevonden")


def layout(**_query):
    return html.Div(
        [
            html.H1("Deze pagina bestaat niet"),
            html.P("Het adres is onbekend of verouderd. Kies een van deze pagina's:"),
            html.Ul(
                [
                    html.Li(html.A("Overzicht van de 16 gebieden", href="/")),
                    html.Li(
                        html.A("Cijfers per domein", href="/domein/werk-en-inkomen")
                    ),
                    html.Li(html.A("Corona per gemeente", href="/corona")),
                    html.Li(html.A("Data en downloads", href="/data")),
                    html.Li(html.A("Over de bronnen", href="/over")),
                ]
            ),
        ]
    )
