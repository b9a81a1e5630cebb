"""The Coronakloof of one gebied: a sentence and a small chart per indicator, and
what cannot be answered grouped by reason.

Why here: the gebied page and its PDF brief must say the same thing, so both lay out
this view model; the arithmetic is the service's (``Service.coronakloof``, one rule
for the CLI, the Overzicht and this). The gebied's own figures (from its wijken) and
the figures of its gemeente are kept apart: a gemeente figure never stands in the
gebied's place. The pair of periods comes from the address and is validated here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from dashboard.messages import _
from data_sources.catalogue import Indicator

from .. import coronakloof as kloof
from ..areas import NL
from ..figures.kloof import before_after_figure, growth_figure
from ..notes import Note, exc_text, note_text
from ..services import QueryError, Service
from ..url_state import ViewState
from . import policy

DEFAULT_PAIR = kloof.DEFAULT_PAIR
YEARS = list(kloof.CHOOSABLE_YEARS)
# The order of the groups of what cannot be answered (reason code, or a split of one).
GROUP_ORDER = (
    kloof.NO_BEFORE,
    kloof.NO_CORONA,
    kloof.NO_VALUES,
    kloof.NO_REFERENCE,
    "landelijk",
    kloof.NO_FIGURE,
    kloof.NOT_CACHED,
)


@dataclass
class KloofItem:
    """One indicator that can be answered, for the chosen pair of periods."""

    indicator: Indicator
    sentence: str
    pair: dict
    area_label: str
    area_kind: str  # gebied (own figure) or gemeente (the gemeente's figure)
    reference_label: str
    reference_kind: str  # nederland or rest
    growth: bool  # a count: growth in %, no gap
    lang: str = "nl"  # the language of the chart's numbers

    def figure(self) -> go.Figure:
        pair = self.pair
        before = note_text(pair["before_label"], self.lang)
        after = note_text(pair["after_label"], self.lang)
        if self.growth:
            return growth_figure(
                f"{before}–{after}",
                (self.area_label, self.area_kind, pair["growth"]),
                (self.reference_label, self.reference_kind, pair["growth_reference"]),
                lang=self.lang,
            )
        return before_after_figure(
            (before, after),
            (
                self.area_label,
                self.area_kind,
                (pair["value_before"], pair["value_after"]),
            ),
            (
                self.reference_label,
                self.reference_kind,
                (pair["reference_before"], pair["reference_after"]),
            ),
            self.indicator.unit.get(self.lang),
            self.indicator.decimals,
            lang=self.lang,
        )


@dataclass
class KloofGroup:
    """Indicators that cannot be answered for one reason."""

    code: str
    heading: str
    titles: list[str] = field(default_factory=list)

    @property
    def line(self) -> str:
        return f"{self.heading}: {', '.join(self.titles)}."


@dataclass
class KloofView:
    area_id: str
    area_name: str
    gemeente_name: str
    voor: str
    na: str
    own: list[KloofItem]  # from the gebied's own (wijk) figures
    gemeente: list[KloofItem]  # figures of the gemeente (gemeente level only)
    groups: list[KloofGroup]
    notices: list[str]
    lang: str = "nl"

    @property
    def items(self) -> list[KloofItem]:
        return [*self.own, *self.gemeente]

    @property
    def indicators(self) -> list[Indicator]:
        return [item.indicator for item in self.items]

    def lines(self) -> list[str]:
        """The sentences and the grouped reasons, as plain text (the brief)."""
        return [item.sentence for item in self.items] + [g.line for g in self.groups]


def chosen_pair(raw_voor: object, raw_na: object, view: ViewState) -> tuple[str, str]:
    """The pair of years from the address (``kloof_voor``, ``kloof_na``); an unknown
    value or a pair in the wrong order adds a notice and gives the default pair."""
    voor = view.one("kloof_voor", raw_voor, YEARS, DEFAULT_PAIR[0])
    na = view.one("kloof_na", raw_na, YEARS, DEFAULT_PAIR[1])
    if int(voor) >= int(na):
        view.notices.append(Note("gebied.kloof.order", voor=voor, na=na))
        voor, na = DEFAULT_PAIR
    view.values["kloof_voor"], view.values["kloof_na"] = voor, na
    return voor, na


def _group_code(indicator: Indicator, code: str) -> str:
    if code == kloof.NO_FIGURE and policy.is_national_only(indicator):
        return "landelijk"
    return code


def kloof_view(
    service: Service,
    area,
    voor: str = DEFAULT_PAIR[0],
    na: str = DEFAULT_PAIR[1],
    lang: str = "nl",
) -> KloofView:
    """Every indicator of the catalogue for the gebied and the pair ``voor``-``na``."""
    gemeente = service.registry.areas.get(area.gemeente or "")
    gemeente_name = gemeente.name if gemeente else str(area.gemeente or "")
    own: list[KloofItem] = []
    of_gemeente: list[KloofItem] = []
    groups: dict[str, KloofGroup] = {}
    notices: list[str] = []
    for indicator in service.catalogue.indicators:
        # The default pairs say why an indicator cannot be answered at all; only
        # those that can are asked for the chosen pair.
        result = service.coronakloof(indicator.id, area.id)
        if result["reason_code"] is None:
            try:
                result = service.coronakloof(indicator.id, area.id, voor, na)
            except QueryError as exc:  # validated above; a guard, not a path
                notices.append(exc_text(exc, lang))
                continue
        code = result["reason_code"]
        if code is not None:
            code = _group_code(indicator, code)
            heading = _(f"gebied.kloof.reason.{code}", lang, voor=voor, na=na)
            groups.setdefault(code, KloofGroup(code, heading)).titles.append(
                indicator.title.get(lang)
            )
            continue
        (pair,) = result["pairs"]
        own_figure = policy.has_gebied_figure(indicator)
        item = KloofItem(
            indicator=indicator,
            sentence=note_text(pair["sentence"], lang),
            pair=pair,
            area_label=area.name
            if own_figure
            else _("gebied.kloof.gemeente_label", lang, gemeente=gemeente_name),
            area_kind="gebied" if own_figure else "gemeente",
            reference_label=_("area.nederland", lang)
            if result["reference_id"] == NL
            else _("trend.rest_label", lang, gemeente=gemeente_name),
            reference_kind="nederland" if result["reference_id"] == NL else "rest",
            growth=result["kind"] == "groei",
            lang=lang,
        )
        (own if own_figure else of_gemeente).append(item)
    # Gaps first, then the growth of counts: the brief keeps the first sentences.
    own.sort(key=lambda item: item.growth)
    of_gemeente.sort(key=lambda item: item.growth)
    if not own and not of_gemeente and kloof.NO_VALUES in groups:
        notices.append(_("gebied.kloof.pair_empty", lang, voor=voor, na=na))
    ordered = [groups[code] for code in GROUP_ORDER if code in groups]
    return KloofView(
        area.id,
        area.name,
        gemeente_name,
        voor,
        na,
        own,
        of_gemeente,
        ordered,
        notices,
        lang,
    )
