"""Tab titles per page and view, and the app shell in the chosen language: the first
HTML (``<title>``, ``<html lang>``) and the shell callback (skip link, menu label)."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from babel.messages.pofile import read_po

from dashboard import messages, titles
from dashboard.navigation import pages


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app


@pytest.fixture(scope="module")
def client(app):
    client = app.server.test_client()
    assert client.get("/").status_code == 200  # the pages' callbacks are taken now
    return client


def _po(lang: str) -> dict[str, str]:
    with messages.po_path(lang).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def _first_html(client, address: str, status: int = 200) -> tuple[str, str]:
    answer = client.get(address)
    assert answer.status_code == status
    body = answer.get_data(as_text=True)
    title = html_lib.unescape(re.search(r"<title>(.*?)</title>", body).group(1))
    lang = re.search(r'<html lang="(\w+)"', body).group(1)
    return title, lang


def test_a_domain_view_has_domain_and_gebied_in_its_tab_title(client, snapshot_service):
    domain = snapshot_service.catalogue.domain("werk-en-inkomen")
    area = snapshot_service.registry.get("rotterdam-zuid")
    address = "/domein/werk-en-inkomen?gebied=rotterdam-zuid"
    nl, en = _po("nl"), _po("en")
    assert _first_html(client, address) == (
        f"{domain.title.get('nl')} · {area.name} · {nl['app.title']}",
        "nl",
    )
    assert _first_html(client, address + "&lang=en") == (
        f"{domain.title.get('en')} · {area.name} · {en['app.title']}",
        "en",
    )


def test_every_page_and_gebied_has_its_own_tab_title(client, snapshot_service):
    shown = {page.href: _first_html(client, page.href)[0] for page in pages()}
    assert len(set(shown.values())) == len(shown), shown
    gebieden = snapshot_service.registry.gebieden()
    per_gebied = {_first_html(client, f"/gebied/{a.id}")[0] for a in gebieden}
    assert len(per_gebied) == len(gebieden)
    for area in gebieden[:3]:
        assert _first_html(client, f"/gebied/{area.id}")[0].startswith(area.name)
    assert _first_html(client, "/bestaat-niet", 404)[0].startswith(
        _po("nl")["not_found.title"]
    )


def test_the_title_follows_the_view_state_in_the_query(app, snapshot_service):
    area = snapshot_service.registry.get("GM0344")
    with_area = titles.view_title("/corona", "?gebied=GM0344")
    assert with_area.split(titles.SEPARATOR)[1] == area.name
    assert titles.view_title("/corona", "?gebied=onzin") == titles.view_title(
        "/corona", ""
    )


def _shell(client, search: str) -> dict:
    from dashboard import app_factory as shell

    ids = [shell.SKIP_ID, shell.BRAND_ID, "app-nav-toggle", shell.FOOTER_ID]
    props = ["children", "children", "aria-label", "children"]
    route = {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in zip(ids, props)) + "..",
        "outputs": [{"id": i, "property": p} for i, p in zip(ids, props)],
        "inputs": [{"id": "app-url", "property": "search", "value": search}],
        "changedPropIds": ["app-url.search"],
        "state": [],
    }
    answer = client.post("/_dash-update-component", json=route)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return json.loads(answer.get_data(as_text=True))["response"]


def test_skip_link_brand_menu_label_and_footer_follow_the_language(client):
    for lang, search in (("nl", ""), ("en", "?lang=en")):
        words = _po(lang)
        response = _shell(client, search)
        assert response["app-skip"]["children"] == words["app.skip"]
        assert response["app-brand"]["children"] == words["app.title"]
        assert response["app-nav-toggle"]["aria-label"] == words["app.menu"]
        footer = json.dumps(response["app-footer"]["children"], ensure_ascii=False)
        assert words["app.footer_link"] in footer
        other = _po("en" if lang == "nl" else "nl")["app.footer_link"]
        assert other not in footer
