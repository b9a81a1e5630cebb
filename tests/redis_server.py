"""A throwaway Redis server on loopback for the multi-machine tests.

Uses Debian's ``redis-server`` (``apt-get install redis-server``; ``.ci/run``
installs it). It listens on 127.0.0.1 on a free port, keeps nothing on disk, and is
stopped after the test. Without the binary the test fails and says what to install:
a missing dependency is never hidden behind a skip.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import redis


class RedisUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = _free_port()

    def start(self, seconds: float = 20) -> str:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RedisUnavailable(
                "redis-server ontbreekt: installeer het (apt-get install redis-server)"
            )
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{self.port}/0"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(url, socket_timeout=1).ping():
                    return url
            except redis.RedisError:
                time.sleep(0.1)
        self.stop()
        raise RedisUnavailable(f"redis-server kwam niet op op poort {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
