"""Secondary sources supplied as CSV (by a gemeente or a research group), driven by a spec.

Such a file is not a CBS table: it has its own source, licence and units, and those
travel with every figure through :class:`~data_sources.model.Provenance`. One
:class:`LocalCsvSpec` per file says which column holds the area code and the year,
which areas to keep, and for each source column the measure it becomes, its unit,
whether it is a count or a share and by how much to scale it (100 turns a 0-1 share
into a percentage). ``read`` reads the file as text and checks that the named columns
exist; ``normalise`` turns it into tidy observations.

The spec is checked against the data, so a wrong unit fails instead of drawing a
wrong chart: a ``share`` must lie within 0-100 after scaling, a ``count`` must be a
whole number >= 0. Empty cells stay missing (never 0) with :data:`EMPTY_REASON`.
``first_year`` marks years a source did not yet measure although the file shows 0
there (the ELAN wijk file writes 0 for Wmo and jeugdhulp before 2015); those rows
become missing with a reason, and a non-zero value in them is an error.
``zero_below`` marks a source that publishes small counts as 0 (ELAN: every
published non-zero count is 15 or more): its zeros are suppressed small counts,
missing with :data:`SUPPRESSED_REASON`, so they never enter a sum as real zeros.

The specs live in ``local_sources.yaml`` (see :func:`load_specs`).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .cbs_common import area_level
from .model import (
    AREA_COLUMNS,
    LoadedDataset,
    Provenance,
    SourceError,
    finish_observations,
)

DEFAULT_SPECS_FILE = Path(__file__).with_name("local_sources.yaml")
EMPTY_REASON = "leeg in bron"
SUPPRESSED_REASON = "klein aantal, afgerond op 0 in de bron"
SHARE_MAX = 100.0  # a share after scaling is a percentage


def not_measured_reason(first_year: int) -> str:
    """``missing_reason`` of a year before the source measured the column."""
    return f"niet gemeten vóór {first_year} (bron vult 0 of leeg in)"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Strict):
    measure: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    unit: str  # as shown: "aantal", "%"
    kind: Literal["count", "share"]
    scale: float = Field(1.0, gt=0)
    decimals: int | None = None
    description: str = ""
    first_year: int | None = None  # earlier years: not measured (0 in file) -> missing
    # The source publishes a count below this as 0 (privacy rule of the microdata): a 0
    # is a suppressed small count, missing with SUPPRESSED_REASON, never a real zero.
    zero_below: int | None = Field(None, gt=0)


class LocalCsvSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    path: str  # relative to the snapshot folder
    area_column: str
    period_column: str  # a year (2020) -> CBS key 2020JJ00
    name_column: str | None = None
    area_filter: list[str] | None = None  # code prefixes to keep; None keeps all
    columns: dict[str, ColumnSpec]
    title: str
    licence: str
    attribution: str
    source_url: str
    notes: str = ""
    delimiter: str = ","
    encoding: str = "utf-8"

    @field_validator("path")
    @classmethod
    def _relative(cls, value: str) -> str:
        path = PurePosixPath(value)
        if path.is_absolute() or ".." in path.parts:
            raise ValueError("moet een relatief pad binnen de snapshotmap zijn")
        return value

    @field_validator("columns")
    @classmethod
    def _unique_measures(cls, value: dict[str, ColumnSpec]) -> dict[str, ColumnSpec]:
        if not value:
            raise ValueError("geen kolommen")
        measures = [c.measure for c in value.values()]
        doubles = sorted({m for m in measures if measures.count(m) > 1})
        if doubles:
            raise ValueError(f"onderwerp dubbel: {', '.join(doubles)}")
        return value

    def required_columns(self) -> list[str]:
        named = [self.area_column, self.period_column, *self.columns]
        if self.name_column:
            named.append(self.name_column)
        return named


def load_specs(path: Path = DEFAULT_SPECS_FILE) -> list[LocalCsvSpec]:
    """The specs of a YAML file with a top-level ``sources:`` list."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: onleesbaar ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise SourceError(f"{path}: verwacht een lijst 'sources:'")
    specs = []
    for number, entry in enumerate(raw["sources"], start=1):
        try:
            specs.append(LocalCsvSpec.model_validate(entry))
        except ValidationError as exc:
            name = entry.get("id", f"#{number}") if isinstance(entry, dict) else number
            raise SourceError(f"{path}: bron {name} ongeldig:\n{exc}") from exc
    ids = [s.id for s in specs]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise SourceError(f"{path}: id dubbel: {', '.join(doubles)}")
    return specs


def spec_by_id(specs: list[LocalCsvSpec], spec_id: str) -> LocalCsvSpec:
    for spec in specs:
        if spec.id == spec_id:
            return spec
    raise SourceError(f"geen lokale bron met id {spec_id!r}")


def read(spec: LocalCsvSpec, snapshot_dir: Path) -> pd.DataFrame:
    """The CSV as text (every cell a string, empty cells ""), columns checked."""
    path = Path(snapshot_dir) / spec.path
    if not path.is_file():
        raise SourceError(f"{spec.id}: bestand {path} niet gevonden")
    try:
        frame = pd.read_csv(
            path,
            sep=spec.delimiter,
            encoding=spec.encoding,
            dtype=str,
            keep_default_na=False,
        )
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise SourceError(f"{spec.id}: {path} onleesbaar ({exc})") from exc
    _check_columns(spec, frame)
    return frame


def _check_columns(spec: LocalCsvSpec, frame: pd.DataFrame) -> None:
    absent = [c for c in spec.required_columns() if c not in frame.columns]
    if absent:
        raise SourceError(
            f"{spec.id}: kolom ontbreekt in {spec.path}: {', '.join(absent)}"
        )


