"""Domein: the indicators of one social domain, per gebied, gemeente, wijk and NL.

Why: a policymaker picks a domain (werk & inkomen, schulden, ...) and wants to see
where a gebied stands: on a map (all gemeenten, or the wijken of the gebied's
gemeente), over time against its gemeente, the rest of the gemeente and Nederland,
and in a ranking. A domain without data in this data set says so and names the CBS
tables that fill it online; a national-only indicator says there is no regional figure.

The whole view state is in the URL (``/domein/<domein>?indicator=&periode=&niveau=
&gebied=&rangorde=&lang=``); ``layout`` renders it, the callback re-renders on a
filter change and writes the query string back (``domein-url``, no reload, one
history entry per change); ``follow_history`` sets the filters again on Back/Forward.

Component ids (stable for browser tests):

- ``domein-url`` (dcc.Location), ``domein-context`` (dcc.Store: domain and language)
- filters: ``domein-indicator``, ``domein-periode``, ``domein-niveau``,
  ``domein-gebied``, ``domein-rangorde``
- ``domein-notices`` (unknown URL values), ``domein-content`` (everything below the filters)
- ``domein-kerncijfer-<gebied|gemeente|rest|nederland>`` (key figures of the period)
- chart cards ``domein-kaart``, ``domein-trend``, ``domein-ranglijst`` (graphs: ``<card>-graph``)
- ``domein-geen-gegevens`` (domain without data), ``domein-landelijk`` (NL-only note),
  ``domein-onbekend`` (unknown domain)
"""

import math
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import state
from dashboard.areas import NL
from dashboard.callback_cache import memoise_outputs
from dashboard.components.common import chart_card, data_table, notices
from dashboard.components.downloads import chart_export
from dashboard.components.source import source_lines
from dashboard.figures.maps import choropleth_figure
from dashboard.figures.ranking import ranking_figure
from dashboard.figures.trend import Line, trend_figure
from dashboard.formatting import PLAIN_UNITS, format_number, format_value
from dashboard.i18n import t
from dashboard.services import QueryError
from dashboard.url_state import (
    ViewState,
    language,
    search_string,
    store_data,
    text_value,
)
from data_sources.periods import period_label_nl

dash.register_page(
    __name__,
    path_template="/domein/<domein>",
    title="Domein",
    order=1,
)

URL = "domein-url"
CONTEXT = "domein-context"
INDICATOR = "domein-indicator"
PERIOD = "domein-periode"
LEVEL = "domein-niveau"
GEBIED = "domein-gebied"
RANKING = "domein-rangorde"
NOTICES = "domein-notices"
CONTENT = "domein-content"
KEY_FIGURE = "domein-kerncijfer"  # + "-gebied", "-gemeente", "-rest", "-nederland"
MAP_CARD = "domein-kaart"
TREND_CARD = "domein-trend"
RANK_CARD = "domein-ranglijst"
NO_DATA = "domein-geen-gegevens"
NATIONAL_ONLY = "domein-landelijk"
UNKNOWN = "domein-onbekend"

LATEST = "laatste"
DEFAULT_GEBIED = "den-haag-zuidwest"
LEVELS = ("gemeente", "wijk")
RANKINGS = ("gebieden", "gemeenten", "wijken")

