"""Image and PDF work on demand is bounded (dashboard/expensive.py), through the real
app: while the worker's render slot is taken, a brief or chart download is answered at
once with "Bezig, probeer het zo opnieuw." instead of waiting for (or starting)
another Chromium; so is one while other processes hold the machine's render slots
(over HTTP: 6 briefs at once against 2 gunicorn workers, one renders); a request with
inputs the callback refuses starts nothing and needs no slot."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
import requests
import served
from test_hostile_input import UPDATE, body_for

from dashboard import expensive
from dashboard.exports import images


@pytest.fixture(scope="module")
def client(_live_server):
    _live_server.activate()
    return _live_server.app.server.test_client()


@pytest.fixture(scope="module")
def deps(client):
    return client.get("/_dash-dependencies").get_json()


def brief_body(deps, gebied: str) -> dict:
    dep = next(d for d in deps if "gebied-brief-download" in d["output"])
    # the context, then the years of the Coronakloof (None: the page's default pair)
    others = [None] * (len(dep["state"]) - 1)
    return body_for(dep, [1], [{"gebied": gebied, "lang": "nl"}, *others])


def chart_body(deps) -> dict:
    dep = next(d for d in deps if "chart-export-file" in d["output"])
    request = {"fmt": "png", "token": "x", "figure": {"data": [], "layout": {}}}
    return body_for(dep, [request], [{"figure": {}}])


@pytest.fixture
def slots_taken():
    """Every render slot of this process taken, as by briefs being rendered."""
    for _ in range(expensive.SLOTS):
        assert expensive._slots.acquire(blocking=False)
    yield
    for _ in range(expensive.SLOTS):
        expensive._slots.release()


def test_a_brief_while_the_slots_are_taken_is_answered_busy_at_once(
    client, deps, slots_taken
):
    response = client.post(UPDATE, json=brief_body(deps, "den-haag-zuidwest"))
    assert response.status_code == 200
    answer = response.get_json()["response"]
    assert answer == {"gebied-brief-status": {"children": expensive.BUSY}}


def test_a_chart_download_while_the_slots_are_taken_is_answered_busy(
    client, deps, slots_taken
):
    body = chart_body(deps)
    response = client.post(UPDATE, json=body)
    assert response.status_code == 200
    answer = response.get_json()["response"]
    status_ids = [
        o["id"] for o in body["outputs"] if o["id"]["type"].endswith("status")
    ]
    key = json.dumps(status_ids[0], sort_keys=True, separators=(",", ":"))
    assert answer == {key: {"children": expensive.BUSY}}


def test_many_briefs_at_once_never_wait_for_a_slot(client, deps, slots_taken):
    answers = []

    def ask():
        answers.append(client.post(UPDATE, json=brief_body(deps, "den-haag-zuidwest")))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 8
    assert all(expensive.BUSY in a.get_data(as_text=True) for a in answers)


def test_a_refused_brief_starts_nothing_and_gives_its_slot_back(client, deps):
    running = images.image_server_running()
    response = client.post(UPDATE, json=brief_body(deps, "bestaat-niet"))
    assert response.status_code in (200, 204)
    assert expensive.BUSY not in response.get_data(as_text=True)
    assert images.image_server_running() == running  # no Chromium for a refusal
    # the slot is free again
    assert expensive._slots.acquire(blocking=False)
    expensive._slots.release()


def test_other_callbacks_are_not_bounded(client, deps, slots_taken):
    from test_hostile_shapes import NAV

    response = client.post(UPDATE, json=NAV)
    assert response.status_code == 200
    assert expensive.BUSY not in response.get_data(as_text=True)


# -- one bound for the whole machine --------------------------------------------------

HOLDER = """
import sys
from dashboard.expensive import MachineSlots
slots = MachineSlots(sys.argv[1], int(sys.argv[2]))
held = [slots.take() for _ in range(int(sys.argv[3]))]
assert all(fd is not None for fd in held), held
print("vast", flush=True)
sys.stdin.read()  # until the test closes it
"""


@contextmanager
def slots_held_elsewhere(data_dir, count: int):
    """``count`` of the machine's render slots held by another process, as by the
    renders of other gunicorn workers."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLDER,
            str(data_dir / expensive.SLOT_FOLDER),
            str(expensive.MACHINE_SLOTS),
            str(count),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "vast"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_slots_held_by_other_processes_make_a_brief_busy_at_once(
    client, deps, _live_server
):
    data_dir = _live_server.settings.data_dir
    with slots_held_elsewhere(data_dir, expensive.MACHINE_SLOTS):
        response = client.post(UPDATE, json=brief_body(deps, "den-haag-zuidwest"))
        assert response.get_json()["response"] == {
            "gebied-brief-status": {"children": expensive.BUSY}
        }
        # this process's own slot was given back with the refusal
        assert expensive._slots.acquire(blocking=False)
        expensive._slots.release()
    # the other process ended: its locks went with it
    machine = expensive.MachineSlots(
        data_dir / expensive.SLOT_FOLDER, expensive.MACHINE_SLOTS
    )
    fds = [machine.take() for _ in range(expensive.MACHINE_SLOTS)]
    assert None not in fds
    for fd in fds:
        machine.give_back(fd)


def test_requests_that_render_nothing_need_no_slot(client, deps, slots_taken):
    """Validated before a slot is taken: a brief of an unknown gebied and a table
    download are answered while every slot is busy."""
    refused = client.post(UPDATE, json=brief_body(deps, "bestaat-niet"))
    assert expensive.BUSY not in refused.get_data(as_text=True)
    table = chart_body(deps)
    table["inputs"][0]["value"] = {"fmt": "csv", "token": "x"}
    answer = client.post(UPDATE, json=table)
    assert answer.status_code in (200, 204)
    assert expensive.BUSY not in answer.get_data(as_text=True)


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_concurrent_briefs_over_http_render_one_at_a_time_on_the_machine(
    snapshot_cache,
):
    """gunicorn with 2 workers (2 own slots) while another process holds all but one
    of the machine's: of 6 briefs sent at once one renders, the other 5 are told
    "bezig" before that one is done."""
    config = snapshot_cache.settings.data_dir / "config.yaml"
    data_dir = snapshot_cache.settings.data_dir
    with (
        served.gunicorn(config, workers=2) as base,
        slots_held_elsewhere(data_dir, expensive.MACHINE_SLOTS - 1),
    ):
        deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
        body = brief_body(deps, "den-haag-zuidwest")
        start = threading.Barrier(6)
        answers: list[tuple[float, bool]] = []

        def ask():
            start.wait()
            response = requests.post(base + UPDATE, json=body, timeout=300)
            assert response.status_code == 200
            rendered = "gebied-brief-download" in response.json()["response"]
            answers.append((time.monotonic(), rendered))

        threads = [threading.Thread(target=ask) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=320)
    rendered = [at for at, done in answers if done]
    busy = [at for at, done in answers if not done]
    assert len(answers) == 6
    assert len(rendered) == 1, answers
    assert max(busy) < rendered[0]  # told at once, not after waiting for a slot
