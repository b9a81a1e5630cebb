"""The area registry: Nederland, gemeenten, wijken, the 16 gebieden and derived areas.

Built from the cache (area tables of the loaded datasets), so pages, exports and the
CLI name areas the same way. Derived areas:

- ``alle-gebieden``: all gebieden of the gebieden file together (their core wijken);
  its id names no count, so it stays right when the file gains a gebied. The old id
  ``gebieden-16`` is an alias (:data:`ALIASES`) that old permalinks and scripts use;
- ``rest-<gebied-id>``: the gemeente minus the gebied (its other wijken).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from data_sources.cache import Cache

from .messages import _

NL = "NL01"
ALL_GEBIEDEN = "alle-gebieden"
# old public ids -> the current ones; read wherever an id comes in (URL, CLI, service)
ALIASES = {"gebieden-16": ALL_GEBIEDEN}
REST_PREFIX = "rest-"
WIJK_DATASET = "wijken_2022"  # the wijk indeling the gebied codes are checked against


def canonical(area_id: str) -> str:
    """The current id of ``area_id`` (an alias's target, else itself)."""
    return ALIASES.get(area_id, area_id)


class UnknownAreaError(KeyError):
    def __str__(self) -> str:
        return f"onbekend gebied: {self.args[0]!r}"


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    level: str  # nederland, gemeente, wijk, gebied, gebieden, rest
    gemeente: str | None = None  # gemeente code for wijk, gebied and rest
    wijken: tuple[str, ...] = ()  # member wijk codes (gebied, rest, gebieden, gemeente)
    member_gemeenten: tuple[str, ...] = ()  # gemeente codes of a veiligheidsregio
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def gemeenten(self) -> tuple[str, ...]:
        """Gemeente codes an area belongs to (for gemeente-level figures)."""
        if self.level == "gemeente":
            return (self.id,)
        if self.level == "veiligheidsregio":
            return self.member_gemeenten
        if self.level == "gebieden":
            return tuple(
                dict.fromkeys(w[:2].replace("WK", "GM") + w[2:6] for w in self.wijken)
            )
        return (self.gemeente,) if self.gemeente else ()


def _gemeente_of(wijk_code: str) -> str:
    return "GM" + wijk_code[2:6]


class AreaRegistry:
    def __init__(self, cache: Cache) -> None:
        self.areas: dict[str, Area] = {}
        # level -> its areas in registry order, built once: pages ask for a level
        # per option (the Data page's thousands of areas), which was quadratic
        self._levels: dict[str, tuple[Area, ...]] = {}
        self._indexed = -1  # len(self.areas) when the index was built
        frame = cache.current("areas")
        members = cache.current("members")
        self._build(frame, members)

    def _build(self, frame: pd.DataFrame, all_members: pd.DataFrame) -> None:
        self.areas[NL] = Area(NL, "Nederland", "nederland")
        members = all_members[all_members["dataset"] == "gebieden"]
        region_members = all_members[all_members["member_level"] == "gemeente"]
        for code, name in self._region_names(frame).items():
            codes = tuple(
                sorted(
                    set(
                        region_members[region_members["area_code"] == code][
                            "member_code"
                        ]
                    )
                )
            )
            self.areas[code] = Area(
                code,
                f"Veiligheidsregio {name}" if name else code,
                "veiligheidsregio",
                member_gemeenten=codes,
            )
        wijken = frame[(frame["dataset"] == WIJK_DATASET) & (frame["level"] == "wijk")]
        by_gemeente: dict[str, list[str]] = {}
        for row in wijken.itertuples():
            by_gemeente.setdefault(row.parent_code, []).append(row.area_code)
            self.areas[row.area_code] = Area(
                row.area_code, row.name, "wijk", row.parent_code
            )
        names = self._gemeente_names(frame)
        codes = set(names) | set(by_gemeente)
        gm_rows = frame[frame["level"] == "gemeente"]
        codes |= set(gm_rows["area_code"])
        for code in sorted(c for c in codes if str(c).startswith("GM")):
            self.areas[code] = Area(
                code,
                names.get(code, code),
                "gemeente",
                code,
                tuple(sorted(by_gemeente.get(code, []))),
            )
        gebieden = frame[
            (frame["dataset"] == "gebieden") & (frame["level"] == "gebied")
        ]
        core = members[members["role"] == "core"] if len(members) else members
        all_core: list[str] = []
        for row in gebieden.sort_values("name").itertuples():
            meta = json.loads(row.meta) if row.meta else {}
            meta["optional"] = (
                sorted(
                    members[
                        (members["area_code"] == row.area_code)
                        & (members["role"] == "optional")
                    ]["member_code"]
                )
                if len(members)
                else []
            )
            codes_of = (
                tuple(core[core["area_code"] == row.area_code]["member_code"])
                if len(core)
                else ()
            )
            all_core.extend(codes_of)
            self.areas[row.area_code] = Area(
                row.area_code, row.name, "gebied", row.parent_code, codes_of, meta=meta
            )
            gemeente = self.areas.get(row.parent_code)
            rest = tuple(
                w for w in (gemeente.wijken if gemeente else ()) if w not in codes_of
            )
            gemeente_name = gemeente.name if gemeente else row.parent_code
            self.areas[REST_PREFIX + row.area_code] = Area(
                REST_PREFIX + row.area_code,
                # "Rotterdam zonder Rotterdam-Zuid"
                _("area.rest", "nl", gemeente=gemeente_name, gebied=row.name),
                "rest",
                row.parent_code,
                rest,
                meta={"of": row.area_code, "names": (gemeente_name, row.name)},
            )
        if len(gebieden):
            n = len(self.by_level("gebied"))
            self.areas[ALL_GEBIEDEN] = Area(
                ALL_GEBIEDEN,
                _("area.all_gebieden", "nl", n=n),  # "De 16 gebieden samen"
                "gebieden",
                None,
                tuple(dict.fromkeys(all_core)),
                meta={"gebieden": n},
            )

    @staticmethod
    def _region_names(frame: pd.DataFrame) -> dict[str, str | None]:
        """Veiligheidsregio code -> its name. Several datasets list the regions (the
        boundaries with names, the corona files without): a nameless row never
        overrides a name, whichever order the rows come in."""
        rows = frame[frame["level"] == "veiligheidsregio"].sort_values(
            ["area_code", "dataset"]
        )
        names: dict[str, str | None] = {}
        for row in rows.itertuples():
            name = row.name.strip() if isinstance(row.name, str) else ""
            if name or row.area_code not in names:
                names.setdefault(row.area_code, None)
                names[row.area_code] = names[row.area_code] or name or None
        return names

    @staticmethod
    def _gemeente_names(frame: pd.DataFrame) -> dict[str, str]:
        """Names from the CBS region code list; the newest table wins."""
        rows = frame[
            frame["area_code"].astype(str).str.startswith("GM") & frame["name"].notna()
        ]
        names: dict[str, str] = {}
        for row in rows.itertuples():
            names[row.area_code] = str(row.name).removesuffix(" (gemeente)").strip()
        return names

    def get(self, area_id: str) -> Area:
        try:
            return self.areas[canonical(area_id)]
        except (KeyError, TypeError):
            raise UnknownAreaError(area_id) from None

    def by_level(self, level: str) -> list[Area]:
        """The areas of ``level`` in registry order (a new list each call). The
        registry does not change once built (one per data generation); the index is
        rebuilt should ``areas`` gain or lose an entry all the same."""
        if self._indexed != len(self.areas):
            levels: dict[str, list[Area]] = {}
            for area in self.areas.values():
                levels.setdefault(area.level, []).append(area)
            self._levels = {k: tuple(v) for k, v in levels.items()}
            self._indexed = len(self.areas)
        return list(self._levels.get(level, ()))

    def gebieden(self) -> list[Area]:
        return self.by_level("gebied")

    def frame(self) -> pd.DataFrame:
        rows = []
        for area in self.areas.values():
            rows.append(
                {
                    "area_id": area.id,
                    "name": area.name,
                    "level": area.level,
                    "gemeente": area.gemeente,
                    "wijken": len(area.wijken),
                    "confidence": area.meta.get("confidence"),
                    "status": gebied_status(area) if area.level == "gebied" else None,
                }
            )
        return pd.DataFrame(rows)


def area_name(area: Area, lang: str = "nl") -> str:
    """The name of ``area`` as a page in ``lang`` shows it. Names of areas are data
    (CBS's, the gebieden file's) and stay as they are; the names the dashboard makes
    itself (all gebieden together, a gemeente without its gebied) and Nederland are
    worded from the catalog on an English page. In Dutch this is ``area.name`` byte
    for byte (the CLI's --json and the stored frames keep that)."""
    if lang == "nl":
        return area.name
    if area.id == ALL_GEBIEDEN and "gebieden" in area.meta:
        return _("area.all_gebieden", lang, n=area.meta["gebieden"])
    if area.level == "rest" and "names" in area.meta:
        gemeente, gebied = area.meta["names"]
        return _("area.rest", lang, gemeente=gemeente, gebied=gebied)
    if area.id == NL:
        return _("area.nederland", lang)
    return area.name


def shown_names(frame: pd.DataFrame, lang: str, registry: AreaRegistry) -> pd.Series:
    """A frame's ``area_name`` column in ``lang`` (see :func:`area_name`)."""
    names = frame["area_name"]
    if lang == "nl":
        return names
    own = {
        area_id: area_name(registry.areas[area_id], lang)
        for area_id in set(frame["area_id"])
        if area_id in registry.areas
    }
    own = {k: v for k, v in own.items() if v != registry.areas[k].name}
    if not own:
        return names
    return frame["area_id"].map(own).where(frame["area_id"].isin(own), names)


def gebied_status(area: Area, lang: str = "nl") -> str:
    """How sure the area's composition is, in words a policymaker reads."""
    level = area.meta.get("confidence") if area.wijken else None
    if level not in ("high", "medium", "low"):
        level = "unknown"
    certainty = _(f"area.confidence.{level}", lang)
    return _("area.composition", lang, certainty=certainty)
