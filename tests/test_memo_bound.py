"""The service memo of a server is bounded: the views visitors ask for come and go.

Issue 14 (rss_mb): every gebied, indicator and period anyone picked stayed in the
memo until the next refresh, so a worker only grew. The memo is now a least
recently used cache of at most ``memo_bytes``; the precompute keeps everything.
"""

from __future__ import annotations

import pandas as pd

from dashboard import services
from dashboard.services.memo import MEMO_BYTES, entry_bytes


def _series_of_every_gebied(service) -> list[str]:
    indicator = next(i.id for i in service.catalogue.indicators if i.level == "wijk")
    gebieden = [a.id for a in service.registry.gebieden()]
    for gebied in gebieden:
        service.series(indicator, gebied)
    return gebieden


def test_a_server_memo_stays_within_its_bytes(snapshot_cache):
    small = 64 * 1024
    service = services.Service(snapshot_cache.cache, memo_bytes=small)
    _series_of_every_gebied(service)
    held = sum(entry_bytes(value) for value in service._memo.values())
    assert held <= small
    # the least recently used went first: the last series asked is still there
    assert any(key[0] == "series" for key in service._memo)


def test_the_default_memo_is_bounded_and_answers_the_same(snapshot_cache):
    bounded = services.Service(snapshot_cache.cache, memo_bytes=64 * 1024)
    unbounded = services.Service(snapshot_cache.cache, memo_bytes=None)
    assert getattr(services.Service(snapshot_cache.cache)._memo, "maxsize", None) == (
        MEMO_BYTES
    )
    indicator = next(i.id for i in bounded.catalogue.indicators if i.level == "wijk")
    for gebied in _series_of_every_gebied(bounded):
        pd.testing.assert_frame_equal(
            bounded.series(indicator, gebied), unbounded.series(indicator, gebied)
        )
