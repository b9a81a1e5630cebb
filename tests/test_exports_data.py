"""Data exports: CSV and Excel hold the query service's figures, every row; the Data
page downloads exactly its selection; every chart card carries the download menu;
a permalink restores the view and records the data vintage, and a changed or
tampered vintage gives a notice, never an error.

Expected values always come from the query service (``Service.value`` /
``Service.series``) or the catalogue, never from constants in this file.
"""

from __future__ import annotations

import ast
import base64
import io
import math
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
from page_helpers import find_all, page_module, text_of, walk

from dashboard.areas import ALL_GEBIEDEN
from dashboard.exports import tables
from dashboard.formatting import format_value
from dashboard.messages import _
from dashboard.views import data as data_views

REPO = Path(__file__).resolve().parents[1]
CHART_PAGES = ["overzicht", "domein", "gebied", "vergelijken", "corona"]

SELECTION = tables.Selection(
    indicators=["inwoners", "laag-inkomen-wijk", "positieve-testen", "bijstand-dh"],
    areas=["NL01", "GM0599", "GM0518", "GM1992", "rotterdam-zuid", "WK051808"]
    + [ALL_GEBIEDEN],
    periods=["2022JJ00", "2021W101", "2020JJ00", "2026JJ00", "2021JJ00"],
)


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


@pytest.fixture(scope="module")
def frame(service):
    return tables.export_frame(service, SELECTION)


def decoded(download: dict) -> bytes:
    assert download["base64"] is True
    return base64.b64decode(download["content"])


def same(a, b) -> bool:
    missing_a = a is None or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or (isinstance(b, float) and math.isnan(b))
    return missing_a == missing_b and (missing_a or a == b)


def assert_rows_are_service_values(frame: pd.DataFrame, service) -> None:
    assert len(frame)
    for row in frame.to_dict(orient="records"):
        expected = service.value(row["indicator"], row["area_id"], row["period"])
        indicator = service.indicator(row["indicator"])
        # the figure's own source: its indicator's, or the gemeente_source for a
        # gemeente whose source publishes its own gemeente figure
        prov = service.provenance(expected["dataset"])
        assert expected["dataset"] in {
            indicator.source.dataset,
            getattr(indicator.gemeente_source, "dataset", None),
        }
        key = (row["indicator"], row["area_id"], row["period"])
        assert same(row["value"], expected["value"]), key
        assert row["area_name"] == expected["area_name"], key
        assert row["period_label"] == expected["period_label"], key
        assert row["status"] == expected["status"], key
        assert row["estimate"] == bool(expected["estimate"]), key
        assert same(row["coverage"], expected["coverage"] or None), key
        assert same(row["level_note"], expected["level_note"] or None), key
        assert row["table_id"] == expected["table_id"] == prov.table_id, key
        assert row["fetched_at"] == expected["fetched_at"], key
        assert same(row["cbs_modified"], (expected["cbs_modified"] or "")[:10] or None)
        assert row["title"] == indicator.title.nl and row["unit"] == indicator.unit.nl
        assert row["level"] == service.area(row["area_id"]).level
        assert row["catalog"] == tables.catalog_text(prov)
        assert row["origin"] == tables.origin_text(prov), key


# -- the frame, CSV and Excel --------------------------------------------------


def test_export_frame_is_the_service_figure_for_every_chosen_combination(
    frame, service
):
    assert list(frame.columns) == list(tables.COLUMNS)
    assert_rows_are_service_values(frame, service)
    # every (indicator, area, period) the service has in the chosen periods, once
    expected = set()
    for indicator_id in SELECTION.indicators:
        for area_id in SELECTION.areas:
            try:
                series = service.series(indicator_id, area_id)
            except ValueError:
                continue
            chosen = series[series["period"].isin(SELECTION.periods)]
            expected |= {(indicator_id, area_id, p) for p in chosen["period"]}
    got = list(zip(frame["indicator"], frame["area_id"], frame["period"]))
    assert len(got) == len(set(got))
    assert set(got) == expected
    # the choice has missing figures too: they stay missing, with their reason
    assert frame["value"].isna().any() and frame["value"].notna().any()
    assert frame.loc[frame["value"].isna(), "missing_reason"].notna().all()
    # and the ELAN secondary source's catalog is its repository
    elan = frame[frame["indicator"] == "bijstand-dh"]
    assert len(elan) and elan["catalog"].str.startswith("https://github.com/").all()


