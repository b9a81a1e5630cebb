"""Build the Dash app from validated settings and an open cache.

For now one page: what the cache holds, per table, with its source and dates, so a
user can see at once whether the data is there and how fresh it is.
"""

from __future__ import annotations

from dash import Dash, html

from data_sources.cache import Cache, CacheError
from data_sources.periods import period_label_nl
from data_sources.settings import Settings

TITLE = "Coronadashboard Sociaal Domein"


def _format_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _period_range(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    return f"{period_label_nl(first)} t/m {period_label_nl(last or first)}"


def sources_table(cache: Cache) -> html.Div:
    try:
        frame = cache.sources()
    except CacheError as exc:
        return html.Div(f"De cache kan niet worden gelezen: {exc}", role="alert")
    if not len(frame):
        return html.P("De cache is leeg. Vul hem met: coronadash refresh")
    header = html.Tr(
        [
            html.Th(name, scope="col")
            for name in (
                "Tabel",
                "Titel",
                "Rijen",
                "Perioden",
                "CBS gewijzigd",
                "Opgehaald",
                "Herkomst",
                "Licentie",
            )
        ]
    )
    rows = [
        html.Tr(
            [
                html.Td(row.table_id),
                html.Td(row.title),
                html.Td(_format_int(int(row.row_count)), className="text-end"),
                html.Td(_period_range(row.periods_from, row.periods_to)),
                html.Td((row.cbs_modified or "onbekend")[:10]),
                html.Td(str(row.fetched_at)[:16]),
                html.Td("momentopname" if row.origin == "snapshot" else "live"),
                html.Td(f"{row.licence} ({row.attribution})"),
            ]
        )
        for row in frame.itertuples()
    ]
    return html.Table(
        [html.Caption("Geladen tabellen"), html.Thead(header), html.Tbody(rows)],
        className="table table-sm",
    )


def create_app(settings: Settings, cache: Cache) -> Dash:
    app = Dash(__name__, title=TITLE, update_title=None, serve_locally=True)
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">', 1)
    app.layout = lambda: html.Main(
        [html.H1(TITLE), sources_table(cache)], className="container"
    )
    return app
