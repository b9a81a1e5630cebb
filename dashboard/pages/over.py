"""Over: sources with table ids, licences and dates; how figures are made; the areas;
the accessibility statement. Everything here is read from the cache and catalogue."""

import dash
import pandas as pd
from dash import html

from dashboard import state
from dashboard.areas import gebied_status
from dashboard.components.common import data_table, scroll_region
from dashboard.formatting import format_date
from dashboard.periods_text import period_range

dash.register_page(__name__, path="/over", title="Over dit dashboard", order=7)


def _sources_table(service) -> html.Div:
    frame = service.sources()
    frame = frame.assign(
        perioden=[
            period_range(a, b)
            for a, b in zip(frame["periods_from"], frame["periods_to"])
        ],
        gewijzigd=frame["cbs_modified"].map(format_date),
        opgehaald=frame["fetched_at"].map(lambda v: format_date(str(v))),
        herkomst=frame["origin"].map({"snapshot": "momentopname", "live": "live"}),
        rijen=frame["row_count"].astype(float),
    )
    table = data_table(
        frame,
        {
            "table_id": "Tabel",
            "title": "Titel",
            "perioden": "Perioden",
            "gewijzigd": "Gewijzigd door bron",
            "opgehaald": "Opgehaald",
            "herkomst": "Herkomst",
            "licence": "Licentie",
            "rijen": "Rijen",
        },
        caption="Geladen tabellen met hun herkomst",
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
                    html.Li(
                        "Cijfers die alleen per gemeente bestaan (corona, verkoopprijzen) tonen bij "
                        "een gebied het cijfer van de gemeente, met die vermelding."
                    ),
                ]
            ),
            html.H2(f"De {n} gebieden", className="h4 mt-4"),
            _areas_table(service),
            html.H2("Toegankelijkheid", className="h4 mt-4", id="toegankelijkheid"),
            html.P(
                "Elke grafiek heeft een tabel met dezelfde cijfers, alle bedieningselementen "
                "hebben een label en zijn met het toetsenbord te gebruiken, en betekenis wordt "
                "nooit alleen met kleur gegeven. Problemen melden kan via de beheerder van deze "
                "installatie."
            ),
        ]
    )
