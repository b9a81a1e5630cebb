"""Benchmark: refresh the whole snapshot into an empty SQLite cache.

Prints rows per second and the ratio to a floor measured in the same run: plain
``json.load`` (and ``pandas.read_csv`` for CSV) plus ``pandas.DataFrame`` of the same
files. Goal: ratio <= 2. Run: ``python bench/refresh.py [--repeat N] [--json]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data_sources.cache import Cache  # noqa: E402
from data_sources.refresh import load_registry, refresh  # noqa: E402
from data_sources.settings import load_settings  # noqa: E402


def snapshot_files(snapshot_dir: Path) -> list[Path]:
    files: list[Path] = []
    for spec in load_registry():
        if not spec.enabled or spec.snapshot is None:
            continue
        path = snapshot_dir / spec.snapshot
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.iterdir())
                if p.suffix in (".json", ".gz", ".csv")
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def floor_seconds(files: list[Path]) -> float:
    """Read every file and make a DataFrame of its records: the least any loader does."""
    start = time.perf_counter()
    for path in files:
        if path.suffix == ".csv" or path.suffix == ".tsv":
            pd.read_csv(path, sep="\t" if path.suffix == ".tsv" else ",")
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
        records = document
        if isinstance(document, dict):
            lists = [v for v in document.values() if isinstance(v, list)]
            series = [
                v["values"]
                for v in document.values()
                if isinstance(v, dict) and "values" in v
            ]
            records = [r for chunk in lists + series for r in chunk] or [document]
        if any(isinstance(r, dict) for r in records) and not all(
            isinstance(r, dict) for r in records
        ):
            # a document whose lists mix records and plain values (e.g. a list of
            # years beside the records): the plain values as their own column
            records = [r if isinstance(r, dict) else {"value": r} for r in records]
        with warnings.catch_warnings():  # ragged lists (TopoJSON arcs) are fine here
            warnings.simplefilter("ignore")
            pd.DataFrame(records)
    return time.perf_counter() - start


def refresh_seconds(settings) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        cache = Cache(f"sqlite:///{folder}/cache.sqlite")
        start = time.perf_counter()
        report = refresh(cache, settings, "snapshot")
        elapsed = time.perf_counter() - start
        if not report.ok:
            failed = [f"{o.dataset}: {o.message}" for o in report.outcomes if not o.ok]
            raise SystemExit("refresh mislukt: " + "; ".join(failed))
        return elapsed, sum(o.rows for o in report.outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = load_settings()
    files = snapshot_files(settings.snapshot_dir)
    floors, refreshes, rows = [], [], 0
    for run in range(args.repeat):
        floors.append(floor_seconds(files))
        seconds, rows = refresh_seconds(settings)
        refreshes.append(seconds)
        print(
            f"run {run + 1}: floor {floors[-1]:.2f} s, refresh {seconds:.2f} s",
            file=sys.stderr,
        )
    floor, full = statistics.median(floors), statistics.median(refreshes)
    result = {
        "files": len(files),
        "rows": rows,
        "floor_s": round(floor, 2),
        "refresh_s": round(full, 2),
        "rows_per_s": round(rows / full),
        "refresh_ratio": round(full / floor, 2),
        "machine": f"{platform.node()} {platform.machine()} python {platform.python_version()}",
    }
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
