"""gunicorn settings for ``coronadash serve --workers N`` (``-c python:...``).

Why a config module: gunicorn answers some requests itself, before the app sees
them (a request line over ``limit_request_line``: 414; headers over the limits: 431;
a malformed request: 400). Those answers carried none of the app's security
headers; here gunicorn's error writer adds the static ones (``security.
STATIC_HEADERS``). gunicorn's ``Server`` header says only ``gunicorn``, no version.

Slow clients: a gthread worker gives each connection one of its threads while it
reads the request, so a client that sends one byte every few seconds holds a thread.
``keepalive`` ends idle connections soon and ``timeout`` restarts a stuck worker,
but only a buffering proxy (the README's nginx) protects fully: production runs
behind it, with gunicorn bound to 127.0.0.1.
"""

from __future__ import annotations

import textwrap
from html import escape

from gunicorn import util

from dashboard.security import STATIC_HEADERS

# Seconds an idle keep-alive connection may hold a thread.
keepalive = 2
# worker_connections stays gunicorn's default (1,000): capped at threads + 4, a killed
# worker lost fewer requests (7 instead of 19-34), but in steady state the cap closed
# kept-alive connections a client was about to reuse (1 error in 372; see
# docs/performance.md), and 0 errors in steady state comes first.
# The request line and header limits (gunicorn's defaults, stated here on purpose).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190


def write_error(sock, status_int, reason, mesg):
    """gunicorn's own error answer, with the security headers."""
    page = textwrap.dedent(
        f"""\
        <!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
        <title>{escape(reason)}</title></head>
        <body><h1>{escape(reason)}</h1></body></html>
        """
    )
    headers = "".join(f"{name}: {value}\r\n" for name, value in STATIC_HEADERS)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: text/html; charset=utf-8\r\n{headers}"
        f"Content-Length: {len(page.encode())}\r\n\r\n"
    )
    util.write_nonblock(sock, (head + page).encode("latin1", "replace"))


# The worker looks the writer up on gunicorn.util at each error (mesg: not echoed).
util.write_error = write_error
