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
from .messages import _
from .periods_text import period_range
from .services import Service

KEYS = (
    "table_id",
    "title",
    "perioden",
    "gewijzigd",
    "opgehaald",
    "volgende",
    "herkomst",
    "licence",
    "rijen",
)


def columns(lang: str = "nl") -> dict[str, str]:
    """The column headings (messages ``over.source_col.<key>``)."""
    return {key: _(f"over.source_col.{key}", lang) for key in KEYS}


COLUMNS = columns("nl")


def source_rows(service: Service, lang: str = "nl") -> pd.DataFrame:
    """The loaded tables, one row per table id (the copy that states most first)."""
    frame = service.sources().copy()
    frame["_known"] = frame["cbs_modified"].notna()
    frame = frame.sort_values(["table_id", "_known"], ascending=[True, False])
    rows = []
    for table_id, copies in frame.groupby("table_id", sort=False):
        first = copies.iloc[0]
        prov = service.provenance(first["dataset"])
        changed = (
            format_date(prov.cbs_modified, lang)
            if prov.cbs_modified
            else _(
                "over.source_unknown",
                lang,
                unknown=_("date.unknown", lang),
                reason=prov.unknown_modified_reason(lang),
            )
        )
        others = [d for d in copies["dataset"].iloc[1:]]
        title = first["title"]
        if others:
            kinds = ", ".join(
                f"{d} ({k})" for d, k in zip(copies["dataset"][1:], copies["kind"][1:])
            )
            title = _("over.source_copies", lang, title=title, kinds=kinds)
        rows.append(
            {
                "table_id": table_id,
                "title": title,
                "perioden": period_range(
                    first["periods_from"], first["periods_to"], lang
                ),
                "gewijzigd": changed,
                "opgehaald": format_date(str(first["fetched_at"]), lang),
                "volgende": next_release_text(prov, lang)
                or _("over.source_no_release", lang),
                "herkomst": _(
                    "source.snapshot"
                    if first["origin"] == "snapshot"
                    else "source.live",
                    lang,
                ),
                "licence": first["licence"],
                "rijen": float(first["row_count"]),
            }
        )
    return pd.DataFrame(rows, columns=list(KEYS))
