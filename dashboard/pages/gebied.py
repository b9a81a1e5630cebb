"""Gebied: the profile of one of the 16 gebieden across all domains.

Why: a policymaker responsible for one area wants, on one page, what the area is
(which CBS wijken, how sure that composition is and why), how it compares with
Nederland, its gemeente and the rest of its gemeente in every domain, where it lies
within its gemeente, and how one figure developed over time. A domain without figures
for the area says so and names the CBS table that would fill it.

URL: ``/gebied/<gebied_id>?indicator=<wijk indicator for the map>&trend=<indicator>
&lang=nl|en``. Unknown ids and values give a notice, never a traceback.

Component ids (stable; browser tests use them):

- ``gebied-url``: dcc.Location (refresh=False) whose ``search`` the selects write
- ``gebied-nav``: dcc.Location (callback-nav) that the gebied select navigates with
- ``gebied-context``: dcc.Store {"gebied": id, "lang": nl|en}
- ``gebied-kies``: Dropdown to switch gebied
- ``gebied-definitie``: the definition block (wijken, confidence, source)
- ``gebied-kerncijfers``: key figures; per domain ``gebied-domein-<domain id>``
- ``gebied-kaart-indicator``: Dropdown of the map indicator; ``gebied-kaart-body``
  holds the chart card ``gebied-kaart`` (graph ``gebied-kaart-graph``)
- ``gebied-trend-indicator``: Dropdown of the trend indicator; ``gebied-trend-body``
  holds the chart card ``gebied-trend`` (graph ``gebied-trend-graph``)
- ``gebied-onbekend``: the message for an unknown gebied id
- ``gebied-brief-knop``: button that downloads the one-page PDF brief through
  ``gebied-brief-download`` (dcc.Download); ``gebied-brief-status`` says what happened
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import MissingCallbackContextException

from dashboard import history, state
from dashboard.areas import gebied_status
from dashboard.callback_cache import memoise_outputs
from dashboard.components.cards import map_card, trend_card, unavailable_card
from dashboard.components.common import notices
from dashboard.components.key_figures import (
    difference_text,
    direction_text,
    dropdown_labels,
    is_missing,
    missing_domain,
    notes_of,
    previous_change,
    trend,
    value_text,
)
from dashboard.i18n import t
from dashboard.services import QueryError
from dashboard.url_state import (
    ViewState,
    language,
    search_string,
    store_data,
    text_value,
)
from dashboard.views import gebied as gebied_views
from dashboard.views import policy
from dashboard.views.gebied import (
    default_map,
    default_trend,
    gebieden_counts,
    map_options,
    trend_options,
)
from dashboard.views.sources import source_lines
from data_sources.catalogue import read_catalogue
from data_sources.periods import period_label_nl


def _title(gebied_id: str | None = None, **_other) -> str:
    try:
        name = state.service().registry.get(gebied_id or "").name
    except Exception:  # noqa: BLE001 - a title never breaks a page
        name = "Gebied"
    return f"{name} – Coronadashboard Sociaal Domein"


dash.register_page(
    __name__,
    path_template="/gebied/<gebied_id>",
    title=_title,
    order=2,
    nav="nav.gebieden",
    nav_path=f"/gebied/{read_catalogue().pages.gebied}",
)

URL = "gebied-url"
NAV = "gebied-nav"
CONTEXT = "gebied-context"
SELECT = "gebied-kies"
DEFINITION = "gebied-definitie"
FIGURES = "gebied-kerncijfers"
DOMAIN = "gebied-domein-{}"
MAP_INDICATOR = "gebied-kaart-indicator"
MAP_BODY = "gebied-kaart-body"
MAP = "gebied-kaart"
TREND_INDICATOR = "gebied-trend-indicator"
TREND_BODY = "gebied-trend-body"
TREND = "gebied-trend"
UNKNOWN = "gebied-onbekend"
BRIEF_BUTTON = "gebied-brief-knop"
BRIEF_DOWNLOAD = "gebied-brief-download"
BRIEF_STATUS = "gebied-brief-status"
HISTORY_FIELDS = [
    history.Field("indicator", MAP_INDICATOR),
    history.Field("trend", TREND_INDICATOR),
]


TEXT = {
    "unknown_title": {"nl": "Onbekend gebied", "en": "Unknown area"},
    "unknown": {
        "nl": "Het gebied {id} bestaat niet in dit dashboard. Kies een van de {n} "
        "stedelijke vernieuwingsgebieden:",
        "en": "The area {id} does not exist in this dashboard. Choose one of the {n} "
        "urban renewal areas:",
    },
    "choose": {"nl": "Kies een ander gebied", "en": "Choose another area"},
    "brief": {
        "nl": "Download gebiedsprofiel (PDF, 1 pagina)",
        "en": "Download area brief (PDF, 1 page, in Dutch)",
    },
    "brief_help": {
        "nl": "Kerncijfers per domein, coronakloof, kaart, trend en bronnen op één A4.",
        "en": "Key figures per domain, corona gap, map, trend and sources on one A4.",
    },
    "brief_done": {
        "nl": "Gebiedsprofiel {name} is gedownload.",
        "en": "Area brief {name} downloaded.",
    },
    "brief_failed": {
        "nl": "Het gebiedsprofiel kon niet worden gemaakt: {reason}",
        "en": "The area brief could not be made: {reason}",
    },
    "gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "composition": {"nl": "Samenstelling", "en": "Composition"},
    "status": {"nl": "Zekerheid", "en": "Certainty"},
    "wijken": {
        "nl": "CBS-wijken (indeling 2021) die samen het gebied vormen",
        "en": "CBS wijken (2021 division) that together form the area",
    },
    "programme_names": {
        "nl": "Namen in het programma",
        "en": "Names used by the programme",
    },
    "optional": {
        "nl": "Mogelijk ook (niet meegeteld)",
        "en": "Possibly also (not counted)",
    },
    "why": {"nl": "Toelichting", "en": "Explanation"},
    "codes_note": {"nl": "Over de codes", "en": "About the codes"},
    "source": {"nl": "Bron van de samenstelling", "en": "Source of the composition"},
    "no_codes": {
        "nl": "Voor dit gebied zijn geen CBS-wijkcodes bekend; er zijn daarom geen "
        "gebiedscijfers, alleen cijfers van de gemeente.",
        "en": "No CBS wijk codes are known for this area, so there are no area figures, "
        "only municipal ones.",
    },
    "key_heading": {"nl": "Kerncijfers per domein", "en": "Key figures per domain"},
    "key_intro": {
        "nl": "Laatste periode per indicator. Het gebied naast Nederland, de gemeente en "
        "de rest van de gemeente (de gemeente zonder het gebied). Een pijl staat er "
        "alleen als het cijfer meer veranderde dan de afronding.",
        "en": "Latest period per indicator. The area next to the Netherlands, the "
        "municipality and the rest of the municipality. An arrow is shown only when the "
        "figure changed by more than rounding.",
    },
    "col_nl": {"nl": "Nederland", "en": "Netherlands"},
    "col_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "col_rest": {"nl": "Rest van de gemeente", "en": "Rest of municipality"},
    "col_difference": {
        "nl": "Verschil met Nederland",
        "en": "Difference with the Netherlands",
    },
    "map_heading": {
        "nl": "Het gebied in zijn gemeente",
        "en": "The area in its municipality",
    },
    "map_label": {"nl": "Indicator op de kaart", "en": "Indicator on the map"},
    "map_none": {
        "nl": "Geen wijkcijfers voor {gemeente} in deze gegevensset.",
        "en": "No wijk figures for {gemeente} in this data set.",
    },
    "trend_heading": {"nl": "Ontwikkeling in de tijd", "en": "Development over time"},
    "trend_label": {"nl": "Indicator in de grafiek", "en": "Indicator in the chart"},
    "trend_none": {
        "nl": "Geen indicator met meer dan één periode voor dit gebied.",
        "en": "No indicator with more than one period for this area.",
    },
}


def _t(key: str, lang: str) -> str:
    entry = TEXT.get(key)
    if entry is None:
        return t(key, lang)
    return entry.get(lang, entry["nl"])


def _suffix(lang: str) -> str:
    return "?lang=en" if lang == "en" else ""


# ----------------------------------------------------------------- definition


def unknown_gebied(service, gebied_id, lang: str) -> html.Div:
    """A helpful message with links to the 16 gebieden (a normal page, status 200)."""
    shown = repr(str(gebied_id)[:40])
    return html.Div(
        [
            html.H1(_t("unknown_title", lang)),
            html.P(_t("unknown", lang).format(id=shown, **gebieden_counts(service))),
            html.Ul(
                [
                    html.Li(html.A(a.name, href=f"/gebied/{a.id}{_suffix(lang)}"))
                    for a in service.registry.gebieden()
                ]
            ),
        ],
        id=UNKNOWN,
    )


def definition(service, area, lang: str) -> html.Section:
    """Name, gemeente, wijken with names, confidence in words, reason, codes, source."""
    registry = service.registry
    gemeente = registry.areas.get(area.gemeente)
    gemeente_name = gemeente.name if gemeente else (area.gemeente or "")
    status = gebied_status(area)
    meta = area.meta or {}
    parts: list = [
        html.P(
            [html.Strong(f"{_t('gemeente', lang)}: "), gemeente_name],
            className="mb-1",
        ),
        html.P(
            [html.Strong(f"{_t('status', lang)}: "), status],
            className="mb-1 gebied-status",
        ),
    ]
    if area.wijken:
        wijken = [
            html.Li(
                f"{code} {registry.areas[code].name}"
                if code in registry.areas
                else code
            )
            for code in area.wijken
        ]
        parts.append(html.P(html.Strong(_t("wijken", lang) + ":"), className="mb-0"))
        parts.append(html.Ul(wijken, className="mb-1 gebied-wijken"))
    else:
        parts.append(html.P(_t("no_codes", lang), className="mb-1"))
    if meta.get("wijk_names"):
        parts.append(
            html.P(
                [
                    html.Strong(f"{_t('programme_names', lang)}: "),
                    ", ".join(meta["wijk_names"]),
                ],
                className="mb-1",
            )
        )
    if meta.get("optional"):
        optional = [
            f"{code} {registry.areas[code].name}" if code in registry.areas else code
            for code in meta["optional"]
        ]
        parts.append(
            html.P(
                [html.Strong(f"{_t('optional', lang)}: "), ", ".join(optional)],
                className="mb-1",
            )
        )
    reason = "confidence_reason_en" if lang == "en" else "confidence_reason"
    codes = "codes_note_en" if lang == "en" else "codes_note"
    for key, label in (
        (reason if meta.get(reason) else "confidence_reason", "why"),
        (codes if meta.get(codes) else "codes_note", "codes_note"),
        ("source", "source"),
    ):
        if meta.get(key):
            parts.append(
                html.P(
                    [html.Strong(f"{_t(label, lang)}: "), str(meta[key])],
                    className="small mb-1",
                )
            )
    return html.Section(
        parts,
        id=DEFINITION,
        className="border rounded p-2 mb-3 bg-light",
        style={"overflowWrap": "anywhere"},  # long source URLs wrap on a phone
        **{"aria-label": _t("composition", lang)},
    )


# --------------------------------------------------------------- key figures


def key_rows(service, area, lang: str) -> pd.DataFrame:
    """The profile with the change since the previous period (for the trend arrow)."""
    profile = service.profile(area.id)
    if not len(profile):
        return profile
    changes, previous = [], []
    for row in profile.itertuples():
        try:
            found = previous_change(service.series(row.indicator, area.id), row.period)
        except QueryError:
            found = None
        changes.append(found[0] if found else None)
        previous.append(found[1] if found else None)
    return profile.assign(change=changes, previous=previous)


def _pair(label: str, value, extra=None) -> list:
    return [
        html.Dt(label, className="col-6 fw-normal text-muted"),
        html.Dd(
            [value, *([html.Br(), extra] if extra else [])],
            className="col-6 text-end mb-1",
        ),
    ]


def indicator_card(service, row: dict, lang: str) -> dbc.Col:
    """One indicator: the area's value, Nederland, gemeente, rest, difference, trend."""
    indicator = service.indicator(row["indicator"])
    unit = indicator.unit.get(lang)
    decimals = indicator.decimals
    value = row["value"]
    if is_missing(value):
        shown = row.get("missing_reason") or t("no_data", lang)
    else:
        shown = value_text(value, decimals, unit, lang)
    # A count (inhabitants, dwellings) minus the national count says nothing.
    diff = row["verschil_met_nederland"] if policy.compares_with_nl(indicator) else None
    direction = direction_text(diff, decimals, indicator.polarity, lang)
    arrow = trend(
        None if is_missing(row.get("change")) else row["change"],
        row.get("previous"),
        decimals,
        lang,
    )
    pairs = _pair(
        _t("col_nl", lang), value_text(row["nederland"], decimals, unit, lang)
    )
    if policy.compares_with_nl(indicator):
        pairs += _pair(
            _t("col_difference", lang),
            difference_text(diff, decimals, unit, lang)
            if not is_missing(diff)
            else "–",
            html.Span(direction, className="small text-muted") if direction else None,
        )
    pairs += _pair(
        _t("col_gemeente", lang), value_text(row["gemeente"], decimals, unit, lang)
    )
    if policy.has_rest_figure(indicator):
        pairs += _pair(
            _t("col_rest", lang),
            value_text(row["rest_van_gemeente"], decimals, unit, lang),
        )
    return dbc.Col(
        html.Article(
            [
                html.H4(indicator.title.get(lang), className="h6 mb-0"),
                html.P(
                    period_label_nl(row["period"]), className="small text-muted mb-1"
                ),
                html.P(shown, className="fs-4 fw-bold mb-1 key-value"),
                html.Dl(pairs, className="row small mb-1"),
                html.P(arrow, className="small mb-1") if arrow is not None else None,
                *[
                    html.P(note, className="small text-muted mb-0")
                    for note in notes_of(row, lang)
                ],
            ],
            className="border rounded p-2 h-100 key-figure",
            **{"data-indicator": indicator.id},
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-2",
    )


def key_figures(service, area, lang: str) -> html.Section:
    try:
        rows = key_rows(service, area, lang)
    except QueryError as exc:
        return html.Section(html.P(str(exc), className="text-muted small"), id=FIGURES)
    sections = [
        html.H2(_t("key_heading", lang), className="h4 mt-3"),
        html.P(_t("key_intro", lang), className="text-muted small"),
    ]
    for domain in service.catalogue.domains:
        heading_id = DOMAIN.format(domain.id) + "-title"
        subset = rows[rows["domain"] == domain.id] if len(rows) else rows
        if len(subset):
            indicators = [service.indicator(i) for i in subset["indicator"]]
            body = [
                dbc.Row(
                    [
                        indicator_card(service, row, lang)
                        for row in subset.to_dict(orient="records")
                    ]
                ),
                *[
                    html.P(line, className="small text-muted mb-0")
                    for line in source_lines(service, indicators, language=lang)
                ],
            ]
        else:
            body = [missing_domain(domain, lang)]
        sections.append(
            html.Section(
                [html.H3(domain.title.get(lang), id=heading_id, className="h5"), *body],
                id=DOMAIN.format(domain.id),
                className="card card-body mb-3",
                **{"aria-labelledby": heading_id},
            )
        )
    return html.Section(sections, id=FIGURES)


# ------------------------------------------------------------- map and trend


def map_section(service, area, indicator_id: str | None, lang: str):
    gemeente = service.registry.areas.get(area.gemeente)
    name = gemeente.name if gemeente else str(area.gemeente)
    title = _t("map_heading", lang)
    if indicator_id is None or gemeente is None:
        return unavailable_card(MAP, title, _t("map_none", lang).format(gemeente=name))
    try:
        view = gebied_views.gebied_map(service, area, indicator_id, lang)
    except QueryError as exc:
        view = str(exc)
    return map_card(service, MAP, view, title, lang)


def trend_section(service, area, indicator_id: str | None, lang: str):
    if indicator_id is None:
        return html.P(_t("trend_none", lang), className="text-muted small")
    view = gebied_views.gebied_trend(service, area, indicator_id, lang)
    return trend_card(service, TREND, view, lang)


# ---------------------------------------------------------------------- brief


def brief_block(lang: str) -> html.Div:
    """The download button for the PDF brief, with what it holds and a live status."""
    return html.Div(
        [
            html.Button(
                _t("brief", lang),
                id=BRIEF_BUTTON,
                type="button",
                className="btn btn-outline-primary btn-sm me-2",
                **{"aria-describedby": BRIEF_BUTTON + "-uitleg"},
            ),
            html.Span(
                _t("brief_help", lang),
                id=BRIEF_BUTTON + "-uitleg",
                className="small text-muted",
            ),
            dcc.Loading(
                html.Div(
                    id=BRIEF_STATUS,
                    role="status",
                    className="small mt-1",
                    **{"aria-live": "polite"},
                ),
                type="dot",
            ),
            dcc.Download(id=BRIEF_DOWNLOAD),
        ],
        className="mb-3",
    )


# --------------------------------------------------------------------- layout


def _select(id_: str, label: str, options, value, lang: str) -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=id_, className="form-label"),
            dcc.Dropdown(
                id=id_,
                options=options,
                value=value,
                clearable=False,
                searchable=True,
                labels=dropdown_labels(lang),
            ),
        ],
        className="mb-2",
    )


