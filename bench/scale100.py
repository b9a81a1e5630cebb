"""SYNTHETIC 100x benchmark data: a buurt-level cache, written the way a refresh does.

For the benchmark only (``bench/run.py``'s ``scale100_*`` figures). The numbers it
writes are NOT data: every real wijk of the source cache gets ``per_wijk`` made-up
buurten (codes ``BU<gemeente><wijk><nn>``, about 14,000 in all), each with
``indicators`` made-up measures (``syn_buurt_<k>``) for ``years`` years, values
drawn from a fixed-seed generator. The tables are named ``synthetic_buurten_<n>``,
their provenance says origin ``synthetic`` and the title starts with
"SYNTHETISCH (benchmark)". They are staged one table at a time and landed as one
generation (``Cache.stage`` / ``Cache.land``, PostgreSQL writes with ``COPY``), into
a throwaway database, never the configured cache. ``hundredfold`` puts them beside
the real snapshot cache on such a server, for ``bench/run.py`` to serve and replay
the filter callbacks on (``scale100_callback_first_p95_ms``).

    python bench/scale100.py [--indicators 50] [--years 10] [--per-wijk 4]

prints ``scale100_rows`` and ``scale100_refresh_rows_per_s`` on a throwaway
PostgreSQL server (Debian's binaries, as tests/postgres_server.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from bench.synthetic import NOTE, ORIGIN, TITLE_PREFIX, check_target  # noqa: E402
from data_sources.cache import Cache  # noqa: E402
from data_sources.model import LoadedDataset, Provenance  # noqa: E402

FIRST_YEAR = 2013
PER_TABLE = 10  # indicators per synthetic table (a refresh lands several tables)


def buurt_codes(wijken: list[str], per_wijk: int) -> list[str]:
    """Made-up buurt codes under real wijk codes: WK034403 -> BU03440301, ..."""
    return [f"BU{w[2:]}{n:02d}" for w in wijken for n in range(1, per_wijk + 1)]


def buurt_table(
    number: int, buurten: list[str], measures: list[str], years: int
) -> LoadedDataset:
    rng = np.random.default_rng(number)  # fixed: the same bytes every run
    keys = [f"{FIRST_YEAR + k}JJ00" for k in range(years)]
    starts = [date(FIRST_YEAR + k, 1, 1) for k in range(years)]
    ends = [date(FIRST_YEAR + k, 12, 31) for k in range(years)]
    n = len(buurten) * len(keys)
    frames = []
    for measure in measures:
        frames.append(
            pd.DataFrame(
                {
                    "measure": measure,
                    "dims": "",
                    "area_code": np.repeat(buurten, len(keys)),
                    "period": np.tile(keys, len(buurten)),
                    "period_start": np.tile(
                        np.array(starts, dtype=object), len(buurten)
                    ),
                    "period_end": np.tile(np.array(ends, dtype=object), len(buurten)),
                    "frequency": "Y",
                    "value": rng.uniform(0, 100, n).round(1),
                    "status": "definitief",
                    "missing_reason": None,
                }
            )
        )
    dataset = f"synthetic_buurten_{number}"
    return LoadedDataset(
        dataset,
        Provenance(
            kind="cbs_v4",
            table_id=dataset,
            title=TITLE_PREFIX + f"buurtcijfers {number}",
            catalog_url="http://127.0.0.1:9/synthetic",
            origin=ORIGIN,  # type: ignore[arg-type]
            licence="geen: synthetisch",
            attribution=TITLE_PREFIX + "bench/scale100.py",
            notes=NOTE,
        ),
        observations=pd.concat(frames, ignore_index=True),
        measures=pd.DataFrame(
            {
                "measure": measures,
                "title": [TITLE_PREFIX + m for m in measures],
                "unit": "%",
                "decimals": 1,
                "description": NOTE,
            }
        ),
    )


def write_buurten(
    target_url: str,
    wijken: list[str],
    indicators: int = 50,
    years: int = 10,
    per_wijk: int = 4,
    real_url: str | None = None,
) -> dict:
    """Stage every synthetic table, land them as one generation; rows and rows/s."""
    check_target("", target_url, real_url)
    cache = Cache(target_url)
    buurten = buurt_codes(wijken, per_wijk)
    names = [f"syn_buurt_{k:02d}" for k in range(indicators)]
    staged, rows, seconds, cpu = [], 0, 0.0, 0.0
    for number, start in enumerate(range(0, indicators, PER_TABLE)):
        loaded = buurt_table(number, buurten, names[start : start + PER_TABLE], years)
        started, used = time.perf_counter(), time.process_time()  # the write only
        staged.append(cache.stage(loaded))
        seconds += time.perf_counter() - started
        cpu += time.process_time() - used
        rows += len(loaded.observations)
    started, used = time.perf_counter(), time.process_time()
    cache.land(staged)
    seconds += time.perf_counter() - started
    cpu += time.process_time() - used
    return {
        "scale100_buurten": len(buurten),
        "scale100_rows": rows,
        "scale100_write_s": round(seconds, 1),
        # this process's CPU (the server's is apart): what a refresh costs the app
        "scale100_client_cpu_s": round(cpu, 1),
        "scale100_refresh_rows_per_s": round(rows / seconds),
        "scale100_dialect": cache.dialect,
    }


def real_wijken(source_url: str) -> list[str]:
    frame = Cache(source_url, create=False).current("areas", level="wijk")
    return sorted(set(frame["area_code"]))


def measure(source_url: str, **options) -> dict:
    """On a throwaway PostgreSQL server: the figures of ``write_buurten``."""
    from postgres_server import PostgresServer

    server = PostgresServer()
    url = server.start()
    try:
        return write_buurten(url, real_wijken(source_url), **options)
    finally:
        server.stop()


@contextmanager
def hundredfold(source_url: str, real_url: str | None = None, **options):
    """A throwaway PostgreSQL server holding the real snapshot cache (the refresh
    into it, real provenance) plus the synthetic buurt tables, with this code's
    figures stored, as a served 100x cache; yields its URL and the figures of
    ``write_buurten`` (the buurt write alone) and of the precompute."""
    from postgres_server import PostgresServer

    from dashboard.precompute import store
    from data_sources.refresh import refresh
    from data_sources.settings import load_settings

    server = PostgresServer()
    url = server.start()
    try:
        report = refresh(Cache(url), load_settings(), "snapshot")
        if not report.ok:
            raise SystemExit("snapshot refresh into PostgreSQL failed")
        figures = write_buurten(
            url, real_wijken(source_url), real_url=real_url, **options
        )
        started = time.perf_counter()
        figures["scale100_precomputed_items"] = store(Cache(url))
        figures["scale100_precompute_s"] = round(time.perf_counter() - started, 1)
        yield url, figures
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_url", help="a filled cache: its wijk codes are used")
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-wijk", type=int, default=4)
    args = parser.parse_args()
    print(
        json.dumps(
            measure(
                args.source_url,
                indicators=args.indicators,
                years=args.years,
                per_wijk=args.per_wijk,
            )
        )
    )


if __name__ == "__main__":
    main()
