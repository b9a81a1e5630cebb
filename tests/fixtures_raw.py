"""The raw snapshot files that tests compute expected figures from (read once)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="session")
def police(snapshot_dir) -> dict:
    """politie/47018NED/data.json: counts[offence][GM][year], provisional years."""
    path = snapshot_dir / "politie" / "47018NED" / "data.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def population(snapshot_dir) -> dict[tuple[str, int], float | None]:
    """(area code, year) -> inhabitants on 1 January (M000352), raw 03759ned (v4)."""
    path = snapshot_dir / "cbs-v4" / "03759ned" / "observations-page-1.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["value"]
    return {
        (r["RegioS"].strip(), int(r["Perioden"][:4])): r["Value"]
        for r in rows
        if r["Measure"] == "M000352"
    }
