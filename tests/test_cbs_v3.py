"""CBS v3 adapter: the real cbsodata client fetches from the loopback replay server.

The snapshot ``cbs/37789ksz`` holds TypedDataSet (Perioden as titles, e.g.
"2020 april", "2024*") and the Perioden code list; see cbs/SOURCES.md.
"""

from __future__ import annotations

import math
import time

import pandas as pd
import pytest
import requests
from cbs_replay import v3_path

from data_sources import cbs_v3
from data_sources.http import HttpPolicy, describe_error
from data_sources.model import SourceError

TABLE = "37789ksz"
BIJSTAND = "TotaalBijstandsuitkeringen_11"
AOW = "AOWUitkeringen_16"
TYPED = v3_path(TABLE, "TypedDataSet")

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


def normalise(entities, origin="live", **kwargs):
    return cbs_v3.normalise(
        "uitkeringen",
        TABLE,
        entities,
        catalog_url="http://replay",
        origin=origin,
        **kwargs,
    )


@pytest.fixture(scope="module")
def snapshot_entities(snapshot_dir):
    return cbs_v3.read_folder(snapshot_dir / "cbs" / TABLE)


@pytest.fixture(scope="module")
def snapshot_loaded(snapshot_entities):
    return normalise(snapshot_entities, origin="snapshot")


def value(observations: pd.DataFrame, measure: str, period: str) -> float:
    row = observations[
        (observations["measure"] == measure) & (observations["period"] == period)
    ]
    assert len(row) == 1, f"{measure} {period}: {len(row)} rows"
    return float(row["value"].iloc[0])


def test_live_fetch_equals_snapshot_and_pages(
    cbs_replay, snapshot_entities, snapshot_loaded
):
    entities = cbs_v3.fetch(TABLE, cbs_replay.base_url, FAST)

    assert set(entities) == {"TypedDataSet", "Perioden"}
    assert entities["TypedDataSet"] == snapshot_entities["TypedDataSet"]
    assert entities["Perioden"] == snapshot_entities["Perioden"]
    loaded = normalise(entities)
    pd.testing.assert_frame_equal(loaded.observations, snapshot_loaded.observations)
    pd.testing.assert_frame_equal(loaded.measures, snapshot_loaded.measures)
    assert loaded.checksum() == snapshot_loaded.checksum()
    assert len(loaded.observations) == 352 * 18  # 352 rows x 18 topics

    # Paging via odata.nextLink: 352 rows at 100 a page is 4 requests.
    typed = cbs_replay.requested(TYPED)
    rows = len(snapshot_entities["TypedDataSet"])
    assert len(typed) == math.ceil(rows / cbs_replay.page_size) == 4
    assert typed[1:] == [
        f"{TYPED}?$format=json&$skip={skip}" for skip in (100, 200, 300)
    ]
    assert len(cbs_replay.requested(v3_path(TABLE, "Perioden"))) == 4


def test_period_titles_map_to_keys_with_status(cbs_replay):
    loaded = normalise(cbs_v3.fetch(TABLE, cbs_replay.base_url, FAST))
    obs = loaded.observations.drop_duplicates("period").set_index("period")

    assert obs.loc["2020MM04", "frequency"] == "M"  # was "2020 april"
    assert obs.loc["2020MM04", "period_start"].isoformat() == "2020-04-01"
    assert obs.loc["2023JJ00", "frequency"] == "Y"  # was "2023"
    assert obs.loc["2023JJ00", "status"] == "definitief"
    # "2024 november*" and "2024*" are provisional titles, not in Perioden.json as such.
    assert obs.loc["2024MM11", "status"] == "voorlopig"
    assert obs.loc["2024JJ00", "status"] == "voorlopig"
    assert obs.loc["2025MM01", "status"] == "voorlopig"
    assert not obs.index.str.contains(r"[ *]").any()
    assert obs["period_start"].notna().all()


@pytest.mark.parametrize(("period", "published"), sorted(PUBLISHED_BIJSTAND.items()))
def test_published_bijstand_totals(cbs_replay, period, published):
    loaded = normalise(cbs_v3.fetch(TABLE, cbs_replay.base_url, FAST))
    assert value(loaded.observations, BIJSTAND, period) == pytest.approx(published)


def test_select_reduces_columns(cbs_replay, snapshot_loaded):
    select = ["ID", "Perioden", BIJSTAND, AOW]
    entities = cbs_v3.fetch(TABLE, cbs_replay.base_url, FAST, select=select)

    rows = entities["TypedDataSet"]
    assert len(rows) == 352
    assert all(set(row) == set(select) for row in rows)
    typed = cbs_replay.requested(TYPED)
    assert len(typed) == 4  # $select survives the nextLinks
    assert all(f"$select={','.join(select)}" in target for target in typed)

    loaded = normalise(entities)
    assert set(loaded.observations["measure"]) == {BIJSTAND, AOW}
    assert value(loaded.observations, BIJSTAND, "2020MM04") == 412.4
    full = snapshot_loaded.observations
    expected = full[full["measure"].isin([BIJSTAND, AOW])]
    assert loaded.observations["value"].sum() == pytest.approx(expected["value"].sum())


