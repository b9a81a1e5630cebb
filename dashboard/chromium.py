"""Debian's Chromium, found and started one way for kaleido, tests, bench and screenshots.

Headless Chromium here must never download a browser build (no ``playwright install``,
no ``plotly_get_chrome``) nor talk to the network on its own; the path and the flags
that guarantee it live in this one place.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

DEFAULT_PATH = "/usr/bin/chromium"

# No sandbox (root in CI), no GPU, no background traffic, no first-run or sync.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium (``CORONADASH_CHROMIUM`` overrides); never a download."""
    configured = os.environ.get("CORONADASH_CHROMIUM")
    if configured:
        return configured
    for candidate in (DEFAULT_PATH, shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def executable() -> str:
    """The path to start: the configured or found one, else the Debian default."""
    return chromium_path() or DEFAULT_PATH
