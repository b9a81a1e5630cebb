"""Run ``coronadash`` as a subprocess on the session's snapshot cache (this tree)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(snapshot_cache, *args) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(snapshot_cache.settings.data_dir),
        "CORONADASH_DATABASE_URL": snapshot_cache.settings.sqlalchemy_url,
        "CORONADASH_SNAPSHOT_DIR": str(snapshot_cache.settings.snapshot_dir),
        "PYTHONPATH": str(REPO),
        "COLUMNS": "100",
    }
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
