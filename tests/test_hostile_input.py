"""Hostile input: generated URL query values for every page and generated values for
every callback input, posted through the Flask test client of the real app.

No response may be an HTTP 500, carry a traceback, or show the alert that a callback
crashed (``dashboard.errors`` turns a crash into that alert, so a 200 can hide one).
The callbacks and their ids come from the app's own ``/_dash-dependencies``; the
plausible values (indicator ids, gebied ids, periods) from the layouts it renders.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import errors
from dashboard.url_state import ViewState, text_list, text_value

UPDATE = "/_dash-update-component"
PAGE_ROUTING = "_pages_content"
# Every query key a page reads (dashboard/pages/*: ViewState.one/many, query.get).
QUERY_KEYS = [
    "lang",
    "gebied",
    "indicator",
    "niveau",
    "rangorde",
    "periode",
    "maat",
    "pagina",
    "sorteer",
    "trend",
]
PATHS = [
    "/",
    "/domein/werk-en-inkomen",
    "/domein/veiligheid",
    "/gebied/den-haag-zuidwest",
    "/vergelijken",
    "/corona",
    "/data",
    "/over",
]
# Examples per test, chosen so that the module runs in about two minutes on two cores
# (a page render is ~0.5 s, a callback ~0.1 s); CORONADASH_FUZZ_SCALE multiplies them.
SCALE = float(os.environ.get("CORONADASH_FUZZ_SCALE", "1"))


def cases(examples: int):
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
        derandomize=True,
    )


CRASH_MARKERS = ("Traceback", "Internal Server Error", "onverwachte fout")

nasty_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            ",",
            ",,,",
            "'; DROP TABLE sources; --",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%00",
            "\x00",
            "NaN",
            "-1",
            "1e309",
            "9" * 400,
            "a," * 500,
            "GM0344",
            "NL01",
            "2020JJ00",
            "laatste",
            "en",
        ]
    ),
)


@pytest.fixture(scope="module")
def client(_live_server):
    """The session's app (it holds the pages' callbacks) through Flask's test client."""
    _live_server.activate()
    return _live_server.app.server.test_client()


@pytest.fixture(scope="module")
def dependencies(client):
    deps = client.get("/_dash-dependencies").get_json()
    outputs = {d["output"] for d in deps}
    assert any(PAGE_ROUTING in o for o in outputs), "page routing callback missing"
    assert len(deps) > 10, "the pages' callbacks are not registered on this app"
    return deps


# A pattern-matching id as the browser sends it: wildcards filled in for one card.
CONCRETE = {"MATCH": "fuzz-card", "ALLSMALLER": "fuzz-card", "ALL": "fuzz-card"}


def _concrete(component: str):
    """The id a browser would send: a pattern id (JSON) with its wildcards filled."""
    if not component.startswith("{"):
        return component
    pattern = json.loads(component)
    return {
        key: CONCRETE[value[0]] if isinstance(value, list) else value
        for key, value in pattern.items()
    }


def _is_all(component: str) -> bool:
    return component.startswith("{") and '["ALL"]' in component


def _entry(spec: dict, value=None, with_value=True):
    """One input/state/output entry; a list of one for an ALL wildcard."""
    entry = {"id": _concrete(spec["id"]), "property": spec["property"]}
    if with_value:
        entry["value"] = value
    return [entry] if _is_all(spec["id"]) else entry


def _prop_id(spec: dict) -> str:
    component = _concrete(spec["id"])
    if isinstance(component, dict):
        component = json.dumps(component, sort_keys=True, separators=(",", ":"))
    return f"{component}.{spec['property']}"


def _outputs(spec: str) -> list[dict]:
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    out = []
    for part in parts:
        component, _, prop = part.rpartition(".")
        out.append(_entry({"id": component, "property": prop}, with_value=False))
    return out


def body_for(dep: dict, inputs: list, state: list, changed: int = 0) -> dict:
    outputs = _outputs(dep["output"])
    items = [_entry(i, v) for i, v in zip(dep["inputs"], inputs)]
    states = [_entry(s, v) for s, v in zip(dep["state"], state)]
    changed_input = dep["inputs"][changed % len(dep["inputs"])]
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": items,
        "changedPropIds": [_prop_id(changed_input)],
        "state": states,
    }


def route(client, dependencies, pathname: str, search: str):
    dep = next(d for d in dependencies if PAGE_ROUTING in d["output"])
    return client.post(
        UPDATE, json=body_for(dep, [pathname, search], []), headers=_headers()
    )


def _headers() -> dict:
    return {"Content-Type": "application/json"}


def assert_served(response, what) -> None:
    assert response.status_code in (200, 204), (what, response.status_code)
    text = response.get_data(as_text=True)
    for marker in CRASH_MARKERS:
        assert marker not in text, (what, marker, text[:500])


def _walk_props(node, found: dict[str, set]) -> None:
    """Values that the rendered layouts offer, per component id (plausible input)."""
    if isinstance(node, list):
        for item in node:
            _walk_props(item, found)
        return
    if not isinstance(node, dict):
        return
    props = node.get("props")
    if isinstance(props, dict):
        component = props.get("id")
        if isinstance(component, str):
            values = found.setdefault(component, set())
            for option in props.get("options") or []:
                value = option.get("value") if isinstance(option, dict) else option
                if isinstance(value, (str, int, float, bool)):
                    values.add(value)
            value = props.get("value")
            if isinstance(value, (str, int, float, bool)):
                values.add(value)
            if isinstance(props.get("data"), dict):
                values.add(json.dumps(props["data"], sort_keys=True))
        for value in props.values():
            _walk_props(value, found)
    else:
        for value in node.values():
            _walk_props(value, found)


