"""The query service: the one way pages, exports and the CLI get figures.

Every result is a tidy frame (or a dict for a single comparison) that carries its
provenance (table id, CBS modified date, fetched-at, live or snapshot) and its flags
(estimate, coverage, level note). Results are memoised per version of the cached
datasets, so a landed refresh invalidates them without a restart.

What a refresh stored for the current generation (``dashboard/precompute.py``: the
series of every area but wijken, stapeling, coronakloof table, wave totals) is read
from the cache instead of computed (``_read_through``); anything not stored, or a
cache whose generation has no stored set yet, is computed as before.

The service is composed of one mixin per job (``dashboard/services/``):

- ``memo.py``: the memo, its generation and ``consistent``/``pinned`` (one query
  reads one generation of the cache); ``_read_through`` of what a refresh stored;
- ``lookups.py``: indicator, area, sources, provenance and ``problems``;
- ``series.py``: observations, weights, panels and the series of an area;
- ``units.py``: which source units make up an area;
- ``comparisons.py``: periods, values and the comparison with Nederland;
- ``coronakloof.py``: the coronakloof and its table;
- ``rankings.py``: map values, profile and stapeling;
- ``corona.py``: waves, burden per wave and the default period.

``errors.py`` and ``provenance.py`` hold what the results carry; ``results.py``
types the dict results (English field names; Dutch only at the CLI's ``--json``). The SQL is the
cache's (``data_sources/cache.py``): no module here builds a statement.
"""

from __future__ import annotations

import math
import threading

from data_sources.cache import Cache
from data_sources.catalogue import Catalogue, read_catalogue

from ..areas import ALL_GEBIEDEN, NL
from .comparisons import Comparisons
from .corona import CORONA_END, CORONA_START, Corona
from .coronakloof import Coronakloof
from .errors import CoverageError, QueryError, UnknownIndicatorError
from .lookups import Lookups
from .memo import MEMO_BYTES, Memo, new_memo
from .provenance import Provenance
from .rankings import Rankings
from .series import Series
from .units import Units


class Service(Memo, Lookups, Series, Units, Comparisons, Coronakloof, Rankings, Corona):
    """The query service on one cache (see the mixins for each job)."""

    def __init__(
        self,
        cache: Cache,
        catalogue: Catalogue | None = None,
        *,
        reads_precomputed: bool = True,
        memo_bytes: int | None = MEMO_BYTES,
    ) -> None:
        self.cache = cache
        # False for the service that computes what is stored (dashboard/precompute).
        self.reads_precomputed = reads_precomputed
        # Each memo entry asks the cache whether a refresh landed meanwhile; the
        # precompute, which checks once at its end, turns that off.
        self.checks_each_memo = True
        self.catalogue = catalogue or read_catalogue()
        self._lock = threading.RLock()
        self._versions: dict[str, int] | None = None
        self._memo = new_memo(memo_bytes)  # None: unbounded
        self._gates: dict[tuple, threading.Lock] = {}
        self._checked_at = -math.inf
        self._generation = 0  # counts memo drops (see ``consistent``)
        self._local = threading.local()


__all__ = [
    "Service",
    "QueryError",
    "CoverageError",
    "UnknownIndicatorError",
    "Provenance",
    "ALL_GEBIEDEN",
    "NL",
    "CORONA_START",
    "CORONA_END",
]
