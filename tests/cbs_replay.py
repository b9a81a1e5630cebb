"""A loopback HTTP server that answers like CBS, from the reference snapshot.

The live CBS adapters are tested with their real clients (``cbsodata`` for v3,
``requests`` for v4) against this server, so paging, $select, timeouts, retries
and malformed answers go through the same code as in production.

v3 (ODataFeed, as ``cbsodata`` asks for it), snapshot folder ``cbs/<table>/``::

    GET /ODataFeed/odata/<table>/?$format=json              entity-set list
    GET /ODataFeed/odata/<table>/<Set>?$format=json[&$select=..][&$filter=..][&$skip=n]

The same ODataFeed path also serves, for the third-party catalog, CBS/Politie
47018NED, built from ``politie/47018NED/data.json`` in the v3 shape (entity sets
SoortMisdrijf, Perioden, WijkenEnBuurten, DataProperties, TypedDataSet; codes
space-padded as CBS pads them; the values are the snapshot's, unchanged), and any
folder a test registers with ``add_v3_folder`` (small fixtures in the v3 shape).

v4 (datasets.cbs.nl), snapshot folder ``cbs-v4/<table>/``::

    GET /odata/v1/CBS/<table>/Properties | Dimensions | MeasureCodes | <Dim>Codes
    GET /odata/v1/CBS/<table>/Observations[?$filter=..][&$skip=n]

Lists are cut into pages of ``page_size`` rows with an absolute ``odata.nextLink``
(v3) or ``@odata.nextLink`` (v4) carrying ``$skip``. Faults are set per test
(``fail``, ``hang``, ``delay``, ``truncate``, ``drop_column``, ``drop_measure``, ``pad``,
``transform``) and cleared by ``reset``. Every request target is logged in
``requests`` (decoded, e.g. ``/odata/v1/CBS/37789ksz/Observations?$skip=100``).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

V3_ROOT = "/ODataFeed/odata/"
V4_ROOT = "/odata/v1/CBS/"
MAX_HANG_S = 5.0
DEFAULT_PAGE_SIZE = 100

# transform(kind, table, name, rows) -> rows; kind is "v3" or "v4", name the entity
# set (v3) or the endpoint (v4: "Observations", "Dimensions", "RegioSCodes", ...).
Transform = Callable[[str, str, str, list], list]


def v3_path(table: str, entity_set: str = "") -> str:
    """Path prefix of a v3 table or one of its entity sets."""
    return f"{V3_ROOT}{table}/{entity_set}"


def v4_path(table: str, endpoint: str = "") -> str:
    """Path prefix of a v4 table or one of its endpoints."""
    return f"{V4_ROOT}{table}/{endpoint}"


@dataclass
class _Fault:
    prefix: str
    kind: str  # status | hang | truncate | delay
    status: int = 500
    seconds: float = 0.0
    remaining: int | None = None  # None: every matching request


@dataclass
class _State:
    faults: list[_Fault] = field(default_factory=list)
    dropped_columns: dict[str, set[str]] = field(default_factory=dict)
    dropped_measures: dict[str, set[str]] = field(default_factory=dict)
    padded: dict[str, dict[str, int]] = field(default_factory=dict)
    transforms: list[tuple[str, Transform]] = field(default_factory=list)


class _HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class CbsReplay:
    """Serve the snapshot on 127.0.0.1 in a background thread."""

    def __init__(self, snapshot_dir: Path, page_size: int = DEFAULT_PAGE_SIZE):
        self.snapshot_dir = Path(snapshot_dir)
        self.default_page_size = page_size
        self.page_size = page_size
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._state = _State()
        self._release = threading.Event()  # set to end running hangs early
        self._cache: dict[Path, Any] = {}
        self._v3_folders: dict[str, Path] = {}
        self._built: dict[str, dict[str, list]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ---------------------------------------------------------

    def start(self) -> CbsReplay:
        replay = self

        class Handler(_Handler):
            pass

        Handler.replay = replay
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="cbs-replay",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> CbsReplay:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("replay server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        """Clear faults, data changes and the request log; restore the page size."""
        with self._lock:
            self._release.set()  # wake handlers that are still hanging
            self._release = threading.Event()
            self._state = _State()
            self.requests.clear()
            self.page_size = self.default_page_size

    # -- fault injection ----------------------------------------------------

    def fail(self, prefix: str, status: int = 500, times: int | None = None) -> None:
        """Answer requests whose path starts with ``prefix`` with HTTP ``status``;
        only the first ``times`` of them if given (then serve normally)."""
        self._add_fault(_Fault(prefix, "status", status=status, remaining=times))

    def hang(
        self, prefix: str, seconds: float = MAX_HANG_S, times: int | None = None
    ) -> None:
        """Accept the request, send nothing for ``seconds`` (at most 5), then close."""
        seconds = min(seconds, MAX_HANG_S)
        self._add_fault(_Fault(prefix, "hang", seconds=seconds, remaining=times))

    def delay(self, prefix: str, seconds: float, times: int | None = None) -> None:
        """Answer normally, but only after ``seconds`` (at most 5): a slow catalog."""
        seconds = min(seconds, MAX_HANG_S)
        self._add_fault(_Fault(prefix, "delay", seconds=seconds, remaining=times))

    def truncate(self, prefix: str, times: int | None = None) -> None:
        """Send 200 with only the first half of the JSON body (Content-Length fits)."""
        self._add_fault(_Fault(prefix, "truncate", remaining=times))

    def drop_column(self, table: str, column: str) -> None:
        """v3: remove ``column`` from every row of the table's data sets."""
        with self._lock:
            self._state.dropped_columns.setdefault(table, set()).add(column)

    def drop_measure(self, table: str, measure: str) -> None:
        """v4: remove every observation of ``measure``."""
        with self._lock:
            self._state.dropped_measures.setdefault(table, set()).add(measure)

    def pad(self, table: str, column: str, width: int = 8) -> None:
        """Pad the values of a dimension column with spaces to ``width`` (as CBS does
        with "GM0344  "), in the data rows and in that dimension's code list."""
        with self._lock:
            self._state.padded.setdefault(table, {})[column] = width

    def transform(self, prefix: str, func: Transform) -> None:
        """Rewrite the rows served under ``prefix`` (before $select and paging)."""
        with self._lock:
            self._state.transforms.append((prefix, func))

    def _add_fault(self, fault: _Fault) -> None:
        with self._lock:
            self._state.faults.append(fault)

    def add_v3_folder(self, table: str, folder: Path) -> None:
        """Serve ``folder`` (``<Set>.json`` files, as cbsodata writes them) as v3
        table ``table``; stays until the server stops (``reset`` keeps it)."""
        with self._lock:
            self._v3_folders[table] = Path(folder)

    # -- helpers for tests --------------------------------------------------

    def requested(self, prefix: str) -> list[str]:
        """Logged request targets whose path starts with ``prefix``."""
        with self._lock:
            return [r for r in self.requests if r.split("?", 1)[0].startswith(prefix)]

    # -- request handling (called from handler threads) ---------------------

    def _take_fault(self, path: str) -> tuple[_Fault | None, threading.Event]:
        with self._lock:
            for fault in self._state.faults:
                if not path.startswith(fault.prefix):
                    continue
                if fault.remaining is not None:
                    if fault.remaining <= 0:
                        continue
                    fault.remaining -= 1
                return fault, self._release
            return None, self._release

    def _load(self, path: Path) -> Any:
        with self._lock:
            if path not in self._cache:
                with path.open(encoding="utf-8") as handle:
                    self._cache[path] = json.load(handle)
            return self._cache[path]

    def _rewrite(self, kind: str, table: str, name: str, rows: list) -> list:
        with self._lock:
            state = self._state
            transforms = list(state.transforms)
            dropped_cols = (
                state.dropped_columns.get(table, set()) if kind == "v3" else ()
            )
            dropped_meas = (
                state.dropped_measures.get(table, set()) if kind == "v4" else ()
            )
            padded = dict(state.padded.get(table, {}))
        if dropped_cols and name in ("TypedDataSet", "UntypedDataSet"):
            rows = [{k: v for k, v in r.items() if k not in dropped_cols} for r in rows]
        if dropped_meas and name == "Observations":
            rows = [
                r for r in rows if str(r.get("Measure")).strip() not in dropped_meas
            ]
        for column, width in padded.items():
            code_lists = {column, f"{column}Codes"}
            if column == "Measure":
                code_lists.add("MeasureCodes")
            if name in ("TypedDataSet", "UntypedDataSet", "Observations"):
                rows = [_pad_field(r, column, width) for r in rows]
            elif name in code_lists:
                key = "Key" if kind == "v3" else "Identifier"
                rows = [_pad_field(r, key, width) for r in rows]
        path = v3_path(table, name) if kind == "v3" else v4_path(table, name)
        for prefix, func in transforms:
            if path.startswith(prefix):
                rows = func(kind, table, name, [dict(r) for r in rows])
        return rows

    def _answer(self, path: str, query: dict[str, str]) -> dict:
        if path.startswith(V3_ROOT):
            return self._answer_v3(path[len(V3_ROOT) :], query)
        if path.startswith(V4_ROOT):
            return self._answer_v4(path[len(V4_ROOT) :], query)
        raise _HttpError(404, f"onbekend pad {path}")

    def _answer_v3(self, rest: str, query: dict[str, str]) -> dict:
        table, _, name = rest.partition("/")
        sets = self._v3_sets(table) if table else None
        if sets is None:
            raise _HttpError(404, f"tabel {table} bestaat niet")
        if query.get("$format", "json") != "json":
            raise _HttpError(415, "alleen $format=json")
        table_url = f"{self.base_url}{V3_ROOT}{table}"
        if name == "":
            names = sorted(sets)
            names.sort(key=lambda n: n != "TypedDataSet")
            return {
                "odata.metadata": f"{table_url}/$metadata",
                "value": [{"name": n, "url": f"{table_url}/{n}"} for n in names],
            }
        if "/" in name or name not in sets:
            raise _HttpError(404, f"entity set {name} bestaat niet in {table}")
        rows = self._rewrite("v3", table, name, sets[name]())
        if "$filter" in query:
            rows = _apply_filter(rows, query["$filter"])
        if "$select" in query:
            columns = [c.strip() for c in query["$select"].split(",") if c.strip()]
            known = set().union(*(r.keys() for r in rows)) if rows else set()
            unknown = [c for c in columns if c not in known]
            if rows and unknown:
                raise _HttpError(400, f"onbekende kolom in $select: {unknown[0]}")
            rows = [{c: r.get(c) for c in columns} for r in rows]
        page, next_query = self._page(rows, query)
        body = {
            "odata.metadata": f"{table_url}/$metadata#Cbs.OData.WebAPI.{name}",
            "value": page,
        }
        if next_query is not None:
            body["odata.nextLink"] = f"{table_url}/{name}?{_encode(next_query)}"
        return body

    def _v3_sets(self, table: str) -> dict[str, Callable[[], list]] | None:
        """Entity set name -> rows, for a snapshot folder, a registered folder or
        the police document; None when the table is unknown."""
        with self._lock:
            registered = self._v3_folders.get(table)
        for folder in (self.snapshot_dir / "cbs" / table, registered):
            if folder is not None and (folder / "TypedDataSet.json").is_file():
                return {
                    p.stem: (lambda p=p: self._load(p)) for p in folder.glob("*.json")
                }
        document = self.snapshot_dir / "politie" / table / "data.json"
        if table == POLICE_TABLE and document.is_file():
            built = self._police_sets(document)
            return {name: (lambda rows=rows: rows) for name, rows in built.items()}
        return None

    def _police_sets(self, document: Path) -> dict[str, list]:
        with self._lock:
            if POLICE_TABLE in self._built:
                return self._built[POLICE_TABLE]
        built = police_entity_sets(
            self._load(document), self._load_names(self.snapshot_dir)
        )
        with self._lock:
            self._built[POLICE_TABLE] = built
        return built

    def _load_names(self, snapshot_dir: Path) -> dict[str, str]:
        """Gemeente names from the 03759ned code list (the document has none)."""
        file = snapshot_dir / "cbs-v4" / "03759ned" / "codes-RegioS.json"
        if not file.is_file():
            return {}
        codes = self._load(file)["value"]
        return {c["Identifier"].strip(): c["Title"] for c in codes}

    def _answer_v4(self, rest: str, query: dict[str, str]) -> dict:
        table, _, endpoint = rest.partition("/")
        folder = self.snapshot_dir / "cbs-v4" / table
        if not table or not (folder / "properties.json").is_file():
            raise _HttpError(404, f"tabel {table} bestaat niet")
        table_url = f"{self.base_url}{V4_ROOT}{table}"
        context = f"{table_url}/$metadata#{endpoint}"
        if endpoint == "Properties":
            return self._load(folder / "properties.json")
        files = {"Dimensions": "dimensions.json", "MeasureCodes": "measure-codes.json"}
        if endpoint in files:
            file = folder / files[endpoint]
        elif endpoint.endswith("Codes") and "/" not in endpoint:
            file = folder / f"codes-{endpoint.removesuffix('Codes')}.json"
        elif endpoint == "Observations":
            file = folder / "observations-page-1.json"
        else:
            raise _HttpError(404, f"onbekend endpoint {endpoint}")
        if not file.is_file():
            raise _HttpError(404, f"{endpoint} bestaat niet in {table}")
        rows = self._rewrite("v4", table, endpoint, self._load(file)["value"])
        if endpoint != "Observations":
            return {"@odata.context": context, "value": rows}
        wanted = query.get("$filter")
        if wanted:
            index = self._load(folder / "index.json")
            # The snapshot is the result of the slice filter: serve it whole.
            if _squash(wanted) != _squash(index.get("sliceFilter") or ""):
                rows = _apply_filter(rows, wanted)
        page, next_query = self._page(rows, query)
        body = {"@odata.context": context, "value": page}
        if next_query is not None:
            body["@odata.nextLink"] = f"{table_url}/{endpoint}?{_encode(next_query)}"
        return body

    def _page(self, rows: list, query: dict[str, str]) -> tuple[list, dict | None]:
        try:
            skip = int(query.get("$skip", "0"))
        except ValueError:
            raise _HttpError(400, "ongeldige $skip") from None
        size = max(1, int(self.page_size))
        page = rows[skip : skip + size]
        if skip + size >= len(rows):
            return page, None
        next_query = {k: v for k, v in query.items() if k != "$skip"}
        next_query["$skip"] = str(skip + size)
        return page, next_query


