"""The list of pages, read from ``dash.page_registry``: one source for the navigation
bar, the 404 page, the browser tests, the benchmarks and the screenshots.

Why: every page already registers itself with ``order=``; writing the list out again
in six places let them drift. A page that wants a place in the navigation passes
``nav="<message key>"`` to ``register_page`` and, when its path is a template,
``nav_path=`` (the concrete address the link opens).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dash

PAGES_FOLDER = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class Page:
    name: str  # module name without the package, e.g. "domein"
    href: str  # a concrete address: the path, or nav_path for a path template
    label: str  # message key of the navigation label
    order: int

    @property
    def slug(self) -> str:
        """A file-name and test-id form of the address: "/domein/wonen" -> "domein-wonen"."""
        return self.href.strip("/").replace("/", "-") or self.name


def pages() -> list[Page]:
    """The registered pages that take part in navigation, in their ``order``."""
    found = []
    for entry in dash.page_registry.values():
        if entry.get("nav") is None or entry.get("order") is None:
            continue
        href = entry.get("nav_path") or entry["path"]
        name = entry["module"].rsplit(".", 1)[-1]
        found.append(Page(name, href, entry["nav"], int(entry["order"])))
    return sorted(found, key=lambda page: page.order)


def registered_pages() -> list[Page]:
    """:func:`pages` outside a running app (tests, bench, screenshots): registers the
    page modules with a throw-away Dash app first when none has done so (the page
    modules ask for the service only when they render)."""
    if not any(entry.get("nav") for entry in dash.page_registry.values()):
        dash.Dash(__name__, use_pages=True, pages_folder=str(PAGES_FOLDER))
    return pages()
