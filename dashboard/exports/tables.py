"""A selection of figures as one tidy frame, and that frame as CSV and Excel.

One row per indicator x area x period, with everything needed to cite or reuse a
figure (codes, names, level, period key and label, unit, the numeric value, status,
estimate / coverage / level notes, source table, catalog, CBS modified date,
fetched-at). The values are the query service's own (``Service.series``), never
recomputed here. The Data page shows this frame, every chart's download menu writes
it for the chart's selection, and the CLI can call it: no Dash import below here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from data_sources.periods import parse_period

from ..services import QueryError, Service
from .safe_text import from_spreadsheet_cell, spreadsheet_cell

# Column key -> header (nl, en). The order is the order on screen and in exports.
COLUMNS: dict[str, tuple[str, str]] = {
    "area_id": ("Gebiedscode", "Area code"),
    "area_name": ("Gebied", "Area"),
    "level": ("Niveau", "Level"),
    "period": ("Periode", "Period key"),
    "period_label": ("Periodelabel", "Period"),
    "indicator": ("Indicator", "Indicator id"),
    "title": ("Titel", "Title"),
    "unit": ("Eenheid", "Unit"),
    "value": ("Waarde", "Value"),
    "status": ("Status", "Status"),
    "estimate": ("Schatting", "Estimate"),
    "coverage": ("Dekking", "Coverage"),
    "level_note": ("Niveau-opmerking", "Level note"),
    "missing_reason": ("Reden ontbrekend", "Reason missing"),
    "table_id": ("Brontabel", "Source table"),
    "catalog": ("Catalogus", "Catalog"),
    "cbs_modified": ("Gewijzigd door bron", "Modified by source"),
    "fetched_at": ("Opgehaald", "Fetched at"),
}
# Text columns of an export (read back as text, missing as empty); value is a float,
# estimate a boolean.
TEXT_COLUMNS = [c for c in COLUMNS if c not in ("value", "estimate")]

SOURCES_SHEET = "Bronnen en definities"
DATA_SHEET = "Cijfers"
LICENCES = {
    "cbs": "Bron: CBS, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.nl)",
    "elan": "ELAN-DCC wijkprofielen (secundaire bron, op basis van CBS-microdata): MIT-licentie",
    "corona": "Coronadashboard (RIVM, NICE, Ministerie van VWS): open data van de Rijksoverheid",
}


@dataclass
class Selection:
    """What a table or chart shows: indicators x areas, and which periods.

    ``periods`` None means every period of the series; ``cells`` (indicator, area,
    period) triples, when given, name exactly the figures shown (e.g. each indicator
    at its own latest period)."""

    indicators: list[str]
    areas: list[str]
    periods: list[str] | None = None
    cells: list[tuple[str, str, str]] | None = None
    lang: str = "nl"
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "indicators": list(self.indicators),
            "areas": list(self.areas),
            "periods": None if self.periods is None else list(self.periods),
            "cells": None if self.cells is None else [list(c) for c in self.cells],
            "lang": self.lang,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Selection:
        """From a dcc.Store (JSON); anything but lists of strings is refused."""
        if not isinstance(data, dict):
            raise QueryError("ongeldige keuze voor de export")
        periods, cells = data.get("periods"), data.get("cells")
        if cells is not None:
            cells = _strings(cells, "cells", nested=True)
        return cls(
            _strings(data.get("indicators"), "indicators"),
            _strings(data.get("areas"), "areas"),
            None if periods is None else _strings(periods, "periods"),
            None if cells is None else [tuple(c) for c in cells],
            data.get("lang") if data.get("lang") in ("nl", "en") else "nl",
        )


def _strings(value, name: str, nested: bool = False) -> list:
    """A list of strings (``nested``: of [indicator, area, period] triples)."""
    items = value if isinstance(value, list) else None
    if items is not None and nested:
        ok = all(isinstance(c, list) and len(c) == 3 for c in items)
        flat = [v for c in items for v in c] if ok else None
    else:
        flat = items
    if flat is None or not all(isinstance(v, str) for v in flat):
        raise QueryError(f"ongeldige keuze voor de export: {name}")
    return items


def sort_key(period: str):
    try:
        parsed = parse_period(period)
        return (parsed.start, parsed.end, period)
    except ValueError:
        return (pd.Timestamp.min.date(), pd.Timestamp.min.date(), period)


def collect_series(
    service: Service, indicators: list[str], areas: list[str]
) -> tuple[dict[tuple[str, str], pd.DataFrame], list[str]]:
    """The series of every indicator x area pair that has one, and why others have none."""
    found: dict[tuple[str, str], pd.DataFrame] = {}
    problems: list[str] = []
    for indicator_id in indicators:
        for area_id in areas:
            try:
                found[(indicator_id, area_id)] = service.series(indicator_id, area_id)
            except QueryError as exc:
                problems.append(str(exc))
    return found, problems


def catalog_text(url: str | None, origin: str | None) -> str | None:
    """The catalog a table came from; a snapshot folder by its last two parts only
    (no server paths in a download)."""
    if not url:
        return None
    if "://" in url or origin != "snapshot":
        return url
    return "snapshot: " + "/".join(PurePath(url).parts[-2:])


def selection_frame(
    service: Service,
    found: dict[tuple[str, str], pd.DataFrame],
    indicators: list[str],
    areas: list[str],
    periods: list[str] | None,
    lang: str = "nl",
    cells: list[tuple[str, str, str]] | None = None,
    no_period: str = "geen gegevens voor de gekozen perioden",
) -> tuple[pd.DataFrame, list[str]]:
    """One row per indicator x area x period (value numeric), plus a ``decimals``
    column for display; and the pairs without a row in the chosen periods."""
    columns = [*COLUMNS, "decimals"]
    pairs = [
        (key, series)
        for key, series in found.items()
        if key[0] in indicators and key[1] in areas
    ]
    source = [c for c in COLUMNS if c not in ("level", "title", "unit", "catalog")]
    if pairs:
        frame = pd.concat([series[source] for _, series in pairs], ignore_index=True)
        if cells is not None:
            wanted = set(map(tuple, cells))
            keep = [
                (i, a, p) in wanted
                for i, a, p in zip(
                    frame["indicator"], frame["area_id"], frame["period"]
                )
            ]
            frame = frame[keep]
        elif periods is not None:
            frame = frame[frame["period"].isin(set(periods))]
    else:
        frame = pd.DataFrame(columns=source)
    present = set(zip(frame["indicator"], frame["area_id"]))
    problems = []
    for (indicator_id, area_id), series in pairs:
        if (indicator_id, area_id) not in present:
            name = (
                series["area_name"].iloc[0]
                if len(series)
                else service.area(area_id).name
            )
            title = service.indicator(indicator_id).title.get(lang)
            problems.append(f"{title}, {name}: {no_period}")
    if not len(frame):
        return pd.DataFrame(columns=columns), problems
    meta = {i: service.indicator(i) for i in indicators}
    catalogs = {}
    for indicator_id, indicator in meta.items():
        prov = service.provenance(indicator.source.dataset)
        catalogs[indicator_id] = (
            catalog_text(prov.catalog_url, prov.origin) if prov else None
        )
    frame = frame.assign(
        level=frame["area_id"].map({a: service.area(a).level for a in areas}),
        title=frame["indicator"].map({i: m.title.get(lang) for i, m in meta.items()}),
        unit=frame["indicator"].map({i: m.unit.get(lang) for i, m in meta.items()}),
        catalog=frame["indicator"].map(catalogs),
        decimals=frame["indicator"].map({i: m.decimals for i, m in meta.items()}),
    )
    frame["missing_reason"] = frame["missing_reason"].where(
        frame["missing_reason"].map(lambda v: isinstance(v, str)), None
    )
    shown = sorted(set(frame["period"]), key=sort_key, reverse=True)
    order = {p: i for i, p in enumerate(shown)}
    frame["cbs_modified"] = frame["cbs_modified"].map(
        lambda v: v[:10] if isinstance(v, str) else None
    )
    frame["estimate"] = frame["estimate"].astype(bool)
    frame["value"] = frame["value"].astype(float)
    frame["_order"] = frame["period"].map(order)
    frame["_ind"] = frame["indicator"].map({i: n for n, i in enumerate(indicators)})
    frame["_area"] = frame["area_id"].map({a: n for n, a in enumerate(areas)})
    frame = frame.sort_values(["_ind", "_order", "_area"]).reset_index(drop=True)
    return frame[columns], problems


def export_frame(service: Service, selection: Selection) -> pd.DataFrame:
    """The tidy frame of a selection, without display helpers: what a download holds."""
    indicators = [i for i in selection.indicators if _known_indicator(service, i)]
    areas = [a for a in selection.areas if a in service.registry.areas]
    found, problems = collect_series(service, indicators, areas)
    frame, empty = selection_frame(
        service,
        found,
        indicators,
        areas,
        selection.periods,
        selection.lang,
        selection.cells,
    )
    selection.problems = problems + empty
    return tidy(frame)


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The export columns with stable types: text (missing as NaN), float value,
    boolean estimate, so that a CSV reads back (``read_csv``) to the same frame."""
    out = frame[list(COLUMNS)].copy()
    for column in TEXT_COLUMNS:
        out[column] = out[column].map(
            lambda v: v if isinstance(v, str) and v != "" else None
        )
        out[column] = out[column].astype(object)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out["estimate"] = out["estimate"].astype(bool)
    return out.reset_index(drop=True)


