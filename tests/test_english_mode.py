"""The English mode: numbers as 1,234.5, dropdown texts, "t/m" and the 404 page in the
chosen language; and the words of key figures reach the PDF path without Dash."""

from __future__ import annotations

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
