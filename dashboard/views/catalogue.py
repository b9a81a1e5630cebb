"""The catalogue's page defaults, for what is decided before a service exists.

Why: a page registers itself (``dash.register_page(nav_path=...)``) when the app
imports it, before ``state.service()`` can answer; the pages read the catalogue's
``pages`` block here, so no page module imports ``data_sources`` itself.
"""

from __future__ import annotations

from data_sources.catalogue import read_catalogue


def opening_pages():
    """The catalogue's ``pages`` block: the domain and gebied the navigation opens."""
    return read_catalogue().pages
