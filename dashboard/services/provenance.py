"""Where a figure comes from: table, CBS modification date, fetched-at, licence.

Every series and export carries it; the Over page and the Excel sources sheet say
why a modification date is unknown, per kind of source.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_sources.freshness import Expectation, next_release

from ..messages import _

# Why "gewijzigd door bron" is empty, per kind of source (shown on Over and in the
# Excel sources sheet; the CSV keeps the column empty): the catalog's words.
UNKNOWN_MODIFIED = {
    "cbs_v3": "provenance.unknown_modified.cbs_v3",
    "geo": "provenance.unknown_modified.geo",
    "local_csv": "provenance.unknown_modified.local_csv",
    "gebieden": "provenance.unknown_modified.gebieden",
    "": "provenance.unknown_modified.other",
}


@dataclass(frozen=True)
class Provenance:
    dataset: str
    table_id: str
    title: str
    cbs_modified: str | None
    fetched_at: str
    origin: str
    licence: str
    attribution: str
    catalog_url: str | None = None
    kind: str | None = None
    notes: str | None = None
    frequency: str | None = None
    release_date: str | None = None

    def unknown_modified_reason(self, lang: str = "nl") -> str | None:
        """Why the source's modification date is not known (None when it is)."""
        if self.cbs_modified:
            return None
        return _(UNKNOWN_MODIFIED.get(self.kind or "", UNKNOWN_MODIFIED[""]), lang)

    def next_release(self) -> Expectation:
        """When the source expects to publish again (data_sources.freshness)."""
        return next_release(self.frequency, self.release_date)

    def footer(self) -> str:
        modified = f" (gewijzigd {self.cbs_modified[:10]})" if self.cbs_modified else ""
        return f"{self.attribution}, tabel {self.table_id}{modified}"