@pytest.fixture(scope="module")
def offered(client, dependencies) -> dict[str, list]:
    found: dict[str, set] = {}
    for path in PATHS:
        response = route(client, dependencies, path, "")
        assert_served(response, path)
        _walk_props(response.get_json(), found)
    return {key: sorted(values, key=repr) for key, values in found.items() if values}


# -- URL query values of every page -------------------------------------------------

query_values = st.dictionaries(
    st.sampled_from(QUERY_KEYS),
    st.one_of(nasty_text, st.lists(nasty_text, min_size=2, max_size=3)),
    max_size=5,
)


def _encode(values: dict) -> str:
    return "?" + urlencode(values, doseq=True, quote_via=quote)


@cases(100)
@given(
    path=st.sampled_from(PATHS),
    values=query_values,
    raw=st.one_of(st.none(), nasty_text),
)
def test_generated_query_values_never_break_a_page(
    client, dependencies, path, values, raw
):
    search = _encode(values) if raw is None else "?" + raw
    assert_served(route(client, dependencies, path, search), (path, search))


@cases(1200)
@given(
    prefix=st.sampled_from(["/domein/", "/gebied/", "/", "/data/"]),
    segment=nasty_text,
)
def test_generated_path_segments_never_break_the_routing(
    client, dependencies, prefix, segment
):
    path = prefix + quote(segment, safe="")
    assert_served(route(client, dependencies, path, ""), path)


# -- callback inputs -----------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63),
        st.floats(allow_nan=False, allow_infinity=False),
        nasty_text,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["domain", "lang", "gebied", "x"]), children),
    ),
    max_leaves=6,
)


def value_for(offered: dict[str, list], component: str):
    """A plausible value of this component, a list of them, or anything at all."""
    choices = [json_values]
    known = offered.get(component)
    if known:
        plain = [k for k in known if not (isinstance(k, str) and k.startswith("{"))]
        stored = [
            json.loads(k) for k in known if isinstance(k, str) and k.startswith("{")
        ]
        if plain:
            choices += [
                st.sampled_from(plain),
                st.lists(st.sampled_from(plain), max_size=4),
            ]
        if stored:
            choices.append(st.sampled_from(stored))
    return st.one_of(*choices)


@st.composite
def callback_call(draw, dependencies, offered):
    user_callbacks = [
        d
        for d in dependencies
        if PAGE_ROUTING not in d["output"] and not d.get("clientside_function")
    ]
    dep = draw(st.sampled_from(user_callbacks))
    inputs = [draw(value_for(offered, i["id"])) for i in dep["inputs"]]
    state = [draw(value_for(offered, s["id"])) for s in dep["state"]]
    changed = draw(st.integers(min_value=0, max_value=len(dep["inputs"]) - 1))
    return body_for(dep, inputs, state, changed)


@cases(500)
@given(data=st.data())
def test_generated_callback_inputs_never_crash_a_callback(
    client, dependencies, offered, data
):
    body = data.draw(callback_call(dependencies, offered))
    assert_served(client.post(UPDATE, json=body), body)


def test_the_crash_alert_is_what_the_fuzzing_detects(client, dependencies, monkeypatch):
    """A callback that raises is reported by the alert text this module looks for."""
    from dashboard import state

    def broken():
        raise RuntimeError("stuk")

    monkeypatch.setattr(state, "service", broken)
    dep = next(d for d in dependencies if d["output"].startswith("..overzicht"))
    body = body_for(dep, ["naam", []], [{"lang": "nl"}])
    text = client.post(UPDATE, json=body).get_data(as_text=True)
    assert errors.UNEXPECTED.split("(")[0] in text
    assert "onverwachte fout" in text


# -- the validation layer itself ------------------------------------------------------

ALLOWED = ["werk-en-inkomen", "veiligheid", "GM0344", "2020JJ00"]


@cases(1500)
@given(raw=json_values, many=st.booleans())
def test_view_state_returns_only_allowed_values_or_the_default(raw, many):
    view = ViewState()
    if many:
        chosen = view.many("x", raw, ALLOWED, ["GM0344"])
        assert chosen and set(chosen) <= set(ALLOWED)
    else:
        assert view.one("x", raw, ALLOWED, "veiligheid") in ALLOWED
    assert all(isinstance(n, str) and len(n) < 400 for n in view.notices)


@cases(1000)
@given(raw=json_values)
def test_callback_values_are_taken_to_text_or_nothing(raw):
    single = text_value(raw)
    assert single is None or isinstance(single, str)
    items = text_list(raw)
    assert all(isinstance(i, str) and i for i in items) and len(items) <= 21


def test_back_forward_takes_a_forged_number_where_a_list_belongs():
    # The shuffled full run's fuzzer sent 0 as the state of a multi-value filter;
    # history._same iterated it (TypeError, a failure notice instead of the view).
    from dashboard import history

    assert history._same([], 0, many=True)
    assert not history._same(["a"], 7, many=True)
    assert history._same(["a", "b"], ("a", "b"), many=True)
