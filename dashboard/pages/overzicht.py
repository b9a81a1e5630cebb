"""Overzicht: the first page for policymakers.

What the 16 stedelijke vernieuwingsgebieden look like together against Nederland in
every domain, where disadvantages pile up (the stapeling heatmap), and whether the
gap to Nederland changed since corona. Domains without data say so and name the CBS
table that would fill them, so an empty domain is never mistaken for a zero.

URL query: ``sorteer`` (totaal | naam), ``gebied`` (comma-separated gebied ids: the
heatmap rows), ``lang`` (nl | en).

Component ids (stable; browser tests use them):

- ``overzicht-url``: dcc.Location (refresh=False) whose ``search`` the filters write
- ``overzicht-lang``: dcc.Store with the language
- ``overzicht-laatste-gegevens``: the "Laatste gegevens" block
- ``overzicht-domeinen``: the row of domain cards; each card ``overzicht-domein-<id>``
- ``overzicht-sorteer``: RadioItems, sort the heatmap by total score or name
- ``overzicht-gebied``: Dropdown (multi, searchable), the gebieden in the heatmap
- ``overzicht-stapeling-body``: container the callback refills
- ``overzicht-stapeling``: the chart card (graph ``overzicht-stapeling-graph``),
  its table ``overzicht-stapeling-tabel``
- ``overzicht-coronakloof``: the corona gap section
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import history, state
from dashboard.areas import ALL_GEBIEDEN
from dashboard.callback_cache import memoise_outputs
from dashboard.components import gap_card
from dashboard.components.common import (
    chart_card,
    data_table,
    notices,
    radio_group,
)
from dashboard.components.downloads import chart_export
from dashboard.components.key_figures import (
    difference_text,
    direction_text,
    dropdown_labels,
    is_missing,
    missing_domain,
    notes_of,
    value_text,
)
from dashboard.figures.heatmap import stapeling_figure
from dashboard.formatting import format_date
from dashboard.i18n import t
from dashboard.services import CoverageError, QueryError
from dashboard.url_state import (
    ViewState,
    language,
    search_string,
    store_data,
    text_list,
    text_value,
)
from dashboard.views import policy
from dashboard.views.gebied import gebieden_counts
from dashboard.views.overzicht import DEFAULT_SORT, gap_view, resolve_filters
from dashboard.views.sources import source_lines
from dashboard.views.text import text
from data_sources.periods import period_label_nl

dash.register_page(
    __name__,
    path="/",
    title="Overzicht – Coronadashboard Sociaal Domein",
    order=0,
    nav="nav.overzicht",
)

URL = "overzicht-url"
LANG = "overzicht-lang"
UPDATED = "overzicht-laatste-gegevens"
DOMAINS = "overzicht-domeinen"
DOMAIN_CARD = "overzicht-domein-{}"
SORT = "overzicht-sorteer"
GEBIED_FILTER = "overzicht-gebied"
HEATMAP_BODY = "overzicht-stapeling-body"
HEATMAP = "overzicht-stapeling"
HEATMAP_TABLE = "overzicht-stapeling-tabel"
GAP = "overzicht-coronakloof"
GAP_NOTICES = "overzicht-kloof-notices"
# Each section writes its part of the address here; one callback joins them.
HEATMAP_QUERY = "overzicht-stapeling-query"
GAP_QUERY = "overzicht-kloof-query"
GAP_FIELDS = ("kloof_sorteer", "kloof_domein", "kloof_gebied", "kloof_voor", "kloof_na")

SORTS = ("totaal", "naam")
FIGURE_SORT = {"totaal": "total", "naam": "name"}
# Key figures per domain, tried in this order; other indicators of the domain follow.
PER_DOMAIN = 2
HEATMAP_MIN_WIDTH = 720
# Below this share of the inhabitants a combined figure stands for a few wijken only.
MIN_COVERAGE = 0.5

TEXT = {
    "heading": {
        "nl": "De {n} stedelijke vernieuwingsgebieden",
        "en": "The {n} urban renewal areas",
    },
    "intro": {
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
    "fetched": {"nl": "Opgehaald", "en": "Fetched"},
    "snapshot": {"nl": "momentopname", "en": "snapshot"},
    "cbs_modified": {
        "nl": "Nieuwste wijziging van een CBS-tabel",
        "en": "Latest change of a CBS table",
    },
    "corona_source": {
        "nl": "Coronadashboard bijgewerkt tot",
        "en": "Corona dashboard updated until",
    },
    "all_sources": {"nl": "Alle bronnen en datums", "en": "All sources and dates"},
    "key_heading": {
        "nl": "Kerncijfers: de {n} gebieden samen tegenover Nederland",
        "en": "Key figures: the {n} areas together against the Netherlands",
    },
    "key_intro": {
        "nl": "Per domein één of twee cijfers voor de {n} gebieden samen (hun wijken "
        "opgeteld of gewogen), met het landelijke cijfer en het verschil.",
        "en": "One or two figures per domain for the {n} areas together (their wijken "
        "added or weighted), with the national figure and the difference.",
    },
    "nl_value": {"nl": "Nederland", "en": "Netherlands"},
    "difference": {"nl": "Verschil", "en": "Difference"},
    "more": {"nl": "Meer over", "en": "More on"},
    "partial": {
        "nl": "Alleen een deel van de gebieden heeft hier cijfers ({coverage}): te weinig "
        "voor een cijfer van de {n} gebieden samen. Zie de pagina's per gebied.",
        "en": "Only part of the areas has figures here ({coverage}): too little for a "
        "figure of the {n} areas together. See the pages per area.",
    },
    "stapeling_heading": {
        "nl": "Stapeling: waar achterstanden samenkomen",
        "en": "Accumulation: where disadvantages pile up",
    },
    "sort_legend": {"nl": "Sorteer de gebieden", "en": "Sort the areas"},
    "sort_totaal": {
        "nl": "op totaalscore (ongunstigste boven)",
        "en": "by total score (least favourable on top)",
    },
    "sort_naam": {"nl": "op naam", "en": "by name"},
    "filter_label": {
        "nl": "Gebieden in de heatmap (leeg: alle {n})",
        "en": "Areas in the heatmap (empty: all {n})",
    },
    "filter_placeholder": {"nl": "Alle {n} gebieden", "en": "All {n} areas"},
    "stapeling_title": {
        "nl": "Afwijking van Nederland per gebied en indicator",
        "en": "Deviation from the Netherlands per area and indicator",
    },
    "stapeling_subtitle": {
        "nl": "score in standaardafwijkingen; positief = ongunstiger dan Nederland; "
        "laatste periode per indicator",
        "en": "score in standard deviations; positive = less favourable than the "
        "Netherlands; latest period per indicator",
    },
    "score_note": {
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
    "gemeente_note": {
        "nl": "Indicatoren die alleen per gemeente bestaan ({titles}) tonen bij een gebied "
        "het cijfer van zijn gemeente; de twee Amsterdamse gebieden hebben daar dus "
        "dezelfde score.",
        "en": "Indicators that exist per municipality only ({titles}) show the "
        "municipality's figure for an area; both Amsterdam areas share that score.",
    },
    "periods_note": {"nl": "Perioden", "en": "Periods"},
    "total": {"nl": "Totaalscore", "en": "Total score"},
    "stapeling_caption": {
        "nl": "Score per gebied en indicator (standaardafwijkingen van Nederland; "
        "positief = ongunstiger)",
        "en": "Score per area and indicator (standard deviations from the Netherlands; "
        "positive = less favourable)",
    },
    "gap_heading": {
        "nl": "Coronakloof: is het verschil met Nederland veranderd?",
        "en": "Corona gap: has the difference with the Netherlands changed?",
    },
    "gap_intro": {
        "nl": "Voor indicatoren met een cijfer van vóór maart 2020 en een later cijfer: "
        "het verschil met Nederland in de laatste periode vóór corona en in de laatste "
        "periode daarna. Met de huidige gegevens kan dat maar voor weinig indicatoren.",
        "en": "For indicators with a figure from before March 2020 and a later one: the "
        "difference with the Netherlands in the last period before corona and in the "
        "latest period. With the current data this is possible for few indicators only.",
    },
    "gap_none": {
        "nl": "Voor geen enkele indicator is de coronakloof te berekenen met deze "
        "gegevensset.",
        "en": "The corona gap cannot be computed for any indicator in this data set.",
    },
    "gap_before": {"nl": "Verschil vóór corona", "en": "Difference before corona"},
    "gap_after": {"nl": "Verschil nu", "en": "Difference now"},
    "gap_change": {"nl": "Verandering", "en": "Change"},
    "gap_meaning": {"nl": "Betekenis", "en": "Meaning"},
    "gap_smaller": {"nl": "verschil kleiner", "en": "gap smaller"},
    "gap_larger": {"nl": "verschil groter", "en": "gap larger"},
    "gap_same": {"nl": "gelijk", "en": "unchanged"},
    "gap_flip_below": {
        "nl": "omgeslagen: nu lager dan Nederland",
        "en": "reversed: now below the Netherlands",
    },
    "gap_flip_above": {
        "nl": "omgeslagen: nu hoger dan Nederland",
        "en": "reversed: now above the Netherlands",
    },
    "gap_gemeente": {
        "nl": "Alleen per gemeente: elk gebied toont het cijfer van zijn gemeente.",
        "en": "Per municipality only: each area shows its municipality's figure.",
    },
    "gap_caption": {
        "nl": "verschil met Nederland vóór corona en nu",
        "en": "difference with the Netherlands before corona and now",
    },
    "gap_not": {"nl": "Niet te berekenen", "en": "Cannot be computed"},
    "why_national": {
        "nl": "alleen een landelijk cijfer, geen cijfer per gebied",
        "en": "national figure only, none per area",
    },
    "why_count": {
        "nl": "een aantal: het verschil met het landelijke aantal zegt niets",
        "en": "a count: the difference with the national count means nothing",
    },
    "why_no_nl": {
        "nl": "geen landelijk cijfer in de gegevens",
        "en": "no national figure in the data",
    },
    "why_no_pre": {
        "nl": "geen periode vóór maart 2020 in de gegevens",
        "en": "no period before March 2020 in the data",
    },
    "why_no_area": {
        "nl": "geen gebiedscijfer vóór maart 2020",
        "en": "no area figure before March 2020",
    },
    "from": {"nl": "vanaf", "en": "from"},
}


def _t(key: str, lang: str) -> str:
    entry = TEXT.get(key)
    if entry is None:
        return t(key, lang)
    return entry.get(lang, entry["nl"])


# ------------------------------------------------------------------ sections


def latest_data(service, lang: str) -> html.Section:
    """Newest fetched-at and the newest source dates, from the cache's source list."""
    sources = service.sources()
    items = []
    if len(sources):
        newest = sources.loc[sources["fetched_at"].astype(str).idxmax()]
        origin = (
            _t("snapshot", lang)
            if newest["origin"] == "snapshot"
            else str(newest["origin"])
        )
        items.append(
            html.Li(
                f"{_t('fetched', lang)}: {format_date(str(newest['fetched_at']))} ({origin})"
            )
        )
        cbs = sources[
            sources["cbs_modified"].notna()
            & sources["attribution"].astype(str).str.contains("CBS")
            & sources["dataset"].astype(str).str.startswith("cbs_")
        ]
        if len(cbs):
            row = cbs.loc[cbs["cbs_modified"].astype(str).idxmax()]
            items.append(
                html.Li(
                    f"{_t('cbs_modified', lang)}: {format_date(row['cbs_modified'])} "
                    f"(tabel {row['table_id']}, {str(row['title']).strip()})"
                )
            )
        corona = sources[sources["dataset"] == "corona_gemeenten"]
        if len(corona) and corona.iloc[0]["cbs_modified"]:
            items.append(
                html.Li(
                    f"{_t('corona_source', lang)} "
                    f"{format_date(corona.iloc[0]['cbs_modified'])}"
                )
            )
    else:
        items.append(html.Li(t("no_data", lang)))
    return html.Section(
        [
            html.H2(t("updated", lang), className="h6 mb-1"),
            html.Ul(items, className="small mb-1"),
            html.A(
                _t("all_sources", lang),
                href="/over" + ("?lang=en" if lang == "en" else ""),
                className="small",
            ),
        ],
        id=UPDATED,
        className="border rounded p-2 mb-3 bg-light",
        **{"aria-label": t("updated", lang)},
    )


