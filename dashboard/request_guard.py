"""The request layer: a callback request is checked before Dash or the cache sees it.

Why: Dash trusts the shape of ``/_dash-update-component`` bodies (the renderer builds
them), so a forged shape (a top-level list, ``outputs`` missing, a wildcard id sent
literally, too few inputs, a value nested thousands deep) ended in a KeyError,
TypeError or RecursionError inside Dash: an HTTP 500 and a traceback in the log.
Here every body is held against the callback it names in ``app.callback_map``:

- at most ``MAX_BODY_BYTES`` (Flask's ``MAX_CONTENT_LENGTH``: 413), checked before
  parsing; the renderer's bodies are a few kB;
- at most ``MAX_DEPTH`` levels of nesting, counted on the raw text before the JSON
  parser recurses;
- an object with ``output`` naming a server-side callback, ``outputs``, ``inputs``
  and ``state`` entries matching that callback's ids and properties one for one
  (pattern ids with their wildcards filled in by concrete values), and
  ``changedPropIds`` naming some of them.

A refused body gets a 400 (413 when too large) with a short JSON body and one log
line, no traceback. Values are not judged here: the pages' ``ViewState`` coerces them.
"""

from __future__ import annotations

import json
import logging
import re

import flask
from dash import Dash
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

CALLBACK_PATH = "/_dash-update-component"
# The largest body the renderer sends is under 5 kB (the Data page's filters).
MAX_BODY_BYTES = 64 * 1024
# A renderer body nests 5 deep plus the value (a store's dict of lists: 3 more).
MAX_DEPTH = 32
MAX_ID_TEXT = 200
WILDCARDS = ("MATCH", "ALL", "ALLSMALLER")
BODY_KEYS = {"output", "outputs", "inputs", "state", "changedPropIds"}
# Sent by the renderer, read by nobody on the server: accepted, then dropped.
IGNORED_KEYS = {"parsedChangedPropsIds"}

log = logging.getLogger("coronadash")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class Refused(Exception):
    """A callback body that no renderer sends; the text names what is wrong."""


def nesting_depth(text: str) -> int:
    """How deep ``[``/``{`` nest in JSON text (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _split_outputs(output: str) -> list[tuple[str, str]]:
    """(id, property) of each output in a callback_map key ("..a.x...b.y.." or "a.x")."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    specs = []
    for part in parts:
        component, _, prop = part.rpartition(".")
        specs.append((component, prop.split("@")[0]))
    return specs


def _is_pattern(component: str) -> bool:
    return component.startswith("{")


def _is_multi(component: str) -> bool:
    """A pattern id with ALL or ALLSMALLER: the entry is a list of matches."""
    return _is_pattern(component) and (
        '["ALL"]' in component or '["ALLSMALLER"]' in component
    )


def _check_id(given, component: str, where: str) -> None:
    if not _is_pattern(component):
        if given != component:
            raise Refused(f"{where}: id hoort {component!r} te zijn")
        return
    pattern = json.loads(component)
    if not isinstance(given, dict) or set(given) != set(pattern):
        raise Refused(f"{where}: id hoort de sleutels {sorted(pattern)} te hebben")
    for key, expected in pattern.items():
        value = given[key]
        if isinstance(expected, list):  # a wildcard: any concrete scalar
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise Refused(f"{where}: id-waarde {key!r} hoort concreet te zijn")
            if isinstance(value, str) and (
                len(value) > MAX_ID_TEXT or value in WILDCARDS
            ):
                raise Refused(f"{where}: id-waarde {key!r} is geen concrete waarde")
        elif value != expected:
            raise Refused(f"{where}: id-waarde {key!r} hoort {expected!r} te zijn")


def _check_entry(entry, component: str, prop: str, where: str, value: bool) -> None:
    if not isinstance(entry, dict):
        raise Refused(f"{where}: hoort een object te zijn")
    allowed = {"id", "property", "value"} if value else {"id", "property"}
    if not {"id", "property"} <= set(entry) or not set(entry) <= allowed:
        raise Refused(f"{where}: hoort precies {sorted(allowed)} te bevatten")
    if not isinstance(entry["property"], str) or entry["property"].split("@")[0] != (
        prop
    ):
        raise Refused(f"{where}: eigenschap hoort {prop!r} te zijn")
    _check_id(entry["id"], component, where)


def _check_slot(given, component: str, prop: str, where: str, value: bool) -> None:
    """One input/state/output: an entry, or a list of entries for ALL/ALLSMALLER."""
    if _is_multi(component):
        if not isinstance(given, list) or len(given) > 100:
            raise Refused(f"{where}: hoort een lijst (hoogstens 100) te zijn")
        for index, entry in enumerate(given):
            _check_entry(entry, component, prop, f"{where}[{index}]", value)
        return
    _check_entry(given, component, prop, where, value)


