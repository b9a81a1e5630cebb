"""Production serving: ``coronadash serve --workers N`` becomes gunicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
import requests
from typer.testing import CliRunner

from dashboard import cli
from dashboard.bootstrap import APP, gunicorn_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_command_names_workers_bind_and_the_wsgi_app():
    command = gunicorn_command("127.0.0.1", 8123, 3)
    assert command[:3] == [sys.executable, "-m", "gunicorn"]
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[-1] == APP == "dashboard.wsgi:server"
    assert "--preload" not in command  # connections and threads must not cross fork


class Exec(Exception):
    pass


def test_serve_with_workers_execs_gunicorn(snapshot_cache, monkeypatch):
    seen = {}

    def fake_exec(path, args):
        seen["path"], seen["args"] = path, args
        raise Exec

    monkeypatch.setattr(os, "execv", fake_exec)
    monkeypatch.setenv("CORONADASH_CONFIG", str(config_of(snapshot_cache)))
    result = CliRunner().invoke(
        cli.app, ["serve", "--workers", "2", "--port", "8124"], catch_exceptions=True
    )
    assert isinstance(result.exception, Exec), result.output
    assert seen["args"] == gunicorn_command("127.0.0.1", 8124, 2)
    assert seen["path"] == sys.executable


def config_of(snapshot_cache):
    return snapshot_cache.settings.data_dir / "config.yaml"


@pytest.mark.timeout(240)
def test_gunicorn_workers_answer_the_first_page(snapshot_cache):
    port = free_port()
    env = {**os.environ, "CORONADASH_CONFIG": str(config_of(snapshot_cache))}
    process = subprocess.Popen(
        gunicorn_command("127.0.0.1", port, 2),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        status, deadline = None, time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status = requests.get(
                    f"http://127.0.0.1:{port}/", timeout=5
                ).status_code
                if status == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        assert status == 200, process.stderr.read().decode() if process.poll() else ""
        page = requests.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert '<html lang="nl">' in page.text
    finally:
        process.terminate()
        process.wait(timeout=30)
