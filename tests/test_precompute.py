"""Figures computed at refresh time: what a worker reads is what it would compute.

The stored aggregates (``dashboard/precompute.py``) replace the per-request
computation, so each test compares a reading service (stored figures, its own
computation made to fail) with a service that computes on the fly, on caches filled
by the real refresh from the snapshot; and checks the generation rules: a reader
reads the set of its own generation, a failed refresh or a failed precompute leaves
the previous set as it was.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures_app import snapshot_settings
from pandas.testing import assert_frame_equal

from dashboard import precompute
from dashboard.coronakloof import DEFAULT_PAIR
from dashboard.notes import dumps_with_notes, note_text
from dashboard.services import NL, QueryError, Service
from data_sources.cache import Cache, CacheError, precompute_generation
from data_sources.refresh import Loader, load_registry, refresh

# A small real cache: population per gemeente, the wijken and their areas.
SMALL = ["cbs_03759ned", "wijken_2022", "gebieden", "gemeenten_2023"]
# Areas of every stored level (every gebied and rest area, a few of the hundreds of
# gemeenten): storing all 900 areas takes minutes on a busy machine.
AREAS = [NL, "GM0344", "GM0599", "GM0363", "VR09", "VR17", "alle-gebieden"]


def _areas(service: Service) -> list[str]:
    registry = service.registry
    return AREAS + [
        a.id for level in ("gebied", "rest") for a in registry.by_level(level)
    ]


def _store(cache: Cache) -> int:
    return precompute.store(cache, area_ids=_areas(Service(cache)))


def _small_cache(tmp_path, snapshot_dir, after_land=_store):
    settings = snapshot_settings(
        tmp_path, snapshot_dir, f"sqlite:///{tmp_path / 'cache.sqlite'}"
    )
    cache = Cache(settings.sqlalchemy_url)
    report = refresh(cache, settings, "snapshot", SMALL, after_land=after_land)
    assert report.ok, [o.message for o in report.outcomes if not o.ok]
    return settings, cache


def _answer(service: Service, indicator_id: str, area_id: str):
    try:
        return service.series(indicator_id, area_id)
    except QueryError as exc:
        return (type(exc).__name__, str(exc))


def _reader(cache: Cache) -> Service:
    """A service that may only read what was stored: computing a series fails."""
    service = Service(cache)

    def computing(*_args):
        raise AssertionError("computed on the fly instead of read from the cache")

    service._series = computing
    service._wijk_indicators = computing
    service._profile = computing
    service._coronakloof = computing
    return service


def _assert_same(stored, computed) -> None:
    if isinstance(computed, tuple):
        assert stored == computed
    else:
        assert_frame_equal(stored, computed)


def test_every_stored_series_of_a_small_cache_equals_the_computed_one(
    tmp_path, snapshot_dir
):
    _, cache = _small_cache(tmp_path, snapshot_dir)
    assert cache.has_precomputed(precompute_generation(cache.versions()))
    reader, computer = _reader(cache), Service(cache, reads_precomputed=False)
    areas = _areas(computer)
    assert len(areas) == len(AREAS) + 32
    stored_by_default = precompute.default_areas(computer)
    assert set(areas) <= set(stored_by_default)
    gemeenten = [a for a in stored_by_default if a.startswith("GM")]
    assert len(gemeenten) == 342  # today's map, not every gemeente ever named
    with_values = 0
    for indicator in computer.catalogue.indicators:
        for area_id in areas:
            computed = _answer(computer, indicator.id, area_id)
            _assert_same(_answer(reader, indicator.id, area_id), computed)
            with_values += not isinstance(computed, tuple)
    assert with_values > 50  # the small cache does hold figures
    assert_frame_equal(reader.stapeling(), computer.stapeling())
    assert_frame_equal(reader.coronakloof_tabel(), computer.coronakloof_tabel())
    # the gebied pages' map choices (issue 14: stored, not one panel per indicator)
    gemeenten = sorted({a.gemeente for a in computer.registry.gebieden()})
    choices = {g: computer.wijk_indicators(g) for g in gemeenten}
    assert {g: reader.wijk_indicators(g) for g in gemeenten} == choices
    assert any(choices.values())
    # the gebied pages' key figures (issue 14: the whole warm-up of a worker before)
    profiles = 0
    for gebied in computer.registry.gebieden():
        computed = computer.profile(gebied.id)
        assert_frame_equal(reader.profile(gebied.id), computed)
        profiles += len(computed) > 0
    assert profiles > 0
    # the gebied pages' Coronakloof (issue 14: 0.4 s of the page's first view),
    # notes and all, in both languages
    gaps = 0
    for gebied in computer.registry.gebieden():
        for indicator in computer.catalogue.indicators:
            for pair in ((None, None), DEFAULT_PAIR):
                computed = computer.coronakloof(indicator.id, gebied.id, *pair)
                stored = reader.coronakloof(indicator.id, gebied.id, *pair)
                assert dumps_with_notes(stored) == dumps_with_notes(computed)
                assert note_text(stored["reason"] or "", "en") == note_text(
                    computed["reason"] or "", "en"
                )
                gaps += computed["reason_code"] is None
    assert gaps > 0


def test_stored_figures_of_the_real_snapshot_equal_the_computed_ones(
    snapshot_cache, tmp_path
):
    # a copy: the session's cache stays as the other tests expect it
    copy = Cache(f"sqlite:///{tmp_path / 'copy.sqlite'}", create=False)
    with snapshot_cache.cache.engine.raw_connection() as source:
        with copy.engine.raw_connection() as target:
            source.driver_connection.backup(target.driver_connection)
    Cache(copy.url)  # the precomputed tables of this version of the schema
    indicators = ["laag-inkomen-wijk", "bijstandsuitkeringen", "woninginbraak"]
    areas = [NL, "GM0599", "VR17", "rotterdam-zuid", "rest-rotterdam-zuid"]
    assert precompute.store(copy, indicators, areas) > 0
    reader, computer = _reader(copy), Service(copy, reads_precomputed=False)
    for indicator_id in indicators:
        for area_id in areas:
            _assert_same(
                _answer(reader, indicator_id, area_id),
                _answer(computer, indicator_id, area_id),
            )
    computed = computer.comparison("laag-inkomen-wijk", "rotterdam-zuid")
    assert reader.comparison("laag-inkomen-wijk", "rotterdam-zuid") == computed


def _population(service: Service) -> float:
    return float(service.series("inwoners", NL)["value"].dropna().iloc[-1])


def _doubled(settings):
    """The population table again, every value doubled: a generation with other
    figures than the snapshot's."""
    spec = next(s for s in load_registry() if s.id == "cbs_03759ned")
    loaded = Loader(settings).load(spec, "snapshot")
    loaded.observations["value"] = loaded.observations["value"] * 2
    return loaded


