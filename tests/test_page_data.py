"""Data page: every row of the table is the service's figure; bad URLs give notices;
the table is capped and paged; the download buttons are enabled (their files are
tested in tests/test_exports_data.py).

The app is built in-process on the session's snapshot cache; ``layout`` and the
callback body ``update`` are called directly, as Dash calls them for
``/data?indicator=...&gebied=...&periode=...``.
"""

from __future__ import annotations

import sys
from urllib.parse import parse_qsl

import dash
import pytest
from page_helpers import find, html_rows, text_of, walk

from dashboard.formatting import format_number
from dashboard.views import data as data_views


def records(component) -> list[dict]:
    """The table inside a component as dicts keyed by its (Dutch) headers."""
    tables = [
        p
        for p in walk(component)
        if type(p).__name__ == "Markdown" and "<table" in str(p.children)
    ]
    if not tables:
        return []
    header, *rows = html_rows(tables[0].children)
    return [dict(zip(header, row)) for row in rows]


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def page(app):
    for registered in dash.page_registry.values():
        if registered["module"].rsplit(".", 1)[-1] == "data":
            return sys.modules[registered["module"]]
    raise LookupError("data page not registered")


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


def assert_rows_are_service_values(rows, service):
    assert rows
    for row in rows:
        expected = service.value(row["Indicator"], row["Gebiedscode"], row["Periode"])
        decimals = service.indicator(row["Indicator"]).decimals
        assert row["Waarde"] == format_number(expected["value"], decimals), row
        assert row["Periodelabel"] == expected["period_label"]
        assert row["Gebied"] == expected["area_name"]
        assert row["Brontabel"] == expected["table_id"]
        assert row["Opgehaald"] == expected["fetched_at"]
        assert row["Niveau-opmerking"] == (expected["level_note"] or "")
        assert row["Schatting"] == ("ja" if expected["estimate"] else "")


def test_url_serves_the_page(app):
    response = app.server.test_client().get("/data?indicator=x&gebied=y&periode=z")
    assert response.status_code == 200


def test_default_table_has_every_column_and_the_service_values(page, service):
    layout = page.layout()
    rows = records(find(layout, page.TABLE_ID))
    assert list(rows[0]) == [names[0] for names in page.COLUMNS.values()]
    for column in (
        "Gebiedscode",
        "Eenheid",
        "Status",
        "Dekking",
        "Gewijzigd door bron",
    ):
        assert column in rows[0]
    assert_rows_are_service_values(rows, service)
    # default periods: the latest of each chosen indicator
    chosen = find(layout, page.PERIOD_ID).value
    for indicator_id in data_views.DEFAULT_INDICATORS:
        series = service.series(indicator_id, "NL01").dropna(subset=["value"])
        assert series["period"].iloc[-1] in chosen
    assert text_of(find(layout, page.COUNT_ID)) == f"{len(rows)} rijen"
    assert not text_of(find(layout, page.NOTICES_ID))


def test_chosen_indicators_areas_and_periods(page, service):
    layout = page.layout(
        indicator="positieve-testen,inwoners",
        gebied="GM0599,rotterdam-zuid,VR17,WK059901",
        periode="2021W101,2022JJ00",
    )
    rows = records(find(layout, page.TABLE_ID))
    keys = {(r["Indicator"], r["Gebiedscode"], r["Periode"]) for r in rows}
    assert ("positieve-testen", "VR17", "2021W101") in keys
    assert ("inwoners", "rotterdam-zuid", "2022JJ00") in keys
    assert not any(
        r["Periode"] == "2022JJ00" for r in rows if "testen" in r["Indicator"]
    )
    assert_rows_are_service_values(rows, service)
    gebied = next(r for r in rows if r["Gebiedscode"] == "rotterdam-zuid")
    assert "cijfer van de gemeente Rotterdam" in gebied["Niveau-opmerking"]
    assert gebied["Niveau"] == "gebied"
    # period choices: the union of the periods of both indicators
    options = {o["value"] for o in find(layout, page.PERIOD_ID).options}
    assert {"2021W101", "2023W112", "2022JJ00", "2026JJ00"} <= options
    # a wijk shows its gemeente's corona figure, and says so
    wijk = next(r for r in rows if r["Gebiedscode"] == "WK059901")
    assert wijk["Niveau"] == "wijk"
    assert "cijfer van de gemeente Rotterdam" in wijk["Niveau-opmerking"]


