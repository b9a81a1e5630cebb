"""WSGI entry point for production serving: ``gunicorn dashboard.wsgi:server``.

Each gunicorn worker builds its own app on first access of ``server`` (no
``--preload``: database connections and the warm-up threads must not cross a fork).
``coronadash serve --workers N`` fills an empty cache first, then runs gunicorn with
:func:`dashboard.bootstrap.gunicorn_command`; the workers share the SQL cache, the memoised callbacks
(files under the data dir, or Redis) and the Brotli bundles.
"""

from __future__ import annotations


def __getattr__(name: str):
    # Built on first access only, so importing this module stays cheap.
    if name == "server":
        from dashboard.bootstrap import build_app, settings_or_exit

        return build_app(settings_or_exit()).server
    raise AttributeError(name)
