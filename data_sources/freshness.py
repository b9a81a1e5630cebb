"""When a source table is expected to change next, from what the table says of itself.

CBS states per table how often it appears (``Frequency``: "Per jaar", v3 "Perjaar")
and when this release came out (``ReleaseDate``). A reader who quotes a figure wants
to know whether a newer one is due; this module turns those two facts into one
Dutch sentence ("rond juni 2027, jaarlijks"), once, for ``coronadash status``, the
Excel sources sheet and the Over page. It never guesses: a table without a stated
frequency or release date gets no expectation, and a date that has passed says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .periods import MONTHS_NL

# Normalised CBS frequency -> (months between releases, Dutch adverb). Weekly tables
# are counted in days below.
_FREQUENCIES = {
    "perweek": (0, "wekelijks"),
    "permaand": (1, "maandelijks"),
    "perkwartaal": (3, "elk kwartaal"),
    "perhalfjaar": (6, "halfjaarlijks"),
    "perjaar": (12, "jaarlijks"),
    "pertweejaar": (24, "tweejaarlijks"),
}


@dataclass(frozen=True)
class Expectation:
    """The next release: its date (None when not derivable), the rhythm and a text.

    ``text`` is the Dutch sentence; ``frequency`` (the normalised CBS frequency, a key
    of ``_FREQUENCIES``, or the source's own word when it has no fixed rhythm) and
    ``weekly`` are the facts it was worded from, so the dashboard can word the same
    expectation in English without this layer knowing about languages."""

    expected: dt.date | None
    rhythm: str | None
    overdue: bool
    text: str
    frequency: str | None = None
    weekly: bool = False


def _date(value: object) -> dt.date | None:
    text = str(value or "")
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def next_release(
    frequency: str | None, release_date: str | None, today: dt.date | None = None
) -> Expectation:
    """``next_release("Per jaar", "2026-06-23")`` -> rond juni 2027, jaarlijks."""
    today = today or dt.date.today()
    key = "".join(str(frequency or "").lower().split())
    known = _FREQUENCIES.get(key)
    released = _date(release_date)
    if known is None:
        reason = (
            "de bron noemt geen publicatiefrequentie"
            if not frequency
            else f"de bron publiceert {str(frequency).lower()}, zonder vast ritme"
        )
        return Expectation(
            None,
            None,
            False,
            f"niet te voorspellen: {reason}",
            str(frequency).lower() if frequency else None,
        )
    months, rhythm = known
    if released is None:
        return Expectation(
            None, rhythm, False, f"{rhythm}; de bron noemt geen publicatiedatum", key
        )
    if months:
        expected = _add_months(released, months)
        when = f"rond {MONTHS_NL[expected.month - 1]} {expected.year}"
    else:
        expected = released + dt.timedelta(days=7)
        when = f"rond {expected.day} {MONTHS_NL[expected.month - 1]} {expected.year}"
    overdue = expected < dt.date(today.year, today.month, 1) or (
        not months and expected < today
    )
    text = f"{when}, {rhythm}"
    if overdue:
        text += " (die datum is voorbij: er kunnen nieuwere cijfers zijn)"
    return Expectation(expected, rhythm, overdue, text, key, not months)
