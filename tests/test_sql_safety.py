"""No SQL is built by string formatting from input.

1. A scan of the source (ast): every string handed to an SQL entry point (``text``,
   ``execute``, ``exec_driver_sql``, ``copy``, ``read_sql``...) must be a literal or a
   SQLAlchemy construct, never an f-string, ``%`` or ``.format`` (also through a local
   variable). The one exception is named: the bulk insert in ``data_sources/cache.py``
   interpolates table and column names of its own schema (never input).
2. Injection-like values through the cache API and the query service find nothing and
   change nothing, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from data_sources import cbs_v4
from data_sources.cache import Cache

REPO = Path(__file__).resolve().parents[1]
SCANNED = ["dashboard", "data_sources", "bench", "scripts", "app.py"]
SINKS = {
    "text",
    "execute",
    "executemany",
    "exec_driver_sql",
    "copy",
    "read_sql",
    "read_sql_query",
    "executescript",
}
# (file, names interpolated): schema identifiers, checked by
# test_the_allowed_interpolations_are_schema_names_only below.
ALLOWED = {"data_sources/cache.py": frozenset({"table.name", "column_list", "marks"})}
INJECTIONS = [
    "x' OR '1'='1",
    "'; DROP TABLE sources; --",
    '" OR ""="',
    "GM0344' --",
    "%",
    "_",
    "\\",
    "NL01\x00",
    "1; DELETE FROM observations",
]


def _formatted(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return isinstance(node.left, ast.Constant) or _formatted(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        if _formatted(node.left) or _formatted(node.right):
            return True
        sides = (node.left, node.right)
        text_side = any(_is_text(side) for side in sides)
        return text_side and not all(isinstance(side, ast.Constant) for side in sides)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format"
    return False


def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _interpolated(node: ast.AST) -> frozenset[str]:
    return frozenset(
        ast.unparse(v.value)
        for v in ast.walk(node)
        if isinstance(v, ast.FormattedValue)
    )


def _sink_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _text_is_ui_text(tree: ast.AST) -> bool:
    """A bare ``text(...)`` is SQLAlchemy's unless the module imports ``text`` from the
    UI text layer (a lookup named text): a key like ``f"ranking.choice_{x}"`` is
    no SQL. ``sa.text(...)``/``sqlalchemy.text(...)`` stay sinks in every module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(
            alias.name == "text" and alias.asname is None for alias in node.names
        ):
            return not (node.module or "").startswith("sqlalchemy")
    return False


def formatted_sql(source: str, filename: str) -> list[str]:
    """Places where a formatted string reaches an SQL entry point."""
    tree = ast.parse(source)
    problems = []
    ui_text = _text_is_ui_text(tree)
    for scope in ast.walk(tree):
        if not isinstance(scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        assigned: dict[str, ast.AST] = {}
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and _formatted(node.value):
                        assigned[target.id] = node.value
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or _sink_name(node) not in SINKS:
                continue
            if ui_text and isinstance(node.func, ast.Name) and node.func.id == "text":
                continue
            for arg in node.args[:1]:
                built = assigned.get(arg.id) if isinstance(arg, ast.Name) else arg
                if built is None or not _formatted(built):
                    continue
                allowed = ALLOWED.get(filename, frozenset())
                if isinstance(built, ast.JoinedStr) and _interpolated(built) <= allowed:
                    continue
                problems.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:100]}")
    return sorted(set(problems))


