"""Benchmark: what a refresh costs the readers of a serving process (issue 15, 12).

Fills a temporary SQLite cache from the snapshot, warms one query service, then lets
``--readers`` threads compute a view (the comparison of a few indicators for a few
gebieden, as the Overzicht and gebied pages ask it) over and over: first for
``--quiet`` seconds with nothing else going on, then while a full
``refresh --source snapshot`` runs in this process. Prints views per second, p50 and
p95 per view in both phases, and how often the readers' memo was dropped (a landed
refresh generation). Before one-generation landing every table's commit dropped the
memo (16 per refresh). Asserts nothing.

Run: ``python bench/refresh_readers.py [--readers 4] [--quiet 10] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from fixtures_app import snapshot_settings  # noqa: E402

from dashboard import services  # noqa: E402
from data_sources.cache import Cache  # noqa: E402
from data_sources.refresh import refresh  # noqa: E402

INDICATORS = ["inwoners", "verkoopprijs", "laag-inkomen-wijk", "bijstand-dh"]
GEBIEDEN = ["den-haag-zuidwest", "rotterdam-zuid", "utrecht-overvecht"]


def view(service: services.Service) -> int:
    """One page's worth of figures; the number of answers (errors count as answers)."""
    answers = 0
    for gebied in GEBIEDEN:
        for indicator in INDICATORS:
            try:
                service.comparison(indicator, gebied)
            except services.QueryError:
                pass
            answers += 1
    return answers


def phase(service, readers: int, until) -> list[float]:
    """Per-view seconds of ``readers`` threads, until ``until()`` says stop."""
    timings: list[float] = []
    pinned = getattr(service, "pinned", lambda call: call())  # older code: no pin

    def read():
        while not until():
            start = time.perf_counter()
            pinned(lambda: view(service))
            timings.append(time.perf_counter() - start)

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def summary(timings: list[float], seconds: float) -> dict:
    ordered = sorted(timings) or [float("nan")]
    return {
        "views": len(timings),
        "views_per_s": round(len(timings) / seconds, 1) if seconds else None,
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--quiet", type=float, default=10.0, help="seconds")
    parser.add_argument("--snapshot-dir", default=str(REPO / ".." / "shared" / "data"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        settings = snapshot_settings(
            Path(folder),
            Path(args.snapshot_dir).resolve(),
            f"sqlite:///{folder}/cache.sqlite",
        )
        cache = Cache(settings.sqlalchemy_url)
        if not refresh(cache, settings, "snapshot").ok:
            raise SystemExit("de cache kon niet worden gevuld uit de momentopname")
        service = services.Service(Cache(settings.sqlalchemy_url, create=False))
        view(service)  # warm

        end = time.monotonic() + args.quiet
        start = time.monotonic()
        quiet = phase(service, args.readers, lambda: time.monotonic() > end)
        quiet_s = time.monotonic() - start

        done = threading.Event()
        generation = service._generation
        refresher = threading.Thread(
            target=lambda: (refresh(cache, settings, "snapshot"), done.set())
        )
        start = time.monotonic()
        refresher.start()
        busy = phase(service, args.readers, done.is_set)
        busy_s = time.monotonic() - start
        refresher.join()
        drops = service._generation - generation

    result = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "readers": args.readers,
        "quiet": summary(quiet, quiet_s),
        "during_refresh": summary(busy, busy_s),
        "refresh_s": round(busy_s, 1),
        "memo_drops_per_refresh": drops,
    }
    q, b = result["quiet"], result["during_refresh"]
    if q["views_per_s"] and b["views_per_s"]:
        result["throughput_change_pct"] = round(
            100 * (b["views_per_s"] / q["views_per_s"] - 1)
        )
        result["p95_ratio"] = round(b["p95_ms"] / q["p95_ms"], 1)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"readers: {args.readers}, {result['machine']}")
    for name in ("quiet", "during_refresh"):
        s = result[name]
        print(
            f"{name:15} {s['views']:6} views  {s['views_per_s']:8} views/s  "
            f"p50 {s['p50_ms']} ms  p95 {s['p95_ms']} ms"
        )
    print(f"refresh {result['refresh_s']} s, memo drops: {drops}")
    if "throughput_change_pct" in result:
        print(
            f"throughput during refresh: {result['throughput_change_pct']:+d} %, "
            f"p95 x{result['p95_ratio']}"
        )


if __name__ == "__main__":
    main()