def test_a_view_across_a_landing_reads_one_generation(
    tmp_path, snapshot_dir, monkeypatch
):
    settings, cache = _small_cache(tmp_path, snapshot_dir)
    before = _population(Service(cache, reads_precomputed=False))
    doubled = _doubled(settings)
    reader = Service(cache)
    stored = cache.precomputed
    landed = []

    def landing_meanwhile(*args):
        payload = stored(*args)
        if not landed:  # a refresh lands (and stores) while the view reads
            landed.append(True)
            cache.write(doubled)
            assert _store(cache) > 0
        return payload

    monkeypatch.setattr(cache, "precomputed", landing_meanwhile)
    got = reader.comparison("inwoners", "GM0344")
    assert landed
    expected = Service(cache, reads_precomputed=False).comparison("inwoners", "GM0344")
    assert (got["value"], got["netherlands"]) == (
        expected["value"],
        expected["netherlands"],
    )
    assert _population(_reader(cache)) == pytest.approx(2 * before)


def test_a_failed_refresh_leaves_the_old_figures(tmp_path, snapshot_dir, monkeypatch):
    settings, cache = _small_cache(tmp_path, snapshot_dir)
    generation = precompute_generation(cache.versions())
    before = _population(_reader(cache))

    def broken_land(_staged):
        raise CacheError("schijf vol")

    monkeypatch.setattr(cache, "land", broken_land)
    report = refresh(cache, settings, "snapshot", SMALL, after_land=_store)
    assert not report.ok
    assert precompute_generation(cache.versions()) == generation
    assert cache.has_precomputed(generation)
    assert _population(_reader(cache)) == before


def test_a_failed_precompute_keeps_the_data_and_says_so(tmp_path, snapshot_dir):
    settings, cache = _small_cache(tmp_path, snapshot_dir)
    old = precompute_generation(cache.versions())

    def failing(_cache):
        raise CacheError("schijf vol")

    report = refresh(cache, settings, "snapshot", SMALL, after_land=failing)
    assert report.ok  # the data landed
    assert any("voorberekende cijfers niet opgeslagen" in n for n in report.notices)
    new = precompute_generation(cache.versions())
    assert new != old and not cache.has_precomputed(new)
    # the readers of the new generation compute, and get the same figures
    computed = Service(cache, reads_precomputed=False).series("inwoners", NL)
    assert_frame_equal(Service(cache).series("inwoners", NL), computed)


