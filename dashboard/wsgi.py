"""WSGI entry point for production serving: ``gunicorn dashboard.wsgi:server``.

Each gunicorn worker builds its own app on first access of ``server`` (no
``--preload``: database connections and the warm-up threads must not cross a fork).
``coronadash serve --workers N`` fills an empty cache first, then runs gunicorn with
:func:`gunicorn_command`; the workers share the SQL cache, the memoised callbacks
(files under the data dir, or Redis) and the Brotli bundles.
"""

from __future__ import annotations

import sys

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


def __getattr__(name: str):
    # Built on first access only, so importing this module stays cheap.
    if name == "server":
        from dashboard.cli import build_app, settings_or_exit

        return build_app(settings_or_exit()).server
    raise AttributeError(name)
