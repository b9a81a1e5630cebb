"""Corona per gemeente: positive tests, hospital admissions, deaths and vaccination.

A policymaker asks "how hard was my area hit, and when?". The map shows one week for
all gemeenten (the gemeenten of the 16 gebieden outlined); the chart shows the chosen
area against Nederland over time with the national measures drawn on it, read from
``data_sources/maatregelen.yaml``. Vaccination has only a few snapshots, so it is
shown as bars per snapshot, not as a line. Corona figures exist per gemeente only: a
gebied shows its gemeente's figure and says so.

It opens on the national peak of the measure (catalogue ``default_period``), not on
the last week of the source, and names the wave that week lies in; choosing a wave
shows its peak week. Under the chart the burden per wave (admissions or deaths per
100.000) of the chosen gemeente against Nederland, and the gemeenten of the gebieden
ranked for the chosen wave. The choices live in ``views/corona.py``.

URL: ``/corona?maat=<indicator>&periode=<period key>&golf=<wave id>&gebied=<area
id>&lang=en``; Back and Forward follow it (``dashboard.history``).

Component ids (stable; browser tests use them):
    corona-url              dcc.Location (writes the query string)
    corona-lang             dcc.Store with the language
    corona-maat             measure dropdown
    corona-periode          week / snapshot date dropdown
    corona-gebied           gemeente, veiligheidsregio or gebied dropdown (searchable)
    corona-golf             wave dropdown (data_sources/golven.yaml)
    corona-getoond          "Getoond: <week>, in de golf <wave>"
    corona-ziektelast       the burden per wave (tables corona-ziektelast-golven and
                            corona-ziektelast-rangorde)
    corona-notices          notices about unknown URL values
    corona-level-note       "cijfer van de gemeente ..." for a gebied
    corona-summary          the chosen area and Nederland in the chosen period
    corona-map              container of the map card (graph: corona-kaart-graph)
    corona-trend            container of the time-series card (graph: corona-reeks-graph)
    corona-maatregelen      the list of national measures under the chart
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import history, state
from dashboard.callback_cache import memoise_outputs
from dashboard.components import corona_cards as cards
from dashboard.components.common import notices
from dashboard.components.dropdowns import dropdown
from dashboard.components.filters import labelled_column
from dashboard.messages import _
from dashboard.services import Service
from dashboard.url_state import language, search_string, text_value
from dashboard.views import corona as corona_views

dash.register_page(
    __name__, path="/corona", title="Corona per gemeente", order=5, nav="nav.corona"
)

URL_ID = "corona-url"
LANG_ID = "corona-lang"
MEASURE_ID = "corona-maat"
PERIOD_ID = "corona-periode"
AREA_ID = "corona-gebied"
NOTICES_ID = "corona-notices"
LEVEL_NOTE_ID = "corona-level-note"
SUMMARY_ID = "corona-summary"
MAP_ID = "corona-map"
TREND_ID = "corona-trend"
MAATREGELEN_ID = "corona-maatregelen"
MAP_CARD = cards.MAP_CARD
TREND_CARD = cards.TREND_CARD

WAVE_ID = "corona-golf"
SHOWN_ID = "corona-getoond"
BURDEN_ID = cards.BURDEN_ID
# which control changed, in the words of views.corona.checked
CHANGED = {MEASURE_ID: "maat", WAVE_ID: "golf"}


# -- layout and callback ------------------------------------------------------


def _control(label: str, control_id: str, control) -> dbc.Col:
    return labelled_column(label, control_id, control, md=6, xl=3)


def _wave_options(service: Service, measure: str, lang: str) -> list[dict]:
    return corona_views.wave_options(service, measure, lang)


def layout(**query):
    service = state.service()
    choice = corona_views.resolve(service, query)
    lang = choice.lang
    map_part, trend_part, summary_part, note_part, shown_part, burden_part = cards.view(
        service, choice
    )
    events, error = cards.timeline_events()
    waves = _wave_options(service, choice.measure, lang)
    controls = dbc.Row(
        [
            _control(
                _("corona.measure", lang),
                MEASURE_ID,
                dropdown(
                    lang,
                    id=MEASURE_ID,
                    options=corona_views.measure_options(service, lang),
                    value=choice.measure,
                    clearable=False,
                    searchable=False,
                ),
            ),
            _control(
                _("corona.wave", lang),
                WAVE_ID,
                dropdown(
                    lang,
                    id=WAVE_ID,
                    options=waves,
                    value=choice.wave,
                    clearable=True,
                    searchable=False,
                    disabled=not waves,
                    placeholder=_("corona.no_wave", lang),
                ),
            ),
            _control(
                _("corona.period", lang),
                PERIOD_ID,
                dropdown(
                    lang,
                    id=PERIOD_ID,
                    options=choice.periods,
                    value=choice.period,
                    clearable=False,
                ),
            ),
            _control(
                _("corona.area", lang),
                AREA_ID,
                dropdown(
                    lang,
                    id=AREA_ID,
                    options=corona_views.area_options(service, lang),
                    value=choice.area,
                    clearable=False,
                ),
            ),
        ],
        className="mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=URL_ID, refresh=False),
            dcc.Store(id=LANG_ID, data=lang),
            html.H1(_("corona.heading", lang)),
            html.P(_("corona.intro", lang)),
            html.Div(notices(choice.notices, lang), id=NOTICES_ID),
            controls,
            html.Div(shown_part, id=SHOWN_ID),
            html.Div(note_part, id=LEVEL_NOTE_ID),
            html.Div(summary_part, id=SUMMARY_ID, role="status"),
            html.Div(trend_part, id=TREND_ID),
            html.Div(burden_part, id=BURDEN_ID),
            dbc.Row(
                [
                    dbc.Col(html.Div(map_part, id=MAP_ID), xs=12, lg=7),
                    dbc.Col(
                        html.Div(
                            cards.maatregelen_list(events, error, lang),
                            id=MAATREGELEN_ID,
                        ),
                        xs=12,
                        lg=5,
                    ),
                ]
            ),
        ],
        lang=lang,
    )


def update(
    measure: str | None,
    period: str | None,
    area_id: str | None,
    lang: str | None,
    triggered: str | None = None,
    wave: str | None = None,
    current: str | None = None,
):
    """The callback body (tests call it directly): new choice -> new view and URL.

    When the measure changes, the chosen week stays if the new measure has it;
    otherwise its opening period (the national peak, or the chosen wave's peak). A
    chosen wave shows its peak week; a chosen week names its wave.
    """
    service = state.service()
    lang = language(lang)
    choice = corona_views.checked(
        service, measure, period, area_id, lang, CHANGED.get(triggered or ""), wave
    )
    map_part, trend_part, summary_part, note_part, shown_part, burden_part = cards.view(
        service, choice
    )
    return (
        choice.periods,
        choice.period,
        choice.area,
        _wave_options(service, choice.measure, lang),
        choice.wave,
        bool(not corona_views.has_waves(choice.measure)),
        map_part,
        trend_part,
        summary_part,
        note_part,
        shown_part,
        burden_part,
        notices(choice.notices, lang),
        _new_search(choice, current),
    )


def _new_search(choice, current: str | None):
    wanted = search_string(choice.query())
    return history.new_search(wanted, current, HISTORY_FIELDS, history_defaults(None))


@dash.callback(
    Output(PERIOD_ID, "options"),
    Output(PERIOD_ID, "value"),
    Output(AREA_ID, "value"),
    Output(WAVE_ID, "options"),
    Output(WAVE_ID, "value"),
    Output(WAVE_ID, "disabled"),
    Output(MAP_ID, "children"),
    Output(TREND_ID, "children"),
    Output(SUMMARY_ID, "children"),
    Output(LEVEL_NOTE_ID, "children"),
    Output(SHOWN_ID, "children"),
    Output(BURDEN_ID, "children"),
    Output(NOTICES_ID, "children"),
    Output(URL_ID, "search"),
    Input(MEASURE_ID, "value"),
    Input(PERIOD_ID, "value"),
    Input(AREA_ID, "value"),
    Input(WAVE_ID, "value"),
    State(LANG_ID, "data"),
    State(URL_ID, "search"),
    prevent_initial_call=True,
)
def _on_choice(measure, period, area_id, wave, lang, current):
    measure, period, area_id, wave, lang, current = map(
        text_value, (measure, period, area_id, wave, lang, current)
    )
    # Back/Forward may set several controls at once: then the address's week counts,
    # not the peak of its wave.
    triggered = ctx.triggered_id if len(ctx.triggered_prop_ids) == 1 else None
    return update(measure, period, area_id, lang, triggered, wave, current)


def update_uses(measure, period, area_id, wave, lang, current, changed=()) -> list:
    """What ``_on_choice``'s answer depends on (the callback cache's key): the checked
    choice with its notices and the address it writes. Only a single changed control
    counts, as in ``_on_choice``."""
    measure, period, area_id, wave, lang, current = map(
        text_value, (measure, period, area_id, wave, lang, current)
    )
    triggered = changed[0] if len(set(changed)) == 1 else ""
    choice = corona_views.checked(
        state.service(), measure, period, area_id, lang, CHANGED.get(triggered), wave
    )
    search = _new_search(choice, current)
    return [
        choice.query(),
        choice.lang,
        choice.notices,
        None if search is dash.no_update else search,
    ]


# Back/Forward set the controls from the address.
HISTORY_FIELDS = [
    history.Field("maat", MEASURE_ID),
    history.Field("golf", WAVE_ID),
    history.Field("periode", PERIOD_ID),
    history.Field("gebied", AREA_ID),
]


def history_defaults(_context) -> dict:
    """The controls of an address without parameters: the page's opening view."""
    choice = corona_views.resolve(state.service(), {})
    return {
        "maat": choice.measure,
        "golf": choice.wave,
        "periode": choice.period,
        "gebied": choice.area,
    }


follow = history.follow_history(URL_ID, HISTORY_FIELDS, history_defaults, LANG_ID)

# The rendered response depends only on the checked choice and the data version.
memoise_outputs(MAP_ID, canonical=update_uses, changed=True)
