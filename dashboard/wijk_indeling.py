"""Gebied and rest areas resolved on the wijk indeling of the source.

The gebieden are defined in wijk codes of the 2021/2022 indeling (checked against the
2022 wijk list of the registry). CBS renumbers wijken now and then: in Schiedam
WK060605 is "Nieuw Mathenesse" (10 inhabitants) in 2022 and "Kethel" (5.530) in
2024, and WK060610/11 exist only in 2024. So a code means the same area in another
year's file only if the code *and* the name are the same there (or a documented
mapping says so); otherwise the gebied has no figure on that indeling, with the reason.
The rest of a gemeente is every wijk of that gemeente in the source's own list minus
the gebied, so gebied + rest = gemeente on every indeling. No Dash, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .notes import Note


class WijkIndelingError(ValueError):
    """The area cannot be put on the source's wijk indeling; the message says why."""


def _same_name(a: str | None, b: str | None) -> bool:
    def norm(text: str | None) -> str:
        return re.sub(r"\s+", " ", (text or "").strip().casefold())

    return bool(a) and norm(a) == norm(b)


def usable_codes(
    codes: Iterable[str],
    defined_names: Mapping[str, str],
    source_names: Mapping[str, str],
    mapping: Mapping[str, str] | None = None,
) -> tuple[list[str], list[str]]:
    """Split ``codes`` (of the defining indeling) into those that mean the same area
    in the source (same code and name, or mapped) and those that do not."""
    mapping = mapping or {}
    same, other = [], []
    for code in codes:
        target = mapping.get(code, code)
        if target in source_names and (
            code in mapping or _same_name(defined_names.get(code), source_names[target])
        ):
            same.append(target)
        else:
            other.append(code)
    return same, other


def resolve(
    level: str,
    area_name: str,
    gemeente: str | None,
    core: Iterable[str],
    defined_names: Mapping[str, str],
    source_names: Mapping[str, str],
    year: int,
) -> list[str]:
    """The source's wijk codes of a gebied, the gebieden together, or a rest area.

    level: gebied | gebieden | rest; core: the gebied's wijk codes (for a rest area:
    the codes of the gebied it is the rest of).
    """
    core = list(core)
    same, other = usable_codes(core, defined_names, source_names)
    if other:
        example = other[0]
        was = defined_names.get(example, "?")
        now = source_names.get(example)
        why = (
            Note("note.wijk_renamed", code=example, now=repr(now), was=repr(was))
            if now
            else Note("note.wijk_gone", code=example)
        )
        raise WijkIndelingError(
            Note(
                "note.wijk_indeling",
                area=area_name,
                year=year,
                other=len(other),
                core=len(core),
                why=why,
            )
        )
    if level != "rest":
        return same
    prefix = "WK" + (gemeente or "")[2:6]
    return sorted(c for c in source_names if c.startswith(prefix) and c not in same)
