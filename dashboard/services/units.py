"""Unit resolution: which source units make up an area, with a note on the level.

A gemeente-level figure for a gebied is its gemeente's; a wijk-level figure for a
gemeente or gebied sums its wijken on the source's own wijk indeling; a source on
each year's gemeente indeling is put on today's.
"""

from __future__ import annotations

from data_sources.catalogue import Indicator, SeriesRef
from data_sources.lineage import read_lineage

from ..aggregation import Panel
from ..areas import NL, WIJK_DATASET, Area
from ..indeling import on_period_indeling
from ..messages import _
from ..notes import Note, title
from ..wijk_indeling import WijkIndelingError
from ..wijk_indeling import resolve as resolve_wijken
from .errors import QueryError

# A wijk source with fewer wijken than this is regional (NL has about 3,300 wijken).
NATIONAL_WIJKEN = 3000


class Units:
    """The source units of an area and how they combine."""

    def _units(self, indicator: Indicator, area: Area) -> tuple[list[str], str, str]:
        """Which source units make up the area, a note on the level, and how."""
        level = indicator.level
        if level == "nederland":
            if area.level != "nederland":
                raise QueryError(
                    Note(
                        "note.national_only",
                        title=title(indicator.title),
                        area=area.name,
                    )
                )
            return [NL], "", "direct"
        if level == "gemeente":
            if area.level == "nederland":
                if self._has_unit(indicator, NL):
                    return [NL], "", "direct"
                return (
                    self._aggregable(
                        indicator, self._gemeenten_in_source(indicator), area
                    ),
                    Note("note.sum_of_gemeenten"),
                    "aggregate",
                )
            if area.level == "gemeente":
                return [area.id], "", "direct"
            if area.level in ("gebied", "wijk"):
                return (
                    [area.gemeente],
                    Note("note.gemeente_level", name=self.area(area.gemeente).name),
                    "direct",
                )
            if area.level == "veiligheidsregio":
                units = list(area.gemeenten)
                return self._aggregable(indicator, units, area), "", "aggregate"
            if area.level == "gebieden":
                units = list(area.gemeenten)
                return (
                    self._aggregable(indicator, units, area),
                    Note("note.gebieden_gemeenten", n=len(units)),
                    "aggregate",
                )
            raise QueryError(
                Note("note.gemeente_only", title=title(indicator.title), area=area.name)
            )
        # wijk level
        if area.level == "veiligheidsregio":
            raise QueryError(
                Note("note.no_veiligheidsregio", title=title(indicator.title))
            )
        if area.level == "wijk":
            return [area.id], "", "direct"
        if not area.wijken and area.level == "gebied":
            raise QueryError(Note("note.composition_unknown", area=area.name))
        if area.level == "nederland":
            units = self._units_in_source(indicator)
            if (
                len(units) < 1000
            ):  # a regional secondary source does not make a national figure
                raise QueryError(
                    Note("note.not_national", title=title(indicator.title))
                )
            return self._aggregable(indicator, units, area), "", "aggregate"
        if area.level == "gemeente":
            units = self._wijken_per_gemeente(indicator).get(area.id[2:], [])
            if not units:
                raise QueryError(
                    Note(
                        "note.no_wijk_figures",
                        title=title(indicator.title),
                        area=area.name,
                    )
                )
            return (
                self._aggregable(indicator, units, area),
                "",
                "aggregate",
            )
        units = self._wijk_units(indicator, area)
        covered = set(self._units_in_source(indicator))
        if not covered.intersection(units):
            raise QueryError(
                Note(
                    "note.no_wijk_figures", title=title(indicator.title), area=area.name
                )
            )
        return self._aggregable(indicator, units, area), "", "aggregate"

    def _wijk_units(self, indicator: Indicator, area: Area) -> list[str]:
        """The source's wijk codes of a gebied, the gebieden or a rest area, on the
        source's own wijk indeling (see ``wijk_indeling``)."""
        dataset = indicator.source.dataset
        listed = self._memoised(
            ("boundary", dataset),
            lambda: self.cache.current("areas", dataset, level="wijk"),
        )
        years = listed["boundary_year"].dropna() if len(listed) else listed
        if dataset == WIJK_DATASET or not len(years):
            # The defining indeling itself, or a source without a known indeling
            # (ELAN: Den Haag's wijk codes, not checked).
            return list(area.wijken)
        defined = self._memoised(
            ("wijk_names", WIJK_DATASET),
            lambda: {a.id: a.name for a in self.registry.by_level("wijk")},
        )
        source = self._memoised(
            ("wijk_names", dataset),
            lambda: dict(zip(listed["area_code"], listed["name"])),
        )
        core = (
            self.area(area.meta["of"]).wijken if area.level == "rest" else area.wijken
        )
        try:
            return resolve_wijken(
                area.level,
                area.name,
                area.gemeente,
                core,
                defined,
                source,
                int(years.iloc[0]),
            )
        except WijkIndelingError as exc:
            reason = exc.args[0] if exc.args else str(exc)
            raise QueryError(
                Note("note.titled", title=title(indicator.title), reason=reason)
            ) from None

    def _aggregable(
        self, indicator: Indicator, units: list[str], area: Area
    ) -> list[str]:
        if indicator.aggregation == "none":
            raise QueryError(
                Note(
                    "note.not_aggregable", title=title(indicator.title), area=area.name
                )
            )
        return units

    def _wijken_per_gemeente(self, indicator: Indicator) -> dict[str, list[str]]:
        """The source's units by the gemeente digits of their code (WK0344xx)."""
        ref = indicator.source

        def compute():
            grouped: dict[str, list[str]] = {}
            for unit in self._units_in_source(indicator):
                grouped.setdefault(unit[2:6], []).append(unit)
            return grouped

        return self._memoised(
            ("per_gemeente", ref.dataset, ref.measure, ref.dims), compute
        )

    def _units_in_source(self, indicator: Indicator) -> list[str]:
        ref = indicator.source
        return self._memoised(
            ("units", ref.dataset, ref.measure, ref.dims),
            lambda: sorted(self._observations(ref)["area_code"].unique().tolist()),
        )

    def _on_current_gemeente(
        self, indicator: Indicator, units: list[str], level_note: str
    ) -> tuple[str, str]:
        """A gemeente of today from a source on each year's indeling: earlier years
        are the sum of its predecessors (Voorne aan Zee 2021 = Brielle +
        Hellevoetsluis + Westvoorne), so its series is on one indeling throughout."""
        if (
            len(units) != 1
            or not units[0].startswith("GM")
            or indicator.aggregation == "none"
            or not self._on_period_indeling(indicator.source)
        ):
            return "direct", level_note
        merged = read_lineage().merged_into(units[0])
        if not merged:
            return "direct", level_note
        names = sorted(e.name for e in merged)
        listed = {
            lang: f" {_('note.and', lang)} ".join(
                [", ".join(names[:-1]), names[-1]] if names[1:] else names
            )
            for lang in ("nl", "en")
        }
        last = max(e.date for e in merged)
        note = Note(
            "note.current_indeling",
            date=f"{last.day}-{last.month}-{last.year}",
            merged=listed,
        )
        return "aggregate", Note.joined([level_note, note]) if level_note else note

    def _own_gemeente_panel(self, indicator: Indicator, area: Area) -> Panel | None:
        """The panel of the indicator's ``gemeente_source`` if it holds the gemeente."""
        ref = indicator.gemeente_source
        if ref is None or area.level != "gemeente":
            return None
        if ref.dataset not in set(self.sources()["dataset"]):
            return None  # not loaded: the gemeente is the sum of its wijken

        def build():
            values = self._observations(ref)
            return Panel(values, None) if len(values) else None

        panel = self._memoised(("own_gemeente_panel", indicator.id), build)
        return panel if panel is not None and area.id in panel.rows else None

    def _on_period_indeling(self, ref: SeriesRef) -> bool:
        """Does the source give each period on that period's gemeente indeling?"""
        return self._memoised(
            ("period_indeling", ref.dataset, ref.measure, ref.dims),
            lambda: on_period_indeling(
                self._observations(ref)["area_code"].unique(), read_lineage()
            ),
        )

    def _gemeenten_in_source(self, indicator: Indicator) -> list[str]:
        return [u for u in self._units_in_source(indicator) if u.startswith("GM")]

    def _has_unit(self, indicator: Indicator, unit: str) -> bool:
        return unit in self._units_in_source(indicator)
