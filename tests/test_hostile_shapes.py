"""Hostile request shapes and sizes, through the real app (Flask test client).

test_hostile_input generates *values* for well-formed callback bodies; here the
bodies themselves are forged: a top-level list, ``outputs`` missing or of the wrong
type, wildcard ids sent literally, too few or too many inputs, nesting up to 100,000
deep, bodies of megabytes. Each must get a 400 (413 when too large) with a short JSON
body and one log line without a traceback, never a 500; a body the renderer would
send still gets its answer. Also Dash's own routes: unknown bundle paths, the
hot-reload hash, unknown pages and the ``Server`` header.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_input import CRASH_MARKERS, PAGE_ROUTING, UPDATE, body_for

from dashboard import request_guard

NAV = {
    "output": "app-nav.children",
    "outputs": {"id": "app-nav", "property": "children"},
    "inputs": [
        {"id": "app-url", "property": "pathname", "value": "/over"},
        {"id": "app-url", "property": "search", "value": ""},
    ],
    "changedPropIds": ["app-url.pathname"],
    "parsedChangedPropsIds": ["app-url.pathname"],
}


@pytest.fixture(scope="module")
def client(_live_server):
    _live_server.activate()
    return _live_server.app.server.test_client()


@pytest.fixture(scope="module")
def valid_bodies(client) -> list[dict]:
    """One body per server-side callback, as the renderer builds it (values None)."""
    deps = client.get("/_dash-dependencies").get_json()
    bodies = [NAV]
    for dep in deps:
        if dep.get("clientside_function"):
            continue
        values = ["/over", ""] if PAGE_ROUTING in dep["output"] else [None] * 10
        bodies.append(
            body_for(dep, values[: len(dep["inputs"])], [None] * len(dep["state"]))
        )
    return bodies


def post(client, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(UPDATE, data=data, content_type="application/json")


def assert_refused(response, status: int = 400) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    answer = response.get_json()
    assert answer["fout"] == "ongeldig verzoek" and answer["reden"]
    assert len(response.get_data()) < 600  # short: no echo of the body


def assert_not_a_crash(response) -> None:
    assert response.status_code in (200, 204, 400), response.status_code
    text = response.get_data(as_text=True)
    for marker in CRASH_MARKERS:
        assert marker not in text, (marker, text[:300])
    if response.status_code == 400:
        assert_refused(response)


@pytest.mark.slow  # many seconds (the fast lane leaves it out)
def test_every_callback_body_as_the_renderer_builds_it_is_answered(
    client, valid_bodies
):
    assert len(valid_bodies) > 10
    for body in valid_bodies:
        response = post(client, body)
        assert response.status_code in (200, 204), (body["output"], response.data)


FORGED = {
    "top-level list": [NAV],
    "a number": 3,
    "outputs missing": {k: v for k, v in NAV.items() if k != "outputs"},
    "outputs a number": {**NAV, "outputs": 3},
    "outputs a list for one output": {**NAV, "outputs": [NAV["outputs"]]},
    "output missing": {k: v for k, v in NAV.items() if k != "output"},
    "output unknown": {**NAV, "output": "nope.children"},
    "output a list": {**NAV, "output": ["app-nav.children"]},
    "inputs missing": {k: v for k, v in NAV.items() if k != "inputs"},
    "inputs a dict": {**NAV, "inputs": NAV["inputs"][0]},
    "too few inputs": {**NAV, "inputs": NAV["inputs"][:1]},
    "too many inputs": {**NAV, "inputs": NAV["inputs"] * 2},
    "input without value key is fine but without id is not": {
        **NAV,
        "inputs": [{"property": "pathname", "value": "/"}, NAV["inputs"][1]],
    },
    "input of another component": {
        **NAV,
        "inputs": [{"id": "x", "property": "pathname", "value": "/"}, NAV["inputs"][1]],
    },
    "state a string": {**NAV, "state": "x"},
    "state for a callback without state": {**NAV, "state": [NAV["inputs"][0]]},
    "changedPropIds a string": {**NAV, "changedPropIds": "app-url.pathname"},
    "changedPropIds of dicts": {**NAV, "changedPropIds": [{"a": 1}]},
    "unknown key": {**NAV, "evil": 1},
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_a_forged_callback_shape_gets_a_short_400(client, name, caplog):
    with caplog.at_level(logging.INFO, logger="coronadash"):
        response = post(client, FORGED[name])
    assert_refused(response)
    refused = [r for r in caplog.records if "geweigerd" in r.getMessage()]
    assert len(refused) == 1 and refused[0].exc_info is None


def test_a_wildcard_id_sent_literally_gets_a_400(client):
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(
        d
        for d in deps
        if '["MATCH"]' in d["output"] and d["state"] and not d["clientside_function"]
    )
    body = body_for(dep, [None] * len(dep["inputs"]), [None] * len(dep["state"]))
    assert post(client, body).status_code in (200, 204)  # concrete ids: answered
    literal = copy.deepcopy(body)
    first = literal["inputs"][0]
    entry = first[0] if isinstance(first, list) else first
    entry["id"] = json.loads(dep["inputs"][0]["id"])  # {"card": ["MATCH"], ...}
    assert_refused(post(client, literal))
    for wildcard in ("MATCH", "ALL"):
        entry["id"] = {**entry["id"], "card": wildcard}
        assert_refused(post(client, literal))


@pytest.mark.parametrize("depth", [33, 990, 5_000, 10_000])
def test_deep_nesting_is_refused_before_parsing(client, depth, caplog):
    for opener, closer in (("[", "]"), ('{"a":', "}")):
        value = opener * depth + "1" + closer * depth
        text = json.dumps(NAV).replace('"/over"', value)
        with caplog.at_level(logging.INFO, logger="coronadash"):
            assert_refused(post(client, text))
    assert not any(r.exc_info for r in caplog.records)


def test_nesting_up_to_the_limit_is_a_value_not_a_refusal(client):
    # the body itself nests 3 deep around the value
    value = "[" * (request_guard.MAX_DEPTH - 3) + "]" * (request_guard.MAX_DEPTH - 3)
    text = json.dumps(NAV).replace('"/over"', value)
    assert request_guard.nesting_depth(text) == request_guard.MAX_DEPTH
    assert post(client, text).status_code == 200


def test_nesting_depth_ignores_brackets_in_strings():
    assert request_guard.nesting_depth('{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert request_guard.nesting_depth('["\\"[[[["]') == 1


@pytest.mark.parametrize("size", [request_guard.MAX_BODY_BYTES + 1, 100_000_000])
def test_a_body_over_the_limit_gets_413_without_being_read(client, size):
    padding = "x" * (size - len(json.dumps(NAV)))
    body = json.dumps({**NAV, "state": [], "pad": padding})
    assert_refused(post(client, body), 413)


def test_100000_deep_nesting_is_too_large(client):
    text = "[" * 100_000 + "]" * 100_000
    assert_refused(post(client, text), 413)


def test_a_body_that_is_not_json_gets_a_400(client):
    for text in ("{", "nope", b"\xff\xfe", '{"output": NaN', "9" * 5000):
        assert_refused(post(client, text))


# -- generated shapes ----------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=10),
    st.sampled_from(["MATCH", "ALL", "ALLSMALLER", ["MATCH"], ["ALL"]]),
)
json_any = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["id", "property", "value", "x"]), children),
    ),
    max_leaves=8,
)


@st.composite
def forged(draw, bodies):
    """A renderer body with one to three parts replaced, removed or rewrapped."""
    body = copy.deepcopy(draw(st.sampled_from(bodies)))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(sorted(request_guard.BODY_KEYS) + ["extra"]))
        action = draw(st.sampled_from(["drop", "replace", "wrap", "shorten", "grow"]))
        current = body.get(key)
        if action == "drop":
            body.pop(key, None)
        elif action == "replace":
            body[key] = draw(json_any)
        elif action == "wrap":
            body[key] = [current]
        elif isinstance(current, list) and action == "shorten":
            body[key] = current[:-1]
        elif isinstance(current, list):
            body[key] = current + [draw(json_any)]
    inputs = body.get("inputs")
    if isinstance(inputs, list) and draw(st.booleans()):  # may be replaced by any JSON
        for entry in inputs:
            if isinstance(entry, dict) and draw(st.booleans()):
                entry[draw(st.sampled_from(["id", "property"]))] = draw(json_any)
    return [body] if draw(st.integers(0, 9)) == 0 else body


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.slow  # many seconds: the full suite runs it, the fast lane not
@given(data=st.data())
def test_generated_request_shapes_never_give_a_500(client, valid_bodies, data):
    body = data.draw(forged(valid_bodies))
    assert_not_a_crash(post(client, body))


# -- Dash's own routes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/os/__init__.py",
        "/_dash-component-suites/dash/deps/../../../etc/passwd",
    ],
)
def test_an_unknown_bundle_path_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_known_bundle_is_still_served(client):
    page = client.get("/").get_data(as_text=True)
    start = page.index("/_dash-component-suites/")
    path = page[start : page.index('"', start)]
    assert client.get(path).status_code == 200


def test_the_reload_hash_does_not_answer_without_debug(client):
    assert client.get("/_reload-hash").status_code == 404


@pytest.mark.parametrize("path", ["/nope", "/vergelijken/x", "/404", "/_dash-nope"])
def test_an_unknown_path_is_a_404_with_the_helpful_page(client, path):
    from test_hostile_input import route

    response = client.get(path)
    assert response.status_code == 404
    assert "DashRenderer" in response.get_data(as_text=True)  # the app still starts
    deps = client.get("/_dash-dependencies").get_json()
    shown = route(client, deps, path, "").get_data(as_text=True)
    assert "Deze pagina bestaat niet" in shown


@pytest.mark.parametrize("path", ["/", "/over", "/gebied/den-haag-zuidwest"])
def test_a_page_path_is_a_200(client, path):
    assert client.get(path).status_code == 200


def test_the_server_header_names_no_versions(_live_server):
    from werkzeug.serving import make_server

    from dashboard.hardening import QuietRequestHandler

    server = make_server(
        "127.0.0.1",
        0,
        _live_server.app.server,
        threaded=True,
        request_handler=QuietRequestHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/_dash-dependencies"
        with urllib.request.urlopen(url, timeout=10) as response:
            header = response.headers["Server"]
    finally:
        server.shutdown()
    assert header == "coronadash"


def test_serve_uses_the_quiet_request_handler(monkeypatch):
    from served import serve_run_arguments

    from dashboard.hardening import QuietRequestHandler
    from data_sources.settings import Settings

    call = serve_run_arguments(monkeypatch, Settings())
    assert call["request_handler"] is QuietRequestHandler


def test_a_null_state_is_no_state_not_a_500(client):
    """Found by the shape fuzzer: ``"state": null`` on a callback without state passed
    the guard and Dash iterated it (TypeError, HTTP 500)."""
    body = {
        "output": "app-nav.children",
        "outputs": {"id": "app-nav", "property": "children"},
        "inputs": [
            {"id": "app-url", "property": "pathname", "value": "/over"},
            {"id": "app-url", "property": "search", "value": ""},
        ],
        "changedPropIds": ["app-url.pathname"],
        "state": None,
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204), response.get_data(as_text=True)[:200]
