"""The Corona page's view: which measure, week, area and wave it shows, and the
burden per wave.

Why a view model: the page opened on the last week of the source (2023 week 12,
where the map is one colour and a gemeente reads "0,0"). What a view opens on is
policy (the catalogue's ``default_period``: the national peak) and the waves are data
(``data_sources/golven.yaml``), so the choice is made here once, without Dash, and
the page, its URL and its callback all ask here. The burden per wave is
``Service.wave_burden``'s, only put in the order and words the page shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.messages import _
from data_sources.periods import parse_period

from .. import coronakloof as kloof
from ..areas import NL
from ..areas import area_name as named
from ..formatting import format_number
from ..notes import exc_text, note_text
from ..services import QueryError, Service
from ..url_state import ViewState, language
from .gebied import gebieden_counts

MEASURES = [
    "positieve-testen",
    "ziekenhuisopnames",
    "overleden",
    "vaccinatie-volledig-18plus",
]
SNAPSHOT_MEASURES = {"vaccinatie-volledig-18plus"}  # a few dates: bars, not a line
BURDEN_MEASURES = ("ziekenhuisopnames", "overleden")  # per wave, per 100.000
DEFAULT_MEASURE = "positieve-testen"
DEFAULT_AREA = "GM0599"  # Rotterdam


# -- choices ------------------------------------------------------------------


def measure_options(service: Service, lang: str) -> list[dict]:
    return [
        {"label": service.indicator(m).title.get(lang), "value": m} for m in MEASURES
    ]


def area_options(service: Service, lang: str) -> list[dict]:
    """Gemeenten, then the gebieden, then the veiligheidsregio's (searchable by name)."""
    registry = service.registry
    names = {a.id: a.name for a in registry.by_level("gemeente")}
    # The current gemeenten are those placed in a veiligheidsregio; the registry also
    # knows gemeenten that merged away (no corona figures).
    current = {g for r in registry.by_level("veiligheidsregio") for g in r.gemeenten}
    gemeenten = [a for a in registry.by_level("gemeente") if a.id in current] or list(
        registry.by_level("gemeente")
    )
    options = [
        {"label": f"{a.name} ({_('corona.level.gemeente', lang)})", "value": a.id}
        for a in sorted(gemeenten, key=lambda a: a.name)
    ]
    for area in registry.gebieden():
        where = names.get(area.gemeente, area.gemeente)
        label = _("corona.level.gebied", lang, gemeente=where)
        options.append({"label": f"{area.name} ({label})", "value": area.id})
    counts = gebieden_counts(service)
    for area in registry.by_level("gebieden"):
        label = _("corona.level.gebieden", lang, **counts)
        name = named(area, lang)
        options.append({"label": f"{name} ({label})", "value": area.id})
    for area in sorted(registry.by_level("veiligheidsregio"), key=lambda a: a.name):
        options.append({"label": area.name, "value": area.id})
    return options


def period_options(service: Service, measure: str) -> list[dict]:
    """Periods with a national figure, newest first (the map has data for each)."""
    try:
        national = service.series(measure, NL)
    except QueryError:
        return []
    known = national[national["value"].notna()]
    return [
        {"label": label, "value": key}
        for key, label in zip(known["period"][::-1], known["period_label"][::-1])
    ]


def has_waves(measure: str) -> bool:
    """Weekly measures follow the waves; vaccination has a few snapshot dates."""
    return measure not in SNAPSHOT_MEASURES


def wave_options(service: Service, measure: str, lang: str = "nl") -> list[dict]:
    if not has_waves(measure):
        return []
    return [
        {"label": f"{w.label_in(lang)} ({_span(w.start, w.end, lang)})", "value": w.id}
        for w in service.waves().waves
    ]


def _span(start: date, end: date, lang: str = "nl") -> str:
    return _("corona.wave_span", lang, start=f"{start:%d-%m-%Y}", end=f"{end:%d-%m-%Y}")


