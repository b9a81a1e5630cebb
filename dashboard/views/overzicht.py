"""The Overzicht's gap table: did corona widen the gap, per gebied and indicator?

Why a view model: the table on the page, its CSV and its Excel file must hold the
same rows in the same order, so both are built from :func:`gap_view`. The figures are
the service's (``Service.coronakloof_tabel`` for the default pairs, or
``Service.coronakloof`` for a chosen pair); this module only filters, sorts, words
and groups what cannot be computed. A count has no gap (``kind`` "groei"): its rows
show the growth in % of the area and of its reference and are sorted after the gaps.

Sorting by "verbreding" ranks across units: the widening |gap after| - |gap before|
as a percentage of the reference's figure before corona (so euros and rates per
1.000 inwoners can stand in one order); the widening in the indicator's own unit is
shown and exported beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from dashboard.messages import _
from data_sources.catalogue import Text

from .. import coronakloof as kloof
from ..areas import shown_names
from ..formatting import format_number, plain_unit
from ..messages import MissingText
from ..notes import error_note, note_text
from ..services import QueryError, Service
from ..services.coronakloof import HEAD
from ..url_state import ViewState
from .sources import source_lines

SORTS = ("verbreding", "gebied", "indicator")
DEFAULT_SORT = "verbreding"
# The page shows the first rows of a long table (the order is the point); the
# files always hold every row of the choice. ``kloof_rijen=alle`` shows them all.
SHOWN_ROWS = 40
ROW_CHOICES = ("eerste", "alle")
# The years a user can pick for a pair; a CBS key (2020MM04) also works in the URL.
BEFORE_YEARS = list(kloof.BEFORE_YEARS)
AFTER_YEARS = list(kloof.AFTER_YEARS)
# Reason codes in the order their groups are listed.
REASON_ORDER = (
    kloof.NOT_CACHED,
    kloof.NO_FIGURE,
    kloof.NO_BEFORE,
    kloof.NO_CORONA,
    kloof.NO_REFERENCE,
    kloof.NO_VALUES,
)
# How many gebied names a reason line lists before it says "n gebieden".
NAMES_LISTED = 3


@dataclass(frozen=True)
class GapFilters:
    """The table's choice, as it lives in the URL."""

    sort: str = DEFAULT_SORT
    domain: str | None = None
    gebied: str | None = None
    before: str | None = None  # None: the default pairs
    after: str | None = None
    rows: str = "eerste"  # "alle": every row on the page

    @property
    def pair(self) -> tuple[str, str] | None:
        return (self.before, self.after) if self.before and self.after else None

    def query(self) -> dict:
        return {
            "kloof_sorteer": None if self.sort == DEFAULT_SORT else self.sort,
            "kloof_domein": self.domain,
            "kloof_gebied": self.gebied,
            "kloof_voor": self.before,
            "kloof_na": self.after,
            "kloof_rijen": None if self.rows == "eerste" else self.rows,
        }

    def to_dict(self) -> dict:
        return {
            "sort": self.sort,
            "domain": self.domain,
            "gebied": self.gebied,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class ReasonGroup:
    code: str
    heading: str
    lines: list[str]


@dataclass
class GapView:
    filters: GapFilters
    frame: pd.DataFrame  # one row per gebied x indicator x pair (EXPORT_COLUMNS)
    reasons: list[ReasonGroup]
    sources: list[str]
    indicators: list[str]
    notes: list[str] = field(default_factory=list)
    lang: str = "nl"

    @property
    def shown(self) -> pd.DataFrame:
        """The rows on the page: the first SHOWN_ROWS unless all were asked."""
        if self.filters.rows == "alle":
            return self.frame
        return self.frame.head(SHOWN_ROWS)

    @property
    def periods_text(self) -> str:
        if self.filters.pair:
            return f"{self.filters.before} → {self.filters.after}"
        return _("kloof.default_pairs", self.lang)


def resolve_filters(service: Service, raw: dict, view: ViewState) -> GapFilters:
    """The URL's values checked against what exists; unknown -> default + notice."""
    sort = view.one("kloof_sorteer", raw.get("kloof_sorteer"), SORTS, DEFAULT_SORT)
    domain = view.one(
        "kloof_domein",
        raw.get("kloof_domein"),
        [d.id for d in service.catalogue.domains],
        None,
    )
    gebied = view.one(
        "kloof_gebied",
        raw.get("kloof_gebied"),
        [a.id for a in service.registry.gebieden()],
        None,
    )
    before = _period(raw.get("kloof_voor"))
    after = _period(raw.get("kloof_na"))
    pair_ok = True
    for name, value in (("kloof_voor", before), ("kloof_na", after)):
        complaint = value and kloof.validate_period(value)
        if complaint:
            view.notices.append(f"{name}: {complaint}")
            pair_ok = False
    if pair_ok and (before is None) != (after is None):
        view.notices.append(_("kloof.half_pair"))
        pair_ok = False
    if pair_ok and before and after and _start(before) >= _start(after):
        view.notices.append(_("kloof.pair_order", before=before, after=after))
        pair_ok = False
    if not pair_ok:
        before = after = None
    rows = view.one("kloof_rijen", raw.get("kloof_rijen"), ROW_CHOICES, "eerste")
    return GapFilters(sort, domain, gebied, before, after, rows)


def _period(raw) -> str | None:
    if raw is None:
        return None
    value = str(raw[0] if isinstance(raw, (list, tuple)) and raw else raw).strip()
    return value[:40] or None


def _start(period: str) -> str:
    """Sortable start of a year or CBS key ("2019" < "2019MM04" < "2020")."""
    return period[:4] + ("" if len(period) == 4 else period[4:])


def gap_table(service: Service, filters: GapFilters) -> pd.DataFrame:
    """The service's rows for the chosen gebieden and pair (default pairs memoised)."""
    areas = [filters.gebied] if filters.gebied else None
    if filters.pair is None:
        table = service.coronakloof_tabel()
        if areas:
            table = table[table["area_id"].isin(areas)]
        return table
    rows = []
    indicators = _indicators(service, filters)
    for area_id in areas or [a.id for a in service.registry.gebieden()]:
        for indicator in indicators:
            try:
                result = service.coronakloof(indicator.id, area_id, *filters.pair)
            except QueryError as exc:  # the pair was checked; keep it a reason anyway
                result = {
                    **_head_of(service, indicator, area_id),
                    "reason_code": kloof.BAD_PERIOD,
                    "reason": error_note(exc),
                    "pairs": [],
                }
            head = {k: result.get(k) for k in HEAD}
            if result["reason_code"] is not None:
                rows.append(
                    head
                    | {"reason_code": result["reason_code"], "reason": result["reason"]}
                )
            else:
                rows.extend(head | pair for pair in result["pairs"])
    return pd.DataFrame(rows)


def _head_of(service: Service, indicator, area_id: str) -> dict:
    area = service.area(area_id)
    return {
        "area_id": area.id,
        "area_name": area.name,
        "indicator": indicator.id,
        "title": indicator.title.nl,
        "unit": indicator.unit.nl,
        "kind": "groei" if indicator.aggregation == "count" else "verschil",
        "reference_id": None,
        "reference_name": None,
        "level_note": "",
    }


def _indicators(service: Service, filters: GapFilters):
    if filters.domain:
        return service.catalogue.in_domain(filters.domain)
    return list(service.catalogue.indicators)


def gap_view(service: Service, filters: GapFilters, lang: str = "nl") -> GapView:
    """Rows that can be answered (sorted), and what cannot, grouped by reason."""
    table = gap_table(service, filters)
    indicators = _indicators(service, filters)
    wanted = {i.id for i in indicators}
    if len(table):
        table = table[table["indicator"].isin(wanted)]
    answered = (
        table[table["reason_code"].isna()] if len(table) else table.iloc[0:0]
    ).copy()
    unanswered = table[table["reason_code"].notna()] if len(table) else table
    frame = _rows(service, answered)
    frame = sort_rows(frame, filters.sort, [i.id for i in indicators])
    if lang != "nl":
        frame = _in_language(service, frame, lang)
    shown = [i for i in indicators if i.id in set(frame.get("indicator", []))]
    notes = [_("kloof.sort_note", lang)] if filters.sort == DEFAULT_SORT else []
    if any(i.level == "gemeente" for i in shown):
        notes.append(_("kloof.gemeente_note", lang))
    if len(frame) and (frame["status"] == "voorlopig").any():
        notes.append(_("kloof.provisional_note", lang))
    return GapView(
        filters=filters,
        frame=frame,
        reasons=reason_groups(unanswered, lang),
        sources=source_lines(service, shown, notes, lang),
        indicators=[i.id for i in shown],
        notes=notes,
        lang=lang,
    )


# The columns that hold numbers (the exports keep them numeric, full precision).
NUMBER_COLUMNS = [
    "value_before",
    "value_after",
    "reference_before",
    "reference_after",
    "gap_before",
    "gap_after",
    "gap_change",
    "widening",
    "widening_pct_of_reference",
    "growth",
    "growth_reference",
    "growth_difference",
]
EXPORT_COLUMNS = [
    "area_id",
    "area_name",
    "domain",
    "indicator",
    "title",
    "soort",
    "unit",
    "level_note",
    "reference_id",
    "reference_name",
    "period_before",
    "period_before_label",
    "period_after",
    "period_after_label",
    "status",
    *NUMBER_COLUMNS,
    "direction",
    "sentence",
    "table_id",
    "source",
    "fetched_at",
]


# The text columns of a row that the service words in Dutch (Notes, or names): on
# an English page, and in its exports, they are worded in English.
WORDED_COLUMNS = (
    "sentence",
    "reference_name",
    "level_note",
    "period_before_label",
    "period_after_label",
)


def _in_language(service: Service, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows with their sentences, labels, titles and own area names in ``lang``
    (the numbers and the codes - soort, status, direction - stay as they are)."""
    out = frame.copy()
    for column in WORDED_COLUMNS:
        out[column] = (
            out[column]
            .map(lambda v: note_text(v, lang) if isinstance(v, str) else v)
            .astype(object)
        )
    out["title"] = (
        out["indicator"]
        .map(lambda i: service.indicator(i).title.get(lang))
        .astype(object)
    )
    out["area_name"] = shown_names(out, lang, service.registry)
    return out


def _rows(service: Service, answered: pd.DataFrame) -> pd.DataFrame:
    """The service's pair rows in the export's columns (English names, raw numbers)."""
    if not len(answered):
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    out = pd.DataFrame(index=answered.index)
    out["area_id"] = answered["area_id"]
    out["area_name"] = answered["area_name"]
    out["indicator"] = answered["indicator"]
    out["domain"] = answered["indicator"].map(lambda i: service.indicator(i).domain)
    out["title"] = answered["title"]
    out["soort"] = answered["kind"]
    out["unit"] = answered["unit"]
    out["level_note"] = answered["level_note"].fillna("")
    out["reference_id"] = answered["reference_id"]
    out["reference_name"] = answered["reference_name"]
    out["period_before"] = answered["before"]
    out["period_before_label"] = answered["before_label"]
    out["period_after"] = answered["after"]
    out["period_after_label"] = answered["after_label"]
    out["status"] = answered["provisional"].map(
        lambda v: "voorlopig" if bool(v) else "definitief"
    )
    out["value_before"] = answered["value_before"].astype(float)
    out["value_after"] = answered["value_after"].astype(float)
    out["reference_before"] = answered["reference_before"].astype(float)
    out["reference_after"] = answered["reference_after"].astype(float)
    is_gap = answered["kind"] == "verschil"
    out["gap_before"] = _col(answered, "gap_before").where(is_gap)
    out["gap_after"] = _col(answered, "gap_after").where(is_gap)
    out["gap_change"] = _col(answered, "change").where(is_gap)
    out["widening"] = out["gap_after"].abs() - out["gap_before"].abs()
    out["widening_pct_of_reference"] = [
        w / abs(r) * 100 if not math.isnan(w) and r else math.nan
        for w, r in zip(out["widening"], out["reference_before"])
    ]
    out["growth"] = _col(answered, "growth").where(~is_gap)
    out["growth_reference"] = _col(answered, "growth_reference").where(~is_gap)
    out["growth_difference"] = _col(answered, "change").where(~is_gap)
    out["direction"] = _col(answered, "direction", object)
    out["sentence"] = answered["sentence"]
    provenance = {
        i: service.provenance(service.indicator(i).source.dataset)
        for i in dict.fromkeys(out["indicator"])
    }
    out["table_id"] = out["indicator"].map(
        lambda i: provenance[i].table_id if provenance[i] else None
    )
    out["source"] = out["indicator"].map(
        lambda i: (
            f"{provenance[i].attribution}; {provenance[i].licence}"
            if provenance[i]
            else None
        )
    )
    out["fetched_at"] = out["indicator"].map(
        lambda i: provenance[i].fetched_at if provenance[i] else None
    )
    return out[EXPORT_COLUMNS].reset_index(drop=True)


def _col(frame: pd.DataFrame, name: str, dtype=float) -> pd.Series:
    if name not in frame:
        return pd.Series(None, index=frame.index, dtype=dtype)
    return frame[name].astype(dtype)


def sort_rows(frame: pd.DataFrame, sort: str, order: list[str]) -> pd.DataFrame:
    """``verbreding``: gaps widened most first (relative widening), counts after them
    by growth difference; ``gebied``/``indicator``: by name, then catalogue order."""
    if not len(frame):
        return frame
    rank = {indicator: n for n, indicator in enumerate(order)}
    work = frame.assign(
        _counts=(frame["soort"] == "groei").astype(int),
        _key=frame["widening_pct_of_reference"].fillna(frame["growth_difference"]),
        _indicator=frame["indicator"].map(rank),
    )
    if sort == "gebied":
        keys, ascending = ["area_name", "_indicator", "period_after"], True
    elif sort == "indicator":
        keys, ascending = ["_indicator", "area_name", "period_after"], True
    else:
        keys = ["_counts", "_key", "area_name", "_indicator", "period_after"]
        ascending = [True, False, True, True, True]
    work = work.sort_values(
        keys, ascending=ascending, na_position="last", kind="stable"
    )
    return work.drop(columns=["_counts", "_key", "_indicator"]).reset_index(drop=True)


def reason_groups(unanswered: pd.DataFrame, lang: str = "nl") -> list[ReasonGroup]:
    """One group per reason code, one line per indicator: the service's reason and,
    when it does not hold for every gebied asked, which gebieden it concerns."""
    if not len(unanswered):
        return []
    groups = []
    codes = list(dict.fromkeys(unanswered["reason_code"]))
    codes.sort(key=lambda c: REASON_ORDER.index(c) if c in REASON_ORDER else 99)
    for code in codes:
        part = unanswered[unanswered["reason_code"] == code]
        lines = []
        for _indicator, rows in part.groupby("indicator", sort=False):
            names = list(dict.fromkeys(rows["area_name"]))
            line = note_text(rows["reason"].iloc[0], lang)
            if len(names) > 1:  # the service's line names the first gebied only
                line = line.replace(names[0], _("kloof.the_gebieden", lang))
            if len(names) > 1 or names[0] not in line:
                who = (
                    ", ".join(names)
                    if len(names) <= NAMES_LISTED
                    else _("kloof.n_gebieden", lang, n=len(names))
                )
                line += " " + _("kloof.concerns", lang, who=who)
            lines.append(line)
        try:
            heading = _(f"kloof.reason.{code}", lang)
        except MissingText:  # a reason code without words yet: show the code
            heading = code
        groups.append(ReasonGroup(code, heading, lines))
    return groups


# -- words of a row (the page's cells) ----------------------------------------


def periods_cell(row, lang: str = "nl") -> str:
    before = note_text(row["period_before_label"], lang)
    after = note_text(row["period_after_label"], lang)
    shown = f"{before} → {after}"
    if row["status"] == "voorlopig":  # "... (voorlopig)"
        return _("kloof.provisional", lang, label=shown)
    return shown


def value_cells(row, decimals: int, lang: str = "nl") -> tuple[str, str, str]:
    """(before, after, change) as the table shows them.

    A gap: the gap before and after and its change, signed, in the indicator's unit
    (percentage points for %); a count: the count before and after and the growth
    in % beside the reference's growth."""
    if row["soort"] == "groei":
        growth = _signed_pct(row["growth"], lang)
        reference = _signed_pct(row["growth_reference"], lang)
        return (
            format_number(row["value_before"], decimals, lang=lang),
            format_number(row["value_after"], decimals, lang=lang),
            _(
                "kloof.growth_cell",
                lang,
                growth=growth,
                reference=note_text(row["reference_name"], lang),
                reference_growth=reference,
            ),
        )
    return (
        kloof.signed(row["gap_before"], decimals, lang),
        kloof.signed(row["gap_after"], decimals, lang),
        kloof.signed(row["gap_change"], decimals, lang),
    )


def unit_cell(row, lang: str = "nl", unit: Text | None = None) -> str:
    """The unit of a row's numbers, once, beside the indicator: percentage points
    for a share, the unit for a rate or mean, growth in % for a count. ``unit`` is
    the indicator's, for its words in ``lang`` (the row keeps the Dutch code)."""
    if row["soort"] == "groei":
        return _("kloof.count_marker", lang)
    if row["unit"] == "%":
        return _("kloof.pp", lang)
    return plain_unit(row["unit"] if unit is None else unit.get(lang))


def _signed_pct(value, lang: str = "nl") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("kloof.unknown", lang)
    return kloof.signed(float(value), 1, lang) + "%"


def meaning_cell(row, lang: str = "nl") -> str:
    if row["soort"] == "groei":
        difference = row["growth_difference"]
        if difference is None or (
            isinstance(difference, float) and math.isnan(difference)
        ):
            return _("kloof.unknown", lang)
        key = (
            "faster"
            if difference > 0.05
            else "slower"
            if difference < -0.05
            else "same_growth"
        )
        return _(f"kloof.meaning.{key}", lang)
    direction = row["direction"]
    return _(f"kloof.meaning.{direction}", lang) if isinstance(direction, str) else ""
