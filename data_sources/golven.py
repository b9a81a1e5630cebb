"""Corona waves as periods, read from ``golven.yaml``.

Why a file: where one wave ends and the next begins is a choice, and it should be
visible and correctable without touching code (as the measures timeline). Reading
validates the file: waves are whole ISO weeks, in order, without gaps or overlap,
and each peak lies inside its wave. A broken file stops with one clear line.

Check the file from the command line: ``python -m data_sources.golven [FILE]``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .maatregelen import URL_PATTERN
from .model import SourceError, read_yaml_model
from .periods import parse_period

GOLVEN_FILE = Path(__file__).with_name("golven.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Wave(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    label: str = Field(min_length=1, max_length=30)
    # the name on an English page (the labels are the dashboard's own names)
    label_en: str | None = Field(default=None, min_length=1, max_length=30)
    start: dt.date
    end: dt.date
    peak: str = Field(pattern=r"^\d{4}W1\d{2}$")

    def label_in(self, lang: str) -> str:
        """The label for a page in ``lang``: English where the file gives one."""
        return self.label_en if lang == "en" and self.label_en else self.label

    @model_validator(mode="after")
    def _whole_weeks_around_the_peak(self) -> Wave:
        if self.start.isoweekday() != 1 or self.end.isoweekday() != 7:
            raise ValueError("een golf loopt van een maandag tot en met een zondag")
        if self.end <= self.start:
            raise ValueError(f"einde {self.end} ligt niet na begin {self.start}")
        peak = parse_period(self.peak)
        if not (self.start <= peak.start and peak.end <= self.end):
            raise ValueError(f"piek {self.peak} ligt niet in de golf")
        return self


class Waves(_Strict):
    source_name: str = Field(min_length=1)
    source_url: str = Field(pattern=URL_PATTERN)
    rule: str = Field(min_length=1)
    waves: list[Wave] = Field(min_length=1)

    @model_validator(mode="after")
    def _consecutive(self) -> Waves:
        ids = [w.id for w in self.waves]
        if len(set(ids)) != len(ids):
            raise ValueError("dubbele golf-id")
        for earlier, later in zip(self.waves, self.waves[1:]):
            if later.start != earlier.end + dt.timedelta(days=1):
                raise ValueError(
                    f"{later.id} begint niet de dag na het einde van {earlier.id}"
                )
        return self

    def wave(self, wave_id: str) -> Wave:
        for wave in self.waves:
            if wave.id == wave_id:
                return wave
        known = ", ".join(w.id for w in self.waves)
        raise KeyError(f"onbekende golf {wave_id!r} (bekend: {known})")

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "wave": [w.id for w in self.waves],
                "label": [w.label for w in self.waves],
                "start": [w.start for w in self.waves],
                "end": [w.end for w in self.waves],
                "peak": [w.peak for w in self.waves],
            }
        )


def read_golven(path: Path | str = GOLVEN_FILE) -> Waves:
    """The validated waves; ``SourceError`` with one clear line when the file is wrong."""
    try:
        return read_yaml_model(Path(path), Waves, "golvenbestand")
    except ValueError as exc:  # YAML reads 2021-13-01 as a date and fails itself
        raise SourceError(f"{path}: ongeldige waarde: {exc}") from None


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else GOLVEN_FILE
    try:
        waves = read_golven(path)
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    first, last = waves.waves[0], waves.waves[-1]
    print(f"{path}: {len(waves.waves)} golven, {first.start} t/m {last.end}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
