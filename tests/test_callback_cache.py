"""The memoised callback responses (dashboard/callback_cache.py).

A plain Flask app stands in for Dash's callback route (a Dash app here would take
the pages' global callbacks from the app the page tests use): it counts how often
the callback really runs, so a cache hit is visible as a count that stays put.
"""

from __future__ import annotations

import gzip
import json

import flask
import pytest
from flask_compress import Compress

from dashboard import callback_cache
from dashboard.callback_cache import CALLBACK_PATH, CallbackCache, backend_config

OUTPUT = "cc-test-content"


class FakeDash:
    """A callback route that renders its input; ``version`` plays the data version."""

    def __init__(self, folder, version: str = "v1", compress: bool = False) -> None:
        self.server = flask.Flask(__name__)
        if compress:
            Compress(self.server)  # as create_app: before the cache
        self.calls = 0
        self.version = version

        @self.server.post(CALLBACK_PATH)
        def dispatch():
            body = flask.request.get_json()
            self.calls += 1
            value = body["inputs"][0]["value"]
            if value == "niets":
                return flask.Response(status=204)  # PreventUpdate
            return flask.jsonify(
                {"rendered": value, "call": self.calls, "table": ["0,0"] * 400}
            )

        self.cache = CallbackCache(
            self.server, backend_config(folder, None), lambda: self.version
        )
        self.client = self.server.test_client()

    def post(self, value, output: str = OUTPUT, encoding: str = "identity"):
        body = {
            "output": f"..{output}.children...other.value..",
            "outputs": [{"id": output, "property": "children"}],
            "inputs": [{"id": "cc-test-filter", "property": "value", "value": value}],
            "changedPropIds": ["cc-test-filter.value"],
            "state": [],
        }
        return self.client.post(
            CALLBACK_PATH, json=body, headers={"Accept-Encoding": encoding}
        )


@pytest.fixture
def memoised():
    callback_cache.memoise_outputs(OUTPUT)
    yield
    callback_cache.MEMOISED.discard(OUTPUT)


def test_second_identical_call_is_served_from_the_cache(tmp_path, memoised):
    app = FakeDash(tmp_path)
    first = app.post("rotterdam-zuid")
    second = app.post("rotterdam-zuid")
    assert first.status_code == second.status_code == 200
    assert app.calls == 1
    assert second.get_json() == first.get_json()
    assert (app.cache.hits, app.cache.misses) == (1, 1)


def test_a_hit_is_served_compressed_without_compressing_again(tmp_path, memoised):
    app = FakeDash(tmp_path, compress=True)
    first = app.post("rotterdam-zuid", encoding="gzip")
    second = app.post("rotterdam-zuid", encoding="gzip")
    plain = app.post("rotterdam-zuid")
    assert app.calls == 1
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"]
    assert second.headers["Content-Encoding"] == "gzip"
    assert app.cache.compressed_hits == 1  # the stored bytes, not a new compression
    assert second.data == first.data
    assert json.loads(gzip.decompress(second.data)) == plain.get_json()
    assert "Content-Encoding" not in plain.headers


def test_a_new_data_version_invalidates_the_entry(tmp_path, memoised):
    app = FakeDash(tmp_path)
    app.post("rotterdam-zuid")
    app.version = "v2"  # a refresh landed
    answer = app.post("rotterdam-zuid")
    assert app.calls == 2
    assert answer.get_json()["call"] == 2


def test_different_inputs_never_share_an_entry(tmp_path, memoised):
    app = FakeDash(tmp_path)
    values = ["rotterdam-zuid", "utrecht-overvecht", ["rotterdam-zuid"], None]
    answers = [app.post(value).get_json() for value in values]
    assert app.calls == len(values)
    assert [a["rendered"] for a in answers] == values
    assert [app.post(value).get_json() for value in values] == answers
    assert app.calls == len(values)


