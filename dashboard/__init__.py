"""The Dash application, its CLI and everything that turns cached data into pages."""