def test_missing_values_stay_missing_with_their_reason(page, service):
    layout = page.layout(indicator="positieve-testen", gebied="GM0599,NL01")
    options = [o["value"] for o in find(layout, page.PERIOD_ID).options]
    assert "2023W113" not in options  # a week without any figure is not offered
    # ELAN publishes small counts as 0 (Den Haag wijk 02 Belgisch Park, schuldsanering
    # 2022): a row that says so, never 0, beside a wijk that has a figure.
    suppressed = page.update(
        ["schuldsanering-dh"],
        ["WK051802", "WK051834"],
        ["2022JJ00"],
        1,
        "nl",
        page.PERIOD_ID,
    )
    rows = {r["Gebiedscode"]: r for r in records(suppressed[3])}
    assert rows["WK051802"]["Waarde"] == "geen gegevens"
    assert (
        rows["WK051802"]["Reden ontbrekend"]
        == (
            service.series("schuldsanering-dh", "WK051802")
            .set_index("period")
            .loc["2022JJ00", "missing_reason"]
        )
    )
    assert "klein aantal" in rows["WK051802"]["Reden ontbrekend"]
    assert rows["WK051834"]["Waarde"] != "geen gegevens"
    # Voorne aan Zee (formed in 2023) has its predecessors' figure for 2021 week 1.
    out = page.update(
        ["positieve-testen"],
        ["GM1992", "GM0599"],
        ["2021W101"],
        1,
        "nl",
        page.PERIOD_ID,
    )
    voorne = service.value("positieve-testen", "GM1992", "2021W101")["value"]
    week1 = {r["Gebiedscode"]: r for r in records(out[3])}["GM1992"]
    assert voorne is not None and week1["Waarde"] == format_number(voorne, 1)
    rows = {r["Gebiedscode"]: r for r in records(out[3]) if r["Periode"] == "2021W101"}
    expected = service.value("positieve-testen", "GM0599", "2021W101")["value"]
    assert rows["GM0599"]["Waarde"] == format_number(expected, 1)
    assert rows["GM0599"]["Reden ontbrekend"] == ""


@pytest.mark.parametrize(
    "query, names",
    [
        ({"indicator": "bestaat-niet"}, ["indicator"]),
        ({"gebied": "GM9999,NL01"}, ["gebied"]),
        ({"periode": "1999W101"}, ["periode"]),
        ({"pagina": "abc"}, ["pagina"]),
        ({"pagina": "99"}, ["pagina"]),
        ({"indicator": "x" * 500, "gebied": "<b>" * 300}, ["indicator", "gebied"]),
        ({"periode": "2026"}, []),  # a year means its year figure
        ({"lang": "xx"}, []),
    ],
)
def test_invalid_url_values_fall_back_with_a_notice(page, query, names):
    layout = page.layout(**query)
    notice = text_of(find(layout, page.NOTICES_ID))
    for name in names:
        assert f"{name}:" in notice
    if not names:
        assert notice == ""
    assert records(find(layout, page.TABLE_ID))


@pytest.mark.parametrize(
    "pagina, dutch, english",
    [
        ("abc", "pagina: onbekende waarde 'abc'", "pagina: unknown value 'abc'"),
        ("5", "pagina: 5 bestaat niet (1 t/m", "page: 5 does not exist (1 to"),
    ],
)
def test_a_bad_page_number_is_said_in_the_page_language(page, pagina, dutch, english):
    shown = {
        lang: text_of(find(page.layout(pagina=pagina, lang=lang), page.NOTICES_ID))
        for lang in ("nl", "en")
    }
    assert dutch in shown["nl"] and english in shown["en"]
    assert "bestaat niet" not in shown["en"] and "onbekende" not in shown["en"]


