"""Where the editor commands print: colour in a terminal, a fixed width when piped."""

from __future__ import annotations

from rich.console import Console

#: Width used when output is not a terminal, so piped output is the same everywhere.
PIPE_WIDTH = 200


ROLE_STYLES = {"title": "bold green", "metadata": "cyan"}


def console(stderr: bool = False) -> Console:
    """Colour and a terminal's width in a terminal; plain text and a fixed width when piped."""
    probe = Console(stderr=stderr)
    return probe if probe.is_terminal else Console(stderr=stderr, width=PIPE_WIDTH)
