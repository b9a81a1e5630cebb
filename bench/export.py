"""Benchmark: gebied briefs and chart images, with and without one shared Chromium.

Builds its own SQLite cache from the snapshot (or uses ``--database-url``), then in
one run, side by side:

- ``image_oneshot_s``: seconds per image when every image starts its own kaleido /
  Chromium (``render_figure`` outside ``image_server``);
- ``image_server_s``: seconds per image with one shared server
  (``kaleido.start_sync_server`` through ``image_server``), same figures;
- ``briefs_s``: the PDF briefs of all 16 gebieden with one shared server (content from
  the query service, map and trend PNGs, layout), and seconds per brief.

Run: ``python bench/export.py [--images N] [--json]``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.exports.brief import brief_content, render_brief  # noqa: E402
from dashboard.exports.charts import Chart, key_trend_ids, trend_chart  # noqa: E402
from dashboard.exports.images import (  # noqa: E402
    geojson_from_store,
    image_server,
    render_figure,
)
from dashboard.geo import GeoStore  # noqa: E402
from dashboard.services import Service  # noqa: E402
from data_sources.cache import Cache  # noqa: E402
from data_sources.refresh import refresh  # noqa: E402
from data_sources.settings import load_settings  # noqa: E402


def filled_cache(database_url: str | None, folder: Path) -> Cache:
    if database_url:
        return Cache(database_url)
    url = f"sqlite:///{folder / 'cache.sqlite'}"
    os.environ["CORONADASH_DATABASE_URL"] = url
    settings = load_settings()
    cache = Cache(url)
    report = refresh(cache, settings, "snapshot")
    if not report.ok:
        raise SystemExit(
            "refresh from the snapshot failed: " + report.outcomes[0].message
        )
    return cache


def charts(service: Service, count: int) -> list[Chart]:
    """Trend charts of the gebieden in turn, as ``coronadash export`` draws them."""
    found: list[Chart] = []
    for area in service.registry.gebieden():
        for indicator_id in key_trend_ids(service, area):
            chart = trend_chart(service, area, indicator_id)
            if isinstance(chart, Chart):
                found.append(chart)
            if len(found) == count:
                return found
    return found


def render_all(items: list[Chart]) -> float:
    start = time.perf_counter()
    for chart in items:
        render_figure(
            chart.figure,
            title=chart.title,
            subtitle=chart.subtitle,
            source_lines=chart.sources,
            fmt="png",
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=5, help="images per variant")
    parser.add_argument("--database-url", help="use this filled cache")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        service = Service(filled_cache(args.database_url, Path(folder)))
        service.warm()
        items = charts(service, args.images)
        oneshot = render_all(items)
        with image_server():
            render_all(items[:1])  # the server's start-up is not an image
            shared = render_all(items)
            geojson = geojson_from_store(GeoStore(service))
            gebieden = service.registry.gebieden()
            start = time.perf_counter()
            for area in gebieden:
                render_brief(brief_content(service, area.id, geojson))
            briefs = time.perf_counter() - start
    figures = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {platform.platform(terse=True)}, "
        f"Python {platform.python_version()}",
        "images": len(items),
        "image_oneshot_s": round(oneshot / len(items), 3),
        "image_server_s": round(shared / len(items), 3),
        "server_speedup": round(oneshot / shared, 2),
        "briefs": len(gebieden),
        "briefs_s": round(briefs, 2),
        "brief_s": round(briefs / len(gebieden), 2),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
