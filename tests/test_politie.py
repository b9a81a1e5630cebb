"""CBS/Politie 47018NED: the live path (cbsodata against the loopback replay of the
third-party catalog) and the snapshot document give the same observations.

Expected figures are read from the raw snapshot document in the test itself.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cbs_replay import v3_path

from data_sources import politie
from data_sources.http import HttpPolicy
from data_sources.model import SourceError
from data_sources.refresh import Loader, load_registry
from data_sources.settings import load_settings

DATASET = "politie_47018NED"
TYPED = v3_path(politie.TABLE_ID, "TypedDataSet")
FAST = HttpPolicy(timeout_s=10.0, retries=0, backoff_s=0)


@pytest.fixture(scope="module")
def document(snapshot_dir):
    path = snapshot_dir / "politie" / "47018NED" / "data.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def loader(tmp_path, snapshot_dir, cbs_replay):
    config = tmp_path / "config.yaml"
    config.write_text(
        f"""
snapshot_dir: {snapshot_dir}
catalogs:
  cbs_v3_third_party: {cbs_replay.base_url}
http: {{timeout_s: 10, retries: 0, backoff_s: 0}}
""",
        encoding="utf-8",
    )
    return Loader(load_settings(config))


def spec():
    return next(s for s in load_registry() if s.id == DATASET)


def one(observations, offence, area, year) -> pd.Series:
    rows = observations[
        (observations["dims"] == f"SoortMisdrijf={offence}")
        & (observations["area_code"] == area)
        & (observations["period"] == f"{year}JJ00")
    ]
    assert len(rows) == 1, (offence, area, year, len(rows))
    return rows.iloc[0]


def test_live_through_the_third_party_catalog_equals_the_snapshot(
    loader, cbs_replay, document
):
    cbs_replay.page_size = 10_000  # 57,624 rows: still several pages
    live = loader.load(spec(), "live")
    offline = loader.load(spec(), "snapshot")

    pd.testing.assert_frame_equal(live.observations, offline.observations)
    assert live.checksum() == offline.checksum()
    assert live.provenance.origin == "live"
    assert live.provenance.attribution == "Bron: CBS, Politie"
    # The offence keys come from the code list, sent padded as CBS delivers them;
    # regions GM and WK, yearly periods (from datasets.yaml); several pages.
    requested = [r.replace("+", " ") for r in cbs_replay.requested(TYPED)]
    assert len(requested) > 1
    assert "SoortMisdrijf eq '1.1.1   '" in requested[0]
    assert "startswith(WijkenEnBuurten,'WK')" in requested[0]
    assert "substringof('JJ',Perioden)" in requested[0]
    expected_rows = sum(
        len(per_year)
        for per_region in document["counts"].values()
        for per_year in per_region.values()
    )
    assert len(live.observations) == expected_rows


def test_counts_are_the_published_ones_and_provisional_years_are_marked(
    loader, document
):
    # Live equals snapshot (test above), so the snapshot path stands for both.
    observations = loader.load(spec(), "snapshot").observations
    for offence, area, year in [
        ("1.1.1", "GM0599", 2019),  # woninginbraak Rotterdam
        ("1.4.5", "GM0518", 2021),  # mishandeling 's-Gravenhage
        ("3.1.1", "GM0363", 2025),  # drugshandel Amsterdam, provisional
    ]:
        row = one(observations, offence, area, year)
        assert row["value"] == document["counts"][offence][area][str(year)]
        provisional = year in document["provisional"]
        assert row["status"] == ("voorlopig" if provisional else "definitief")
    statuses = observations.groupby("period")["status"].unique()
    for year in document["years"]:
        wanted = "voorlopig" if year in document["provisional"] else "definitief"
        assert list(statuses[f"{year}JJ00"]) == [wanted]


def test_an_offence_type_missing_from_the_code_list_is_a_clear_error(cbs_replay):
    with pytest.raises(SourceError, match="soort misdrijf 9.9.9 niet in SoortMisdrijf"):
        politie.fetch(cbs_replay.base_url, FAST, offences=("1.1.1", "9.9.9"))
    assert not cbs_replay.requested(TYPED)  # nothing fetched on a guess


def test_a_broken_snapshot_document_is_a_source_error(tmp_path):
    (tmp_path / "data.json").write_text('{"offences": []}', encoding="utf-8")
    with pytest.raises(SourceError, match="veld 'years' ontbreekt"):
        politie.read_document(tmp_path)
