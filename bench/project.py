"""A throw-away copy of the shipped project to build in, for benchmarks and tests.

The tests import it from here (bench/ never imports from tests/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sijill.config.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def copy_project(root: Path, articles: bool = True) -> Settings:
    """Copy seeds, templates, site.toml (and articles) into `root`; never touch the real ones."""
    for name in ("seeds", "templates") + (("articles",) if articles else ()):
        shutil.copytree(ROOT / name, root / name)
    (root / "articles").mkdir(exist_ok=True)  # a project with no records yet
    shutil.copy(ROOT / "site.toml", root / "site.toml")
    return load_settings(root / "site.toml")
