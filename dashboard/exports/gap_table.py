"""The Overzicht's gap table as CSV and Excel: exactly the rows the page shows.

Why its own writer: the tidy export (``tables``) holds one value per row; a gap row
holds two periods, two values, two reference values, the gaps and the change. The
rows come from the same view model as the page (``views.overzicht.gap_view``), in
the same order; every text cell goes through ``safe_text.spreadsheet_cell`` (names
come from an editable gebieden file), numbers stay unrounded.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from ..messages import _
from ..services import Service
from ..views.overzicht import EXPORT_COLUMNS, NUMBER_COLUMNS, GapView
from .filenames import export_name
from .safe_text import spreadsheet_cell
from .tables import (
    _append,
    licence_lines,
    sheet_name,
    source_headers,
    sources_frame,
)

DATA_SHEET = sheet_name("kloof")  # "Coronakloof"
# Column key -> heading (the second sheet explains every column): messages
# ``export.kloof_col.<key>``; HEADINGS holds the Dutch ones.


def headings(lang: str = "nl") -> dict[str, str]:
    return {key: _(f"export.kloof_col.{key}", lang) for key in EXPORT_COLUMNS}


HEADINGS = headings("nl")


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[EXPORT_COLUMNS].copy()
    for column in EXPORT_COLUMNS:
        if column in NUMBER_COLUMNS:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
        else:
            out[column] = out[column].map(
                lambda v: spreadsheet_cell(v) if isinstance(v, str) and v else None
            )
    return out


def to_csv(view: GapView) -> bytes:
    """UTF-8 with BOM, comma-separated, full precision, one row per table row."""
    return _safe(view.frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(service: Service, view: GapView, lang: str = "nl") -> bytes:
    """Sheet 1 the rows; sheet 2 the sources, what cannot be answered and why, the
    notes under the table and what each column means."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = _safe(view.frame)
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name("kloof", lang)
    sheet.append(list(data.columns))
    for record in data.itertuples(index=False):
        _append(sheet, record)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"

    info = book.create_sheet(sheet_name("sources", lang))
    bold = Font(bold=True)
    info.append(source_headers(lang))
    for cell in info[1]:
        cell.font = bold
    table = sources_frame(service, pd.DataFrame({"indicator": view.indicators}), lang)
    for record in table.itertuples(index=False):
        _append(info, record)
    for heading, lines in (
        (_("export.licences", lang), licence_lines(table, lang)),
        (_("export.below_table", lang), [*view.sources]),
        (
            _("export.unanswered", lang),
            [f"{g.heading}: {line}" for g in view.reasons for line in g.lines],
        ),
        (_("export.columns_of", lang, sheet=sheet_name("kloof", lang)), None),
    ):
        info.append([])
        info.append([heading])
        info[info.max_row][0].font = bold
        if lines is None:
            for key, label in headings(lang).items():
                _append(info, (key, label))
        else:
            for line in lines:
                _append(info, (line,))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(view: GapView, fmt: str, day: str | None = None) -> str:
    """``overzicht_coronakloof_<domein>_<gebied>_<voor>-<na>_<date>.<fmt>``: the page,
    the view, the filters and the period pair ("2019-2021-2022" for the defaults)."""
    f = view.filters
    pair = f"{f.before}-{f.after}" if f.pair else "2019-2021-2022"
    parts = [
        "overzicht",
        "coronakloof",
        f.domain or "alle-domeinen",
        f.gebied or "alle-gebieden",
        pair,
        day or date.today().isoformat(),
    ]
    return export_name(*parts, ext=fmt)
