"""How this program uses Python's cyclic garbage collector, in one place.

Why: the collector's full passes walk every object alive, and a started dashboard
holds about 250,000 that never die (modules, Dash's components and callbacks, the
catalogue); its young passes run every 700 allocations, and building one gebied page
allocates millions. Measured on a fresh server (docs/performance.md): 290-330 ms of a
first gebied layout of 1.0 s were collections; of the 45 s precompute, 10 s.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two young collections in a server (Python's default: 700).
SERVER_YOUNG_THRESHOLD = 10_000


def settle_startup_objects() -> None:
    """For a serving process, once its app is built: ``gc.freeze`` takes what exists
    now out of the collector's view, and young collections run every 10,000
    allocations (a first gebied layout made 157 collections, now 8-10). Cycles made
    later are still collected; the frozen objects are never freed, as before."""
    gc.freeze()
    gc.set_threshold(SERVER_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection during a bounded one-off computation (the precompute
    keeps every frame it made until it ends, so collections only walked them: its
    peak memory measured equal with and without), one full collection after it.
    The switch is per process: a precompute in a serving process (after a refresh
    lands) also leaves its requests' cycles for that one collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()
