"""Page modules only lay out (issue 12): each is short, imports nothing from
``data_sources`` and never reaches for the service's cache.

The data work of a page lives in ``dashboard/views/`` (no Dash), where the CLI,
the exports and the tests use it without an app; a page module that grows past
``MAX_LINES``, imports ``data_sources`` or touches ``service.cache`` has started to
compute again. Read as text and as a syntax tree, without importing the pages
(importing one outside an app raises ``PageError``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent.parent / "dashboard" / "pages"
MAX_LINES = 500
MODULES = sorted(p for p in PAGES.glob("*.py") if p.name != "__init__.py")


def imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def cache_touches(tree: ast.AST) -> list[int]:
    """Lines that read ``.cache`` of a service (``service.cache``,
    ``state.service().cache``, ``self.service.cache``)."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.attr != "cache":
            continue
        owner = node.value
        if isinstance(owner, ast.Call):
            owner = owner.func
        name = getattr(owner, "id", None) or getattr(owner, "attr", None) or ""
        if "service" in name.lower():
            lines.append(node.lineno)
    return sorted(lines)


def test_every_page_module_is_checked():
    assert len(MODULES) >= 8, MODULES  # the pages are where this test looks


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_a_page_module_only_lays_out(path: Path):
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = len(text.splitlines())
    assert lines <= MAX_LINES, f"{path.name}: {lines} lines (at most {MAX_LINES})"
    sources = [m for m in imported_modules(tree) if m.split(".")[0] == "data_sources"]
    assert not sources, f"{path.name} imports {sources}: use dashboard/views"
    touches = cache_touches(tree)
    assert not touches, f"{path.name} reads service.cache on lines {touches}"


def test_the_checks_can_fail():
    """The same checks on a made-up page that does all three."""
    bad = "\n".join(
        [
            "from data_sources.catalogue import read_catalogue",
            "import data_sources.periods",
            "def layout():",
            "    return state.service().cache.read()",
            "def other(service):",
            "    return service.cache",
        ]
    )
    tree = ast.parse(bad)
    assert imported_modules(tree)[:2] == [
        "data_sources.catalogue",
        "data_sources.periods",
    ]
    assert cache_touches(tree) == [4, 6]