def test_filter_is_sent_to_catalog(cbs_replay):
    entities = cbs_v3.fetch(
        TABLE, cbs_replay.base_url, FAST, filters="Perioden eq '2020 april'"
    )
    assert [row["Perioden"] for row in entities["TypedDataSet"]] == ["2020 april"]
    loaded = normalise(entities)
    assert value(loaded.observations, BIJSTAND, "2020MM04") == 412.4


def test_padded_dimension_codes_are_stripped(cbs_replay, snapshot_loaded):
    # CBS pads codes to a fixed width ("GM0344  "); here the Perioden values and
    # keys, plus a RegioS column as live v3 tables with a region dimension have.
    cbs_replay.pad(TABLE, "Perioden", 16)

    def add_region(kind, table, name, rows):
        return [{**row, "RegioS": "NL01    "} for row in rows]

    cbs_replay.transform(TYPED, add_region)
    entities = cbs_v3.fetch(TABLE, cbs_replay.base_url, FAST)

    typed, perioden = entities["TypedDataSet"], entities["Perioden"]
    assert typed[0]["Perioden"] == "1998 januari    "
    assert typed[0]["RegioS"] == "NL01    "
    assert perioden[0]["Key"] == "1998MM01        "
    loaded = normalise(entities)
    assert set(loaded.observations["area_code"]) == {"NL01"}
    assert value(loaded.observations, BIJSTAND, "2021MM12") == 398.6
    pd.testing.assert_frame_equal(loaded.observations, snapshot_loaded.observations)


# --- faults ------------------------------------------------------------------


def one_line(message: str) -> str:
    assert "\n" not in message
    return message


def test_http_500_after_retries_exhausted(cbs_replay):
    cbs_replay.fail(TYPED, status=500)
    policy = HttpPolicy(timeout_s=5.0, retries=2, backoff_s=0)
    with pytest.raises(requests.HTTPError) as caught:
        cbs_v3.fetch(TABLE, cbs_replay.base_url, policy)
    message = one_line(describe_error(caught.value))
    assert message.startswith("HTTP 500 van http://127.0.0.1:")
    assert f"/{TABLE}/TypedDataSet" in message
    assert len(cbs_replay.requested(TYPED)) == 3  # first try + 2 retries


def test_http_404_is_not_retried(cbs_replay):
    policy = HttpPolicy(timeout_s=5.0, retries=2, backoff_s=0)
    with pytest.raises(requests.HTTPError) as caught:
        cbs_v3.fetch("00000xyz", cbs_replay.base_url, policy)
    message = one_line(describe_error(caught.value))
    assert message.startswith("HTTP 404 van ")
    assert "00000xyz" in message
    assert cbs_replay.requests == ["/ODataFeed/odata/00000xyz/?$format=json"]


def test_hang_past_timeout(cbs_replay):
    cbs_replay.hang(TYPED, seconds=3)
    policy = HttpPolicy(timeout_s=0.5, retries=1, backoff_s=0)
    started = time.monotonic()
    with pytest.raises(requests.Timeout) as caught:
        cbs_v3.fetch(TABLE, cbs_replay.base_url, policy)
    assert time.monotonic() - started < 2.5
    assert one_line(describe_error(caught.value)) == (
        "geen antwoord binnen de tijdslimiet"
    )
    assert len(cbs_replay.requested(TYPED)) == 2  # a timeout is retried


def test_truncated_json(cbs_replay):
    cbs_replay.truncate(TYPED)
    policy = HttpPolicy(timeout_s=5.0, retries=2, backoff_s=0)
    with pytest.raises(ValueError) as caught:
        cbs_v3.fetch(TABLE, cbs_replay.base_url, policy)
    assert one_line(describe_error(caught.value)).startswith("onleesbaar antwoord (")
    assert len(cbs_replay.requested(TYPED)) == 1  # malformed answers are not retried


def test_dropped_required_column(cbs_replay):
    cbs_replay.drop_column(TABLE, BIJSTAND)
    entities = cbs_v3.fetch(TABLE, cbs_replay.base_url, FAST)
    assert BIJSTAND not in entities["TypedDataSet"][0]
    with pytest.raises(SourceError) as caught:
        normalise(entities, required_columns=[BIJSTAND, AOW])
    assert one_line(str(caught.value)) == (
        f"tabel {TABLE}: kolommen ontbreken: {BIJSTAND}"
    )


def test_first_two_requests_fail_then_retries_succeed(cbs_replay, snapshot_loaded):
    cbs_replay.fail(TYPED, status=500, times=2)
    policy = HttpPolicy(timeout_s=5.0, retries=3, backoff_s=0)
    loaded = normalise(cbs_v3.fetch(TABLE, cbs_replay.base_url, policy))
    assert loaded.checksum() == snapshot_loaded.checksum()
    typed = cbs_replay.requested(TYPED)
    assert typed[:3] == [f"{TYPED}?$format=json"] * 3  # 2 failures, then served
    assert len(typed) == 3 + 3  # plus the three further pages
