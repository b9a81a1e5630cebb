"""The Domein page's view state (from the URL) and what it shows, without Dash.

Why: the page module only lays this out; the view state is the URL's, so resolving it
here keeps the callbacks, Back/Forward and the first render in agreement.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from urllib.parse import parse_qs

import pandas as pd

from dashboard.messages import _

from ..areas import NL
from ..services import QueryError, Service
from ..url_state import ViewState, language, search_string, store_data, text_value
from . import policy
from .key_figures import KeyFigure, key_figures, series_or_none
from .maps import MapView, gemeente_map, wijk_map
from .rankings import CHOICES, RankingView, choices, ranking_view
from .trends import TrendLine, TrendView, trend_view

LATEST = "laatste"
LEVELS = ("gemeente", "wijk")


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


@dataclass
class DomeinContent:
    """Everything below the filters: each part is a view model or the reason why not."""

    indicator: object
    period: str | None
    key_figures: list[KeyFigure]
    trend: TrendView
    map: MapView | str | None  # None: a national-only indicator has no map
    ranking: RankingView | str | None


def levels(indicator) -> list[str]:
    """Map levels: gemeente sources map all gemeenten; wijk sources the wijken of one
    gemeente."""
    return {"gemeente": ["gemeente"], "wijk": ["wijk"]}.get(indicator.level, [])


def periods(service: Service, indicator, gebied: str | None) -> pd.DataFrame:
    """Periods with a value, newest first: of the gebied, else of Nederland."""
    candidates = [gebied] if gebied and not policy.is_national_only(indicator) else []
    for area_id in [*candidates, NL]:
        frame = series_or_none(service, indicator.id, area_id)
        if frame is not None:
            with_value = frame[frame["value"].notna()]
            return with_value[["period", "period_label"]].iloc[::-1]
    return pd.DataFrame(columns=["period", "period_label"])


def default_gebied(service: Service) -> str:
    """The catalogue's ``pages.gebied``, else the first gebied of the gebieden file."""
    gebieden = [a.id for a in service.registry.gebieden()]
    wanted = service.catalogue.pages.gebied
    return wanted if wanted in gebieden else (gebieden[0] if gebieden else "")


def _has_value(service: Service, indicator_id: str, area_id: str) -> bool:
    return series_or_none(service, indicator_id, area_id) is not None


def resolve(service: Service, domain_id: str, query: dict, strict: bool = True) -> View:
    """The view for a domain and a URL query; unknown values fall back to defaults.

    ``strict`` adds a notice per unknown value (URL); a filter callback passes False,
    because a period that does not exist for a newly chosen indicator is simply reset.
    """
    lang = language(query.get("lang"))
    view = View(domain=domain_id, lang=lang)
    vs = ViewState()
    problems = service.problems()
    usable = [
        i.id for i in service.catalogue.in_domain(domain_id) if i.id not in problems
    ]
    if not usable:
        return view
    gebieden = [a.id for a in service.registry.gebieden()]
    raw_gebied = vs.one("gebied", query.get("gebied"), gebieden, None)
    # Default indicator: the first with a figure for the gebied (given or default),
    # else the first with data at all (e.g. a national series).
    default_indicator = usable[0]
    if query.get("indicator") not in usable:
        probe = raw_gebied or default_gebied(service)
        default_indicator = next(
            (i for i in usable if _has_value(service, i, probe)), usable[0]
        )
    view.indicator = vs.one(
        "indicator", query.get("indicator"), usable, default_indicator
    )
    indicator = service.catalogue.indicator(view.indicator)
    if raw_gebied is None:
        wanted = default_gebied(service)
        raw_gebied = wanted if wanted in gebieden else gebieden[0]
        if not policy.is_national_only(indicator) and not _has_value(
            service, indicator.id, raw_gebied
        ):
            raw_gebied = next(
                (g for g in gebieden if _has_value(service, indicator.id, g)),
                raw_gebied,
            )
    view.gebied = raw_gebied
    options = levels(indicator)
    view.level = vs.one(
        "niveau", query.get("niveau"), options, options[0] if options else None
    )
    rankings = choices(indicator)
    view.ranking = vs.one(
        "rangorde",
        query.get("rangorde"),
        rankings,
        rankings[0] if rankings else "gebieden",
    )
    found = periods(service, indicator, view.gebied)
    view.period = vs.one(
        "periode", query.get("periode") or LATEST, [LATEST, *found["period"]], LATEST
    )
    if strict:
        view.notices = vs.notices
    return view


