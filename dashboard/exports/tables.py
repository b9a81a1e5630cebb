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

from ..areas import shown_names
from ..messages import _
from ..notes import NOTE_COLUMNS, error_note, note_text, status_text
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
    "origin": ("Herkomst", "Origin"),
    "cbs_modified": ("Gewijzigd door bron", "Modified by source"),
    "fetched_at": ("Opgehaald", "Fetched at"),
}
# Text columns of an export (read back as text, missing as empty); value is a float,
# estimate a boolean.
TEXT_COLUMNS = [c for c in COLUMNS if c not in ("value", "estimate")]

# What a chart adds to its file so that its picture can be rebuilt from the file.
# A wijk map: which gebied each wijk belongs to, the weight the aggregation gave it,
# and per gebied one row with the gebied's figure (weighted mean of its wijken with
# these weights; a count: their sum).
MAP_COLUMNS: dict[str, tuple[str, str]] = {
    "in_gebied": ("In gebied", "In area"),
    "weight": ("Gewicht", "Weight"),
    "weight_of": ("Gewicht is", "Weight is"),
    "aggregation": ("Berekening gebied", "Area figure"),
}
# The stapeling heatmap: the score in each cell is (value - nederland) / spread x
# polarity (+1 when higher is worse), capped in colour at +-3.
STAPELING_COLUMNS: dict[str, tuple[str, str]] = {
    "nederland": ("Nederland", "Netherlands"),
    "spread": ("Spreiding (sd)", "Spread (sd)"),
    "polarity": ("Richting", "Polarity"),
    "score": ("Score", "Score"),
}
EXTRA_COLUMNS = {**MAP_COLUMNS, **STAPELING_COLUMNS}
EXTRA_TEXT = ("in_gebied", "weight_of", "aggregation")
AGGREGATIONS = {
    "share": "gewogen gemiddelde van de wijken (gewicht)",
    "mean": "gewogen gemiddelde van de wijken (gewicht)",
    "rate": "gewogen gemiddelde van de wijken (gewicht = noemer)",
    "count": "som van de wijken",
}

# The sheets and the licence lines of an Excel export, in the export's language
# (messages ``export.*``; the Dutch constants are the names a Dutch export has had).


def sheet_name(key: str, lang: str = "nl") -> str:
    """``data``, ``sources`` (and the gap table's ``kloof``): the sheet's name."""
    return _(f"export.sheet.{key}", lang)


def licence_text(key: str, lang: str = "nl") -> str:
    """``cbs``, ``elan``, ``corona``: the licence line of a source."""
    return _(f"export.licence.{key}", lang)


SOURCES_SHEET = sheet_name("sources")  # "Bronnen en definities"
DATA_SHEET = sheet_name("data")  # "Cijfers"
LICENCES = {key: licence_text(key) for key in ("cbs", "elan", "corona")}


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
                problems.append(error_note(exc))
    return found, problems


# The public address of a table per kind of source: what a snapshot is a copy of.
PUBLIC_TABLES = {
    "cbs_v4": "https://datasets.cbs.nl/odata/v1/CBS/{table}",
    "cbs_v3": "https://opendata.cbs.nl/ODataApi/odata/{table}",
}
# Files that carry a CBS publication (SOURCES-geo-gebieden.md of the snapshot).
PUBLICATIONS = {
    "wijken_2022": "https://www.cbs.nl/nl-nl/maatwerk/2024/11/kerncijfers-wijken-en-buurten-2022",
}
LIVE_TABLES = {
    "cbs_v4": "{catalog}/odata/v1/CBS/{table}",
    "cbs_v3": "{catalog}/ODataApi/odata/{table}",
}


def catalog_text(prov) -> str | None:
    """The catalog and table a figure comes from: the address CBS serves it at (a
    live mirror's own address), or the source's own web address (ELAN, corona)."""
    if prov is None:
        return None
    url, kind = prov.catalog_url or "", prov.kind
    if prov.origin == "live" and kind in LIVE_TABLES:
        return LIVE_TABLES[kind].format(catalog=url.rstrip("/"), table=prov.table_id)
    if kind in PUBLIC_TABLES:
        return PUBLIC_TABLES[kind].format(table=prov.table_id)
    if kind == "corona":
        return "https://coronadashboard.rijksoverheid.nl/json/archived"
    if prov.table_id in PUBLICATIONS:
        return PUBLICATIONS[prov.table_id]
    return url if "://" in url else None


