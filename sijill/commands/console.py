"""Where the editor commands print: colour in a terminal, a fixed width when piped."""

from __future__ import annotations

import os

from rich.console import Console

#: Width used when output is not a terminal, so piped output is the same everywhere.
PIPE_WIDTH = 200
#: Narrower than this, COLUMNS is taken for a mistake.
MIN_WIDTH = 40


ROLE_STYLES = {"title": "bold green", "metadata": "cyan"}


def console(stderr: bool = False) -> Console:
    """Colour and a terminal's width in a terminal; plain text and a fixed width when piped.

    A width the caller sets in COLUMNS is kept when piped too (a CI log 80 wide).
    """
    probe = Console(stderr=stderr)
    if probe.is_terminal:
        return probe
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) >= MIN_WIDTH else PIPE_WIDTH
    return Console(stderr=stderr, width=width)