TEXT = {
    "domains": {"nl": "Domeinen", "en": "Domains"},
    "unknown_domain": {
        "nl": "Dit domein bestaat niet. Kies een van deze domeinen:",
        "en": "This domain does not exist. Choose one of these domains:",
    },
    "latest": {"nl": "Laatste", "en": "Latest"},
    "level_gemeente": {"nl": "Alle gemeenten", "en": "All municipalities"},
    "level_wijk": {
        "nl": "Wijken van de gemeente",
        "en": "Districts of the municipality",
    },
    "ranking": {"nl": "Rangorde", "en": "Ranking"},
    "rank_gebieden": {"nl": "De 16 gebieden", "en": "The 16 areas"},
    "rank_gemeenten": {"nl": "Gemeenten", "en": "Municipalities"},
    "rank_wijken": {
        "nl": "Wijken van de gemeente",
        "en": "Districts of the municipality",
    },
    "map": {"nl": "Kaart", "en": "Map"},
    "trend": {"nl": "Ontwikkeling", "en": "Trend"},
    "comparison": {"nl": "Vergelijking", "en": "Comparison"},
    "to": {"nl": "t/m", "en": "to"},
    "one_period": {
        "nl": "Eén periode in deze gegevensset: de lijnen zijn als staven getoond.",
        "en": "One period in this data set: the lines are shown as bars.",
    },
    "gemeente_figure": {
        "nl": "Een gebied heeft hier het cijfer van zijn gemeente (alleen op "
        "gemeenteniveau); gebieden in dezelfde gemeente delen dat cijfer.",
        "en": "An area shows its municipality's figure here (municipality level "
        "only); areas in the same municipality share it.",
    },
    "absent": {
        "nl": "Geen cijfer voor {n} gebieden: {names}.",
        "en": "No figure for {n} areas: {names}.",
    },
    "reference": {"nl": "ter vergelijking", "en": "for reference"},
    "top": {
        "nl": "De {top} hoogste van {n} en het gekozen gebied; alle in de tabel.",
        "en": "The {top} highest of {n} and the chosen area; all in the table.",
    },
    "highlight_gebieden": {
        "nl": "Rood en vet: het gekozen gebied.",
        "en": "Red and bold: the chosen area.",
    },
    "highlight_gemeenten": {
        "nl": "Rood en vet: de gemeente van het gekozen gebied.",
        "en": "Red and bold: the municipality of the chosen area.",
    },
    "highlight_wijken": {
        "nl": "Rood en vet: de wijken van het gekozen gebied.",
        "en": "Red and bold: the districts of the chosen area.",
    },
    "online": {
        "nl": "Online vullen deze CBS-tabellen dit domein (niet in deze gegevensset):",
        "en": "Online, these CBS tables fill this domain (not in this data set):",
    },
    "national_only": {
        "nl": "Alleen een landelijk cijfer: er is geen regionaal cijfer (gemeente, wijk "
        "of gebied) in deze gegevensset.",
        "en": "National figure only: there is no regional figure (municipality, "
        "district or area) in this data set.",
    },
    "not_shown": {"nl": "Niet getoond", "en": "Not shown"},
    "rest": {"nl": "rest van de gemeente", "en": "rest of the municipality"},
    "in_gebied": {"nl": "in het gebied", "en": "in the area"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "note": {"nl": "Opmerking", "en": "Note"},
    "rank": {"nl": "Plaats", "en": "Rank"},
    "value": {"nl": "Waarde", "en": "Value"},
    "wijk": {"nl": "Wijk", "en": "District"},
    "outline_gm": {
        "nl": "Omlijnd (rood): de gemeenten van de 16 gebieden.",
        "en": "Outlined (red): the municipalities of the 16 areas.",
    },
    "outline_wk": {
        "nl": "Omlijnd (rood): de wijken van {gebied}.",
        "en": "Outlined (red): the districts of {gebied}.",
    },
    "secondary": {"nl": "secundaire bron", "en": "secondary source"},
    "unavailable": {"nl": "geen gegevens", "en": "no data"},
}


def _t(key: str, lang: str) -> str:
    entry = TEXT.get(key)
    if entry is None:
        return t(key, lang)
    return entry.get(lang, entry["nl"])


def _card(card_id: str, *args, **kwargs):
    """chart_card with the card id on the section itself (for tests and links)."""
    card = chart_card(card_id, *args, **kwargs)
    card.id = card_id
    return card


# -- the view state ------------------------------------------------------------


@dataclass
class View:
    domain: str
    lang: str
    indicator: str | None = None
    period: str = LATEST
    level: str | None = None
    gebied: str | None = None
    ranking: str = "gebieden"
    notices: list[str] = field(default_factory=list)

    def query(self) -> dict:
        return {
            "indicator": self.indicator,
            "periode": None if self.period == LATEST else self.period,
            "niveau": self.level,
            "gebied": self.gebied,
            "rangorde": self.ranking,
            "lang": self.lang if self.lang != "nl" else None,
        }


def _levels(indicator) -> list[str]:
    """Map levels an indicator has: gemeente-level sources map all gemeenten; wijk
    sources map the wijken of one gemeente."""
    return {"gemeente": ["gemeente"], "wijk": ["wijk"]}.get(indicator.level, [])


def _rankings(indicator) -> list[str]:
    if indicator.level == "nederland":
        return []
    return ["gebieden", "gemeenten" if indicator.level == "gemeente" else "wijken"]


def _series_or_none(service, indicator_id: str, area_id: str):
    try:
        frame = service.series(indicator_id, area_id)
    except QueryError:
        return None
    return frame if frame["value"].notna().any() else None


def _periods(service, indicator, gebied: str | None) -> pd.DataFrame:
    """Periods with a value, newest first: of the gebied, else of Nederland."""
    candidates = [gebied] if gebied and indicator.level != "nederland" else []
    for area_id in [*candidates, NL]:
        frame = _series_or_none(service, indicator.id, area_id)
        if frame is not None:
            with_value = frame[frame["value"].notna()]
            return with_value[["period", "period_label"]].iloc[::-1]
    return pd.DataFrame(columns=["period", "period_label"])


def _has_value(service, indicator_id: str, area_id: str) -> bool:
    return _series_or_none(service, indicator_id, area_id) is not None


def resolve(domain_id: str, query: dict, strict: bool = True) -> View:
    """The view for a domain and a URL query; unknown values fall back to defaults.

    ``strict`` adds a notice per unknown value (URL); a filter callback passes False,
    because a period that does not exist for a newly chosen indicator is simply reset.
    """
    service = state.service()
    lang = language(query.get("lang"))
    view = View(domain=domain_id, lang=lang)
    vs = ViewState()
    problems = service.problems()
    indicators = service.catalogue.in_domain(domain_id)
    usable = [i for i in indicators if i.id not in problems]
    if not usable:
        return view
    gebieden = [a.id for a in service.registry.gebieden()]
    raw_gebied = vs.one("gebied", query.get("gebied"), gebieden, None)
    # Default indicator: the first with a figure for the gebied (given or default),
    # else the first with data at all (e.g. a national series). Only looked for when
    # the URL names no valid indicator.
    usable_ids = [i.id for i in usable]
    default_indicator = usable_ids[0]
    if query.get("indicator") not in usable_ids:
        probe = raw_gebied or DEFAULT_GEBIED
        default_indicator = next(
            (i for i in usable_ids if _has_value(service, i, probe)), usable_ids[0]
        )
    view.indicator = vs.one(
        "indicator", query.get("indicator"), usable_ids, default_indicator
    )
    indicator = service.catalogue.indicator(view.indicator)
    if raw_gebied is None:
        # Den Haag Zuidwest, or the first gebied with a figure for this indicator.
        raw_gebied = DEFAULT_GEBIED if DEFAULT_GEBIED in gebieden else gebieden[0]
        if indicator.level != "nederland" and not _has_value(
            service, indicator.id, raw_gebied
        ):
            raw_gebied = next(
                (g for g in gebieden if _has_value(service, indicator.id, g)),
                raw_gebied,
            )
    view.gebied = raw_gebied
    levels = _levels(indicator)
    view.level = vs.one(
        "niveau", query.get("niveau"), levels, levels[0] if levels else None
    )
    rankings = _rankings(indicator)
    view.ranking = vs.one(
        "rangorde",
        query.get("rangorde"),
        rankings,
        rankings[0] if rankings else "gebieden",
    )
    periods = _periods(service, indicator, view.gebied)
    view.period = vs.one(
        "periode",
        query.get("periode") or LATEST,
        [LATEST, *periods["period"]],
        LATEST,
    )
    if strict:
        view.notices = vs.notices
    return view


# -- layout --------------------------------------------------------------------


def _domain_links(service, current: str | None, lang: str) -> html.Nav:
    suffix = "?lang=en" if lang == "en" else ""
    items = []
    for domain in service.catalogue.domains:
        active = domain.id == current
        items.append(
            html.Li(
                html.A(
                    domain.title.get(lang),
                    href=f"/domein/{domain.id}{suffix}",
                    className="nav-link" + (" active" if active else ""),
                    **({"aria-current": "page"} if active else {}),
                ),
                className="nav-item",
            )
        )
    return html.Nav(
        html.Ul(items, className="nav nav-pills flex-wrap small"),
        **{"aria-label": _t("domains", lang)},
        className="mb-3",
    )


def _unknown_domain(service, domein, lang: str) -> html.Div:
    vs = ViewState()
    vs.one("domein", domein, [d.id for d in service.catalogue.domains], None)
    suffix = "?lang=en" if lang == "en" else ""
    return html.Div(
        [
            html.H1(_t("domains", lang)),
            html.Div(notices(vs.notices, lang), id=NOTICES),
            html.Div(
                [
                    html.P(_t("unknown_domain", lang)),
                    html.Ul(
                        [
                            html.Li(
                                html.A(
                                    d.title.get(lang), href=f"/domein/{d.id}{suffix}"
                                )
                            )
                            for d in service.catalogue.domains
                        ]
                    ),
                ],
                id=UNKNOWN,
            ),
        ]
    )


def _no_data_panel(service, domain, lang: str) -> html.Section:
    """A domain without data in this data set: say so, and where it is online."""
    problems = service.problems()
    parts = [
        html.H2(_t("no_data_set", lang).capitalize(), className="h4"),
    ]
    if domain.note:
        parts.append(html.P(domain.note.get(lang)))
    if domain.online_tables:
        parts.append(html.P(_t("online", lang), className="mb-1"))
        parts.append(
            html.Ul(
                [
                    html.Li(
                        html.A(
                            f"CBS-tabel {table}",
                            href=f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table",
                            rel="noopener",
                        )
                    )
                    for table in domain.online_tables
                ]
            )
        )
    missing = [i for i in service.catalogue.in_domain(domain.id) if i.id in problems]
    if missing:
        parts.append(
            html.Ul(
                [html.Li(f"{i.title.get(lang)}: {problems[i.id]}") for i in missing],
                className="small text-muted",
            )
        )
    return html.Section(
        parts, id=NO_DATA, className="card card-body mb-3 border-warning"
    )


def _online_note(domain, lang: str) -> html.P | None:
    if not domain.online_tables:
        return None
    return html.P(
        [
            _t("online", lang) + " ",
            ", ".join(domain.online_tables) + ".",
        ],
        className="small text-muted",
    )


def _indicator_options(service, domain_id: str, lang: str) -> list[dict]:
    problems = service.problems()
    options = []
    for indicator in service.catalogue.in_domain(domain_id):
        label = indicator.title.get(lang)
        if indicator.secondary:
            label += f" ({_t('secondary', lang)})"
        if indicator.id in problems:
            label += f" ({_t('unavailable', lang)})"
        options.append(
            {
                "label": label,
                "value": indicator.id,
                "disabled": indicator.id in problems,
            }
        )
    return options


def _period_options(service, view: View) -> list[dict]:
    indicator = service.catalogue.indicator(view.indicator)
    periods = _periods(service, indicator, view.gebied)
    latest = periods["period_label"].iloc[0] if len(periods) else "-"
    return [{"label": f"{_t('latest', view.lang)} ({latest})", "value": LATEST}] + [
        {"label": label, "value": key}
        for key, label in zip(periods["period"], periods["period_label"])
    ]


def _level_options(service, view: View) -> list[dict]:
    indicator = service.catalogue.indicator(view.indicator)
    levels = _levels(indicator)
    return [
        {
            "label": _t(f"level_{level}", view.lang),
            "value": level,
            "disabled": level not in levels,
        }
        for level in LEVELS
    ]


def _ranking_options(service, view: View) -> list[dict]:
    indicator = service.catalogue.indicator(view.indicator)
    rankings = _rankings(indicator)
    return [
        {
            "label": _t(f"rank_{r}", view.lang),
            "value": r,
            "disabled": r not in rankings,
        }
        for r in RANKINGS
    ]


def _gebied_options(service) -> list[dict]:
    return [
        {"label": a.name, "value": a.id}
        for a in sorted(service.registry.gebieden(), key=lambda a: a.name)
    ]


def _control(label: str, control_id: str, control, width: dict) -> dbc.Col:
    return dbc.Col(
        [
            html.Label(label, htmlFor=control_id, className="form-label fw-semibold"),
            control,
        ],
        xs=12,
        **width,
        className="mb-2",
    )


def _radio(legend: str, control_id: str, options: list[dict], value) -> dbc.Col:
    return dbc.Col(
        html.Fieldset(
            [
                html.Legend(legend, className="form-label fw-semibold fs-6 mb-1"),
                # dbc, not dcc.RadioItems: plain radio inputs with labels (dcc's
                # listbox markup has no accessible name in Dash 4.4.1).
                dbc.RadioItems(
                    id=control_id,
                    options=options,
                    value=value,
                    inline=True,
                    name=control_id,
                ),
            ]
        ),
        xs=12,
        md=6,
        className="mb-2",
    )


def _filters(service, view: View) -> html.Div:
    lang = view.lang
    indicator = service.catalogue.indicator(view.indicator)
    national = indicator.level == "nederland"
    return html.Div(
        [
            dbc.Row(
                [
                    _control(
                        t("indicator", lang),
                        INDICATOR,
                        dcc.Dropdown(
                            id=INDICATOR,
                            options=_indicator_options(service, view.domain, lang),
                            value=view.indicator,
                            clearable=False,
                            searchable=True,
                        ),
                        {"md": 12, "lg": 5},
                    ),
                    _control(
                        t("gebied", lang),
                        GEBIED,
                        dcc.Dropdown(
                            id=GEBIED,
                            options=_gebied_options(service),
                            value=view.gebied,
                            clearable=False,
                            searchable=True,
                            disabled=national,
                        ),
                        {"md": 6, "lg": 4},
                    ),
                    _control(
                        t("period", lang),
                        PERIOD,
                        dcc.Dropdown(
                            id=PERIOD,
                            options=_period_options(service, view),
                            value=view.period,
                            clearable=False,
                            searchable=True,
                        ),
                        {"md": 6, "lg": 3},
                    ),
                ],
                className="g-3",
            ),
            dbc.Row(
                [
                    _radio(
                        t("level", lang),
                        LEVEL,
                        _level_options(service, view),
                        view.level,
                    ),
                    _radio(
                        _t("ranking", lang),
                        RANKING,
                        _ranking_options(service, view),
                        view.ranking,
                    ),
                ],
                className="g-3",
            ),
        ],
        className="mb-3",
    )


def layout(domein: str | None = None, **query):
    service = state.service()
    lang = language(query.get("lang"))
    try:
        domain = service.catalogue.domain(str(domein))
    except KeyError:
        return _unknown_domain(service, domein, lang)
    view = resolve(domain.id, query)
    header = [
        html.H1(domain.title.get(lang)),
        _domain_links(service, domain.id, lang),
    ]
    if view.indicator is None:
        return html.Div(
            [*header, _no_data_panel(service, domain, lang)],
        )
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(
                id=CONTEXT,
                data={"domain": domain.id, "lang": lang},
            ),
            *header,
            html.Div(notices(view.notices, lang), id=NOTICES),
            _filters(service, view),
            dcc.Loading(
                html.Div(content(view), id=CONTENT),
                type="default",
                delay_show=300,
            ),
            _online_note(domain, lang),
        ]
    )


