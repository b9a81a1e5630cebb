"""Over: sources with table ids, licences and dates; how figures are made; the areas;
the accessibility statement. Everything here is read from the cache and catalogue."""

import dash
import pandas as pd
from dash import html

from dashboard import state, titles
from dashboard.aggregation import COVERAGE_RULE_NL as COVERAGE_RULE
from dashboard.areas import gebied_status
from dashboard.components.common import data_table, scroll_region
from dashboard.source_rows import COLUMNS as SOURCE_COLUMNS
from dashboard.source_rows import source_rows

dash.register_page(
    __name__, path="/over", title=titles.for_page("over"), order=7, nav="nav.over"
)


def _sources_table(service) -> html.Div:
    table = data_table(
        source_rows(service),
        SOURCE_COLUMNS,
        caption="Geladen tabellen met hun herkomst en de volgende verwachte publicatie",
        decimals={"rijen": 0},
    )
    return scroll_region(table, "Geladen tabellen")


def _areas_table(service) -> html.Div:
    rows = []
    for area in service.registry.gebieden():
        rows.append(
            {
                "naam": area.name,
                "gemeente": service.registry.get(area.gemeente).name
                if area.gemeente
                else "",
                "wijken": ", ".join(area.wijken) or "samenstelling onbekend",
                "status": gebied_status(area),
                "toelichting": area.meta.get("confidence_reason") or "",
            }
        )
    table = data_table(
        pd.DataFrame(rows),
        {
            "naam": "Gebied",
            "gemeente": "Gemeente",
            "wijken": "CBS-wijken (indeling 2021)",
            "status": "Zekerheid",
            "toelichting": "Toelichting",
        },
        caption=f"Samenstelling van de {len(rows)} gebieden",
    )
    return scroll_region(table, f"Samenstelling van de {len(rows)} gebieden")


def layout(**_query):
    service = state.service()
    n = len(service.registry.gebieden())
    return html.Div(
        [
            html.H1("Over dit dashboard"),
            html.P(
                "Het Coronadashboard Sociaal Domein brengt cijfers over werk en inkomen, "
                "schulden, jeugd, zorg, onderwijs, veiligheid, wonen en corona samen, met de "
                f"{n} stedelijke vernieuwingsgebieden als eigen categorie."
            ),
            html.H2("Bronnen", className="h4 mt-4"),
            _sources_table(service),
            html.P(
                "CBS-cijfers: licentie CC BY 4.0, bron: CBS. Coronacijfers: RIVM, NICE en het "
                "ministerie van VWS (coronadashboard). De ELAN-wijkprofielen zijn berekend door "
                "ELAN-DCC (LUMC) uit CBS-microdata; het zijn geen CBS-publicaties (MIT-licentie)."
            ),
            html.H2("Hoe gebiedscijfers worden berekend", className="h4 mt-4"),
            html.Ul(
                [
                    html.Li("Aantallen worden opgeteld over de wijken van een gebied."),
                    html.Li(
                        "Percentages en gemiddelden worden gewogen met hun eigen basis (inwoners, "
                        "woningen); nooit een ongewogen gemiddelde van percentages."
                    ),
                    html.Li(
                        "Ontbreekt de eigenlijke basis, dan wordt een benadering gebruikt en heet "
                        "het cijfer overal een schatting."
                    ),
                    html.Li(
                        "Ontbreekt een wijk, dan staat de dekking bij het cijfer "
                        "(bijvoorbeeld 12 van 14 wijken, 91% van de inwoners)."
                    ),
                    html.Li(COVERAGE_RULE),
                    html.Li(
                        "Gemeenten die zijn samengevoegd (bijvoorbeeld Voorne aan Zee in "
                        "2023) krijgen voor eerdere jaren de inwoners van hun voorgangers; "
                        "teller en noemer gaan zo altijd over hetzelfde gebied. Kan dat "
                        "niet (een opgedeelde gemeente), dan ontbreekt het cijfer met die "
                        "reden. Wijkcijfers van een andere wijkindeling tellen alleen mee "
                        "waar code en naam van de wijk gelijk zijn."
                    ),
                    html.Li(
                        "Cijfers die alleen per gemeente bestaan (corona, verkoopprijzen) tonen bij "
                        "een gebied het cijfer van de gemeente, met die vermelding."
                    ),
                ]
            ),
            html.H2(f"De {n} gebieden", className="h4 mt-4"),
            _areas_table(service),
            html.H2("Toegankelijkheid", className="h4 mt-4", id="toegankelijkheid"),
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