def _check_list(body: dict, key: str, specs: list[dict]) -> None:
    given = body.get(key, [])
    if key == "state" and given is None:
        given = []
    if not isinstance(given, list):
        raise Refused(f"'{key}' hoort een lijst te zijn")
    if len(given) != len(specs):
        raise Refused(f"'{key}' hoort {len(specs)} elementen te hebben")
    for index, (entry, spec) in enumerate(zip(given, specs)):
        _check_slot(entry, spec["id"], spec["property"], f"{key}[{index}]", True)


def _check_outputs(body: dict, output: str) -> None:
    specs = _split_outputs(output)
    given = body.get("outputs")
    if output.startswith(".."):
        if not isinstance(given, list) or len(given) != len(specs):
            raise Refused(f"'outputs' hoort een lijst van {len(specs)} te zijn")
    else:
        given = [given]
    for index, (entry, (component, prop)) in enumerate(zip(given, specs)):
        _check_slot(entry, component, prop, f"outputs[{index}]", False)


def check_body(body, callback_map: dict) -> dict:
    """The body as Dash may read it, or Refused naming the first thing wrong."""
    if not isinstance(body, dict):
        raise Refused("het verzoek hoort een JSON-object te zijn")
    unknown = set(body) - BODY_KEYS - IGNORED_KEYS
    if unknown:
        raise Refused(f"onbekende sleutels {sorted(unknown)[:5]}")
    output = body.get("output")
    if not isinstance(output, str):
        raise Refused("'output' ontbreekt of is geen tekst")
    callback = callback_map.get(output)
    if not callback or "callback" not in callback:  # clientside: not on the server
        raise Refused("'output' noemt geen callback van deze app")
    _check_outputs(body, output)
    _check_list(body, "inputs", callback["inputs"])
    _check_list(body, "state", callback.get("state", []))
    changed = body.get("changedPropIds", [])
    if (
        not isinstance(changed, list)
        or len(changed) > len(callback["inputs"])
        or not all(isinstance(c, str) and len(c) <= 2 * MAX_ID_TEXT for c in changed)
    ):
        raise Refused("'changedPropIds' hoort een korte lijst van teksten te zijn")
    checked = {key: value for key, value in body.items() if key not in IGNORED_KEYS}
    if checked.get("state") is None:  # accepted as "no state": Dash iterates it
        checked["state"] = []
    return checked


def refusal(status: int, reason: str) -> flask.Response:
    """The short JSON answer to a refused request, with its one log line."""
    log.warning(
        "verzoek geweigerd (%s) %s %s: %s",
        status,
        flask.request.method,
        flask.request.path,
        reason,
    )
    response = flask.jsonify({"fout": "ongeldig verzoek", "reden": reason})
    response.status_code = status
    return response


def install(app: Dash) -> None:
    """Check every callback request of ``app`` before the cache and Dash see it."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    def _guard():
        request = flask.request
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        try:
            text = request.get_data(cache=True).decode("utf-8")
        except RequestEntityTooLarge:
            return refusal(413, f"groter dan {MAX_BODY_BYTES // 1024} kB")
        except UnicodeDecodeError:
            return refusal(400, "geen UTF-8")
        if nesting_depth(text) > MAX_DEPTH:
            return refusal(400, f"dieper genest dan {MAX_DEPTH} niveaus")
        try:
            body = json.loads(text)
        except ValueError:  # includes JSONDecodeError
            return refusal(400, "geen geldige JSON")
        try:
            checked = check_body(body, app.callback_map)
        except Refused as exc:
            return refusal(400, str(exc))
        # Dash and the callback cache read this parsed, checked body
        request._cached_json = (checked, checked)
        return None

    # first in line: the callback cache must only ever see checked bodies
    server.before_request_funcs.setdefault(None, []).insert(0, _guard)

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc):
        return refusal(413, f"groter dan {MAX_BODY_BYTES // 1024} kB")

    @server.errorhandler(BadRequest)
    def _bad_request(exc):
        if flask.request.path == CALLBACK_PATH:
            return refusal(400, exc.description or "ongeldig verzoek")
        return exc


def values_of(entries) -> list:
    """The values of a checked body's ``inputs`` or ``state``, in the callback's
    order (a list of values for an ALL wildcard entry)."""
    return [
        [e.get("value") for e in entry]
        if isinstance(entry, list)
        else entry.get("value")
        for entry in entries or []
    ]
