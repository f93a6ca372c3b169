"""Every byte of the shipped project's site and article files, against a stored list.

A refactor must keep this green. A change that alters output on purpose
regenerates the list (`tests/tools/site_digests.py` says how) and commits it
with the change, so the diff shows which files it changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.site_digests import current, stored


@pytest.mark.build
def test_built_site_and_articles_match_stored_digests(tmp_path: Path) -> None:
    made, expected = current(tmp_path), stored()
    changed = sorted(set(made) ^ set(expected), key=lambda line: line.split("  ", 1)[1])
    assert not changed, (
        "output differs from tests/data/site_digests.txt (regenerate it with "
        "`.venv/bin/python -m tests.tools.site_digests` if the change is meant):\n"
        + "\n".join(changed[:40])
    )
