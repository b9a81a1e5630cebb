"""Benchmark suite: every figure of the performance issue in one bounded run.

Builds its own SQLite cache from the snapshot (in a temporary folder, loopback only),
serves the dashboard and a floor app (one empty Dash callback) with the same server
in the same run, then prints:

- ``floor_callback_p50_ms`` / ``floor_callback_p95_ms``: the empty callback over loopback;
- ``callback_p95_ms`` / ``callback_p95_ratio``: the slowest main filter callback (the
  callbacks a page fires when its filters change: gebied, indicator, period, map
  level, replayed with every gebied in turn), p95 / floor p95, after one warm-up pass;
  ``callback_first_p95_ms`` / ``callback_first_p95_ratio``: the same for that first
  pass (nothing memoised in the response cache yet);
- ``first_load_bytes``: compressed bytes of the first page and all its assets (after
  the server's one-off Brotli pass over its static bundles);
- ``cold_start_s``: process start to the first 200 on ``/`` with a warm cache (median);
- ``refresh_ratio``: the refresh that built this run's cache / plain ``json.load`` +
  ``DataFrame`` of the same files (``bench/refresh.py``'s floor);
- ``rss_mb``: resident memory of the dashboard server after the run;
- ``scale10_callback_p95_ratio`` (and ``scale10_callback_first_p95_ratio``): the same
  callbacks on a SYNTHETIC copy of the cache grown to 10x observation rows
  (``bench/synthetic.py``; its provenance says synthetic; a separate file), replayed
  for the first ``SCALE10_GEBIEDEN`` gebieden after the server's warm-up
  (``scale10_warm_s``);
- ``first_view_ratio`` / ``start_to_content_s`` (``bench/first_view.py``): time to
  the first chart of each page's first visit on a freshly started server in
  Chromium, divided by the same on a static floor page with the same plotly bundle
  and figure JSON (the worst page); process start to the Overzicht's key figures;
- ``load_errors`` / ``load_p95_ms``: ``bench/load.py`` (PostgreSQL, gunicorn 2
  workers, 50 users) in a subprocess;
- ``scale100_refresh_rows_per_s``: a SYNTHETIC buurt-level cache (about 14,000
  buurten x 10 years x 50 indicators, ``bench/scale100.py``) staged and landed on a
  throwaway PostgreSQL server with ``COPY`` (CSV); ``scale100_callback_first_p95_ms``:
  the same callbacks as the 10x run, first pass, served from that server holding the
  real snapshot cache beside the synthetic buurt tables.

A figure this run did not measure is printed as null, with the reason in
``not_measured`` (a part left out with ``--skip``, or not built yet): never a
made-up number.

Run: ``python bench/run.py [--json] [--rounds N] [--skip PART ...]``. Prints figures;
asserts nothing.
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

from dashboard import chromium  # noqa: E402  (after the path entry above)
from dashboard.navigation import registered_pages  # noqa: E402

CHROMIUM_ARGS = chromium.ARGS
PAGES = [page.href for page in registered_pages()]  # the navigation's pages
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


# The pages that draw a chart on their first view (for first_view_ratio).
CHART_PAGES = list(FILTERS)
PARTS = ("callbacks", "first_view", "cold_start", "scale10", "load", "scale100")
# Keys of the issue; each is measured by one part.
ISSUE_KEYS = {
    "first_view_ratio": "first_view",
    "start_to_content_s": "first_view",
    "callback_first_p95_ms": "callbacks",
    "scale10_callback_first_p95_ms": "scale10",
    "warm_s": "callbacks",
    "rss_mb": "callbacks",
    "load_errors": "load",
    "load_p95_ms": "load",
    "scale100_callback_first_p95_ms": "scale100",
    "scale100_refresh_rows_per_s": "scale100",
    "cold_start_s": "cold_start",
}
NOT_BUILT: dict[str, str] = {}  # part -> why no run can measure it yet
PREPARED: dict[str, float] = {}  # timings of prepare_cache
SCALE10_GEBIEDEN = 4  # gebieden replayed on the synthetic cache (bounded run time)


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
    cache = Cache(settings.sqlalchemy_url)
    started = time.perf_counter()
    report = refresh(cache, settings, "snapshot")
    PREPARED["refresh_s"] = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(
            "refresh failed: "
            + "; ".join(o.message for o in report.outcomes if not o.ok)
        )
    # What `coronadash refresh` does after landing (its after_land hook), timed
    # apart so refresh_ratio stays comparable with the runs before it.
    from dashboard.precompute import store

    started = time.perf_counter()
    PREPARED["precomputed_items"] = store(cache)
    PREPARED["precompute_s"] = time.perf_counter() - started
    return env


def time_posts(url: str, bodies: list[dict], rounds: int) -> list[float]:
    session = requests.Session()
    timings = []
    for _ in range(rounds):
        for body in bodies:
            start = time.perf_counter()
            response = session.post(url, json=body, timeout=600)
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
            executable_path=chromium.executable(), args=CHROMIUM_ARGS
        )
        for number, path in enumerate(PAGES):
            page = browser.new_page()
            seen: list = []
            page.on("requestfinished", lambda request: seen.append(request))
            page.goto(base + path, wait_until="networkidle", timeout=120_000)
            page.wait_for_timeout(500)
            filters = FILTERS.get(path, [])
            if filters:
                # under load "networkidle" can come before the page has rendered
                page.wait_for_selector(f"#{filters[0][0]}", timeout=120_000)
            for component, prop, value in filters:
                if page.locator(f"#{component}").count():
                    page.evaluate(
                        "([id, prop, value]) => window.dash_clientside.set_props(id, {[prop]: value})",
                        [component, prop, value],
                    )
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(1000)
                    page.wait_for_load_state("networkidle")
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
                    output = str(body.get("output", ""))
                    if output.startswith(("app-nav", ".._pages")):
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


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    app_env = {**os.environ, **env, "CORONADASH_SERVER__PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, str(REPO / "app.py")],
        env=app_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=20)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def wait_for_precompression(folder: Path, seconds: float = 120) -> None:
    """Until the server's one-off Brotli pass has written nothing new for 3 s."""
    target = folder / "compressed"
    deadline, last, stable_since = time.monotonic() + seconds, -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(list(target.glob("*.br"))) if target.exists() else 0
        if count != last:
            last, stable_since = count, time.monotonic()
        elif count and time.monotonic() - stable_since > 3:
            return
        time.sleep(0.5)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid: int, seconds: float = 900) -> float:
    """Until the server's warm-up thread is done: its process used under 5 % of a
    core for 3 s in a row. Returns the seconds waited."""
    started = time.perf_counter()
    quiet, last = 0, cpu_seconds(pid)
    while time.perf_counter() - started < seconds and quiet < 6:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - last < 0.025 else 0
        last = now
    return time.perf_counter() - started