def test_csv_reads_back_with_pandas_to_the_same_frame(frame):
    data = tables.to_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM (Excel)
    data.decode("utf-8")
    pd.testing.assert_frame_equal(tables.read_csv(data), frame)
    # plain pandas gets the same values and texts as well
    plain = pd.read_csv(io.BytesIO(data))  # pandas skips the BOM itself
    assert list(plain.columns) == list(frame.columns)
    pd.testing.assert_series_equal(plain["value"], frame["value"])
    for column in ("area_id", "indicator", "period", "table_id", "fetched_at"):
        assert plain[column].tolist() == frame[column].tolist()


def test_xlsx_has_the_data_and_the_sources_sheet_with_the_licences(frame, service):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(tables.to_xlsx(service, frame)))
    assert book.sheetnames == [tables.DATA_SHEET, tables.SOURCES_SHEET]
    rows = list(book[tables.DATA_SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == list(tables.COLUMNS)
    sheet = pd.DataFrame(rows[1:], columns=rows[0])
    assert len(sheet) == len(frame)
    pd.testing.assert_series_equal(
        sheet["value"].astype(float), frame["value"], check_names=False
    )
    assert sheet["area_id"].tolist() == frame["area_id"].tolist()
    sources = [
        [c for c in row if c is not None]
        for row in book[tables.SOURCES_SHEET].iter_rows(values_only=True)
    ]
    text = "\n".join(" ".join(map(str, row)) for row in sources)
    assert "Bron: CBS, CC BY 4.0" in text
    assert "ELAN-DCC" in text and "MIT" in text  # bijstand-dh is ELAN's
    assert "Coronadashboard" in text  # positieve-testen
    for indicator_id in dict.fromkeys(frame["indicator"]):
        indicator = service.indicator(indicator_id)
        prov = service.provenance(indicator.source.dataset)
        row = next(r for r in sources if r and r[0] == indicator_id)
        assert indicator.definition.nl in row and indicator.unit.nl in row
        assert prov.table_id in row and prov.fetched_at in row


def test_a_selection_from_a_store_refuses_anything_but_ids():
    for bad in (None, [], {"indicators": "x", "areas": []}, {"indicators": [1]}):
        with pytest.raises(ValueError):
            tables.Selection.from_dict(bad)
    back = tables.Selection.from_dict(SELECTION.to_dict())
    assert back.to_dict() == SELECTION.to_dict()


# -- the Data page --------------------------------------------------------------


def test_data_page_download_holds_every_page_of_the_selection_on_screen(
    app, service, monkeypatch
):
    from test_page_data import records

    page = page_module("data")
    monkeypatch.setattr(data_views, "PAGE_SIZE", 7)  # the screen pages through the rows
    indicators = ["positieve-testen", "inwoners"]
    areas = ["GM0599", "rotterdam-zuid", "NL01"]
    periods = ["2021W101", "2021W102", "2022JJ00"]
    first = page.update(indicators, areas, periods, 1, "nl", page.PERIOD_ID)
    pages = first[8]
    assert pages > 1
    shown = []
    for number in range(1, pages + 1):
        out = page.update(indicators, areas, periods, number, "nl", page.PAGE_ID)
        shown += records(out[3])
    for fmt in ("csv", "xlsx"):
        download = page.download(fmt, indicators, areas, periods, "nl")
        assert download["filename"].endswith(f".{fmt}")
        if fmt == "csv":
            got = tables.read_csv(decoded(download))
        else:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(decoded(download)))
            rows = list(book.worksheets[0].iter_rows(values_only=True))
            got = pd.DataFrame(rows[1:], columns=rows[0])
        keys = list(zip(got["indicator"], got["area_id"], got["period"]))
        assert keys == [(r["Indicator"], r["Gebiedscode"], r["Periode"]) for r in shown]
    csv = page.download("csv", indicators, areas, periods, "nl")
    assert_rows_are_service_values(tables.read_csv(decoded(csv)), service)
    assert page.download("csv", [], areas, periods, "nl") is None


def test_a_gemeente_without_figures_is_listed_not_an_error(app, service):
    """GM0001 (an old gemeente, offered on the Data page) is in no corona table."""
    page = page_module("data")
    areas = ["GM0001", "GM0599"]
    csv = page.download("csv", ["positieve-testen"], areas, ["2021W101"], "nl")
    frame = tables.read_csv(decoded(csv))
    assert set(frame["area_id"]) == {"GM0599"}
    assert service.series("positieve-testen", "GM0001").empty
    out = page.update(["positieve-testen"], areas, ["2021W101"], 1, "nl", None)
    name = service.area("GM0001").name
    assert name not in text_of(out[3])
    assert f"{name}: geen gegevens voor de gekozen perioden" in text_of(out[5])


# -- every chart ------------------------------------------------------------------


def chart_cards(layout) -> list:
    return find_all(
        layout,
        lambda p: "chart-card" in (getattr(p, "className", None) or "").split(),
    )


def menu_of(card):
    from dashboard.components import downloads

    items = {
        part.id["fmt"]: part
        for part in walk(card)
        if isinstance(getattr(part, "id", None), dict)
        and part.id.get("type") == downloads.ITEM
    }
    stores = [
        part
        for part in walk(card)
        if isinstance(getattr(part, "id", None), dict)
        and part.id.get("type") == downloads.SPEC
    ]
    return items, stores


def page_layouts():
    """Default layout of every page with charts, and the Domein content it renders."""
    for name in CHART_PAGES:
        page = page_module(name)
        if name == "domein":
            yield name, page.layout(domein="werk-en-inkomen")
            yield name, page.layout(domein="veiligheid")
        elif name == "gebied":
            yield name, page.layout(gebied_id="den-haag-zuidwest")
            yield name, page.layout(gebied_id="rotterdam-zuid")
        else:
            yield name, page.layout()


@pytest.mark.slow  # many seconds: the full suite runs it, the fast lane not
def test_every_chart_card_on_every_page_has_the_download_menu(app, service):
    from dashboard.components import downloads

    counted = {}
    for name, layout in page_layouts():
        cards = chart_cards(layout)
        counted[name] = counted.get(name, 0) + len(cards)
        for card in cards:
            items, stores = menu_of(card)
            assert list(items) == list(downloads.FORMATS), name
            assert len(stores) == 1, name
            spec = stores[0].data
            assert spec["indicators"] and spec["areas"], (name, spec)
            assert spec["vintage"] and spec["title"], (name, spec)
    assert all(counted[name] for name in CHART_PAGES), counted


def test_the_menu_speaks_english_with_lang_en(app):
    from dashboard.components import downloads

    layout = page_module("corona").layout(lang="en")
    for card in chart_cards(layout):
        items, (store,) = menu_of(card)
        names = [text_of(item) for item in items.values()]
        assert names == [_(f"download.format.{f}", "en") for f in downloads.FORMATS]
        assert names != [_(f"download.format.{f}", "nl") for f in downloads.FORMATS]
        assert store.data["lang"] == "en"
        assert "Permalink of this view" in text_of(card)


def test_every_chart_card_call_in_the_pages_passes_its_export():
    """Also the cards a callback draws later: every call names its data."""
    calls = []
    for path in sorted((REPO / "dashboard" / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "chart_card",
                "_card",
            ):
                calls.append((path.name, node.lineno, node))
    assert calls
    for name, line, node in calls:
        if (
            name in ("domein.py", "vergelijken.py")
            and getattr(node.func, "id", "") == "chart_card"
        ):
            continue  # the pages' _card passes **kwargs through
        assert "export" in {k.arg for k in node.keywords}, f"{name}:{line}"


def test_chart_csv_is_the_service_figures_of_the_chart_as_drawn(app, service):
    from dashboard.components import downloads

    page = page_module("corona")
    layout = page.layout()
    for card in chart_cards(layout):
        _items, (store,) = menu_of(card)
        graph = next(p for p in walk(card) if type(p).__name__ == "Graph")
        card_id = graph.id.removesuffix("-graph")
        file, status, _link, _box = downloads.handle(
            {"fmt": "csv"}, store.data, card_id
        )
        assert f"_{card_id}_" in file["filename"] and "klaar" in status
        got = tables.read_csv(decoded(file))
        assert_rows_are_service_values(got, service)
        figure = graph.figure
        if store.data["kind"] == "map":
            # every gemeente of the map is a row; its hover text shows the value
            trace = figure.data[0]
            indicator = service.indicator(store.data["indicators"][0])
            rows = got.set_index("area_id")
            assert set(trace.locations) == set(rows.index)
            for area_id, text in zip(trace.locations, trace.text):
                value = rows.loc[area_id, "value"]
                shown = (
                    "geen gegevens"
                    if pd.isna(value)
                    else format_value(value, indicator.decimals, indicator.unit.nl)
                )
                assert text == f"{rows.loc[area_id, 'area_name']}: {shown}"
        else:
            # each line is one area's series: the y values of the line are in the file
            names = dict(zip(got["area_name"], got["area_id"]))
            for trace in figure.data:
                if trace.name not in names or trace.y is None:
                    continue
                part = got[got["area_id"] == names[trace.name]]
                ys = [y for y in trace.y if y is not None and not pd.isna(y)]
                assert ys and set(ys) <= set(part["value"].dropna())
        xlsx, *_ = downloads.handle({"fmt": "xlsx"}, store.data, card_id)
        assert decoded(xlsx)[:2] == b"PK"  # a zip: the xlsx container


@pytest.mark.slow  # many seconds: the full suite runs it, the fast lane not
def test_chart_png_and_svg_are_the_figure_as_drawn_with_its_source_line(app):
    """The clientside callback sends the graph's data and layout; the server renders
    them with the card's title and source lines (exports.images.render_figure)."""
    from dashboard.components import downloads

    page = page_module("corona")
    layout = page.layout()
    done = set()
    for card in chart_cards(layout):
        _items, (store,) = menu_of(card)
        graph = next(p for p in walk(card) if type(p).__name__ == "Graph")
        as_drawn = graph.figure.to_plotly_json()
        fmt = "png" if store.data["kind"] == "map" else "svg"
        request = {"fmt": fmt, "figure": as_drawn}
        file, status, _link, _box = downloads.handle(request, store.data, graph.id)
        assert file is not downloads.dash.no_update, status
        data = decoded(file)
        assert file["filename"].endswith(f".{fmt}")
        if fmt == "png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
        else:
            text = data.decode("utf-8")
            assert "<svg" in text
            source = store.data["footer"][0]
            assert source.split(",")[0] in text  # "Bron: ..." burned in
        done.add(fmt)
    assert done == {"png", "svg"}
    # no figure drawn yet: a message, not an error
    file, status, *_ = downloads.handle({"fmt": "png"}, store.data, "x")
    assert file is downloads.dash.no_update and "niet beschikbaar" in status


def test_a_tampered_export_store_gives_a_message_not_an_error(app):
    from dashboard.components import downloads

    for spec in ({"indicators": "x"}, {"indicators": [], "areas": ["NL01"]}):
        file, status, _link, _box = downloads.handle({"fmt": "csv"}, spec, "x")
        assert file is downloads.dash.no_update and status
    name = downloads.file_name("../../etc/passwd", "csv")
    assert "/" not in name and not name.startswith(".") and name.endswith(".csv")


# -- permalink and vintage ---------------------------------------------------------


def corona_card(layout):
    card = chart_cards(layout)[-1]
    _items, (store,) = menu_of(card)
    return store.data


def test_permalink_round_trip_restores_the_view_and_records_the_vintage(app, service):
    from dashboard import vintage
    from dashboard.app_factory import vintage_notice
    from dashboard.components import downloads

    page = page_module("corona")
    query = {"gebied": "GM0363", "maat": "ziekenhuisopnames"}
    layout = page.layout(**query)
    spec = corona_card(layout)
    href = "http://127.0.0.1:8050/corona?gebied=GM0363&maat=ziekenhuisopnames"
    _file, _status, url, box = downloads.handle({"fmt": "link", "href": href}, spec)
    assert box is True  # the dialog with the link and the copy button opens
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    assert parts.path == "/corona" and params["stand"] == spec["vintage"]
    datasets = vintage.datasets_of(service, spec["indicators"])
    assert spec["vintage"] == vintage.token(service, datasets)
    # the vintage names the tables and their fetch date
    for dataset in datasets:
        assert dataset.removeprefix("cbs_") in spec["vintage"]
    fetched = max(service.provenance(d).fetched_at[:10] for d in datasets)
    assert spec["vintage"].startswith(fetched.replace("-", ""))
    restored = page.layout(**params)
    again = corona_card(restored)
    assert {k: again[k] for k in ("indicators", "areas", "periods", "vintage")} == {
        k: spec[k] for k in ("indicators", "areas", "periods", "vintage")
    }
    assert vintage_notice("?" + parts.query) is None
    # a second permalink of the permalink does not pile up vintages
    assert vintage.permalink(url, spec["vintage"]).count("stand=") == 1


def test_a_permalink_of_another_data_vintage_says_the_figures_were_updated(
    app, service
):
    from dashboard import vintage
    from dashboard.app_factory import vintage_notice

    datasets = vintage.datasets_of(service, ["positieve-testen"])
    rows = {r["dataset"]: dict(r) for r in service.cache.sources().to_dict("records")}
    rows[datasets[0]]["checksum"] = "0" * 64  # the data as it was at another time
    for dataset in datasets:
        rows[dataset]["fetched_at"] = "2024-03-05 10:00:00"
    older = vintage.token(service, datasets, rows)
    assert older != vintage.token(service, datasets)
    message = vintage.check(service, older)
    assert "sinds deze link bijgewerkt" in message and "5-3-2024" in message
    alert = vintage_notice(f"?gebied=GM0363&stand={older}")
    assert "sinds deze link bijgewerkt" in str(alert.children)
    english = vintage_notice(f"?stand={older}&lang=en")
    assert "updated since this link" in str(english.children)


@pytest.mark.parametrize(
    "raw",
    [
        "x",
        "20261301-0123abcd-85224NED",  # month 13
        "20260101-0123abcd-bestaat_niet",
        "20260101-XYZ-85224NED",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "2" * 5000,
        "20260101-0123abcd-",
    ],
)
def test_a_tampered_vintage_gives_a_notice_not_an_error(app, raw):
    from urllib.parse import quote

    from dashboard.app_factory import vintage_notice

    alert = vintage_notice(f"?stand={quote(raw)}")
    assert "onleesbaar of onbekend" in str(alert.children)
    assert len(str(alert.children)) < 400
    for path in ("/corona", "/domein/werk-en-inkomen", "/data"):
        response = app.server.test_client().get(f"{path}?stand={quote(raw)}")
        assert response.status_code == 200
        assert b"Traceback" not in response.data


def test_the_gebied_file_lists_a_gemeente_figure_once_under_the_gemeente(service):
    """Den Haag's inhabitants (a gemeente-level figure) stand under GM0518 only: a row
    with the gebied's id and the gemeente's 569.468 would pass for the gebied's own."""
    from dashboard.exports import batch
    from dashboard.views import policy

    area = service.area("den-haag-zuidwest")
    own_ids = [area.id, f"rest-{area.id}"]
    everything = tables.export_frame(service, batch.gebied_selection(service, area))
    frame = batch.gebied_frame(service, area)
    gemeente_level = {
        i
        for i in set(everything["indicator"])
        if not policy.has_gebied_figure(service.indicator(i))
    }
    assert "inwoners" in gemeente_level
    own = frame["area_id"].isin(own_ids)
    assert not (own & frame["indicator"].isin(gemeente_level)).any()
    # only those rows go: the gemeente and NL keep theirs, the gebied its wijk figures
    was_own = everything["area_id"].isin(own_ids)
    pd.testing.assert_frame_equal(
        frame[~own].reset_index(drop=True), everything[~was_own].reset_index(drop=True)
    )
    wijk_rows = everything[was_own & ~everything["indicator"].isin(gemeente_level)]
    assert len(wijk_rows) > 0
    pd.testing.assert_frame_equal(
        frame[own].reset_index(drop=True), wijk_rows.reset_index(drop=True)
    )
    inwoners = frame[
        (frame["area_id"] == area.gemeente) & (frame["indicator"] == "inwoners")
    ]
    assert len(inwoners) > 0