class PartialCoverage(QueryError):
    """A combined figure that stands for a small part of the gebieden only."""


def key_figure(service, indicator, lang: str) -> dict:
    """The comparison for the 16 gebieden together; raises QueryError when there is none
    or when it covers too small a part of the gebieden."""
    comparison = service.comparison(indicator.id, ALL_GEBIEDEN)
    if is_missing(comparison["value"]):
        raise QueryError(comparison["missing_reason"] or t("no_data", lang))
    series = service.series(indicator.id, ALL_GEBIEDEN)
    row = series[series["period"] == comparison["period"]].iloc[0]
    share = row.get("coverage_share")
    if share is not None and not pd.isna(share) and share < MIN_COVERAGE:
        raise PartialCoverage(comparison["coverage"])
    return comparison


def domain_figures(service, domain, lang: str) -> tuple[list[dict], str | None]:
    """Up to PER_DOMAIN comparisons for the domain, and why there are none."""
    preferred = domain.featured
    indicators = service.catalogue.in_domain(domain.id)
    order = sorted(
        indicators,
        key=lambda i: (
            preferred.index(i.id) if i.id in preferred else len(preferred),
            policy.is_count(i),
        ),
    )
    figures, partial = [], None
    for indicator in order:
        if len(figures) >= PER_DOMAIN:
            break
        try:
            figures.append(key_figure(service, indicator, lang))
        except PartialCoverage as exc:
            partial = partial or str(exc)
        except CoverageError as exc:  # below the catalogue's coverage threshold
            partial = partial or exc.coverage
        except QueryError:
            continue
    reason = None
    if not figures and partial:
        reason = _t("partial", lang).format(
            coverage=partial, **gebieden_counts(service)
        )
    return figures, reason


