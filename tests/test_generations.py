"""A refresh lands as one generation: readers see the old or the new cache, never a mix.

Issue 15, point 7: a full refresh landed table by table, so a reader between two
tables combined datasets of two generations, and the veiligheidsregio names read
"Veiligheidsregio nan" after a partial refresh. Here concurrent readers compute a
view from several datasets while a refresh runs, and every answer must equal the
quiet old or the quiet new answer.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from cbs_replay import v4_path
from fixtures_app import snapshot_settings
from test_faults import doubled

from dashboard import services
from dashboard.areas import AreaRegistry
from data_sources.cache import Cache
from data_sources.refresh import refresh

READERS = 4
DEADLINE_S = 120
# Two tables of two indicators in one view: a mix shows as one doubled, one not.
NEW_RELEASE = ["cbs_03759ned", "cbs_83625NED"]


def copy_cache(source: Cache, folder) -> str:
    """A private copy of the session's snapshot cache (SQLite backup: WAL included)."""
    target = folder / "copy.sqlite"
    with sqlite3.connect(source.url.split("///", 1)[1]) as src:
        with sqlite3.connect(target) as dst:
            src.backup(dst)
    return f"sqlite:///{target}"


def region_names(cache: Cache) -> dict[str, str]:
    registry = AreaRegistry(cache)
    return {a.id: a.name for a in registry.by_level("veiligheidsregio")}


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_veiligheidsregio_names_survive_a_refresh_of_the_corona_files(
    tmp_path, snapshot_cache
):
    url = copy_cache(snapshot_cache.cache, tmp_path)
    settings = snapshot_settings(tmp_path, snapshot_cache.settings.snapshot_dir, url)
    cache = Cache(url)
    before = region_names(cache)
    assert len(before) == 25
    report = refresh(cache, settings, "snapshot", only=["corona_gemeenten"])
    assert report.ok, report.outcomes
    after = region_names(cache)
    assert after == before
    assert not [n for n in after.values() if "nan" in n.lower()], after
    # named from the boundaries file, whose region list has names
    rows = cache.current("areas", "gemeenten_2023", level="veiligheidsregio")
    named = dict(zip(rows["area_code"], rows["name"]))
    assert after == {code: f"Veiligheidsregio {named[code]}" for code in after}


@pytest.fixture
def serving(tmp_path, snapshot_cache, cbs_replay, monkeypatch):
    """A copy of the snapshot cache, its settings with v4 on the replay, a service."""
    url = copy_cache(snapshot_cache.cache, tmp_path)
    settings = snapshot_settings(tmp_path, snapshot_cache.settings.snapshot_dir, url)
    settings.catalogs.cbs_v4 = cbs_replay.base_url
    # The readers keep the GIL busy while the refresh pages through the replay: the
    # test configs' 2 s per request timed out once in a loaded shuffled full run.
    settings.http.timeout_s = 30
    monkeypatch.setattr(services.memo, "VERSION_CHECK_S", 0.0)  # notice every commit
    return settings, Cache(url), services.Service(Cache(url, create=False))


def view(service: services.Service) -> tuple:
    """What one page answer combines: figures of two tables and the area names."""
    inwoners = service.comparison("inwoners", "GM0344")
    prijs = service.comparison("verkoopprijs", "GM0344")
    regions = tuple(a.name for a in service.registry.by_level("veiligheidsregio"))
    return (
        inwoners["value"],
        inwoners["netherlands"],
        prijs["value"],
        prijs["period"],
        hash(regions),
    )


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_concurrent_readers_see_the_old_or_the_new_generation_never_a_mix(
    serving, cbs_replay
):
    settings, cache, service = serving
    old = service.pinned(lambda: view(service))
    for table in NEW_RELEASE:
        table_id = table.removeprefix("cbs_")
        cbs_replay.transform(v4_path(table_id, "Observations"), doubled)
    cbs_replay.delay("/", 0.02)  # a slow catalog: a long time between two tables
    seen: list[tuple] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_reading():
        while not stop.is_set():
            try:
                seen.append(service.pinned(lambda: view(service)))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return

    readers = [threading.Thread(target=keep_reading) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    try:
        report = refresh(cache, settings, "live", only=NEW_RELEASE)
        deadline = time.monotonic() + DEADLINE_S  # let the readers see the new data
        while time.monotonic() < deadline and not (seen and seen[-1] != old):
            time.sleep(0.05)
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=DEADLINE_S)
    assert not errors, errors[0]
    assert report.ok, report.outcomes
    quiet = services.Service(Cache(settings.sqlalchemy_url, create=False))
    new = quiet.pinned(lambda: view(quiet))
    assert new[0] == 2 * old[0] and new[1] == 2 * old[1] and new[2] == 2 * old[2]
    assert new[3:] == old[3:]
    assert old in seen and new in seen, "the readers saw both generations"
    mixed = set(seen) - {old, new}
    assert not mixed, f"{len(mixed)} mixed answers, e.g. {next(iter(mixed))}"


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_a_refresh_switches_the_readers_generation_once(serving, cbs_replay):
    """Point 12: one memo drop per refresh (it was one per landed table)."""
    settings, cache, service = serving
    service.pinned(lambda: view(service))
    generation = service._generation
    for table in NEW_RELEASE:
        cbs_replay.transform(
            v4_path(table.removeprefix("cbs_"), "Observations"), doubled
        )
    cbs_replay.delay("/", 0.02)
    stop = threading.Event()

    def keep_reading():
        while not stop.is_set():
            service.pinned(lambda: view(service))

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        assert refresh(cache, settings, "live", only=NEW_RELEASE).ok
        time.sleep(0.5)
    finally:
        stop.set()
        reader.join(timeout=DEADLINE_S)
    assert service._generation - generation == 1


def test_a_view_that_spans_a_landing_is_computed_again_on_the_new_generation(
    serving, cbs_replay
):
    """What every callback answer gets (``app_factory.pin_callbacks``): a view whose
    first figure was read before a refresh landed and its second after is redone."""
    settings, cache, service = serving
    old = service.pinned(lambda: view(service))
    cbs_replay.transform(v4_path("03759ned", "Observations"), doubled)
    runs: list[float] = []

    def spanning():
        area = service.comparison("inwoners", "GM0344")["value"]
        if not runs:  # the refresh lands between the two figures of the view
            assert refresh(cache, settings, "live", only=["cbs_03759ned"]).ok
        runs.append(area)
        return area, service.comparison("inwoners", "NL01")["value"]

    area, nederland = service.pinned(spanning)
    assert runs == [old[0], 2 * old[0]]  # computed twice: old start, then new
    assert (area, nederland) == (2 * old[0], 2 * old[1])
