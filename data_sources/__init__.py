"""Loaders and the SQL cache of the Coronadashboard Sociaal Domein.

Nothing below this package imports Dash: the CLI, tests, exports and the pages all
reach the data through here, so the data path can be tested without a browser.
"""
