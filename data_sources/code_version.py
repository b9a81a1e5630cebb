"""A digest of the program: the code and words that turn cached data into answers.

Stored answers (the callback memo, the figures computed at refresh) are keyed by it
besides the data's versions: after an upgrade the old code's answers stop matching.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


@functools.cache
def code_version() -> str:
    """A digest of the code and words that build the answers (dashboard/ and
    data_sources/: modules, catalogs, YAML). Part of every key: after an upgrade the
    stored answers of the old code (a page's layout too) stop matching at once, while
    servers that run the same code still share their entries."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in ("dashboard", "data_sources"):
        for path in sorted((root / package).rglob("*")):
            if path.suffix in (".py", ".po", ".yaml") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
