"""The lines of a trend chart and why any is missing: one rule for every page.

Why: the Domein page drew a count (inhabitants) of Den Haag against Nederland's on one
axis while the Gebied page left Nederland out; the two also placed a gemeente-level
figure differently. Here: the gebied's own line only from wijk figures, the gemeente
and the rest of the gemeente, and Nederland only when :mod:`.policy` says the
comparison makes sense. The Domein page, the Gebied page, the brief and the exports
draw from this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.messages import _
from dashboard.notes import exc_text, note_text
from dashboard.periods_text import period_label
from data_sources.catalogue import Indicator
from data_sources.periods import parse_period

from ..areas import NL, REST_PREFIX
from ..figures.trend import Line, Shade, period_bars, trend_figure
from ..services import CORONA_END, CORONA_START, QueryError, Service
from . import policy
from .events import chart_events, timeline_events


@dataclass
class TrendLine:
    kind: str  # gebied, gemeente, rest, nederland
    area_id: str
    label: str
    frame: pd.DataFrame | None = None
    reason: str | None = None

    @property
    def drawn(self) -> bool:
        return self.frame is not None


@dataclass
class TrendView:
    indicator: Indicator
    lines: list[TrendLine]  # every candidate, drawn or with its reason
    notes: list[str] = field(default_factory=list)
    marked_period: str | None = None  # the chosen period, marked on the time axis
    unit: str = ""
    title: str = ""
    lang: str = "nl"
    measures: bool = False  # draw the national measures (maatregelen.yaml)

    @property
    def drawn(self) -> list[TrendLine]:
        return [line for line in self.lines if line.drawn]

    @property
    def single_period(self) -> bool:
        """One period only (e.g. the wijk figures of 2022): bars compare better."""
        periods = {
            p
            for line in self.drawn
            for p in line.frame.dropna(subset=["value"])["period"]
        }
        return len(periods) == 1

    @property
    def span(self) -> str:
        with_value = pd.concat(
            [line.frame.dropna(subset=["value"]) for line in self.drawn]
        ).sort_values("period_start")
        first = period_label(with_value["period"].iloc[0], self.lang)
        last = period_label(with_value["period"].iloc[-1], self.lang)
        to = _("trend.to", self.lang)
        return first if first == last else f"{first} {to} {last}"

    @property
    def subtitle(self) -> str:
        return f"{self.unit}, {self.span}"

    @property
    def notes_shown(self) -> list[str]:
        """The notes under the chart: the view's, and what the shading and the
        dotted lines mean (only for a time axis)."""
        if self.single_period:
            return list(self.notes)
        extra = [_("trend.corona_years_note", self.lang)]
        if self.measures:
            error = timeline_events()[1]
            extra.append(
                _("trend.measures_error", self.lang, error=error)
                if error
                else _("trend.measures_note", self.lang)
            )
        return [*self.notes, *extra]

    def figure(self) -> go.Figure:
        decimals = self.indicator.decimals
        if self.single_period:
            return period_bars(self.drawn, self.unit, decimals, lang=self.lang)
        events = chart_events(timeline_events()[0]) if self.measures else None
        figure = trend_figure(
            [
                Line(
                    ln.label,
                    ln.kind,
                    ln.frame[["period", "period_start", "period_label", "value"]],
                )
                for ln in self.drawn
            ],
            self.unit,
            decimals,
            events=events,
            shade=Shade(CORONA_START, CORONA_END, _("trend.corona_years", self.lang)),
            lang=self.lang,
        )
        rows = self.drawn[0].frame
        rows = rows[rows["period"] == self.marked_period]
        if len(rows):
            figure.add_vline(
                x=pd.Timestamp(rows["period_start"].iloc[0]),
                line={"color": "#6b6b6b", "width": 1, "dash": "dot"},
                annotation_text=period_label(rows["period"].iloc[0], self.lang),
                annotation_position="top",
            )
        return figure


def one_frequency(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the series' most common frequency: a CBS table may hold year
    figures beside its months (37789ksz), and one line through both zigzags."""
    kinds = frame["period"].map(lambda p: parse_period(p).frequency)
    if kinds.nunique() <= 1:
        return frame
    return frame[kinds == kinds.value_counts().idxmax()]