def _figure_block(service, comparison: dict, lang: str) -> html.Div:
    indicator = service.indicator(comparison["indicator"])
    unit = indicator.unit.get(lang)
    decimals = indicator.decimals
    # A count minus the national count says nothing: no difference for counts.
    diff = (
        comparison["verschil_met_nederland"]
        if policy.compares_with_nl(indicator)
        else None
    )
    notes = notes_of(comparison, lang)
    return html.Div(
        [
            html.H4(indicator.title.get(lang), className="h6 mb-0"),
            html.P(
                period_label_nl(comparison["period"]), className="small text-muted mb-1"
            ),
            html.P(
                value_text(comparison["value"], decimals, unit, lang),
                className="fs-4 fw-bold mb-0 key-value",
            ),
            html.P(
                [
                    f"{_t('nl_value', lang)}: ",
                    html.Span(
                        value_text(comparison["nederland"], decimals, unit, lang),
                        className="key-nl",
                    ),
                ],
                className="mb-0 small",
            ),
            html.P(
                [
                    f"{_t('difference', lang)}: ",
                    html.Span(
                        difference_text(diff, decimals, unit, lang),
                        className="key-difference",
                    ),
                    (
                        f" – {direction_text(diff, decimals, indicator.polarity, lang)}"
                        if not is_missing(diff)
                        else ""
                    ),
                ],
                className="mb-1 small",
            ),
            *[html.P(note, className="small text-muted mb-0") for note in notes],
        ],
        className="key-figure mb-2",
        **{"data-indicator": indicator.id},
    )


