"""The gebied brief: one A4 page per gebied that an analyst can attach to a note.

What it holds, all from the query service (dashboard/services/) and the figure
functions the pages use: the gebied name and gemeente, the area definition with its
confidence and notes, the key indicators of every domain against the gemeente and
Nederland (a domain without data says so and names the CBS tables that fill it), the
Coronakloof (the gebied page's sentences, from the same view model
``views/kloof.py``), a small map and a trend (PNG from :func:`render_figure`), the sources with
table ids and dates, and the licence line. Dutch number format throughout.

Exactly one page whatever the content: the page is laid out with a shrinking scale
(smaller type, smaller pictures) until everything fits; at the smallest scale what is
left is cut with "…" rather than spilling onto a second page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..areas import gebied_status
from ..formatting import PLAIN_UNITS, format_date, format_number
from ..messages import _
from ..services import QueryError, Service
from ..views import policy
from ..views.gebied import gebied_kloof
from ..views.gebied_profile import (
    ESTIMATE,
    GEMEENTE,
    Card,
    gebied_profile,
    period_text,
)
from ..views.kloof import DEFAULT_PAIR
from ..views.sources import source_lines
from ..wording import (
    difference_text,
    is_missing,
    value_text,
    word,
)
from .charts import Chart, brief_trend_id, map_chart, trend_chart
from .filenames import export_name
from .images import GeoJSONResolver, render_figure
from .safe_text import plain_text

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# The brief is Dutch only (its button says so in English); its words are the
# catalogs' brief.* messages all the same.
LANG = "nl"
LICENCE = _("brief.licence", LANG)
MAX_SOURCES = 14
MAX_GAPS = 8  # sentences of the Coronakloof on the page; the rest are counted
SCALES = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66)
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
IMAGE_PX = (640, 440)  # drawn 93 mm wide: text stays readable
LINTBLAUW = (21, 66, 115)
GREY = (90, 90, 90)


class BriefError(RuntimeError):
    """One clear line on why a brief could not be made."""


@dataclass
class Row:
    title: str
    period: str
    gebied: str
    gemeente: str
    nederland: str
    verschil: str


@dataclass
class DomainBlock:
    title: str
    rows: list[Row] = field(default_factory=list)
    missing: str | None = None  # the text for a domain without data


@dataclass
class Picture:
    png: bytes
    alt: str


@dataclass
class BriefContent:
    area_id: str
    name: str
    gemeente: str
    status: str
    wijken: str
    definition_notes: list[str]
    domains: list[DomainBlock]
    gaps: list[str]  # the Coronakloof: sentences, then the grouped reasons
    pictures: list[Picture]
    picture_notes: list[str]
    sources: list[str]
    made_at: str


# --------------------------------------------------------------------- content


# Units written with the number ('53%', '€ 240.000'); others go once into the title.
SHORT_UNITS = ("%", "aantal", "number", *PLAIN_UNITS)


def _number(value, indicator) -> str:
    """A table cell: '53%', '569.468'; longer units go once into the indicator column."""
    if is_missing(value):
        return "–"
    if indicator.unit.nl in SHORT_UNITS:
        return value_text(value, indicator.decimals, indicator.unit.nl)
    return format_number(value, indicator.decimals)


def _difference(value, indicator) -> str:
    if not policy.compares_with_nl(indicator) or is_missing(value):
        return "–"
    unit = indicator.unit.nl
    if unit in SHORT_UNITS:
        return difference_text(value, indicator.decimals, unit)
    return difference_text(value, indicator.decimals, "aantal")  # sign and number


def _title_with_unit(indicator) -> str:
    unit, title = indicator.unit.nl, indicator.title.nl
    if unit in SHORT_UNITS or unit.lower() in title.lower():
        return title
    return f"{title} ({unit})"


def _row(card: Card) -> Row:
    """A table row as the page's card: a gemeente-level figure goes in the
    gemeente's column with ², never in the gebied's (issue 13)."""
    indicator, row = card.indicator, card.row
    shown = (
        _number(row["value"], indicator)
        if not is_missing(row["value"])
        else (row.get("missing_reason") or "geen gegevens")
    )
    if ESTIMATE in card.marks:
        shown += " " + ESTIMATE
    own = policy.has_gebied_figure(indicator)
    return Row(
        _title_with_unit(indicator),
        period_text(row),
        shown if own else "–",
        _number(row.get("municipality"), indicator) if own else f"{shown} {GEMEENTE}",
        _number(row.get("netherlands"), indicator),
        _difference(row.get("difference_from_nl"), indicator),
    )


def _missing_domain(domain) -> str:
    text = _("brief.missing_domain", LANG)
    if domain.online_tables:  # first: the table ids must survive a cut
        text += f" {word('online')} {', '.join(domain.online_tables)}."
    if domain.note is not None:
        text += f" {domain.note.nl}"
    return text


def _gap_lines(service: Service, area, voor: str, na: str) -> list[str]:
    """The page's Coronakloof: its sentences (at most MAX_GAPS, the rest counted),
    then what cannot be answered, grouped by reason, as on the page."""
    view = gebied_kloof(service, area, voor, na)
    sentences = [item.sentence for item in view.items]
    lines = [_("brief.compared", LANG, voor=view.voor, na=view.na)]
    lines += sentences[:MAX_GAPS]
    if len(sentences) > MAX_GAPS:
        lines.append(_("brief.more_sentences", LANG, n=len(sentences) - MAX_GAPS))
    if not sentences:
        lines.append(_("brief.no_gap", LANG))
    return lines + [group.line for group in view.groups]


def _picture(chart: Chart, geojson, sources: list[str]) -> Picture:
    png = render_figure(
        chart.figure,
        title=chart.title,
        subtitle=chart.subtitle,
        source_lines=sources,
        fmt="png",
        width=IMAGE_PX[0],
        height=IMAGE_PX[1],
        geojson=geojson,
    )
    return Picture(png, f"{chart.kind.capitalize()}: {chart.title}, {chart.subtitle}")


def _pictures_of(service, area, geojson, used: list) -> tuple[list[Picture], list]:
    """The page's map and opening trend as PNG, and notes on what is missing."""
    found, notes = [], []
    chart = map_chart(service, area)
    if isinstance(chart, Chart):
        chart.subtitle += "; " + _("brief.outlined", LANG, area=area.name)
        found.append(_picture(chart, geojson, [_("brief.map_source", LANG)]))
        used.append(chart.indicator)
    else:
        notes.append(chart)
    trend_id = brief_trend_id(service, area)
    if trend_id is None:
        notes.append(_("brief.no_trend", LANG))
        return found, notes
    chart = trend_chart(service, area, trend_id)
    if isinstance(chart, Chart):
        found.append(_picture(chart, geojson, []))
        used.append(chart.indicator)
        notes += [_("brief.trend_note", LANG, note=note) for note in chart.notes]
    else:
        notes.append(chart)
    return found, notes


