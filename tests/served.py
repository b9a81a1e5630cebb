"""The dashboard served as in production, for tests over real HTTP: ``gunicorn`` with
the command line of ``coronadash serve --workers N`` on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from dashboard.bootstrap import gunicorn_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, log, seconds: float = 180):
    """Until the callback list answers (every page module loaded), or fail with the
    server's last log lines (``log``: its stderr file)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(base + "/_dash-dependencies", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.terminate()
    process.wait(timeout=30)
    log.seek(0)
    text = log.read().decode(errors="replace")
    raise AssertionError(f"gunicorn kwam niet op: {text[-2000:]}")


@contextmanager
def gunicorn(config: Path, workers: int = 1, env: dict[str, str] | None = None):
    """Base URL of gunicorn serving the dashboard of ``config`` with ``workers``."""
    port = free_port()
    # a file, not a pipe: a pipe nobody reads fills up and stops the server
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        gunicorn_command("127.0.0.1", port, workers),
        env={**os.environ, "CORONADASH_CONFIG": str(config), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def serve_run_arguments(monkeypatch, settings) -> dict:
    """What ``coronadash serve`` (one process) hands Dash's ``run()``: the app is a
    stand-in, so nothing listens."""
    from dashboard import bootstrap

    calls = []

    class StandIn:
        def run(self, **kwargs):
            calls.append(kwargs)

    monkeypatch.setattr(bootstrap, "build_app", lambda settings: StandIn())
    bootstrap.serve(settings)
    (call,) = calls
    return call
