"""Where the packaged editorial defaults live: source profiles, topics, reader-facing wording.

They ship inside the package so a fresh install builds; a project overlays its own
files on them (`sijill.config.editorial`).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
DATA = PACKAGE / "data"
PROFILES = PACKAGE / "profiles"
TOPICS = DATA / "topics.yaml"
#: The Arabic reason shown to readers for each cleaning rule.
WORDING = DATA / "rules.yaml"
DATES = DATA / "dates.yaml"
