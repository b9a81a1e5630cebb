"""CBS v4 adapter: its requests client fetches from the loopback replay server.

The snapshot ``cbs-v4/<table>`` holds raw datasets.cbs.nl responses; where
index.json has a sliceFilter the observations are that filter's full result.
"""

from __future__ import annotations

import json
import math
import time

import pandas as pd
import pytest
import requests
from cbs_replay import v4_path

from data_sources import cbs_v3, cbs_v4
from data_sources.http import HttpPolicy, describe_error
from data_sources.model import SourceError

# Every table in cbs-v4/ (see cbs-v4/SOURCES.md) with its observation count.
V4_TABLES = {
    "03759ned": 13568,
    "37789ksz": 6470,
    "80590ned": 5586,
    "82242NED": 3084,
    "83625NED": 8195,
    "83932NED": 280,
    "85224NED": 4046,
    "85792NED": 5208,
}
UITKERINGEN = "37789ksz"
OBSERVATIONS = v4_path(UITKERINGEN, "Observations")
BIJSTAND_TITLE = "Totaal bijstandsuitkeringen"
BIJSTAND_V3 = "TotaalBijstandsuitkeringen_11"

# Total bijstand benefits (x 1 000), as published by CBS in 37789ksz. Source:
# /work/shared/data/cbs/SOURCES.md, "Cross-check": the v3 TypedDataSet capture
# (dertje/cbs_datasets) and the v4 capture (Stefan7168/checkdecijfers) agree.
PUBLISHED_BIJSTAND = {
    "2019MM12": 400.5,
    "2020MM04": 412.4,
    "2021MM12": 398.6,
    "2023JJ00": 390.2,
}

FAST = HttpPolicy(timeout_s=5.0, retries=0, backoff_s=0)


def normalise(table, capture, origin="live", **kwargs):
    return cbs_v4.normalise(
        table, table, capture, catalog_url="http://replay", origin=origin, **kwargs
    )


def slice_filter(snapshot_dir, table) -> str | None:
    index = json.loads((snapshot_dir / "cbs-v4" / table / "index.json").read_text())
    return index.get("sliceFilter")


@pytest.fixture(scope="module")
def uitkeringen_snapshot(snapshot_dir):
    capture = cbs_v4.read_folder(snapshot_dir / "cbs-v4" / UITKERINGEN)
    return normalise(UITKERINGEN, capture, origin="snapshot")


def value(observations: pd.DataFrame, measure: str, period: str) -> float:
    row = observations[
        (observations["measure"] == measure) & (observations["period"] == period)
    ]
    assert len(row) == 1, f"{measure} {period}: {len(row)} rows"
    return float(row["value"].iloc[0])