def brief_content(
    service: Service,
    area_id: str,
    geojson: GeoJSONResolver | None = None,
    *,
    pictures: bool = True,
    kloof: tuple[str, str] = DEFAULT_PAIR,
) -> BriefContent:
    """Everything the brief shows, from the query service (raises on an unknown id)."""
    area = service.registry.areas.get(str(area_id))
    if area is None or area.level != "gebied":
        raise BriefError(
            f"onbekend gebied {str(area_id)[:60]!r}; kies een van: "
            + ", ".join(a.id for a in service.registry.gebieden())
        )
    gemeente = service.registry.areas.get(area.gemeente)
    meta = area.meta or {}
    wijken = ", ".join(
        f"{code} {service.registry.areas[code].name}"
        if code in service.registry.areas
        else code
        for code in area.wijken
    ) or _("brief.no_wijken", LANG)
    notes = [
        f"{label}: {meta[key]}"
        for key, label in (
            ("confidence_reason", _("brief.why", LANG)),
            ("codes_note", _("brief.codes_note", LANG)),
        )
        if meta.get(key)
    ]
    used: list = []
    domains = []
    for profile in gebied_profile(service, area):
        shown = [*profile.own, *profile.gemeente]
        used += [card.indicator for card in shown]
        rows = [_row(card) for card in shown]
        domains.append(
            DomainBlock(
                profile.domain.title.nl,
                rows,
                None if rows else _missing_domain(profile.domain),
            )
        )
    gaps = _gap_lines(service, area, *kloof)
    found: list[Picture] = []
    picture_notes: list[str] = []
    if pictures:
        try:
            found, picture_notes = _pictures_of(service, area, geojson, used)
        except QueryError as exc:
            picture_notes = [str(exc)]
    shown = list({indicator.id: indicator for indicator in used}.values())
    return BriefContent(
        area_id=area.id,
        name=area.name,
        gemeente=gemeente.name if gemeente else str(area.gemeente or ""),
        status=gebied_status(area),
        wijken=wijken,
        definition_notes=notes,
        domains=domains,
        gaps=gaps,
        pictures=found,
        picture_notes=[n for n in picture_notes if n],
        sources=source_lines(service, shown),
        made_at=format_date(datetime.now(timezone.utc).date().isoformat()),
    )


# ---------------------------------------------------------------------- layout


