"""Frames as JSON text and back, with their column types, for the precomputed table.

Why: the aggregates computed at refresh time are stored as text in the cache (SQLite
or PostgreSQL alike) and read back by every worker; a reader must get the frame the
service would have computed, so the dtypes travel with the values (plain
``to_json`` loses ``datetime.date`` columns and turns ints with gaps into floats).
JSON and not pickle: the cache is a database other processes can write to.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd

DATE = "date"  # an object column of datetime.date values
NAN = {"nan": True}  # a NaN in an object column (JSON has no NaN)


def _column(series: pd.Series) -> tuple[str, list]:
    values = series.tolist()
    if series.dtype == object and any(isinstance(v, dt.date) for v in values):
        return DATE, [v.isoformat() if isinstance(v, dt.date) else None for v in values]
    if series.dtype.kind == "f":
        return str(series.dtype), [None if math.isnan(v) else v for v in values]
    if series.dtype == object:
        # NaN and None both mean missing here, but a frame may hold either: kept apart
        return "object", [NAN if _is_nan(v) else _plain(v) for v in values]
    # pandas' str columns hold NaN for missing: JSON null
    return str(series.dtype), [None if _is_nan(v) else _plain(v) for v in values]


def _is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _plain(value):
    """numpy scalars inside object columns as Python values."""
    return value.item() if hasattr(value, "item") else value


def dumps(frame: pd.DataFrame) -> str:
    columns = {}
    kinds = {}
    for name in frame.columns:
        kinds[name], columns[name] = _column(frame[name])
    return json.dumps(
        {"columns": list(frame.columns), "kinds": kinds, "data": columns},
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def loads(text: str) -> pd.DataFrame:
    raw = json.loads(text)
    data = {}
    for name in raw["columns"]:
        kind, values = raw["kinds"][name], raw["data"][name]
        if kind == DATE:
            column = np.empty(len(values), dtype=object)
            column[:] = [dt.date.fromisoformat(v) if v else None for v in values]
        elif kind == "object":
            column = np.empty(len(values), dtype=object)
            column[:] = [math.nan if v == NAN else v for v in values]
        elif kind.startswith(("float", "int", "bool")):
            column = np.asarray(values, dtype=kind)  # None becomes NaN for floats
        else:
            column = pd.array(values, dtype=kind)
        data[name] = column
    # arrays, not Series: building the frame is most of the cost of a read
    return pd.DataFrame(data, columns=raw["columns"], copy=False)
