"""Image and PDF work on demand: a bounded number at a time per machine, one shared
Chromium per worker.

Why: the gebied brief and the chart downloads render with kaleido (Chromium). Each
request used to start its own Chromium (16-26 s under hostile inputs), so a handful
of them tied up every worker thread, and with N gunicorn workers N of them rendered
at once on one machine. Here, in the request layer (no page changes):

- a callback request that writes one of ``EXPENSIVE`` outputs is checked first: a
  page may register what its callback would refuse (``refuses``), and such a request
  passes without a slot (the callback answers it without rendering);
- the others take one of ``SLOTS`` per worker process (its one Chromium renders one
  picture at a time) and one of ``MACHINE_SLOTS`` shared by every worker on the
  machine: lock files under ``data_dir/render-slots`` held with ``flock`` while the
  render runs (the kernel drops a killed worker's lock with it);
- when either is taken the request is answered at once, without running, with
  "Bezig, probeer het zo opnieuw." in its status output;
- the first one that renders starts one kaleido server that stays up for the life
  of the worker (``images.KEEP_SERVER``), so later ones only render.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import flask

from .request_guard import CALLBACK_PATH, values_of

# Outputs whose callbacks render images or PDFs (component id, or a pattern id's type).
EXPENSIVE = {"gebied-brief-download", "chart-export-file"}
# Renders at a time per worker process: one Chromium renders one picture at a time.
SLOTS = 1
# Renders at a time on the machine, whatever the number of workers: each takes a core
# and a Chromium's memory (about 300 MB).
MACHINE_SLOTS = 2
SLOT_FOLDER = "render-slots"
BUSY = "Bezig, probeer het zo opnieuw."
# Output id -> f(*inputs, *state): True when its callback would refuse the request
# without rendering (filled by the pages, like callback_cache.memoise_outputs).
REFUSES: dict[str, Callable[..., bool]] = {}

log = logging.getLogger("coronadash")
_slots = threading.BoundedSemaphore(SLOTS)


def refuses(component_id: str, check: Callable[..., bool]) -> None:
    """``check(*inputs, *state)`` says, with the callback's own validation, that a
    request writing ``component_id`` renders nothing: it needs no slot."""
    REFUSES[component_id] = check


class MachineSlots:
    """``count`` lock files in ``folder``: a render holds one with ``flock``. Every
    process of the machine that uses the folder shares them, and so does every
    thread (each take opens its own file description)."""

    def __init__(self, folder: Path, count: int) -> None:
        self.paths = [Path(folder) / f"slot-{n}.lock" for n in range(count)]
        Path(folder).mkdir(parents=True, exist_ok=True)

    def take(self) -> int | None:
        """An open, locked file descriptor, or None when every slot is held."""
        for path in self.paths:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        return None

    @staticmethod
    def give_back(fd: int) -> None:
        os.close(fd)  # closing the description drops its lock


def _name(component) -> str:
    return component.get("type", "") if isinstance(component, dict) else component


def _outputs(body: dict) -> list[dict]:
    outputs = body.get("outputs")
    return outputs if isinstance(outputs, list) else [outputs]


def expensive_outputs(body: dict) -> list[str]:
    return [
        _name(o.get("id"))
        for o in _outputs(body)
        if isinstance(o, dict) and _name(o.get("id")) in EXPENSIVE
    ]


def is_expensive(body: dict) -> bool:
    return bool(expensive_outputs(body))


def is_refused(body: dict) -> bool:
    """The page's own check says its callback renders nothing for this request."""
    values = values_of(body.get("inputs")) + values_of(body.get("state"))
    for output in expensive_outputs(body):
        check = REFUSES.get(output)
        if check is None:
            continue
        try:
            return bool(check(*values))
        except Exception:  # the callback itself will answer it; take a slot to be safe
            return False
    return False


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


def install(server: flask.Flask, data_dir: Path) -> MachineSlots:
    """Bound the expensive callbacks of ``server`` (after ``request_guard``)."""
    from .exports import images

    images.KEEP_SERVER = True
    atexit.register(images.stop_image_server, force=True)
    machine = MachineSlots(Path(data_dir) / SLOT_FOLDER, MACHINE_SLOTS)
    server.extensions["coronadash_render_slots"] = machine

    @server.before_request
    def _take_a_slot():
        request = flask.request
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        body = request.get_json(silent=True)  # checked by request_guard
        if not isinstance(body, dict) or not is_expensive(body) or is_refused(body):
            return None
        if not _slots.acquire(blocking=False):
            log.info("beeldwerk bezet (dit proces): %s", body.get("output"))
            return busy_answer(body)
        fd = machine.take()
        if fd is None:
            _slots.release()
            log.info("beeldwerk bezet (deze machine): %s", body.get("output"))
            return busy_answer(body)
        flask.g.expensive_slot = fd
        return None

    @server.teardown_request
    def _give_it_back(_exc):
        fd = flask.g.pop("expensive_slot", None)
        if fd is not None:
            machine.give_back(fd)
            _slots.release()

    return machine