def opening_period(service: Service, indicator, found: pd.DataFrame) -> str | None:
    """The period a view opens on: the national peak of the corona years for the
    corona series (their last weeks are a tail of zeros and say little), else the
    latest with a value (``Service.default_period``, one rule for every page)."""
    if not len(found):
        return None
    try:
        chosen = service.default_period(indicator.id)
    except QueryError:
        chosen = None
    return chosen if chosen in set(found["period"]) else found["period"].iloc[0]


def period_key(service: Service, indicator, view: View) -> str | None:
    """The concrete period every card shows: the chosen one, or the opening one."""
    if view.period != LATEST:
        return view.period
    return opening_period(service, indicator, periods(service, indicator, view.gebied))


def _key_lines(service: Service, indicator, gebied, trend: TrendView, lang: str):
    """The key figures follow the trend's lines, with two facts added where the trend
    leaves them out: for a gemeente-level indicator the gebied's figure as the service
    gives it (the gemeente's, its level note says so), and for a count the national
    number (a fact on its own; it is only not drawn against the gebied)."""
    lines = list(trend.lines)
    if gebied is None:
        return lines
    if not any(ln.kind == "gebied" for ln in lines):
        own = TrendLine("gebied", gebied.id, gebied.name)
        own.frame = series_or_none(service, indicator.id, gebied.id)
        if own.frame is None:
            own.reason = f"{gebied.name}: {_('common.no_data', lang)}"
        lines.insert(0, own)
    if not any(ln.kind == "nederland" for ln in lines):
        national = TrendLine("nederland", NL, _("area.nederland", lang))
        national.frame = series_or_none(service, indicator.id, NL)
        if national.frame is None:
            national.reason = _("common.no_data", lang)
        lines.append(national)
    return lines


def content(service: Service, view: View) -> DomeinContent:
    indicator = service.catalogue.indicator(view.indicator)
    lang = view.lang
    key = period_key(service, indicator, view)
    gebied = None if policy.is_national_only(indicator) else service.area(view.gebied)
    trend = trend_view(
        service,
        indicator,
        gebied,
        lang,
        marked_period=key if view.period != LATEST else None,
        coverage_period=key,
    )
    figures = key_figures(
        _key_lines(service, indicator, gebied, trend, lang), key, lang
    )
    if gebied is None:
        return DomeinContent(indicator, key, figures, trend, None, None)
    try:
        if key is None:
            raise QueryError(f"{indicator.title.get(lang)}: geen periode met gegevens")
        if view.level == "wijk":
            shown_map: MapView | str = wijk_map(service, indicator, gebied, key, lang)
        else:
            shown_map = gemeente_map(service, indicator, key, lang)
    except QueryError as exc:
        shown_map = str(exc)
    try:
        ranking: RankingView | str = ranking_view(
            service, indicator, gebied, view.ranking, key, lang
        )
    except QueryError as exc:
        ranking = str(exc)
    return DomeinContent(indicator, key, figures, trend, shown_map, ranking)


# -- filter options (plain dicts, as dcc.Dropdown and dbc.RadioItems take them) --


def indicator_options(service, domain_id: str, lang: str) -> list[dict]:
    problems = service.problems()
    options = []
    for indicator in service.catalogue.in_domain(domain_id):
        label = indicator.title.get(lang)
        if indicator.secondary:
            label += f" ({_('domein.secondary', lang)})"
        if indicator.id in problems:
            label += f" ({_('common.no_data', lang)})"
        options.append(
            {
                "label": label,
                "value": indicator.id,
                "disabled": indicator.id in problems,
            }
        )
    return options


def period_options(service, view: View) -> list[dict]:
    indicator = service.catalogue.indicator(view.indicator)
    found = periods(service, indicator, view.gebied)
    opening = opening_period(service, indicator, found)
    labels = dict(zip(found["period"], found["period_label"]))
    shown = "-"  # no period at all (a Den Haag wijk series for another gebied)
    if opening:
        latest = opening == found["period"].iloc[0]
        shown = f"{_('domein.latest' if latest else 'domein.peak', view.lang)}"
        shown += f" ({labels[opening]})"
    return [{"label": shown, "value": LATEST}] + [
        {"label": label, "value": key}
        for key, label in zip(found["period"], found["period_label"])
    ]