def test_too_many_areas_in_the_url_are_cut_with_a_notice(page, service, monkeypatch):
    monkeypatch.setattr(data_views, "MAX_AREAS", 3)
    wijken = [a.id for a in service.registry.by_level("wijk")][
        : data_views.MAX_AREAS + 5
    ]
    layout = page.layout(indicator="inwoners-wijk", gebied=",".join(wijken))
    assert len(find(layout, page.AREA_ID).value) == data_views.MAX_AREAS
    assert f"hooguit {data_views.MAX_AREAS}" in text_of(find(layout, page.NOTICES_ID))
    out = page.update(["inwoners-wijk"], wijken[:5], [], 1, "nl", page.AREA_ID)
    assert out[2] == wijken[:3]
    assert "Hooguit 3 gebieden" in text_of(out[6])


def test_the_table_is_capped_and_paged(page, monkeypatch):
    monkeypatch.setattr(data_views, "MAX_ROWS", 10)
    monkeypatch.setattr(data_views, "PAGE_SIZE", 4)
    query = {"indicator": "positieve-testen", "gebied": "GM0599,GM0363,NL01"}
    periods = "2021W101,2021W102,2021W103,2021W104,2021W105"
    layout = page.layout(**query, periode=periods, pagina="3")
    count = text_of(find(layout, page.COUNT_ID))
    assert "15 rijen (rij 9–10)" in count
    assert "eerste 10 van 15 rijen" in count
    assert len(records(find(layout, page.TABLE_ID))) == 2
    assert find(layout, page.PAGE_ID).max_value == 3
    # the pager moves through the same rows; a new choice starts at page 1
    out = page.update(
        ["positieve-testen"],
        ["GM0599", "GM0363", "NL01"],
        periods.split(","),
        2,
        "nl",
        page.PAGE_ID,
    )
    assert out[7] == 2 and "pagina=2" in out[-1]
    out = page.update(
        ["positieve-testen"],
        ["GM0599", "NL01"],
        periods.split(","),
        2,
        "nl",
        page.AREA_ID,
    )
    assert out[7] == 1 and "pagina" not in out[-1]


def test_download_buttons_are_enabled_and_named(page):
    layout = page.layout()
    for button_id in (page.DOWNLOAD_CSV_ID, page.DOWNLOAD_XLSX_ID):
        assert not getattr(find(layout, button_id), "disabled", False)
    assert text_of(find(layout, page.DOWNLOAD_ID)) == "Download CSV Download Excel"
    assert "volgt" not in text_of(find(layout, page.DOWNLOAD_NOTE_ID))
    assert find(layout, page.DOWNLOAD_FILE_ID) is not None


def test_callback_adds_the_latest_period_of_a_new_indicator(page, service):
    out = page.update(
        ["inwoners", "overleden"],
        ["NL01", "GM0599"],
        ["2022JJ00"],
        1,
        "nl",
        page.INDICATOR_ID,
    )
    options, periods, _areas, table = out[:4]
    latest = service.series("overleden", "NL01").dropna(subset=["value"])
    assert periods == ["2022JJ00", latest["period"].iloc[-1]]
    rows = records(table)
    assert {r["Indicator"] for r in rows} == {"inwoners", "overleden"}
    assert_rows_are_service_values(rows, service)
    search = out[-1]
    assert search.startswith("?indicator=inwoners,overleden&gebied=NL01,GM0599")
    restored = page.layout(**dict(parse_qsl(search[1:])))
    assert records(find(restored, page.TABLE_ID)) == rows


def test_callback_with_nothing_chosen_says_so(page):
    out = page.update([], ["NL01"], [], 1, "nl", page.INDICATOR_ID)
    assert "Kies ten minste één indicator" in text_of(out[3])
    out = page.update(["inwoners"], [], [], 1, "en", page.AREA_ID)
    assert "Choose at least one area" in text_of(out[3])
    out = page.update(["inwoners"], ["nergens"], ["x"], None, None, None)
    assert "Kies ten minste één gebied" in text_of(out[3])


def test_indicators_without_a_figure_for_an_area_are_listed(page):
    layout = page.layout(indicator="bijstandsuitkeringen", gebied="NL01,GM0599")
    rows = records(find(layout, page.TABLE_ID))
    assert {r["Gebiedscode"] for r in rows} == {"NL01"}
    assert "alleen een landelijk cijfer" in text_of(find(layout, page.PROBLEMS_ID))


def test_english_headers(page):
    layout = page.layout(lang="en")
    rows = records(find(layout, page.TABLE_ID))
    assert "Area code" in rows[0] and "Value" in rows[0]
    assert find(layout, page.LANG_ID).data == "en"
