"""CBS OData v4 (datasets.cbs.nl): a small requests client and the folder it writes.

Why not the ``cbsodata4`` package: its HTTP calls take no timeout and no retry, which
the loaders must have. The client below fetches what a table needs (Properties,
Dimensions, MeasureCodes, the code list of each dimension, Observations with
``$filter`` and ``@odata.nextLink`` paging) and returns the same structure that
``read_folder`` builds from a saved capture, so both go through one ``normalise``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .cbs_common import (
    MISSING_REASON,
    NATIONAL_AREA,
    area_level,
    dims_string,
    normalise_status,
    strip_code,
)
from .http import HttpPolicy, get_json
from .model import LoadedDataset, Provenance, SourceError, finish_observations

LICENCE = "CC BY 4.0"
ATTRIBUTION = "Bron: CBS"
MAX_PAGES = 10_000  # a guard against a catalog that links a page to itself

Capture = dict[
    str, Any
]  # Properties, Dimensions, MeasureCodes, Codes{dim}, Observations


def table_url(base_url: str, table_id: str, catalog: str = "CBS") -> str:
    return f"{base_url.rstrip('/')}/odata/v1/{catalog}/{table_id}"


def fetch(
    table_id: str,
    base_url: str,
    policy: HttpPolicy,
    filters: str | None = None,
    catalog: str = "CBS",
) -> Capture:
    root = table_url(base_url, table_id, catalog)
    properties = get_json(f"{root}/Properties", policy)
    dimensions = get_json(f"{root}/Dimensions", policy)["value"]
    measures = get_json(f"{root}/MeasureCodes", policy)["value"]
    codes = {
        d["Identifier"]: get_json(f"{root}/{d['Identifier']}Codes", policy)["value"]
        for d in dimensions
        if d.get("ContainsCodes", True)
    }
    observations: list[dict] = []
    url: str | None = f"{root}/Observations"
    params = {"$filter": filters} if filters else None
    for _ in range(MAX_PAGES):
        page = get_json(url, policy, params=params)
        observations.extend(page["value"])
        url, params = page.get("@odata.nextLink"), None
        if not url:
            break
    else:
        raise SourceError(f"tabel {table_id}: meer dan {MAX_PAGES} pagina's")
    return {
        "Properties": properties,
        "Dimensions": dimensions,
        "MeasureCodes": measures,
        "Codes": codes,
        "Observations": observations,
    }


def read_folder(folder: Path) -> Capture:
    """Read a saved v4 capture: properties.json, dimensions.json, measure-codes.json,
    codes-<Dim>.json and observations-page-*.json (as datasets.cbs.nl answers)."""
    if not (folder / "properties.json").exists():
        raise SourceError(f"{folder}: geen properties.json (geen v4-map)")

    def load(name: str) -> Any:
        with (folder / name).open(encoding="utf-8") as handle:
            return json.load(handle)

    pages = sorted(
        folder.glob("observations-page-*.json"),
        key=lambda p: int(p.stem.rsplit("-", 1)[1]),
    )
    observations: list[dict] = []
    for page in pages:
        observations.extend(load(page.name)["value"])
    return {
        "Properties": load("properties.json"),
        "Dimensions": load("dimensions.json")["value"],
        "MeasureCodes": load("measure-codes.json")["value"],
        "Codes": {
            p.stem.removeprefix("codes-"): load(p.name)["value"]
            for p in folder.glob("codes-*.json")
        },
        "Observations": observations,
    }


def normalise(
    dataset: str,
    table_id: str,
    capture: Capture,
    *,
    catalog_url: str,
    origin: str,
    required_measures: list[str] | None = None,
) -> LoadedDataset:
    rows = capture["Observations"]
    if not rows:
        raise SourceError(f"tabel {table_id}: geen observaties")
    frame = pd.DataFrame.from_records(rows)
    dims = {d["Identifier"]: d.get("Kind", "Dimension") for d in capture["Dimensions"]}
    absent = [d for d in dims if d not in frame.columns]
    for column in ("Measure", "Value", *absent):
        if column not in frame.columns:
            raise SourceError(
                f"tabel {table_id}: kolom {column} ontbreekt in observaties"
            )
    present = set(frame["Measure"].map(strip_code))
    missing = [m for m in (required_measures or []) if m not in present]
    if missing:
        raise SourceError(
            f"tabel {table_id}: onderwerpen ontbreken: {', '.join(missing)}"
        )
    for column in dims:
        frame[column] = frame[column].map(strip_code)
    time_dim = next((d for d, k in dims.items() if k == "TimeDimension"), "Perioden")
    geo_dim = next((d for d, k in dims.items() if k == "GeoDimension"), None)
    period_status = {
        strip_code(c["Identifier"]): normalise_status(c.get("Status"))
        for c in capture["Codes"].get(time_dim, [])
    }
    out = pd.DataFrame(
        {
            "measure": frame["Measure"].map(strip_code),
            "area_code": frame[geo_dim] if geo_dim else NATIONAL_AREA,
            "period": frame[time_dim],
            "value": frame["Value"],
            "status": frame[time_dim].map(period_status).fillna("definitief"),
            "missing_reason": frame.get("ValueAttribute", pd.Series(index=frame.index))
            .map(MISSING_REASON)
            .where(frame["Value"].isna(), None),
        }
    )
    other = sorted(d for d in dims if d not in (time_dim, geo_dim))
    out["dims"] = dims_string(frame, other)
    properties = capture["Properties"]
    measures = pd.DataFrame(
        {
            "measure": [m["Identifier"] for m in capture["MeasureCodes"]],
            "title": [m.get("Title") for m in capture["MeasureCodes"]],
            "unit": [m.get("Unit") for m in capture["MeasureCodes"]],
            "decimals": [m.get("Decimals") for m in capture["MeasureCodes"]],
            "description": [m.get("Description") for m in capture["MeasureCodes"]],
        }
    )
    areas = _areas(capture["Codes"].get(geo_dim, [])) if geo_dim else None
    loaded = LoadedDataset(
        dataset=dataset,
        provenance=Provenance(
            kind="cbs_v4",
            table_id=table_id,
            title=properties.get("Title") or table_id,
            catalog_url=catalog_url,
            origin=origin,  # type: ignore[arg-type]
            licence=LICENCE,
            attribution=ATTRIBUTION,
            cbs_modified=properties.get("Modified"),
            frequency=properties.get("Frequency") or None,
            release_date=properties.get("ReleaseDate") or None,
        ),
        observations=finish_observations(out),
        measures=measures,
    )
    if areas is not None:
        loaded.areas = areas
    return loaded


def _areas(codes: list[dict]) -> pd.DataFrame:
    """Region names from the table's own code list (gemeente names of that year)."""
    frame = pd.DataFrame(
        {
            "area_code": [strip_code(c["Identifier"]) for c in codes],
            "name": [c.get("Title", "").strip() for c in codes],
        }
    )
    frame["level"] = frame["area_code"].map(area_level)
    frame["parent_code"] = None
    frame["boundary_year"] = None
    frame["meta"] = None
    return frame