def wave_of(service: Service, period: str | None) -> str | None:
    """The wave a week lies in (by its Monday), None outside every wave."""
    if not period:
        return None
    try:
        start = parse_period(period).start
    except ValueError:
        return None
    for wave in service.waves().waves:
        if wave.start <= start <= wave.end:
            return wave.id
    return None


def wave_peak(service: Service, measure: str, wave_id: str) -> str | None:
    """The week of the wave with the highest national figure of the measure."""
    wave = service.waves().wave(wave_id)
    try:
        national = service.series(measure, NL)
    except QueryError:
        return None
    known = national[national["value"].notna()]
    starts = pd.to_datetime(known["period_start"]).dt.date
    inside = known[(starts >= wave.start) & (starts <= wave.end)]
    return inside.loc[inside["value"].idxmax(), "period"] if len(inside) else None


def opening_period(service: Service, measure: str) -> str | None:
    """What a view of the measure opens on (catalogue ``default_period``)."""
    try:
        return service.default_period(measure)
    except QueryError:
        return None


@dataclass
class Choice:
    """The checked choice of the page, with its notices."""

    measure: str
    period: str | None
    area: str
    wave: str | None
    lang: str
    periods: list[dict]
    notices: list[str] = field(default_factory=list)

    def query(self) -> dict:
        return {
            "maat": self.measure,
            "periode": self.period,
            "gebied": self.area,
            "golf": self.wave,
            "lang": self.lang if self.lang != "nl" else None,
        }


def resolve(service: Service, query: dict, wave_first: bool = False) -> Choice:
    """maat, periode, golf and gebied from the URL or the controls; an unknown value
    falls back to the default with a notice. Without a period the chosen wave's peak
    is shown, else the measure's opening period (the national peak); ``wave_first``:
    the wave was just chosen, so its peak replaces the period."""
    vs = ViewState()
    lang = language(query.get("lang"))
    measure = vs.one("maat", query.get("maat"), MEASURES, DEFAULT_MEASURE)
    periods = period_options(service, measure)
    keys = [o["value"] for o in periods]
    waves = [o["value"] for o in wave_options(service, measure)]  # ids only
    wave = vs.one("golf", query.get("golf"), waves, None) if waves else None
    if not waves and query.get("golf"):
        vs.notices.append(_("corona.no_waves", lang))
    period = vs.one("periode", query.get("periode"), keys, None)
    if wave and (wave_first or period is None):
        period = wave_peak(service, measure, wave) or period
    if period is None:
        period = opening_period(service, measure)
        period = period if period in keys else (keys[0] if keys else None)
    if waves:
        wave = wave_of(service, period)
    area = vs.one(
        "gebied",
        query.get("gebied"),
        [o["value"] for o in area_options(service, lang)],
        DEFAULT_AREA,
    )
    return Choice(measure, period, area, wave, lang, periods, vs.notices)


# -- the burden per wave ------------------------------------------------------


@dataclass
class BurdenView:
    """Per wave the area's gemeente against Nederland, and the ranking of the
    gemeenten of the gebieden in the chosen wave (``Service.wave_burden``)."""

    measure: str
    title: str
    area_name: str | None  # None: the area has no gemeente figure (NL, a region)
    per_wave: pd.DataFrame  # label, per_100k, nederland, verschil (signed), rang_text
    wave_label: str | None
    ranking: pd.DataFrame  # rang, area_name, per_100k, verschil
    notes: list[str]
    reason: str | None = None


