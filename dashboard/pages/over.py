"""Over: sources with table ids, licences and dates; how figures are made; the areas;
the accessibility statement. Everything here is read from the cache and catalogue."""

import dash
import pandas as pd
from dash import html

from dashboard import state, titles
from dashboard.aggregation import COVERAGE_RULE_NL as COVERAGE_RULE
from dashboard.areas import gebied_status
from dashboard.components.common import data_table, scroll_region
from dashboard.messages import _
from dashboard.source_rows import COLUMNS as SOURCE_COLUMNS
from dashboard.source_rows import source_rows
from dashboard.url_state import language

dash.register_page(
    __name__, path="/over", title=titles.for_page("over"), order=7, nav="nav.over"
)


def _sources_table(service, lang: str) -> html.Div:
    table = data_table(
        source_rows(service),
        SOURCE_COLUMNS,
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
                "status": gebied_status(area),
                "toelichting": area.meta.get("confidence_reason") or "",
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
    method.insert(METHOD.index("coverage") + 1, html.Li(COVERAGE_RULE))
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
            *_accessibility_statement(),
        ]
    )


# The date of the last accessibility check below: change it when the check is redone.
ACCESSIBILITY_CHECKED = "1 december 2026"
# Known exceptions: (what, why, the alternative). Keep in step with README.
ACCESSIBILITY_EXCEPTIONS = [
    (
        "De kaarten zijn niet per wijk of gemeente met het toetsenbord of een "
        "schermlezer te verkennen (WCAG 1.1.1, 2.1.1).",
        "De kaart is een tekening van Plotly; de vlakken zijn geen bedieningselementen.",
        "Onder elke kaart staat een tabel met dezelfde cijfers.",
    ),
    (
        "De cijfers onder de muisaanwijzer in grafieken zijn alleen met de muis te zien "
        "(WCAG 1.4.13, 2.1.1).",
        "Zo werkt Plotly.",
        "Elke grafiek heeft een tabel en een CSV-download met dezelfde cijfers.",
    ),
    (
        "Het gebiedsprofiel (PDF) is geen getagde PDF (WCAG 1.3.1).",
        "De gebruikte PDF-bibliotheek (fpdf2) maakt geen structuurlabels.",
        "De gebiedspagina zelf en de CSV-download bevatten dezelfde cijfers.",
    ),
    (
        "Gedownloade afbeeldingen (PNG, SVG) hebben geen tekstalternatief (WCAG 1.1.1).",
        "Een afbeeldingsbestand draagt zelf geen alt-tekst.",
        "De CSV- en Excel-download van dezelfde grafiek bevatten de cijfers.",
    ),
    (
        "Op een smal scherm (375 px) schuift de stapelingstabel zijwaarts "
        "(WCAG 1.4.10 staat dat toe voor inhoud die twee dimensies nodig heeft).",
        "Een tabel van gebieden bij indicatoren heeft beide richtingen nodig.",
        "Het schuifgebied is met het toetsenbord te bereiken.",
    ),
]


def _accessibility_statement() -> list:
    """The toegankelijkheidsverklaring after the Dutch model (digitoegankelijk.nl):
    status, known exceptions with their reason, how to report, date of the check."""
    return [
        html.H3("Toegankelijkheidsverklaring", className="h5"),
        html.P(
            [
                html.Strong("Status: C – eerste maatregelen genomen. "),
                "Dit dashboard wil voldoen aan de Webrichtlijnen: WCAG 2.1 niveau AA "
                "(EN 301 549). De status volgt het model van digitoegankelijk.nl: er is "
                "nog geen volledig onderzoek door een onafhankelijke deskundige, dus "
                "(gedeeltelijke) naleving is niet aangetoond. De uitzonderingen "
                "hieronder zijn bekend.",
            ]
        ),
        html.P(
            "Wat er is gedaan: elke grafiek heeft een tabel met dezelfde cijfers, alle "
            "bedieningselementen hebben een Nederlandse naam en werken met het "
            "toetsenbord, de focus is zichtbaar, en betekenis wordt nooit alleen met "
            "kleur gegeven."
        ),
        html.H4("Bekende uitzonderingen", className="h6"),
        html.Ul(
            [
                html.Li([what, " Reden: ", why, " Alternatief: ", alternative])
                for what, why, alternative in ACCESSIBILITY_EXCEPTIONS
            ]
        ),
        html.H4("Een probleem melden", className="h6"),
        html.P(
            "Kunt u iets niet gebruiken of lezen? Meld het bij de beheerder van deze "
            "installatie (de organisatie die dit dashboard aanbiedt). Noem de pagina, "
            "wat u probeerde te doen en welk hulpmiddel u gebruikt (bijvoorbeeld een "
            "schermlezer of vergroting). U krijgt dan de cijfers ook in een andere vorm."
        ),
        html.H4("Laatste controle", className="h6"),
        html.P(
            f"{ACCESSIBILITY_CHECKED}: automatische controle met axe-core op elke "
            "pagina, op 1280 en 375 pixels breed, en een controle of elk "
            "bedieningselement een naam heeft. Geen handmatig onderzoek door een "
            "deskundige."
        ),
    ]
