"""Apps built one after another in one process each answer every callback.

The test-order problem of issue 15: Dash hands callbacks registered at import
(``dash.callback``) to the first app that serves a request. When the fault tests
built their app first, the browser tests' app had no chart downloads and their
menus timed out. Every app must own the download callbacks.
"""

from __future__ import annotations

from dashboard.app_factory import create_app
from dashboard.components import downloads


def download_outputs(app) -> list[str]:
    return [key for key in app.callback_map if downloads.FILE in key]


def test_a_second_app_has_the_chart_download_callbacks_too(snapshot_cache):
    first = create_app(snapshot_cache.settings, snapshot_cache.cache, warm=False)
    assert first.server.test_client().get("/").status_code == 200
    second = create_app(snapshot_cache.settings, snapshot_cache.cache, warm=False)
    assert second.server.test_client().get("/").status_code == 200
    assert download_outputs(first) and download_outputs(second)
