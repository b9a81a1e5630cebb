"""Start the dashboard: ``python app.py`` (fills an empty cache first).

``server`` is the WSGI entry point for gunicorn (``gunicorn app:server``).
"""

from dashboard.cli import serve, settings_or_exit

if __name__ == "__main__":
    serve(settings_or_exit())
