"""Start the dashboard: ``python app.py`` (fills an empty cache first).

``server`` is the WSGI entry point for production serving:
``gunicorn --workers 4 --bind 127.0.0.1:8050 app:server``.
"""

from dashboard.bootstrap import serve, settings_or_exit


def __getattr__(name: str):
    # Built on first access only, so importing this module stays cheap.
    if name == "server":
        from dashboard.bootstrap import build_app

        return build_app(settings_or_exit()).server
    raise AttributeError(name)


if __name__ == "__main__":
    serve(settings_or_exit())
