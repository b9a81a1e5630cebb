"""What the browser tests visit and how they watch a page (console, requests).

Only pages whose module exists in dashboard/pages are visited, so a page that has not
landed yet is simply not in the list (the report of the run says which are present).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.components.deferred import PENDING
from dashboard.navigation import registered_pages

PAGES_DIR = Path(__file__).resolve().parents[1] / "dashboard" / "pages"

# (test id, page module, path): every page of the navigation (dash.page_registry),
# plus two addresses a visitor meets: a domain without data and an unknown page.
ALL_PAGES = [(page.slug, page.name, page.href) for page in registered_pages()] + [
    ("domein-veiligheid", "domein", "/domein/veiligheid"),
    ("onbekend", "not_found_404", "/deze-pagina-bestaat-niet"),
]


def page_exists(module: str) -> bool:
    return (PAGES_DIR / f"{module}.py").exists()


PAGES = [(name, path) for name, module, path in ALL_PAGES if page_exists(module)]
MISSING = sorted({module for _, module, _ in ALL_PAGES if not page_exists(module)})
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass
class Watch:
    """Everything a page did that a test may object to."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    # An unknown path is answered 404 with the helpful page: that one is expected.
    not_found_document: str | None = None

    def attach(self, page) -> Watch:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("request", lambda req: self.requests.append(req.url))
        page.on(
            "requestfailed",
            lambda req: self.failed.append(f"{req.url} ({req.failure})"),
        )
        page.on("response", self._response)
        return self

    def _console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(
                f"{message.text} [{location.get('url', '')}:{location.get('lineNumber', '')}]"
            )

    def _response(self, response) -> None:
        if response.status >= 400:
            self.bad_status.append(f"{response.status} {response.url}")

    def off_machine(self) -> list[str]:
        """Requests to anything but loopback (data: and blob: never leave the page)."""
        outside = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOOPBACK:
                outside.append(url)
        return outside

    def problems(self) -> dict[str, list[str]]:
        url = self.not_found_document
        found = {
            "console errors": [
                text
                for text in self.console_errors
                if not (url and "status of 404" in text and f"[{url}:" in text)
            ],
            "page errors": self.page_errors,
            "requests leaving the machine": self.off_machine(),
            "failed requests": self.failed,
            "HTTP errors": [s for s in self.bad_status if s != f"404 {url}"],
        }
        return {key: value for key, value in found.items() if value}


# Nothing loading, no chart waiting for its frame (components/deferred.py), every
# graph drawn.
RENDERED = f"""() =>
    !document.querySelector('[data-dash-is-loading="true"], ._dash-loading, .{PENDING}')
    && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))
"""


def wait_until_rendered(page) -> None:
    """Dash has rendered the page and no callback is running any more."""
    page.wait_for_selector("#inhoud h1")
    page.wait_for_function(RENDERED)
    page.wait_for_load_state("networkidle")  # e.g. the GeoJSON a map asks for


def open_page(context, url: str):
    """A new tab on ``url`` with a Watch attached before the first request."""
    page = context.new_page()
    watch = Watch().attach(page)
    response = page.goto(url, wait_until="load")
    wait_until_rendered(page)
    note_expected_not_found(watch, page, response, url)
    return page, watch


def note_expected_not_found(watch: Watch, page, response, url: str) -> None:
    """An unknown path answered 404 with the helpful page is what it should be."""
    if response.status == 404 and "bestaat niet" in page.locator("h1").inner_text():
        watch.not_found_document = url


# Problems found in page modules that this suite does not own, reported to their
# authors: (check, page name) -> reason. Each is a strict xfail, so the test fails
# again (XPASS) as soon as the page is fixed and the entry must be removed.
KNOWN_PAGE_PROBLEMS: dict[tuple[str, str], str] = {}


def page_params(check: str) -> list:
    """PAGES as pytest params for one check, with the known problems as strict xfails."""
    import pytest

    params = []
    for name, path in PAGES:
        reason = KNOWN_PAGE_PROBLEMS.get((check, name))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=name, marks=marks))
    return params