def burden_view(
    service: Service, measure: str, area_id: str, wave: str | None, lang: str = "nl"
) -> BurdenView:
    """The burden of an admissions or deaths measure; another measure (positive
    tests, vaccination) shows the admissions."""
    measure = measure if measure in BURDEN_MEASURES else BURDEN_MEASURES[0]
    indicator = service.indicator(measure)
    title = _("corona.burden_title", lang, title=indicator.title.get(lang))
    empty = pd.DataFrame()
    try:
        ranked = service.wave_burden(measure)
    except QueryError as exc:
        return BurdenView(
            measure, title, None, empty, None, empty, [], exc_text(exc, lang)
        )
    notes = [_("corona.burden_rule", lang)]
    area = service.area(area_id)
    per_wave, area_name = empty, None
    if area.level in ("gemeente", "gebied"):
        own = service.wave_burden(measure, area_id)
        area_name = own["area_name"].iloc[0] if len(own) else area.name
        n = ranked.groupby("wave")["rang"].count()
        per_wave = own.assign(
            label=[service.waves().wave(w).label_in(lang) for w in own["wave"]],
            verschil=_signed(own["verschil_met_nederland"], lang),
            rang_text=[
                _("corona.rank_of", lang, rank=int(r), n=int(n.get(w, 0)))
                if not _missing(r)
                else _("corona.not_ranked", lang)
                for r, w in zip(own["rang"], own["wave"])
            ],
        )
        note = own["level_note"].iloc[0] if len(own) else ""
        if note:
            notes.insert(0, f"{area.name}: {note_text(note, lang)}.")
        for reason in own["missing_reason"].dropna().unique():
            notes.append(f"{area_name}: {note_text(reason, lang)}.")
    else:
        notes.insert(0, _("corona.burden_gemeente_only", lang, area=named(area, lang)))
    chosen = wave or service.waves().waves[0].id
    ranking = ranked[ranked["wave"] == chosen]
    ranking = ranking.assign(verschil=_signed(ranking["verschil_met_nederland"], lang))
    label = service.waves().wave(chosen).label_in(lang)
    coverage = ranking["nederland_dekking"].dropna()
    if len(coverage):
        shown = note_text(coverage.iloc[0], lang)
        notes.append(_("corona.nl_coverage", lang, coverage=shown))
    return BurdenView(
        measure, title, area_name, per_wave, label, ranking, notes, reason=None
    )


def _signed(values: pd.Series, lang: str) -> list[str]:
    return [
        _("common.no_data", lang) if _missing(v) else kloof.signed(float(v), 1, lang)
        for v in values
    ]


def _missing(value) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (pd.isna(value))
    )


def rank_highlight(view: BurdenView, area_id: str, service: Service) -> str | None:
    """The gemeente of the chosen area, as named in the ranking."""
    area = service.area(area_id)
    code = area.id if area.level == "gemeente" else area.gemeente
    return service.area(code).name if code else None


def burden_line(view: BurdenView, lang: str = "nl") -> str | None:
    """One sentence for the chosen wave: the gemeente's burden against Nederland."""
    if view.area_name is None or not len(view.per_wave) or view.wave_label is None:
        return None
    row = view.per_wave[view.per_wave["label"] == view.wave_label]
    if not len(row) or _missing(row.iloc[0]["per_100k"]):
        return None
    row = row.iloc[0]
    return _(
        "corona.burden_line",
        lang,
        area=view.area_name,
        wave=view.wave_label,
        value=format_number(row["per_100k"], 1, lang=lang),
        nl=format_number(row["nederland"], 1, lang=lang),
        rank=row["rang_text"],
    )


def checked(
    service: Service,
    measure: str | None,
    period: str | None,
    area_id: str | None,
    lang: str | None,
    changed: str | None = None,
    wave: str | None = None,
) -> Choice:
    """The choice of the page's controls; ``changed`` names the control that changed
    (``"maat"``, ``"golf"`` or another). When the measure changes, the chosen week
    stays if the new measure has it; otherwise its opening period (the national
    peak, or the chosen wave's peak). A chosen wave shows its peak week."""
    query = {"maat": measure, "gebied": area_id, "lang": language(lang), "golf": wave}
    measure_id = measure if measure in MEASURES else None
    periods = period_options(service, measure_id or DEFAULT_MEASURE)
    if changed not in ("maat", "golf") or period in {o["value"] for o in periods}:
        query["periode"] = period
    return resolve(service, query, wave_first=changed == "golf")
