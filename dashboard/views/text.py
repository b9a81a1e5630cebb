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
    "domein.unavailable_level": {
        "nl": "niet beschikbaar: de bron geeft deze cijfers per {level}",
        "en": "not available: the source gives these figures per {level}",
    },
    "domein.unavailable_national": {
        "nl": "niet beschikbaar: de bron geeft alleen een landelijk cijfer",
        "en": "not available: the source gives a national figure only",
    },
    "domein.per_gemeente": {"nl": "gemeente", "en": "municipality"},
    "domein.per_wijk": {"nl": "wijk", "en": "district"},
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
    "kloof.heading": {
        "nl": "Coronakloof: werd het verschil groter of kleiner?",
        "en": "Corona gap: did the difference widen or narrow?",
    },
    "kloof.intro": {
        "nl": "Per gebied en indicator het verschil met de referentie (Nederland, of "
        "de rest van de gemeente als er geen landelijk cijfer is) vóór corona en in "
        "een coronajaar, in de eenheid van de indicator. Bij een aantal is een "
        "verschil zinloos: daar staat de groei in % naast die van de referentie.",
        "en": "Per area and indicator the difference with the reference (the "
        "Netherlands, or the rest of the municipality without a national figure) "
        "before corona and in a corona year, in the indicator's unit. For a count a "
        "difference is meaningless: it shows the growth in % beside the reference's.",
    },
    "kloof.default_pairs": {
        "nl": "2019 → 2021 en 2019 → 2022 (per maand of kwartaal: het gemiddelde van "
        "2019 tegenover dat van 2020, 2021 en 2022)",
        "en": "2019 → 2021 and 2019 → 2022 (monthly or quarterly: the 2019 average "
        "against that of 2020, 2021 and 2022)",
    },
    "kloof.periods": {"nl": "Perioden: {periods}.", "en": "Periods: {periods}."},
    "kloof.sort": {"nl": "Sorteer", "en": "Sort"},
    "kloof.sort.verbreding": {
        "nl": "op verbreding (meest gegroeid boven)",
        "en": "by widening (widened most on top)",
    },
    "kloof.sort.gebied": {"nl": "op gebied", "en": "by area"},
    "kloof.sort.indicator": {"nl": "op indicator", "en": "by indicator"},
    "kloof.domain": {"nl": "Domein", "en": "Domain"},
    "kloof.all_domains": {"nl": "Alle domeinen", "en": "All domains"},
    "kloof.gebied": {"nl": "Gebied", "en": "Area"},
    "kloof.all_gebieden": {"nl": "Alle {n} gebieden", "en": "All {n} areas"},
    "kloof.before": {"nl": "Vóór (jaar)", "en": "Before (year)"},
    "kloof.after": {"nl": "Na (jaar)", "en": "After (year)"},
    "kloof.default_pair": {"nl": "standaard", "en": "default"},
    "kloof.half_pair": {
        "nl": "coronakloof: kies twee perioden (vóór en na); nu de standaardperioden",
        "en": "corona gap: choose two periods (before and after); default periods now",
    },
    "kloof.pair_order": {
        "nl": "coronakloof: {before} ligt niet vóór {after}; nu de standaardperioden",
        "en": "corona gap: {before} is not before {after}; default periods now",
    },
    "kloof.col.gebied": {"nl": "Gebied", "en": "Area"},
    "kloof.col.indicator": {"nl": "Indicator (eenheid)", "en": "Indicator (unit)"},
    "kloof.col.reference": {"nl": "Referentie", "en": "Reference"},
    "kloof.col.periods": {"nl": "Perioden", "en": "Periods"},
    "kloof.col.before": {
        "nl": "Verschil vóór (aantal: aantal vóór)",
        "en": "Gap before (count: count before)",
    },
    "kloof.col.after": {
        "nl": "Verschil na (aantal: aantal na)",
        "en": "Gap after (count: count after)",
    },
    "kloof.col.change": {
        "nl": "Verandering (aantal: groei)",
        "en": "Change (count: growth)",
    },
    "kloof.col.meaning": {"nl": "Betekenis", "en": "Meaning"},
    "kloof.caption": {
        "nl": "Coronakloof per gebied en indicator ({n} van {total} rijen)",
        "en": "Corona gap per area and indicator ({n} of {total} rows)",
    },
    "kloof.first_rows": {
        "nl": "Getoond: de eerste {n} van {total} rijen in deze volgorde; de CSV en "
        "Excel bevatten alle {total}.",
        "en": "Shown: the first {n} of {total} rows in this order; the CSV and Excel "
        "hold all {total}.",
    },
    "kloof.all_rows": {"nl": "Toon alle {total} rijen", "en": "Show all {total} rows"},
    "kloof.gemeente_level": {"nl": "gemeenteniveau", "en": "municipality level"},
    "kloof.count_marker": {"nl": "aantal: groei in %", "en": "count: growth in %"},
    "kloof.growth_cell": {
        "nl": "{growth} (in {reference} {reference_growth})",
        "en": "{growth} (in {reference} {reference_growth})",
    },
    "kloof.pp": {"nl": "procentpunt", "en": "percentage points"},
    "kloof.unknown": {"nl": "onbekend", "en": "unknown"},
    "kloof.meaning.groter": {"nl": "verschil groter", "en": "gap wider"},
    "kloof.meaning.kleiner": {"nl": "verschil kleiner", "en": "gap narrower"},
    "kloof.meaning.gelijk": {"nl": "gelijk gebleven", "en": "unchanged"},
    "kloof.meaning.omgekeerd": {"nl": "omgekeerd", "en": "reversed"},
    "kloof.meaning.faster": {
        "nl": "groeide sneller dan de referentie",
        "en": "grew faster than the reference",
    },
    "kloof.meaning.slower": {
        "nl": "groeide langzamer dan de referentie",
        "en": "grew slower than the reference",
    },
    "kloof.meaning.same_growth": {
        "nl": "groeide even snel als de referentie",
        "en": "grew as fast as the reference",
    },
    "kloof.none": {
        "nl": "Voor deze keuze is de coronakloof nergens te berekenen.",
        "en": "For this choice the corona gap cannot be computed anywhere.",
    },
    "kloof.not_heading": {
        "nl": "Niet te beantwoorden, per reden",
        "en": "Cannot be answered, by reason",
    },
    "kloof.the_gebieden": {"nl": "de gebieden", "en": "the areas"},
    "kloof.n_gebieden": {"nl": "{n} gebieden", "en": "{n} areas"},
    "kloof.concerns": {"nl": "(geldt voor {who})", "en": "(applies to {who})"},
    "kloof.reason.alleen_online": {
        "nl": "Alleen online: de tabel zit niet in deze gegevens",
        "en": "Online only: the table is not in this data set",
    },
    "kloof.reason.geen_cijfer": {
        "nl": "Geen cijfer voor het gebied of zijn gemeente",
        "en": "No figure for the area or its municipality",
    },
    "kloof.reason.geen_periode_voor_corona": {
        "nl": "Geen cijfer van vóór corona (2019)",
        "en": "No figure from before corona (2019)",
    },
    "kloof.reason.geen_periode_in_coronajaren": {
        "nl": "Geen cijfer uit de coronajaren 2020-2022",
        "en": "No figure from the corona years 2020-2022",
    },
    "kloof.reason.geen_referentie": {
        "nl": "Geen cijfer van Nederland of van de rest van de gemeente",
        "en": "No figure of the Netherlands or the rest of the municipality",
    },
    "kloof.reason.geen_waarden": {
        "nl": "Geen waarde in de gekozen perioden",
        "en": "No value in the chosen periods",
    },
    "kloof.reason.ongeldige_periode": {
        "nl": "Ongeldige periode",
        "en": "Invalid period",
    },
    "kloof.sort_note": {
        "nl": "Volgorde: eerst de verschillen, het meest verbreed boven (de verbreding "
        "|verschil na| − |verschil vóór| als percentage van het cijfer van de "
        "referentie vóór corona, zodat euro's en cijfers per 1.000 inwoners in één "
        "volgorde passen); daarna de aantallen, op groei ten opzichte van de referentie.",
        "en": "Order: first the gaps, widened most on top (the widening |gap after| − "
        "|gap before| as a percentage of the reference's figure before corona, so "
        "euros and rates fit one order); then the counts, by growth against the "
        "reference.",
    },
    "kloof.gemeente_note": {
        "nl": "Cijfers die alleen per gemeente bestaan tonen bij een gebied het cijfer "
        "van zijn gemeente (gemarkeerd als gemeenteniveau); de twee Amsterdamse "
        "gebieden delen dat cijfer.",
        "en": "Figures that exist per municipality only show the municipality's "
        "figure for an area (marked as municipality level).",
    },
    "kloof.provisional_note": {
        "nl": "Voorlopig: een van de twee perioden is in de bron nog voorlopig (bij de "
        "politiecijfers 2024 en 2025).",
        "en": "Provisional: one of the two periods is provisional in the source (police "
        "figures 2024 and 2025).",
    },
    "kloof.download": {"nl": "Coronakloof-tabel", "en": "Corona gap table"},
    "corona.level.gemeente": {"nl": "gemeente", "en": "municipality"},
    "corona.level.gebied": {"nl": "gebied in {gemeente}", "en": "area in {gemeente}"},
    "corona.level.gebieden": {"nl": "alle {n} gebieden", "en": "all {n} areas"},
    "corona.wave": {"nl": "Golf", "en": "Wave"},
    "corona.no_wave": {"nl": "geen golf", "en": "no wave"},
    "corona.no_waves": {
        "nl": "golf: deze maat heeft alleen enkele peildata, geen golven",
        "en": "wave: this measure has a few reference dates only, no waves",
    },
    "corona.shown": {
        "nl": "Getoond: {period}{wave}.",
        "en": "Shown: {period}{wave}.",
    },
    "corona.shown_wave": {"nl": ", in de golf {wave}", "en": ", in the wave {wave}"},
    "corona.opening": {
        "nl": "De pagina opent op de landelijke piek van deze maat in 2020-2022; kies "
        "een golf of een week om te wisselen.",
        "en": "The page opens on the national peak of this measure in 2020-2022; "
        "choose a wave or a week to change it.",
    },
    "corona.burden_title": {
        "nl": "Ziektelast per golf: {title}",
        "en": "Burden per wave: {title}",
    },
    "corona.burden_rule": {
        "nl": "Per golf: de opgetelde weekaantallen gedeeld door het aantal inwoners op "
        "1 januari van het jaar waarin de golf begint, × 100.000. Een golf met een "
        "ontbrekende week krijgt geen cijfer. Golven: indeling van het dashboard (van "
        "dal tot dal in de landelijke ziekenhuisopnames), data_sources/golven.yaml.",
        "en": "Per wave: the summed weekly counts divided by the inhabitants on 1 "
        "January of the year the wave starts, x 100,000. A wave with a missing week "
        "has no figure. Waves: the dashboard's own division (trough to trough in the "
        "national hospital admissions), data_sources/golven.yaml.",
    },
    "corona.burden_gemeente_only": {
        "nl": "{area}: de ziektelast per golf bestaat alleen per gemeente (en voor een "
        "gebied: zijn gemeente); kies een gemeente of gebied voor de eigen rij.",
        "en": "{area}: the burden per wave exists per municipality only (and for an "
        "area: its municipality); choose one for its own row.",
    },
    "corona.rank_of": {"nl": "{rank} van {n}", "en": "{rank} of {n}"},
    "corona.not_ranked": {"nl": "geen plaats", "en": "not ranked"},
    "corona.nl_coverage": {
        "nl": "Nederland: de gemeenten met elke week van de golf ({coverage}).",
        "en": "Netherlands: the municipalities with every week of the wave ({coverage}).",
    },
    "corona.per_wave_caption": {
        "nl": "{title}: {area} en Nederland per golf (per 100.000 inwoners)",
        "en": "{title}: {area} and the Netherlands per wave (per 100,000 inhabitants)",
    },
    "corona.ranking_caption": {
        "nl": "Gemeenten van de {n} gebieden in de golf {wave}, hoogste eerst (per "
        "100.000 inwoners)",
        "en": "Municipalities of the {n} areas in the wave {wave}, highest first (per "
        "100,000 inhabitants)",
    },
    "corona.col.wave": {"nl": "Golf", "en": "Wave"},
    "corona.col.gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "corona.col.rank": {
        "nl": "Plaats onder de gemeenten van de gebieden",
        "en": "Rank among the areas' municipalities",
    },
    "corona.col.nl": {"nl": "Nederland", "en": "Netherlands"},
    "corona.col.difference": {
        "nl": "Verschil met Nederland",
        "en": "Difference with the Netherlands",
    },
    "corona.col.place": {"nl": "Plaats", "en": "Rank"},
    "corona.burden_line": {
        "nl": "{area} in de golf {wave}: {value} per 100.000 inwoners (Nederland "
        "{nl}); plaats {rank} onder de gemeenten van de gebieden.",
        "en": "{area} in the wave {wave}: {value} per 100,000 inhabitants (the "
        "Netherlands {nl}); rank {rank} among the areas' municipalities.",
    },
    "overzicht.heading": {
        "nl": "De {n} stedelijke vernieuwingsgebieden",
        "en": "The {n} urban renewal areas",
    },
    "overzicht.intro": {
        "nl": "In 2020 vroegen de burgemeesters van {g} gemeenten aandacht voor {n} kwetsbare "
        "gebieden; sinds 2022 zijn zij focusgebieden van het Nationaal Programma "
        "Leefbaarheid en Veiligheid. Dit dashboard zet de cijfers over werk en inkomen, "
        "schulden, jeugd, zorg, onderwijs, veiligheid, wonen en corona van deze gebieden "
        "naast hun gemeente en Nederland. De gebieden:",
        "en": "In 2020 the mayors of {g} municipalities asked attention for {n} vulnerable "
        "areas; since 2022 they are focus areas of the national programme for liveability "
        "and safety (NPLV). This dashboard puts their figures on work and income, debt, "
        "youth, care, education, safety, housing and corona next to their municipality "
        "and the Netherlands. The areas:",
    },
    "overzicht.fetched": {"nl": "Opgehaald", "en": "Fetched"},
    "overzicht.snapshot": {"nl": "momentopname", "en": "snapshot"},
    "overzicht.cbs_modified": {
        "nl": "Nieuwste wijziging van een CBS-tabel",
        "en": "Latest change of a CBS table",
    },
    "overzicht.corona_source": {
        "nl": "Coronadashboard bijgewerkt tot",
        "en": "Corona dashboard updated until",
    },
    "overzicht.all_sources": {
        "nl": "Alle bronnen en datums",
        "en": "All sources and dates",
    },
    "overzicht.key_heading": {
        "nl": "Kerncijfers: de {n} gebieden samen tegenover Nederland",
        "en": "Key figures: the {n} areas together against the Netherlands",
    },
    "overzicht.key_intro": {
        "nl": "Per domein één of twee cijfers voor de {n} gebieden samen (hun wijken "
        "opgeteld of gewogen), met het landelijke cijfer en het verschil.",
        "en": "One or two figures per domain for the {n} areas together (their wijken "
        "added or weighted), with the national figure and the difference.",
    },
    "overzicht.nl_value": {"nl": "Nederland", "en": "Netherlands"},
    "overzicht.difference": {"nl": "Verschil", "en": "Difference"},
    "overzicht.more": {"nl": "Meer over", "en": "More on"},
    "overzicht.partial": {
        "nl": "Alleen een deel van de gebieden heeft hier cijfers ({coverage}): te weinig "
        "voor een cijfer van de {n} gebieden samen. Zie de pagina's per gebied.",
        "en": "Only part of the areas has figures here ({coverage}): too little for a "
        "figure of the {n} areas together. See the pages per area.",
    },
    "overzicht.stapeling_heading": {
        "nl": "Stapeling: waar achterstanden samenkomen",
        "en": "Accumulation: where disadvantages pile up",
    },
    "overzicht.sort_legend": {"nl": "Sorteer de gebieden", "en": "Sort the areas"},
    "overzicht.sort_totaal": {
        "nl": "op totaalscore (ongunstigste boven)",
        "en": "by total score (least favourable on top)",
    },
    "overzicht.sort_naam": {"nl": "op naam", "en": "by name"},
    "overzicht.filter_label": {
        "nl": "Gebieden in de heatmap (leeg: alle {n})",
        "en": "Areas in the heatmap (empty: all {n})",
    },
    "overzicht.filter_placeholder": {"nl": "Alle {n} gebieden", "en": "All {n} areas"},
    "overzicht.stapeling_title": {
        "nl": "Afwijking van Nederland per gebied en indicator",
        "en": "Deviation from the Netherlands per area and indicator",
    },
    "overzicht.stapeling_subtitle": {
        "nl": "score in standaardafwijkingen; positief = ongunstiger dan Nederland; "
        "laatste periode per indicator",
        "en": "score in standard deviations; positive = less favourable than the "
        "Netherlands; latest period per indicator",
    },
    "overzicht.score_note": {
        "nl": "Score = (cijfer van het gebied − cijfer van Nederland) gedeeld door de "
        "standaardafwijking over alle wijken (wijkcijfers) of alle gemeenten "
        "(gemeentecijfers) in dezelfde periode; het teken is zo gekozen dat een "
        "positieve score ongunstiger is dan Nederland. Indicatoren zonder richting "
        "(zoals inwoners) staan er niet in. De totaalscore is het gemiddelde over de "
        "indicatoren van het gebied. Kleuren lopen tot ±3.",
        "en": "Score = (figure of the area − figure of the Netherlands) divided by the "
        "standard deviation across all wijken (wijk figures) or all municipalities "
        "(municipal figures) in the same period; signed so that a positive score is "
        "less favourable than the Netherlands. Indicators without a direction are left "
        "out. The total score is the mean over the area's indicators. Colours run to ±3.",
    },
    "overzicht.gemeente_note": {
        "nl": "Indicatoren die alleen per gemeente bestaan ({titles}) tonen bij een gebied "
        "het cijfer van zijn gemeente; de twee Amsterdamse gebieden hebben daar dus "
        "dezelfde score.",
        "en": "Indicators that exist per municipality only ({titles}) show the "
        "municipality's figure for an area; both Amsterdam areas share that score.",
    },
    "overzicht.periods_note": {"nl": "Perioden", "en": "Periods"},
    "overzicht.total": {"nl": "Totaalscore", "en": "Total score"},
    "overzicht.stapeling_caption": {
        "nl": "Score per gebied en indicator (standaardafwijkingen van Nederland; "
        "positief = ongunstiger)",
        "en": "Score per area and indicator (standard deviations from the Netherlands; "
        "positive = less favourable)",
    },
    "corona.heading": {"nl": "Corona per gemeente", "en": "Corona by municipality"},
    "corona.intro": {
        "nl": "Positief geteste personen, ziekenhuisopnames en overledenen per week per "
        "100.000 inwoners, en de vaccinatiegraad. Kies een maat, een week en een gebied; "
        "het webadres bewaart de keuze.",
        "en": "Positive tests, hospital admissions and deaths per week per 100,000 "
        "inhabitants, and vaccination coverage. Choose a measure, a week and an area; "
        "the address keeps the choice.",
    },
    "corona.measure": {"nl": "Maat", "en": "Measure"},
    "corona.period": {"nl": "Week of peildatum", "en": "Week or date"},
    "corona.area": {
        "nl": "Gemeente, veiligheidsregio of gebied",
        "en": "Municipality, safety region or area",
    },
    "corona.map": {"nl": "per gemeente", "en": "by municipality"},
    "corona.vs_nl": {"nl": "en Nederland", "en": "and the Netherlands"},
    "corona.outline": {
        "nl": "Rood omlijnd: de gemeenten met een van de {n} gebieden.",
        "en": "Outlined in red: the municipalities with one of the {n} areas.",
    },
    "corona.events": {
        "nl": "Stippellijnen: landelijke maatregelen (Rijksoverheid, Coronavirus "
        "tijdlijn); de lijst staat bij de kaart. Lichtblauw vlak: de gekozen week.",
        "en": "Dotted lines: national measures (Rijksoverheid, Coronavirus timeline); "
        "the list is beside the map. Light blue band: the chosen week.",
    },
    "corona.snapshots": {
        "nl": "Van deze maat zijn alleen enkele peildata beschikbaar; daarom staven per "
        "peildatum in plaats van een lijn.",
        "en": "This measure has only a few reference dates, so bars per date instead of "
        "a line.",
    },
    "corona.measures_list": {
        "nl": "Landelijke maatregelen op de tijdlijn",
        "en": "National measures on the timeline",
    },
    "corona.date": {"nl": "Datum", "en": "Date"},
    "corona.source_link": {"nl": "bron", "en": "source"},
    "corona.measure_short": {"nl": "Maatregel", "en": "Measure"},
    "corona.description": {"nl": "Toelichting", "en": "Description"},
    "corona.timeline_error": {
        "nl": "De tijdlijn met maatregelen kon niet worden gelezen",
        "en": "The timeline of measures could not be read",
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
    "gebied.kloof.heading": {
        "nl": "Coronakloof: werd het verschil groter of kleiner?",
        "en": "Corona gap: did the difference grow or shrink?",
    },
    "gebied.kloof.intro": {
        "nl": "Per indicator het verschil met Nederland (of, waar geen landelijk cijfer "
        "bestaat, met de rest van de gemeente) in {voor} en in {na}, in de eenheid van "
        "de indicator. Bij aantallen staat de groei in procenten, geen verschil.",
        "en": "Per indicator the difference with the Netherlands (or, where there is "
        "no national figure, with the rest of the municipality) in {voor} and in {na}, "
        "in the indicator's own unit. For counts the growth in percent, not a "
        "difference. The sentences are in Dutch.",
    },
    "gebied.kloof.voor": {"nl": "Vóór corona", "en": "Before corona"},
    "gebied.kloof.na": {"nl": "In de coronajaren", "en": "In the corona years"},
    "gebied.kloof.pair": {
        "nl": "Vergeleken: {voor} met {na}",
        "en": "Compared: {voor} with {na}",
    },
    "gebied.kloof.own": {
        "nl": "Cijfers van {area}",
        "en": "Figures of {area}",
    },
    "gebied.kloof.gemeente_block": {
        "nl": "Cijfers van de gemeente {gemeente}",
        "en": "Figures of the municipality of {gemeente}",
    },
    "gebied.kloof.gemeente_intro": {
        "nl": "Deze cijfers bestaan alleen voor de hele gemeente, niet voor het gebied.",
        "en": "These figures exist for the whole municipality only, not for the area.",
    },
    "gebied.kloof.gemeente_label": {
        "nl": "Gemeente {gemeente}",
        "en": "Municipality of {gemeente}",
    },
    "gebied.kloof.none": {
        "nl": "Voor dit gebied is de coronakloof met deze gegevens niet te berekenen.",
        "en": "The corona gap cannot be computed for this area with this data.",
    },
    "gebied.kloof.cannot": {"nl": "Niet te beantwoorden", "en": "Cannot be answered"},
    "gebied.kloof.order": {
        "nl": "de periode vóór ({voor}) moet eerder zijn dan de periode erna ({na}); "
        "getoond: 2019 en 2021",
        "en": "the period before ({voor}) must come before the period after ({na}); "
        "shown: 2019 and 2021",
    },
    "gebied.kloof.pair_empty": {
        "nl": "voor {voor} en {na} heeft geen enkele indicator cijfers; kies een ander "
        "paar (bijvoorbeeld 2019 en 2021)",
        "en": "no indicator has figures for {voor} and {na}; choose another pair "
        "(for example 2019 and 2021)",
    },
    "gebied.kloof.reason.geen_periode_voor_corona": {
        "nl": "Geen cijfer vóór 2020",
        "en": "No figure before 2020",
    },
    "gebied.kloof.reason.geen_periode_in_coronajaren": {
        "nl": "Geen cijfer uit 2020-2022",
        "en": "No figure from 2020-2022",
    },
    "gebied.kloof.reason.geen_waarden": {
        "nl": "Geen cijfer voor {voor} en {na}",
        "en": "No figure for {voor} and {na}",
    },
    "gebied.kloof.reason.geen_referentie": {
        "nl": "Geen cijfer van Nederland of de rest van de gemeente om mee te vergelijken",
        "en": "No figure of the Netherlands or the rest of the municipality to compare",
    },
    "gebied.kloof.reason.landelijk": {
        "nl": "Alleen een landelijk cijfer",
        "en": "National figure only",
    },
    "gebied.kloof.reason.geen_cijfer": {
        "nl": "Geen cijfer voor dit gebied",
        "en": "No figure for this area",
    },
    "gebied.kloof.reason.alleen_online": {
        "nl": "Niet in deze gegevens; met internettoegang haalt het dashboard ze bij CBS",
        "en": "Not in this data; with internet access the dashboard fetches them from CBS",
    },
    "gebied.kloof.sources": {
        "nl": "Bronnen van de coronakloof",
        "en": "Sources of the gap",
    },
}


def text(key: str, lang: str = "nl", **values) -> str:
    """The text of ``key`` in ``lang`` (Dutch when the language is unknown)."""
    entry = TEXT[key]
    return (
        entry.get(lang, entry["nl"]).format(**values)
        if values
        else entry.get(lang, entry["nl"])
    )
