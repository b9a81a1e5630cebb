"""Which CBS tables fill each dataset, read from datasets.yaml without the loaders.

Why: a page names the tables an indicator not in the cache needs (the coronakloof's
"online only" line). ``refresh.load_registry`` validates the whole file against the
loader registry, and importing the refresh (loaders, pandera) cost more than a second
on a page's first view (issue 14). The file does not change while a server runs, so
it is read once; the refresh validates it whenever it runs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATASETS_FILE = Path(__file__).with_name("datasets.yaml")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class DatasetTables:
    id: str
    table_id: str
    tables: dict[int, str]  # year -> table id (cbs_kwb: one table per year)


@functools.cache
def dataset_tables(path: Path = DATASETS_FILE) -> dict[str, DatasetTables]:
    """Dataset id -> its table ids, in the file's order."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    found: dict[str, DatasetTables] = {}
    for entry in raw["datasets"]:
        tables = {
            int(year): str(table) for year, table in (entry.get("tables") or {}).items()
        }
        found[str(entry["id"])] = DatasetTables(
            str(entry["id"]), str(entry["table_id"]), tables
        )
    return found