def layout(gebied_id=None, lang=None, indicator=None, trend=None, **_other):
    lang = language(lang)
    service = state.service()
    gebieden = service.registry.gebieden()
    choose = _select(
        SELECT,
        _t("choose", lang),
        [{"label": a.name, "value": a.id} for a in gebieden],
        None,
        lang,
    )
    area = service.registry.areas.get(str(gebied_id)) if gebied_id else None
    if area is None or area.level != "gebied":
        return html.Div(
            [
                dcc.Location(id=NAV, refresh="callback-nav"),
                dcc.Store(id=CONTEXT, data={"gebied": None, "lang": lang}),
                unknown_gebied(service, gebied_id, lang),
                dbc.Row(dbc.Col(choose, xs=12, md=6)),
            ]
        )
    choose.children[1].value = area.id
    view = ViewState()
    maps = map_options(service, area, lang)
    map_ids = [o["value"] for o in maps]
    map_id = view.one(
        "indicator",
        indicator,
        map_ids,
        default_map(service, maps),
    )
    trends = trend_options(service, area, lang)
    trend_id = view.one(
        "trend", trend, [o["value"] for o in trends], default_trend(service, trends)
    )
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Location(id=NAV, refresh="callback-nav"),
            dcc.Store(id=CONTEXT, data={"gebied": area.id, "lang": lang}),
            dbc.Row(
                [
                    dbc.Col(html.H1(area.name), xs=12, md=8),
                    dbc.Col(choose, xs=12, md=4),
                ],
                className="align-items-end",
            ),
            notices(view.notices, lang),
            brief_block(lang),
            definition(service, area, lang),
            key_figures(service, area, lang),
            html.H2(_t("map_heading", lang), className="h4 mt-4"),
            dbc.Row(
                dbc.Col(
                    _select(MAP_INDICATOR, _t("map_label", lang), maps, map_id, lang),
                    xs=12,
                    md=6,
                )
            ),
            html.Div(
                map_section(service, area, map_id, lang),
                id=MAP_BODY,
                **{"aria-live": "polite"},
            ),
            html.H2(_t("trend_heading", lang), className="h4 mt-4"),
            dbc.Row(
                dbc.Col(
                    _select(
                        TREND_INDICATOR, _t("trend_label", lang), trends, trend_id, lang
                    ),
                    xs=12,
                    md=6,
                )
            ),
            html.Div(
                trend_section(service, area, trend_id, lang),
                id=TREND_BODY,
                **{"aria-live": "polite"},
            ),
        ]
    )


