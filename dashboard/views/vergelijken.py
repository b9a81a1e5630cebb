"""The Vergelijken page's choices and comparison rows, without Dash.

Why: the page lays out a table and a chart per indicator of ``comparison_frame``;
which areas, indicators and periods may be chosen, the defaults, the period each
indicator shows and the address of a choice are decided here, once for the first
render, the callbacks, Back/Forward and the callback cache's keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pandas as pd

from ..areas import ALL_GEBIEDEN, NL, area_name
from ..formatting import format_value
from ..messages import _
from ..notes import Note, error_note, exc_text, note_text
from ..periods_text import period_label
from ..services import QueryError, Service
from ..url_state import (
    MAX_ITEMS,
    ViewState,
    language,
    search_string,
    store_data,
    text_list,
    text_value,
)

LATEST = "laatste"
DEFAULT_AREAS = [
    "den-haag-zuidwest",
    "rotterdam-zuid",
    "amsterdam-nieuw-west",
    ALL_GEBIEDEN,
]
DEFAULT_INDICATORS = [
    "laag-inkomen-wijk",
    "arbeidsparticipatie-wijk",
    "vaccinatie-volledig-18plus",
]


# -- options -------------------------------------------------------------------


def area_options(service, lang: str) -> list[dict]:
    """The 16 gebieden, the 16 together, Nederland, then the gemeenten (with wijken
    in the 2022 indeling: the current gemeenten)."""
    registry = service.registry
    options = [
        {
            "label": f"{a.name} ({_('vergelijken.group_gebied', lang)})",
            "value": a.id,
            "search": f"{a.name} {a.id} gebied",
        }
        for a in sorted(registry.gebieden(), key=lambda a: a.name)
    ]
    if ALL_GEBIEDEN in registry.areas:
        area = registry.get(ALL_GEBIEDEN)
        shown = area_name(area, lang)
        options.append({"label": shown, "value": area.id, "search": shown})
    options.append(
        {"label": _("app.nederland", lang), "value": NL, "search": "Nederland NL01"}
    )
    gemeenten = sorted(
        (a for a in registry.by_level("gemeente") if a.wijken), key=lambda a: a.name
    )
    for area in gemeenten:
        alias = " Den Haag" if area.id == "GM0518" else ""
        options.append(
            {
                "label": f"{area.name} ({_('vergelijken.group_gemeente', lang)})",
                "value": area.id,
                "search": f"{area.name}{alias} {area.id}",
            }
        )
    return options


def indicator_options(service, lang: str) -> list[dict]:
    problems = service.problems()
    titles = {d.id: d.title.get(lang) for d in service.catalogue.domains}
    return [
        {
            "label": f"{i.title.get(lang)} · {titles.get(i.domain, i.domain)}",
            "value": i.id,
            "search": f"{i.title.get(lang)} {i.id} {titles.get(i.domain, '')}",
        }
        for i in service.catalogue.indicators
        if i.id not in problems
    ]


def series_or_none(service, indicator_id: str, area_id: str):
    try:
        frame = service.series(indicator_id, area_id)
    except QueryError:
        return None
    return frame if frame["value"].notna().any() else None


def reference_series(service, indicator_id: str, areas: list[str]):
    """The series that sets the period: Nederland, else the first chosen area with data."""
    for area_id in [NL, *areas]:
        frame = series_or_none(service, indicator_id, area_id)
        if frame is not None:
            return frame.dropna(subset=["value"])
    return None


def years(service, indicators: list[str], areas: list[str]) -> list[int]:
    years: set[int] = set()
    for indicator_id in indicators:
        frame = reference_series(service, indicator_id, areas)
        if frame is not None:
            years |= {pd.Timestamp(s).year for s in frame["period_start"]}
    return sorted(years, reverse=True)


def period_options(service, indicators, areas, lang: str) -> list[dict]:
    return [{"label": _("vergelijken.latest", lang), "value": LATEST}] + [
        {"label": str(y), "value": str(y)} for y in years(service, indicators, areas)
    ]


# -- the figures -----------------------------------------------------------------


def period_for(
    service, indicator_id: str, areas: list[str], periode: str
) -> tuple[str | None, str | None]:
    """(period key, note) for one indicator: the latest, or the year's figure, or the
    last period within that year (weekly and monthly series). Key None: the note says why."""
    frame = reference_series(service, indicator_id, areas)
    if frame is None:
        return None, "geen gegevens voor de gekozen gebieden"
    if periode in (None, "", LATEST):
        return frame["period"].iloc[-1], None
    try:
        return service.resolve_period(indicator_id, frame, periode), None
    except QueryError as exc:
        if periode.isdigit():
            starts = pd.to_datetime(frame["period_start"])
            in_year = frame[starts.dt.year == int(periode)]
            if len(in_year):
                key = in_year["period"].iloc[-1]
                return key, Note("note.no_year_figure", year=periode)
        return None, error_note(exc)


def _kind(service, area_id: str) -> str:
    level = service.area(area_id).level
    return {"gebied": "gebied", "gemeente": "gemeente", "nederland": "nederland"}.get(
        level, "other"
    )


def comparison_frame(
    service: Service,
    areas: list[str],
    indicators: list[str],
    periode: str = LATEST,
    lang: str = "nl",
) -> pd.DataFrame:
    """One row per indicator and area (Nederland always included as the reference):
    value, text as shown, period, flags, and the reason when there is no figure."""
    shown = [*areas, *([] if NL in areas else [NL])]
    rows = []
    for indicator_id in indicators:
        indicator = service.indicator(indicator_id)
        key, period_note = period_for(service, indicator_id, areas, periode)
        for area_id in shown:
            area = service.area(area_id)
            row = {
                "indicator": indicator_id,
                "area_id": area_id,
                "area_name": area_name(area, lang),
                "kind": _kind(service, area_id),
                "reference": area_id == NL and NL not in areas,
                "period": key,
                "period_label": period_label(key, lang) if key else None,
                "period_note": note_text(period_note, lang) or None,
                "value": math.nan,
                "text": _("app.no_data", lang),
                "flags": "",
                "estimate": False,
                "details": "",
                "reason": None,
            }
            if key is None:
                row["reason"] = note_text(period_note, lang)
                rows.append(row)
                continue
            try:
                series = service.series(indicator_id, area_id)
            except QueryError as exc:
                row["reason"] = exc_text(exc, lang)
                rows.append(row)
                continue
            at = series[series["period"] == key]
            if not len(at) or pd.isna(at.iloc[0]["value"]):
                reason = at.iloc[0]["missing_reason"] if len(at) else None
                row["reason"] = (
                    note_text(reason, lang)
                    if isinstance(reason, str)
                    else note_text(
                        Note("note.no_data_for", period={"period": key}), lang
                    )
                )
                rows.append(row)
                continue
            found = at.iloc[0]
            row["value"] = float(found["value"])
            row["text"] = format_value(
                row["value"], indicator.decimals, indicator.unit.get(lang), lang=lang
            )
            details = [
                note_text(found[column], lang)
                for column in ("coverage", "level_note")
                if isinstance(found[column], str) and found[column]
            ]
            row["estimate"] = bool(found["estimate"])
            row["details"] = "; ".join(details)
            row["flags"] = "; ".join(
                [_("app.estimate", lang)] * row["estimate"] + details
            )
            rows.append(row)
    return pd.DataFrame(rows)


# -- the choice ------------------------------------------------------------------


@dataclass
class Choice:
    """A checked choice: what the page shows and writes to its address."""

    lang: str
    areas: list[str]
    indicators: list[str]
    periode: str
    notices: list[str] = field(default_factory=list)

    def search(self) -> str:
        return search_string(
            {
                "gebied": self.areas,
                "indicator": self.indicators,
                "periode": None if self.periode in (None, LATEST) else self.periode,
                "lang": self.lang if self.lang != "nl" else None,
            }
        )

    def values(self) -> list:
        return [self.lang, self.areas, self.indicators, self.periode]


def resolve(service: Service, query: dict, strict: bool = True) -> Choice:
    """Areas, indicators, period and notices from a URL query (or the filters)."""
    lang = language(query.get("lang"))
    vs = ViewState()
    area_ids = [o["value"] for o in area_options(service, lang)]
    indicator_ids = [o["value"] for o in indicator_options(service, lang)]
    areas = vs.many("gebied", query.get("gebied"), area_ids, DEFAULT_AREAS)
    indicators = vs.many(
        "indicator",
        query.get("indicator"),
        indicator_ids,
        [i for i in DEFAULT_INDICATORS if i in indicator_ids],
    )
    found = [str(y) for y in years(service, indicators, areas)]
    periode = vs.one(
        "periode", query.get("periode") or LATEST, [LATEST, *found], LATEST
    )
    return Choice(lang, areas, indicators, periode, vs.notices if strict else [])


def _address_query(search: str | None, lang: str) -> dict:
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    return query


@dataclass
class Filtered:
    """The filters' checked choice, its period options and the address to write
    (None: the address shows this choice already)."""

    choice: Choice
    options: list[dict]
    search: str | None

    def uses(self) -> list:
        """What the callback's answer depends on (the callback cache's key)."""
        return [*self.choice.values(), self.search]


def filtered(service: Service, areas, indicators, periode, context, current=None):
    """The checked choice of the filter callback's raw values: only what the
    dropdowns offer (a forged request may name anything)."""
    periode, current = text_value(periode), text_value(current)
    lang = language(store_data(context).get("lang"))
    known_areas = {o["value"] for o in area_options(service, lang)}
    known_indicators = {o["value"] for o in indicator_options(service, lang)}
    areas = [a for a in text_list(areas) if a in known_areas][:MAX_ITEMS]
    indicators = [i for i in text_list(indicators) if i in known_indicators]
    indicators = indicators[:MAX_ITEMS]
    options = period_options(service, indicators, areas, lang)
    if periode not in {o["value"] for o in options}:
        periode = LATEST
    choice = Choice(lang, areas, indicators, periode)
    search: str | None = choice.search()
    if current is not None and current != search:
        # The address may show this view in other words (after Back/Forward, or a
        # first URL without some values): writing it again would cut off Forward.
        old = resolve(service, _address_query(current, lang), strict=False)
        if old.search() == search:
            search = None
    return Filtered(choice, options, search)


def history_values(service: Service, search, areas, indicators, periode, context):
    """The filters for the address after Back/Forward, or None when they show it
    already (the address that the filter callback writes matches them)."""
    search, periode = text_value(search), text_value(periode)
    areas, indicators = list(text_list(areas)), list(text_list(indicators))
    lang = language(store_data(context).get("lang"))
    if (search or "") == Choice(lang, areas, indicators, periode).search():
        return None
    new = resolve(service, _address_query(search, lang), strict=False)
    wanted = [new.areas, new.indicators, new.periode]
    if wanted == [areas, indicators, periode]:
        return None
    return wanted
