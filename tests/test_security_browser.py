"""Every page renders in Chromium under the Content-Security-Policy: no violation
(counted by the page's own ``securitypolicyviolation`` events), no console error."""

from __future__ import annotations

import pytest
from browser_pages import PAGES, Watch, note_expected_not_found, wait_until_rendered

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


def test_every_page_renders_under_the_csp_without_violations(
    live_server, chromium_context
):
    chromium_context.add_init_script(RECORD_VIOLATIONS)
    for _name, path in PAGES:
        page = chromium_context.new_page()
        watch = Watch().attach(page)
        url = live_server + path
        response = page.goto(url, wait_until="load")
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self' 'sha256-" in policy, path
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
        wait_until_rendered(page)
        note_expected_not_found(watch, page, response, url)
        page.wait_for_timeout(500)  # late workers (the map's tiles) report here
        assert page.evaluate("window.__cspViolations") == [], path
        assert not watch.problems(), (path, watch.problems())
        if page.locator(".dash-graph").count():
            assert page.locator(".dash-graph .main-svg").count(), path
        page.close()
