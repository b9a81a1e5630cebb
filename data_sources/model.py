"""What every loader returns: tidy observations plus the metadata the cache keeps.

One shape for all sources (CBS v3, CBS v4, corona dashboard, local CSV, boundaries),
so the cache, the validation and the provenance shown under every chart do not care
where a figure came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from .messages import dutch
from .periods import parse_period

OBSERVATION_COLUMNS = [
    "measure",  # CBS measure/column key as delivered (M000352, TotaalBijstand..._11)
    "dims",  # other dimension values, "Dim=code;Dim=code" sorted; "" if none
    "area_code",  # NL01, PV27, GM0344, WK034403, VR09 (padding stripped)
    "period",  # CBS period key (2020MM04) or ISO date for daily series
    "period_start",
    "period_end",
    "frequency",  # Y H Q M W D X
    "value",  # float; NaN when missing
    "status",  # definitief | voorlopig | nader voorlopig
    "missing_reason",  # None when value is present; else why it is missing
]
MEASURE_COLUMNS = ["measure", "title", "unit", "decimals", "description"]
AREA_COLUMNS = ["area_code", "name", "level", "parent_code", "boundary_year", "meta"]
MEMBER_COLUMNS = ["area_code", "member_code", "member_level", "role", "boundary_year"]
GEOMETRY_COLUMNS = ["area_code", "level", "boundary_year", "geojson"]

Origin = Literal["live", "snapshot"]
# Why a value is missing when the source sent something that is not a number ("12a",
# "n.v.t."): stored as missing, counted and reported per table by the refresh.
NOT_A_NUMBER = "geen getal in de bron"
# the reason of a missing value nobody stated a reason for
UNKNOWN_REASON = "onbekend"


class SourceError(Exception):
    """A dataset could not be fetched or does not have the shape we need."""


M = TypeVar("M", bound=BaseModel)


def read_yaml_model(path: Path, model: type[M], what: str) -> M:
    """Read a YAML definition file into a pydantic model; one clear line if wrong."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"{what} {path} bestaat niet") from None
    except yaml.YAMLError:
        raise SourceError(f"{path}: geen geldige YAML") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = dutch(first)
        entry = _entry_id(raw, first["loc"])
        if entry is not None:  # "indicators.22 (koopwoningen-wijk)": name the entry
            where += f" ({entry})"
        raise SourceError(f"{path}: {where}: {message}") from None


def _entry_id(raw, loc) -> str | None:
    """The ``id`` of the innermost list entry on the error's path, if it has one."""
    node, found = raw, None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found = node["id"]
    return found


@dataclass
class Provenance:
    kind: str  # cbs_v3, cbs_v4, corona, local_csv, geo, gebieden
    table_id: str
    title: str
    catalog_url: str
    origin: Origin
    licence: str
    attribution: str
    cbs_modified: str | None = None  # as CBS states it (ISO date); None if unknown
    notes: str = ""
    # The table's own schedule (v4 Properties / v3 TableInfos): "Per jaar" and the
    # date of this release, from which the next release is expected (freshness.py).
    frequency: str | None = None
    release_date: str | None = None


@dataclass
class LoadedDataset:
    dataset: str
    provenance: Provenance
    observations: pd.DataFrame = field(
        default_factory=lambda: empty(OBSERVATION_COLUMNS)
    )
    measures: pd.DataFrame = field(default_factory=lambda: empty(MEASURE_COLUMNS))
    areas: pd.DataFrame = field(default_factory=lambda: empty(AREA_COLUMNS))
    members: pd.DataFrame = field(default_factory=lambda: empty(MEMBER_COLUMNS))
    geometries: pd.DataFrame = field(default_factory=lambda: empty(GEOMETRY_COLUMNS))

    @property
    def row_count(self) -> int:
        return sum(len(getattr(self, part)) for part in PARTS)

    def checksum(self) -> str:
        """Content hash, order-independent within each part, to compare versions."""
        digest = hashlib.sha256()
        for part in PARTS:
            frame = getattr(self, part)
            digest.update(part.encode())
            if len(frame):
                # Period start/end/frequency follow from the period key: leave them out.
                columns = [c for c in frame.columns if c not in DERIVED_COLUMNS]
                hashed = pd.util.hash_pandas_object(frame[columns], index=False)
                digest.update(pd.Series(hashed.values).sort_values().values.tobytes())
        return digest.hexdigest()


DERIVED_COLUMNS = ("period_start", "period_end", "frequency")
PARTS = ("observations", "measures", "areas", "members", "geometries")


def empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})


def add_period_fields(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill period_start/end/frequency from the period key (parsed once per key)."""
    keys = frame["period"].drop_duplicates()
    parsed = {key: parse_period(key) for key in keys}
    frame["period_start"] = frame["period"].map(lambda k: parsed[k].start)
    frame["period_end"] = frame["period"].map(lambda k: parsed[k].end)
    frame["frequency"] = frame["period"].map(lambda k: parsed[k].frequency)
    return frame


def finish_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Column order, types and period fields for a frame built by a loader."""
    frame = frame.copy()
    for column in ("dims", "status"):
        if column not in frame:
            frame[column] = "" if column == "dims" else "definitief"
    if "missing_reason" not in frame:
        frame["missing_reason"] = None
    raw = frame["value"]
    frame["value"] = pd.to_numeric(raw, errors="coerce").astype("float64")
    suspect = frame["value"].isna() & raw.notna()
    if suspect.any():  # an empty text is plainly missing; "12a" was not a number
        text = raw[suspect].astype(str).str.strip()
        frame.loc[text[text != ""].index, "missing_reason"] = NOT_A_NUMBER
    no_reason = frame["value"].isna() & frame["missing_reason"].isna()
    frame.loc[no_reason, "missing_reason"] = UNKNOWN_REASON
    frame = add_period_fields(frame)
    return frame[OBSERVATION_COLUMNS].reset_index(drop=True)