def test_prevent_update_answers_are_memoised_too(tmp_path, memoised):
    app = FakeDash(tmp_path)
    assert app.post("niets").status_code == 204
    assert app.post("niets").status_code == 204
    assert app.calls == 1


def test_callbacks_not_registered_always_run(tmp_path, memoised):
    app = FakeDash(tmp_path)
    app.post("x", output="cc-test-elsewhere")
    app.post("x", output="cc-test-elsewhere")
    assert app.calls == 2
    assert app.cache.hits == 0


def test_workers_sharing_the_data_dir_share_the_entries(tmp_path, memoised):
    one, two = FakeDash(tmp_path), FakeDash(tmp_path)
    rendered = one.post("rotterdam-zuid").get_json()
    assert two.post("rotterdam-zuid").get_json() == rendered
    assert two.calls == 0


def test_redis_is_chosen_by_url_and_files_otherwise(tmp_path):
    assert backend_config(tmp_path, "redis://127.0.0.1:6379/0")["CACHE_TYPE"] == (
        "RedisCache"
    )
    files = backend_config(tmp_path, None)
    assert files["CACHE_TYPE"].endswith("FileSystemCache")  # bounded by bytes too
    assert files["CACHE_DIR"].startswith(str(tmp_path))


def test_version_token_changes_when_a_refresh_lands(tmp_path, monkeypatch):
    from tiny_cache import tiny_cache, tiny_dataset

    from dashboard import services

    monkeypatch.setattr(services.memo, "VERSION_CHECK_S", 0.0)
    cache = tiny_cache(f"sqlite:///{tmp_path / 'cache.sqlite'}")
    service = services.Service(cache)
    before = service.version_token()
    assert service.version_token() == before
    cache.write(tiny_dataset(scale=2.0))  # a refresh of the dataset lands
    assert service.version_token() != before


# -- the real app: keys made of the validated values ---------------------------------


def cache_files(folder) -> set[str]:
    """The entries on disk (FileSystemCache keeps a count file beside them)."""
    return {p.name for p in (folder / "callback-cache").iterdir()} - {
        "__wz_cache_count"
    }


def test_unknown_values_share_the_fallback_entry_of_the_real_app(
    snapshot_cache, tmp_path
):
    from test_hostile_input import UPDATE, body_for

    from dashboard.app_factory import create_app

    settings = snapshot_cache.settings.model_copy(update={"data_dir": tmp_path})
    app = create_app(settings, snapshot_cache.cache, warm=False)
    client = app.server.test_client()
    assert client.get("/domein/werk-en-inkomen").status_code == 200
    dep = next(
        d
        for d in client.get("/_dash-dependencies").get_json()
        if "domein-content.children" in d["output"]
    )
    context = {"domain": "werk-en-inkomen", "lang": "nl"}

    def post(indicator, gebied=None):
        body = body_for(dep, [indicator, None, None, gebied, None], [context, ""])
        response = client.post(UPDATE, json=body)
        assert response.status_code == 200, response.data[:300]
        return response.get_json()

    fallback = post(None)
    after_first = cache_files(tmp_path)
    assert after_first  # the fallback view is stored
    flood = 40
    for n in range(flood):
        assert post(f"onbekend-{n}", gebied=f"<gebied {n}>") == fallback
    # 40 distinct forged values, one key: not a single new file
    assert cache_files(tmp_path) == after_first
    cache = app.server.extensions["coronadash_callback_cache"]
    assert cache.hits == flood
    # a real other choice is a view of its own, with its own entry
    from dashboard import state
    from dashboard.views import domein

    service = state.service()
    shown = domein.resolve(service, "werk-en-inkomen", {}, strict=False).indicator
    other = next(
        i.id
        for i in service.catalogue.in_domain("werk-en-inkomen")
        if i.id != shown and i.id not in service.problems()
    )
    assert post(other) != fallback
    assert len(cache_files(tmp_path)) > len(after_first)
