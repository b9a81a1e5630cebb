"""CBS OData v3 through ``cbsodata``: live download and the folder it writes.

Live and offline share the parser: the live path asks cbsodata for each entity set
of a table (TypedDataSet, the dimension code lists, TableInfos, DataProperties) and
hands the result to the same ``normalise`` that reads a folder written by
``cbsodata.download_data(table, dir=...)``.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

import cbsodata
import pandas as pd
import requests

from .cbs_common import (
    GEO_DIMENSIONS,
    NATIONAL_AREA,
    dims_string,
    normalise_status,
    strip_code,
)
from .http import HttpPolicy, with_retries
from .model import LoadedDataset, Provenance, SourceError, finish_observations

DATA_SETS = ("TypedDataSet", "UntypedDataSet")
NOT_CODE_LISTS = {"TableInfos", "DataProperties", "CategoryGroups", *DATA_SETS}
LICENCE = "CC BY 4.0"
ATTRIBUTION = "Bron: CBS"

# cbsodata keeps the catalog host and scheme in module-wide options.
_OPTIONS_LOCK = threading.Lock()

Entities = dict[str, list[dict]]


def fetch(
    table_id: str,
    base_url: str,
    policy: HttpPolicy,
    select: list[str] | None = None,
    filters: str | None = None,
) -> Entities:
    """Download a table's entity sets from a v3 catalog (paging done by cbsodata)."""
    return _on_catalog(
        base_url,
        lambda host: _fetch_entities(table_id, host, policy, select, filters),
    )


def fetch_entity_set(
    table_id: str, base_url: str, policy: HttpPolicy, name: str
) -> list[dict]:
    """One entity set (a code list), e.g. to pick the keys a $filter needs."""
    return _on_catalog(base_url, lambda host: _getter(table_id, host, policy)(name))


def _on_catalog(base_url: str, call):
    parts = urlsplit(base_url)
    catalog_host = parts.netloc + parts.path.rstrip("/")
    with _OPTIONS_LOCK:
        previous = cbsodata.options.use_https
        cbsodata.options.use_https = parts.scheme == "https"
        try:
            return call(catalog_host)
        finally:
            cbsodata.options.use_https = previous


def _getter(table_id, catalog_host, policy):
    def once(name: str, query: dict) -> list[dict]:
        try:
            return cbsodata.get_meta(
                table_id,
                name,
                catalog_url=catalog_host,
                timeout=policy.timeout_s,
                **query,
            )
        except requests.HTTPError as exc:
            cause = exc.__cause__
            if exc.response is None and isinstance(cause, requests.HTTPError):
                # cbsodata re-raises HTTP errors without the response; put it back
                # so with_retries retries 5xx/429 and describe_error names the status.
                raise requests.HTTPError(str(exc), response=cause.response) from cause
            raise

    def get(name: str, **query) -> list[dict]:
        return with_retries(policy, lambda: once(name, query))

    return get


def _fetch_entities(table_id, catalog_host, policy, select, filters) -> Entities:
    get = _getter(table_id, catalog_host, policy)
    listing = get("")
    names = [entry["name"] for entry in listing]
    if "TypedDataSet" not in names:
        raise SourceError(f"tabel {table_id}: geen TypedDataSet in de catalogus")
    entities: Entities = {}
    for name in names:
        if name == "UntypedDataSet":
            continue  # the typed set carries numbers as numbers
        if name == "TypedDataSet":
            entities[name] = get(name, select=select, filters=filters)
        else:
            entities[name] = get(name)
    return entities


