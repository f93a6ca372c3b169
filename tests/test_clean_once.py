"""A build cleans each capture at most once: the capture page reuses the record's cleaning.

Cleaning is the dearest step per capture; a cold build used to clean every
capture for its record and again for its capture page. Calls are counted in a
file, so cleanings in forked workers count too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.synthetic import write_captures
from sijill.commands.build import build
from sijill.engine.parallel import MIN_PARALLEL
from sijill.extract import clean as clean_module
from sijill.extract import provenance
from sijill.records import extraction

from .conftest import SEED_NAMES
from .test_incremental import tree


@pytest.fixture
def cleanings(tmp_path, monkeypatch):
    """The names of the captures cleaned since the fixture started, one per cleaning."""
    log = tmp_path / "cleanings.log"
    log.touch()
    real = clean_module.clean

    def counted(capture, profiles=None):
        with open(log, "a", encoding="utf-8") as handle:  # one write per line: safe across forks
            handle.write(capture.name + "\n")
        return real(capture, profiles)

    for module in (clean_module, extraction, provenance):
        monkeypatch.setattr(module, "clean", counted)

    def names() -> list[str]:
        return log.read_text(encoding="utf-8").splitlines()

    return names


def test_a_cold_build_cleans_each_capture_once(project, cleanings):
    settings = project(articles=False)
    build(settings)
    assert sorted(cleanings()) == sorted(SEED_NAMES)
    assert len(list((settings.output / "captures").glob("*.html"))) == len(SEED_NAMES)


def test_a_changed_capture_is_cleaned_once_for_its_record_and_its_page(project, cleanings):
    settings = project(articles=False)
    build(settings)
    seed = settings.seeds / SEED_NAMES[2]
    before = len(cleanings())
    seed.write_text(seed.read_text(encoding="utf-8") + "\nسطر أضيف في آخر الالتقاط\n", "utf-8")
    build(settings)
    assert cleanings()[before:] == [SEED_NAMES[2]]


def test_a_cold_build_on_every_core_cleans_each_capture_once(tmp_path, cleanings, monkeypatch):
    monkeypatch.setenv("SIJILL_WORKERS", "2")
    count = MIN_PARALLEL + 2  # enough for the records and the pages to be made by workers
    project = tmp_path / "archive"
    write_captures(project / "seeds", count)
    (project / "articles").mkdir()
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "templates", project / "templates")
    shutil.copy(root / "site.toml", project / "site.toml")
    from sijill.config.settings import load_settings

    settings = load_settings(project / "site.toml")
    build(settings)
    assert len(cleanings()) == count
    assert len(set(cleanings())) == count
    assert len(list((settings.output / "captures").glob("*.html"))) == count


def test_pages_made_from_the_kept_cleaning_are_those_made_by_cleaning_again(project):
    """A template change makes every capture page again by cleaning anew: the same bytes."""
    settings = project(articles=False)
    build(settings)
    first = tree(settings.output)
    shutil.rmtree(settings.output)
    build(settings)  # the records are unchanged: every capture page cleans its capture anew
    assert tree(settings.output) == first