# -- content -------------------------------------------------------------------


def _muted(text: str, **kwargs) -> html.P:
    return html.P(text, className="text-muted small fst-italic", **kwargs)


def _period_key(service, indicator, view: View) -> str | None:
    """The concrete period every card shows: the chosen one, or the latest."""
    if view.period != LATEST:
        return view.period
    periods = _periods(service, indicator, view.gebied)
    return periods["period"].iloc[0] if len(periods) else None


@dataclass
class TrendLine:
    kind: str
    area_id: str
    label: str
    frame: pd.DataFrame | None
    reason: str | None = None


def _trend_lines(service, indicator, view: View) -> list[TrendLine]:
    """Gebied, its gemeente, the rest of the gemeente and NL; unavailable ones say why."""
    lang = view.lang
    nl_line = TrendLine("nederland", NL, t("nederland", lang), None)
    if indicator.level == "nederland":
        candidates = [nl_line]
    else:
        gebied = service.area(view.gebied)
        gemeente = service.area(gebied.gemeente) if gebied.gemeente else None
        candidates = [TrendLine("gebied", gebied.id, gebied.name, None)]
        if gemeente is not None:
            candidates.append(TrendLine("gemeente", gemeente.id, gemeente.name, None))
            candidates.append(
                TrendLine(
                    "rest",
                    f"rest-{gebied.id}",
                    f"{gemeente.name}, {_t('rest', lang)}",
                    None,
                )
            )
        candidates.append(nl_line)
    for line in candidates:
        try:
            frame = service.series(indicator.id, line.area_id)
        except QueryError as exc:
            line.reason = str(exc)
            continue
        if not frame["value"].notna().any():
            reasons = frame["missing_reason"].dropna()
            line.reason = f"{line.label}: " + (
                str(reasons.iloc[0]) if len(reasons) else _t("unavailable", lang)
            )
            continue
        line.frame = frame
    return candidates