def test_figures_stored_by_other_code_are_not_read(tmp_path, snapshot_dir, monkeypatch):
    # An upgrade that changes how a figure or note is built must not show the old
    # code's stored figures: the set is keyed by the code too, and is computed anew.
    import data_sources.cache as cache_module

    _, cache = _small_cache(tmp_path, snapshot_dir)
    versions = cache.versions()
    stored = precompute_generation(versions)
    assert cache.has_precomputed(stored)
    assert _population(_reader(cache)) > 0  # read, not computed
    monkeypatch.setattr(cache_module, "code_version", lambda: "upgraded-code")
    upgraded = precompute_generation(versions)
    assert upgraded != stored and not cache.has_precomputed(upgraded)
    with pytest.raises(AssertionError, match="computed on the fly"):
        _population(_reader(cache))
    # the next refresh stores the upgraded code's set and drops the old one
    settings = snapshot_settings(
        tmp_path, snapshot_dir, f"sqlite:///{tmp_path / 'cache.sqlite'}"
    )
    assert refresh(cache, settings, "snapshot", SMALL, after_land=_store).ok
    assert cache.has_precomputed(precompute_generation(cache.versions()))
    assert not cache.has_precomputed(stored)
    assert _population(_reader(cache)) > 0


def test_the_frame_codec_keeps_types_and_missing_values():
    from datetime import date

    from data_sources import frames

    frame = pd.DataFrame(
        {
            "period": pd.Series(["2019JJ00", "2020JJ00"], dtype="str"),
            "period_start": pd.Series([date(2019, 1, 1), date(2020, 1, 1)]),
            "value": [1.5, float("nan")],
            "count": [1, 2],
            "estimate": [True, False],
            "reason": [None, "klein aantal"],
        }
    )
    assert_frame_equal(frames.loads(frames.dumps(frame)), frame)


def _limited_store(monkeypatch) -> list:
    """precompute.store for a few areas (all 900 take minutes); the caches it was
    called with, so a test can count the calls."""
    calls, real = [], precompute.store

    def limited(cache: Cache) -> int:
        calls.append(cache)
        return real(cache, area_ids=_areas(Service(cache)))

    monkeypatch.setattr(precompute, "store", limited)
    return calls


def test_the_cli_refresh_stores_the_figures_and_says_it_is_busy(
    tmp_path, snapshot_dir, monkeypatch
):
    # coronadash refresh (console.run_refresh) hands the precompute to the refresh;
    # the areas are limited here (all 900 take minutes), the wiring is the real one.
    from dashboard import console

    calls = _limited_store(monkeypatch)
    settings = snapshot_settings(
        tmp_path, snapshot_dir, f"sqlite:///{tmp_path / 'cache.sqlite'}"
    )
    settings.precompute = True
    cache = Cache(settings.sqlalchemy_url)
    with console.err.capture() as captured:
        assert console.run_refresh(settings, cache, "snapshot", SMALL, None)
    assert len(calls) == 1
    assert cache.has_precomputed(precompute_generation(cache.versions()))
    assert "vooraf berekenen" in captured.get()


def test_a_server_started_after_an_upgrade_stores_the_figures_first(
    tmp_path, snapshot_dir, monkeypatch
):
    # Without this, every page of an upgraded dashboard computed its figures per
    # request until the next refresh (the stored set is keyed by the code).
    import data_sources.cache as cache_module
    from dashboard import bootstrap

    settings, cache = _small_cache(tmp_path, snapshot_dir)
    settings.precompute = True
    calls = _limited_store(monkeypatch)
    monkeypatch.setattr(bootstrap, "cache_or_exit", lambda _settings: cache)
    bootstrap.filled_cache(settings)  # this code's figures are there: nothing to do
    assert calls == []
    monkeypatch.setattr(cache_module, "code_version", lambda: "upgraded-code")
    assert not cache.has_precomputed(precompute_generation(cache.versions()))
    with bootstrap.err.capture() as captured:
        bootstrap.filled_cache(settings)
    assert len(calls) == 1 and "eenmalig opnieuw berekenen" in captured.get()
    assert cache.has_precomputed(precompute_generation(cache.versions()))
    assert _population(_reader(cache)) > 0  # read, not computed
    settings.precompute = False  # the setting turns it off, as it does at refresh
    monkeypatch.setattr(cache_module, "code_version", lambda: "again-other-code")
    bootstrap.filled_cache(settings)
    assert len(calls) == 1
