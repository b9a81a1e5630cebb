"""Helpers for page tests: build the app once, find a page module, walk a layout.

Dash imports page modules itself (as ``pages.<name>``), so tests take the module that
the app registered instead of importing ``dashboard.pages.<name>`` a second time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import dash


def page_module(name: str):
    """The page module the app registered (``pages.<name>``)."""
    for page in dash.page_registry.values():
        if page["module"].rsplit(".", 1)[-1] == name:
            return sys.modules[page["module"]]
    raise LookupError(f"page {name} is not registered")


def walk(component) -> Iterator:
    """Every component and string in a layout, depth first."""
    if component is None:
        return
    if isinstance(component, (list, tuple)):
        for item in component:
            yield from walk(item)
        return
    yield component
    if isinstance(component, (str, int, float)):
        return
    yield from walk(getattr(component, "children", None))


def text_of(component) -> str:
    """All visible text of a layout, joined by single spaces."""
    return " ".join(
        str(part).strip()
        for part in walk(component)
        if isinstance(part, (str, int, float)) and str(part).strip()
    )


def find(component, id_: str):
    for part in walk(component):
        if getattr(part, "id", None) == id_:
            return part
    raise LookupError(f"no component with id {id_!r}")


def find_all(component, predicate) -> list:
    return [part for part in walk(component) if predicate(part)]


def with_data(component, key: str, value: str) -> list:
    """Components carrying ``data-<key>=value`` (e.g. data-indicator)."""
    attribute = f"data-{key}"
    return find_all(component, lambda part: getattr(part, attribute, None) == value)


def classed(component, name: str) -> list:
    return find_all(
        component,
        lambda part: name in (getattr(part, "className", None) or "").split(),
    )
