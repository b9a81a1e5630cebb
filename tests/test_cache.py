"""The cache keeps provenance, replaces a dataset atomically and never mixes versions.

Every test runs on SQLite and on PostgreSQL (see fixtures_cache.py).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest

from data_sources import areas, cbs_v4
from data_sources.cache import Cache, CacheError
from data_sources.model import LoadedDataset


@pytest.fixture
def population(snapshot_dir: Path) -> LoadedDataset:
    capture = cbs_v4.read_folder(snapshot_dir / "cbs-v4" / "03759ned")
    return cbs_v4.normalise(
        "cbs_03759ned", "03759ned", capture, catalog_url="snapshot", origin="snapshot"
    )


def scaled(loaded: LoadedDataset, factor: float) -> LoadedDataset:
    """The same dataset with every value multiplied: a 'new release' to swap in."""
    obs = loaded.observations.copy()
    obs["value"] = obs["value"] * factor
    return LoadedDataset(
        loaded.dataset, loaded.provenance, obs, loaded.measures, loaded.areas
    )


def test_write_then_read_returns_the_same_observations_and_provenance(
    cache_url, population
):
    cache = Cache(cache_url)
    result = cache.write(population)
    assert result.version == 1 and not result.unchanged
    back = cache.observations("cbs_03759ned").drop(columns="dataset")
    expected = population.observations
    key = ["measure", "dims", "area_code", "period"]
    back = back.sort_values(key).reset_index(drop=True)
    expected = expected.sort_values(key).reset_index(drop=True)
    assert len(back) == len(expected) == 13568
    pd.testing.assert_series_equal(back["value"], expected["value"], check_names=False)
    assert (
        back["period_start"].astype(str) == expected["period_start"].astype(str)
    ).all()
    assert (
        back["missing_reason"].notna().sum() == expected["missing_reason"].notna().sum()
    )
    source = cache.sources().iloc[0]
    assert source["table_id"] == "03759ned"
    assert source["cbs_modified"].startswith("2026-06-23")
    assert source["periods_from"] == "2019JJ00" and source["periods_to"] == "2026JJ00"
    assert source["row_count"] == population.row_count
    assert source["checksum"] == population.checksum()
    assert source["fetched_at"] is not None
    # Published: population of Utrecht (GM0344) on 1 January 2020: 357,597.
    utrecht = cache.observations("cbs_03759ned", "M000352", "GM0344", "2020JJ00")
    assert utrecht["value"].tolist() == [357597.0]


def test_a_new_version_replaces_the_old_one_completely(cache_url, population):
    cache = Cache(cache_url)
    cache.write(population)
    result = cache.write(scaled(population, 2))
    assert result.version == 2
    values = cache.observations("cbs_03759ned", "M000352", "GM0344", "2020JJ00")
    assert values["value"].tolist() == [2 * 357597.0]
    assert len(cache.observations("cbs_03759ned")) == 13568  # no rows of version 1 left
    assert cache.versions() == {"cbs_03759ned": 2}


def test_rewriting_identical_data_is_reported_unchanged(cache_url, population):
    cache = Cache(cache_url)
    cache.write(population)
    assert cache.write(population).unchanged


def test_a_failed_write_leaves_the_previous_version_intact(cache_url, population):
    cache = Cache(cache_url)
    cache.write(population)
    before = cache.sources().iloc[0]["checksum"]
    broken = scaled(population, 3)
    broken.observations.loc[0, "measure"] = None  # violates NOT NULL mid-insert
    with pytest.raises(CacheError):
        cache.write(broken)
    assert cache.sources().iloc[0]["checksum"] == before
    assert cache.versions() == {"cbs_03759ned": 1}
    values = cache.observations("cbs_03759ned", "M000352", "GM0344", "2020JJ00")
    assert values["value"].tolist() == [357597.0]


def test_readers_during_a_refresh_see_one_version_never_a_mix(cache_url, population):
    cache = Cache(cache_url)
    cache.write(population)
    reader = Cache(cache_url, create=False)
    totals = {
        population.observations["value"].sum(),
        2 * population.observations["value"].sum(),
    }
    seen, stop = [], threading.Event()

    def read_continuously():
        while not stop.is_set():
            seen.append(reader.observations("cbs_03759ned")["value"].sum())

    thread = threading.Thread(target=read_continuously)
    thread.start()
    try:
        cache.write(scaled(population, 2))
    finally:
        stop.set()
        thread.join(timeout=60)
    assert seen, "the reader must have read at least once"
    for total in seen:
        assert any(abs(total - t) < 1e-6 * t for t in totals), f"mixed read: {total}"


def test_observed_series_lists_each_current_series_once_and_no_staged_one(
    cache_url, population
):
    cache = Cache(cache_url)
    cache.write(population)
    expected = set(
        population.observations[["measure", "dims"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    )
    observed = cache.observed_series()
    assert list(observed.columns) == ["dataset", "measure", "dims"]
    assert not observed.duplicated().any()
    assert set(observed["dataset"]) == {"cbs_03759ned"}
    assert set(zip(observed["measure"], observed["dims"])) == expected
    # A staged next version with another measure stays invisible until it lands.
    renamed = population.observations.copy()
    renamed["measure"] = "M_NEXT"
    staged = cache.stage(
        LoadedDataset(
            population.dataset,
            population.provenance,
            renamed,
            population.measures,
            population.areas,
        )
    )
    assert set(cache.observed_series()["measure"]) == {m for m, _ in expected}
    cache.land([staged])
    assert set(cache.observed_series()["measure"]) == {"M_NEXT"}


def test_areas_members_and_geometry_round_trip(cache_url, snapshot_dir):
    cache = Cache(cache_url)
    definition = areas.read_gebieden()
    cache.write(areas.gebieden_dataset(definition, areas.GEBIEDEN_FILE))
    members = cache.current("members", "gebieden", area_code="utrecht-overvecht")
    assert members[["member_code", "role"]].values.tolist() == [["WK034403", "core"]]
    wijken = areas.wijk_boundaries(
        snapshot_dir / "geo" / "wijk_2022.geojson",
        2022,
        "wijken_2022",
        areas.WIJK_2022_ATTRIBUTES,
    )
    cache.write(wijken)
    geometry = cache.current("geometries", "wijken_2022", area_code="WK034403")
    assert geometry.iloc[0]["geojson"].startswith('{"type":"Polygon"')
    found = cache.current("areas", "wijken_2022", area_code="WK034403").iloc[0]
    assert (found["name"], found["parent_code"], found["boundary_year"]) == (
        "Wijk 03 Overvecht",
        "GM0344",
        2022,
    )


def test_a_corrupted_sqlite_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError, match="beschadigd"):
        Cache(f"sqlite:///{path}")


def test_an_unreachable_postgres_gives_a_clear_error():
    with pytest.raises(CacheError, match="niet bereikbaar"):
        Cache("postgresql+psycopg://nobody@127.0.0.1:1/none")


LONG_REASON = (
    "te weinig dekking voor een cijfer van het hele gebied: 215 van 342 gemeenten, "
    "79,9% van de inwoners (drempel 80% van de inwoners)"
)


def with_a_long_reason(loaded: LoadedDataset) -> LoadedDataset:
    obs = loaded.observations.copy()
    first = obs.index[0]
    obs.loc[first, "value"] = float("nan")
    obs.loc[first, "missing_reason"] = LONG_REASON
    return LoadedDataset(
        loaded.dataset, loaded.provenance, obs, loaded.measures, loaded.areas
    )


def test_a_missing_reason_of_any_length_is_stored_whole(cache_url, population):
    """Reasons name coverage, dates and areas; PostgreSQL enforces VARCHAR lengths."""
    assert len(LONG_REASON) > 64
    cache = Cache(cache_url)
    cache.write(with_a_long_reason(population))
    reasons = cache.observations("cbs_03759ned")["missing_reason"]
    assert (reasons == LONG_REASON).sum() == 1


def test_an_old_cache_with_short_reasons_is_widened(cache_url, population):
    """A cache made when missing_reason was VARCHAR(64) takes long reasons after start."""
    from sqlalchemy import text as sql_text

    cache = Cache(cache_url)
    if cache.engine.dialect.name == "postgresql":
        with cache.engine.begin() as conn:
            conn.execute(
                sql_text(
                    "ALTER TABLE observations ALTER COLUMN missing_reason "
                    "TYPE VARCHAR(64)"
                )
            )
    cache.engine.dispose()
    reopened = Cache(cache_url)
    reopened.write(with_a_long_reason(population))
    reasons = reopened.observations("cbs_03759ned")["missing_reason"]
    assert (reasons == LONG_REASON).sum() == 1


AWKWARD_TEXTS = [
    "",
    None,
    "a,b",
    'een "citaat"',
    "regel\neen",
    "tab\there",
    "’s-Hertogenbosch",
]


def awkward(loaded: LoadedDataset, texts: list) -> LoadedDataset:
    """Texts a CSV writer must quote or tell apart ("" from None) in free columns,
    and whole numbers held as floats (an integer column with a gap)."""
    obs = loaded.observations.head(len(texts)).copy()
    obs["missing_reason"] = texts
    obs["dims"] = ""
    found = loaded.areas.head(len(texts)).copy()
    found["name"] = texts
    found["boundary_year"] = [2022.0, None] + [2023.0] * (len(texts) - 2)
    return LoadedDataset(
        loaded.dataset, loaded.provenance, obs, loaded.measures.head(2), found
    )


def listed(column: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in column]


@pytest.mark.parametrize(
    "texts",
    [AWKWARD_TEXTS, [*AWKWARD_TEXTS, "\\N", "\\."]],
    ids=["csv", "backslashes"],
)
def test_awkward_texts_come_back_exactly_as_written(cache_url, population, texts):
    """PostgreSQL stages by COPY from CSV: quoting, "" against NULL, and the
    backslash texts (``\\N`` is CSV's null here) must not change a value."""
    cache = Cache(cache_url)
    written = awkward(population, texts)
    cache.write(written)
    key = ["measure", "area_code", "period"]
    back = cache.observations(written.dataset).sort_values(key)
    expected = written.observations.sort_values(key)
    assert listed(back["missing_reason"]) == listed(expected["missing_reason"])
    assert back["dims"].tolist() == [""] * len(texts)
    found = cache.current("areas", written.dataset).set_index("area_code")
    wanted = written.areas.set_index("area_code")
    assert listed(found.loc[wanted.index, "name"]) == texts
    years = found.loc[wanted.index, "boundary_year"].tolist()
    assert (
        years[0] == 2022
        and pd.isna(years[1])
        and years[2:] == [2023] * (len(texts) - 2)
    )


def test_a_long_precomputed_subject_is_stored_whole(cache_url, population):
    """The coronakloof table's subject names every gebied (275 characters):
    PostgreSQL refused the whole precomputed set when the column was VARCHAR(255),
    also in a cache made before the column was widened."""
    from sqlalchemy import text as sql_text

    from data_sources.cache import precompute_generation

    cache = Cache(cache_url)
    cache.write(population)
    if cache.engine.dialect.name == "postgresql":
        with cache.engine.begin() as conn:
            conn.execute(
                sql_text(
                    "ALTER TABLE precomputed ALTER COLUMN subject TYPE VARCHAR(255)"
                )
            )
    cache.engine.dispose()
    reopened = Cache(cache_url)
    subject = ",".join(f"gebied-{n:02d}-met-een-lange-naam" for n in range(12))
    assert len(subject) > 255
    versions = reopened.versions()
    assert reopened.store_precomputed(versions, [("kloof_tabel", subject, "[]")]) == 1
    generation = precompute_generation(versions)
    assert reopened.precomputed(generation, "kloof_tabel", subject) == "[]"