def unavailable(indicator, lang: str) -> str:
    """Why a greyed-out map level or ranking cannot be chosen for this indicator."""
    if policy.is_national_only(indicator) or indicator.level not in LEVELS:
        return _("domein.unavailable_national", lang)
    level = _(f"domein.per_{indicator.level}", lang)
    return _("domein.unavailable_level", lang, level=level)


def _option(label: str, value: str, usable: bool, indicator, lang: str) -> dict:
    """A dropdown option; one that cannot be chosen says why in its label."""
    if not usable:
        label = f"{label} ({unavailable(indicator, lang)})"
    return {"label": label, "value": value, "disabled": not usable}


def level_options(service, view: View) -> list[dict]:
    indicator = service.catalogue.indicator(view.indicator)
    available = levels(indicator)
    return [
        _option(
            _(f"domein.level_{level}", view.lang),
            level,
            level in available,
            indicator,
            view.lang,
        )
        for level in LEVELS
    ]


def ranking_options(service, view: View) -> list[dict]:
    indicator = service.catalogue.indicator(view.indicator)
    rankings = choices(indicator)
    n = len(service.registry.gebieden())
    return [
        _option(
            _(f"ranking.choice_{r}", view.lang, n=n),
            r,
            r in rankings,
            indicator,
            view.lang,
        )
        for r in CHOICES
    ]


def gebied_options(service) -> list[dict]:
    return [
        {"label": a.name, "value": a.id}
        for a in sorted(service.registry.gebieden(), key=lambda a: a.name)
    ]


# -- the filter callbacks ----------------------------------------------------------


def unknown_domain_notices(service, domein) -> list[str]:
    """The notice for a domain id that the catalogue does not know."""
    vs = ViewState()
    vs.one("domein", domein, [d.id for d in service.catalogue.domains], None)
    return vs.notices


def _address_query(search: str | None, lang: str) -> dict:
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    return query


def filtered_view(
    service, indicator, periode, niveau, gebied, rangorde, context, search=None
) -> tuple[View, str | None]:
    """The checked view of the filter callback's raw values, and the address it was
    sent from."""
    indicator, periode, niveau, gebied, rangorde, search = map(
        text_value, (indicator, periode, niveau, gebied, rangorde, search)
    )
    context = store_data(context)
    query = {
        "indicator": indicator,
        "periode": periode,
        "niveau": niveau,
        "gebied": gebied,
        "rangorde": rangorde,
        "lang": context.get("lang"),
    }
    return resolve(service, str(context.get("domain")), query, strict=False), search


def new_search(service, view: View, search: str | None) -> str | None:
    """The query string of the view, or None when the address already shows this
    view (after Back/Forward, or a first URL like ``?indicator=x``): writing it again
    would add a history entry and cut off Forward."""
    wanted = search_string(view.query())
    if search is not None and search != wanted:
        query = _address_query(search, view.lang)
        if search_string(resolve(service, view.domain, query, False).query()) == wanted:
            return None
    return wanted


def update_uses(service, *values) -> list | None:
    """What the filter callback's answer depends on (the callback cache's key): the
    checked view and the address it writes, so every unknown value shares the
    fallback's."""
    view, search = filtered_view(service, *values)
    if view.indicator is None:
        return None  # nothing to show: PreventUpdate
    return [asdict(view), new_search(service, view, search)]


def history_values(
    service, search, indicator, periode, niveau, gebied, rangorde, context
) -> tuple | None:
    """The filters for the address after Back/Forward, or None when they show it
    already (the URL that the filter callback writes matches them; or the first URL,
    before normalising)."""
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
        return None
    view = resolve(service, current.domain, _address_query(search, lang), False)
    wanted = (view.indicator, view.gebied, view.period, view.level, view.ranking)
    if view.indicator is None or wanted == (
        indicator,
        gebied,
        periode,
        niveau,
        rangorde,
    ):
        return None
    return wanted