class _Page:
    """An A4 page that never breaks: every write checks the space left first."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_lang("nl")
        self.family = self._fonts()
        self.pdf.add_page()
        self.bottom = PAGE_H - MARGIN
        self.width = PAGE_W - 2 * MARGIN
        self.overflow = False

    def _fonts(self) -> str:
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            self.pdf.add_font("DejaVu", "", str(regular))
            self.pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu"
        return "Helvetica"  # core font: text is reduced to Latin-1 below

    def clean(self, text: str) -> str:
        text = plain_text(text)  # names come from editable files: no markup
        if self.family != "Helvetica":
            return text
        text = text.replace("–", "-").replace("…", "...").replace("≥", ">=")
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False, colour=(27, 27, 27)) -> float:
        self.pdf.set_font(self.family, "B" if bold else "", size * self.scale)
        self.pdf.set_text_color(*colour)
        return size * self.scale * 0.42  # line height in mm

    def space(self, mm: float) -> None:
        self.pdf.set_y(min(self.pdf.get_y() + mm * self.scale, self.bottom))

    def fits(self, height: float) -> bool:
        if self.pdf.get_y() + height > self.bottom + 0.01:
            self.overflow = True
            return False
        return True

    def fit_text(self, text: str, width: float) -> str:
        """Cut ``text`` with … so that it fits ``width`` on one line."""
        text = self.clean(text)
        if self.pdf.get_string_width(text) <= width - 1:
            return text
        while text and self.pdf.get_string_width(text + "…") > width - 1:
            text = text[:-1]
        return self.clean(text.rstrip() + "…")

    def paragraph(
        self,
        text: str,
        size: float = 8,
        bold: bool = False,
        colour=(27, 27, 27),
        lines: int | None = None,
    ) -> bool:
        """Wrapped text; cut with … at ``lines`` lines or at the bottom."""
        line = self.font(size, bold, colour)
        text = self.clean(text)
        limit = lines
        lines = self.pdf.multi_cell(
            self.width, line, text, dry_run=True, output="LINES"
        )
        room = int((self.bottom - self.pdf.get_y() + 0.01) // line)
        if limit is not None and len(lines) > limit and room >= limit:
            lines = lines[:limit]
            lines[-1] = self.fit_text(lines[-1] + " …", self.width)
        if len(lines) > room:
            self.overflow = True
            if room <= 0:
                return False
            lines = lines[:room]
            lines[-1] = self.fit_text(lines[-1] + " …", self.width)
        for part in lines:
            self.pdf.cell(self.width, line, part, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return True

    def heading(self, text: str, size: float = 10) -> bool:
        line = self.font(size, True, LINTBLAUW) + 1.2 * self.scale
        if not self.fits(line + 3.5 * self.scale):  # never a heading without a line
            return False
        self.pdf.cell(
            self.width, line, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        return True


COLUMNS = (  # header, share of the width
    (_("brief.col.indicator", LANG), 0.36),
    (_("brief.col.period", LANG), 0.12),
    (_("brief.col.gebied", LANG), 0.13),
    (_("brief.col.gemeente", LANG), 0.13),
    (_("brief.col.nederland", LANG), 0.12),
    (_("brief.col.difference", LANG), 0.14),
)


def _table(page: _Page, content: BriefContent) -> None:
    widths = [page.width * share for _label, share in COLUMNS]
    line = page.font(7, True) + 0.6 * page.scale
    if not page.fits(line):
        return
    page.pdf.set_fill_color(230, 236, 244)
    for (label, _share), width in zip(COLUMNS, widths):
        page.pdf.cell(width, line, label, fill=True, align="L" if width > 40 else "R")
    page.pdf.ln(line)
    for block in content.domains:
        needed = line * (1 + max(1, len(block.rows)))
        if not page.fits(min(needed, 2 * line)):
            break
        page.font(7.5, True, LINTBLAUW)
        page.pdf.cell(page.width, line, page.clean(block.title), border="B")
        page.pdf.ln(line)
        if block.missing:
            page.paragraph(block.missing, 7, colour=GREY, lines=2)
            continue
        for index, row in enumerate(block.rows):
            left = len(block.rows) - index
            if left > 1 and not page.fits(2 * line):
                page.font(7, False, GREY)
                page.pdf.cell(
                    page.width,
                    line,
                    _("brief.more_indicators", LANG, n=left),
                )
                page.pdf.ln(line)
                break
            if not page.fits(line):
                break
            page.font(7)
            cells = (
                row.title,
                row.period,
                row.gebied,
                row.gemeente,
                row.nederland,
                row.verschil,
            )
            for index, (text, width) in enumerate(zip(cells, widths)):
                page.pdf.cell(
                    width,
                    line,
                    page.fit_text(text, width),
                    align="L" if index == 0 else "R",
                )
            page.pdf.ln(line)
    page.font(6.5, False, GREY)
    legend = _("brief.legend", LANG, estimate=ESTIMATE, gemeente=GEMEENTE)
    page.paragraph(legend, 6.5, colour=GREY)


def _pictures(page: _Page, content: BriefContent) -> None:
    if not content.pictures:
        return
    gap = 4.0
    width = (page.width - gap) / 2 * page.scale
    height = width * IMAGE_PX[1] / IMAGE_PX[0]
    if not page.fits(height):
        return
    top = page.pdf.get_y()
    for index, picture in enumerate(content.pictures[:2]):
        page.pdf.image(
            io.BytesIO(picture.png),
            x=MARGIN + index * (width + gap),
            y=top,
            w=width,
            h=height,
            alt_text=page.clean(picture.alt),
        )
    page.pdf.set_y(top + height + 1)


def _head(page: _Page, content: BriefContent) -> None:
    """Name, definition and the table: they get the space the tail leaves."""
    pdf = page.pdf
    line = page.font(18, True, LINTBLAUW) + 2
    pdf.cell(page.width, line, page.fit_text(content.name, page.width))
    pdf.set_y(pdf.get_y() + line)
    page.paragraph(
        _(
            "brief.byline",
            LANG,
            gemeente=content.gemeente,
            status=content.status,
            date=content.made_at,
        ),
        8.5,
        colour=GREY,
    )
    page.space(1.5)
    if page.heading(_("brief.composition", LANG)):
        page.paragraph(_("brief.wijken", LANG, wijken=content.wijken), 7.5, lines=4)
        for note in content.definition_notes:
            page.paragraph(note, 7, colour=GREY, lines=3)
    page.space(1.5)
    if page.heading(_("brief.key_heading", LANG)):
        _table(page, content)


def _tail(page: _Page, content: BriefContent) -> None:
    """Corona gap, pictures, sources and licence: always on the page (capped)."""
    page.space(1.5)
    if page.heading(_("brief.gap_heading", LANG)):
        for gap in content.gaps:
            page.paragraph(gap, 7, lines=2)
    page.space(1.5)
    if content.pictures and page.heading(_("brief.pictures_heading", LANG)):
        page.space(1)
        _pictures(page, content)
    for note in content.picture_notes[:4]:
        page.paragraph(note, 6.5, colour=GREY, lines=2)
    page.space(1.5)
    if page.heading(_("brief.sources_heading", LANG)):
        for source in content.sources[:MAX_SOURCES]:
            page.paragraph(source, 6.5, colour=GREY, lines=2)
        if len(content.sources) > MAX_SOURCES:
            more = len(content.sources) - MAX_SOURCES
            page.paragraph(_("brief.more_sources", LANG, n=more), 6.5)
        page.paragraph(LICENCE, 6.5, bold=True, colour=GREY)


def _layout(content: BriefContent, scale: float) -> _Page:
    # Measure the tail on a scratch page, then keep the head above it.
    scratch = _Page(scale)
    _tail(scratch, content)
    tail_height = scratch.pdf.get_y() - MARGIN
    page = _Page(scale)
    page.overflow = scratch.overflow
    pdf = page.pdf
    pdf.set_title(plain_text(_("brief.title", LANG, name=content.name)))
    pdf.set_author("Coronadashboard Sociaal Domein")
    pdf.set_subject(
        plain_text(
            _("brief.subject", LANG, name=content.name, gemeente=content.gemeente)
        )
    )
    page.bottom = PAGE_H - MARGIN - tail_height
    _head(page, content)
    page.bottom = PAGE_H - MARGIN
    _tail(page, content)
    return page


def render_brief(content: BriefContent) -> bytes:
    """One A4 page: the largest scale at which everything fits, else the smallest, cut."""
    page = None
    for scale in SCALES:
        page = _layout(content, scale)
        if not page.overflow:
            break
    assert page is not None and page.pdf.page == 1
    return bytes(page.pdf.output())


def gebied_brief(
    service: Service,
    area_id: str,
    geojson: GeoJSONResolver | None = None,
    kloof: tuple[str, str] = DEFAULT_PAIR,
) -> bytes:
    """The PDF brief of one gebied (PNG pictures through kaleido); ``kloof`` is the
    pair of years of the page's Coronakloof."""
    return render_brief(brief_content(service, area_id, geojson, kloof=kloof))


def brief_file_name(area_id: str) -> str:
    return export_name(area_id, "gebiedsprofiel", ext="pdf")
