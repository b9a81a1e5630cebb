"""The words of the view models and shared cards, namespaced, in Dutch and English.

Why: the same note (a count is not compared with Nederland, the gebied is outlined)
used to be worded differently on each page. A key that does not exist raises
KeyError instead of showing the key, so a typo fails a test rather than shipping.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "area.nederland": {"nl": "Nederland", "en": "Netherlands"},
    "common.no_data": {"nl": "geen gegevens", "en": "no data"},
    "common.estimate": {"nl": "schatting", "en": "estimate"},
    "common.no_period": {
        "nl": "{title}: geen periode met gegevens",
        "en": "{title}: no period with data",
    },
    "common.yes": {"nl": "ja", "en": "yes"},
    "common.no": {"nl": "nee", "en": "no"},
    "common.value": {"nl": "Waarde", "en": "Value"},
    "common.note": {"nl": "Opmerking", "en": "Note"},
    "common.period": {"nl": "Periode", "en": "Period"},
    "map.title_wijk": {
        "nl": "{title} per wijk in {gemeente}",
        "en": "{title} per district in {gemeente}",
    },
    "map.title_gemeente": {
        "nl": "{title} per gemeente",
        "en": "{title} per municipality",
    },
    "map.outline_wijken": {
        "nl": "Omlijnd (robijnrood, dikke rand): de wijken van {area}.",
        "en": "Outlined (ruby, thick border): the districts of {area}.",
    },
    "map.outline_gemeenten": {
        "nl": "Omlijnd (robijnrood, dikke rand): de gemeenten van de {n} gebieden.",
        "en": "Outlined (ruby, thick border): the municipalities of the {n} areas.",
    },
    "map.missing": {
        "nl": "{missing} van {total} wijken zonder cijfer (grijs).",
        "en": "{missing} of {total} districts without a figure (grey).",
    },
    "map.no_wijken": {
        "nl": "Geen wijkcijfers voor {gemeente} in deze gegevensset.",
        "en": "No district figures for {gemeente} in this data set.",
    },
    "map.no_values": {"nl": "geen gegevens ({period})", "en": "no data ({period})"},
    "map.col_wijk": {"nl": "Wijk", "en": "District"},
    "map.col_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "map.col_in_gebied": {"nl": "In het gebied", "en": "In the area"},
    "map.col_has_gebied": {"nl": "Met een gebied", "en": "With an area"},
    "map.legend": {"nl": "Legenda ({unit})", "en": "Legend ({unit})"},
    "trend.to": {"nl": "t/m", "en": "to"},
    "trend.gemeente_line": {
        "nl": "{gemeente} (ook het cijfer van het gebied)",
        "en": "{gemeente} (also the area's figure)",
    },
    "trend.gemeente_only": {
        "nl": "Dit cijfer bestaat alleen op gemeenteniveau: de lijn van {gemeente} is "
        "ook het cijfer van het gebied.",
        "en": "This figure exists at municipality level only: the line of {gemeente} "
        "is also the figure of the area.",
    },
    "trend.rest_label": {
        "nl": "{gemeente} zonder het gebied",
        "en": "{gemeente} without the area",
    },
    "trend.no_rest": {
        "nl": "{gemeente} zonder het gebied: bestaat niet voor een cijfer dat alleen "
        "per gemeente bestaat",
        "en": "{gemeente} without the area: does not exist for a figure that exists "
        "per municipality only",
    },
    "trend.count": {
        "nl": "Nederland staat er niet bij: een aantal is niet te vergelijken met het "
        "landelijke aantal.",
        "en": "The Netherlands is left out: a count cannot be compared with the "
        "national count.",
    },
    "trend.not_shown": {"nl": "Niet getoond", "en": "Not shown"},
    "trend.one_period": {
        "nl": "Eén periode in deze gegevensset: de lijnen zijn als staven getoond.",
        "en": "One period in this data set: the lines are shown as bars.",
    },
    "trend.heading": {"nl": "Ontwikkeling: {title}", "en": "Trend: {title}"},
    "trend.heading_single": {
        "nl": "Vergelijking: {title}",
        "en": "Comparison: {title}",
    },
    "trend.corona_years": {"nl": "coronajaren", "en": "corona years"},
    "trend.corona_years_note": {
        "nl": "Lichtblauw vlak: de coronajaren (maart 2020 t/m 2022).",
        "en": "Light blue band: the corona years (March 2020 to 2022).",
    },
    "trend.measures_note": {
        "nl": "Stippellijnen: landelijke maatregelen (Rijksoverheid, Coronavirus "
        "tijdlijn); de lijst staat op de coronapagina.",
        "en": "Dotted lines: national measures (Rijksoverheid, Coronavirus timeline); "
        "the list is on the corona page.",
    },
    "trend.measures_error": {
        "nl": "De tijdlijn met maatregelen kon niet worden gelezen: {error}",
        "en": "The timeline of measures could not be read: {error}",
    },
    "trend.measures_show": {
        "nl": "Toon de landelijke maatregelen",
        "en": "Show the national measures",
    },
    "trend.caption": {"nl": "{title} per periode", "en": "{title} per period"},
    "domein.domains": {"nl": "Domeinen", "en": "Domains"},
    "domein.unknown": {
        "nl": "Dit domein bestaat niet. Kies een van deze domeinen:",
        "en": "This domain does not exist. Choose one of these domains:",
    },
    "domein.ranking": {"nl": "Rangorde", "en": "Ranking"},
    "domein.map": {"nl": "Kaart", "en": "Map"},
    "domein.online": {
        "nl": "Online vullen deze CBS-tabellen dit domein (niet in deze gegevensset):",
        "en": "Online, these CBS tables fill this domain (not in this data set):",
    },
    "domein.national_only": {
        "nl": "Alleen een landelijk cijfer: er is geen regionaal cijfer (gemeente, wijk "
        "of gebied) in deze gegevensset.",
        "en": "National figure only: there is no regional figure (municipality, "
        "district or area) in this data set.",
    },
    "domein.latest": {"nl": "Laatste", "en": "Latest"},
    "domein.level_gemeente": {"nl": "Alle gemeenten", "en": "All municipalities"},
    "domein.level_wijk": {
        "nl": "Wijken van de gemeente",
        "en": "Districts of the municipality",
    },
    "domein.secondary": {"nl": "secundaire bron", "en": "secondary source"},
    "ranking.title": {"nl": "Rangorde: {title}", "en": "Ranking: {title}"},
    "ranking.gemeente_figure": {
        "nl": "Een gebied heeft hier het cijfer van zijn gemeente (alleen op "
        "gemeenteniveau); gebieden in dezelfde gemeente delen dat cijfer.",
        "en": "An area shows its municipality's figure here (municipality level "
        "only); areas in the same municipality share it.",
    },
    "ranking.absent": {
        "nl": "Geen cijfer voor {n} gebieden: {names}.",
        "en": "No figure for {n} areas: {names}.",
    },
    "ranking.reference": {"nl": "ter vergelijking", "en": "for reference"},
    "ranking.top": {
        "nl": "De {top} hoogste van {n} en het gekozen gebied; alle in de tabel.",
        "en": "The {top} highest of {n} and the chosen area; all in the table.",
    },
    "ranking.highlight_gebieden": {
        "nl": "Rood en vet: het gekozen gebied.",
        "en": "Red and bold: the chosen area.",
    },
    "ranking.highlight_gemeenten": {
        "nl": "Rood en vet: de gemeente van het gekozen gebied.",
        "en": "Red and bold: the municipality of the chosen area.",
    },
    "ranking.highlight_wijken": {
        "nl": "Rood en vet: de wijken van het gekozen gebied.",
        "en": "Red and bold: the districts of the chosen area.",
    },
    "ranking.rank": {"nl": "Plaats", "en": "Rank"},
    "ranking.area": {"nl": "Gebied", "en": "Area"},
    "ranking.choice_gebieden": {"nl": "De {n} gebieden", "en": "The {n} areas"},
    "ranking.choice_gemeenten": {"nl": "Gemeenten", "en": "Municipalities"},
    "ranking.choice_wijken": {
        "nl": "Wijken van de gemeente",
        "en": "Districts of the municipality",
    },
    "gebied.context_heading": {
        "nl": "Landelijke context",
        "en": "National context",
    },
    "gebied.context_intro": {
        "nl": "Landelijke reeksen per maand of kwartaal: er is geen cijfer per gemeente "
        "of gebied in deze gegevens. Ze laten zien wat er in heel Nederland gebeurde "
        "in de coronajaren.",
        "en": "National series per month or quarter: there is no figure per "
        "municipality or area in this data. They show what happened in the whole "
        "country in the corona years.",
    },
    "gebied.context_label": {
        "nl": "Landelijke reeks",
        "en": "National series",
    },
    "profile.estimate": {
        "nl": "¹ schatting: het gebied is gewogen met een benaderde basis (zie de bron).",
        "en": "¹ estimate: the area is weighted with an approximate base (see the source).",
    },
    "profile.gemeente": {
        "nl": "² gemeentecijfer: dit cijfer bestaat alleen voor de hele gemeente "
        "{gemeente}, niet voor het gebied.",
        "en": "² municipal figure: this figure exists for the whole municipality of "
        "{gemeente} only, not for the area.",
    },
    "profile.mark_estimate": {"nl": "¹ schatting", "en": "¹ estimate"},
    "profile.mark_gemeente": {"nl": "² gemeentecijfer", "en": "² municipal figure"},
    "profile.coverage": {
        "nl": "Dekking {title}: {coverage}.",
        "en": "Coverage {title}: {coverage}.",
    },
    "profile.own_none": {
        "nl": "Geen cijfers van {area} zelf in dit domein.",
        "en": "No figures of {area} itself in this domain.",
    },
    "kloof.heading": {
        "nl": "Coronakloof: werd het verschil groter of kleiner?",
        "en": "Corona gap: did the difference grow or shrink?",
    },
    "kloof.intro": {
        "nl": "Per indicator het verschil met Nederland (of, waar geen landelijk cijfer "
        "bestaat, met de rest van de gemeente) in {voor} en in {na}, in de eenheid van "
        "de indicator. Bij aantallen staat de groei in procenten, geen verschil.",
        "en": "Per indicator the difference with the Netherlands (or, where there is "
        "no national figure, with the rest of the municipality) in {voor} and in {na}, "
        "in the indicator's own unit. For counts the growth in percent, not a "
        "difference. The sentences are in Dutch.",
    },
    "kloof.voor": {"nl": "Vóór corona", "en": "Before corona"},
    "kloof.na": {"nl": "In de coronajaren", "en": "In the corona years"},
    "kloof.pair": {
        "nl": "Vergeleken: {voor} met {na}",
        "en": "Compared: {voor} with {na}",
    },
    "kloof.own": {
        "nl": "Cijfers van {area}",
        "en": "Figures of {area}",
    },
    "kloof.gemeente_block": {
        "nl": "Cijfers van de gemeente {gemeente}",
        "en": "Figures of the municipality of {gemeente}",
    },
    "kloof.gemeente_intro": {
        "nl": "Deze cijfers bestaan alleen voor de hele gemeente, niet voor het gebied.",
        "en": "These figures exist for the whole municipality only, not for the area.",
    },
    "kloof.gemeente_label": {
        "nl": "Gemeente {gemeente}",
        "en": "Municipality of {gemeente}",
    },
    "kloof.none": {
        "nl": "Voor dit gebied is de coronakloof met deze gegevens niet te berekenen.",
        "en": "The corona gap cannot be computed for this area with this data.",
    },
    "kloof.cannot": {"nl": "Niet te beantwoorden", "en": "Cannot be answered"},
    "kloof.order": {
        "nl": "de periode vóór ({voor}) moet eerder zijn dan de periode erna ({na}); "
        "getoond: 2019 en 2021",
        "en": "the period before ({voor}) must come before the period after ({na}); "
        "shown: 2019 and 2021",
    },
    "kloof.pair_empty": {
        "nl": "voor {voor} en {na} heeft geen enkele indicator cijfers; kies een ander "
        "paar (bijvoorbeeld 2019 en 2021)",
        "en": "no indicator has figures for {voor} and {na}; choose another pair "
        "(for example 2019 and 2021)",
    },
    "kloof.reason.geen_periode_voor_corona": {
        "nl": "Geen cijfer vóór 2020",
        "en": "No figure before 2020",
    },
    "kloof.reason.geen_periode_in_coronajaren": {
        "nl": "Geen cijfer uit 2020-2022",
        "en": "No figure from 2020-2022",
    },
    "kloof.reason.geen_waarden": {
        "nl": "Geen cijfer voor {voor} en {na}",
        "en": "No figure for {voor} and {na}",
    },
    "kloof.reason.geen_referentie": {
        "nl": "Geen cijfer van Nederland of de rest van de gemeente om mee te vergelijken",
        "en": "No figure of the Netherlands or the rest of the municipality to compare",
    },
    "kloof.reason.landelijk": {
        "nl": "Alleen een landelijk cijfer",
        "en": "National figure only",
    },
    "kloof.reason.geen_cijfer": {
        "nl": "Geen cijfer voor dit gebied",
        "en": "No figure for this area",
    },
    "kloof.reason.alleen_online": {
        "nl": "Niet in deze gegevens; met internettoegang haalt het dashboard ze bij CBS",
        "en": "Not in this data; with internet access the dashboard fetches them from CBS",
    },
    "kloof.sources": {"nl": "Bronnen van de coronakloof", "en": "Sources of the gap"},
}


def text(key: str, lang: str = "nl", **values) -> str:
    """The text of ``key`` in ``lang`` (Dutch when the language is unknown)."""
    entry = TEXT[key]
    return (
        entry.get(lang, entry["nl"]).format(**values)
        if values
        else entry.get(lang, entry["nl"])
    )