def candidates(service: Service, indicator: Indicator, gebied, lang: str):
    """The lines a trend of this indicator may draw for the gebied, in order."""
    nl_line = TrendLine("nederland", NL, _("area.nederland", lang))
    if policy.is_national_only(indicator) or gebied is None:
        return [nl_line], []
    notes: list[str] = []
    gemeente = service.registry.areas.get(gebied.gemeente or "")
    gemeente_name = gemeente.name if gemeente else str(gebied.gemeente)
    lines: list[TrendLine] = []
    if policy.has_gebied_figure(indicator):
        lines.append(TrendLine("gebied", gebied.id, gebied.name))
    if gemeente is not None:
        if policy.has_gebied_figure(indicator):
            label = gemeente_name
        else:
            label = _("trend.gemeente_line", lang, gemeente=gemeente_name)
            notes.append(_("trend.gemeente_only", lang, gemeente=gemeente_name))
        lines.append(TrendLine("gemeente", gemeente.id, label))
        rest = TrendLine(
            "rest",
            REST_PREFIX + gebied.id,
            _("trend.rest_label", lang, gemeente=gemeente_name),
        )
        if not policy.has_rest_figure(indicator):
            rest.reason = _("trend.no_rest", lang, gemeente=gemeente_name)
        lines.append(rest)
    if policy.compares_with_nl(indicator):
        lines.append(nl_line)
    else:
        notes.append(_("trend.count", lang))
    return lines, notes


def trend_view(
    service: Service,
    indicator: Indicator,
    gebied,
    lang: str = "nl",
    marked_period: str | None = None,
    coverage_period: str | None = None,
    measures: bool = False,
) -> TrendView:
    """Every line with its series or the reason it is missing, and the notes."""
    lines, notes = candidates(service, indicator, gebied, lang)
    for line in lines:
        if line.reason:
            continue
        try:
            frame = service.series(indicator.id, line.area_id)
        except QueryError as exc:
            line.reason = exc_text(exc, lang)
            continue
        if not frame["value"].notna().any():
            reasons = frame["missing_reason"].dropna()
            line.reason = f"{line.label}: " + (
                note_text(reasons.iloc[0], lang)
                if len(reasons)
                else _("common.no_data", lang)
            )
            continue
        line.frame = one_frequency(frame)
    for line in lines:
        if line.frame is None and line.reason:
            notes.append(f"{_('trend.not_shown', lang)}: {line.reason}.")
    drawn = [line for line in lines if line.frame is not None]
    estimated = [line.label for line in drawn if bool(line.frame["estimate"].any())]
    if estimated:
        notes.append(
            f"{_('common.estimate', lang).capitalize()}: {', '.join(estimated)}."
        )
    for line in drawn:
        rows = line.frame.dropna(subset=["value"])
        if coverage_period is not None:
            rows = rows[rows["period"] == coverage_period]
        if not len(rows):
            continue
        row = rows.iloc[-1]
        for key in ("coverage", "level_note"):
            value = row.get(key)
            if isinstance(value, str) and value:
                notes.append(f"{line.label}: {note_text(value, lang)}.")
    return TrendView(
        indicator,
        lines,
        list(dict.fromkeys(notes)),
        marked_period,
        unit=indicator.unit.get(lang),
        title=indicator.title.get(lang),
        lang=lang,
        measures=measures,
    )


def trend_options(service: Service, area, lang: str) -> list[dict]:
    """Indicators with two or more periods with a value for the gebied (or, for a
    gemeente-level indicator, for its gemeente)."""
    options = []
    for indicator in service.catalogue.indicators:
        if policy.is_national_only(indicator):
            continue
        try:
            series = service.series(indicator.id, area.id)
        except QueryError:
            continue
        if int(series["value"].notna().sum()) >= 2:
            options.append({"label": indicator.title.get(lang), "value": indicator.id})
    return options