def domain_card(service, domain, lang: str) -> dbc.Col:
    figures, reason = domain_figures(service, domain, lang)
    heading_id = DOMAIN_CARD.format(domain.id) + "-title"
    if figures:
        body = [_figure_block(service, c, lang) for c in figures]
        indicators = [service.indicator(c["indicator"]) for c in figures]
        footer = source_lines(service, indicators, language=lang)
        body.append(
            html.Footer(
                [html.P(line, className="small text-muted mb-0") for line in footer],
                className="mt-auto pt-1 border-top",
            )
        )
    else:
        body = [missing_domain(domain, lang, reason)]
    more = html.A(
        f"{_t('more', lang)} {domain.title.get(lang).lower()}",
        href=f"/domein/{domain.id}" + ("?lang=en" if lang == "en" else ""),
        className="small d-block mt-2",
    )
    return dbc.Col(
        html.Section(
            [
                html.H3(domain.title.get(lang), id=heading_id, className="h5"),
                *body,
                more,
            ],
            id=DOMAIN_CARD.format(domain.id),
            className="card card-body h-100",
            **{"aria-labelledby": heading_id},
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-3",
    )


def stapeling_frame(service, chosen: list[str], lang: str) -> pd.DataFrame:
    frame = service.stapeling()
    if not len(frame):
        return frame
    if chosen:
        frame = frame[frame["area_id"].isin(chosen)]
    if lang != "nl":
        titles = {i.id: i.title.get(lang) for i in service.catalogue.indicators}
        frame = frame.assign(title=frame["indicator"].map(titles))
    return frame


def stapeling_order(frame: pd.DataFrame, sort: str) -> list[str]:
    """Row order of the heatmap (the same rule as stapeling_figure)."""
    means = frame.groupby("area_name")["score"].mean()
    if sort == "naam":
        return sorted(means.index)
    return list(means.sort_values(ascending=False).index)


def stapeling_section(service, sort: str, chosen: list[str], lang: str):
    try:
        frame = stapeling_frame(service, chosen, lang)
    except QueryError as exc:
        return html.P(str(exc), className="text-muted small")
    if not len(frame):
        return html.P(t("no_data", lang), className="text-muted small")
    figure = stapeling_figure(frame, FIGURE_SORT[sort])
    figure.update_layout(margin={"t": 36})  # room for the mode bar above the cells
    order = stapeling_order(frame, sort)
    matrix = frame.pivot_table(
        index="area_name", columns="title", values="score", aggfunc="first"
    )
    table_frame = matrix.loc[order].reset_index()
    table_frame.insert(1, "__total", matrix.loc[order].mean(axis=1).to_numpy())
    columns = {"area_name": t("gebied", lang), "__total": _t("total", lang)}
    columns.update({title: title for title in matrix.columns})
    table = data_table(
        table_frame,
        columns,
        caption=_t("stapeling_caption", lang),
        decimals={key: 1 for key in columns if key != "area_name"},
        missing="–",
    )
    table.id = HEATMAP_TABLE
    indicators = [service.indicator(i) for i in dict.fromkeys(frame["indicator"])]
    gemeente_titles = [i.title.get(lang) for i in indicators if i.level == "gemeente"]
    periods = frame.drop_duplicates("indicator")
    period_text = "; ".join(
        f"{row.title}: {period_label_nl(row.period)}" for row in periods.itertuples()
    )
    notes = []
    if gemeente_titles:
        notes.append(
            _t("gemeente_note", lang).format(titles=", ".join(gemeente_titles))
        )
    notes.append(f"{_t('periods_note', lang)}: {period_text}.")
    card = chart_card(
        HEATMAP,
        _t("stapeling_title", lang),
        _t("stapeling_subtitle", lang),
        figure,
        table,
        source_lines(service, indicators, notes=notes, language=lang),
        language=lang,
        export=chart_export(
            service,
            [i.id for i in indicators],
            list(dict.fromkeys(frame["area_id"])),
            cells=list(zip(frame["indicator"], frame["area_id"], frame["period"])),
            kind="stapeling",
            lang=lang,
        ),
    )
    return _scrollable(card, HEATMAP_MIN_WIDTH)


def _scrollable(card, min_width: int):
    """Let a wide chart keep its width on a phone and scroll sideways instead."""
    for child in card.children:
        graph = getattr(child, "children", None)
        if isinstance(graph, dcc.Graph):
            graph.style = {
                **(getattr(graph, "style", None) or {}),
                "minWidth": f"{min_width}px",
            }
            child.style = {"overflowX": "auto"}
            child.tabIndex = "0"  # scrollable region reachable by keyboard
    return card


def gap_section(service, filters, gap_notices, lang: str) -> html.Section:
    """The coronakloof table over every gebied x indicator (views.overzicht)."""
    n = gebieden_counts(service)["n"]
    return html.Section(
        [
            html.H2(
                text("kloof.heading", lang), className="h4 mt-4", id=f"{GAP}-title"
            ),
            html.P(text("kloof.intro", lang)),
            gap_card.controls(service, filters, lang, n),
            html.Div(notices(gap_notices, lang), id=GAP_NOTICES),
            html.Div(
                gap_card.body(service, gap_view(service, filters, lang), lang),
                id=gap_card.BODY,
                **{"aria-live": "polite"},
            ),
        ],
        id=GAP,
        **{"aria-labelledby": f"{GAP}-title"},
    )


# -------------------------------------------------------------------- layout


def layout(lang=None, sorteer=None, gebied=None, **other):
    lang = language(lang)
    service = state.service()
    view = ViewState()
    sort = view.one("sorteer", sorteer, SORTS, "totaal")
    gebieden = service.registry.gebieden()
    counts = gebieden_counts(service)
    chosen = view.many("gebied", gebied, [a.id for a in gebieden], [])
    gap_state = ViewState()
    filters = resolve_filters(service, other, gap_state)
    gebied_links = []
    for index, area in enumerate(gebieden):
        if index:
            gebied_links.append(", ")
        gebied_links.append(
            html.A(
                area.name,
                href=f"/gebied/{area.id}" + ("?lang=en" if lang == "en" else ""),
            )
        )
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=HEATMAP_QUERY, data={"sorteer": sort, "gebied": chosen}),
            dcc.Store(id=GAP_QUERY, data=filters.query()),
            html.H1(_t("heading", lang).format(**counts)),
            dbc.Row(
                [
                    dbc.Col(
                        html.P(
                            [
                                _t("intro", lang).format(**counts),
                                " ",
                                *gebied_links,
                                ".",
                            ]
                        ),
                        xs=12,
                        lg=8,
                    ),
                    dbc.Col(latest_data(service, lang), xs=12, lg=4),
                ]
            ),
            notices(view.notices, lang),
            html.H2(_t("key_heading", lang).format(**counts), className="h4 mt-2"),
            html.P(_t("key_intro", lang).format(**counts), className="text-muted"),
            dbc.Row(
                [domain_card(service, d, lang) for d in service.catalogue.domains],
                id=DOMAINS,
            ),
            html.H2(_t("stapeling_heading", lang), className="h4 mt-4"),
            dbc.Row(
                [
                    dbc.Col(
                        radio_group(
                            SORT,
                            _t("sort_legend", lang),
                            [
                                {"label": _t(f"sort_{s}", lang), "value": s}
                                for s in SORTS
                            ],
                            sort,
                        ),
                        xs=12,
                        md=5,
                        className="mb-2",
                    ),
                    dbc.Col(
                        [
                            html.Label(
                                _t("filter_label", lang).format(**counts),
                                htmlFor=GEBIED_FILTER,
                                className="form-label",
                            ),
                            dcc.Dropdown(
                                id=GEBIED_FILTER,
                                options=[
                                    {"label": a.name, "value": a.id} for a in gebieden
                                ],
                                value=chosen,
                                multi=True,
                                searchable=True,
                                placeholder=_t("filter_placeholder", lang).format(
                                    **counts
                                ),
                                labels=dropdown_labels(lang),
                            ),
                        ],
                        xs=12,
                        md=7,
                        className="mb-2",
                    ),
                ]
            ),
            html.P(_t("score_note", lang), className="small", id=f"{HEATMAP}-uitleg"),
            html.Div(
                stapeling_section(service, sort, chosen, lang),
                id=HEATMAP_BODY,
                **{"aria-live": "polite"},
            ),
            gap_section(service, filters, gap_state.notices, lang),
        ]
    )