def replay(base: str, captured: dict, gebieden: list[str], rounds: int) -> dict:
    """p95 per captured callback: the first pass and the passes after it."""
    out = {}
    for key, bodies in captured.items():
        bodies_all = [v for b in bodies for v in variants(b, gebieden)]
        first = time_posts(base + "/_dash-update-component", bodies_all, 1)
        again = time_posts(
            base + "/_dash-update-component",
            bodies_all,
            max(1, rounds // len(bodies_all) + 1),
        )
        out[key] = (percentile(first, 0.95), percentile(again, 0.95))
    return out


def replay_served(
    env: dict[str, str], captured: dict, gebieden: list[str], rounds: int
) -> tuple[float, dict]:
    """Serve the cache of ``env``, wait for the warm-up, replay the captured
    callbacks (``replay``); the warm-up seconds and p95 per callback."""
    process, base = start_server(env)
    try:
        wait_until_up(base + "/over")
        warm_s = round(wait_until_idle(process.pid), 1)
        return warm_s, replay(base, captured, gebieden, rounds)
    finally:
        stop(process)


def slowest(per_callback: dict, which: int) -> tuple[str | None, float | None]:
    if not per_callback:
        return None, None
    key = max(per_callback, key=lambda k: per_callback[k][which])
    return key, per_callback[key][which]


def cold_start(env: dict[str, str], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        process, base = start_server(env)
        try:
            deadline = started + 120
            while time.perf_counter() < deadline:
                try:
                    if requests.get(base + "/", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.02)
            times.append(time.perf_counter() - started)
        finally:
            stop(process)
    return statistics.median(times)


def load_figures() -> dict:
    """``bench/load.py --json`` (its own PostgreSQL and gunicorn) in a subprocess."""
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "load.py"), "--workers", "2", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(done.stderr.strip().splitlines()[-1:] or "no output")
    figures = json.loads(lines[-1])
    return {
        "load_errors": figures["errors"],
        "load_p95_ms": figures["p95_ms"],
        "load_requests": figures["requests"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=PARTS, help="parts left out"
    )
    parser.add_argument("--no-scale10", action="store_true", help="skip the 10x run")
    args = parser.parse_args()
    skip = set(args.skip) | ({"scale10"} if args.no_scale10 else set())
    if "callbacks" in skip:
        skip.add("scale10")  # it replays the callbacks captured there
    from bench.first_view import measure as first_view
    from bench.refresh import floor_seconds, snapshot_files
    from bench.synthetic import grow
    from data_sources.areas import read_gebieden
    from data_sources.settings import load_settings

    real_url = load_settings().sqlalchemy_url
    result: dict = {}
    not_measured = {
        part: "left out with --skip" for part in skip if part not in NOT_BUILT
    } | NOT_BUILT
    per_callback: dict = {}
    scale: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = prepare_cache(folder)
        refresh_s = PREPARED["refresh_s"]
        floor_s = floor_seconds(snapshot_files(load_settings().snapshot_dir))
        result |= {
            "refresh_s": round(refresh_s, 2),
            "refresh_floor_s": round(floor_s, 2),
            "refresh_ratio": round(refresh_s / floor_s, 2),
            "precompute_s": round(PREPARED["precompute_s"], 1),
            "precomputed_items": PREPARED["precomputed_items"],
        }
        gebieden = [g.id for g in read_gebieden().gebieden]
        if "first_view" not in skip:
            # first: on servers nobody has visited (fresh data dir caches too)
            result |= first_view(start_server, env, CHART_PAGES, free_port())
        if "callbacks" not in skip:
            process, base = start_server(env)
            try:
                wait_until_up(base + "/over")
                warm_s = wait_until_idle(process.pid)
                capture(base)  # one visit: the server starts its one-off Brotli pass
                wait_for_precompression(folder)
                first_load, captured = capture(base)
                floor = floor_timings(args.rounds * 10)
                per_callback = replay(base, captured, gebieden, args.rounds)
                server_rss = rss_mb(process.pid)
            finally:
                stop(process)
            floor_p95 = percentile(floor, 0.95)
            worst_key, worst = slowest(per_callback, 1)
            _, worst_first = slowest(per_callback, 0)

            def ratio(value):
                return round(value / floor_p95, 2) if value is not None else None

            result |= {
                "floor_callback_p50_ms": round(statistics.median(floor), 2),
                "floor_callback_p95_ms": round(floor_p95, 2),
                "callback_p95_ms": round(worst, 2) if worst is not None else None,
                "callback_p95_ratio": ratio(worst),
                "slowest_callback": worst_key,
                "callback_first_p95_ms": round(worst_first, 2) if worst_first else None,
                "callback_first_p95_ratio": ratio(worst_first),
                "first_load_bytes": first_load,
                "rss_mb": server_rss,
                "warm_s": round(warm_s, 1),
            }
        if "cold_start" not in skip:
            result["cold_start_s"] = round(cold_start(env), 2)
        if "scale10" not in skip:
            synthetic = folder / "synthetic"
            synthetic.mkdir()
            grown_at = time.perf_counter()
            rows = grow(
                env["CORONADASH_DATABASE_URL"],
                f"sqlite:///{synthetic / 'cache.sqlite'}",
                real_url=real_url,
            )
            scale["scale10_rows"] = sum(rows.values())
            scale["scale10_build_s"] = round(time.perf_counter() - grown_at, 1)
            synthetic_env = {
                "CORONADASH_DATABASE_URL": f"sqlite:///{synthetic / 'cache.sqlite'}",
                "CORONADASH_DATA_DIR": str(synthetic),
            }
            # a few gebieden only: a first pass costs seconds per view at 10x
            scale["scale10_warm_s"], scale["per_callback"] = replay_served(
                synthetic_env, captured, gebieden[:SCALE10_GEBIEDEN], args.rounds
            )
            _, grown = slowest(scale["per_callback"], 1)
            _, grown_first = slowest(scale["per_callback"], 0)
            result |= {
                "scale10_rows": scale["scale10_rows"],
                "scale10_build_s": scale["scale10_build_s"],
                "scale10_warm_s": scale["scale10_warm_s"],
                "scale10_callback_p95_ms": round(grown, 2),
                "scale10_callback_p95_ratio": ratio(grown),
                "scale10_callback_first_p95_ms": round(grown_first, 2),
                "scale10_callback_first_p95_ratio": ratio(grown_first),
            }
        if "scale100" not in skip:
            from bench.scale100 import hundredfold

            # made under the real wijk codes of this run's cache, beside its data
            with hundredfold(env["CORONADASH_DATABASE_URL"], real_url) as (url, made):
                result |= made
                if "callbacks" in skip:
                    not_measured["scale100"] = (
                        "replays the callbacks captured by the callbacks part, "
                        "left out with --skip"
                    )
                else:
                    served = folder / "scale100"
                    served.mkdir()
                    warm, scale["per_callback_100"] = replay_served(
                        {
                            "CORONADASH_DATABASE_URL": url,
                            "CORONADASH_DATA_DIR": str(served),
                        },
                        captured,
                        gebieden[:SCALE10_GEBIEDEN],
                        args.rounds,
                    )
                    _, first100 = slowest(scale["per_callback_100"], 0)
                    _, again100 = slowest(scale["per_callback_100"], 1)
                    result |= {
                        "scale100_warm_s": warm,
                        "scale100_callback_first_p95_ms": round(first100, 2),
                        "scale100_callback_p95_ms": round(again100, 2),
                    }
    if "load" not in skip:
        try:
            result |= load_figures()
        except (RuntimeError, OSError, ValueError, KeyError) as exc:
            not_measured["load"] = f"bench/load.py failed: {exc}"
    for key, part in ISSUE_KEYS.items():
        if key not in result:
            result[key] = None
            result.setdefault("not_measured", {})[key] = not_measured.get(
                part, f"part {part} gave no figure"
            )
    load = os.getloadavg()
    result["machine"] = (
        f"{platform.node()} {platform.machine()} {os.cpu_count()} cores "
        f"python {platform.python_version()}, load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    for key, (first, again) in per_callback.items():
        print(f"  p95 first {first:8.1f} ms, after {again:8.1f} ms  {key[:90]}")
    for key, (first, again) in scale.get("per_callback", {}).items():
        print(f"  10x p95 first {first:8.1f} ms, after {again:8.1f} ms  {key[:90]}")
    for key, (first, again) in scale.get("per_callback_100", {}).items():
        print(f"  100x p95 first {first:8.1f} ms, after {again:8.1f} ms  {key[:90]}")
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