def _row_at(frame: pd.DataFrame | None, key: str | None) -> dict | None:
    if frame is None or key is None:
        return None
    rows = frame[frame["period"] == key]
    return rows.iloc[0].to_dict() if len(rows) else None


def _flags(row: dict | None) -> list[str]:
    """Estimate, coverage and level notes of one figure, in words."""
    if row is None:
        return []
    notes = []
    if row.get("estimate"):
        notes.append(t("estimate", "nl"))
    for key in ("coverage", "level_note"):
        value = row.get(key)
        if isinstance(value, str) and value:
            notes.append(value)
    return notes


def _value_parts(value: float, decimals: int, unit: str) -> list:
    """'14,2' large with ' per 100.000 inwoners' small; '53%' stays together."""
    number = format_number(value, decimals)
    if unit in ("aantal", "number"):
        return [number]
    if unit == "%" or unit in PLAIN_UNITS:  # '53%', '€ 240.000'
        return [format_value(value, decimals, unit)]
    return [number, html.Span(" " + unit, className="fs-6 fw-normal text-nowrap")]


def _key_figures(indicator, lines: list[TrendLine], key: str | None, lang: str):
    cols = []
    for line in lines:
        row = _row_at(line.frame, key)
        value = row["value"] if row else None
        if line.frame is None:
            text, note = _t("unavailable", lang), line.reason or ""
        elif value is None or (isinstance(value, float) and math.isnan(value)):
            reason = row.get("missing_reason") if row else None
            text = _t("unavailable", lang)
            note = (
                reason
                if isinstance(reason, str)
                else (
                    f"{_t('unavailable', lang)} ({period_label_nl(key)})" if key else ""
                )
            )
        else:
            text = _value_parts(value, indicator.decimals, indicator.unit.get(lang))
            note = "; ".join(_flags(row))
        cols.append(
            dbc.Col(
                html.Div(
                    [
                        html.Div(line.label, className="small text-muted"),
                        html.Div(
                            text,
                            id=f"{KEY_FIGURE}-{line.kind}",
                            className="fs-4 fw-bold",
                            **{"data-value": "" if value is None else repr(value)},
                        ),
                        html.Div(note, className="small text-muted"),
                    ],
                    className="border rounded p-2 h-100",
                ),
                xs=12,
                sm=6,
                lg=3,
                className="mb-2",
            )
        )
    return html.Div(
        dbc.Row(cols, className="g-2"),
        role="group",
        className="mb-3",
        **{"aria-label": f"{indicator.title.get(lang)}, {period_label_nl(key)}"}
        if key
        else {},
    )


