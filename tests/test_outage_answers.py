"""A database outage, through the real app on a real PostgreSQL server that is paused
and resumed: the failure notice is shown while it lasts, names no host or port, and
is never memoised, so nobody is served it once the database is back.
"""

from __future__ import annotations

UPDATE = "/_dash-update-component"


def content_body(client, page: str, output_prefix: str, context: dict) -> dict:
    """The memoised content callback of a page, as the renderer sends it (defaults)."""
    from test_hostile_input import body_for

    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"].startswith(output_prefix))
    states = [context if s["property"] == "data" else "" for s in dep["state"]]
    return body_for(dep, [None] * len(dep["inputs"]), states)


def test_an_answer_during_an_outage_is_never_served_from_the_callback_cache(
    postgres_app, monkeypatch
):
    from dashboard import callback_cache, services, state

    server, app, client = postgres_app.server, postgres_app.app, postgres_app.client
    # The version token is read once and kept, as between two version checks: the
    # window in which a failed answer used to be stored under a valid key.
    monkeypatch.setattr(services.memo, "VERSION_CHECK_S", 3600.0)

    state.service().version_token()  # read while the database is up
    body = content_body(
        client, "/domein", "..domein-content", {"domain": "werk-en-inkomen"}
    )
    assert "domein-content" in callback_cache.MEMOISED
    stored = app.server.extensions["cache"]
    assert len(stored) == 1
    (backend,) = stored.values()
    entries_before = len(list(backend._list_dir()))

    server.pause()
    down = client.post(UPDATE, json=body)
    text = down.get_data(as_text=True)
    assert down.status_code == 200, text[:300]
    assert "niet te lezen" in text and "Traceback" not in text
    assert "127.0.0.1" not in text and str(server.port) not in text
    assert len(list(backend._list_dir())) == entries_before  # nothing stored

    server.resume()
    again = client.post(UPDATE, json=body)
    text = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "niet te lezen" not in text and "app-alert" not in text
    assert "domein-content" in text
    # the good answer is stored and served from the cache from now on
    hits = app.server.extensions["coronadash_callback_cache"].hits
    assert client.post(UPDATE, json=body).get_data(as_text=True) == text
    assert app.server.extensions["coronadash_callback_cache"].hits == hits + 1
