"""A 404 page that helps: where to go instead."""

import dash
from dash import html

from dashboard import titles
from dashboard.i18n import t
from dashboard.messages import _
from dashboard.navigation import pages
from dashboard.url_state import language

dash.register_page(__name__, path="/404", title=titles.for_page("not_found_404"))


def layout(lang=None, **_query):
    lang = language(lang)
    suffix = "?lang=en" if lang == "en" else ""
    return html.Div(
        [
            html.H1(_("not_found.heading", lang)),
            html.P(_("not_found.intro", lang)),
            html.Ul(
                [
                    html.Li(html.A(t(p.label, lang), href=p.href + suffix))
                    for p in pages()
                ]
            ),
        ]
    )