# ------------------------------------------------------------------ callbacks


@dash.callback(
    Output(NAV, "href"),
    Input(SELECT, "value"),
    State(CONTEXT, "data"),
    prevent_initial_call=True,
)
def switch_gebied(gebied_id, context):
    """Navigate to the chosen gebied (keeping the language)."""
    gebied_id, context = text_value(gebied_id), store_data(context)
    if not gebied_id or gebied_id == context.get("gebied"):
        return no_update
    ids = {a.id for a in state.service().registry.gebieden()}
    if gebied_id not in ids:
        return no_update
    return f"/gebied/{gebied_id}{_suffix(language(context.get('lang')))}"


def _triggered() -> set[str]:
    """Ids of the inputs that fired; empty (= redraw all) outside a request."""
    try:
        return {item["prop_id"].split(".")[0] for item in dash.ctx.triggered}
    except MissingCallbackContextException:
        return set()


@dash.callback(
    Output(MAP_BODY, "children"),
    Output(TREND_BODY, "children"),
    Output(URL, "search"),
    Input(MAP_INDICATOR, "value"),
    Input(TREND_INDICATOR, "value"),
    State(CONTEXT, "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def update_views(map_id, trend_id, context, current=None):
    """Re-draw the map or the trend chart that changed; write both to the URL."""
    map_id, trend_id = text_value(map_id), text_value(trend_id)
    context = store_data(context)
    lang = language(context.get("lang"))
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if area is None or area.level != "gebied":
        return no_update, no_update, no_update
    # Validate against the catalogue only (fast); the sections explain missing data.
    view = ViewState()
    indicators = service.catalogue.indicators
    map_ids = [i.id for i in indicators if i.level == "wijk"]
    trend_ids = [i.id for i in indicators if not policy.is_national_only(i)]
    defaults = service.catalogue.pages
    map_id = view.one("indicator", map_id, map_ids, defaults.gebied_map)
    trend_id = view.one(
        "trend", trend_id, trend_ids, (defaults.gebied_trends or [None])[-1]
    )
    triggered = _triggered()
    map_body = trend_body = no_update
    if MAP_INDICATOR in triggered or not triggered:
        map_body = map_section(service, area, map_id, lang)
        if view.notices:
            map_body = html.Div([notices(view.notices, lang), map_body])
    if TREND_INDICATOR in triggered or not triggered:
        trend_body = trend_section(service, area, trend_id, lang)
        if view.notices:
            trend_body = html.Div([notices(view.notices, lang), trend_body])
    search = search_string(
        {
            "indicator": map_id,
            "trend": trend_id,
            "lang": lang if lang != "nl" else None,
        }
    )
    search = history.new_search(
        search, text_value(current), HISTORY_FIELDS, _defaults(context)
    )
    return map_body, trend_body, search


@dash.callback(
    Output(BRIEF_DOWNLOAD, "data"),
    Output(BRIEF_STATUS, "children"),
    Input(BRIEF_BUTTON, "n_clicks"),
    State(CONTEXT, "data"),
    prevent_initial_call=True,
)
def download_brief(n_clicks, context):
    """The one-page PDF of this gebied (same numbers as the page), as a download."""
    from dashboard.exports.brief import brief_file_name, gebied_brief
    from dashboard.exports.images import geojson_from_store, image_server
    from dashboard.geo import geo_store

    context = store_data(context)
    lang = language(text_value(context.get("lang")))
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if not n_clicks or area is None or area.level != "gebied":
        return no_update, no_update
    try:
        with image_server():
            pdf = gebied_brief(service, area.id, geojson_from_store(geo_store(service)))
    except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return no_update, _t("brief_failed", lang).format(reason=reason)
    return (
        dcc.send_bytes(pdf, brief_file_name(area.id)),
        _t("brief_done", lang).format(name=area.name),
    )


def _defaults(context: dict) -> dict:
    """The map and trend a gebied page opens with (its address without a query)."""
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if area is None or area.level != "gebied":
        return {}
    lang = language(context.get("lang"))
    return {
        "indicator": default_map(service, map_options(service, area, lang)),
        "trend": default_trend(service, trend_options(service, area, lang)),
    }


# Back/Forward set the map and trend indicators from the address.
follow = history.follow_history(URL, HISTORY_FIELDS, _defaults, CONTEXT)

# The rendered responses depend only on the request and the data version.
memoise_outputs(NAV, MAP_BODY)
