"""Memo and consistency: one query reads one generation of the cache, never a mix.

Results are memoised per version of the cached datasets, so a landed refresh
invalidates them without a restart; the versions are asked at most once a second
(``VERSION_CHECK_S``). What a refresh stored for the current generation is read
from the cache instead of computed (``_read_through``).

A server's memo is bounded (``MEMO_BYTES``, least recently used out first): every
gebied, indicator and period a visitor picks adds views, which unbounded stayed until
the next refresh; an evicted view is read or computed again.
"""

from __future__ import annotations

import functools
import math
import threading
import time

import pandas as pd
from cachetools import LRUCache

from data_sources import frames
from data_sources.cache import CacheError, precompute_generation

from ..notes import load_notes

# Memoised results are checked against the cache versions at most this often.
VERSION_CHECK_S = 1.0
# A query that saw a refresh land while it computed is computed again at most this often.
CONSISTENT_TRIES = 3
# The bound of a server's memo (the frames' own bytes, see ``entry_bytes``).
MEMO_BYTES = 48 * 2**20
SMALL_ENTRY_BYTES = 1024  # what any other value is counted as


def entry_bytes(value) -> int:
    """A memo entry's size: a frame's buffers (``deep=False``: counting every
    string would cost more than the bound saves), anything else a flat small size."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=False).sum())
    if isinstance(value, pd.Series):
        return int(value.memory_usage(index=True, deep=False))
    return SMALL_ENTRY_BYTES


def new_memo(max_bytes: int | None) -> dict | LRUCache:
    """The memo: a plain dict when unbounded (a one-off run such as the precompute
    reuses everything it computed), else an LRU of at most ``max_bytes``."""
    if max_bytes is None:
        return {}
    return LRUCache(maxsize=max_bytes, getsizeof=entry_bytes)


def consistent(method):
    """One public query reads one generation of the cache, never a mix.

    Memoised parts are computed at different moments; a refresh that lands between
    two of them would combine the old and the new version of a table (e.g. an area's
    value from the old, Nederland's from the new). See :meth:`Service.pinned`.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return self.pinned(lambda: method(self, *args, **kwargs))

    return wrapper


def _stored_frame(payload: str):
    """A stored frame, its notes made :class:`~dashboard.notes.Note` again."""
    return load_notes(frames.loads(payload))


class Memo:
    """The memo, its generation and the pinning of a query to one generation."""

    def _fresh(self) -> None:
        # Ask the cache for its versions at most once a second: one tiny query, and a
        # landed refresh shows within a second without a restart.
        now = time.monotonic()
        if now - self._checked_at < VERSION_CHECK_S:
            return
        versions = self.cache.versions()
        with self._lock:
            if self._checked_at > now:
                return  # a thread that asked later answered first: never step back
            self._checked_at = now
            if versions != self._versions:
                self._memo.clear()
                self._versions = versions
                self._generation += 1

    def pinned(self, call):
        """Run ``call`` (a query, or a whole view of several) on one generation.

        The outermost call notes the generation it starts from and, if it read the
        database, asks the cache for its versions again when done: if a refresh
        landed meanwhile, the memo is dropped and ``call`` runs again (versions only
        grow, so equal means no refresh in between). Nested calls join the outer one.
        """
        local = self._local
        if getattr(local, "depth", 0):
            return call()
        for _attempt in range(CONSISTENT_TRIES):
            try:
                self._fresh()
            except CacheError:
                pass  # unreadable now: the call itself meets it and shows the alert
            with self._lock:
                start, generation = self._versions, self._generation
            local.depth, local.read = 1, False
            try:
                result = call()
            finally:
                local.depth = 0
            if not local.read and generation == self._generation:
                return result
            try:
                landed = self.cache.versions() != start
            except CacheError:
                # The database went away after the answer was made (it then holds
                # the "niet te lezen" alert, which is never memoised): show it, not
                # a 503 page in place of a callback answer.
                return result
            if not landed and generation == self._generation:
                return result
            with self._lock:
                self._checked_at = -math.inf  # the next _fresh drops the memo
        return result

    def _memoised(self, key: tuple, compute):
        self._fresh()
        with self._lock:
            if key in self._memo:
                return self._memo[key]
            gate = self._gates.setdefault(key, threading.Lock())
            versions, generation = self._versions, self._generation
        # One computation per key: a request that needs what the warm-up thread (or
        # another request) is computing waits for it instead of computing it again.
        with gate:
            with self._lock:
                if key in self._memo:
                    return self._memo[key]
            self._local.read = True
            value = compute()
            # Keep only what was computed on the memo's own generation: a refresh
            # that landed unnoticed (versions are asked once a second) must not
            # put a new value beside old ones, for another request to combine.
            same = not self.checks_each_memo or self.cache.versions() == versions
            with self._lock:
                if same and generation == self._generation:
                    try:
                        self._memo[key] = value
                    except ValueError:
                        pass  # larger than the whole bound: served, not kept
                else:
                    self._checked_at = -math.inf
                self._gates.pop(key, None)
        return value

    def _read_through(self, kind: str, subject: str, compute, decode=_stored_frame):
        """What the refresh stored for this generation, else ``compute()``.

        Called inside a memo computation: the memo's versions name the generation,
        and ``_memoised`` keeps the value only if they were still current."""
        if self.reads_precomputed:
            with self._lock:
                versions = self._versions
            if versions:
                generation = precompute_generation(versions)
                stored = self._memoised(
                    ("precomputed_set", generation),
                    lambda: self.cache.has_precomputed(generation),
                )
                payload = (
                    self.cache.precomputed(generation, kind, subject)
                    if stored
                    else None
                )
                if payload is not None:
                    return decode(payload)
        return compute()

    def version_token(self) -> str:
        """The cached datasets' versions as one string: it changes when a refresh
        lands (checked at most once a second), so caches keyed by it invalidate."""
        self._fresh()
        with self._lock:
            versions = self._versions or {}
        # The database too: two caches can hold the same version numbers.
        listed = ";".join(f"{name}={versions[name]}" for name in sorted(versions))
        return f"{self.cache.url}|{listed}"
