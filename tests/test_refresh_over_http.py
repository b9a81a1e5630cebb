"""Old or new, never a mix, over HTTP: 20 readers against gunicorn while
``coronadash refresh`` lands a new release of two tables (issue 15, point 7).

``test_generations`` checks the service in-process; here the whole path is the one
visitors use: the real server with 2 workers, the callback cache on disk, the CLI
refresh in its own process against the loopback CBS replay, which serves both
tables with every value doubled (a new generation that differs). Every answer a
reader gets must equal the quiet old or the quiet new answer to the same request,
each computed by an app of its own on the cache before and after the refresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time

import pytest
import requests
import served
from cbs_replay import v4_path
from fixtures_app import snapshot_settings
from test_faults import doubled
from test_generations import NEW_RELEASE, copy_cache
from test_hostile_input import UPDATE, body_for

from data_sources.cache import Cache

READERS = 20
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def requests_of(deps: list[dict]) -> dict[str, dict]:
    """Callback bodies whose answers use the two tables (and, for the heatmap, every
    indicator of every domain in one view)."""

    def dep(output: str) -> dict:
        return next(d for d in deps if output in d["output"])

    domein = dep("domein-content.children")
    heatmap = dep("overzicht-stapeling-body.children")

    def domain(domain_id: str, indicator: str) -> dict:
        values = [indicator, None, "gemeente", None, None]
        return body_for(domein, values, [{"domain": domain_id, "lang": "nl"}, ""])

    return {
        "inwoners": domain("bevolking", "inwoners"),
        "verkoopprijs": domain("wonen", "verkoopprijs"),
        "stapeling": body_for(heatmap, ["totaal", []], ["nl"]),
    }


def digest(answer) -> str:
    """An answer as a short fingerprint: readers keep thousands of them (the parsed
    answers themselves took gigabytes)."""
    text = json.dumps(answer, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def quiet_answers(settings, folder, bodies: dict[str, dict]) -> dict[str, dict]:
    """The answers of an app of its own (own callback cache) on the cache as it is."""
    from dashboard.app_factory import create_app

    own = settings.model_copy(update={"data_dir": folder})
    app = create_app(own, Cache(settings.sqlalchemy_url, create=False), warm=False)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    answers = {}
    for name, body in bodies.items():
        response = client.post(UPDATE, json=body)
        assert response.status_code == 200, (name, response.data[:300])
        answers[name] = digest(response.get_json())
    return answers


def test_readers_over_http_get_the_old_or_the_new_answer_during_a_cli_refresh(
    tmp_path, snapshot_cache, cbs_replay
):
    url = copy_cache(snapshot_cache.cache, tmp_path)
    settings = snapshot_settings(tmp_path, snapshot_cache.settings.snapshot_dir, url)
    config = tmp_path / "config.yaml"
    # the replay answers from this process, which 20 readers keep busy: more time
    config.write_text(
        config.read_text()
        .replace("cbs_v4: http://127.0.0.1:9", f"cbs_v4: {cbs_replay.base_url}")
        .replace("timeout_s: 2", "timeout_s: 60")
    )
    with served.gunicorn(config, workers=2) as base:
        deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
        bodies = requests_of(deps)
        old = quiet_answers(settings, tmp_path / "quiet-old", bodies)
        for table in NEW_RELEASE:
            cbs_replay.transform(
                v4_path(table.removeprefix("cbs_"), "Observations"), doubled
            )
        cbs_replay.delay("/", 0.02)  # a slow catalog: a long time between two tables
        seen: list[tuple[str, str]] = []
        failures: list[str] = []
        stop = threading.Event()

        def keep_reading(number: int):
            names = list(bodies)
            turn = number
            while not stop.is_set():
                name = names[turn % len(names)]
                turn += 1
                try:
                    # a connection per request: this test is about the answers;
                    # connection reuse under load is bench/load.py's
                    response = requests.post(
                        base + UPDATE,
                        json=bodies[name],
                        headers={"Connection": "close"},
                        timeout=120,
                    )
                except requests.RequestException as exc:
                    failures.append(f"{name}: {exc}")
                    continue
                if response.status_code != 200:
                    failures.append(f"{name}: HTTP {response.status_code}")
                    continue
                seen.append((name, digest(response.json())))

        readers = [
            threading.Thread(target=keep_reading, args=(n,)) for n in range(READERS)
        ]
        for reader in readers:
            reader.start()
        try:
            only = [arg for table in NEW_RELEASE for arg in ("--only", table)]
            refresh = subprocess.run(
                [sys.executable, "-m", "dashboard.cli", "refresh", "--source", "live"]
                + only,
                cwd=REPO,
                env={**os.environ, "CORONADASH_CONFIG": str(config)},
                capture_output=True,
                text=True,
                timeout=600,
            )
            landed_at = len(seen)
            # the workers notice the new generation within a second or two
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(seen) < landed_at + 3 * READERS:
                time.sleep(0.1)
        finally:
            stop.set()
            for reader in readers:
                reader.join(timeout=180)
    assert refresh.returncode == 0, refresh.stdout + refresh.stderr
    new = quiet_answers(settings, tmp_path / "quiet-new", bodies)
    assert new["inwoners"] != old["inwoners"]
    assert new["verkoopprijs"] != old["verkoopprijs"]
    kinds = {"old": 0, "new": 0}
    mixed = []
    for name, answer in seen:
        if answer == old[name]:
            kinds["old"] += 1
        elif answer == new[name]:
            kinds["new"] += 1
        else:
            mixed.append(name)
    assert not mixed, f"{len(mixed)} of {len(seen)} answers were neither: {mixed[:5]}"
    assert kinds["old"] and kinds["new"], kinds  # the readers saw both generations
    assert not failures, (
        f"{len(failures)} of {len(seen) + len(failures)}: {failures[:3]}"
    )
