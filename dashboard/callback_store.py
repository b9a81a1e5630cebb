"""The callback cache's files, bounded by bytes as well as by count.

Why: cachelib's FileSystemCache prunes by number of entries only, so a flood of
distinct requests with large answers could fill the disk (20,000 x 172 kB = 3.4 GB).
Every ``CHECK_EVERY`` writes this process adds up the sizes of the files and removes
the oldest until the folder is under ``max_bytes`` again (at most ``CHECK_EVERY``
entries' worth of slack per worker). Entries that are too large are refused by
``callback_cache`` before they get here.
"""

from __future__ import annotations

import os
from typing import Any

from flask_caching.backends.filesystemcache import FileSystemCache

CHECK_EVERY = 50
# Prune to this share of the budget, so the next check has room.
PRUNE_TO = 0.8


class BoundedFileSystemCache(FileSystemCache):
    def __init__(self, cache_dir: str, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(cache_dir, **kwargs)
        self.max_bytes = max_bytes
        self._writes = 0

    @classmethod
    def factory(cls, app, config, args, kwargs):
        kwargs["max_bytes"] = config["CACHE_MAX_BYTES"]
        return super().factory(app, config, args, kwargs)

    def set(self, key, value, timeout=None, mgmt_element: bool = False) -> bool:
        stored = super().set(key, value, timeout, mgmt_element)
        if not mgmt_element:
            self._writes += 1
            if self._writes % CHECK_EVERY == 0:
                self.enforce_max_bytes()
        return stored

    def total_bytes(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _entries(self) -> list[tuple[float, int, str]]:
        found = []
        with os.scandir(self._path) as entries:
            for entry in entries:
                if self._is_mgmt(entry.name) or entry.name.endswith(
                    self._fs_transaction_suffix
                ):
                    continue
                try:
                    info = entry.stat()
                except FileNotFoundError:  # removed by another worker meanwhile
                    continue
                found.append((info.st_mtime, info.st_size, entry.path))
        return found

    def enforce_max_bytes(self) -> None:
        entries = self._entries()
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return
        removed = 0
        for _mtime, size, path in sorted(entries):
            if total <= self.max_bytes * PRUNE_TO:
                break
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
            total -= size
            removed += 1
        self._update_count(delta=-removed)
