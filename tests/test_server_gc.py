"""The cyclic GC's use (dashboard/gc_policy.py): a serving process keeps its
startup objects out of full passes; the precompute runs without collections."""

from __future__ import annotations

import gc
import weakref

import pytest

from dashboard import app_factory, bootstrap, gc_policy, precompute


@pytest.fixture
def restored_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    gc.enable()


def a_cycle() -> weakref.ref:
    class Node:
        pass

    node = Node()
    node.self = node
    return weakref.ref(node)


def test_a_built_app_has_its_startup_objects_frozen(monkeypatch, restored_gc):
    built = object()
    monkeypatch.setattr(bootstrap, "filled_cache", lambda settings: "cache")
    monkeypatch.setattr(app_factory, "create_app", lambda *a, **k: built)
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    assert bootstrap.build_app(bootstrap.load_settings()) is built
    # every object alive at the end of the start is in the permanent generation
    assert gc.get_freeze_count() > 1000
    assert gc.get_threshold()[0] == gc_policy.SERVER_YOUNG_THRESHOLD


def test_cycles_made_after_the_start_are_still_collected(restored_gc):
    gc_policy.settle_startup_objects()
    ref = a_cycle()
    gc.collect()
    assert ref() is None


def test_paused_collects_nothing_until_it_ends(restored_gc):
    with gc_policy.paused():
        assert not gc.isenabled()
        ref = a_cycle()
        for _ in range(50_000):
            [[]]  # allocations that would trigger young collections
        assert ref() is not None
    assert gc.isenabled()
    assert ref() is None  # one full collection at the end


class StandInService:
    def __init__(self, cache, **options):
        pass

    def pinned(self, call):
        return call()


class StandInCache:
    def versions(self):
        return {"dataset": 1}

    def store_precomputed(self, versions, stored):
        return len(stored)


def test_the_precompute_runs_with_the_collector_paused(monkeypatch):
    seen = []

    def items(service, indicator_ids, area_ids):
        seen.append(gc.isenabled())
        yield "figure"

    monkeypatch.setattr(precompute, "Service", StandInService)
    monkeypatch.setattr(precompute, "items", items)
    assert precompute.store(StandInCache()) == 1
    assert seen == [False]
    assert gc.isenabled()
