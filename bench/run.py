"""Benchmark suite: callback latency against an empty-callback floor, first page load.

Builds its own SQLite cache from the snapshot, serves the dashboard and a floor app
(one empty Dash callback) with the same server in the same run, then:

- ``floor_callback_p50_ms`` / ``floor_callback_p95_ms``: the empty callback over loopback;
- ``callback_p95_ms`` / ``callback_p95_ratio``: the slowest main filter callback (the
  callbacks a page fires on load, replayed with every gebied in turn), p95 / floor p95;
- ``first_load_bytes``: compressed bytes of the first page and all its assets.

Run: ``python bench/run.py [--json] [--rounds N]``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    "/",
    "/domein/werk-en-inkomen",
    "/gebied/den-haag-zuidwest",
    "/vergelijken",
    "/corona",
]
# The main filters, changed the way a user would (Dash's set_props fires the same
# callbacks a click does): page -> (component id, property, new value).
FILTERS = {
    "/": [
        ("overzicht-sorteer", "value", "naam"),
        ("overzicht-gebied", "value", ["rotterdam-zuid"]),
    ],
    "/domein/werk-en-inkomen": [
        ("domein-gebied", "value", "rotterdam-zuid"),
        ("domein-indicator", "value", "arbeidsparticipatie-wijk"),
        ("domein-niveau", "value", "wijk"),
    ],
    "/gebied/den-haag-zuidwest": [
        ("gebied-kaart-indicator", "value", "woz-waarde-wijk")
    ],
    "/vergelijken": [
        (
            "vergelijken-gebieden",
            "value",
            ["rotterdam-zuid", "utrecht-overvecht", "NL01"],
        )
    ],
    "/corona": [
        ("corona-gebied", "value", "rotterdam-zuid"),
        ("corona-maat", "value", "ziekenhuisopnames"),
    ],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not come up: {url}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def prepare_cache(folder: Path) -> dict[str, str]:
    from data_sources.cache import Cache
    from data_sources.refresh import refresh
    from data_sources.settings import load_settings

    env = {
        "CORONADASH_DATABASE_URL": f"sqlite:///{folder / 'cache.sqlite'}",
        "CORONADASH_DATA_DIR": str(folder),
    }
    os.environ.update(env)
    settings = load_settings()
    report = refresh(Cache(settings.sqlalchemy_url), settings, "snapshot")
    if not report.ok:
        raise SystemExit(
            "refresh failed: "
            + "; ".join(o.message for o in report.outcomes if not o.ok)
        )
    return env


def time_posts(url: str, bodies: list[dict], rounds: int) -> list[float]:
    session = requests.Session()
    timings = []
    for _ in range(rounds):
        for body in bodies:
            start = time.perf_counter()
            response = session.post(url, json=body, timeout=60)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code not in (200, 204):
                raise SystemExit(
                    f"callback answered {response.status_code}: {response.text[:200]}"
                )
    return timings


def floor_timings(rounds: int) -> list[float]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "floor_app.py"), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/")
        body = {
            "output": "floor-out.children",
            "outputs": {"id": "floor-out", "property": "children"},
            "inputs": [{"id": "floor-in", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["floor-in.n_clicks"],
            "state": [],
        }
        time_posts(base + "/_dash-update-component", [body], 10)  # warm-up
        return time_posts(base + "/_dash-update-component", [body], rounds)
    finally:
        process.terminate()
        process.wait(timeout=10)


def capture(base: str) -> tuple[int, dict[str, list[dict]]]:
    """First-load bytes of "/" and the callback requests each page fires on load."""
    from playwright.sync_api import sync_playwright

    bodies: dict[str, list[dict]] = {}
    first_load = 0
    with sync_playwright() as play:
        browser = play.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for number, path in enumerate(PAGES):
            page = browser.new_page()
            seen: list = []
            page.on("requestfinished", lambda request: seen.append(request))
            page.goto(base + path, wait_until="networkidle", timeout=120_000)
            page.wait_for_timeout(500)
            for component, prop, value in FILTERS.get(path, []):
                if page.locator(f"#{component}").count():
                    page.evaluate(
                        "([id, prop, value]) => window.dash_clientside.set_props(id, {[prop]: value})",
                        [component, prop, value],
                    )
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
            if number == 0:
                for request in seen:
                    sizes = request.sizes()
                    first_load += (
                        sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    )
            for request in seen:
                # Dash 4 adds a query string (?endId=...) to the callback URL.
                if "/_dash-update-component" in request.url and request.post_data:
                    body = json.loads(request.post_data)
                    if str(body.get("output", "")).startswith(("app-nav", ".._pages")):
                        continue  # the shell's navigation and page routing
                    key = f"{path} -> {body.get('output')}"
                    bodies.setdefault(key, []).append(body)
            page.close()
        browser.close()
    return first_load, bodies


def variants(body: dict, gebieden: list[str]) -> list[dict]:
    """The same callback with every gebied in turn where an input holds a gebied id."""
    out = []
    for gebied in gebieden:
        changed = copy.deepcopy(body)
        touched = False
        for item in changed.get("inputs", []) + changed.get("state", []):
            if isinstance(item, dict) and item.get("value") in gebieden:
                item["value"] = gebied
                touched = True
        if touched:
            out.append(changed)
    return out or [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = prepare_cache(Path(folder))
        from data_sources.areas import read_gebieden

        gebieden = [g.id for g in read_gebieden().gebieden]
        port = free_port()
        app_env = {**os.environ, **env, "CORONADASH_SERVER__PORT": str(port)}
        process = subprocess.Popen(
            [sys.executable, str(REPO / "app.py")],
            env=app_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/over")
            first_load, captured = capture(base)
            floor = floor_timings(args.rounds * 10)
            worst_key, worst = None, []
            per_callback = {}
            for key, bodies in captured.items():
                replay = [v for b in bodies for v in variants(b, gebieden)]
                time_posts(
                    base + "/_dash-update-component", replay, 1
                )  # warm the memo once
                timings = time_posts(
                    base + "/_dash-update-component",
                    replay,
                    max(1, args.rounds // len(replay) + 1),
                )
                per_callback[key] = round(percentile(timings, 0.95), 1)
                if not worst or percentile(timings, 0.95) > percentile(worst, 0.95):
                    worst_key, worst = key, timings
        finally:
            process.terminate()
            process.wait(timeout=10)
    floor_p95 = percentile(floor, 0.95)
    result = {
        "floor_callback_p50_ms": round(statistics.median(floor), 2),
        "floor_callback_p95_ms": round(floor_p95, 2),
        "callback_p95_ms": round(percentile(worst, 0.95), 2) if worst else None,
        "callback_p95_ratio": round(percentile(worst, 0.95) / floor_p95, 2)
        if worst
        else None,
        "slowest_callback": worst_key,
        "first_load_bytes": first_load,
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores python {platform.python_version()}",
    }
    for key, value in per_callback.items():
        print(f"  p95 {value:8.1f} ms  {key}")
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
