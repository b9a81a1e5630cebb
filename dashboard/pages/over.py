"""Over: sources with table ids, licences and dates; how figures are made; the areas;
the accessibility statement. Everything here is read from the cache and catalogue."""

import dash
import pandas as pd
from dash import html

from dashboard import state, titles
from dashboard.aggregation import coverage_rule
from dashboard.areas import gebied_status
from dashboard.components.common import data_table, scroll_region
from dashboard.messages import _
from dashboard.periods_text import period_label
from dashboard.source_rows import columns as source_columns
from dashboard.source_rows import source_rows
from dashboard.url_state import language

dash.register_page(
    __name__, path="/over", title=titles.for_page("over"), order=7, nav="nav.over"
)


def _sources_table(service, lang: str) -> html.Div:
    table = data_table(
        source_rows(service, lang),
        source_columns(lang),
        caption=_("over.sources_caption", lang),
        decimals={"rijen": 0},
        lang=lang,
    )
    return scroll_region(table, _("over.sources_region", lang))


def _areas_table(service, lang: str) -> html.Div:
    rows = []
    for area in service.registry.gebieden():
        rows.append(
            {
                "naam": area.name,
                "gemeente": service.registry.get(area.gemeente).name
                if area.gemeente
                else "",
                "wijken": ", ".join(area.wijken) or _("over.no_wijken", lang),
                "status": gebied_status(area, lang),
                "toelichting": (lang == "en" and area.meta.get("confidence_reason_en"))
                or area.meta.get("confidence_reason")
                or "",
            }
        )
    table = data_table(
        pd.DataFrame(rows),
        {key: _(f"over.col_{column}", lang) for key, column in COLUMNS.items()},
        caption=_("over.areas_caption", lang, n=len(rows)),
    )
    return scroll_region(table, _("over.areas_caption", lang, n=len(rows)))


# the areas table: its key -> message "over.col_<column>"
COLUMNS = {
    "naam": "name",
    "gemeente": "gemeente",
    "wijken": "wijken",
    "status": "status",
    "toelichting": "note",
}
# the method list, in order; the coverage rule (aggregation) stands after "coverage"
METHOD = ("counts", "weighted", "estimate", "coverage", "indeling", "gemeente")


def layout(lang=None, **_query):
    lang = language(lang)
    service = state.service()
    n = len(service.registry.gebieden())
    method = [html.Li(_(f"over.method_{item}", lang)) for item in METHOD]
    method.insert(METHOD.index("coverage") + 1, html.Li(coverage_rule(lang)))
    return html.Div(
        [
            html.H1(_("over.title", lang)),
            html.P(_("over.intro", lang, n=n)),
            html.H2(_("over.sources", lang), className="h4 mt-4"),
            _sources_table(service, lang),
            html.P(_("over.licences", lang)),
            html.H2(_("over.method", lang), className="h4 mt-4"),
            html.Ul(method),
            html.H2(_("over.areas", lang, n=n), className="h4 mt-4"),
            _areas_table(service, lang),
            html.H2(
                _("over.accessibility", lang),
                className="h4 mt-4",
                id="toegankelijkheid",
            ),
            *_accessibility_statement(lang),
        ]
    )


# The date of the last accessibility check below: change it when the check is redone.
ACCESSIBILITY_CHECKED_ON = "2026-12-01"
ACCESSIBILITY_CHECKED = period_label(ACCESSIBILITY_CHECKED_ON)  # "1 december 2026"
# Known exceptions, each with messages over.a11y.<name>.what/.why/.alternative.
# Keep in step with README.
EXCEPTIONS = ("maps", "hover", "pdf", "images", "scroll")


def accessibility_exceptions(lang: str = "nl") -> list[tuple[str, str, str]]:
    """(what, why, the alternative) of each known exception, in ``lang``."""
    return [
        tuple(_(f"over.a11y.{name}.{part}", lang) for part in PARTS)
        for name in EXCEPTIONS
    ]


PARTS = ("what", "why", "alternative")
ACCESSIBILITY_EXCEPTIONS = accessibility_exceptions()  # the Dutch words


def _accessibility_statement(lang: str = "nl") -> list:
    """The toegankelijkheidsverklaring after the Dutch model (digitoegankelijk.nl):
    status, known exceptions with their reason, how to report, date of the check."""
    reason, alternative_word = (
        _("over.a11y.reason", lang),
        _("over.a11y.alternative", lang),
    )
    checked = period_label(ACCESSIBILITY_CHECKED_ON, lang)
    return [
        html.H3(_("over.a11y.heading", lang), className="h5"),
        html.P([html.Strong(_("over.a11y.status", lang)), _("over.a11y.aim", lang)]),
        html.P(_("over.a11y.done", lang)),
        html.H4(_("over.a11y.exceptions", lang), className="h6"),
        html.Ul(
            [
                html.Li(
                    [what, f" {reason} ", why, f" {alternative_word} ", alternative]
                )
                for what, why, alternative in accessibility_exceptions(lang)
            ]
        ),
        html.H4(_("over.a11y.report", lang), className="h6"),
        html.P(_("over.a11y.report_how", lang)),
        html.H4(_("over.a11y.checked", lang), className="h6"),
        html.P(_("over.a11y.checked_how", lang, date=checked)),
    ]
