"""Browser tab titles: one per page and view, built in one place.

Why: with several tabs open a reader tells "Werk & inkomen · Rotterdam-Zuid" from
"Wonen · Utrecht Overvecht" only by the tab. Dash's ``register_page(title=...)`` is
called with the path variables alone, while the view state (which gebied, which
gemeente) lives in the query, so :func:`view_title` reads the whole address: the app
shell puts it in the first HTML and in ``document.title`` after every navigation.
Pages pass ``title=titles.for_page("<module>")`` for Dash's own use (meta tags).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import parse_qs

import dash

from . import state
from .messages import _, language

SEPARATOR = " · "
NOT_FOUND = "not_found_404"


def tab_title(parts: list[str | None], lang: str = "nl") -> str:
    """'Werk & inkomen · Rotterdam-Zuid · Coronadashboard Sociaal Domein'."""
    return SEPARATOR.join([p for p in parts if p] + [_("app.title", lang)])


def _area_name(service, area_id: object) -> str | None:
    area = service.registry.areas.get(str(area_id)) if area_id else None
    return area.name if area else None


def _domein(service, lang: str, path: Mapping, query: Mapping) -> list:
    from .views.domein import resolve  # the view the page shows, gebied included

    try:
        domain = service.catalogue.domain(str(path.get("domein")))
    except KeyError:
        return [_("nav.domeinen", lang)]
    view = resolve(service, domain.id, dict(query), strict=False)
    return [domain.title.get(lang), _area_name(service, view.gebied)]


def _gebied(service, lang: str, path: Mapping, query: Mapping) -> list:
    area = service.registry.areas.get(str(path.get("gebied_id")))
    if area is None or area.level != "gebied":
        return [_("nav.gebieden", lang)]
    return [area.name]


def _corona(service, lang: str, path: Mapping, query: Mapping) -> list:
    return [_("title.corona", lang), _area_name(service, query.get("gebied"))]


def _fixed(key: str) -> Callable:
    return lambda service, lang, path, query: [_(key, lang)]


PARTS: dict[str, Callable] = {
    "overzicht": _fixed("nav.overzicht"),
    "domein": _domein,
    "gebied": _gebied,
    "vergelijken": _fixed("nav.vergelijken"),
    "corona": _corona,
    "data": _fixed("nav.data"),
    "over": _fixed("title.over"),
    NOT_FOUND: _fixed("not_found.title"),
}


def page_title(
    page: str,
    lang: str = "nl",
    path: Mapping | None = None,
    query: Mapping | None = None,
) -> str:
    """The tab title of page module ``page`` for its path variables and query."""
    lang = language(lang)
    chosen = PARTS.get(page, PARTS[NOT_FOUND])
    parts = chosen(state.service(), lang, path or {}, query or {})
    return tab_title(parts, lang)


def for_page(page: str) -> Callable[..., str]:
    """``register_page(title=...)``: Dash calls it with the path variables."""
    return lambda **path: page_title(page, "nl", path)


def match(pathname: str) -> tuple[str, dict[str, str]]:
    """(page module name, path variables) of an address; unknown: the 404 page."""
    path = "/" + (pathname or "/").strip("/")
    for entry in dash.page_registry.values():
        name = entry["module"].rsplit(".", 1)[-1]
        template = entry.get("path_template")
        if template:
            pattern = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", template.rstrip("/"))
            found = re.fullmatch(pattern, path)
            if found:
                return name, found.groupdict()
        elif path == "/" + entry["path"].strip("/"):
            return name, {}
    return NOT_FOUND, {}


def view_title(pathname: str | None, search: str | None) -> str:
    """The tab title of a whole address (path and query)."""
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    page, path = match(pathname or "/")
    return page_title(page, query.get("lang", "nl"), path, query)
