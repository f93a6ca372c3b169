"""Shared fixtures: the real seeds, and throw-away copies of the project to build in."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.project import copy_project
from sijill.config.settings import Settings, load_settings
from sijill.extract.capture import Capture, read_capture
from sijill.extract.clean import clean
from sijill.extract.decisions import Extraction

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def seed_path(prefix: str) -> Path:
    """The seed whose file name starts with `prefix` (e.g. "002")."""
    (match,) = [SEEDS / name for name in SEED_NAMES if name.startswith(prefix)]
    return match


def seed_line(prefix: str, number: int) -> str:
    """Line `number` (1-based) of a seed, exactly as captured but for outer white space."""
    return seed_path(prefix).read_text(encoding="utf-8").split("\n")[number - 1].strip()


def read_seed(prefix: str) -> Capture:
    path = seed_path(prefix)
    return read_capture(path, path.name, 5_000_000)


def extract(prefix: str) -> Extraction:
    return clean(read_seed(prefix))


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Settings]:
    """A copy of the project (seeds, articles, templates, site.toml) to build in.

    Call it with `articles=False` for a checkout without any article records.
    """

    def make(articles: bool = True, seeds: bool = True) -> Settings:
        for name in (
            ("templates",) + (("seeds",) if seeds else ()) + (("articles",) if articles else ())
        ):
            shutil.copytree(ROOT / name, tmp_path / name)
        (tmp_path / "seeds").mkdir(exist_ok=True)
        shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
        return load_settings(tmp_path / "site.toml")

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped project built once per test session; tests read its output folder."""
    from sijill.commands.build import build

    settings = copy_project(tmp_path_factory.mktemp("built"))
    report = build(settings)
    assert not report.warnings, report.warnings
    return settings


# Real-browser fixtures (Debian's Chromium through Playwright), shared by every browser test.
from tests.support.browser import (  # noqa: E402, F401
    browser,
    browser_context_args,
    page,
    playwright_instance,
)
