"""gunicorn's own answers (the app never sees those requests) carry the security
headers and no versions, through the real ``coronadash serve --workers`` command."""

from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest
import requests

from dashboard.bootstrap import gunicorn_command
from dashboard.security import STATIC_HEADERS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(snapshot_cache):
    port = free_port()
    config = snapshot_cache.settings.data_dir / "config.yaml"
    process = subprocess.Popen(
        gunicorn_command("127.0.0.1", port, 1),
        env={**os.environ, "CORONADASH_CONFIG": str(config)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if requests.get(base + "/_dash-dependencies", timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        assert process.poll() is None, process.stderr.read().decode()[-2000:]
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def raw(port: int, request: bytes) -> tuple[int, dict[str, str]]:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin1").split("\r\n")
    status = int(head[0].split()[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
        (
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
            + b"b" * 10_000
            + b"\r\n\r\n",
            431,
        ),
        (
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + b"".join(b"X-%d: 1\r\n" % i for i in range(200))
            + b"\r\n",
            431,
        ),
        (b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 400),
    ],
)
def test_gunicorns_own_error_answers_carry_the_security_headers(
    gunicorn, request_bytes, status
):
    got, headers = raw(gunicorn, request_bytes)
    assert got == status
    for name, value in STATIC_HEADERS:
        assert headers.get(name.lower()) == value, name


def test_the_server_header_of_gunicorn_names_no_version(gunicorn):
    response = requests.get(f"http://127.0.0.1:{gunicorn}/over", timeout=30)
    assert response.status_code == 200
    server = response.headers.get("Server", "")
    assert not any(char.isdigit() for char in server), server


def test_an_unknown_host_through_gunicorn_is_a_400(gunicorn):
    response = requests.get(
        f"http://127.0.0.1:{gunicorn}/", headers={"Host": "evil.example"}, timeout=30
    )
    assert response.status_code == 400
    assert "evil" not in response.text