def _known_indicator(service: Service, indicator_id: str) -> bool:
    try:
        service.indicator(indicator_id)
    except QueryError:
        return False
    return True


# -- CSV ----------------------------------------------------------------------


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 (with BOM, so Excel shows ë and – right), comma-separated, full precision;
    no text cell starts a formula (``safe_text.spreadsheet_cell``)."""
    data = tidy(frame)
    for column in TEXT_COLUMNS:
        data[column] = data[column].map(spreadsheet_cell)
    return data.to_csv(index=False).encode("utf-8-sig")


def read_csv(data: bytes | str | io.IOBase) -> pd.DataFrame:
    """Read an exported CSV back into the frame it was written from."""
    if isinstance(data, bytes):
        data = io.BytesIO(data)
    frame = pd.read_csv(
        data,
        encoding="utf-8-sig",
        dtype={c: "string" for c in TEXT_COLUMNS},
        keep_default_na=False,
        na_values={c: [""] for c in COLUMNS},
    )
    frame["estimate"] = frame["estimate"].map(
        {True: True, False: False, "True": True, "False": False}
    )
    frame = frame.astype({c: object for c in TEXT_COLUMNS})
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].map(from_spreadsheet_cell)
    return tidy(frame)


# -- Excel --------------------------------------------------------------------


def sources_frame(service: Service, frame: pd.DataFrame, lang: str = "nl"):
    """One row per indicator in the frame: definition, unit, source and licence."""
    rows = []
    for indicator_id in dict.fromkeys(frame["indicator"]):
        indicator = service.indicator(indicator_id)
        prov = service.provenance(indicator.source.dataset)
        rows.append(
            {
                "indicator": indicator.id,
                "title": indicator.title.get(lang),
                "definition": indicator.definition.get(lang),
                "unit": indicator.unit.get(lang),
                "table_id": prov.table_id if prov else None,
                "table_title": prov.title if prov else None,
                "catalog": catalog_text(prov.catalog_url, prov.origin)
                if prov
                else None,
                "cbs_modified": prov.cbs_modified[:10]
                if prov and prov.cbs_modified
                else None,
                "fetched_at": prov.fetched_at if prov else None,
                "licence": f"{prov.attribution}; {prov.licence}" if prov else None,
                "definition_url": indicator.definition_url,
            }
        )
    return pd.DataFrame(rows)


SOURCE_HEADERS = {
    "indicator": "Indicator",
    "title": "Titel",
    "definition": "Definitie",
    "unit": "Eenheid",
    "table_id": "Brontabel",
    "table_title": "Titel van de tabel",
    "catalog": "Catalogus",
    "cbs_modified": "Gewijzigd door bron",
    "fetched_at": "Opgehaald",
    "licence": "Bron en licentie",
    "definition_url": "Definitie (webadres)",
}


def to_xlsx(service: Service, frame: pd.DataFrame, lang: str = "nl") -> bytes:
    """Sheet 1 the data (column keys as in the CSV), sheet 2 definitions, sources and
    the licence lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = tidy(frame)
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(list(data.columns))
    for record in data.itertuples(index=False):
        _append(sheet, record)
    value_column = list(data.columns).index("value") + 1
    for (cell,) in sheet.iter_rows(
        min_row=2, min_col=value_column, max_col=value_column
    ):
        cell.number_format = "#,##0.0##"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"

    sources = book.create_sheet(SOURCES_SHEET)
    table = sources_frame(service, data, lang)
    sources.append(list(SOURCE_HEADERS.values()))
    for cell in sources[1]:
        cell.font = Font(bold=True)
    for record in table.itertuples(index=False):
        _append(sources, record)
    sources.append([])
    sources.append(["Licenties"])
    sources[sources.max_row][0].font = Font(bold=True)
    for line in licence_lines(table):
        sources.append([line])
    sources.append([])
    sources.append(["Kolommen van het blad " + DATA_SHEET])
    sources[sources.max_row][0].font = Font(bold=True)
    for key, (nl, en) in COLUMNS.items():
        sources.append([key, en if lang == "en" else nl])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, record) -> None:
    """One row; text is stored as text (openpyxl makes "=..." a live formula)."""
    sheet.append([None if _missing(v) else spreadsheet_cell(v) for v in record])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def licence_lines(table: pd.DataFrame) -> list[str]:
    """The CBS line always; ELAN and the corona dashboard when one of theirs is used."""
    text = " ".join(str(v) for v in table.get("licence", pd.Series(dtype=str)))
    lines = [LICENCES["cbs"]]
    if "ELAN" in text:
        lines.append(LICENCES["elan"])
    if "coronadashboard" in text.lower():
        lines.append(LICENCES["corona"])
    return lines


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)
