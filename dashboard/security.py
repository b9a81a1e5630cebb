"""Security headers on every response, and trust in reverse-proxy headers by config.

The Content-Security-Policy allows only this origin. Dash's index page holds one
inline script (the renderer start-up, plus any clientside callbacks): it is allowed by
its hash (``Dash.csp_hashes``), never by 'unsafe-inline'. The hashes are known once
Dash has set itself up (the first request moves the pages' global inline scripts into
the app), so the policy is built on the first response and kept. Styles need
'unsafe-inline': Dash components and plotly set ``style`` attributes and plotly adds
``<style>`` elements at run time. The map (plotly ``choroplethmap``, MapLibre) runs
its tile workers from ``blob:`` URLs and draws into ``data:``/``blob:`` images.

Why not flask-talisman: its policy is fixed when it is installed (before the Dash
hashes exist) and its defaults (HTTPS redirect, HSTS, secure cookies) belong to the
TLS proxy in front, not to an app that binds to 127.0.0.1.
"""

from __future__ import annotations

from dash import Dash
from werkzeug.middleware.proxy_fix import ProxyFix

from data_sources.settings import Settings

REFERRER_POLICY = "strict-origin-when-cross-origin"


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

    proxies = settings.server.trusted_proxies
    if proxies:
        server.wsgi_app = ProxyFix(
            server.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