def source_files() -> list[Path]:
    files = []
    for name in SCANNED:
        path = REPO / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def test_no_sql_is_built_by_string_formatting():
    problems = []
    for path in source_files():
        rel = path.relative_to(REPO).as_posix()
        problems += formatted_sql(path.read_text(encoding="utf-8"), rel)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "snippet",
    [
        "conn.execute(text(f\"SELECT * FROM t WHERE a = '{value}'\"))",
        "conn.exec_driver_sql('SELECT * FROM t WHERE a = %s' % value)",
        "cache.read_sql(text('SELECT * FROM t WHERE a = {}'.format(value)))",
        "def f(v):\n    sql = f'DELETE FROM t WHERE a = {v}'\n    conn.execute(sql)",
        'conn.execute(text("SELECT * FROM t WHERE a = \'" + value + "\'"))',
        "conn.execute(text('SELECT ' + f'{value}'))",
        "from sqlalchemy import select, text\ntext(f'SELECT {value}')",
        "from .views.text import text\nconn.execute(sa.text(f'SELECT {value}'))",
    ],
)
def test_the_scan_catches_formatted_sql(snippet):
    assert formatted_sql(snippet, "example.py")


def test_the_scan_accepts_bound_parameters_and_constructs():
    good = (
        "conn.execute(text('SELECT * FROM t WHERE a = :a'), {'a': value})\n"
        "conn.execute(select(t).where(t.c.a == value))\n"
        "conn.exec_driver_sql('SELECT 1')\n"
    )
    assert formatted_sql(good, "example.py") == []
    # the UI text layer's text() takes keys, not SQL
    ui = (
        "from .views.text import text\nlabel = text(f'ranking.choice_{choice}', lang)\n"
    )
    assert formatted_sql(ui, "example.py") == []


def test_the_allowed_interpolations_are_schema_names_only():
    """In cache.py the formatted statements take names from the module's own tables."""
    source = (REPO / "data_sources" / "cache.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    bulk = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef) and n.name == "_bulk_insert"
    )
    assigned = {
        t.id: ast.unparse(n.value)
        for n in ast.walk(bulk)
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    assert assigned["names"] == "['dataset', 'version', *columns]"
    assert assigned["column_list"] == "', '.join(names)"
    assert assigned["marks"] == "', '.join(('?' for _ in names))"
    callers = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_bulk_insert"
    ]
    # table and columns come from PART_TABLES, the module's schema
    assert callers and all(ast.unparse(c.args[1]) == "table" for c in callers)
    assert all(ast.unparse(c.args[2]) == "columns" for c in callers)
    assert "table, columns = PART_TABLES[part]" in source


# -- injection-like values through the cache API and the service ----------------------


@pytest.fixture
def filled(cache_url, snapshot_dir) -> Cache:
    capture = cbs_v4.read_folder(snapshot_dir / "cbs-v4" / "03759ned")
    cache = Cache(cache_url)
    cache.write(
        cbs_v4.normalise(
            "cbs_03759ned",
            "03759ned",
            capture,
            catalog_url="snapshot",
            origin="snapshot",
        )
    )
    return cache


def test_injection_like_values_find_nothing_and_change_nothing(filled):
    before = filled.sources()[["dataset", "version", "row_count", "checksum"]]
    total = len(filled.observations("cbs_03759ned"))
    for value in INJECTIONS:
        for kwargs in (
            {"dataset": value},
            {"dataset": "cbs_03759ned", "measure": value},
            {"dataset": "cbs_03759ned", "area_code": [value, "GM0344"]},
            {"dataset": "cbs_03759ned", "period": value},
            {"dataset": "cbs_03759ned", "dims": value},
        ):
            found = filled.observations(**kwargs)
            if "area_code" in kwargs:
                assert set(found["area_code"]) <= {"GM0344"}
            else:
                assert found.empty, (kwargs, len(found))
        assert filled.current("areas", value).empty
    after = filled.sources()[["dataset", "version", "row_count", "checksum"]]
    assert after.equals(before)
    assert len(filled.observations("cbs_03759ned")) == total


def test_the_service_refuses_injection_like_ids_with_a_message(filled):
    from dashboard.services import QueryError, Service

    service = Service(filled)
    for value in INJECTIONS:
        with pytest.raises(QueryError):
            service.comparison(value, "NL01")
        with pytest.raises(QueryError):
            service.comparison("inwoners", value)