def normalise(
    dataset: str,
    spec: LocalCsvSpec,
    frame: pd.DataFrame,
    *,
    origin: str,
) -> LoadedDataset:
    _check_columns(spec, frame)
    frame = frame.copy()
    frame[spec.area_column] = frame[spec.area_column].astype(str).str.strip()
    if spec.area_filter is not None:
        keep = frame[spec.area_column].str.startswith(tuple(spec.area_filter))
        frame = frame[keep]
    if not len(frame):
        raise SourceError(f"{spec.id}: geen rijen na gebiedsfilter {spec.area_filter}")
    year = _years(spec, frame[spec.area_column], frame[spec.period_column])
    period = year.astype(str) + "JJ00"
    parts = []
    for column, target in spec.columns.items():
        value, reason = _column_values(spec, column, target, frame[column], year)
        parts.append(
            pd.DataFrame(
                {
                    "measure": target.measure,
                    "area_code": frame[spec.area_column],
                    "period": period,
                    "value": value,
                    "missing_reason": reason,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    duplicated = out.duplicated(["measure", "area_code", "period"])
    if duplicated.any():
        first = out[duplicated].iloc[0]
        raise SourceError(
            f"{spec.id}: dubbele rij voor {first['area_code']} {first['period']}"
        )
    measures = pd.DataFrame(
        [
            {
                "measure": c.measure,
                "title": c.title,
                "unit": c.unit,
                "decimals": c.decimals,
                "description": c.description or f"kolom {name} van {spec.path}",
            }
            for name, c in spec.columns.items()
        ],
        columns=["measure", "title", "unit", "decimals", "description"],
    )
    return LoadedDataset(
        dataset=dataset,
        provenance=Provenance(
            kind="local_csv",
            table_id=spec.id,
            title=spec.title,
            catalog_url=spec.source_url,
            origin=origin,  # type: ignore[arg-type]
            licence=spec.licence,
            attribution=spec.attribution,
            cbs_modified=None,
            notes=spec.notes,
        ),
        observations=finish_observations(out),
        measures=measures,
        areas=_areas(spec, frame),
    )


def _years(spec: LocalCsvSpec, area: pd.Series, raw: pd.Series) -> pd.Series:
    text = raw.astype(str).str.strip()
    bad = ~text.str.fullmatch(r"\d{4}")
    if bad.any():
        where = bad.idxmax()
        raise SourceError(
            f"{spec.id}: kolom {spec.period_column} is geen jaartal: "
            f"{raw[where]!r} ({area[where]})"
        )
    return text.astype(int)


def _column_values(
    spec: LocalCsvSpec,
    column: str,
    target: ColumnSpec,
    raw: pd.Series,
    year: pd.Series,
) -> tuple[pd.Series, pd.Series]:
    text = raw.astype(str).str.strip()
    empty_cell = text.eq("") | text.str.upper().isin(["NA", "NAN"])
    number = pd.to_numeric(text.where(~empty_cell), errors="coerce")
    not_a_number = number.isna() & ~empty_cell
    if not_a_number.any():
        where = not_a_number.idxmax()
        raise SourceError(
            f"{spec.id}: kolom {column} bevat geen getal: {raw[where]!r} "
            f"(rij {where}, jaar {year[where]})"
        )
    reason = pd.Series(np.full(len(raw), None, dtype=object), index=raw.index)
    reason[empty_cell] = EMPTY_REASON
    if target.first_year is not None:
        early = year < target.first_year
        real = early & number.notna() & number.ne(0)
        if real.any():
            where = real.idxmax()
            raise SourceError(
                f"{spec.id}: kolom {column} heeft {number[where]} in {year[where]}, "
                f"vóór first_year {target.first_year}: spec klopt niet met de data"
            )
        reason[early] = not_measured_reason(target.first_year)
        number = number.where(~early)
    if target.zero_below is not None:
        small = number.eq(0) & reason.isna()
        reason[small] = SUPPRESSED_REASON
        number = number.where(~small)
    _check_unit(spec, column, target, number)
    return number.astype("float64") * target.scale, reason


def _check_unit(
    spec: LocalCsvSpec, column: str, target: ColumnSpec, number: pd.Series
) -> None:
    present = number.dropna()
    if not len(present):
        return
    scaled = present * target.scale
    if target.kind == "share":
        outside = (scaled < 0) | (scaled > SHARE_MAX + 1e-9)
        if outside.any():
            raise SourceError(
                f"{spec.id}: kolom {column} staat als aandeel in de spec, maar "
                f"{present[outside].iloc[0]} x {target.scale:g} ligt buiten 0-100 "
                "(is het een aantal?)"
            )
    else:
        fractional = (scaled - scaled.round()).abs() > 1e-9
        if (scaled < 0).any() or fractional.any():
            example = present[fractional | (scaled < 0)].iloc[0]
            raise SourceError(
                f"{spec.id}: kolom {column} staat als aantal in de spec, maar bevat "
                f"{example} (geen geheel getal >= 0; is het een aandeel?)"
            )


def _areas(spec: LocalCsvSpec, frame: pd.DataFrame) -> pd.DataFrame:
    codes = frame[spec.area_column]
    names = (
        frame[spec.name_column].astype(str).str.strip()
        if spec.name_column
        else pd.Series(np.full(len(frame), None, dtype=object), index=frame.index)
    )
    areas = pd.DataFrame({"area_code": codes, "name": names}).drop_duplicates(
        "area_code", keep="last"
    )
    areas["level"] = areas["area_code"].map(area_level)
    areas["parent_code"] = [
        "GM" + code[2:6] if code.startswith(("WK", "BU")) else None
        for code in areas["area_code"]
    ]
    areas["boundary_year"] = None
    areas["meta"] = None
    return areas[AREA_COLUMNS].reset_index(drop=True)
