"""A throwaway PostgreSQL server on loopback for the cache tests.

Uses Debian's server binaries (``apt-get install postgresql``) unless
``CORONADASH_TEST_POSTGRES_URL`` names a server to use. The server lives in a temporary
folder, listens on 127.0.0.1 on a free port, and is stopped after the session. When
neither is available the PostgreSQL tests fail with a message saying what to install:
a missing dependency is never hidden behind a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            raise PostgresUnavailable(
                "PostgreSQL-serverprogramma's niet gevonden: installeer ze "
                "(apt-get install postgresql) of zet CORONADASH_TEST_POSTGRES_URL"
            )
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="coronadash-pg-"))
        self.datadir = self.root / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.root, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def start(self) -> str:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-U",
            "coronadash",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        self.resume()
        self._run(
            str(self.bindir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "coronadash",
            "coronadash_test",
        )
        return f"postgresql+psycopg://coronadash@127.0.0.1:{self.port}/coronadash_test"

    def resume(self) -> None:
        """Start the server (again) on its port and data folder."""
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def pause(self) -> None:
        """Stop the server but keep its data: a database that goes away mid-session."""
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-m",
            "fast",
            "-w",
            "stop",
        )

    def stop(self) -> None:
        try:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-m",
                "immediate",
                "stop",
            )
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.2)
        shutil.rmtree(self.root, ignore_errors=True)
