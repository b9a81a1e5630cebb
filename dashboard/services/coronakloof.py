"""The service side of the coronakloof: gap or growth per pair of periods.

The arithmetic and the sentences are ``dashboard/coronakloof.py``'s; this module
picks the series, the reference (Nederland or the rest of the gemeente) and the
reason a gap cannot be computed, and builds the table of every gebied.
"""

from __future__ import annotations

import pandas as pd

from data_sources.catalogue import Indicator
from data_sources.dataset_tables import dataset_tables

from .. import coronakloof as kloof
from ..areas import NL, Area
from ..notes import Note, error_note, loads_with_notes
from .errors import QueryError
from .memo import consistent
from .results import KloofPair, KloofResult


def gap_subject(indicator_id: str, area_id: str, voor, na) -> str:
    """The stored coronakloof of an indicator and area, for a pair or the defaults."""
    return f"{indicator_id}|{area_id}|{voor or ''}|{na or ''}"


# The fields of a coronakloof answer that every pair of years of it shares (the
# table's and the Overzicht's rows start with them).
HEAD = (
    "area_id",
    "area_name",
    "indicator",
    "title",
    "unit",
    "kind",
    "reference_id",
    "reference_name",
    "level_note",
)


class Coronakloof:
    """The coronakloof of one area and the table of all gebieden."""

    @consistent
    def coronakloof(
        self,
        indicator_id: str,
        area_id: str,
        voor: str | None = None,
        na: str | None = None,
    ) -> KloofResult:
        """Gap to the reference before corona and in the corona years (see
        dashboard/coronakloof.py), per pair of periods, with a sentence each; when
        it cannot be computed ``reason_code`` and ``reason`` say why (memoised per
        cache version and shared: read it, do not change it)."""
        indicator = self.indicator(indicator_id)
        area = self.area(area_id)
        if (voor is None) != (na is None):
            raise QueryError("kies twee perioden voor de coronakloof: voor en na")
        for text in (voor, na):
            complaint = text is not None and kloof.validate_period(text)
            if complaint:
                raise QueryError(complaint)
        # the gebied page's kloof asks every indicator twice: stored at refresh
        return self._memoised(
            ("kloof", indicator.id, area.id, voor, na),
            lambda: self._read_through(
                "kloof",
                gap_subject(indicator.id, area.id, voor, na),
                lambda: self._coronakloof(indicator, area, voor, na),
                decode=loads_with_notes,
            ),
        )

    def _coronakloof(self, indicator, area, voor, na) -> KloofResult:
        result: KloofResult = {
            "indicator": indicator.id,
            "title": indicator.title.nl,
            "unit": indicator.unit.nl,
            "area_id": area.id,
            "area_name": area.name,
            "kind": "groei" if indicator.aggregation == "count" else "verschil",
            "reference_id": None,
            "reference_name": None,
            "level_note": "",
            "pairs": [],
            "reason_code": None,
            "reason": None,
        }

        def cannot(code: str, line: str) -> KloofResult:
            return {**result, "reason_code": code, "reason": line}

        if indicator.id in self.problems():
            return cannot(kloof.NOT_CACHED, self._online_only_line(indicator))
        try:
            series = self.series(indicator.id, area.id)
        except QueryError as exc:
            return cannot(kloof.NO_FIGURE, Note.joined([error_note(exc)], "", "."))
        result["level_note"] = series["level_note"].iloc[0] if len(series) else ""
        ref_id, ref_name, reference = self._kloof_reference(indicator, area)
        if reference is None:
            return cannot(
                kloof.NO_REFERENCE,
                Note(
                    "note.kloof_no_reference",
                    title=_lower_title(indicator),
                    area=area.name,
                ),
            )
        result["reference_id"], result["reference_name"] = ref_id, ref_name
        if voor is not None:
            # the year points of each series once, not once per chosen year
            years = kloof.is_year(voor) or kloof.is_year(na)
            own = self._year_points(indicator.id, area.id, series) if years else None
            ref = self._year_points(indicator.id, ref_id, reference) if years else None
            pairs = [
                (
                    (
                        kloof.chosen_point(series, voor, own),
                        kloof.chosen_point(series, na, own),
                    ),
                    (
                        kloof.chosen_point(reference, voor, ref),
                        kloof.chosen_point(reference, na, ref),
                    ),
                    (voor, na),
                )
            ]
        else:
            points = self._year_points(indicator.id, area.id, series)
            ref_points = self._year_points(indicator.id, ref_id, reference)
            missing = self._kloof_period_reason(indicator, series, points)
            if missing is not None:
                return cannot(*missing)
            pairs = [
                (
                    (points.get(before), points.get(after)),
                    (ref_points.get(before), ref_points.get(after)),
                    (str(before), str(after)),
                )
                for before, after in kloof.default_pairs(series)
            ]
        for area_points, ref_points, asked in pairs:
            result["pairs"].append(
                self._kloof_pair(
                    indicator, area, ref_name, area_points, ref_points, asked
                )
            )
        if not any(p["reason_code"] is None for p in result["pairs"]):
            first = result["pairs"][0]
            return cannot(first["reason_code"], first["reason"])
        return result

    def _year_points(self, indicator_id: str, area_id: str, series) -> dict:
        """``kloof.year_points`` of the area's series, once per version: the page
        asks the default pairs and then the chosen pair of every indicator. Shared
        between callers: read it, do not change it."""
        return self._memoised(
            ("kloof_points", indicator_id, area_id), lambda: kloof.year_points(series)
        )

    def _online_only_line(self, indicator: Indicator) -> str:
        """What would fill an indicator whose table is not in the cache."""
        spec = dataset_tables().get(indicator.source.dataset)
        tables = (
            ", ".join(spec.tables.values()) if spec and spec.tables else None
        ) or (spec.table_id if spec else indicator.source.dataset)
        years = (
            f" {min(spec.tables)}-{max(spec.tables)}" if spec and spec.tables else ""
        )
        return Note(
            "note.kloof_online_only",
            title=_lower_title(indicator),
            years=years,
            tables=tables,
        )

    def _kloof_reference(self, indicator: Indicator, area: Area):
        """Nederland where the indicator has a national figure, else the rest of the
        gemeente (for a gebied); (id, name in a sentence, series) or Nones."""
        if area.level != "nederland":
            try:
                national = self.series(indicator.id, NL)
            except QueryError:
                national = None
            if national is not None and national["value"].notna().any():
                return NL, Note("note.nederland"), national
        if area.level == "gebied" and area.gemeente:
            rest = f"rest-{area.id}"
            try:
                series = self.series(indicator.id, rest)
            except QueryError:
                series = None
            if series is not None and series["value"].notna().any():
                name = self.area(area.gemeente).name
                return rest, Note("note.kloof_rest", name=name), series
        return None, None, None

    def _kloof_period_reason(self, indicator, series, points) -> tuple | None:
        """Why the default pairs cannot be made: no period before March 2020 or
        none in 2020-2022 (with what the data holds and what fills it online)."""
        title = _lower_title(indicator)
        with_value = series.dropna(subset=["value"])
        held = (
            Note(
                "note.kloof_held",
                first={"period": with_value["period"].iloc[0]},
                last={"period": with_value["period"].iloc[-1]},
            )
            if len(with_value)
            else Note("note.kloof_held_none")
        )
        online = self.catalogue.domain(indicator.domain).online_tables
        hint = (
            Note("note.kloof_online_hint", tables=", ".join(online)) if online else ""
        )
        if kloof.BASE_YEAR not in points:
            return (
                kloof.NO_BEFORE,
                Note(
                    "note.kloof_no_before",
                    title=title,
                    year=kloof.BASE_YEAR,
                    held=held,
                    hint=hint,
                ),
            )
        if not any(year in points for year in kloof.CORONA_YEARS):
            return (
                kloof.NO_CORONA,
                Note("note.kloof_no_corona", title=title, held=held, hint=hint),
            )
        return None

    def _kloof_pair(
        self, indicator, area, ref_name, area_points, ref_points, asked
    ) -> KloofPair:
        before, after = area_points
        pair: KloofPair = {
            "before": before.key if before else asked[0],
            "after": after.key if after else asked[1],
            "before_label": before.label if before else asked[0],
            "after_label": after.label if after else asked[1],
            "value_before": before.value if before else None,
            "value_after": after.value if after else None,
            "reference_before": ref_points[0].value if ref_points[0] else None,
            "reference_after": ref_points[1].value if ref_points[1] else None,
            "provisional": bool(
                (before and before.provisional) or (after and after.provisional)
            ),
            "reason_code": None,
            "reason": None,
        }
        if None in (*area_points, *ref_points):
            where = area.name if None in area_points else ref_name
            pair["reason_code"] = kloof.NO_VALUES
            pair["reason"] = pair["sentence"] = Note(
                "note.kloof_no_values",
                title=_lower_title(indicator),
                before=asked[0],
                after=asked[1],
                where=where,
            )
            return pair
        note = self.series(indicator.id, area.id)["level_note"].iloc[0]
        if indicator.aggregation == "count":
            # A gebied's gemeente-level count is the gemeente's: name the gemeente.
            pair |= kloof.growth_pair(
                area_points,
                ref_points,
                title=_both(indicator),
                area_name=self.area(area.gemeente).name
                if note and area.gemeente
                else area.name,
                reference_name=ref_name,
            )
        else:
            pair |= kloof.gap_pair(
                area_points,
                ref_points,
                title=_both(indicator),
                unit=indicator.unit.nl,
                decimals=indicator.decimals,
                reference_name=ref_name,
            )
        if note:
            level = Note.joined([note], "", ".", capital=True)
            pair["sentence"] = Note.joined([pair["sentence"], level], " ")
        return pair

    @consistent
    def coronakloof_tabel(self, area_ids: list[str] | None = None) -> pd.DataFrame:
        """The gap table: every gebied (or the given areas) x every indicator, one
        row per pair of periods, or one row with the reason it cannot be computed
        (memoised per cache version and shared: read it, do not change it)."""
        areas = tuple(area_ids or [a.id for a in self.registry.gebieden()])
        return self._memoised(
            ("kloof_tabel", areas),
            lambda: self._read_through(
                "kloof_tabel", ",".join(areas), lambda: self._kloof_tabel(areas)
            ),
        )

    def _kloof_tabel(self, areas: tuple[str, ...]) -> pd.DataFrame:
        rows = []
        for area_id in areas:
            for indicator in self.catalogue.indicators:
                result = self.coronakloof(indicator.id, area_id)
                head = {k: result[k] for k in HEAD}
                if result["reason_code"] is not None:
                    rows.append(
                        head
                        | {
                            "reason_code": result["reason_code"],
                            "reason": result["reason"],
                        }
                    )
                    continue
                rows.extend(head | pair for pair in result["pairs"])
        return pd.DataFrame(rows)


def _lower_title(indicator: Indicator) -> dict:
    """The indicator's title inside a sentence, in both languages."""
    return {
        "nl": kloof.lower_first(indicator.title.nl),
        "en": kloof.lower_first(indicator.title.en),
    }


def _both(indicator: Indicator) -> dict:
    """The indicator's title in both languages (the sentence lowers its first letter)."""
    return {"nl": indicator.title.nl, "en": indicator.title.en}
