"""The area registry's level index answers as the scan over all areas did.

Issue 14: ``by_level`` scanned every area (thousands of wijken) and the Data page asked
it once per option; it is now an index built once. Same areas, same order, a fresh
list per call, and the derived ``alle-gebieden`` (added after the first lookup during
the build) is still found.
"""

from __future__ import annotations

from dashboard.areas import ALL_GEBIEDEN


def scan(registry, level):
    return [a for a in registry.areas.values() if a.level == level]


def test_by_level_lists_the_areas_of_a_level_in_registry_order(shared_service):
    registry = shared_service.registry
    levels = {a.level for a in registry.areas.values()}
    assert {"nederland", "gemeente", "wijk", "gebied", "gebieden"} <= levels
    for level in levels:
        assert registry.by_level(level) == scan(registry, level), level
    assert registry.by_level("no-such-level") == []
    assert [a.id for a in registry.by_level("gebieden")] == [ALL_GEBIEDEN]


def test_a_caller_changing_its_list_leaves_the_registry_alone(shared_service):
    registry = shared_service.registry
    first = registry.by_level("gebied")
    count = len(first)
    first.clear()
    assert len(registry.by_level("gebied")) == count > 0
