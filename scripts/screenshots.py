"""Screenshots of every page at desktop width (1280 px) and phone width (375 px).

    python scripts/screenshots.py [--out screenshots] [--database-url URL] [--page over]
    python scripts/screenshots.py --readme      # the README pictures, docs/screenshots/

Starts the dashboard on a free loopback port against the configured cache (or
``--database-url``); when that cache is empty it first fills a temporary SQLite file
from the snapshot, so the configured cache is never written. Then Debian's Chromium
(/usr/bin/chromium, through Playwright; never ``playwright install``) opens every page
and writes ``<page>-<width>.png`` (full page) into the output folder. Used to look at
the pages after a change. ``--readme`` writes only the top of four pages (what a user
sees first) into docs/screenshots/ for the README (shrink them with a PNG optimiser
such as pngquant before committing, if one is at hand).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from dashboard import chromium  # noqa: E402  (after the path entry above)
from dashboard.navigation import registered_pages  # noqa: E402

CHROMIUM = chromium.executable()
CHROMIUM_ARGS = chromium.ARGS
# (file name, page module, path): the navigation's pages (dash.page_registry), plus
# a domain without data and the page for an unknown address.
PAGES = [(page.slug, page.name, page.href) for page in registered_pages()] + [
    ("domein-veiligheid", "domein", "/domein/veiligheid"),
    ("niet-gevonden", "not_found_404", "/bestaat-niet"),
]
WIDTHS = (1280, 375)
# README pictures: (file name, path, width, height of the visible part[, the element
# it starts at: the page is scrolled to it first])
README_SHOTS = [
    ("gebied-kloof-1280", "/gebied/den-haag-zuidwest", 1280, 1100, "#gebied-kloof"),
    ("overzicht-1280", "/", 1280, 1000),
    ("domein-1280", "/domein/werk-en-inkomen", 1280, 1060),
    ("corona-1280", "/corona", 1280, 1000),
    ("domein-375", "/domein/werk-en-inkomen", 375, 1500),
]
# Dash idle and every dcc.Graph drawn (same test as tests/browser_pages.py).
RENDERED = """() =>
    !document.querySelector('[data-dash-is-loading="true"], ._dash-loading')
    && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))
"""


def open_cache(database_url: str | None):
    """Settings and a filled cache: the configured one, or a temporary snapshot copy."""
    from data_sources.cache import Cache
    from data_sources.refresh import refresh
    from data_sources.settings import load_settings

    settings = load_settings()
    if database_url:
        settings.database_url = database_url
    cache = Cache(settings.sqlalchemy_url)
    if not cache.is_empty():
        return settings, cache
    folder = Path(tempfile.mkdtemp(prefix="coronadash-screenshots-"))
    settings.database_url = f"sqlite:///{folder / 'cache.sqlite'}"
    print(f"cache is leeg: momentopname laden in {settings.database_url}", flush=True)
    cache = Cache(settings.database_url)
    report = refresh(cache, settings, "snapshot")
    if not report.ok:
        print("let op: niet alle datasets geladen", file=sys.stderr)
    return settings, cache


def start_server(settings, cache, port: int = 0):
    import logging

    from werkzeug.serving import make_server

    from dashboard.app_factory import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request

    app = create_app(settings, cache)
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _open(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#inhoud h1")
    page.wait_for_function(RENDERED)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # MapLibre paints its canvas after the SVG
    return page


def shoot(base_url: str, out: Path, pages: list[tuple[str, str]]) -> list[Path]:
    """Full-page screenshots of ``pages`` at every width in WIDTHS."""
    shots = [
        (f"{name}-{width}", path, width, None)
        for width in WIDTHS
        for name, path in pages
    ]
    return _shoot(base_url, out, shots)


def _shoot(base_url: str, out: Path, shots) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for name, path, width, height, *start in shots:
            started = time.monotonic()
            context = browser.new_context(
                locale="nl-NL", viewport={"width": width, "height": height or 900}
            )
            context.set_default_timeout(120_000)
            page = _open(context, base_url + path)
            target = out / f"{name}.png"
            if start:  # a section further down: from its top, one screen high
                box = page.locator(start[0]).bounding_box()
                page.screenshot(
                    path=str(target),
                    full_page=True,
                    clip={"x": 0, "y": box["y"], "width": width, "height": height},
                )
            else:
                page.screenshot(path=str(target), full_page=height is None)
            context.close()
            written.append(target)
            print(f"{target} ({time.monotonic() - started:.1f} s)", flush=True)
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "screenshots")
    parser.add_argument("--database-url", help="SQLAlchemy-URL van de cache")
    parser.add_argument(
        "--page", action="append", help="alleen deze pagina('s), bv. over"
    )
    parser.add_argument("--port", type=int, default=0, help="standaard: een vrije")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="alleen de README-plaatjes (docs/screenshots)",
    )
    args = parser.parse_args(argv)
    pages = [
        (name, path)
        for name, module, path in PAGES
        if (REPO_ROOT / "dashboard" / "pages" / f"{module}.py").exists()
        and (not args.page or name in args.page or module in args.page)
    ]
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} niet gevonden: apt-get install chromium", file=sys.stderr)
        return 2
    if args.readme and args.out == REPO_ROOT / "screenshots":
        args.out = REPO_ROOT / "docs" / "screenshots"
    args.out.mkdir(parents=True, exist_ok=True)
    settings, cache = open_cache(args.database_url)
    server, base_url = start_server(settings, cache, args.port)
    try:
        if args.readme:
            _shoot(base_url, args.out, README_SHOTS)
        else:
            shoot(base_url, args.out, pages)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
