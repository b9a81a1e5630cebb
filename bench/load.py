"""Load test: N simulated users against gunicorn on a PostgreSQL cache (loopback only).

Starts a throwaway PostgreSQL server (Debian's binaries, as tests/postgres_server.py),
fills it with ``coronadash refresh --source snapshot``, serves ``app:server`` with
gunicorn (several workers) on 127.0.0.1, then lets ``--users`` threads each do
``--rounds`` rounds of: open a page (the HTML, then the page-routing callback the
browser fires), set the page's filters to **its own** choice (gebied, indicator,
period, ...: user n's combination is digit n of a mixed radix over the offered values,
so no two users, and not the warm-up, ask the same view and no answer is a shared memo
hit), then change ``--changes`` of its filters to another offered value, each change
posting the page's own callbacks (ids and values from ``/_dash-dependencies`` and the
rendered layout). Before measuring, every page and filter is run once per worker with
other users' numbers. Answers served from the callback memo (``X-Callback-Cache:
hit``) are counted per kind: with own choices the filter posts should have none.

Counts as an error: a status other than 200/204, a connection failure or timeout, and a
200 whose body holds the app's failure alert (``dashboard.errors``).

Run: ``python bench/load.py [--users 50] [--rounds 2] [--workers 4] [--threads 4]
[--database postgresql|sqlite] [--kill-worker]``. gunicorn runs with the production
command line (``dashboard.bootstrap.gunicorn_command``). ``--kill-worker`` adds a second
run in which one worker is killed with SIGKILL a third of the way through: its
errors are reported beside the requests in flight at that moment.
Prints requests, errors, p50/p95/max per kind and overall; asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from postgres_server import PostgresServer  # noqa: E402

from dashboard.bootstrap import THREADS, gunicorn_command  # noqa: E402
from dashboard.callback_cache import HIT_HEADER  # noqa: E402
from dashboard.navigation import registered_pages  # noqa: E402

PAGES = [page.href for page in registered_pages()]  # the navigation's pages
UPDATE = "/_dash-update-component"
ROUTING = "_pages_content"
FAILURE_TEXTS = ("onverwachte fout", "niet te lezen", "Traceback")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# -- callbacks as the browser posts them -------------------------------------------


def outputs_of(spec: str) -> list[dict]:
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    return [
        {"id": p.rpartition(".")[0], "property": p.rpartition(".")[2]} for p in parts
    ]


def body(dep: dict, values: dict[tuple[str, str], object], changed: str) -> dict:
    outputs = outputs_of(dep["output"])

    def items(specs):
        return [
            {**s, "value": values.get((s["id"], s["property"]))}
            for s in specs
            if "id" in s
        ]

    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": items(dep["inputs"]),
        "changedPropIds": [changed],
        "state": items(dep["state"]),
    }


def components(node, found: dict[str, dict]) -> None:
    """Props of every component with a string id in a rendered layout."""
    if isinstance(node, list):
        for item in node:
            components(item, found)
    elif isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and isinstance(props.get("id"), str):
            found[props["id"]] = props
        for value in node.values():
            components(value, found)


class PagePlan:
    """What one page load and its filter changes post."""

    def __init__(self, path: str, routing: dict, layout: dict, deps: list[dict]):
        self.path = path
        self.routing = routing
        self.values = {
            (cid, prop): value
            for cid, props in layout.items()
            for prop, value in props.items()
        }
        self.filters = []  # (component id, property, options, multi)
        self.mine: dict[tuple[str, str], object] = {}  # this user's own choice
        self.callbacks: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for dep in deps:
            if dep.get("clientside_function") or ROUTING in dep["output"]:
                continue
            if not all(i.get("id") in layout for i in dep["inputs"]):
                continue
            for item in dep["inputs"]:
                self.callbacks[(item["id"], item["property"])].append(dep)
        for cid, prop in self.callbacks:
            props = layout[cid]
            options = [
                o["value"] if isinstance(o, dict) else o
                for o in props.get("options") or []
                if not (isinstance(o, dict) and o.get("disabled"))
            ]
            if prop == "value" and len(options) > 1:
                self.filters.append((cid, prop, options, bool(props.get("multi"))))

    def own(self, number: int) -> list[dict]:
        """User ``number``'s own choice on every filter at once: the callbacks of each
        filter, posted with the whole combination (distinct numbers give distinct
        combinations while the numbers stay below the product of the option counts)."""
        rest = number
        for cid, prop, options, multi in sorted(self.filters, key=lambda f: -len(f[2])):
            chosen = options[rest % len(options)]
            rest //= len(options)
            self.mine[(cid, prop)] = [chosen] if multi else chosen
        values = {**self.values, **self.mine}
        posts: dict[str, dict] = {}  # each callback once, however many filters feed it
        for cid, prop, _options, _multi in self.filters:
            for dep in self.callbacks[(cid, prop)]:
                posts.setdefault(dep["output"], body(dep, values, f"{cid}.{prop}"))
        return list(posts.values())

    def change(self, rng: random.Random) -> list[dict]:
        cid, prop, options, multi = rng.choice(self.filters)
        values = {**self.values, **self.mine}
        if multi:
            values[(cid, prop)] = rng.sample(
                options, k=min(len(options), rng.randint(1, 3))
            )
        else:
            current = values.get((cid, prop))
            values[(cid, prop)] = rng.choice(
                [o for o in options if o != current] or options
            )
        return [
            body(dep, values, f"{cid}.{prop}") for dep in self.callbacks[(cid, prop)]
        ]


def routing_body(deps: list[dict], path: str) -> dict:
    dep = next(d for d in deps if ROUTING in d["output"])
    values = {("_pages_location", "pathname"): path, ("_pages_location", "search"): ""}
    return body(dep, values, "_pages_location.pathname")


def plans(base: str) -> list[PagePlan]:
    session = requests.Session()
    deps = session.get(base + "/_dash-dependencies", timeout=120).json()
    result = []
    for path in PAGES:
        routing = routing_body(deps, path)
        answer = session.post(base + UPDATE, json=routing, timeout=300)
        answer.raise_for_status()
        layout: dict[str, dict] = {}
        components(answer.json(), layout)
        result.append(PagePlan(path, routing, layout, deps))
    return result


# -- the users ------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.hits: dict[str, int] = defaultdict(int)  # answers from the callback memo
        self.in_flight = 0

    def call(self, session, kind: str, method: str, url: str, **kwargs) -> None:
        start = time.perf_counter()
        problem = None
        with self.lock:
            self.in_flight += 1
        try:
            response = session.request(method, url, timeout=300, **kwargs)
            hit = response.headers.get(HIT_HEADER) == "hit"
            if response.status_code not in (200, 204):
                problem = f"HTTP {response.status_code}"
            elif any(text in response.text for text in FAILURE_TEXTS):
                said = next(t for t in FAILURE_TEXTS if t in response.text)
                output = (kwargs.get("json") or {}).get("output", "")
                problem = f"failure alert ({said}) in the answer of {output[:80]}"
                asked = [
                    (i.get("id"), i.get("value")) for i in kwargs["json"]["inputs"]
                ]
                problem += f" for {json.dumps(asked, ensure_ascii=False)[:400]}"
        except requests.RequestException as exc:
            problem = type(exc).__name__
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.in_flight -= 1
            self.timings[kind].append(elapsed)
            self.hits[kind] += problem is None and hit
            if problem:
                self.errors.append(f"{kind} {url}: {problem}")


def user(number: int, base: str, page_plans, rounds: int, changes: int, rec: Recorder):
    rng = random.Random(number)
    session = requests.Session()
    for round_number in range(rounds):
        plan = copy.copy(page_plans[(number + round_number) % len(page_plans)])
        plan.mine = {}
        rec.call(session, "page", "GET", base + plan.path)
        rec.call(session, "layout", "POST", base + UPDATE, json=plan.routing)
        if not plan.filters:
            continue
        for post in plan.own(number):
            rec.call(session, "own", "POST", base + UPDATE, json=post)
        for _ in range(changes):
            for post in plan.change(rng):
                rec.call(session, "filter", "POST", base + UPDATE, json=post)


def run_users(
    base, page_plans, users, rounds, changes, rec: Recorder | None = None, first=0
) -> tuple[Recorder, float]:
    rec = rec or Recorder()
    threads = [
        threading.Thread(
            target=user, args=(n, base, page_plans, rounds, changes, rec), daemon=True
        )
        for n in range(first, first + users)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return rec, time.perf_counter() - start


# -- servers --------------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()]


def kill_run(base, page_plans, args, master: int) -> dict:
    """The same load again; one worker (a child of our gunicorn) gets SIGKILL when a
    third of the expected requests are done. Errors are compared with the requests
    in flight at that moment (on all workers: an upper bound for the killed one's)."""
    import signal

    rec = Recorder()
    # at least a page and its layout per round (filter changes come on top)
    expected = args.users * args.rounds * 2
    victim, before, in_flight, done = None, [], 0, 0
    runner = threading.Thread(
        target=run_users,
        args=(base, page_plans, args.users, args.rounds, args.changes, rec),
        kwargs={"first": 2 * args.users + args.workers * len(page_plans)},
    )
    runner.start()
    while runner.is_alive():
        with rec.lock:
            done = sum(len(v) for v in rec.timings.values())
            in_flight = rec.in_flight
        if done >= expected // 3:
            before = worker_pids(master)
            victim = before[0]
            os.kill(victim, signal.SIGKILL)
            break
        time.sleep(0.05)
    runner.join()
    after = worker_pids(master)
    print(f"  killed worker {victim} of {before}; workers now {after}", flush=True)
    everything = [t for values in rec.timings.values() for t in values]
    for line in sorted(set(rec.errors))[:20]:
        print(f"  error around the kill: {line}")
    return {
        "kill_requests": len(everything),
        "kill_errors": len(rec.errors),
        "kill_in_flight_at_kill": in_flight,
        "kill_done_at_kill": done,
        "killed_worker_replaced": victim is not None
        and victim not in after
        and len(after) == len(before),
    }


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server ended with {process.returncode}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server did not come up: {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2, help="pages per user")
    parser.add_argument(
        "--changes", type=int, default=2, help="filter changes per page"
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=THREADS, help="gunicorn threads per worker"
    )
    parser.add_argument(
        "--database", choices=["postgresql", "sqlite"], default="postgresql"
    )
    parser.add_argument(
        "--kill-worker",
        action="store_true",
        help="then a second run in which one worker gets SIGKILL a third of the way",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="coronadash-load-")
    env = {**os.environ, "CORONADASH_DATA_DIR": folder}
    database = None
    if args.database == "postgresql":
        database = PostgresServer()
        env["CORONADASH_DATABASE_URL"] = database.start()
    else:
        env.pop("CORONADASH_DATABASE_URL", None)
    server = None
    killed: dict = {}
    try:
        start = time.perf_counter()
        filled = subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "refresh", "--source", "snapshot"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        if filled.returncode != 0:  # measured anyway, on what did load: said here
            failed = [line for line in filled.stderr.splitlines() if "mislukt" in line]
            print(f"  refresh incomplete: {failed or filled.stderr[-300:]}")
        fill_s = time.perf_counter() - start
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # the production command line (dashboard.wsgi), threads as asked
        command = gunicorn_command("127.0.0.1", port, args.workers)
        command[command.index("--threads") + 1] = str(args.threads)
        server_log = open(Path(folder) / "server.log", "w+b")  # noqa: SIM115
        server = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=server_log,
        )
        wait_until_up(base + "/over", server)
        page_plans = plans(base)
        for plan in page_plans:
            names = ", ".join(f[0] for f in plan.filters) or "none"
            print(f"  {plan.path}: filters {names}", flush=True)
        # Warm every worker: each page and filter once per worker, concurrently,
        # with user numbers after the measured ones (their own views stay unasked).
        warm = args.workers * len(page_plans)
        run_users(base, page_plans, warm, 1, 1, first=args.users)
        rec, wall = run_users(base, page_plans, args.users, args.rounds, args.changes)
        if args.kill_worker:
            killed = kill_run(base, page_plans, args, server.pid)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            server_log.seek(0)
            logged = server_log.read().decode("utf-8", "replace").splitlines()
            server_log.close()
            # the server's own account of what went wrong, beside the errors counted
            failures = [line for line in logged if "mislukt" in line or "Error" in line]
            for line in failures[:20]:
                print(f"  server log: {line[:300]}")
            if "Traceback (most recent call last):" in logged:  # the first one whole
                first = logged.index("Traceback (most recent call last):")
                end = next(
                    (
                        i
                        for i in range(first + 1, len(logged))
                        if logged[i][:1].isalpha()
                    ),
                    len(logged) - 1,
                )
                print("\n".join(logged[first : end + 1]))
        if database is not None:
            database.stop()
        shutil.rmtree(folder, ignore_errors=True)
    everything = [t for values in rec.timings.values() for t in values]
    result = {
        "users": args.users,
        "rounds": args.rounds,
        "workers": args.workers,
        "threads": args.threads,
        "requests": len(everything),
        "errors": len(rec.errors),
        "own_memo_hits": rec.hits.get("own", 0),
        "own_requests": len(rec.timings.get("own", [])),
        "p50_ms": round(statistics.median(everything), 1),
        "p95_ms": round(percentile(everything, 0.95), 1),
        "max_ms": round(max(everything), 1),
        "wall_s": round(wall, 1),
        "requests_per_s": round(len(everything) / wall, 2),
        "fill_s": round(fill_s, 1),
        "database": args.database,
        **killed,
        "machine": f"{platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}",
    }
    for kind, values in sorted(rec.timings.items()):
        print(
            f"  {kind:7s} n={len(values):4d}  p50 {statistics.median(values):8.1f} ms"
            f"  p95 {percentile(values, 0.95):8.1f} ms  max {max(values):8.1f} ms"
            f"  memo hits {rec.hits.get(kind, 0)}"
        )
    for line in sorted(set(rec.errors))[:20]:
        print(f"  error: {line}")
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
