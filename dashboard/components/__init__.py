"""Reusable layout pieces: chart cards with source and table, notices, filters."""