@pytest.mark.parametrize("table", sorted(V4_TABLES))
def test_live_fetch_equals_snapshot_and_pages(cbs_replay, snapshot_dir, table):
    rows = V4_TABLES[table]
    cbs_replay.page_size = max(100, rows // 4)  # a few pages even for big tables
    filters = slice_filter(snapshot_dir, table)

    capture = cbs_v4.fetch(table, cbs_replay.base_url, FAST, filters=filters)
    snapshot = cbs_v4.read_folder(snapshot_dir / "cbs-v4" / table)

    assert len(capture["Observations"]) == rows
    assert capture["Observations"] == snapshot["Observations"]
    assert capture["Codes"] == snapshot["Codes"]
    live = normalise(table, capture)
    offline = normalise(table, snapshot, origin="snapshot")
    pd.testing.assert_frame_equal(live.observations, offline.observations)
    pd.testing.assert_frame_equal(live.measures, offline.measures)
    pd.testing.assert_frame_equal(live.areas, offline.areas)
    assert live.checksum() == offline.checksum()
    assert live.provenance.title == snapshot["Properties"]["Title"]

    # Paging via @odata.nextLink with $skip; the slice filter travels along.
    pages = cbs_replay.requested(v4_path(table, "Observations"))
    assert len(pages) == math.ceil(rows / cbs_replay.page_size) > 1
    for number, target in enumerate(pages[1:], start=1):
        assert target.endswith(f"$skip={number * cbs_replay.page_size}")
        assert (filters is None) or (f"$filter={filters}&" in target)


def test_bijstand_measure_found_by_title(cbs_replay):
    capture = cbs_v4.fetch(UITKERINGEN, cbs_replay.base_url, FAST)
    ids = [
        m["Identifier"] for m in capture["MeasureCodes"] if m["Title"] == BIJSTAND_TITLE
    ]
    assert ids == ["D000203_2"]  # v4 ids differ from the v3 key TotaalBijstand..._11
    loaded = normalise(UITKERINGEN, capture)
    for period, published in PUBLISHED_BIJSTAND.items():
        assert value(loaded.observations, ids[0], period) == pytest.approx(published)
    assert len(cbs_replay.requested(OBSERVATIONS)) == 65  # 6470 rows, 100 a page


def test_bijstand_v4_agrees_with_v3_for_2019_to_2023(cbs_replay, snapshot_dir):
    live = normalise(UITKERINGEN, cbs_v4.fetch(UITKERINGEN, cbs_replay.base_url, FAST))
    v3 = cbs_v3.normalise(
        "uitkeringen",
        UITKERINGEN,
        cbs_v3.read_folder(snapshot_dir / "cbs" / UITKERINGEN),
        catalog_url="http://replay",
        origin="snapshot",
    ).observations

    def series(frame, measure):
        part = frame[
            (frame["measure"] == measure)
            & frame["period"].str[:4].between("2019", "2023")
        ]
        return part.set_index("period")["value"].sort_index()

    v4_series = series(live.observations, "D000203_2")
    v3_series = series(v3, BIJSTAND_V3)
    assert len(v4_series) == 65  # 60 months + 5 years
    pd.testing.assert_series_equal(v4_series, v3_series)


def test_padded_region_codes_are_stripped(cbs_replay, snapshot_dir):
    table = "83625NED"
    cbs_replay.page_size = 2000
    cbs_replay.pad(table, "RegioS", 8)

    capture = cbs_v4.fetch(table, cbs_replay.base_url, FAST)
    raw_regions = {row["RegioS"] for row in capture["Observations"]}
    assert "GM0344  " in raw_regions and "NL01    " in raw_regions
    assert "GM0344  " in {code["Identifier"] for code in capture["Codes"]["RegioS"]}

    loaded = normalise(table, capture)
    areas = set(loaded.observations["area_code"])
    assert {"GM0344", "NL01"} <= areas
    assert not any(code != code.strip() for code in areas)
    utrecht = loaded.areas.set_index("area_code").loc["GM0344"]
    assert (utrecht["name"], utrecht["level"]) == (
        "Utrecht (gemeente)",
        "gemeente",
    )  # CBS title
    offline = normalise(
        table, cbs_v4.read_folder(snapshot_dir / "cbs-v4" / table), origin="snapshot"
    )
    pd.testing.assert_frame_equal(loaded.observations, offline.observations)


def test_impossible_values_are_missing_not_zero(cbs_replay):
    table = "83625NED"
    cbs_replay.page_size = 2000
    capture = cbs_v4.fetch(table, cbs_replay.base_url, FAST)
    obs = normalise(table, capture).observations

    attribute = pd.Series([row["ValueAttribute"] for row in capture["Observations"]])
    impossible = obs[attribute.eq("Impossible").to_numpy()]
    assert len(impossible) == 4023
    assert impossible["value"].isna().all()
    assert not (impossible["value"] == 0).any()
    assert set(impossible["missing_reason"]) == {"kan niet voorkomen (.)"}
    present = obs[attribute.eq("None").to_numpy()]
    assert present["value"].notna().all()
    assert present["missing_reason"].isna().all()


# --- faults ------------------------------------------------------------------


def one_line(message: str) -> str:
    assert "\n" not in message
    return message


def test_http_500_after_retries_exhausted(cbs_replay):
    cbs_replay.fail(OBSERVATIONS, status=500)
    policy = HttpPolicy(timeout_s=5.0, retries=1, backoff_s=0)
    with pytest.raises(requests.HTTPError) as caught:
        cbs_v4.fetch(UITKERINGEN, cbs_replay.base_url, policy)
    message = one_line(describe_error(caught.value))
    assert message == f"HTTP 500 van {cbs_replay.base_url}{OBSERVATIONS}"
    assert len(cbs_replay.requested(OBSERVATIONS)) == 2  # first try + 1 retry


def test_http_404_unknown_table(cbs_replay):
    policy = HttpPolicy(timeout_s=5.0, retries=2, backoff_s=0)
    with pytest.raises(requests.HTTPError) as caught:
        cbs_v4.fetch("00000xyz", cbs_replay.base_url, policy)
    message = one_line(describe_error(caught.value))
    assert (
        message
        == f"HTTP 404 van {cbs_replay.base_url}/odata/v1/CBS/00000xyz/Properties"
    )
    assert len(cbs_replay.requests) == 1  # a 404 is not retried


def test_hang_past_timeout(cbs_replay):
    cbs_replay.hang(OBSERVATIONS, seconds=3)
    policy = HttpPolicy(timeout_s=0.5, retries=1, backoff_s=0)
    started = time.monotonic()
    with pytest.raises(requests.Timeout) as caught:
        cbs_v4.fetch(UITKERINGEN, cbs_replay.base_url, policy)
    assert time.monotonic() - started < 2.5
    assert one_line(describe_error(caught.value)) == (
        "geen antwoord binnen de tijdslimiet"
    )
    assert len(cbs_replay.requested(OBSERVATIONS)) == 2


def test_truncated_json(cbs_replay):
    cbs_replay.truncate(v4_path(UITKERINGEN, "MeasureCodes"))
    policy = HttpPolicy(timeout_s=5.0, retries=2, backoff_s=0)
    with pytest.raises(ValueError) as caught:
        cbs_v4.fetch(UITKERINGEN, cbs_replay.base_url, policy)
    assert one_line(describe_error(caught.value)).startswith("onleesbaar antwoord (")
    assert len(cbs_replay.requested(v4_path(UITKERINGEN, "MeasureCodes"))) == 1


def test_dropped_required_measure(cbs_replay):
    cbs_replay.drop_measure(UITKERINGEN, "D000203_2")
    capture = cbs_v4.fetch(UITKERINGEN, cbs_replay.base_url, FAST)
    assert len(capture["Observations"]) < V4_TABLES[UITKERINGEN]
    assert "D000203_2" not in {row["Measure"] for row in capture["Observations"]}
    with pytest.raises(SourceError) as caught:
        normalise(UITKERINGEN, capture, required_measures=["D000198_2", "D000203_2"])
    assert one_line(str(caught.value)) == (
        f"tabel {UITKERINGEN}: onderwerpen ontbreken: D000203_2"
    )


def test_first_two_requests_fail_then_retries_succeed(cbs_replay, uitkeringen_snapshot):
    cbs_replay.fail(OBSERVATIONS, status=500, times=2)
    policy = HttpPolicy(timeout_s=5.0, retries=3, backoff_s=0)
    capture = cbs_v4.fetch(UITKERINGEN, cbs_replay.base_url, policy)
    assert normalise(UITKERINGEN, capture).checksum() == uitkeringen_snapshot.checksum()
    pages = cbs_replay.requested(OBSERVATIONS)
    assert pages[:3] == [OBSERVATIONS] * 3  # 2 failures, then the first page
    assert len(pages) == 2 + 65