class _Handler(BaseHTTPRequestHandler):
    replay: CbsReplay
    server_version = "CbsReplay/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep pytest output clean; the replay keeps its own log

    def do_GET(self) -> None:  # noqa: N802
        replay = self.replay
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        with replay._lock:
            replay.requests.append(
                path + (f"?{unquote(parts.query)}" if parts.query else "")
            )
        fault, release = replay._take_fault(path)
        if fault is not None and fault.kind == "hang":
            release.wait(fault.seconds)
            self.close_connection = True
            return  # close without an answer
        if fault is not None and fault.kind == "delay":
            release.wait(fault.seconds)
        if fault is not None and fault.kind == "status":
            self._send(fault.status, _error_body(path, fault.status, "ingestelde fout"))
            return
        try:
            body = json.dumps(replay._answer(path, query), ensure_ascii=False).encode()
        except _HttpError as exc:
            self._send(exc.status, _error_body(path, exc.status, exc.message))
            return
        if fault is not None and fault.kind == "truncate":
            body = body[: len(body) // 2]
        self._send(200, body)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header(
            "Content-Type", "application/json;odata.metadata=minimal;charset=utf-8"
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout); nothing left to do


def _error_body(path: str, status: int, message: str) -> bytes:
    if path.startswith(V3_ROOT):
        error = {
            "odata.error": {
                "code": str(status),
                "message": {"lang": "nl-NL", "value": message},
            }
        }
    else:
        error = {"error": {"code": str(status), "message": message}}
    return json.dumps(error).encode()


def _pad_field(row: dict, key: str, width: int) -> dict:
    value = row.get(key)
    if not isinstance(value, str):
        return row
    return {**row, key: value.ljust(width)}


POLICE_TABLE = "47018NED"
POLICE_MEASURE = "GeregistreerdeMisdrijven_1"


def police_entity_sets(document: dict, names: dict[str, str]) -> dict[str, list]:
    """47018NED as the third-party v3 catalog serves it, from the snapshot document:
    keys padded (offence to 8, region to 10 characters, as CBS pads them),
    provisional years with ``Status: Voorlopig`` and a ``*`` in the title."""
    provisional = {int(y) for y in document.get("provisional", [])}
    periods = []
    for year in document["years"]:
        mark = int(year) in provisional
        periods.append(
            {
                "Key": f"{year}JJ00",
                "Title": f"{year}{'*' if mark else ''}",
                "Description": "",
                "Status": "Voorlopig" if mark else "Definitief",
            }
        )
    offences = [
        {
            "Key": o["code"].ljust(8),
            "Title": f"{o['code']} {o['label']}",
            "Description": "",
        }
        for o in document["offences"]
    ]
    regions = sorted({g for per in document["counts"].values() for g in per})
    rows = []
    for code, per_region in document["counts"].items():
        for region, per_year in per_region.items():
            for year, count in per_year.items():
                rows.append(
                    {
                        "ID": len(rows),
                        "SoortMisdrijf": code.ljust(8),
                        "WijkenEnBuurten": region.ljust(10),
                        "Perioden": f"{year}JJ00",
                        POLICE_MEASURE: count,
                    }
                )
    return {
        "TypedDataSet": rows,
        "SoortMisdrijf": offences,
        "Perioden": periods,
        "WijkenEnBuurten": [
            {"Key": r.ljust(10), "Title": names.get(r, r), "Description": ""}
            for r in regions
        ],
        "DataProperties": [
            {
                "Key": POLICE_MEASURE,
                "Type": "Topic",
                "Title": "Geregistreerde misdrijven",
                "Unit": "aantal",
                "Decimals": 0,
                "Description": None,
            }
        ],
    }


# OData $filter as the loaders send it: eq/ge comparisons, startswith and
# substringof, joined by and/or with parentheses. Codes compare without padding.
_TOKEN = re.compile(
    r"\s*(?:(\()|(\))|(and|or)\b"
    r"|startswith\((\w+)\s*,\s*'([^']*)'\)"
    r"|substringof\('([^']*)'\s*,\s*(\w+)\)"
    r"|(\w+)\s+(eq|ge|le)\s+'([^']*)')"
)


def _tokens(text: str) -> list:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise _HttpError(501, f"$filter niet ondersteund door de replay: {text}")
        position = match.end()
        if match[1] or match[2] or match[3]:
            tokens.append(match[1] or match[2] or match[3])
        elif match[4]:
            col, prefix = match[4], match[5].strip()
            tokens.append(lambda r, c=col, v=prefix: _text(r, c).startswith(v))
        elif match[6] is not None:
            part, col = match[6], match[7]
            tokens.append(lambda r, c=col, v=part: v in _text(r, c))
        else:
            col, op, value = match[8], match[9], match[10].strip()
            compare = {
                "eq": lambda a, b: a == b,
                "ge": lambda a, b: a >= b,
                "le": lambda a, b: a <= b,
            }[op]
            tokens.append(lambda r, c=col, v=value, f=compare: f(_text(r, c), v))
    return tokens


def _text(row: dict, column: str) -> str:
    return str(row.get(column, "")).strip()


def _parse(tokens: list, text: str):
    """Recursive descent: or over and over atoms; returns a row predicate."""
    position = 0

    def fail():
        raise _HttpError(501, f"$filter niet ondersteund door de replay: {text}")

    def atom():
        nonlocal position
        if position >= len(tokens):
            fail()
        token = tokens[position]
        position += 1
        if token == "(":
            inner = either()
            if position >= len(tokens) or tokens[position] != ")":
                fail()
            position += 1
            return inner
        if callable(token):
            return token
        fail()

    def chain(word, part):
        nonlocal position
        parts = [part()]
        while position < len(tokens) and tokens[position] == word:
            position += 1
            parts.append(part())
        combine = all if word == "and" else any
        return parts[0] if len(parts) == 1 else lambda r: combine(p(r) for p in parts)

    def both():
        return chain("and", atom)

    def either():
        return chain("or", both)

    predicate = either()
    if position != len(tokens):
        fail()
    return predicate


def _apply_filter(rows: list, text: str) -> list:
    keep = _parse(_tokens(text), text)
    return [r for r in rows if keep(r)]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _encode(query: dict[str, str]) -> str:
    return urlencode(query, quote_via=quote, safe="$,'()")
