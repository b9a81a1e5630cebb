"""Memoised filter callbacks: the rendered response per request and data version.

The content callbacks of the pages rebuild maps, trends, rankings and tables
(hundreds of milliseconds, plus tens for Dash's JSON encoding). Their output depends
only on the callback request (inputs, state, which input changed) and on the data in
the cache, so the whole encoded response is kept in a flask-caching backend, keyed by

    sha256(data version token, canonical JSON of the callback and its values)

- a second identical request is answered from the cache before Dash runs (a
  PreventUpdate answer, 204, too);
- a landed refresh changes the version token (``Service.version_token``), so every
  older entry stops matching at once, in every worker;
- the key is made of what the callback actually uses: a page registers, beside its
  outputs, a function that validates the inputs as the callback does
  (``memoise_outputs(..., canonical=...)``), so forged or unknown values that all get
  the fallback view share one key, not one entry each (a callback whose answer
  depends on which input changed says so, ``changed=True``: its function is handed
  the changed component ids too); without it, the raw values are hashed (different
  inputs, different keys);
- an answer carrying a failure notice (``errors.callback_error``) is never stored;
- a key holds a reference to its answer, stored once by digest: the many keys of
  forged or unknown values that all get the fallback view share one body; the
  files are bounded by count and by bytes (``callback_store``);
- the compressed body is kept too, per Accept-Encoding, so a hit is not compressed
  again.

Only callbacks whose outputs were registered with :func:`memoise_outputs` are
cached; every other callback runs as before. The backend is a ``FileSystemCache``
under the data dir (shared by several gunicorn workers on one machine) or Redis when
``server.redis_url`` is set (shared by several machines). The page router's answer
(a page's whole first view) is memoised the same way. Every memoised answer says in
``X-Callback-Cache`` whether it came from the cache (``hit``) or was computed
(``miss``), so a shared cache can be checked from outside. The layout answer, which
carries the page of the address it was asked from (``first_view``), is memoised per
address the same way.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

import flask
from flask_caching import Cache

from data_sources.cache import CacheError
from data_sources.code_version import code_version

from . import first_view
from .request_guard import values_of

CALLBACK_PATH = "/_dash-update-component"
# Component ids whose callbacks are memoised (filled by the page modules).
# The page router's output: a page's first view, shared by every server of a Redis.
MEMOISED: set[str] = {"_pages_content"}
HIT_HEADER = "X-Callback-Cache"
# Output id -> the function that turns a request's input and state values (in the
# callback's order) into the validated values its callback works with.
CANONICAL: dict[str, Callable[..., object]] = {}
# Output ids whose canonical function also takes ``changed=`` (the component ids of
# ``changedPropIds``, in the request's order: ``ctx.triggered_id`` is the first).
CHANGED: set[str] = set()
# Entries live a day at most; a refresh makes them unreachable sooner.
TIMEOUT_S = 24 * 3600
# FileSystemCache prunes beyond this many entries (most are small references) ...
THRESHOLD = 20_000
# ... and beyond this many bytes on disk (callback_store); Redis: set its maxmemory.
MAX_BYTES = 256 * 1024 * 1024
# An answer larger than this is not kept (the largest real one is about 200 kB).
MAX_ENTRY_BYTES = 1024 * 1024
BODY_PREFIX = "body:"

log = logging.getLogger("coronadash")


def do_not_store() -> None:
    """Keep this request's answer out of the cache (it carries a failure notice:
    stored, it would be served to everyone after the cause has gone)."""
    flask.g.callback_cache_skip = True


def memoise_outputs(
    *component_ids: str,
    canonical: Callable[..., object] | None = None,
    changed: bool = False,
) -> None:
    """Cache the responses of callbacks that write to these components.

    ``canonical(*inputs, *state)`` returns the validated values the callback's answer
    depends on (JSON-able), computed by the same code the callback uses: requests
    with equal canonical values share one entry. Give it only when the answer
    depends on nothing else; an answer that depends on which input changed takes
    ``changed=True``, and the function gets ``changed=[component ids]`` as well."""
    MEMOISED.update(component_ids)
    if canonical is not None:
        CANONICAL.update(dict.fromkeys(component_ids, canonical))
        if changed:
            CHANGED.update(component_ids)


def backend_config(data_dir: Path, redis_url: str | None) -> dict:
    if redis_url:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": "coronadash-cb-",
            "CACHE_DEFAULT_TIMEOUT": TIMEOUT_S,
        }
    return {
        "CACHE_TYPE": "dashboard.callback_store.BoundedFileSystemCache",
        "CACHE_DIR": str(Path(data_dir) / "callback-cache"),
        "CACHE_THRESHOLD": THRESHOLD,
        "CACHE_MAX_BYTES": MAX_BYTES,
        "CACHE_DEFAULT_TIMEOUT": TIMEOUT_S,
    }


def outputs_of(body: dict) -> list[str]:
    """Component ids a callback request writes to (``id.prop`` pairs in "output")."""
    text = str(body.get("output", ""))
    return [part.split(".")[0] for part in text.strip(".").split("...") if part]


def canonical_request(body: dict) -> dict:
    """What decides a callback's answer: the callback and its validated values when
    the page says what they are (``CANONICAL``), else its raw input and state
    values and which input changed (the ids are fixed by the callback;
    ``request_guard`` checked them)."""
    inputs, state = values_of(body.get("inputs")), values_of(body.get("state"))
    output = next((o for o in outputs_of(body) if o in CANONICAL), None)
    if output is not None:
        extra = {"changed": changed_ids(body)} if output in CHANGED else {}
        try:
            uses = CANONICAL[output](*inputs, *state, **extra)
            return {"output": body.get("output"), "uses": uses}
        except Exception:  # the callback itself will fail and show it: raw keys
            log.warning("callback-sleutel: ruwe waarden voor %s", body.get("output"))
    return {
        "output": body.get("output"),
        "inputs": inputs,
        "state": state,
        "changed": sorted(body.get("changedPropIds") or []),
    }


def changed_ids(body: dict) -> list[str]:
    """The component ids of ``changedPropIds`` in order (``id.prop`` -> ``id``), as
    Dash's ``ctx.triggered`` reads them."""
    changed = body.get("changedPropIds")
    if not isinstance(changed, list):
        return []
    return [str(item).rpartition(".")[0] for item in changed]


