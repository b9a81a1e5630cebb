"""Static bundles compressed once with Brotli 11 (dashboard/precompressed.py)."""

from __future__ import annotations

import time

import brotli
import flask

from dashboard.precompressed import MIN_BYTES, Precompressed, digest

BUNDLE = b"".join(b"function f%d(){return %d}\n" % (i, i) for i in range(2000))


def app_with_store(folder) -> tuple[flask.Flask, Precompressed]:
    server = flask.Flask(__name__)

    @server.get("/assets/bundle.js")
    def bundle():
        return flask.Response(BUNDLE, mimetype="application/javascript")

    @server.get("/elsewhere.js")
    def elsewhere():
        return flask.Response(BUNDLE, mimetype="application/javascript")

    return server, Precompressed(server, folder)


def wait_for(path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def get(server, path: str, encoding: str = "gzip, deflate, br"):
    return server.test_client().get(path, headers={"Accept-Encoding": encoding})


def test_a_bundle_is_compressed_once_then_served_from_the_store(tmp_path):
    assert len(BUNDLE) > MIN_BYTES
    server, store = app_with_store(tmp_path)
    first = get(server, "/assets/bundle.js")
    assert "Content-Encoding" not in first.headers  # never compressed in a request
    wait_for(tmp_path / f"{digest(BUNDLE)}.br")
    second = get(server, "/assets/bundle.js")
    assert second.headers["Content-Encoding"] == "br"
    assert brotli.decompress(second.data) == BUNDLE
    assert len(second.data) < len(BUNDLE) / 4


def test_other_workers_use_the_stored_file(tmp_path):
    one, _ = app_with_store(tmp_path)
    get(one, "/assets/bundle.js")
    wait_for(tmp_path / f"{digest(BUNDLE)}.br")
    other, store = app_with_store(tmp_path)
    answer = get(other, "/assets/bundle.js")
    assert answer.headers["Content-Encoding"] == "br"
    assert not store._pending  # nothing compressed again


def test_clients_without_brotli_and_other_paths_are_left_alone(tmp_path):
    server, store = app_with_store(tmp_path)
    store.compress(BUNDLE)
    assert "Content-Encoding" not in get(server, "/assets/bundle.js", "gzip").headers
    assert "Content-Encoding" not in get(server, "/elsewhere.js").headers
    assert get(server, "/assets/bundle.js").headers["Content-Encoding"] == "br"