def _trend_card(service, indicator, lines, view: View, key: str | None):
    lang = view.lang
    unit = indicator.unit.get(lang)
    title = indicator.title.get(lang)
    drawn = [line for line in lines if line.frame is not None]
    notes = []
    # A gemeente-level figure shown for the gebied is the gemeente's own line: draw it
    # once and say so.
    gebied_line = next((line for line in drawn if line.kind == "gebied"), None)
    if gebied_line is not None:
        level_note = gebied_line.frame["level_note"].iloc[0]
        if isinstance(level_note, str) and level_note:
            drawn = [line for line in drawn if line is not gebied_line]
            notes.append(f"{gebied_line.label}: {level_note}.")
    for line in lines:
        if line.frame is None and line.reason:
            notes.append(f"{_t('not_shown', lang)}: {line.reason}.")
    estimated = [line.label for line in drawn if bool(line.frame["estimate"].any())]
    if estimated:
        notes.append(f"{t('estimate', lang).capitalize()}: {', '.join(estimated)}.")
    for line in drawn:
        row = _row_at(line.frame, key)
        if row and isinstance(row.get("coverage"), str) and row["coverage"]:
            notes.append(f"{line.label}: {row['coverage']}.")
    if not drawn:
        return html.Section(
            [
                html.H2(f"{_t('trend', lang)}: {title}", className="h5"),
                _muted(" ".join(notes) or _t("unavailable", lang)),
            ],
            id=TREND_CARD,
            className="card card-body mb-3",
        )
    single = all(line.frame["value"].notna().sum() == 1 for line in drawn) and (
        len(
            {p for line in drawn for p in line.frame.dropna(subset=["value"])["period"]}
        )
        == 1
    )
    if single:
        # One period only (e.g. the wijk figures of 2022): bars compare better than dots.
        bars = pd.DataFrame(
            [
                {
                    "area_id": line.area_id,
                    "area_name": line.label,
                    "value": line.frame["value"].dropna().iloc[0],
                }
                for line in drawn
            ]
        )
        figure = _readable_ranking(
            ranking_figure(bars, unit, indicator.decimals, [view.gebied]),
            indicator.decimals,
        )
        notes.append(_t("one_period", lang))
    else:
        figure = trend_figure(
            [
                Line(
                    line.label,
                    line.kind,
                    line.frame[["period_start", "period_label", "value"]],
                )
                for line in drawn
            ],
            unit,
            indicator.decimals,
        )
        chosen = _row_at(drawn[0].frame, key)
        if chosen is not None and view.period != LATEST:
            # The period of the map, ranking and key figures, marked on the time axis.
            figure.add_vline(
                x=pd.Timestamp(chosen["period_start"]),
                line={"color": "#6b6b6b", "width": 1, "dash": "dot"},
                annotation_text=chosen["period_label"],
                annotation_position="top",
            )
    table = _trend_table(drawn, indicator, lang)
    with_value = pd.concat(
        [line.frame.dropna(subset=["value"]) for line in drawn]
    ).sort_values("period_start")
    first, last = (
        with_value["period_label"].iloc[0],
        with_value["period_label"].iloc[-1],
    )
    span = first if first == last else f"{first} {_t('to', lang)} {last}"
    heading = _t("comparison" if single else "trend", lang)
    return _card(
        TREND_CARD,
        f"{heading}: {title}",
        f"{unit} · {span}",
        figure,
        table,
        source_lines(service, [indicator], notes, lang),
        lang,
        export=chart_export(
            service,
            [indicator.id],
            [line.area_id for line in drawn],
            None,
            "trend",
            lang,
        ),
    )


def _trend_table(lines, indicator, lang: str) -> html.Table:
    merged = None
    columns = {"period_label": t("period", lang)}
    for n, line in enumerate(lines):
        part = line.frame[["period", "period_start", "period_label", "value"]].rename(
            columns={"value": f"v{n}"}
        )
        merged = (
            part
            if merged is None
            else merged.merge(
                part, on=["period", "period_start", "period_label"], how="outer"
            )
        )
        columns[f"v{n}"] = line.label
    merged = merged.sort_values("period_start", ascending=False)
    return data_table(
        merged,
        columns,
        caption=f"{indicator.title.get(lang)} ({indicator.unit.get(lang)})",
        decimals={f"v{n}": indicator.decimals for n in range(len(lines))},
        missing=_t("unavailable", lang),
    )


