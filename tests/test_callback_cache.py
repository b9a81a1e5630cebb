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


# -- every page's memoised callbacks: keys of the checked values ---------------------


def _keys_cases(service, page_module):
    """Per memoised callback: (output, two forged bodies' values, two valid
    choices' values, which input changed). Values are (inputs, state). Where a
    callback echoes an unknown text in a notice (gebied, corona, overzicht: the
    notice is part of the answer, so of the key), the forged values are of a wrong
    type, which the callbacks read as "nothing chosen" without a notice."""
    domein_ctx = {"domain": "werk-en-inkomen", "lang": "nl"}
    werk = [
        i.id
        for i in service.catalogue.in_domain("werk-en-inkomen")
        if i.id not in service.problems()
    ]
    gebied = service.catalogue.pages.gebied
    others = [a.id for a in service.registry.gebieden() if a.id != gebied]
    gebied_ctx = {"gebied": gebied, "lang": "nl"}
    wijk_maps = [i.id for i in service.catalogue.indicators if i.level == "wijk"]
    corona = page_module("corona")
    from dashboard.views import corona as corona_views
    from dashboard.views import overzicht as overzicht_views

    overzicht = page_module("overzicht")
    gap_body = overzicht.gap_card.BODY
    measures = list(corona_views.MEASURES)[:2]
    sorts = list(overzicht.SORTS)[:2]
    gap_sorts = list(overzicht_views.SORTS)[:2]
    return [
        (
            "domein-indicator.value",
            [(["?indicator=onbekend-1"], [None] * 5 + [domein_ctx])]
            + [(["?indicator=<x>&gebied=nergens"], [None] * 5 + [domein_ctx])],
            [([f"?indicator={i}"], [None] * 5 + [domein_ctx]) for i in werk[:2]],
            0,
        ),
        (
            "vergelijken-content.children",
            [([["atlantis"], ["geluk"], "1850"], [{"lang": "nl"}, None])]
            + [([["<b>"], ["x" * 40], "laatste"], [{"lang": "nl"}, None])],
            [([["rotterdam-zuid"], ["woz-waarde-wijk"], None], [{"lang": "nl"}, None])]
            + [([[gebied], ["woz-waarde-wijk"], None], [{"lang": "nl"}, None])],
            0,
        ),
        (
            "vergelijken-gebieden.value",
            [(["?gebied=atlantis"], [None, None, None, {"lang": "nl"}])]
            + [
                (
                    ["?gebied=nergens&indicator=geluk"],
                    [None, None, None, {"lang": "nl"}],
                )
            ],
            [(["?gebied=rotterdam-zuid"], [None, None, None, {"lang": "nl"}])]
            + [([f"?gebied={gebied}"], [None, None, None, {"lang": "nl"}])],
            0,
        ),
        (
            "data-table.children",
            [([["geluk"], ["atlantis"], ["1850"], 1], ["nl", None])]
            + [([["<b>"], ["nergens"], [], 2], ["nl", None])],
            [([["inwoners"], ["NL01"], [], 1], ["nl", None])]
            + [([["inwoners"], ["GM0599"], [], 1], ["nl", None])],
            0,
        ),
        (
            f"{corona.MAP_ID}.children",
            [([{"maat": 1}, {"p": 1}, True, [3]], ["nl", None])]
            + [([{"maat": 2}, [True], {"g": 2}, False], ["nl", None])],
            [([measures[0], None, None, None], ["nl", None])]
            + [([measures[1], None, None, None], ["nl", None])],
            0,
        ),
        (
            "gebied-nav.href",
            [(["atlantis"], [gebied_ctx])] + [(["<script>"], [gebied_ctx])],
            [([g], [gebied_ctx]) for g in others[:2]],
            0,
        ),
        (
            "gebied-kaart-body.children",
            [([{"m": 1}, None, None, None, None, None], [gebied_ctx, None])]
            + [([[True], None, None, None, None, None], [gebied_ctx, None])],
            [([wijk_maps[0], None, None, None, None, None], [gebied_ctx, None])]
            + [([wijk_maps[1], None, None, None, None, None], [gebied_ctx, None])],
            0,
        ),
        (
            f"{overzicht.HEATMAP_BODY}.children",
            [([{"s": 1}, {"g": 1}], ["nl"])] + [([True, 7], ["nl"])],
            [([sorts[0], []], ["nl"])] + [([sorts[1], []], ["nl"])],
            0,
        ),
        (
            f"{gap_body}.children",
            [([{"s": 1}, None, None, None, None], ["nl", None])]
            + [([[False], None, None, None, None], ["nl", None])],
            [([gap_sorts[0], None, None, None, None], ["nl", None])]
            + [([gap_sorts[1], None, None, None, None], ["nl", None])],
            0,
        ),
    ]


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_every_memoised_callback_keys_on_its_checked_values(snapshot_cache, tmp_path):
    """Two forged bodies whose values are unknown land on one cache entry (the
    second is a hit with the same answer); two different valid choices get two keys
    (not rendered here: the Domein test above renders its pair)."""
    from page_helpers import page_module
    from test_hostile_input import UPDATE, body_for

    from dashboard import state
    from dashboard.app_factory import create_app

    settings = snapshot_cache.settings.model_copy(update={"data_dir": tmp_path})
    app = create_app(settings, snapshot_cache.cache, warm=False)
    client = app.server.test_client()
    dependencies = client.get("/_dash-dependencies").get_json()
    service = state.service()
    # the pages' memoised callbacks (the page router's answer, _pages_content, is
    # keyed on its raw request: a page's address)
    pages = {
        o
        for o in callback_cache.MEMOISED - {"_pages_content"}
        if any(f"{o}." in d["output"] for d in dependencies)
    }
    assert pages <= set(callback_cache.CANONICAL), pages - set(callback_cache.CANONICAL)
    cases = _keys_cases(service, page_module)
    assert {output.split(".")[0] for output, *_ in cases} | {"domein-content"} == pages

    def body(output, values, changed):
        dep = next(d for d in dependencies if output in d["output"])
        return body_for(dep, *values, changed=changed)

    def post(request):
        response = client.post(UPDATE, json=request)
        assert response.status_code in (200, 204), (request, response.data[:300])
        return response

    version = service.version_token()
    for output, forged, valid, changed in cases:
        first, second = (body(output, v, changed) for v in forged)
        assert callback_cache.request_key(version, first) == callback_cache.request_key(
            version, second
        ), output
        answer = post(first)
        again = post(second)
        assert again.headers[callback_cache.HIT_HEADER] == "hit", output
        assert again.data == answer.data, output
        one, other = (body(output, v, changed) for v in valid)
        assert callback_cache.request_key(version, one) != callback_cache.request_key(
            version, other
        ), output
