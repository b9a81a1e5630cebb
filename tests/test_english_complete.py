"""Issue #12, the English mode is complete: an English page, and an English export,
shows none of the Dutch words the dashboard writes itself (its provisional marks, its
"unknown" reasons, the snapshot origin, its composite area's name, the next release,
"t/m", the corona waves and the coronakloof sentences), while the Dutch page keeps
them word for word.

What a page shows is read from its layout: the visible text, the options of its
choosers, labels for screen readers and the words inside its charts.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from dash import dcc
from page_helpers import page_module, text_of, walk
from test_english_mode import DUTCH_TITLES, PAGES, PATH_VALUES

from dashboard import messages
from dashboard.areas import ALL_GEBIEDEN

# Dutch words of the dashboard's own making (not of an area's or a table's name).
# "t/m" and "golf" are matched as words; the others as they are written.
TELLS = (
    "onbekend",
    "voorlopig",
    "momentopname",
    "gebieden samen",
    "volgende publicatie",
    "t/m",
    "golf",
    "Het verschil met",
    "Groei van",
    "die datum is voorbij",
    "jaarlijks",
    "niet te voorspellen",
    "procentpunt",
    "zonder",
    "van de inwoners",
    "slechter",
    "t.o.v. NL",
    "inwoners",
)


def _tells(text: str) -> list[str]:
    return sorted(
        {
            word
            for word in TELLS
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
        }
    )


def _figure_strings(figure) -> list[str]:
    """The words a chart writes: titles, axis titles and ticks, annotations, trace
    names, bar, hover and custom (hover template) texts."""
    found: list[str] = []
    if figure is None:
        return found
    data = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure

    def strings(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key in (
                    "text",
                    "name",
                    "title",
                    "ticktext",
                    "hovertext",
                    "customdata",
                ):
                    collect(item)
                elif isinstance(item, (dict, list, tuple)):
                    strings(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                strings(item)

    def collect(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            strings(value)
        elif hasattr(value, "tolist"):
            collect(value.tolist())

    strings(data)
    return found


def shown_strings(layout) -> str:
    """Visible text, chooser options, placeholders, aria-labels and chart words."""
    parts = [text_of(layout)]
    for part in walk(layout):
        if isinstance(part, (str, int, float)):
            continue
        for name in ("placeholder", "title", "aria-label", "alt"):
            value = getattr(part, name, None)
            if isinstance(value, str):
                parts.append(value)
        options = getattr(part, "options", None)
        if isinstance(options, list):
            for option in options:
                label = option.get("label") if isinstance(option, dict) else option
                if isinstance(label, str):
                    parts.append(label)
        if isinstance(part, dcc.Graph):
            parts.extend(_figure_strings(part.figure))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def layouts(snapshot_app):
    """Every page in both languages (the gebied page with its Coronakloof)."""
    return {
        (name, lang): page_module(name).layout(lang=lang, **PATH_VALUES.get(name, {}))
        for name in PAGES
        for lang in ("nl", "en")
    }


def test_the_dutch_pages_hold_the_tell_tale_words(layouts):
    """The check can fail: the words it looks for are on the Dutch pages."""
    dutch = "\n".join(shown_strings(layouts[(n, "nl")]) for n in PAGES)
    assert set(_tells(dutch)) >= {
        "voorlopig",
        "momentopname",
        "gebieden samen",
        "t/m",
        "golf",
        "Het verschil met",
        "Groei van",
        "jaarlijks",
    }


@pytest.mark.parametrize("name", PAGES)
def test_an_english_page_writes_none_of_the_dashboards_dutch_words(
    layouts, snapshot_service, name
):
    shown = shown_strings(layouts[(name, "en")])
    assert len(shown) > 100
    titles = set(snapshot_service.sources()["title"])
    for title in (*DUTCH_TITLES, *titles):  # table titles are Dutch proper names
        shown = shown.replace(title, "")
    for indicator in snapshot_service.catalogue.indicators:  # ids are codes
        shown = shown.replace(f">{indicator.id}<", "><")
    found = _tells(shown)
    assert found == [], [
        shown[max(0, m.start() - 80) : m.end() + 40]
        for word in found
        for m in [re.search(re.escape(word), shown, re.IGNORECASE)]
    ]


def test_the_composite_area_has_an_english_name_and_keeps_its_dutch_one(
    snapshot_service,
):
    from dashboard.areas import area_name

    area = snapshot_service.area(ALL_GEBIEDEN)
    n = len(snapshot_service.registry.gebieden())
    assert area.name == f"De {n} gebieden samen"  # NL, --json and stored frames
    assert area_name(area, "nl") == area.name
    english = area_name(area, "en")
    assert english == messages.gettext("area.all_gebieden", "en", n=n)
    assert str(n) in english and "gebieden" not in english
    rotterdam = snapshot_service.area("rotterdam-zuid")
    assert area_name(rotterdam, "en") == rotterdam.name  # a real name stays
    rest = snapshot_service.area("rest-rotterdam-zuid")
    gemeente = snapshot_service.area(rotterdam.gemeente).name
    assert rest.name == f"{gemeente} zonder {rotterdam.name}"  # as before
    assert area_name(rest, "en") == f"{gemeente} without {rotterdam.name}"
    nederland = snapshot_service.area("NL01")
    assert area_name(nederland) == nederland.name
    assert area_name(nederland, "en") == messages.gettext("area.nederland", "en")


def test_an_english_excel_export_names_its_sheets_and_headers_in_english(
    snapshot_service,
):
    from openpyxl import load_workbook

    from dashboard.exports import tables

    selection = tables.Selection(["inwoners"], ["NL01", ALL_GEBIEDEN], lang="en")
    frame = tables.export_frame(snapshot_service, selection)
    assert len(frame)
    english = load_workbook(io.BytesIO(tables.to_xlsx(snapshot_service, frame, "en")))
    dutch = load_workbook(io.BytesIO(tables.to_xlsx(snapshot_service, frame)))
    assert dutch.sheetnames == [tables.DATA_SHEET, tables.SOURCES_SHEET]
    assert english.sheetnames == [
        messages.gettext("export.sheet.data", "en"),
        messages.gettext("export.sheet.sources", "en"),
    ]
    assert set(english.sheetnames).isdisjoint(dutch.sheetnames)
    cells = [
        str(v)
        for sheet in english.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    titles = set(snapshot_service.sources()["title"])
    ids = {i.id for i in snapshot_service.catalogue.indicators}  # codes, not words
    shown = "\n".join(c for c in cells if c not in titles | ids)
    assert _tells(shown) == []
    assert "Licenties" not in cells and "Licences" in cells
    dutch_cells = [
        str(v)
        for row in dutch[tables.SOURCES_SHEET].iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert "Volgende publicatie verwacht" in dutch_cells and "Licenties" in dutch_cells
    # the figures are the same in both languages
    dutch_frame = tables.export_frame(
        snapshot_service, tables.Selection(["inwoners"], ["NL01", ALL_GEBIEDEN])
    )
    assert frame["value"].equals(dutch_frame["value"])
    assert set(dutch_frame["area_name"]) >= {snapshot_service.area(ALL_GEBIEDEN).name}


TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("frequency", "released"),
    [
        ("Per jaar", "2026-06-23T00:00:00+02:00"),
        ("Perjaar", "2026-02-17"),
        ("Per kwartaal", "2026-10-30"),
        ("Per maand", "2026-06-30"),  # overdue
        ("Per week", "2026-11-20"),  # overdue, by the day
        ("Per week", "2026-11-28"),
        (None, "2026-06-30"),
        ("Onregelmatig", "2026-06-30"),
        ("Per jaar", None),
    ],
)
def test_the_next_release_worded_from_its_facts_is_the_dutch_sentence(
    frequency, released
):
    from dashboard.exports.tables import release_text
    from data_sources.freshness import next_release

    expectation = next_release(frequency, released, TODAY)
    assert release_text(expectation, "nl") == expectation.text
    english = release_text(expectation, "en")
    assert english != expectation.text and _tells(english) == []


def test_the_next_release_in_english():
    from dashboard.exports.tables import release_text
    from data_sources.freshness import next_release

    def en(frequency, released):
        return release_text(next_release(frequency, released, TODAY), "en")

    assert en("Per jaar", "2026-06-23") == "around June 2027, yearly"
    assert en("Per maand", "2026-06-30") == (
        "around July 2026, monthly (that date has passed: there may be newer figures)"
    )
    assert en("Per week", "2026-11-28") == "around 5 December 2026, weekly"
    assert en("Onregelmatig", "2026-06-30") == (
        "cannot be predicted: the source publishes onregelmatig, without a fixed rhythm"
    )
    assert en("Per jaar", None) == "yearly; the source states no publication date"


def test_provenance_words_in_both_languages():
    from dashboard.exports.tables import modified_text, origin_text
    from dashboard.services.provenance import Provenance

    def prov(kind, url):
        return Provenance(
            "d", "t", "T", None, "2026-01-01", "snapshot", "CC", "CBS", url, kind
        )

    # the Dutch words as they were before the catalog held them
    dutch = {
        "cbs_v3": "de kopie mist de tabelinformatie (TableInfos) van CBS met die datum",
        "geo": "het grenzen- en kerncijferbestand noemt geen wijzigingsdatum",
        "local_csv": "de bron noemt geen wijzigingsdatum; de versie staat vast in het "
        "webadres",
        "gebieden": "eigen samenstelling van dit project (gebieden.yaml), geen bron "
        "met datum",
        "cbs_v4": "de bron noemt geen wijzigingsdatum",
    }
    for kind, reason in dutch.items():
        source = prov(kind, "/data/cbs-v4/03759ned")
        assert source.unknown_modified_reason() == reason
        assert modified_text(source) == f"onbekend: {reason}"
        english = modified_text(source, "en")
        assert english.startswith("unknown: ") and _tells(english) == []
    source = prov("cbs_v4", "/srv/data/cbs-v4/03759ned")
    assert origin_text(source) == "momentopname: cbs-v4/03759ned"
    assert origin_text(source, "en") == "snapshot: cbs-v4/03759ned"
    web = prov("geo", "https://www.cbs.nl/x")
    assert (origin_text(web), origin_text(web, "en")) == ("momentopname", "snapshot")


def test_an_english_wave_has_an_english_name_and_span(snapshot_service):
    from dashboard.views.corona import wave_options

    waves = snapshot_service.waves().waves
    assert all(w.label_en for w in waves)  # every wave of the file has one
    measure = "ziekenhuisopnames"
    dutch = wave_options(snapshot_service, measure)
    english = wave_options(snapshot_service, measure, "en")
    assert len(dutch) == len(english) == len(waves)
    first = waves[0]
    span = f"{first.start:%d-%m-%Y} t/m {first.end:%d-%m-%Y}"
    assert dutch[0]["label"] == f"{first.label} ({span})"
    assert english[0]["label"] == (
        f"{first.label_en} ({span.replace(' t/m ', ' to ')})"
    )
    assert _tells("\n".join(o["label"] for o in english)) == []


def test_an_english_gap_table_and_its_export_word_the_same_rows_in_english(
    snapshot_service,
):
    from openpyxl import load_workbook

    from dashboard.exports import gap_table
    from dashboard.url_state import ViewState
    from dashboard.views.overzicht import gap_view, resolve_filters

    filters = resolve_filters(snapshot_service, {}, ViewState())
    english = gap_view(snapshot_service, filters, "en")
    dutch = gap_view(snapshot_service, filters)
    assert len(english.frame) == len(dutch.frame) > 0
    assert list(english.frame["indicator"]) == list(dutch.frame["indicator"])
    assert english.frame["gap_change"].equals(dutch.frame["gap_change"])
    assert any(
        s.startswith(("Het verschil met", "Groei van")) for s in dutch.frame["sentence"]
    )
    sentences = list(english.frame["sentence"])
    assert all(s.startswith(("The gap with", "Growth of")) for s in sentences)
    assert _tells("\n".join(sentences)) == []
    book = load_workbook(io.BytesIO(gap_table.to_xlsx(snapshot_service, english, "en")))
    assert book.sheetnames == [
        messages.gettext("export.sheet.kloof", "en"),
        messages.gettext("export.sheet.sources", "en"),
    ]
    dutch_book = load_workbook(io.BytesIO(gap_table.to_xlsx(snapshot_service, dutch)))
    assert dutch_book.sheetnames == ["Coronakloof", "Bronnen en definities"]
    first = [r[0] for r in book.worksheets[1].iter_rows(values_only=True)]
    assert "Licences" in first and "Cannot be answered" in first


def test_a_notice_about_the_address_is_in_the_page_language(snapshot_app):
    page = page_module("gebied")
    query = {"gebied_id": "rotterdam-zuid", "kloof_voor": "2022", "kloof_na": "2019"}
    query["trend"] = "bestaat-niet"
    english = text_of(page.layout(lang="en", **query))
    dutch = text_of(page.layout(**query))
    assert "trend: onbekende waarde 'bestaat-niet'" in dutch
    assert messages.gettext("gebied.kloof.order", "nl", voor="2022", na="2019") in dutch
    assert "trend: unknown value 'bestaat-niet'" in english
    assert messages.gettext("gebied.kloof.order", "en", voor="2022", na="2019") in (
        english
    )
    assert "onbekende waarde" not in english
