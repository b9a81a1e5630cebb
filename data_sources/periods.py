"""CBS period keys (``Perioden``) to start, end and frequency.

CBS codes periods as ``YYYY`` + a two-letter type + a two-digit number:
``2020JJ00`` year, ``2020HJ01`` half year, ``2020KW01`` quarter, ``2020MM04`` month,
``2020W101`` week, ``2020X000`` a period of another kind within that year (e.g. a
reference date or a school year), which we can only place in its year.
Daily series of the corona dashboard use ISO dates; they pass through the same
function so every observation carries the same three period fields.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_CBS_KEY = re.compile(r"^(\d{4})(JJ|HJ|KW|MM|W1|X0)(\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober "
    "november december"
).split()


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date
    frequency: str  # Y, H, Q, M, W, D or X


class PeriodError(ValueError):
    """A period key that is not a CBS period or an ISO date."""


@lru_cache(maxsize=65536)
def parse_period(key: str) -> Period:
    key = key.strip()
    if _ISO_DATE.match(key):
        day = date.fromisoformat(key)
        return Period(key, day, day, "D")
    match = _CBS_KEY.match(key)
    if not match:
        raise PeriodError(f"onbekende periodecode {key!r}")
    year, kind, number = int(match[1]), match[2], int(match[3])
    if kind in ("JJ", "X0"):
        return Period(
            key, date(year, 1, 1), date(year, 12, 31), "Y" if kind == "JJ" else "X"
        )
    if kind == "HJ" and number in (1, 2):
        first = 1 + 6 * (number - 1)
        return Period(key, date(year, first, 1), _month_end(year, first + 5), "H")
    if kind == "KW" and 1 <= number <= 4:
        first = 1 + 3 * (number - 1)
        return Period(key, date(year, first, 1), _month_end(year, first + 2), "Q")
    if kind == "MM" and 1 <= number <= 12:
        return Period(key, date(year, number, 1), _month_end(year, number), "M")
    if kind == "W1":
        try:
            start = date.fromisocalendar(year, number, 1)
        except ValueError:
            raise PeriodError(f"onbekende periodecode {key!r}") from None
        return Period(key, start, start + timedelta(days=6), "W")
    raise PeriodError(f"onbekende periodecode {key!r}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_label_nl(key: str) -> str:
    """A Dutch label as StatLine writes it: ``2020``, ``2020 april``, ``2020 1e kwartaal``."""
    period = parse_period(key)
    if period.frequency == "M":
        return f"{period.start.year} {MONTHS_NL[period.start.month - 1]}"
    if period.frequency == "Q":
        return f"{period.start.year} {(period.start.month - 1) // 3 + 1}e kwartaal"
    if period.frequency == "H":
        return f"{period.start.year} {1 if period.start.month == 1 else 2}e halfjaar"
    if period.frequency == "W":
        # An ISO week keeps its ISO year: week 1 of 2020 starts on 30 December 2019.
        iso_year, week, _ = period.start.isocalendar()
        return f"{iso_year} week {week}"
    if period.frequency == "D":
        return f"{period.start.day} {MONTHS_NL[period.start.month - 1]} {period.start.year}"
    return str(period.start.year)
