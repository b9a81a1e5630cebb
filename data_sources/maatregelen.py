"""The timeline of national corona measures drawn on every corona time series.

The dates live in ``maatregelen.yaml`` so that a policy officer can correct or add a
moment without touching code. Reading validates the file (dates, short labels, web
addresses, order); a broken file stops with one line that names the entry, never a
chart with a wrong line on it.

Check the file from the command line: ``python -m data_sources.maatregelen [FILE]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .model import SourceError, read_yaml_model

MAATREGELEN_FILE = Path(__file__).with_name("maatregelen.yaml")
# The timeline covers the corona years; a date outside is a typing error.
FIRST_DATE = dt.date(2020, 1, 1)
LAST_DATE = dt.date(2023, 12, 31)
URL_PATTERN = r"^https?://\S+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Maatregel(_Strict):
    date: dt.date
    label: str = Field(min_length=1, max_length=30)
    description: str = Field(min_length=1)
    source: str = Field(pattern=URL_PATTERN)

    @model_validator(mode="after")
    def _in_corona_years(self) -> Maatregel:
        if not FIRST_DATE <= self.date <= LAST_DATE:
            raise ValueError(
                f"datum {self.date} ligt buiten {FIRST_DATE.year}-{LAST_DATE.year}"
            )
        return self


class Maatregelen(_Strict):
    source_name: str = Field(min_length=1)
    source_url: str = Field(pattern=URL_PATTERN)
    events: list[Maatregel] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_date_order(self) -> Maatregelen:
        dates = [e.date for e in self.events]
        for earlier, later in zip(dates, dates[1:]):
            if later < earlier:
                raise ValueError(
                    f"momenten staan niet op datumvolgorde ({later} na {earlier})"
                )
        return self

    def frame(self) -> pd.DataFrame:
        """date (Timestamp), label, description, source: the ``events`` of trend_figure."""
        return pd.DataFrame(
            {
                "date": [pd.Timestamp(e.date) for e in self.events],
                "label": [e.label for e in self.events],
                "description": [e.description for e in self.events],
                "source": [e.source for e in self.events],
            }
        )


def read_maatregelen(path: Path | str = MAATREGELEN_FILE) -> Maatregelen:
    """The validated timeline; ``SourceError`` with one clear line when the file is wrong.
    Read once per version of the file (a corona trend asked it per chart: 12 ms of
    YAML each time); an edited file is read again."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return _read_maatregelen(path, None)  # its own clear error below
    return _read_maatregelen(path, (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _read_maatregelen(path: Path, _version: tuple[int, int] | None) -> Maatregelen:
    try:
        return read_yaml_model(path, Maatregelen, "maatregelenbestand")
    except SourceError as exc:
        message = re.sub(r"(: )+Value error, ", ": ", str(exc))
        raise SourceError(_name_the_event(path, message)) from None
    except ValueError as exc:  # YAML reads 2021-13-01 as a date and fails itself
        raise SourceError(f"{path}: ongeldige waarde: {exc}") from None


def _name_the_event(path: Path, message: str) -> str:
    """'events.9.label: ...' -> '... (moment 10, 2021-01-23)': which line to fix."""
    match = re.search(r"events\.(\d+)", message)
    if not match:
        return message
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        entry = raw["events"][int(match.group(1))]
        when = entry.get("date") if isinstance(entry, dict) else None
    except (yaml.YAMLError, ValueError, KeyError, IndexError, TypeError):
        when = None
    number = int(match.group(1)) + 1
    return f"{message} (moment {number}{f', {when}' if when else ''})"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else MAATREGELEN_FILE
    try:
        timeline = read_maatregelen(path)
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    first, last = timeline.events[0].date, timeline.events[-1].date
    print(f"{path}: {len(timeline.events)} momenten, {first} t/m {last}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
