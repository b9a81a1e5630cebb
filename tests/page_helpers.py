"""Helpers for page tests: build the app once, find a page module, walk a layout.

Dash imports page modules itself (as ``pages.<name>``), so tests take the module that
the app registered instead of importing ``dashboard.pages.<name>`` a second time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import dash

from dashboard.components import deferred


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
    waiting = deferred.waiting_graph(component)  # a chart mounted after the paint
    if waiting is not None:
        yield waiting
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


class _Rows(HTMLParser):
    """Cells of an HTML table, row by row (header first)."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def html_rows(markup: str) -> list[list[str]]:
    """Rows (header first) of the HTML tables in ``markup``."""
    parser = _Rows()
    parser.feed(markup)
    return parser.rows


def table_rows(component) -> list[list[str]]:
    """Rows (header first) of the static HTML table inside a component."""
    markdown = next(
        p
        for p in walk(component)
        if type(p).__name__ == "Markdown" and "<table" in str(p.children)
    )
    return html_rows(markdown.children)


ABSENT_DATASET = "niet_in_de_cache"


def catalogue_with_an_empty_domain(catalogue, domain_id: str):
    """The catalogue with every input of one domain's indicators pointed at a dataset
    that no cache holds: that domain has indicators but no figures, as a domain
    whose CBS tables only come online (the offline case the pages must explain)."""

    def absent(ref):
        return (
            None if ref is None else ref.model_copy(update={"dataset": ABSENT_DATASET})
        )

    indicators = [
        i.model_copy(
            update={
                "source": absent(i.source),
                "base": absent(i.base),
                "denominator": absent(i.denominator),
                "gemeente_source": absent(i.gemeente_source),
            }
        )
        if i.domain == domain_id
        else i
        for i in catalogue.indicators
    ]
    return catalogue.model_copy(update={"indicators": indicators})


@contextmanager
def empty_domain(service, settings, domain_id: str):
    """Pages see, inside the block, a service on the same cache whose ``domain_id``
    has no figures; the previous service is restored afterwards."""
    from dashboard import state
    from dashboard.services import Service

    before = (state.service(), state.settings())
    empty = Service(
        service.cache, catalogue_with_an_empty_domain(service.catalogue, domain_id)
    )
    state.configure(empty, settings)
    try:
        yield empty
    finally:
        state.configure(*before)