def modified_text(prov, lang: str = "nl") -> str | None:
    """The source's modification date, or 'onbekend: <why>' ('unknown: <why>')."""
    if prov is None:
        return None
    if prov.cbs_modified:
        return prov.cbs_modified[:10]
    return _("export.modified_unknown", lang, reason=prov.unknown_modified_reason(lang))


def next_release_text(prov, lang: str = "nl") -> str | None:
    """When a CBS table is expected to appear again (other sources: not stated)."""
    if prov is None or prov.kind not in ("cbs_v3", "cbs_v4"):
        return None
    expectation = prov.next_release()
    # Dutch: the data layer's own sentence, byte for byte (the CLI writes it too)
    return expectation.text if lang == "nl" else release_text(expectation, lang)


def release_text(expectation, lang: str = "nl") -> str:
    """An ``Expectation`` (data_sources.freshness) worded in ``lang`` from its facts;
    in Dutch this is its own ``text`` (tests/test_english_complete.py checks)."""
    if expectation.rhythm is None:
        if expectation.frequency is None:
            return _("freshness.no_frequency", lang)
        return _("freshness.irregular", lang, frequency=expectation.frequency)
    rhythm = _(f"freshness.rhythm.{expectation.frequency}", lang)
    day = expectation.expected
    if day is None:
        return _("freshness.no_date", lang, rhythm=rhythm)
    month = _("period.months", lang).split()[day.month - 1]
    if expectation.weekly:
        when = _("freshness.around_day", lang, day=day.day, month=month, year=day.year)
    else:
        when = _("freshness.around_month", lang, month=month, year=day.year)
    key = "freshness.expected_overdue" if expectation.overdue else "freshness.expected"
    return _(key, lang, when=when, rhythm=rhythm)


def origin_text(prov, lang: str = "nl") -> str | None:
    """Live, or the snapshot copy by its last two path parts (no server paths)."""
    if prov is None:
        return None
    if prov.origin != "snapshot":
        return prov.origin
    url = prov.catalog_url or ""
    if "://" in url:
        return _("export.origin_snapshot", lang)
    path = "/".join(PurePath(url).parts[-2:])
    return _("export.origin_snapshot_of", lang, path=path)


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
    derived = ("level", "title", "unit", "catalog", "origin")
    source = [c for c in COLUMNS if c not in derived]
    if pairs:
        frame = pd.concat(
            [
                series[[*source, "dataset"] if "dataset" in series else source]
                for _, series in pairs
            ],
            ignore_index=True,
        )
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
    catalogs, origins = {}, {}
    for indicator_id, indicator in meta.items():
        prov = service.provenance(indicator.source.dataset)
        catalogs[indicator_id] = catalog_text(prov)
        origins[indicator_id] = origin_text(prov, lang)
    catalog = frame["indicator"].map(catalogs)
    origin = frame["indicator"].map(origins)
    if "dataset" in frame:  # a figure from another source than its indicator's
        by_dataset = {d: service.provenance(d) for d in set(frame["dataset"].dropna())}
        catalog = (
            frame["dataset"]
            .map({d: catalog_text(p) for d, p in by_dataset.items()})
            .where(frame["dataset"].notna(), catalog)
        )
        origin = (
            frame["dataset"]
            .map({d: origin_text(p, lang) for d, p in by_dataset.items()})
            .where(frame["dataset"].notna(), origin)
        )
    frame = frame.assign(
        level=frame["area_id"].map({a: service.area(a).level for a in areas}),
        title=frame["indicator"].map({i: m.title.get(lang) for i, m in meta.items()}),
        unit=frame["indicator"].map({i: m.unit.get(lang) for i, m in meta.items()}),
        catalog=catalog,
        origin=origin,
        decimals=frame["indicator"].map({i: m.decimals for i, m in meta.items()}),
    )
    frame["missing_reason"] = frame["missing_reason"].where(
        frame["missing_reason"].map(lambda v: isinstance(v, str)), None
    )
    # the service's notes in the chosen language (Dutch: the same strings)
    for column in [c for c in NOTE_COLUMNS if c in frame]:
        frame[column] = frame[column].map(
            lambda v: note_text(v, lang) if isinstance(v, str) else v
        )
    if lang != "nl":  # the composite area's name is the dashboard's own
        frame["area_name"] = shown_names(frame, lang, service.registry)
    if lang != "nl" and "status" in frame:
        frame["status"] = frame["status"].map(lambda v: status_text(v, lang))
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


