"""A map of one period reads that period's rows only, and shows what the map of the
whole panel showed.

Issue 14: the corona page's map built the measure's whole panel (some 55 000 rows of
the corona table, a second of its first view) to show one week of 342 gemeenten.
The expected frames come from the whole-panel path of the same service code.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.services import QueryError, Service


class Spy:
    """The cache, noting the calls to its observations."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def observations(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.cache.observations(*args, **kwargs)


@pytest.fixture(scope="module")
def services(snapshot_cache):
    """A service on the period path and one on the whole panel."""
    whole = Service(snapshot_cache.cache)
    whole._period_panel = lambda indicator, period: whole._panel(indicator)
    return Service(snapshot_cache.cache), whole


def corona_rates(service):
    return [
        i
        for i in service.catalogue.indicators
        if i.domain == "corona" and i.level == "gemeente"
    ]


def test_a_map_of_one_period_equals_the_map_from_the_whole_panel(services):
    new, whole = services
    indicators = corona_rates(whole)
    assert indicators
    compared = 0
    for indicator in indicators:
        try:
            periods = whole._panel(indicator).periods
        except QueryError:
            continue
        for period in {periods[0], periods[len(periods) // 2], periods[-1]}:
            expected = whole.map_values(indicator.id, "gemeente", period)
            shown = new.map_values(indicator.id, "gemeente", period)
            pd.testing.assert_frame_equal(shown, expected, check_exact=True)
            assert len(shown) > 0
            compared += 1
    assert compared >= 3


def test_a_map_of_one_period_reads_only_that_period(services, snapshot_cache):
    _new, whole = services
    fresh = Service(snapshot_cache.cache)  # nothing memoised yet
    fresh.cache = spy = Spy(snapshot_cache.cache)
    indicator = corona_rates(whole)[0]
    period = whole._panel(indicator).periods[-1]
    fresh.map_values(indicator.id, "gemeente", period)
    source = [
        c for c in spy.calls if indicator.source.measure in (*c[0], *c[1].values())
    ]
    assert source, spy.calls
    assert all(c[1].get("period") == period for c in source), source


def test_a_period_that_is_not_there_is_refused_as_before(services):
    new, whole = services
    indicator = corona_rates(whole)[0]
    with pytest.raises(QueryError) as shown:
        new.map_values(indicator.id, "gemeente", "2099JJ00")
    with pytest.raises(QueryError) as expected:
        whole.map_values(indicator.id, "gemeente", "2099JJ00")
    assert str(shown.value) == str(expected.value)
