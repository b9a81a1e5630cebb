"""Static bundles compressed once with Brotli at its highest quality, not per request.

Brotli quality 11 makes plotly.js a third smaller than the on-the-fly levels, but
takes seconds per bundle, so it never runs inside a request. When serving starts,
a background thread fetches the first page, every script and stylesheet it names
(through the app itself, no network) and compresses each once; the result is kept by
content digest in memory and under ``<data_dir>/compressed/`` (shared by workers and
kept across restarts; one worker compresses a bundle, the others wait for its file). A static response whose content has a stored Brotli body is
answered with it; anything else goes to flask-compress as before.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import flask

STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/geo/")
MIN_BYTES = 4096
QUALITY = 11
LOCK_STALE_S = 300  # a compression takes seconds; an older lock is abandoned
_LINKS = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"')


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Precompressed:
    def __init__(self, server: flask.Flask, folder: Path) -> None:
        self.server = server
        self.folder = Path(folder)
        self.bodies: dict[str, bytes] = {}
        self.ready = threading.Event()
        self._pending: set[str] = set()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brotli")
        # Registered after flask-compress, so it runs first and flask-compress then
        # leaves the response alone (it skips a set Content-Encoding).
        server.after_request(self._serve)

    def _stored(self, key: str) -> bytes | None:
        body = self.bodies.get(key)
        if body is None:
            path = self.folder / f"{key}.br"
            if path.exists():
                body = self.bodies[key] = path.read_bytes()
        return body

    def compress(self, data: bytes) -> bytes | None:
        """The stored Brotli body of ``data``, made now if no worker has made it."""
        key = digest(data)
        body = self._stored(key)
        if body is not None:
            return body
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = self.folder / f"{key}.lock"
        if lock.exists() and time.time() - lock.stat().st_mtime > LOCK_STALE_S:
            lock.unlink(missing_ok=True)  # left by a worker that died meanwhile
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return None  # another worker is compressing it
        try:
            body = brotli.compress(data, quality=QUALITY)
            partial = self.folder / f"{key}.br.{os.getpid()}"
            partial.write_bytes(body)
            partial.replace(self.folder / f"{key}.br")  # atomic for other workers
            self.bodies[key] = body
        finally:
            os.close(handle)
            lock.unlink(missing_ok=True)
        return body

    def _serve(self, response: flask.Response) -> flask.Response:
        request = flask.request
        if (
            request.method != "GET"
            or not request.path.startswith(STATIC_PREFIXES)
            or response.status_code != 200
            or "Content-Encoding" in response.headers
            or "br" not in request.headers.get("Accept-Encoding", "")
        ):
            return response
        response.direct_passthrough = False
        data = response.get_data()
        if len(data) < MIN_BYTES:
            return response
        key = digest(data)
        body = self._stored(key)
        if body is None:
            # e.g. a chunk Dash loads later: compressed once in the background
            if key not in self._pending:
                self._pending.add(key)
                self._worker.submit(self.compress, data)
            return response
        response.set_data(body)
        response.headers["Content-Encoding"] = "br"
        response.headers["Vary"] = "Accept-Encoding"
        return response

    def warm(self, page: str = "/") -> None:
        """Compress every script and stylesheet of ``page`` once (background)."""
        try:
            client = self.server.test_client()
            html = client.get(page).get_data(as_text=True)
            for url in dict.fromkeys(_LINKS.findall(html)):
                if not url.startswith(STATIC_PREFIXES):
                    continue
                answer = client.get(url, headers={"Accept-Encoding": "identity"})
                data = answer.get_data()
                if answer.status_code == 200 and len(data) >= MIN_BYTES:
                    self.compress(data)
        finally:
            self.ready.set()


def install(server: flask.Flask, data_dir: Path, enabled: bool) -> Precompressed | None:
    """Serve the Brotli bodies; off for test apps. Start making them with
    :func:`start` once the app is fully set up: the warm-up is the app's first
    request, after which Flask refuses any further setup (AssertionError)."""
    if not enabled:
        return None
    return Precompressed(server, Path(data_dir) / "compressed")


def start(store: Precompressed | None) -> None:
    if store is not None:
        threading.Thread(target=store.warm, name="precompress", daemon=True).start()
