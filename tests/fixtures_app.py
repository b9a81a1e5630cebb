"""App fixtures: one snapshot cache per session, the app on a loopback port, Chromium.

``snapshot_cache`` fills a SQLite cache from the reference snapshot once (about 20 s);
page tests and browser tests share it. ``live_server`` serves ``create_app`` with
werkzeug on 127.0.0.1 in a background thread and yields its base URL. ``chromium``
launches Debian's /usr/bin/chromium through Playwright (never ``playwright install``),
headless, with a fresh profile, so the browser tests also run in CI as root without a
display.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard import chromium
from data_sources.cache import Cache
from data_sources.settings import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = chromium.executable()
CHROMIUM_ARGS = chromium.ARGS


@dataclass
class SnapshotCache:
    settings: Settings
    cache: Cache


def snapshot_settings(
    folder: Path,
    snapshot_dir: Path,
    database_url: str,
    gebieden_file: Path = REPO_ROOT / "data_sources" / "gebieden.yaml",
) -> Settings:
    """Settings for a throwaway cache; the catalogs point at a closed loopback port."""
    config = folder / "config.yaml"
    config.write_text(
        f"""
database_url: {database_url}
data_dir: {folder}
snapshot_dir: {snapshot_dir}
gebieden_file: {gebieden_file}
precompute: false
catalogs:
  cbs_v3: http://127.0.0.1:9
  cbs_v3_third_party: http://127.0.0.1:9
  cbs_v4: http://127.0.0.1:9
  corona: http://127.0.0.1:9/corona
http:
  timeout_s: 2
  retries: 0
  backoff_s: 0
""",
        encoding="utf-8",
    )
    return load_settings(config)


@pytest.fixture(scope="session")
def snapshot_cache(snapshot_dir: Path, tmp_path_factory) -> SnapshotCache:
    """A SQLite cache filled from the snapshot once per session (read-only for tests)."""
    from data_sources.refresh import refresh

    folder = tmp_path_factory.mktemp("app-cache")
    settings = snapshot_settings(
        folder, snapshot_dir, f"sqlite:///{folder / 'cache.sqlite'}"
    )
    cache = Cache(settings.sqlalchemy_url)
    report = refresh(cache, settings, "snapshot")
    assert report.ok, [o.message for o in report.outcomes if not o.ok]
    return SnapshotCache(settings, cache)


@dataclass
class SharedApp:
    app: object
    service: object
    settings: Settings

    def activate(self) -> None:
        """Point the pages at this app's service again (other tests build apps)."""
        from dashboard import state

        state.configure(self.service, self.settings)


@pytest.fixture(scope="session")
def _shared_app(snapshot_cache: SnapshotCache) -> SharedApp:
    """One app (no warm-up) for every module that only reads it: its service computes
    each page's figures once per session, not once per module (20-50 s each)."""
    from dashboard import state
    from dashboard.app_factory import create_app

    app = create_app(snapshot_cache.settings, snapshot_cache.cache, warm=False)
    shared = SharedApp(app, state.service(), snapshot_cache.settings)
    # Dash hands the pages' global `dash.callback`s to the first app that serves a
    # request: take them now, before another test builds its own app.
    assert app.server.test_client().get("/").status_code == 200
    return shared


@pytest.fixture(scope="module")
def snapshot_app(_shared_app: SharedApp):
    """The dashboard on the snapshot cache (no warm-up), shared by the modules that
    only read it (a test that changes an app or its settings builds its own). The
    pages are pointed at its service for the module; ``_pages_keep_their_service``
    puts them back after each test that swaps it."""
    _shared_app.activate()
    return _shared_app.app


@pytest.fixture(scope="module")
def snapshot_service(snapshot_app, _shared_app: SharedApp):
    """The query service of ``snapshot_app``."""
    return _shared_app.service


@pytest.fixture(scope="session")
def shared_service(_shared_app: SharedApp):
    """The query service on the snapshot cache for the modules that only read it
    and do not need the pages pointed at it: the memo fills once per session."""
    return _shared_app.service


def _free_port(host: str) -> int:
    """Port 0 (the OS picks a free one) unless CORONADASH_TEST_PORTS=8070-8079 is set."""
    import socket

    wanted = os.environ.get("CORONADASH_TEST_PORTS")
    if not wanted:
        return 0
    low, _, high = wanted.partition("-")
    for port in range(int(low), int(high or low) + 1):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"geen vrije poort in {wanted}")


class LiveServer:
    """The dashboard on 127.0.0.1 in a daemon thread (werkzeug, threaded)."""

    def __init__(self, settings: Settings, cache: Cache, host: str = "127.0.0.1"):
        from werkzeug.serving import make_server

        from dashboard import state
        from dashboard.app_factory import create_app

        self.app = create_app(settings, cache)
        self.service = state.service()
        self.settings = settings
        # Dash hands the global `dash.callback`s of the pages to the first app that
        # serves a request; take them now, before another test builds its own app.
        self.app.server.test_client().get("/")
        self.server = make_server(
            host, _free_port(host), self.app.server, threaded=True
        )
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)

    def activate(self) -> None:
        """Point the pages at this server's service again (other tests may build apps)."""
        from dashboard import state

        state.configure(self.service, self.settings)


@pytest.fixture(scope="session")
def _live_server(snapshot_cache: SnapshotCache):
    with LiveServer(snapshot_cache.settings, snapshot_cache.cache) as server:
        yield server


@pytest.fixture
def live_server(_live_server: LiveServer) -> str:
    """Base URL of the running dashboard (http://127.0.0.1:<port>), no trailing slash."""
    _live_server.activate()
    return _live_server.url


def launch_chromium(playwright):
    """Debian's Chromium through Playwright: headless, no phoning home. Playwright
    gives every launch a fresh temporary profile (--user-data-dir) and removes it."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )


def new_context(browser, width: int = 1280, height: int = 900):
    return browser.new_context(
        locale="nl-NL", viewport={"width": width, "height": height}
    )


@pytest.fixture(scope="session")
def chromium():
    """A Playwright Browser on /usr/bin/chromium, one per session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} niet gevonden: apt-get install chromium", pytrace=False
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def chromium_context(chromium):
    """A fresh browser context (no cookies, no storage) per test, 1280 px wide."""
    context = new_context(chromium)
    context.set_default_timeout(60_000)
    # The first visit of a page computes (and memoises) its figures: allow for that.
    context.set_default_navigation_timeout(90_000)
    yield context
    context.close()


@pytest.fixture(scope="session")
def rendered_page(_live_server, chromium):
    """``get(path, width=1280) -> (page, watch)``: each page loaded once per session
    and width and kept open, for the checks that only read a page (loads cleanly,
    axe, names of controls); 375 is a phone."""
    from browser_pages import open_page

    contexts = {}
    loaded = {}

    def get(path: str, width: int = 1280):
        _live_server.activate()
        if width not in contexts:
            context = new_context(chromium, width, 900 if width >= 1000 else 800)
            context.set_default_timeout(60_000)
            context.set_default_navigation_timeout(90_000)
            contexts[width] = context
        if (path, width) not in loaded:
            loaded[(path, width)] = open_page(contexts[width], _live_server.url + path)
        return loaded[(path, width)]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture
def browser_type_launch_args(pytestconfig):
    """For pytest-playwright's own fixtures, should a test use them: Debian's Chromium."""
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}
