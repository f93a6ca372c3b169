"""Debian's Chromium, headless and offline-safe: its path and flags, for benchmarks and tests.

Standard library only; the browser tests import it from here (bench/ never imports from tests/).
"""

from __future__ import annotations

import os

#: Flags that keep Chromium headless and from reaching the network on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """The Chromium binary: env ``CHROMIUM``, else Debian's ``/usr/bin/chromium``."""
    return os.environ.get("CHROMIUM") or "/usr/bin/chromium"
