"""Image and PDF work on demand is bounded (dashboard/expensive.py), through the real
app: while the worker's render slot is taken, a brief or chart download is answered at
once with "Bezig, probeer het zo opnieuw." instead of waiting for (or starting)
another Chromium; a request with inputs the callback refuses starts nothing."""

from __future__ import annotations

import json
import threading

import pytest
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
    return body_for(dep, [1], [{"gebied": gebied, "lang": "nl"}])


def chart_body(deps) -> dict:
    dep = next(d for d in deps if "chart-export-file" in d["output"])
    request = {"fmt": "png", "token": "x"}
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