def export_frame(
    service: Service, selection: Selection, kind: str | None = None
) -> pd.DataFrame:
    """The tidy frame of a selection, without display helpers: what a download holds.

    ``kind`` "map" and "stapeling" add what the chart draws beyond the values (see
    MAP_COLUMNS and STAPELING_COLUMNS)."""
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
    out = tidy(frame)
    if kind == "map" and len(out):
        return tidy(with_gebieden(service, out, selection.lang))
    if kind == "stapeling" and len(out):
        return tidy(with_scores(service, out))
    return out


def with_gebieden(service: Service, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A wijk map's rows with their gebied and weight, and one row per gebied on the
    map with its figure, so the gebied's value can be rebuilt from the file."""
    wijken = frame[frame["level"] == "wijk"]
    member = {
        wijk: gebied
        for gebied in service.registry.gebieden()
        for wijk in gebied.wijken
        if wijk in set(wijken["area_id"])
    }
    if not member:
        return frame
    out = frame.assign(
        in_gebied=frame["area_id"].map(lambda a: member[a].id if a in member else None)
    )
    rows = []
    for (indicator_id, period), part in out.groupby(
        ["indicator", "period"], sort=False
    ):
        indicator = service.indicator(indicator_id)
        weights = service.unit_weights(indicator_id, period)
        index = part.index
        if weights is not None:
            out.loc[index, "weight"] = part["area_id"].map(weights)
            out.loc[index, "weight_of"] = _weight_of(service, indicator)
        for gebied in dict.fromkeys(member[a] for a in part["area_id"] if a in member):
            aggregate = export_frame(
                service,
                Selection(
                    [indicator_id],
                    [gebied.id],
                    cells=[(indicator_id, gebied.id, period)],
                    lang=lang,
                ),
            )
            if not len(aggregate):
                continue
            inside = out.loc[index][out.loc[index, "in_gebied"] == gebied.id]
            present = inside["value"].notna()
            if weights is not None:
                present &= inside["area_id"].map(weights).fillna(0) > 0
            aggregate = aggregate.assign(
                in_gebied=gebied.id,
                weight=float(inside.loc[present, "area_id"].map(weights).sum())
                if weights is not None
                else None,
                weight_of=_weight_of(service, indicator)
                if weights is not None
                else None,
                aggregation=AGGREGATIONS.get(indicator.aggregation),
            )
            rows.append(aggregate)
    return pd.concat([out, *rows], ignore_index=True) if rows else out


def _weight_of(service: Service, indicator) -> str:
    """What the weight column holds: the measure behind the base or denominator."""
    ref = indicator.denominator if indicator.aggregation == "rate" else indicator.base
    if ref is None:
        return ""
    measures = service.cache.current("measures", ref.dataset)
    titles = dict(zip(measures["measure"], measures["title"])) if len(measures) else {}
    text = str(titles.get(ref.measure) or ref.measure)
    if indicator.base_is_proxy and indicator.base_note:
        text += f" ({indicator.base_note.nl})"
    return f"{text}; {ref.dataset}"


def with_scores(service: Service, frame: pd.DataFrame) -> pd.DataFrame:
    """The stapeling's rows with Nederland, the spread and the score drawn per cell."""
    scores = service.stapeling()
    if not len(scores):
        return frame
    keys = ["indicator", "area_id", "period"]
    extra = scores[[*keys, "nederland", "spread", "score"]].assign(
        polarity=scores["indicator"]
        .map(lambda i: service.indicator(i).polarity_sign)
        .astype(float)
    )
    return frame.merge(extra, on=keys, how="left")


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The export columns with stable types: text (missing as NaN), float value,
    boolean estimate, so that a CSV reads back (``read_csv``) to the same frame."""
    extras = [c for c in EXTRA_COLUMNS if c in frame.columns]
    out = frame[[*COLUMNS, *extras]].copy()
    for column in extras:
        if column in EXTRA_TEXT:
            out[column] = (
                out[column]
                .map(lambda v: v if isinstance(v, str) and v != "" else None)
                .astype(object)
            )
        else:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
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
    for column in (c for c in [*TEXT_COLUMNS, *EXTRA_TEXT] if c in data.columns):
        data[column] = data[column].map(spreadsheet_cell)
    return data.to_csv(index=False).encode("utf-8-sig")


def read_csv(data: bytes | str | io.IOBase) -> pd.DataFrame:
    """Read an exported CSV back into the frame it was written from."""
    if isinstance(data, bytes):
        data = io.BytesIO(data)
    text = [*TEXT_COLUMNS, *EXTRA_TEXT]
    frame = pd.read_csv(
        data,
        encoding="utf-8-sig",
        dtype={c: "string" for c in text},
        keep_default_na=False,
        na_values={c: [""] for c in [*COLUMNS, *EXTRA_COLUMNS]},
    )
    frame["estimate"] = frame["estimate"].map(
        {True: True, False: False, "True": True, "False": False}
    )
    frame = frame.astype({c: object for c in text if c in frame.columns})
    for column in (c for c in text if c in frame.columns):
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
                # how it differs from a similarly named indicator, in its own cell
                "contrast": indicator.contrast.get(lang)
                if indicator.contrast
                else None,
                "unit": indicator.unit.get(lang),
                "table_id": prov.table_id if prov else None,
                "table_title": prov.title if prov else None,
                "catalog": catalog_text(prov),
                "origin": origin_text(prov, lang),
                "cbs_modified": modified_text(prov, lang),
                "fetched_at": prov.fetched_at if prov else None,
                "next_release": next_release_text(prov, lang),
                "licence": f"{prov.attribution}; {prov.licence}" if prov else None,
                "definition_url": indicator.definition_url,
            }
        )
    return pd.DataFrame(rows)


SOURCE_KEYS = (
    "indicator",
    "title",
    "definition",
    "contrast",
    "unit",
    "table_id",
    "table_title",
    "catalog",
    "origin",
    "cbs_modified",
    "fetched_at",
    "next_release",
    "licence",
    "definition_url",
)


def source_headers(lang: str = "nl") -> list[str]:
    """The headings of the sources sheet, in the order of ``sources_frame``."""
    return [_(f"export.source_col.{key}", lang) for key in SOURCE_KEYS]


# key -> Dutch heading ("next_release": "Volgende publicatie verwacht")
SOURCE_HEADERS = dict(zip(SOURCE_KEYS, source_headers("nl"), strict=True))


def number_format(service: Service, indicator_id) -> str:
    """The Excel number format of an indicator's values: its decimals
    (``Indicator.decimals``), '#,##0' or '#,##0.0'; unknown: up to three."""
    if not _known_indicator(service, indicator_id):
        return "#,##0.0##"
    decimals = service.indicator(indicator_id).decimals
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def to_xlsx(service: Service, frame: pd.DataFrame, lang: str = "nl") -> bytes:
    """Sheet 1 the data (column keys as in the CSV), sheet 2 definitions, sources and
    the licence lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = tidy(frame)
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name("data", lang)
    sheet.append(list(data.columns))
    for record in data.itertuples(index=False):
        _append(sheet, record)
    value_column = list(data.columns).index("value") + 1
    # The value keeps its full precision (an aggregate can be rebuilt from it); the
    # cell shows the indicator's decimals, as the page does ("16%", "47,4%").
    shown = {i: number_format(service, i) for i in dict.fromkeys(data["indicator"])}
    for (cell,), indicator in zip(
        sheet.iter_rows(min_row=2, min_col=value_column, max_col=value_column),
        data["indicator"],
    ):
        cell.number_format = shown[indicator]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"

    sources = book.create_sheet(sheet_name("sources", lang))
    table = sources_frame(service, data, lang)
    sources.append(source_headers(lang))
    for cell in sources[1]:
        cell.font = Font(bold=True)
    for record in table.itertuples(index=False):
        _append(sources, record)
    sources.append([])
    sources.append([_("export.licences", lang)])
    sources[sources.max_row][0].font = Font(bold=True)
    for line in licence_lines(table, lang):
        sources.append([line])
    sources.append([])
    sources.append([_("export.columns_of", lang, sheet=sheet_name("data", lang))])
    sources[sources.max_row][0].font = Font(bold=True)
    shown = {**COLUMNS, **{k: v for k, v in EXTRA_COLUMNS.items() if k in data}}
    for key, (nl, en) in shown.items():
        sources.append([key, en if lang == "en" else nl])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, record) -> None:
    """One row; text is stored as text (openpyxl makes "=..." a live formula)."""
    values = [None if _missing(v) else spreadsheet_cell(v) for v in record]
    sheet.append(values)
    row = sheet._current_row  # sheet[row] would scan every cell of the sheet
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"


def licence_lines(table: pd.DataFrame, lang: str = "nl") -> list[str]:
    """The CBS line always; ELAN and the corona dashboard when one of theirs is used."""
    text = " ".join(str(v) for v in table.get("licence", pd.Series(dtype=str)))
    lines = [licence_text("cbs", lang)]
    if "ELAN" in text:
        lines.append(licence_text("elan", lang))
    if "coronadashboard" in text.lower():
        lines.append(licence_text("corona", lang))
    return lines


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)
