"""Image and PDF work on demand: a bounded number at a time, one shared Chromium.

Why: the gebied brief and the chart downloads render with kaleido (Chromium). Each
request used to start its own Chromium (16-26 s under hostile inputs), so a handful
of them tied up every worker thread. Here, in the request layer (no page changes):

- a callback request that writes one of ``EXPENSIVE`` outputs takes one of
  ``SLOTS`` per worker process; when all are taken it is answered at once, without
  running, with "Bezig, probeer het zo opnieuw." in its status output;
- the first one that renders starts one kaleido server that stays up for the life
  of the worker (``images.KEEP_SERVER``), so later ones only render.

The callbacks themselves check their inputs before they render (an unknown gebied
or format is answered without starting anything).
"""

from __future__ import annotations

import atexit
import json
import logging
import threading

import flask

from .request_guard import CALLBACK_PATH

# Outputs whose callbacks render images or PDFs (component id, or a pattern id's type).
EXPENSIVE = {"gebied-brief-download", "chart-export-file"}
# Renders at a time per worker process: one Chromium renders one picture at a time.
SLOTS = 1
BUSY = "Bezig, probeer het zo opnieuw."

log = logging.getLogger("coronadash")
_slots = threading.BoundedSemaphore(SLOTS)


def _name(component) -> str:
    return component.get("type", "") if isinstance(component, dict) else component


def _outputs(body: dict) -> list[dict]:
    outputs = body.get("outputs")
    return outputs if isinstance(outputs, list) else [outputs]


def is_expensive(body: dict) -> bool:
    return any(
        isinstance(o, dict) and _name(o.get("id")) in EXPENSIVE for o in _outputs(body)
    )


def busy_answer(body: dict) -> flask.Response:
    """A callback answer that changes only the status outputs (to :data:`BUSY`)."""
    response: dict = {}
    for output in _outputs(body):
        component = output["id"]
        if output["property"] == "children" and _name(component).endswith("status"):
            key = (
                json.dumps(component, sort_keys=True, separators=(",", ":"))
                if isinstance(component, dict)
                else component
            )
            response[key] = {"children": BUSY}
    return flask.jsonify({"multi": True, "response": response})


def install(server: flask.Flask) -> None:
    """Bound the expensive callbacks of ``server`` (after ``request_guard``)."""
    from .exports import images

    images.KEEP_SERVER = True
    atexit.register(images.stop_image_server, force=True)

    @server.before_request
    def _take_a_slot():
        request = flask.request
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        body = request.get_json(silent=True)  # checked by request_guard
        if not isinstance(body, dict) or not is_expensive(body):
            return None
        if not _slots.acquire(blocking=False):
            log.info("beeldwerk bezet: %s", body.get("output"))
            return busy_answer(body)
        flask.g.expensive_slot = True
        return None

    @server.teardown_request
    def _give_it_back(_exc):
        if flask.g.pop("expensive_slot", False):
            _slots.release()
