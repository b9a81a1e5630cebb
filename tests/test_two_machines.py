"""Several app servers on one PostgreSQL and one Redis behave as one dashboard.

Two ``python app.py`` processes (each its own data dir, as on two machines) share a
throwaway PostgreSQL and a throwaway Redis on loopback: a page's first view computed
by one is a cache hit on the other (``X-Callback-Cache``), and a refresh that lands
is seen by both (``/_data-version``), after which neither answers from the old
generation's entries.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from fixtures_app import snapshot_settings
from fixtures_cache import fresh_database
from redis_server import RedisServer

from dashboard.callback_cache import HIT_HEADER
from dashboard.data_version import PATH as VERSION_PATH
from data_sources.cache import Cache, generation_key
from data_sources.refresh import Loader, load_registry, refresh

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.load import free_port, routing_body  # noqa: E402

SMALL = ["cbs_03759ned", "wijken_2022", "gebieden", "gemeenten_2023"]
PAGE = "/over"  # a page's first view: the page router's answer


@pytest.fixture
def shared_database(postgres_url):
    with fresh_database(postgres_url) as url:
        yield url


@pytest.fixture
def shared_redis():
    server = RedisServer()
    url = server.start()
    yield url
    server.stop()


def _start(config: Path, data_dir: Path, redis_url: str):
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "CORONADASH_CONFIG": str(config),
        "CORONADASH_DATA_DIR": str(data_dir),
        "CORONADASH_SERVER__PORT": str(port),
        "CORONADASH_SERVER__REDIS_URL": redis_url,
    }
    process = subprocess.Popen(
        [sys.executable, str(REPO / "app.py")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_up(base: str, process: subprocess.Popen, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            if requests.get(base + "/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"server did not come up: {base}")


def _generation(base: str) -> str:
    answer = requests.get(base + VERSION_PATH, timeout=30)
    answer.raise_for_status()
    return answer.json()["generation"]


@pytest.mark.timeout(600)
def test_two_servers_share_first_views_and_see_one_refresh(
    shared_database, shared_redis, snapshot_dir, tmp_path
):
    settings = snapshot_settings(tmp_path, snapshot_dir, shared_database)
    cache = Cache(shared_database)
    assert refresh(cache, settings, "snapshot", SMALL).ok
    config = tmp_path / "config.yaml"
    servers = [_start(config, tmp_path / f"machine-{n}", shared_redis) for n in (1, 2)]
    try:
        for process, base in servers:
            _wait_up(base, process)
        (_, one), (_, two) = servers
        deps = requests.get(one + "/_dash-dependencies", timeout=60).json()
        body = routing_body(deps, PAGE)
        computed = requests.post(
            one + "/_dash-update-component", json=body, timeout=300
        )
        assert computed.status_code == 200
        assert computed.headers[HIT_HEADER] == "miss"
        shared = requests.post(two + "/_dash-update-component", json=body, timeout=300)
        assert shared.headers[HIT_HEADER] == "hit"  # computed by the other server
        assert shared.json() == computed.json()

        # A refresh lands (run on the first machine: its settings, the shared
        # database): the population table again with every value doubled.
        spec = next(s for s in load_registry() if s.id == "cbs_03759ned")
        loaded = Loader(settings).load(spec, "snapshot")
        loaded.observations["value"] = loaded.observations["value"] * 2
        old = _generation(two)
        cache.write(loaded)
        new = generation_key(cache.versions())
        assert new != old
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and {
            _generation(one),
            _generation(two),
        } != {new}:
            time.sleep(0.2)
        assert (_generation(one), _generation(two)) == (new, new)
        # neither server answers from the old generation's entry any more
        again = requests.post(two + "/_dash-update-component", json=body, timeout=300)
        assert again.status_code == 200 and again.headers[HIT_HEADER] == "miss"
        other = requests.post(one + "/_dash-update-component", json=body, timeout=300)
        assert other.headers[HIT_HEADER] == "hit"
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)