_VIEWS: dict[tuple[int, str], tuple[dict, float] | None] = {}


def _gemeente_view(service, gemeente: str) -> tuple[dict, float] | None:
    """Map centre and zoom that fit the wijken of one gemeente."""
    key = (id(service), gemeente)
    if key not in _VIEWS:
        _VIEWS[key] = _compute_view(service, gemeente)
    return _VIEWS[key]


def _compute_view(service, gemeente: str) -> tuple[dict, float] | None:
    import json

    from shapely.geometry import shape

    from dashboard.areas import WIJK_DATASET

    area = service.registry.areas.get(gemeente)
    if area is None or not area.wijken:
        return None
    rows = service.cache.current(
        "geometries", WIJK_DATASET, area_code=list(area.wijken)
    )
    if not len(rows):
        return None
    bounds = [shape(json.loads(g)).bounds for g in rows["geojson"]]
    west = min(b[0] for b in bounds)
    south = min(b[1] for b in bounds)
    east = max(b[2] for b in bounds)
    north = max(b[3] for b in bounds)

    def merc(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    width_px, height_px = 340, 440  # fits a phone (375 px) as well as a desktop column
    span_x = max(east - west, 1e-4)
    span_y = max(merc(north) - merc(south), 1e-4)
    zoom = min(
        math.log2(width_px * 360 / (512 * span_x)),
        math.log2(height_px * 360 / (512 * span_y)),
    )
    center_lat = math.degrees(
        math.atan(math.sinh(math.radians((merc(north) + merc(south)) / 2)))
    )
    return {"lat": center_lat, "lon": (west + east) / 2}, max(zoom - 0.2, 5.0)


def _bins(indicator, values: pd.Series) -> tuple[list[float], int]:
    """Map classes and the decimals to label them: the catalogue's classes; without
    them, quintile bounds of the values shown, rounded to the indicator's decimals
    (one more while bounds would coincide)."""
    if indicator.map_bins:
        return list(indicator.map_bins), indicator.decimals
    clean = values.dropna()
    if clean.empty:
        return [], indicator.decimals
    low, high = float(clean.min()), float(clean.max())
    quantiles = clean.quantile([0.2, 0.4, 0.6, 0.8]).tolist()
    if len(set(quantiles)) < len(quantiles):  # many equal values (e.g. zeros)
        quantiles = [low + (high - low) * k / 5 for k in range(1, 5)]
    for decimals in range(indicator.decimals, indicator.decimals + 4):
        bounds = sorted({round(q, decimals) for q in quantiles})
        if len(bounds) == len(quantiles):
            break
    return [b for b in bounds if b > low] or bounds, decimals


def _map_legend(figure, unit: str) -> html.Div:
    """The map classes as an HTML legend under the map (wraps on a phone), in place
    of Plotly's colour bar, which takes half the width of a small screen."""
    trace = figure.data[0]
    labels = list(trace.colorbar.ticktext)
    colours = [pair[1] for pair in trace.colorscale[::2]]
    trace.showscale = False
    items = [
        html.Li(
            [
                html.Span(
                    className="d-inline-block border me-1 align-middle",
                    style={"width": "1.1em", "height": "1.1em", "background": colour},
                ),
                label,
            ],
            className="list-inline-item small me-3",
        )
        for colour, label in zip(colours, labels)
    ]
    return html.Div(
        [
            html.Span(f"{unit}: ", className="small fw-semibold me-1"),
            html.Ul(items, className="list-inline d-inline mb-0"),
        ],
        className="mt-1",
        **{"aria-label": f"Legenda ({unit})"},
        role="group",
    )


def _map_card(service, indicator, view: View, key: str | None):
    lang = view.lang
    unit = indicator.unit.get(lang)
    title = f"{_t('map', lang)}: {indicator.title.get(lang)}"
    gebied = service.area(view.gebied)
    try:
        if key is None:
            raise QueryError(f"{indicator.title.nl}: geen periode met gegevens")
        frame = service.map_values(indicator.id, view.level, key)
    except QueryError as exc:
        return _unavailable_card(MAP_CARD, title, str(exc))
    names_col = t("gemeente", lang)
    if view.level == "wijk":
        gemeente = service.area(gebied.gemeente)
        prefix = "WK" + gemeente.id[2:6]
        frame = frame[frame["area_id"].str.startswith(prefix)]
        wanted = list(dict.fromkeys([*gemeente.wijken, *frame["area_id"]]))
        names = {
            w: service.registry.areas[w].name
            for w in wanted
            if w in service.registry.areas
        }
        frame = (
            frame.set_index("area_id")
            .reindex(wanted)
            .reset_index()
            .assign(area_name=lambda f: f["area_id"].map(names).fillna(f["area_id"]))
        )
        outline = list(gebied.wijken)
        geojson = f"/geo/wijken/{gemeente.id}.json"
        fitted = _gemeente_view(service, gemeente.id)
        center, zoom = fitted if fitted else (None, 6.0)
        outline_note = _t("outline_wk", lang).format(gebied=gebied.name)
        names_col = _t("wijk", lang)
        title += f" ({gemeente.name})"
    else:
        outline = sorted(
            {a.gemeente for a in service.registry.gebieden() if a.gemeente}
        )
        geojson = "/geo/gemeenten.json"
        center, zoom = None, 5.6  # all of NL, also on a phone
        outline_note = _t("outline_gm", lang)
    if not frame["value"].notna().any():
        return _unavailable_card(
            MAP_CARD, title, f"{_t('unavailable', lang)} ({period_label_nl(key)})"
        )
    bins, bin_decimals = _bins(indicator, frame["value"])
    figure = choropleth_figure(
        frame,
        geojson,
        bins,
        unit,
        bin_decimals,
        outline_ids=outline,
        center=center,
        zoom=zoom,
    )
    legend = _map_legend(figure, unit)
    marked = set(outline)
    table_frame = frame.assign(
        in_gebied=[
            _t("yes", lang) if a in marked else _t("no", lang) for a in frame["area_id"]
        ]
    )
    if view.level == "gemeente":
        table_frame = table_frame.dropna(subset=["value"]).sort_values("area_name")
    table = data_table(
        table_frame,
        {
            "area_name": names_col,
            "value": f"{_t('value', lang)} ({unit})",
            "in_gebied": _t("in_gebied", lang)
            if view.level == "wijk"
            else t("gebieden", lang),
        },
        caption=f"{title}, {period_label_nl(key)}",
        decimals={"value": indicator.decimals},
        missing=_t("unavailable", lang),
    )
    card = _card(
        MAP_CARD,
        title,
        f"{unit} · {period_label_nl(key)}",
        figure,
        table,
        source_lines(service, [indicator], [outline_note], lang),
        lang,
        export=chart_export(
            service, [indicator.id], list(frame["area_id"]), [key], "map", lang
        ),
    )
    card.children.insert(2, legend)  # after the graph, before the table
    return card


def _readable_ranking(figure, decimals: int):
    """Bar labels as bare numbers (the unit is on the axis) and room for them."""
    if not figure.data:
        return figure
    values = [v for v in figure.data[0].x if v is not None and not pd.isna(v)]
    figure.update_traces(
        text=[format_number(v, decimals) for v in figure.data[0].x], cliponaxis=False
    )
    if values:
        low, high = min(0.0, min(values)), max(0.0, max(values))
        figure.update_xaxes(range=[low * 1.15, high * 1.15 or 1], nticks=5)
    return figure


def _ranking_card(service, indicator, lines, view: View, key: str | None):
    lang = view.lang
    unit = indicator.unit.get(lang)
    title = f"{_t('ranking', lang)}: {indicator.title.get(lang)}"
    gebied = service.area(view.gebied)
    notes: list[str] = []
    try:
        if key is None:
            raise QueryError(f"{indicator.title.nl}: geen periode met gegevens")
        if view.ranking == "gebieden":
            frame = service.map_values(indicator.id, "gebied", key)
            highlight = [gebied.id]
            flags = {}
            for area_id in frame["area_id"]:
                row = _row_at(_series_or_none(service, indicator.id, area_id), key)
                flags[area_id] = "; ".join(_flags(row))
            frame = frame.assign(note=frame["area_id"].map(flags))
            if indicator.level == "gemeente":
                notes.append(_t("gemeente_figure", lang))
            absent = [
                a.name
                for a in service.registry.gebieden()
                if a.id not in set(frame.dropna(subset=["value"])["area_id"])
            ]
            if absent:
                notes.append(
                    _t("absent", lang).format(n=len(absent), names=", ".join(absent))
                )
            nl_row = _row_at(
                next((ln.frame for ln in lines if ln.kind == "nederland"), None), key
            )
            if nl_row is not None and not pd.isna(nl_row["value"]):
                reference = {
                    "area_id": NL,
                    "area_name": t("nederland", lang),
                    "period": key,
                    "value": nl_row["value"],
                    "note": "; ".join([_t("reference", lang), *_flags(nl_row)]),
                }
                frame = pd.concat([frame, pd.DataFrame([reference])], ignore_index=True)
        elif view.ranking == "gemeenten":
            frame = service.map_values(indicator.id, "gemeente", key)
            frame = frame[frame["area_id"].isin(service.registry.areas)]
            highlight = [gebied.gemeente]
        else:
            frame = service.map_values(indicator.id, "wijk", key)
            frame = frame[frame["area_id"].str.startswith("WK" + gebied.gemeente[2:6])]
            highlight = list(gebied.wijken)
    except QueryError as exc:
        return _unavailable_card(RANK_CARD, title, str(exc))
    frame = frame.dropna(subset=["value"])
    if not len(frame):
        return _unavailable_card(
            RANK_CARD, title, f"{_t('unavailable', lang)} ({period_label_nl(key)})"
        )
    frame = frame.sort_values("value", ascending=False).reset_index(drop=True)
    ranked = frame["area_id"] != NL
    frame.loc[ranked, "rank"] = range(1, int(ranked.sum()) + 1)
    top = 25
    figure = _readable_ranking(
        ranking_figure(frame, unit, indicator.decimals, highlight, top=top),
        indicator.decimals,
    )
    if len(frame) > top:
        notes.append(_t("top", lang).format(top=top, n=len(frame)))
    notes.append(_t(f"highlight_{view.ranking}", lang))
    if "note" not in frame:
        frame["note"] = ""
    table = data_table(
        frame,
        {
            "rank": _t("rank", lang),
            "area_name": t("gebied", lang),
            "value": f"{_t('value', lang)} ({unit})",
            "note": _t("note", lang),
        },
        caption=f"{title}, {period_label_nl(key)}",
        decimals={"value": indicator.decimals, "rank": 0},
        missing=_t("unavailable", lang),
    )
    return _card(
        RANK_CARD,
        title,
        f"{unit} · {period_label_nl(key)} · {_t('rank_' + view.ranking, lang)}",
        figure,
        table,
        source_lines(service, [indicator], notes, lang),
        lang,
        export=chart_export(
            service, [indicator.id], list(frame["area_id"]), [key], "ranking", lang
        ),
    )


def _unavailable_card(card_id: str, title: str, reason: str) -> html.Section:
    return html.Section(
        [html.H2(title, className="h5"), _muted(reason, id=f"{card_id}-reden")],
        id=card_id,
        className="card card-body mb-3",
    )


def content(view: View):
    """Everything below the filters for one view (key figures and three cards)."""
    service = state.service()
    lang = view.lang
    indicator = service.catalogue.indicator(view.indicator)
    key = _period_key(service, indicator, view)
    lines = _trend_lines(service, indicator, view)
    intro = [
        html.P(
            [
                html.Strong(indicator.title.get(lang) + ". "),
                indicator.definition.get(lang),
                " ",
                html.A("Definitie (CBS)", href=indicator.definition_url, rel="noopener")
                if indicator.definition_url
                else None,
            ],
            className="mb-2",
        )
    ]
    trend = _trend_card(service, indicator, lines, view, key)
    if indicator.level == "nederland":
        return html.Div(
            [
                *intro,
                dbc.Alert(_t("national_only", lang), color="info", id=NATIONAL_ONLY),
                _key_figures(indicator, lines, key, lang),
                trend,
            ]
        )
    return html.Div(
        [
            *intro,
            _key_figures(indicator, lines, key, lang),
            dbc.Row(
                [
                    dbc.Col(_map_card(service, indicator, view, key), xs=12, lg=7),
                    dbc.Col(
                        _ranking_card(service, indicator, lines, view, key),
                        xs=12,
                        lg=5,
                    ),
                ]
            ),
            trend,
        ]
    )


# -- callback ------------------------------------------------------------------


@dash.callback(
    Output(CONTENT, "children"),
    Output(NOTICES, "children"),
    Output(PERIOD, "options"),
    Output(PERIOD, "value"),
    Output(LEVEL, "options"),
    Output(LEVEL, "value"),
    Output(RANKING, "options"),
    Output(RANKING, "value"),
    Output(GEBIED, "disabled"),
    Output(URL, "search"),
    Input(INDICATOR, "value"),
    Input(PERIOD, "value"),
    Input(LEVEL, "value"),
    Input(GEBIED, "value"),
    Input(RANKING, "value"),
    State(CONTEXT, "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def update(indicator, periode, niveau, gebied, rangorde, context, search=None):
    """A filter changed: re-render the cards, fit the other filters, write the URL."""
    indicator, periode, niveau, gebied, rangorde, search = map(
        text_value, (indicator, periode, niveau, gebied, rangorde, search)
    )
    context = store_data(context)
    service = state.service()
    query = {
        "indicator": indicator,
        "periode": periode,
        "niveau": niveau,
        "gebied": gebied,
        "rangorde": rangorde,
        "lang": context.get("lang"),
    }
    view = resolve(str(context.get("domain")), query, strict=False)
    if view.indicator is None:
        raise dash.exceptions.PreventUpdate
    national = service.catalogue.indicator(view.indicator).level == "nederland"
    return (
        content(view),
        notices([], view.lang),
        _period_options(service, view),
        view.period,
        _level_options(service, view),
        view.level,
        _ranking_options(service, view),
        view.ranking,
        national,
        _new_search(view, search),
    )


def _new_search(view: View, search: str | None):
    """The query string of the view, or no_update when the address already shows this
    view (after Back/Forward, or a first URL like ``?indicator=x``): writing it again
    would add a history entry and cut off Forward."""
    wanted = search_string(view.query())
    if search is not None and search != wanted:
        query = {k: v[0] for k, v in parse_qs(search.lstrip("?")).items()}
        query["lang"] = view.lang
        if search_string(resolve(view.domain, query, strict=False).query()) == wanted:
            return dash.no_update
    return wanted


@dash.callback(
    Output(INDICATOR, "value"),
    Output(GEBIED, "value"),
    Output(PERIOD, "value", allow_duplicate=True),
    Output(LEVEL, "value", allow_duplicate=True),
    Output(RANKING, "value", allow_duplicate=True),
    Input(URL, "search"),
    State(INDICATOR, "value"),
    State(PERIOD, "value"),
    State(LEVEL, "value"),
    State(GEBIED, "value"),
    State(RANKING, "value"),
    State(CONTEXT, "data"),
    prevent_initial_call=True,
)
def follow_history(search, indicator, periode, niveau, gebied, rangorde, context):
    """Back/forward in the browser changes only the query string (the page router does
    not see it): set the filters to that URL. The URL that ``update`` itself writes
    matches the filters already, so nothing happens then."""
    search, indicator, periode, niveau, gebied, rangorde = map(
        text_value, (search, indicator, periode, niveau, gebied, rangorde)
    )
    context = store_data(context)
    lang = language(context.get("lang"))
    current = View(
        str(context.get("domain")), lang, indicator, periode or LATEST, niveau, gebied
    )
    current.ranking = rangorde
    if (search or "") == search_string(current.query()):
        raise dash.exceptions.PreventUpdate
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    view = resolve(current.domain, query, strict=False)
    wanted = (view.indicator, view.gebied, view.period, view.level, view.ranking)
    if view.indicator is None or wanted == (
        indicator,
        gebied,
        periode,
        niveau,
        rangorde,
    ):
        raise dash.exceptions.PreventUpdate  # e.g. the first URL, before normalising
    return wanted


# The rendered responses depend only on the request and the data version.
memoise_outputs(INDICATOR, CONTENT)
