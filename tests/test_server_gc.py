"""A serving process keeps its startup objects out of the cyclic GC's full passes
(dashboard/bootstrap.py: settle_startup_objects)."""

from __future__ import annotations

import gc
import weakref

import pytest

from dashboard import app_factory, bootstrap


@pytest.fixture
def restored_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_built_app_has_its_startup_objects_frozen(monkeypatch, restored_gc):
    built = object()
    monkeypatch.setattr(bootstrap, "filled_cache", lambda settings: "cache")
    monkeypatch.setattr(app_factory, "create_app", lambda *a, **k: built)
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    settings = bootstrap.load_settings()
    assert bootstrap.build_app(settings) is built
    # every object alive at the end of the start is in the permanent generation
    assert gc.get_freeze_count() > 1000
    assert gc.get_threshold()[0] == bootstrap.GC_YOUNG_THRESHOLD


def test_cycles_made_after_the_start_are_still_collected(restored_gc):
    bootstrap.settle_startup_objects()

    class Node:
        pass

    node = Node()
    node.self = node
    ref = weakref.ref(node)
    del node
    gc.collect()
    assert ref() is None
