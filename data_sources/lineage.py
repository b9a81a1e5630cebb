"""Gemeente lineage: which gemeenten merged into which, and when.

CBS publishes every table on the gemeente indeling of its own period (03759ned gives
the inhabitants of 1 January 2021 for Weesp and Amsterdam apart), while the corona
dashboard counts every week on the 2023 indeling and the police on the current one.
A figure whose numerator and denominator come from different indelingen is wrong, so
every place where two indelingen meet asks this module which codes of one make up an
area of the other. The facts live in ``gemeente_lineage.yaml`` (with its sources);
``parse_cbs_descriptions`` derives them from the CBS code descriptions, so a test can
check the file against the raw table. No Dash, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .model import read_yaml_model

LINEAGE_FILE = Path(__file__).with_name("gemeente_lineage.yaml")


class LineageGap(LookupError):
    """An area that cannot be put on another indeling; the message says why (Dutch)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Part(_Strict):
    code: str
    name: str
    inwoners: int  # inhabitants that went over, as CBS states in the description


class Abolished(_Strict):
    """One gemeente that ceased to exist: wholly into one gemeente, or split."""

    code: str
    name: str
    date: date
    into: list[Part]


class Created(_Strict):
    """A new code ("Ontstaan per"): it holds no figures before its date."""

    code: str
    name: str
    date: date


class LineageFile(_Strict):
    since: date
    current_indeling: int
    sources: list[str]
    created: list[Created]
    abolished: list[Abolished]


@dataclass(frozen=True)
class Lineage:
    """Questions about gemeente codes across indelingen."""

    since: date
    created: dict[str, Created]
    abolished: tuple[Abolished, ...]  # newest first

    @classmethod
    def from_file(cls, data: LineageFile) -> Lineage:
        return cls(
            data.since,
            {c.code: c for c in data.created},
            tuple(sorted(data.abolished, key=lambda a: a.date, reverse=True)),
        )

    @property
    def abolished_codes(self) -> frozenset[str]:
        return frozenset(a.code for a in self.abolished)

    def predecessors(self, code: str, year: int | date) -> list[str]:
        """The codes of the indeling of 1 January ``year`` (or of that date) that
        together make up ``code`` as it is on the current indeling.

        Raises ``LineageGap`` when a gemeente was split in between (part of it
        went elsewhere), or when the area did not exist yet at all.
        """
        when = date(year, 1, 1) if isinstance(year, int) else year
        codes = {code}
        for event in self.abolished:  # newest first: walk back in time
            if event.date <= when:
                break
            targets = {p.code for p in event.into}
            if not targets & codes:
                continue
            if len(targets) > 1:
                names = ", ".join(p.name for p in event.into)
                raise LineageGap(
                    f"{event.name} is op {_nl_date(event.date)} verdeeld over {names}; "
                    f"geen cijfer op de huidige gemeentelijke indeling voor "
                    f"{when.year}"
                )
            codes.add(event.code)
        for new in list(codes):
            created = self.created.get(new)
            if created is not None and created.date > when:
                codes.discard(new)
        if not codes:
            raise LineageGap(f"{code} bestond nog niet op {_nl_date(when)}")
        return sorted(codes)

    def merged_into(self, code: str) -> list[Abolished]:
        """The gemeenten that went wholly into ``code`` after ``since`` (newest first)."""
        return [
            event
            for event in self.abolished
            if event.date > self.since
            and len(event.into) == 1
            and event.into[0].code == code
        ]

    def successor(self, code: str, when: date) -> str:
        """The code that holds the whole area of ``code`` on ``when``.

        Raises ``LineageGap`` when the gemeente was split over several gemeenten.
        """
        current = code
        for event in reversed(self.abolished):  # oldest first: walk forward
            if event.date > when:
                break
            if event.code != current:
                continue
            if len(event.into) > 1:
                names = ", ".join(p.name for p in event.into)
                raise LineageGap(
                    f"{event.name} is op {_nl_date(event.date)} verdeeld over {names}"
                )
            current = event.into[0].code
        return current


def _nl_date(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


@lru_cache(maxsize=4)
def read_lineage(path: Path = LINEAGE_FILE) -> Lineage:
    return Lineage.from_file(read_yaml_model(path, LineageFile, "gemeente-lineage"))


# -- deriving the file from CBS ------------------------------------------------

_EVENT = re.compile(
    r"^(?P<kind>Opgeheven|Ontstaan) per (?P<day>\d\d)-(?P<month>\d\d)-(?P<year>\d{4})"
)
_PART = re.compile(
    r"- (?P<name>.+?) \((?P<code>GM\d{4})\),?\s*\r?\n\.\.\. .*? en (?P<n>\d+) inwoner"
)


def parse_cbs_descriptions(codes: list[dict], since: date) -> dict[str, list[dict]]:
    """``created`` and ``abolished`` entries from CBS region codes (the ``codes-RegioS``
    document of 03759ned): each gemeente's Description states "Opgeheven per
    24-03-2022, overgegaan naar: - Amsterdam (GM0363), ... 20766 inwoners"."""
    created, abolished = [], []
    for entry in codes:
        code = entry["Identifier"].strip()
        if not code.startswith("GM"):
            continue
        for block in (entry.get("Description") or "").split("\r\n\r\n"):
            match = _EVENT.match(block)
            if not match:
                continue
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            if day < since:
                continue
            item = {"code": code, "name": entry["Title"].strip(), "date": day}
            if match["kind"] == "Ontstaan":
                created.append(item)
                continue
            item["into"] = [
                {"code": m["code"], "name": m["name"].strip(), "inwoners": int(m["n"])}
                for m in _PART.finditer(block)
            ]
            abolished.append(item)
    key = lambda item: (item["date"], item["code"])  # noqa: E731
    return {
        "created": sorted(created, key=key),
        "abolished": sorted(abolished, key=key),
    }
