"""Building and serving the app: settings, a filled cache, the Dash app, and the
server (Flask's own for one process, gunicorn for several).

``cli`` (the ``serve`` command), ``app.py`` and ``wsgi`` (gunicorn's entry point)
all start the dashboard through this module; it imports none of them, so the
start-up path has no import cycle.
"""

from __future__ import annotations

import os
import sys

from data_sources.cache import Cache, CacheError, has_precomputed
from data_sources.settings import ConfigError, Settings, load_settings

from . import gc_policy
from .console import err, fail, run_precompute, run_refresh, safe_url

APP = "dashboard.wsgi:server"
CONFIG = "dashboard.gunicorn_conf"  # limits, keep-alive, headers on its own errors
# Threads per worker. A connection holds its thread while its body arrives, so a
# trickling client (a byte every few seconds) takes one for minutes: with 4, four such
# clients stopped a worker (tests/test_slow_clients.py). 16 leave room for 8 of them
# per worker; the CPU work stays bounded by the GIL and the render slots. Any number
# of slow clients only behind the README's buffering nginx.
THREADS = 16
TIMEOUT_S = 120  # a first callback on a cold worker computes its figures


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line for ``workers`` processes on ``host:port``."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS),
        "--bind",
        f"{host}:{port}",
        "--timeout",
        str(TIMEOUT_S),
        "--graceful-timeout",
        "20",
        "--config",
        f"python:{CONFIG}",
        APP,
    ]


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        fail(f"configuratie: {exc}", 2)
    raise AssertionError  # unreachable


def cache_or_exit(settings: Settings) -> Cache:
    try:
        return Cache(settings.sqlalchemy_url)
    except CacheError as exc:
        fail(f"cache ({safe_url(settings.sqlalchemy_url)}): {exc}")
    raise AssertionError


def filled_cache(settings: Settings) -> Cache:
    """The cache, refreshed first when empty."""
    cache = cache_or_exit(settings)
    try:
        empty = cache.is_empty()
    except CacheError as exc:
        fail(f"cache: {exc}")
    if empty:
        err.print("De cache is leeg: eerst verversen (bron: auto).")
        if not run_refresh(settings, cache, "auto", None, None):
            err.print(
                "[yellow]Niet alles is geladen; het dashboard toont wat er is.[/]"
            )
    elif settings.precompute:
        stored_for_this_code(cache)
    return cache


def stored_for_this_code(cache: Cache) -> None:
    """The figures of a refresh are stored per code version: after an upgrade every
    page would compute them per request until the next refresh. Compute them once
    here, before the server (and all its workers) starts."""
    if has_precomputed(cache):
        return
    err.print(
        "De vooraf berekende cijfers ontbreken of horen bij een andere versie van "
        "het dashboard: eenmalig opnieuw berekenen."
    )
    try:
        run_precompute(cache)
    except Exception as exc:  # noqa: BLE001 - the pages compute them per request
        err.print(
            f"[yellow]Niet gelukt ({type(exc).__name__}); de pagina's rekenen de "
            "cijfers zelf uit.[/]"
        )


def skip_notebook_support() -> None:
    """Dash imports IPython for its notebook support whenever IPython is installed
    (0.4-0.7 s of a 2-3 s start); a server never uses it. Only in a fresh process:
    once dash is imported it changes nothing, and a notebook keeps its IPython."""
    if "dash" not in sys.modules and "IPython" not in sys.modules:
        sys.modules["IPython"] = None  # "import IPython" raises ImportError


# glibc's mallopt parameter for the number of malloc arenas (malloc.h: M_ARENA_MAX)
M_ARENA_MAX = -8
MALLOC_ARENAS = 2


def fewer_malloc_arenas() -> None:
    """glibc gives each new thread its own malloc arena, up to eight per core, and an
    arena keeps what pandas freed in it: a server's request threads made its RSS
    grow by the arena. Two arenas, set before the request threads start (any later
    thread shares them); nothing on a libc without mallopt."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):
        pass


def build_app(settings: Settings):
    """The Dash app on a filled cache (refreshed first when empty)."""
    cache = filled_cache(settings)
    skip_notebook_support()
    fewer_malloc_arenas()
    from dashboard.app_factory import create_app

    # Not with debug: Dash's run() still sets up its dev tools, which Flask
    # refuses once the precompression warm-up has made the first request.
    app = create_app(settings, cache, precompress=not settings.server.debug)
    gc_policy.settle_startup_objects()
    return app


def serve(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    workers: int | None = None,
) -> None:
    workers = workers or settings.server.workers
    host = host or settings.server.host
    if settings.server.debug and not _is_loopback(host):
        # the Werkzeug debugger runs any code a visitor types
        fail(
            f"server.debug staat aan: alleen op 127.0.0.1 of ::1 te starten, niet op "
            f"{host} (zet server.debug uit of server.host op 127.0.0.1)",
            2,
        )
    if workers > 1:
        # Fill the cache once here, not in every worker; then become gunicorn.
        filled_cache(settings)
        command = gunicorn_command(host, port or settings.server.port, workers)
        os.execv(command[0], command)
    from dashboard.hardening import QuietRequestHandler

    dash_app = build_app(settings)
    dash_app.run(
        host=host,
        port=port or settings.server.port,
        debug=settings.server.debug,
        request_handler=QuietRequestHandler,
    )


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
