"""A chart's file holds what the chart shows: the gebied's figure on a wijk map can be
rebuilt from the map's CSV (which wijken, which weights), the heatmap's cell scores
from the heatmap's CSV (value, Nederland, spread, direction), the catalog is CBS's
own address with the snapshot in its own column, and the file name says what the
file holds.

Expected values are computed here from the files and the raw snapshot documents,
with the arithmetic written out; nothing is a constant of this file.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math

import pandas as pd
import pytest
from page_helpers import page_module, walk

from dashboard.exports import tables
from dashboard.exports.filenames import period_part, view_file_name
from dashboard.formatting import format_number

GEBIED = "rotterdam-zuid"


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app


@pytest.fixture(scope="module")
def service(snapshot_service):
    return snapshot_service


def _card_download(layout, card_id: str, fmt: str = "csv"):
    """The file the card's download menu gives (the server callback's body)."""
    from dashboard.components import downloads

    store = next(
        part
        for part in walk(layout)
        if getattr(part, "id", None) == {"type": downloads.SPEC, "card": card_id}
    )
    file, status, _link, _box = downloads.handle({"fmt": fmt}, store.data, card_id)
    assert file is not None and "klaar" in status, status
    return file, store.data


def _read(file) -> object:
    assert file["base64"] is True
    return tables.read_csv(base64.b64decode(file["content"]))


def test_the_gebied_figure_is_rebuilt_from_the_map_csv(app, service):
    page = page_module("gebied")
    layout = page.layout(gebied_id=GEBIED)
    file, spec = _card_download(layout, page.MAP)
    got = _read(file)
    area = service.area(GEBIED)
    wijken = got[got["level"] == "wijk"]
    # every wijk of the map is marked with its gebied, exactly the gebied's wijken
    marked = set(wijken.loc[wijken["in_gebied"] == GEBIED, "area_id"])
    assert marked == set(area.wijken) & set(wijken["area_id"]) and marked
    assert wijken.loc[~wijken["area_id"].isin(area.wijken), "in_gebied"].isna().all()
    (row,) = got[got["area_id"] == GEBIED].to_dict(orient="records")
    indicator = service.indicator(spec["indicators"][0])
    inside = wijken[(wijken["in_gebied"] == GEBIED) & wijken["value"].notna()]
    if indicator.aggregation == "count":
        rebuilt = sum(inside["value"])
    else:  # share, mean and rate: weighted by the column the file gives
        inside = inside[inside["weight"] > 0]
        total = sum(inside["weight"])
        rebuilt = sum(v * w for v, w in zip(inside["value"], inside["weight"])) / total
        assert math.isclose(row["weight"], total)
        assert row["weight_of"] and row["aggregation"]
    assert math.isclose(rebuilt, row["value"], rel_tol=1e-9)
    # and that is the figure the gebied page shows for the period of the map
    shown = service.value(indicator.id, GEBIED, row["period"])["value"]
    assert math.isclose(row["value"], shown, rel_tol=1e-12)
    # the name says indicator, gebied, period, page and view, and date
    period = period_part(row["period"])
    assert file["filename"] == (
        f"{indicator.id}_{GEBIED}_{period}_{page.MAP}_{dt.date.today().isoformat()}.csv"
    )


def test_the_heatmap_scores_are_rebuilt_from_the_heatmap_csv(app, service):
    page = page_module("overzicht")
    layout = page.layout()
    file, _spec = _card_download(layout, page.HEATMAP)
    got = _read(file)
    assert len(got) and got["score"].notna().all()
    graph = next(
        p for p in walk(layout) if getattr(p, "id", None) == f"{page.HEATMAP}-graph"
    )
    trace = graph.figure.data[0]
    cell = {
        (y, x): trace.text[i][j]
        for i, y in enumerate(trace.y)
        for j, x in enumerate(trace.x)
    }
    for row in got.to_dict(orient="records"):
        indicator = service.indicator(row["indicator"])
        sign = -1 if indicator.polarity == "higher_is_better" else 1
        assert row["polarity"] == sign
        score = (row["value"] - row["nederland"]) / row["spread"] * sign
        assert math.isclose(score, row["score"], rel_tol=1e-9, abs_tol=1e-12)
        # the number drawn in the cell is the file's score, rounded to one decimal
        assert cell[(row["area_name"], row["title"])] == format_number(score, 1)


def test_the_catalog_is_the_cbs_table_and_the_snapshot_its_own_column(
    service, snapshot_dir
):
    frame = tables.export_frame(
        service, tables.Selection(["inwoners"], ["GM0599"], ["2022JJ00"])
    )
    (row,) = frame.to_dict(orient="records")
    raw = json.loads(
        (snapshot_dir / "cbs-v4" / "03759ned" / "properties.json").read_text("utf-8")
    )
    # CBS's own address of the table, as its @odata.context names it
    assert row["catalog"] == raw["@odata.context"].split("/$metadata")[0]
    assert row["origin"] == "momentopname: cbs-v4/03759ned"
    assert row["cbs_modified"] == raw["Modified"][:10]


def test_the_sources_sheet_says_when_and_why_not(service):
    frame = tables.export_frame(
        service,
        tables.Selection(["inwoners", "laag-inkomen-wijk"], ["GM0599"], ["2022JJ00"]),
    )
    sheet = tables.sources_frame(service, frame).set_index("indicator")
    assert "jaarlijks" in sheet.loc["inwoners", "next_release"]
    # wijken 2022 come from a file that states no modification date: it says why
    assert sheet.loc["laag-inkomen-wijk", "cbs_modified"].startswith("onbekend: ")
    assert pd.isna(sheet.loc["laag-inkomen-wijk", "next_release"])


@pytest.mark.parametrize(
    ("key", "part"),
    [
        ("2022JJ00", "2022"),
        ("2020MM04", "2020-04"),
        ("2021KW03", "2021-kw3"),
        ("2021W107", "2021-w07"),
    ],
)
def test_a_period_key_becomes_a_readable_name_part(key, part):
    year = key[:4]
    assert period_part(key) == part and part.startswith(year)
    assert period_part(key, key) == part
    assert period_part("2020JJ00", key) == f"2020-tot-{part}"


def test_two_different_views_never_share_a_name():
    day = "2026-12-01"
    names = {
        view_file_name(view, indicator, area, period, day, "csv")
        for view in ("gebied-kaart", "domein-kaart", "gebied-trend")
        for indicator in ("laag-inkomen-wijk", "hoog-inkomen-wijk")
        for area in ("rotterdam-zuid", "rotterdam")
        for period in ("2022", "2020-tot-2022")
    }
    assert len(names) == 3 * 2 * 2 * 2
    assert (
        view_file_name(
            "gebied-kaart", "laag-inkomen-wijk", "Rotterdam Zuid", "2022", day, "csv"
        )
        == "laag-inkomen-wijk_rotterdam-zuid_2022_gebied-kaart_2026-12-01.csv"
    )