def read_folder(folder: Path) -> Entities:
    """Read the layout that ``cbsodata.download_data(table, dir=folder)`` writes."""
    if not (folder / "TypedDataSet.json").exists():
        raise SourceError(f"{folder}: geen TypedDataSet.json (geen cbsodata-map)")
    entities: Entities = {}
    for path in sorted(folder.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            entities[path.stem] = json.load(handle)
    return entities


def normalise(
    dataset: str,
    table_id: str,
    entities: Entities,
    *,
    catalog_url: str,
    origin: str,
    required_columns: list[str] | None = None,
) -> LoadedDataset:
    rows = entities["TypedDataSet"]
    if not rows:
        raise SourceError(f"tabel {table_id}: TypedDataSet is leeg")
    frame = pd.DataFrame.from_records(rows)
    code_lists = {
        name: records
        for name, records in entities.items()
        if name not in NOT_CODE_LISTS and name in frame.columns
    }
    properties = {p.get("Key"): p for p in entities.get("DataProperties", [])}
    dimensions = [c for c in frame.columns if c in code_lists or c in GEO_DIMENSIONS]
    if properties:
        topics = [k for k, p in properties.items() if p.get("Type") == "Topic"]
    else:
        topics = [c for c in frame.columns if c not in dimensions and c != "ID"]
    missing = [c for c in (required_columns or []) if c not in frame.columns]
    if missing:
        raise SourceError(f"tabel {table_id}: kolommen ontbreken: {', '.join(missing)}")
    topics = [t for t in topics if t in frame.columns]
    for column in dimensions:
        frame[column] = frame[column].map(strip_code)
    if "Perioden" not in frame.columns:
        raise SourceError(f"tabel {table_id}: geen Perioden-dimensie")
    frame["period"], frame["status"] = _period_keys(
        table_id, frame["Perioden"], code_lists.get("Perioden", [])
    )
    geo = next((d for d in dimensions if d in GEO_DIMENSIONS), None)
    frame["area_code"] = frame[geo] if geo else NATIONAL_AREA
    other = [d for d in dimensions if d not in ("Perioden", geo)]
    frame["dims"] = dims_string(frame, other)
    long = frame.melt(
        id_vars=["area_code", "period", "status", "dims"],
        value_vars=topics,
        var_name="measure",
        value_name="value",
    )
    info = (entities.get("TableInfos") or [{}])[0]
    title = info.get("Title") or table_id
    measures = pd.DataFrame(
        {
            "measure": topics,
            "title": [properties.get(t, {}).get("Title") or t for t in topics],
            "unit": [properties.get(t, {}).get("Unit") for t in topics],
            "decimals": [properties.get(t, {}).get("Decimals") for t in topics],
            "description": [properties.get(t, {}).get("Description") for t in topics],
        }
    )
    notes = "" if info else "TableInfos niet in de bron; wijzigingsdatum onbekend"
    return LoadedDataset(
        dataset=dataset,
        provenance=Provenance(
            kind="cbs_v3",
            table_id=table_id,
            title=title,
            catalog_url=catalog_url,
            origin=origin,  # type: ignore[arg-type]
            licence=LICENCE,
            attribution=ATTRIBUTION,
            cbs_modified=(info.get("Modified") or None),
            notes=notes,
            frequency=info.get("Frequency") or None,
            release_date=info.get("ReleaseDate") or info.get("Modified") or None,
        ),
        observations=finish_observations(long),
        measures=measures,
    )


def _period_keys(table_id: str, values: pd.Series, code_list: list[dict]):
    """Map Perioden to keys and statuses.

    Live v3 data holds keys (``2020MM04``); some saved copies hold titles
    (``2020 april``, ``2024*``). A trailing ``*`` marks a provisional figure.
    """
    by_key = {strip_code(c["Key"]): c for c in code_list}
    by_title = {c["Title"].strip(): c for c in code_list}
    keys, statuses, unknown = [], [], set()
    for raw in values:
        text = str(raw).strip()
        provisional = text.endswith("*")
        bare = text.rstrip("*").strip()
        code = by_key.get(text) or by_title.get(text) or by_title.get(bare)
        if code is None and bare in by_key:
            code = by_key[bare]
        if code is None:
            unknown.add(text)
            keys.append(None)
            statuses.append(None)
            continue
        keys.append(strip_code(code["Key"]))
        status = normalise_status(code.get("Status"))
        statuses.append(
            "voorlopig" if provisional and status == "definitief" else status
        )
    if unknown:
        sample = ", ".join(sorted(unknown)[:5])
        raise SourceError(f"tabel {table_id}: onbekende perioden: {sample}")
    return keys, statuses
