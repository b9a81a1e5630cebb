"""CBS/Politie 47018NED: registered offences per gemeente (and wijk) per year.

Why its own module: the table lives on the CBS catalog for third parties and its
offence dimension ``SoortMisdrijf`` is only known by title ("1.1.1 Diefstal/inbraak
woning"), so the live path first reads that code list to find the keys to ask for.
The snapshot is not a cbsodata folder but one JSON document
(``counts[offence][GM][year]``, see ``politie/SOURCES.md``); ``document_entities``
turns it into the v3 entity sets, so live and snapshot share one ``normalise``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import cbs_v3
from .cbs_v3 import Entities
from .http import HttpPolicy
from .model import LoadedDataset, SourceError

TABLE_ID = "47018NED"
TITLE = "Geregistreerde misdrijven; soort misdrijf, wijk en buurt"
MEASURE = "GeregistreerdeMisdrijven_1"
REGION = "WijkenEnBuurten"
OFFENCE = "SoortMisdrijf"
ATTRIBUTION = "Bron: CBS, Politie"
DOCUMENT = "data.json"
# The offence types of the snapshot extract; live asks for the same ones.
OFFENCES = (
    "1.1.1",
    "1.1.2",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.4.2",
    "1.4.4",
    "1.4.5",
    "2.2.1",
    "2.5.1",
    "3.1.1",
    "3.1.3",
)
_CODE_IN_TITLE = re.compile(r"^\s*(\d+(?:\.\d+)+)\s")


def offence_code(title: str) -> str | None:
    """ "1.1.1 Diefstal/inbraak woning" -> "1.1.1"; None for a title without a code."""
    match = _CODE_IN_TITLE.match(title or "")
    return match[1] if match else None


def fetch(
    base_url: str,
    policy: HttpPolicy,
    filters: str | None = None,
    offences: tuple[str, ...] = OFFENCES,
) -> Entities:
    """Live: the offence keys from the code list, then only those rows (and ``filters``,
    the region and period selection of datasets.yaml)."""
    code_list = cbs_v3.fetch_entity_set(TABLE_ID, base_url, policy, OFFENCE)
    keys = {
        offence_code(entry.get("Title", "")): entry["Key"]
        for entry in code_list
        if offence_code(entry.get("Title", "")) in offences
    }
    missing = [code for code in offences if code not in keys]
    if missing:
        raise SourceError(
            f"tabel {TABLE_ID}: soort misdrijf {', '.join(missing)} niet in {OFFENCE}"
        )
    # Keys are sent as CBS delivers them (padded): eq compares the whole string.
    chosen = " or ".join(f"{OFFENCE} eq '{keys[code]}'" for code in offences)
    clause = f"({chosen})" + (f" and ({filters})" if filters else "")
    return cbs_v3.fetch(TABLE_ID, base_url, policy, filters=clause)


def read_document(path: Path) -> dict:
    """The snapshot document (a folder holding ``data.json``, or the file itself)."""
    file = path / DOCUMENT if path.is_dir() else path
    try:
        with file.open(encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise SourceError(f"{file} bestaat niet") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{file}: geen geldige JSON ({exc.msg})") from None
    for key in ("offences", "years", "counts"):
        if key not in document:
            raise SourceError(f"{file}: veld {key!r} ontbreekt")
    return document


def document_entities(document: dict) -> Entities:
    """The snapshot document as the v3 entity sets the catalog serves."""
    provisional = {int(y) for y in document.get("provisional", [])}
    periods = [
        {
            "Key": f"{year}JJ00",
            "Title": f"{year}{'*' if int(year) in provisional else ''}",
            "Status": "Voorlopig" if int(year) in provisional else "Definitief",
        }
        for year in document["years"]
    ]
    offences = [
        {"Key": o["code"], "Title": f"{o['code']} {o['label']}"}
        for o in document["offences"]
    ]
    rows = [
        {
            OFFENCE: code,
            REGION: gemeente,
            "Perioden": f"{year}JJ00",
            MEASURE: count,
        }
        for code, per_gemeente in document["counts"].items()
        for gemeente, per_year in per_gemeente.items()
        for year, count in per_year.items()
    ]
    for number, row in enumerate(rows):
        row["ID"] = number
    properties = [
        {"Key": MEASURE, "Type": "Topic", "Title": "Geregistreerde misdrijven"}
        | {"Unit": "aantal", "Decimals": 0, "Description": None}
    ]
    return {
        "TypedDataSet": rows,
        OFFENCE: offences,
        "Perioden": periods,
        "DataProperties": properties,
    }


def normalise(
    dataset: str, entities: Entities, *, catalog_url: str, origin: str
) -> LoadedDataset:
    """One normalisation for live and snapshot: offences by their code, BU rows out."""
    by_key = {}
    for entry in entities.get(OFFENCE, []):
        code = offence_code(entry.get("Title", ""))
        if code is not None:
            by_key[str(entry["Key"]).strip()] = code
    rows = []
    for row in entities.get("TypedDataSet", []):
        code = by_key.get(str(row.get(OFFENCE, "")).strip())
        region = str(row.get(REGION, "")).strip()
        if code is None or region[:2] not in ("NL", "GM", "WK"):
            continue  # buurt rows and offences without a code are not used
        rows.append({**row, OFFENCE: code})
    renamed = [
        {**e, "Key": by_key.get(str(e["Key"]).strip(), e["Key"])}
        for e in entities.get(OFFENCE, [])
    ]
    loaded = cbs_v3.normalise(
        dataset,
        TABLE_ID,
        {**entities, "TypedDataSet": rows, OFFENCE: renamed},
        catalog_url=catalog_url,
        origin=origin,
        required_columns=[MEASURE, OFFENCE, REGION],
    )
    prov = loaded.provenance
    prov.kind = "politie"
    prov.attribution = ATTRIBUTION
    if prov.title == TABLE_ID:
        prov.title = TITLE
    if origin == "snapshot":
        prov.notes = (
            "Momentopname: CBS-cijfers van 47018NED per gemeente, gebundeld in één "
            "JSON-document (zie politie/SOURCES.md); wijzigingsdatum onbekend. "
            "Gemeenten in de huidige indeling, ook voor eerdere jaren."
        )
    else:
        prov.notes = "Gemeenten in de huidige indeling, ook voor eerdere jaren."
    return loaded
