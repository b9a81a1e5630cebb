"""Slow clients do not stop the server (issue 15, point 11): eight connections that
send their request body one byte every 2 seconds each hold a thread of gunicorn as
``coronadash serve --workers N`` runs it (gthread, ``bootstrap.THREADS`` per worker), so a
normal visitor still gets an answer meanwhile. One worker, so that all eight land on
it (with 2 they may spread and hide the problem): with 4 threads, this failed.
Production still runs behind the README's buffering nginx, which keeps any number of
them away from gunicorn.
"""

from __future__ import annotations

import socket
import threading

import pytest
import requests
import served

SLOW = 8
BODY = b'{"output": "app-nav.children", "inputs": [], "state": []}' * 4

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def trickle(port: int, stop: threading.Event, started: threading.Barrier) -> None:
    """A callback request whose headers come at once and whose body comes a byte
    every 2 seconds, until ``stop``."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(BODY)
        )
        started.wait()
        for byte in BODY:
            if stop.wait(2.0):
                return
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return  # the server gave up on us: fine too


def test_eight_trickling_clients_leave_room_for_a_normal_request(snapshot_cache):
    config = snapshot_cache.settings.data_dir / "config.yaml"
    with served.gunicorn(config, workers=1) as base:
        port = int(base.rsplit(":", 1)[1])
        stop = threading.Event()
        started = threading.Barrier(SLOW + 1)
        slow = [
            threading.Thread(target=trickle, args=(port, stop, started), daemon=True)
            for _ in range(SLOW)
        ]
        for client in slow:
            client.start()
        started.wait()
        try:
            # each has sent some body bytes: it sits in a worker thread now
            stop.wait(6.0)
            assert all(client.is_alive() for client in slow)
            for path in ("/over", "/_dash-dependencies"):
                response = requests.get(base + path, timeout=60)
                assert response.status_code == 200, path
        finally:
            stop.set()
            for client in slow:
                client.join(timeout=30)