# ----------------------------------------------------------------- callbacks


@dash.callback(
    Output(HEATMAP_BODY, "children"),
    Output(HEATMAP_QUERY, "data"),
    Input(SORT, "value"),
    Input(GEBIED_FILTER, "value"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def update_stapeling(sort, chosen, lang):
    """Re-draw the heatmap for the chosen sort and gebieden; hand them to the URL."""
    sort, chosen, lang = text_value(sort), text_list(chosen), language(lang)
    service = state.service()
    view = ViewState()
    sort = view.one("sorteer", sort, SORTS, "totaal")
    chosen = view.many(
        "gebied",
        ",".join(chosen or []),
        [a.id for a in service.registry.gebieden()],
        [],
    )
    body = stapeling_section(service, sort, chosen, lang)
    if view.notices:
        body = html.Div([notices(view.notices, lang), body])
    return body, {"sorteer": sort, "gebied": chosen}


@dash.callback(
    Output(gap_card.BODY, "children"),
    Output(GAP_NOTICES, "children"),
    Output(GAP_QUERY, "data"),
    Input(gap_card.SORT, "value"),
    Input(gap_card.DOMAIN, "value"),
    Input(gap_card.GEBIED, "value"),
    Input(gap_card.BEFORE, "value"),
    Input(gap_card.AFTER, "value"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def update_gap(sort, domain, gebied, before, after, lang):
    """The gap table for the chosen filters and pair; its part of the URL."""
    lang = language(lang)
    raw = dict(zip(GAP_FIELDS, map(text_value, (sort, domain, gebied, before, after))))
    service = state.service()
    view = ViewState()
    filters = resolve_filters(service, raw, view)
    body = gap_card.body(service, gap_view(service, filters, lang), lang)
    return body, notices(view.notices, lang), filters.query()


@dash.callback(
    Output(URL, "search"),
    Input(HEATMAP_QUERY, "data"),
    Input(GAP_QUERY, "data"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def write_address(heatmap, gap, lang):
    """One address for both sections; the stores come from the client, so their
    values are checked again (an unknown one is left out)."""
    service = state.service()
    heatmap, gap, lang = store_data(heatmap), store_data(gap), language(lang)
    view = ViewState()
    sort = view.one("sorteer", heatmap.get("sorteer"), SORTS, "totaal")
    chosen = view.many(
        "gebied",
        ",".join(text_list(heatmap.get("gebied"))),
        [a.id for a in service.registry.gebieden()],
        [],
    )
    filters = resolve_filters(service, gap, view)
    # Not history.new_search: that needs the address as a further State. So Back to
    # the bare "/" writes "?sorteer=totaal" once and Forward is lost from there.
    return search_string(
        {
            "sorteer": sort,
            "gebied": chosen,
            **filters.query(),
            "lang": lang if lang != "nl" else None,
        }
    )


# Back/Forward set the sort and the chosen gebieden from the address.
HISTORY_FIELDS = [
    history.Field("sorteer", SORT),
    history.Field("gebied", GEBIED_FILTER, many=True),
    history.Field("kloof_sorteer", gap_card.SORT),
    history.Field("kloof_domein", gap_card.DOMAIN),
    history.Field("kloof_gebied", gap_card.GEBIED),
    history.Field("kloof_voor", gap_card.BEFORE),
    history.Field("kloof_na", gap_card.AFTER),
]
HISTORY_DEFAULTS = {"sorteer": "totaal", "gebied": [], "kloof_sorteer": DEFAULT_SORT}
follow = history.follow_history(
    URL, HISTORY_FIELDS, lambda _context: HISTORY_DEFAULTS, LANG
)

# The rendered response depends only on the request and the data version.
memoise_outputs(HEATMAP_BODY)
memoise_outputs(gap_card.BODY)