def request_key(version: str, body: dict) -> str:
    decided = body if "layout" in body else canonical_request(body)
    canonical = json.dumps(decided, sort_keys=True, separators=(",", ":"), default=str)
    text = f"{code_version()}\n{version}\n{canonical}"
    return hashlib.sha256(text.encode()).hexdigest()


class CallbackCache:
    """Answers memoised callback requests from a flask-caching backend."""

    def __init__(
        self, server: flask.Flask, config: dict, version: Callable[[], str]
    ) -> None:
        self.store = Cache(server, config=config)
        self.version = version
        self.hits = 0
        self.compressed_hits = 0  # of the hits: served as stored compressed bytes
        self.misses = 0
        server.extensions["coronadash_callback_cache"] = self
        server.before_request(self._answer)
        # Registered after flask-compress, so it runs before it and stores the
        # plain body (after_request functions run in reverse order) ...
        server.after_request(self._keep)
        # ... and this one first in the list, so it runs last and stores the body
        # flask-compress made: a hit then costs no compression either.
        server.after_request_funcs.setdefault(None, []).insert(0, self._keep_encoded)

    def _body(self) -> dict | None:
        request = flask.request
        if request.method != "POST" or request.path != CALLBACK_PATH:
            return None
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return None
        if not MEMOISED.intersection(outputs_of(body)):
            return None
        return body

    @staticmethod
    def _encoded_key(key: str) -> str:
        accepted = flask.request.headers.get("Accept-Encoding", "")
        return f"{key}:{hashlib.sha256(accepted.encode()).hexdigest()[:16]}"

    def _request(self) -> dict | None:
        """What decides this request's answer: a memoised callback's body, or the
        page address of a layout request (the layout carries that page)."""
        address = first_view.layout_request_address()
        if address is not None:
            return {"layout": address.key}
        return self._body()

    def _answer(self):
        body = self._request()
        if body is None:
            return None
        try:
            version = self.version()
        except CacheError:
            # the data cannot be read: the callback runs and shows the notice
            do_not_store()
            return None
        key = request_key(version, body)
        flask.g.callback_cache_key = key
        encoded = self._fetch(self._encoded_key(key))
        if encoded is not None:
            self.hits += 1
            self.compressed_hits += 1
            flask.g.callback_cache_hit = True
            encoding, data = encoded
            response = flask.Response(data, status=200, mimetype="application/json")
            response.headers["Content-Encoding"] = encoding
            response.headers["Vary"] = "Accept-Encoding"
            response.headers[HIT_HEADER] = "hit"
            return response
        stored = self._fetch(key)
        if stored is None:
            self.misses += 1
            return None
        self.hits += 1
        flask.g.callback_cache_hit = "plain"
        status, data = stored
        response = flask.Response(data, status=status, mimetype="application/json")
        response.headers[HIT_HEADER] = "hit"
        return response

    def _fetch(self, key: str):
        """(meta, bytes) stored for ``key``, or None (also when the body was pruned)."""
        reference = self.store.get(key)
        if reference is None:
            return None
        meta, digest = reference
        data = self.store.get(BODY_PREFIX + digest)
        return None if data is None else (meta, data)

    def _put(self, key: str, meta, data: bytes) -> None:
        """Store ``data`` once under its digest and ``key`` as a small reference to
        it: requests that get the same answer (every unknown value gets the same
        fallback view) share one body, so forged inputs cost a reference each."""
        if len(data) > MAX_ENTRY_BYTES:
            return
        digest = hashlib.sha256(data).hexdigest()
        if not self.store.has(BODY_PREFIX + digest):
            self.store.set(BODY_PREFIX + digest, data)
        self.store.set(key, (meta, digest))

    def _keep(self, response: flask.Response) -> flask.Response:
        key = flask.g.get("callback_cache_key")
        if key is None or flask.g.get("callback_cache_hit"):
            return response
        response.headers[HIT_HEADER] = "miss"
        if flask.g.get("callback_cache_skip"):
            return response
        # 204: the callback raised PreventUpdate, which is as memoisable as a value
        if response.status_code in (200, 204) and not response.direct_passthrough:
            self._put(key, response.status_code, response.get_data())
        return response

    def _keep_encoded(self, response: flask.Response) -> flask.Response:
        key = flask.g.get("callback_cache_key")
        if key is None or flask.g.get("callback_cache_hit") is True:
            return response
        if flask.g.get("callback_cache_skip"):
            return response
        encoding = response.headers.get("Content-Encoding")
        if response.status_code == 200 and encoding and not response.is_streamed:
            self._put(self._encoded_key(key), encoding, response.get_data())
        return response


def install(server: flask.Flask, data_dir: Path, redis_url: str | None, service):
    """Memoise the registered callbacks of this app (see the module docstring)."""
    return CallbackCache(
        server, backend_config(data_dir, redis_url), service.version_token
    )
