"""The English mode: numbers as 1,234.5, dropdown texts, "t/m" and the 404 page in the
chosen language; and the words of key figures reach the PDF path without Dash."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from dash import dcc
from page_helpers import find, page_module, text_of, walk

from dashboard import messages
from dashboard.formatting import format_number, format_value
from dashboard.periods_text import period_range


def test_format_number_in_both_languages():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(1234.5, 1, lang="en") == "1,234.5"
    assert format_number(-0.04, 1, lang="en") == "0.0"  # no sign on nothing
    assert format_number(None, lang="en") == messages.gettext("app.no_data", "en")
    assert format_value(240.1, 1, "x 1 000 euro", lang="en") == "€ 240,100"
    assert format_value(12.34, 1, "%", lang="en") == "12.3%"


def test_a_period_range_says_to_in_english():
    assert period_range("2019JJ00", "2022JJ00") == "2019 t/m 2022"
    assert period_range("2019JJ00", "2022JJ00", "en") == "2019 to 2022"


@pytest.fixture(scope="module")
def data_page(snapshot_app):
    return page_module("data")


def _dropdowns(layout) -> list:
    return [c for c in walk(layout) if isinstance(c, dcc.Dropdown)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_dropdown_speaks_the_page_language(data_page, lang):
    found = _dropdowns(data_page.layout(lang=lang))
    assert len(found) == 3
    for dropdown in found:
        assert dropdown.placeholder == messages.gettext("dropdown.placeholder", lang)
        assert dropdown.labels["no_options_found"] == messages.gettext(
            "dropdown.no_options_found", lang
        )
        assert dropdown.labels["search"] == messages.gettext("dropdown.search", lang)


def test_the_data_table_writes_numbers_the_english_way(data_page, snapshot_service):
    row = snapshot_service.value("inwoners", "NL01")
    decimals = snapshot_service.indicator("inwoners").decimals
    english = f"{row['value']:,.{decimals}f}"  # Python's own 1,234 grouping
    dutch = english.replace(",", ".")
    assert row["value"] >= 1000 and english != dutch
    layout = data_page.layout(
        lang="en", indicator="inwoners", gebied="NL01", periode=row["period"]
    )
    shown = text_of(find(layout, data_page.TABLE_ID))
    assert english in shown and dutch not in shown
    dutch_layout = data_page.layout(
        indicator="inwoners", gebied="NL01", periode=row["period"]
    )
    assert dutch in text_of(find(dutch_layout, data_page.TABLE_ID))


def test_the_404_page_in_english(snapshot_app):
    page = page_module("not_found_404")
    shown = text_of(page.layout(lang="en"))
    assert messages.gettext("not_found.heading", "en") in shown
    assert messages.gettext("nav.overzicht", "en") in shown
    assert messages.gettext("not_found.heading", "nl") not in shown


def test_the_pdf_path_imports_no_dash():
    code = (
        "import sys, dashboard.exports.brief, dashboard.wording\n"
        "print(sorted(m for m in sys.modules if m == 'dash' or m.startswith('dash.')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_the_over_page_headings_and_method_in_english(snapshot_app, snapshot_service):
    page = page_module("over")
    n = len(snapshot_service.registry.gebieden())
    for lang in ("nl", "en"):
        other = "en" if lang == "nl" else "nl"
        shown = text_of(page.layout(lang=lang))
        for key in ("over.title", "over.method", "over.method_counts", "over.licences"):
            assert messages.gettext(key, lang) in shown, (lang, key)
            assert messages.gettext(key, other) not in shown, (lang, key)
        assert messages.gettext("over.sources", lang) in shown
        assert messages.gettext("over.intro", lang, n=n) in shown


# Words that give a page away as Dutch, and as English (the brief's tell-tales)
DUTCH_TELLS = ("Bron", "gemeente", "t/m", "Inwoners", "Kies")
ENGLISH_TELLS = ("Source", "municipality", "Choose", "Inhabitants", "up to")
# a page with a path part is opened on one of its values
PATH_VALUES = {
    "gebied": {"gebied_id": "rotterdam-zuid"},
    "domein": {"domein": "werk-en-inkomen"},
}
# CBS and ELAN table titles are Dutch proper names and stay Dutch on an English page;
# one holds a tell-tale word ("ELAN wijkprofielen Haaglanden: sociaal domein per
# gemeente (Den Haag)", on the Over page's source list). Only those titles are left
# out, and each must be a title the service lists for a loaded source.
DUTCH_TITLES = ("ELAN wijkprofielen Haaglanden: sociaal domein per gemeente",)
PAGES = (
    "corona",
    "data",
    "domein",
    "gebied",
    "not_found_404",
    "over",
    "overzicht",
    "vergelijken",
)


def _words(text: str, tells) -> list[str]:
    return [
        word for word in tells if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    ]


@pytest.mark.parametrize("name", PAGES)
def test_an_english_page_shows_no_dutch_tell_tale_words(
    snapshot_app, snapshot_service, name
):
    page = page_module(name)
    shown = text_of(page.layout(lang="en", **PATH_VALUES.get(name, {})))
    assert len(shown) > 100
    titles = set(snapshot_service.sources()["title"])
    for title in DUTCH_TITLES:
        assert any(t.startswith(title) for t in titles), title  # a source's title
        shown = shown.replace(title, "")
    assert _words(shown, DUTCH_TELLS) == []


@pytest.mark.parametrize("name", PAGES)
def test_a_dutch_page_shows_no_english_tell_tale_words(snapshot_app, name):
    page = page_module(name)
    shown = text_of(page.layout(lang="nl", **PATH_VALUES.get(name, {})))
    assert len(shown) > 100
    assert _words(shown, ENGLISH_TELLS) == []


def _graphs(layout) -> list:
    return [c for c in walk(layout) if isinstance(c, dcc.Graph)]


def _chart_strings(figure) -> list[str]:
    """The numbers a chart writes itself: bar texts, hover texts and custom data."""
    found = []
    for trace in figure.data:
        for name in ("text", "customdata"):
            values = getattr(trace, name, None)
            if values is None or isinstance(values, str):
                continue
            for value in values:
                parts = value if isinstance(value, (list, tuple)) else [value]
                found += [str(p) for p in parts if isinstance(p, str)]
    return found


def test_an_english_chart_writes_thousands_with_a_comma(snapshot_app):
    page = page_module("corona")
    english = _graphs(page.layout(lang="en"))
    dutch = _graphs(page.layout(lang="nl"))
    assert english and dutch
    for graph in english:
        assert graph.figure.layout.separators == ".,"
    for graph in dutch:
        assert graph.figure.layout.separators == ",."
    shown = [s for g in english for s in _chart_strings(g.figure)]
    grouped = [s for s in shown if re.search(r"\d,\d{3}(?!\d)", s)]
    assert grouped, shown[:20]  # e.g. "Amsterdam: 1,234.5" on the map
    assert not [s for s in shown if re.search(r"\d\.\d{3},\d", s)]  # no 1.234,5
    dutch_shown = [s for g in dutch for s in _chart_strings(g.figure)]
    assert [s for s in dutch_shown if re.search(r"\d\.\d{3}(?!\d)", s)]


def test_english_period_labels():
    from dashboard.periods_text import period_label

    assert period_label("2020W106", "en") == "2020 week 6"
    assert period_label("2021MM01", "en") == "January 2021"
    assert period_label("2021MM01") == "2021 januari"
    assert period_label("2021KW01", "en") == "2021 Q1"
    assert period_label("2021-02-06", "en") == "6 February 2021"
    assert period_label("2021JJ00", "en") == "2021"
    assert period_range("2020MM03", "2021MM01", "en") == "March 2020 to January 2021"
    assert period_range("2020MM03", "2021MM01") == "2020 maart t/m 2021 januari"


def test_the_tell_tale_tests_cover_every_registered_page(snapshot_app):
    import dash

    registered = {p["module"].rsplit(".", 1)[-1] for p in dash.page_registry.values()}
    assert registered == set(PAGES)
