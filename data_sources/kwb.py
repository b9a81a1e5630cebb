"""CBS Kerncijfers wijken en buurten 2019-2023 (one v3 table per year), per wijk.

Why its own normalisation: each year is a separate table without a Perioden
dimension (the year is the table), and CBS renumbers the column keys every year
(``PersonenPerSoortUitkeringBijstand_74`` in one, ``_83`` or ``_87`` in another).
Columns are therefore matched by their key without the numeric suffix, and each
table's rows get the period of its year. Only wijk rows are kept (``SoortRegio_2``
"Wijk", ``WK`` codes). Suppressed cells come as null in the typed data set and stay
missing, never 0. These tables are not in the reference snapshot: offline they are
absent, online ``refresh --source live`` fills them.
"""

from __future__ import annotations

import re

import pandas as pd

from .cbs_common import strip_code
from .cbs_v3 import ATTRIBUTION, LICENCE, Entities
from .model import LoadedDataset, Provenance, SourceError, finish_observations

REGION = "WijkenEnBuurten"
REGION_KIND = "SoortRegio"
WIJK = "Wijk"
# The columns the catalogue uses, by their CBS key without the numeric suffix.
MEASURES = (
    "AantalInwoners",
    "PersonenPerSoortUitkeringBijstand",
    "PersonenPerSoortUitkeringAO",
    "PersonenPerSoortUitkeringWW",
    "PersonenPerSoortUitkeringAOW",
    "JongerenMetJeugdzorgInNatura",
    "PercentageJongerenMetJeugdzorg",
    "WmoClienten",
    "WmoClientenRelatief",
    "GemiddeldInkomenPerInwoner",
    "HuishoudensMetEenLaagInkomen",
)
TITLE = "Kerncijfers wijken en buurten"
_SUFFIX = re.compile(r"_\d+$")


def bare_key(column: str) -> str:
    """``PersonenPerSoortUitkeringBijstand_74`` -> ``PersonenPerSoortUitkeringBijstand``."""
    return _SUFFIX.sub("", column)


def normalise(
    dataset: str,
    years: dict[int, tuple[str, Entities]],
    *,
    catalog_url: str,
    origin: str,
) -> LoadedDataset:
    """``years``: year -> (table id, its entity sets). One tidy frame for all years."""
    frames, measures, modified = [], {}, []
    for year, (table_id, entities) in sorted(years.items()):
        frame, titles = _one_year(table_id, entities)
        frame["period"] = f"{year}JJ00"
        frames.append(frame)
        measures.update(titles)
        info = (entities.get("TableInfos") or [{}])[0]
        if info.get("Modified"):
            modified.append(info["Modified"])
    observations = finish_observations(pd.concat(frames, ignore_index=True))
    tables = ", ".join(
        f"{table} ({year})" for year, (table, _) in sorted(years.items())
    )
    return LoadedDataset(
        dataset=dataset,
        provenance=Provenance(
            kind="cbs_kwb",
            table_id="+".join(table for _, (table, _) in sorted(years.items())),
            title=f"{TITLE} {min(years)}-{max(years)}",
            catalog_url=catalog_url,
            origin=origin,  # type: ignore[arg-type]
            licence=LICENCE,
            attribution=ATTRIBUTION,
            cbs_modified=max(modified) if modified else None,
            notes=f"Per wijk, één CBS-tabel per jaar: {tables}; kolommen op hun "
            "sleutel zonder volgnummer.",
        ),
        observations=observations,
        measures=pd.DataFrame(
            {
                "measure": list(measures),
                "title": [t for t, _ in measures.values()],
                "unit": [u for _, u in measures.values()],
                "decimals": [None] * len(measures),
                "description": [None] * len(measures),
            }
        ),
    )


def _one_year(table_id: str, entities: Entities) -> tuple[pd.DataFrame, dict]:
    rows = entities.get("TypedDataSet") or []
    if not rows:
        raise SourceError(f"tabel {table_id}: TypedDataSet is leeg")
    frame = pd.DataFrame.from_records(rows)
    by_bare = {bare_key(c): c for c in frame.columns}
    missing = [k for k in (REGION, REGION_KIND, "AantalInwoners") if k not in by_bare]
    if missing:
        raise SourceError(f"tabel {table_id}: kolommen ontbreken: {', '.join(missing)}")
    region = frame[by_bare[REGION]].map(strip_code)
    kind = frame[by_bare[REGION_KIND]].map(strip_code)
    wijken = frame[(kind == WIJK) & region.str.startswith("WK")]
    present = [m for m in MEASURES if m in by_bare]
    long = pd.DataFrame(
        {
            "measure": [m for m in present for _ in range(len(wijken))],
            "area_code": list(region[wijken.index]) * len(present),
            "value": [v for m in present for v in wijken[by_bare[m]]],
        }
    )
    properties = {
        bare_key(p.get("Key", "")): p for p in entities.get("DataProperties", [])
    }
    titles = {
        m: (properties.get(m, {}).get("Title") or m, properties.get(m, {}).get("Unit"))
        for m in present
    }
    return long, titles
