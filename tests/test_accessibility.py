"""Accessibility: axe-core (axe-playwright-python) on every page, and names of controls.

No violation of impact "serious" or "critical" is allowed. Known exceptions in code we
do not own are listed in ``UPSTREAM_EXCEPTIONS`` with the reason, and in the README
under "Toegankelijkheid: bekende uitzonderingen". Every form control must have an
accessible name as Chromium itself computes it (the accessibility tree over CDP).
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_pages import page_params
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


AXE = Axe()
BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
}

# Known violations in markup we do not own: (axe rule, text in the node's HTML) -> why.
# Keep in step with README "Toegankelijkheid: bekende uitzonderingen".
UPSTREAM_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("aria-hidden-focus", 'class="dash-dropdown-focus-target"'): (
        "Dash 4.4.1 dcc.Dropdown: an aria-hidden focus proxy <input> that passes the "
        "focus on to the dropdown button at once; no prop to change it"
    ),
}

CONTROL_ROLES = {
    "button",
    "checkbox",
    "combobox",
    "listbox",
    "menuitemcheckbox",
    "menuitemradio",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "textbox",
    "tab",
}


def _accepted(rule: str, html: str) -> bool:
    return any(rule == r and marker in html for r, marker in UPSTREAM_EXCEPTIONS)


def blocking_violations(response: dict) -> list[str]:
    found = []
    for violation in response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            targets = [str(t) for t in node["target"]]
            if _accepted(violation["id"], node.get("html", "")):
                continue
            found.append(
                f"{violation['id']} ({violation['impact']}): {', '.join(targets)}"
                f" -- {node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return found


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", page_params("a11y001"))
def test_a11y001_no_serious_or_critical_axe_violations(rendered_page, path, width):
    page, _ = rendered_page(path, width)
    # Open the table alternatives too, so their markup is checked as well.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = AXE.run(page, options=AXE_OPTIONS)
    other = [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])}"
        for v in results.response["violations"]
        if v["impact"] not in BLOCKING
    ]
    if other:
        print(f"{path} ({width} px): minder ernstige axe-meldingen: {other}")
    problems = blocking_violations(results.response)
    assert not problems, "\n".join(problems)


def unnamed_controls(page) -> list[str]:
    """Controls without an accessible name according to Chromium's accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    try:
        tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    missing = []
    for node in tree:
        if node.get("ignored"):
            continue
        role = (node.get("role") or {}).get("value")
        if role not in CONTROL_ROLES:
            continue
        name = ((node.get("name") or {}).get("value") or "").strip()
        if not name:
            missing.append(f"{role} (backendDOMNodeId {node.get('backendDOMNodeId')})")
    return missing


@pytest.mark.parametrize("path", page_params("a11y002"))
def test_a11y002_every_form_control_has_an_accessible_name(rendered_page, path):
    page, _ = rendered_page(path)
    missing = unnamed_controls(page)
    if missing:
        details = page.evaluate(
            """() => [...document.querySelectorAll(
                'input, select, textarea, button, [role=combobox], [role=listbox]')]
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                        && !e.getAttribute('aria-labelledby') && !e.innerText?.trim())
                .map(e => e.outerHTML.slice(0, 160))"""
        )
        pytest.fail(f"zonder naam: {missing}\n" + "\n".join(details))


@pytest.mark.parametrize("path", page_params("a11y003"))
def test_a11y003_dropdowns_are_named_by_their_label(rendered_page, path):
    """assets/dropdown_labels.js puts the visible label in front of the chosen value."""
    page, _ = rendered_page(path)
    buttons = page.locator("button.dash-dropdown[id]")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        control_id = button.get_attribute("id")
        label = page.locator(f'label[for="{control_id}"]')
        assert label.count() == 1, f"{control_id}: geen zichtbaar <label for>"
        text = label.inner_text().strip()
        expect(button).to_have_accessible_name(re.compile("^" + re.escape(text)))
