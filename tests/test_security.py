"""Security defaults: loopback and no debug unless configured, security headers on
every response, frame-ancestors configurable and validated, no database password in
a configuration file, proxy headers trusted only when configured."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from data_sources.settings import ConfigError, Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
)


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def app_with(snapshot_cache, **server):
    from dashboard.app_factory import create_app

    settings = snapshot_cache.settings.model_copy(deep=True)
    for key, value in server.items():
        setattr(settings.server, key, value)
    return create_app(settings, snapshot_cache.cache, warm=False)


NAV_CALLBACK = {
    "output": "app-nav.children",
    "outputs": {"id": "app-nav", "property": "children"},
    "inputs": [
        {"id": "app-url", "property": "pathname", "value": "/over"},
        {"id": "app-url", "property": "search", "value": ""},
    ],
    "changedPropIds": ["app-url.pathname"],
    "state": [],
}


@pytest.fixture(scope="module")
def default_app(snapshot_cache):
    return app_with(snapshot_cache)


# -- defaults ---------------------------------------------------------------------


def test_server_defaults_are_loopback_without_debug():
    server = Settings().server
    assert (server.host, server.debug) == ("127.0.0.1", False)
    shipped = load_settings(REPO / "config.yaml").server
    assert (shipped.host, shipped.debug, shipped.frame_ancestors) == (
        "127.0.0.1",
        False,
        [],
    )


def test_serve_passes_loopback_and_no_debug_to_the_server(monkeypatch):
    from served import serve_run_arguments

    call = serve_run_arguments(monkeypatch, Settings())
    assert (call["host"], call["port"], call["debug"]) == ("127.0.0.1", 8050, False)


def test_debug_and_host_change_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("CORONADASH_SERVER__DEBUG", "true")
    monkeypatch.setenv("CORONADASH_SERVER__HOST", "0.0.0.0")
    settings = load_settings(write_config(tmp_path, "server:\n  port: 8060\n"))
    assert (settings.server.host, settings.server.debug) == ("0.0.0.0", True)


# -- headers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/over", "/_dash-layout", "/_dash-dependencies", "/assets/app.css", "/nope"],
)
def test_every_response_carries_the_security_headers(default_app, path):
    response = default_app.server.test_client().get(path)
    for name in SECURITY_HEADERS:
        assert response.headers.get(name), f"{name} missing on {path}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_callback_and_error_responses_carry_the_headers(default_app):
    client = default_app.server.test_client()
    ok = client.post("/_dash-update-component", json=NAV_CALLBACK)
    assert ok.status_code == 200
    missing = client.get("/geo/bestaat-niet.json")
    assert missing.status_code == 404
    for response in (ok, missing):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_csp_allows_dash_inline_scripts_only_by_their_hash(default_app):
    client = default_app.server.test_client()
    page = client.get("/")
    policy = directives(page.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert sorted(scripts[1:]) == sorted(default_app.csp_hashes())
    # the renderer's start-up script in the index page is one of the hashed ones
    assert "new DashRenderer" in page.get_data(as_text=True)
    assert len(scripts) > 1


def test_frame_ancestors_from_config_reach_the_header(snapshot_cache):
    app = app_with(
        snapshot_cache, frame_ancestors=["'self'", "https://intranet.example.nl"]
    )
    response = app.server.test_client().get("/")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'", "https://intranet.example.nl"]
    assert "X-Frame-Options" not in response.headers  # cannot name another origin
    same_origin = app_with(snapshot_cache, frame_ancestors=["'self'"])
    assert same_origin.server.test_client().get("/").headers["X-Frame-Options"] == (
        "SAMEORIGIN"
    )


@pytest.mark.parametrize(
    "value",
    [
        "*",
        "'none'",
        "javascript:alert(1)",
        "intranet.example.nl",
        "https://a b",
        "'self' x",
    ],
)
def test_an_invalid_frame_ancestor_stops_start_up_naming_the_key(tmp_path, value):
    text = yaml.safe_dump({"server": {"frame_ancestors": [value]}})
    with pytest.raises(ConfigError, match="frame_ancestors"):
        load_settings(write_config(tmp_path, text))


def test_valid_frame_ancestors_are_accepted(tmp_path):
    sources = ["'self'", "https://*.example.nl", "http://127.0.0.1:8443"]
    text = yaml.safe_dump({"server": {"frame_ancestors": sources}})
    assert load_settings(write_config(tmp_path, text)).server.frame_ancestors == sources


# -- secrets ----------------------------------------------------------------------


def test_a_password_in_the_config_file_is_refused(tmp_path):
    path = write_config(
        tmp_path, "database_url: postgresql+psycopg://dash:geheim@db.local/dash\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "wachtwoord" in str(caught.value)
    assert "geheim" not in str(caught.value)  # the secret itself is never echoed


def test_a_password_from_the_environment_is_accepted(tmp_path, monkeypatch):
    url = "postgresql+psycopg://dash:geheim@db.local/dash"
    monkeypatch.setenv("CORONADASH_DATABASE_URL", url)
    path = write_config(
        tmp_path, "database_url: postgresql+psycopg://dash@db.local/dash\n"
    )
    assert load_settings(path).sqlalchemy_url == url


def test_the_shipped_config_holds_no_secret():
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    assert not raw.get("database_url")
    text = (REPO / "config.yaml").read_text(encoding="utf-8").lower()
    assert "password:" not in text and "secret" not in text


# -- reverse proxy ----------------------------------------------------------------

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "dashboard.example.nl"}


def test_forwarded_headers_are_ignored_unless_proxies_are_trusted(default_app):
    page = default_app.server.test_client().get("/", headers=FORWARDED)
    assert "https://dashboard.example.nl/" not in page.get_data(as_text=True)


def test_forwarded_headers_of_a_trusted_proxy_set_scheme_and_host(snapshot_cache):
    app = app_with(
        snapshot_cache, trusted_proxies=1, trusted_hosts=["dashboard.example.nl"]
    )
    page = app.server.test_client().get("/", headers=FORWARDED)
    assert 'content="https://dashboard.example.nl/"' in page.get_data(as_text=True)


def test_a_trusted_proxy_forwarding_an_unknown_host_gets_400(snapshot_cache):
    app = app_with(snapshot_cache, trusted_proxies=1)
    page = app.server.test_client().get("/", headers=FORWARDED)
    assert page.status_code == 400


# -- Host header --------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8050", "127.0.0.1.evil.example", "a b", ""]
)
def test_an_unknown_host_gets_400_and_is_never_reflected(default_app, host):
    for path in ("/", "/gebied/den-haag-zuidwest", "/_dash-layout"):
        response = default_app.server.test_client().get(path, headers={"Host": host})
        assert response.status_code == 400, (path, host)
        text = response.get_data(as_text=True)
        assert "evil" not in text and len(text) < 200
        for name in SECURITY_HEADERS:
            assert response.headers.get(name), name


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8050", "[::1]:8050"])
def test_loopback_hosts_are_served(default_app, host):
    response = default_app.server.test_client().get("/", headers={"Host": host})
    assert response.status_code == 200


def test_the_public_url_decides_the_links_whatever_host_is_named(snapshot_cache):
    app = app_with(
        snapshot_cache,
        public_url="https://dashboard.example.nl",
        trusted_hosts=[".intern.example.nl"],
    )
    client = app.server.test_client()
    for host in ("dashboard.example.nl", "web1.intern.example.nl", "localhost"):
        page = client.get("/gebied/den-haag-zuidwest", headers={"Host": host})
        text = page.get_data(as_text=True)
        assert page.status_code == 200, host
        assert 'content="https://dashboard.example.nl/gebied/den-haag-zuidwest"' in (
            text
        )
        assert "intern.example.nl" not in text and "localhost" not in text
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    "value",
    [
        "dashboard.example.nl",
        "ftp://dashboard.example.nl",
        "https://dashboard.example.nl/pad",
        "https://user@dashboard.example.nl",
        "https://dashboard.example.nl/?x=1",
    ],
)
def test_an_invalid_public_url_stops_start_up_naming_the_key(tmp_path, value):
    text = yaml.safe_dump({"server": {"public_url": value}})
    with pytest.raises(ConfigError, match="public_url"):
        load_settings(write_config(tmp_path, text))


@pytest.mark.parametrize("value", ["https://x.nl", "x.nl:80", "*.x.nl", "a b", ""])
def test_an_invalid_trusted_host_stops_start_up_naming_the_key(tmp_path, value):
    text = yaml.safe_dump({"server": {"trusted_hosts": [value]}})
    with pytest.raises(ConfigError, match="trusted_hosts"):
        load_settings(write_config(tmp_path, text))
