"""Security headers on every response, and trust in reverse-proxy headers by config.

The Content-Security-Policy allows only this origin. Dash's index page holds one
inline script (the renderer start-up, plus any clientside callbacks): it is allowed by
its hash (``Dash.csp_hashes``), never by 'unsafe-inline'. The hashes are known once
Dash has set itself up (the first request moves the pages' global inline scripts into
the app), so the policy is built on the first response and kept. Styles need
'unsafe-inline': Dash components and plotly set ``style`` attributes and plotly adds
``<style>`` elements at run time. The map (plotly ``choroplethmap``, MapLibre) runs
its tile workers from ``blob:`` URLs and draws into ``data:``/``blob:`` images.

The Host a request names decides nothing: an unknown one gets 400 and, with
``server.public_url``, every link is made from that address (:class:`HostGuard`).

Why not flask-talisman: its policy is fixed when it is installed (before the Dash
hashes exist) and its defaults (HTTPS redirect, HSTS, secure cookies) belong to the
TLS proxy in front, not to an app that binds to 127.0.0.1.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from dash import Dash
from werkzeug.middleware.proxy_fix import ProxyFix

from data_sources.settings import Settings

REFERRER_POLICY = "strict-origin-when-cross-origin"
# For answers made outside Flask (unknown Host here; gunicorn's own errors)
STATIC_HEADERS = (
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", REFERRER_POLICY),
    ("X-Frame-Options", "DENY"),
)
log = logging.getLogger("coronadash")


def content_security_policy(
    script_hashes: list[str], frame_ancestors: list[str]
) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": frame_ancestors or ["'none'"],
    }
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in directives.items()
    )


def _frame_options(frame_ancestors: list[str]) -> str | None:
    """X-Frame-Options for browsers without frame-ancestors (None: cannot express it)."""
    if not frame_ancestors:
        return "DENY"
    if frame_ancestors == ["'self'"]:
        return "SAMEORIGIN"
    return None


def install(app: Dash, settings: Settings) -> None:
    """Add the headers to every response of ``app.server``; trust configured proxies."""
    server = app.server
    ancestors = list(settings.server.frame_ancestors)
    frame_options = _frame_options(ancestors)
    policy: list[str] = []  # built on the first response, when the hashes are final

    @server.after_request
    def _security_headers(response):
        if not policy:
            policy.append(content_security_policy(list(app.csp_hashes()), ancestors))
        headers = response.headers
        headers["Content-Security-Policy"] = policy[0]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = REFERRER_POLICY
        if frame_options:
            headers["X-Frame-Options"] = frame_options
        return response

    # Innermost first: the Host check sees what a trusted proxy forwarded.
    server.wsgi_app = HostGuard(
        server.wsgi_app, accepted_hosts(settings), settings.server.public_url
    )
    proxies = settings.server.trusted_proxies
    if proxies:
        server.wsgi_app = ProxyFix(
            server.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# Binding to these means "every interface": they name no host a visitor uses.
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


def accepted_hosts(settings: Settings) -> list[str]:
    """Host names a request may name (see ``server.trusted_hosts``)."""
    server = settings.server
    names = [*LOOPBACK_NAMES, *server.trusted_hosts]
    if server.host not in WILDCARD_ADDRESSES:
        names.append(server.host.lower())
    if server.public_url:
        names.append(urlsplit(server.public_url).hostname)
    return names


def host_name(header: str) -> str | None:
    """The host name of a Host header, lower case, without port (None: malformed)."""
    try:
        parts = urlsplit("//" + header)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if not parts.hostname or parts.username or parts.path or parts.query:
        return None
    return parts.hostname


def _accepted(name: str, accepted: list[str]) -> bool:
    return any(
        name == host or (host.startswith(".") and name.endswith(host))
        for host in accepted
    )


class HostGuard:
    """WSGI middleware: a request naming an unknown Host gets 400; with a public
    URL, links are made from it, never from what the request named (the Host header
    is the client's: reflected into a page, a caching proxy would serve the poisoned
    links to everyone)."""

    def __init__(self, app, accepted: list[str], public_url: str | None) -> None:
        self.app = app
        self.accepted = accepted
        self.public = urlsplit(public_url) if public_url else None

    def __call__(self, environ, start_response):
        # no Host at all (HTTP/1.0): the address the server is bound to
        header = environ.get("HTTP_HOST", environ.get("SERVER_NAME", ""))
        name = host_name(header)
        if name is None or not _accepted(name, self.accepted):
            log.warning("onbekende Host geweigerd: %r", header[:100])
            body = b"Onbekend adres (Host): dit dashboard antwoordt hier niet.\n"
            start_response(
                "400 Bad Request",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    *STATIC_HEADERS,
                ],
            )
            return [body]
        if self.public is not None:
            environ["wsgi.url_scheme"] = self.public.scheme
            environ["HTTP_HOST"] = self.public.netloc
        return self.app(environ, start_response)
