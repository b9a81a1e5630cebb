"""Time to the first chart in a real browser, against a static floor page.

Why: policymakers open a link once, so every view is a first view. This measures
what they wait for: Playwright drives Debian's Chromium to a page of a freshly
started dashboard and times navigation start to the first drawn plotly chart
(``.js-plotly-plot .main-svg``). The floor is a static HTML page with the same
plotly bundle and the same figure JSON (taken from that chart, with the map's
GeoJSON fetched once and served beside it), served by ``bench/floor_app.py``
(the same Flask/werkzeug server as ``python app.py``), timed the same way. The
ratio says what the dashboard costs on top of drawing the chart at all.

``start_to_content_s``: process start to the Overzicht's key figures visible in the
browser (``.key-figure``), the figure the issue measured as 20.9 s.

Used by ``bench/run.py`` (``first_view_ratio``, ``start_to_content_s``); run alone
with ``python bench/first_view.py`` to print the figures of one fresh server.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dashboard import chromium  # noqa: E402

CHART = ".js-plotly-plot .main-svg"
CONTENT = ".key-figure"  # the Overzicht's key figures
BUNDLE = REPO / "assets" / "vendor" / "plotly-partial.min.js"
# Figure of the first drawn chart, as plain JSON (typed arrays become lists).
FIGURE_JS = """() => {
  const g = document.querySelector('.js-plotly-plot');
  return JSON.parse(JSON.stringify({data: g.data, layout: g.layout}));
}"""
FLOOR_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>floor</title><script src="/floor-files/plotly.js"></script></head>
<body><div id="g"></div><script>
fetch("/floor-files/{name}.json").then(r => r.json()).then(
  f => Plotly.newPlot("g", f.data, f.layout, {{responsive: true}}));
</script></body></html>"""


def _launch(play):
    return play.chromium.launch(
        executable_path=chromium.executable(), args=chromium.ARGS
    )


def time_to_chart(browser, url: str, timeout_ms: int = 180_000):
    """Seconds from navigation start to the first drawn chart, and its figure."""
    context = browser.new_context()
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_selector(CHART, state="attached", timeout=timeout_ms)
        seconds = time.perf_counter() - started
        return seconds, page.evaluate(FIGURE_JS)
    finally:
        context.close()


def _localise_geojson(figure: dict, base: str, folder: Path, name: str) -> dict:
    """A map's GeoJSON is a URL on the dashboard: fetch it once and serve it from the
    floor too, so the floor draws the same map."""
    for number, trace in enumerate(figure.get("data", [])):
        source = trace.get("geojson")
        if isinstance(source, str) and source.startswith("/"):
            target = folder / f"{name}-geo{number}.json"
            target.write_bytes(requests.get(base + source, timeout=60).content)
            trace["geojson"] = f"/floor-files/{target.name}"
    return figure


def floor_times(figures: dict[str, dict], base: str, port: int) -> dict[str, float]:
    """Time to chart of each figure on the static floor page (the figure's page)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plotly.js").write_bytes(BUNDLE.read_bytes())
        names = {}
        for number, (path, figure) in enumerate(figures.items()):
            name = f"page{number}"
            figure = _localise_geojson(figure, base, folder, name)
            (folder / f"{name}.json").write_text(json.dumps(figure), encoding="utf-8")
            (folder / f"{name}.html").write_text(
                FLOOR_PAGE.format(name=name), encoding="utf-8"
            )
            names[path] = name
        process = subprocess.Popen(
            [sys.executable, str(REPO / "bench" / "floor_app.py"), str(port), tmp],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        floor = f"http://127.0.0.1:{port}"
        try:
            _wait(floor + "/")
            out = {}
            with sync_playwright() as play:
                browser = _launch(play)
                for path, name in names.items():
                    url = f"{floor}/floor-files/{name}.html"
                    time_to_chart(browser, url)  # the bundle's first parse
                    out[path] = time_to_chart(browser, url)[0]
                browser.close()
            return out
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise SystemExit(f"server did not come up: {url}")


def first_views(base: str, pages: list[str]) -> dict[str, tuple[float, dict]]:
    """First visit of each page (in order) on the server at ``base``."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as play:
        browser = _launch(play)
        for path in pages:
            out[path] = time_to_chart(browser, base + path)
        browser.close()
    return out


def start_to_content(start_server, env: dict[str, str]) -> float:
    """Process start to the Overzicht's key figures in the browser (seconds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = _launch(play)  # launched first: its start is not the server's
        started = time.perf_counter()
        process, base = start_server(env)
        try:
            _wait(base + "/")
            page = browser.new_page()
            page.goto(base + "/", wait_until="commit", timeout=180_000)
            page.wait_for_selector(CONTENT, state="visible", timeout=180_000)
            return time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=20)
            browser.close()


def measure(start_server, env: dict[str, str], pages: list[str], port: int) -> dict:
    """``first_view_ratio`` (worst page) with the per-page figures, and
    ``start_to_content_s``, each on its own freshly started server."""
    content_s = start_to_content(start_server, env)
    process, base = start_server(env)
    try:
        _wait(base + "/over")
        views = first_views(base, pages)
        floors = floor_times({p: fig for p, (_, fig) in views.items()}, base, port)
    finally:
        process.terminate()
        process.wait(timeout=20)
    per_page = {
        path: {
            "first_chart_s": round(seconds, 2),
            "floor_s": round(floors[path], 2),
            "ratio": round(seconds / floors[path], 2),
        }
        for path, (seconds, _) in views.items()
    }
    worst = max(per_page, key=lambda p: per_page[p]["ratio"])
    return {
        "first_view_ratio": per_page[worst]["ratio"],
        "first_view_worst_page": worst,
        "first_view_pages": per_page,
        "start_to_content_s": round(content_s, 2),
    }


if __name__ == "__main__":
    from bench.run import CHART_PAGES, free_port, prepare_cache, start_server

    with tempfile.TemporaryDirectory() as tmp:
        env = prepare_cache(Path(tmp))
        print(json.dumps(measure(start_server, env, CHART_PAGES, free_port())))
