"""Exports: data (CSV, Excel), images (PNG, SVG) and gebied briefs (PDF), exactly as shown."""
