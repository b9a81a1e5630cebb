"""Rewrite a module's shim lookups, ``t("skip", lang)`` (dashboard.i18n) and
``text("map.legend", lang)`` (dashboard.views.text), into ``_("app.skip", lang)`` and
``_("map.legend", lang)`` of dashboard.messages, and fix the imports.

Why: the shims let pages keep working while their words moved into the catalogs; once
a module's keys are all in the catalogs it should call the one lookup directly.

    python scripts/use_messages.py dashboard/pages/gebied.py [more modules ...]

A ``t`` key without a dot gets ``app.`` (as the shim reads it); a key that is not a
literal (``t(page.label)``) is left as it is, so name it yourself. The module is read
as text and rewritten by position (never imported); run ``ruff format`` afterwards.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SHIMS = {"i18n": "t", "text": "text"}  # module (last part) -> lookup it offers


def _offset(lines: list[str], lineno: int, col: int) -> int:
    """The text offset of an ast position; ``col`` counts UTF-8 bytes (a "·" before
    the call is two of them), the text counts characters."""
    line = lines[lineno - 1] if lineno <= len(lines) else ""
    chars = len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
    return sum(len(line) for line in lines[: lineno - 1]) + chars


def rewrite(source: str) -> str:
    tree = ast.parse(source)
    lookups, imports = set(), []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = (node.module or "").rsplit(".", 1)[-1]
            names = {a.name for a in node.names if SHIMS.get(module) == a.name}
            if names:
                lookups |= names
                imports.append((node, names))
    if not lookups:
        return source
    lines = source.splitlines(keepends=True)
    edits = []  # (start, end, replacement)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in lookups or not node.args:
            continue
        first = node.args[0]
        if node.func.id == "t" and not (
            isinstance(first, ast.Constant) and isinstance(first.value, str)
        ):
            continue  # a key we cannot see: the shim's "app." rule may apply
        start = _offset(lines, node.func.lineno, node.func.col_offset)
        edits.append((start, start + len(node.func.id), "_"))
        if node.func.id == "t" and "." not in first.value:
            begin = _offset(lines, first.lineno, first.col_offset)
            end = _offset(lines, first.end_lineno, first.end_col_offset)
            quote = source[begin]
            edits.append((begin, end, f"{quote}app.{first.value}{quote}"))
    rewritten = {start for start, _end, new in edits if new == "_"}
    for node, names in imports:
        begin = _offset(lines, node.lineno, 0)
        end = _offset(lines, node.end_lineno, node.end_col_offset)
        # a name still used otherwise (t(page.label)) keeps its import
        still = sorted(
            {
                n.id
                for n in ast.walk(tree)
                if isinstance(n, ast.Name)
                and n.id in names
                and _offset(lines, n.lineno, n.col_offset) not in rewritten
            }
        )
        kept = [a.name + (f" as {a.asname}" if a.asname else "") for a in node.names]
        kept = [k for k in kept if k.split(" ")[0] not in names or k in still]
        module = "." * node.level + (node.module or "")
        text = f"from {module} import {', '.join(kept)}\n" if kept else ""
        edits.append((begin, end, text + "from dashboard.messages import _"))
    for start, end, replacement in sorted(edits, reverse=True):
        source = source[:start] + replacement + source[end:]
    return source


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for path in map(Path, argv):
        before = path.read_text(encoding="utf-8")
        after = rewrite(before)
        path.write_text(after, encoding="utf-8")
        print(f"{path}: {'rewritten' if after != before else 'no shim lookups'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
