"""One row per source table as a reader needs it: no table twice, dates in Dutch, the
next expected release, and why a modification date is unknown where it is.

The cache holds one provenance row per loaded dataset; one CBS table can be loaded
twice (37789ksz as a v3 and a v4 copy), which a reader would take for two sources.
Built here without Dash, so the Over page shows it and tests check it directly.
"""

from __future__ import annotations

import pandas as pd

from .exports.tables import next_release_text
from .formatting import format_date
from .periods_text import period_range
from .services import Service

COLUMNS = {
    "table_id": "Tabel",
    "title": "Titel",
    "perioden": "Perioden",
    "gewijzigd": "Gewijzigd door bron",
    "opgehaald": "Opgehaald",
    "volgende": "Volgende publicatie verwacht",
    "herkomst": "Herkomst",
    "licence": "Licentie",
    "rijen": "Rijen",
}


def source_rows(service: Service) -> pd.DataFrame:
    """The loaded tables, one row per table id (the copy that states most first)."""
    frame = service.sources().copy()
    frame["_known"] = frame["cbs_modified"].notna()
    frame = frame.sort_values(["table_id", "_known"], ascending=[True, False])
    rows = []
    for table_id, copies in frame.groupby("table_id", sort=False):
        first = copies.iloc[0]
        prov = service.provenance(first["dataset"])
        changed = (
            format_date(prov.cbs_modified)
            if prov.cbs_modified
            else f"onbekend: {prov.unknown_modified_reason()}"
        )
        others = [d for d in copies["dataset"].iloc[1:]]
        title = first["title"]
        if others:
            kinds = ", ".join(
                f"{d} ({k})" for d, k in zip(copies["dataset"][1:], copies["kind"][1:])
            )
            title = f"{title} (ook geladen als {kinds}; hier de kopie met de meeste gegevens over de tabel)"
        rows.append(
            {
                "table_id": table_id,
                "title": title,
                "perioden": period_range(first["periods_from"], first["periods_to"]),
                "gewijzigd": changed,
                "opgehaald": format_date(str(first["fetched_at"])),
                "volgende": next_release_text(prov) or "niet van toepassing",
                "herkomst": "momentopname" if first["origin"] == "snapshot" else "live",
                "licence": first["licence"],
                "rijen": float(first["row_count"]),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))
