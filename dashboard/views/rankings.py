"""A ranking of the gebieden, the gemeenten or the wijken of one gemeente in one period.

Why: the ranking card, its table and its CSV must hold the same rows; Nederland is
added as a reference line only where :mod:`.policy` says a comparison makes sense.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.messages import _
from dashboard.periods_text import period_label
from data_sources.catalogue import Indicator

from ..areas import NL
from ..figures.ranking import ranking_figure
from ..formatting import format_number
from ..services import QueryError, Service
from . import policy
from .key_figures import flags, row_at, series_or_none

TOP = 25
CHOICES = ("gebieden", "gemeenten", "wijken")


@dataclass
class RankingView:
    indicator: Indicator
    choice: str  # gebieden, gemeenten or wijken
    period: str
    frame: pd.DataFrame  # rank, area_id, area_name, value, note (high to low)
    highlight: list[str]
    title: str
    unit: str
    notes: list[str] = field(default_factory=list)
    lang: str = "nl"  # the language of the labels

    @property
    def subtitle(self) -> str:
        return f"{self.unit}, {period_label(self.period, self.lang)}"

    def figure(self) -> go.Figure:
        decimals = self.indicator.decimals
        return readable_bars(
            ranking_figure(
                self.frame, self.unit, decimals, self.highlight, top=TOP, lang=self.lang
            ),
            decimals,
            self.lang,
        )


def readable_bars(figure: go.Figure, decimals: int, lang: str = "nl") -> go.Figure:
    """Bar labels as bare numbers (the unit is on the axis) and room for them."""
    if not figure.data:
        return figure
    values = [v for v in figure.data[0].x if v is not None and not pd.isna(v)]
    figure.update_traces(
        text=[format_number(v, decimals, lang=lang) for v in figure.data[0].x],
        cliponaxis=False,
    )
    if values:
        low, high = min(0.0, min(values)), max(0.0, max(values))
        figure.update_xaxes(range=[low * 1.15, high * 1.15 or 1], nticks=5)
    return figure


def choices(indicator: Indicator) -> list[str]:
    """The rankings an indicator has: always the gebieden, plus its own level."""
    if policy.is_national_only(indicator):
        return []
    return ["gebieden", "gemeenten" if indicator.level == "gemeente" else "wijken"]


def ranking_view(
    service: Service,
    indicator: Indicator,
    gebied,
    choice: str,
    period: str | None,
    lang: str = "nl",
) -> RankingView:
    """Raises QueryError when there is nothing to rank."""
    title = _("ranking.title", lang, title=indicator.title.get(lang))
    if period is None:
        raise QueryError(_("common.no_period", lang, title=indicator.title.nl))
    notes: list[str] = []
    if choice == "gebieden":
        frame = service.map_values(indicator.id, "gebied", period)
        highlight = [gebied.id]
        notes_of = {
            a: "; ".join(
                flags(row_at(series_or_none(service, indicator.id, a), period), lang)
            )
            for a in frame["area_id"]
        }
        frame = frame.assign(note=frame["area_id"].map(notes_of))
        if not policy.has_gebied_figure(indicator):
            notes.append(_("ranking.gemeente_figure", lang))
        valued = set(frame.dropna(subset=["value"])["area_id"])
        absent = [a.name for a in service.registry.gebieden() if a.id not in valued]
        if absent:
            notes.append(
                _("ranking.absent", lang, n=len(absent), names=", ".join(absent))
            )
        nl_row = row_at(series_or_none(service, indicator.id, NL), period)
        if (
            policy.compares_with_nl(indicator)
            and nl_row is not None
            and not pd.isna(nl_row["value"])
        ):
            reference = {
                "area_id": NL,
                "area_name": _("area.nederland", lang),
                "period": period,
                "value": nl_row["value"],
                "note": "; ".join([_("ranking.reference", lang), *flags(nl_row, lang)]),
            }
            frame = pd.concat([frame, pd.DataFrame([reference])], ignore_index=True)
    elif choice == "gemeenten":
        frame = service.map_values(indicator.id, "gemeente", period)
        frame = frame[frame["area_id"].isin(service.registry.areas)]
        highlight = [gebied.gemeente]
    else:
        gemeente = service.registry.areas.get(gebied.gemeente or "")
        wijken = set(gemeente.wijken) if gemeente else set()
        frame = service.map_values(indicator.id, "wijk", period)
        frame = frame[frame["area_id"].isin(wijken)]
        highlight = list(gebied.wijken)
    frame = frame.dropna(subset=["value"])
    if not len(frame):
        raise QueryError(f"{_('common.no_data', lang)} ({period_label(period, lang)})")
    frame = frame.sort_values("value", ascending=False).reset_index(drop=True)
    ranked = frame["area_id"] != NL
    frame.loc[ranked, "rank"] = range(1, int(ranked.sum()) + 1)
    if "note" not in frame:
        frame["note"] = ""
    if len(frame) > TOP:
        notes.append(_("ranking.top", lang, top=TOP, n=len(frame)))
    notes.append(_(f"ranking.highlight_{choice}", lang))
    return RankingView(
        indicator,
        choice,
        period,
        frame,
        highlight,
        title,
        indicator.unit.get(lang),
        notes,
        lang,
    )
