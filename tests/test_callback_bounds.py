"""The callback cache under a flood: bounded by bytes on disk, keyed on what decides
an answer, and one stored body for the many requests that get the same answer.

A plain Flask route stands in for Dash's (as in test_callback_cache) for the flood;
the key test goes through the real app's memoised gebied navigation callback.
"""

from __future__ import annotations

import flask
import pytest

from dashboard import callback_cache, callback_store
from dashboard.callback_cache import CALLBACK_PATH, CallbackCache, backend_config

OUTPUT = "cb-bounds-content"


def body(value, output: str = OUTPUT) -> dict:
    return {
        "output": f"..{output}.children...other.value..",
        "outputs": [{"id": output, "property": "children"}],
        "inputs": [{"id": "cb-bounds-filter", "property": "value", "value": value}],
        "changedPropIds": ["cb-bounds-filter.value"],
        "state": [],
    }


class Route:
    """A callback route whose answer is ``answer(value)``; counts real runs."""

    def __init__(self, folder, answer, max_bytes: int | None = None) -> None:
        self.server = flask.Flask(__name__)
        self.runs = 0

        @self.server.post(CALLBACK_PATH)
        def dispatch():
            self.runs += 1
            value = flask.request.get_json()["inputs"][0]["value"]
            return flask.Response(answer(value), mimetype="application/json")

        config = backend_config(folder, None)
        if max_bytes is not None:
            config["CACHE_MAX_BYTES"] = max_bytes
        self.cache = CallbackCache(self.server, config, lambda: "v1")
        (self.backend,) = self.server.extensions["cache"].values()
        self.client = self.server.test_client()

    def post(self, value):
        return self.client.post(CALLBACK_PATH, json=body(value))


@pytest.fixture
def memoised():
    callback_cache.memoise_outputs(OUTPUT)
    yield
    callback_cache.MEMOISED.discard(OUTPUT)


def test_the_cache_folder_stays_under_its_byte_budget(tmp_path, memoised):
    budget = 200_000
    answer_bytes = 4_000
    route = Route(
        tmp_path,
        lambda v: f'{{"v": "{v}", "pad": "{"x" * answer_bytes}"}}',
        max_bytes=budget,
    )
    flood = 1_000  # 1,000 distinct answers: about 4 MB unbounded
    for index in range(flood):
        assert route.post(f"waarde-{index}").status_code == 200
    total = route.backend.total_bytes()
    largest_file = answer_bytes + 200  # the answer, pickled, with its header
    slack = callback_store.CHECK_EVERY * largest_file
    print(f"{flood} answers of {answer_bytes} B: {total} B on disk (budget {budget})")
    assert total <= budget + slack
    assert route.post("waarde-999").status_code == 200  # the newest is still served
    assert route.runs == flood  # ... from the cache


def test_an_answer_over_the_entry_limit_is_not_kept(tmp_path, memoised):
    big = callback_cache.MAX_ENTRY_BYTES + 1
    route = Route(tmp_path, lambda v: '"' + "x" * big + '"')
    route.post("a")
    route.post("a")
    assert route.runs == 2
    assert route.backend.total_bytes() < 10_000


def test_requests_with_the_same_answer_share_one_stored_body(tmp_path, memoised):
    fallback = '{"view": "' + "standaard " * 2_000 + '"}'  # about 20 kB
    route = Route(tmp_path, lambda v: fallback)
    forged = 200
    for index in range(forged):
        route.post(f"onbekend-{index}")
    files = list(route.backend._list_dir())
    total = route.backend.total_bytes()
    # one body of ~20 kB and one small reference per request, not 200 bodies
    assert len(files) == forged + 1
    assert total < len(fallback) + forged * 400
    assert route.post("onbekend-7").get_data(as_text=True) == fallback
    assert route.runs == forged


def test_the_budget_comes_from_the_settings_of_the_module():
    config = backend_config("/tmp/x", None)
    assert config["CACHE_MAX_BYTES"] == callback_cache.MAX_BYTES
    assert config["CACHE_TYPE"].endswith("BoundedFileSystemCache")


def test_the_key_ignores_what_does_not_decide_the_answer():
    a = body("x")
    b = {**body("x"), "parsedChangedPropsIds": ["cb-bounds-filter.value"]}
    b["inputs"] = [{"value": "x", "property": "value", "id": "cb-bounds-filter"}]
    assert callback_cache.request_key("v", a) == callback_cache.request_key("v", b)
    assert callback_cache.request_key("v", a) != callback_cache.request_key(
        "v", body("y")
    )
    assert callback_cache.request_key("v", a) != callback_cache.request_key("w", a)


def test_renderer_noise_does_not_split_entries_in_the_real_app(_live_server):
    """The renderer's parsedChangedPropsIds and key order are not part of the key."""
    _live_server.activate()
    client = _live_server.app.server.test_client()
    cache = _live_server.app.server.extensions["coronadash_callback_cache"]
    request = {
        "output": "gebied-nav.href",
        "outputs": {"id": "gebied-nav", "property": "href"},
        "inputs": [
            {"id": "gebied-kies", "property": "value", "value": "den-haag-zuidwest"}
        ],
        "changedPropIds": ["gebied-kies.value"],
        "state": [
            {"id": "gebied-context", "property": "data", "value": {"lang": "nl"}}
        ],
    }
    first = client.post(CALLBACK_PATH, json=request)
    assert first.status_code == 200
    hits = cache.hits
    noisy = dict(reversed(list(request.items())))
    noisy["parsedChangedPropsIds"] = ["gebied-kies.value"]
    second = client.post(CALLBACK_PATH, json=noisy)
    assert second.get_data() == first.get_data()
    assert cache.hits == hits + 1


def test_a_key_changes_with_the_code_that_builds_the_answer(monkeypatch):
    # After an upgrade the old code's stored answers (a page layout too) must not be
    # served: the code digest is part of every key.
    body = {"output": "x.children", "inputs": [{"id": "a", "value": 1}]}
    before = callback_cache.request_key("v", body)
    monkeypatch.setattr(callback_cache, "code_version", lambda: "new-code")
    assert callback_cache.request_key("v", body) != before
