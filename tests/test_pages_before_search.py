"""`serve` puts the changed pages in place before the search index, so the open page reloads
without waiting for Pagefind; the build still ends with the whole site, the same bytes a
fresh build gives, and a build stopped between the two steps leaves a site the next build
makes whole.

Pagefind really runs here: each run is only held back until the pages are in place (as a
month of hundreds of pages holds it back at 10,000 articles), so that the two steps can be
seen apart whatever the speed of the machine.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sijill.commands.build import build, build_and_say
from sijill.commands.serve import HeldInterrupt
from sijill.config.settings import Settings, load_settings
from sijill.engine import pagefind
from sijill.engine.cache import unsettled_location
from sijill.engine.warm import Warm
from sijill.errors import EXIT_FAILED, IndexingError

from .conftest import copy_project
from .test_incremental import tree
from .test_serve_memory import fresh_build

WORD = "كلمةالمعاينةالجديدة"


class HeldPagefind:
    """The real Pagefind, each run started only once `release` is called (or after 60 s)."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        fail: bool = False,
        on_run: Callable[[], object] | None = None,
    ) -> None:
        self.released = threading.Event()
        self.runs = 0
        real = pagefind.run_pagefind

        def run(*args: object) -> None:
            self.runs += 1
            if on_run is not None:
                on_run()
            self.released.wait(60)
            if fail:
                raise IndexingError("Pagefind failed on purpose")
            real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(pagefind, "run_pagefind", run)

    def release(self) -> None:
        self.released.set()


def edited_article(settings: Settings) -> tuple[Path, str]:
    """An article given a word no page had, and the path of its page in the site."""
    article = sorted(settings.articles.glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text + f"\nفقرة فيها {WORD}.\n", encoding="utf-8")
    return article, f"articles/{article.stem}.html"


def shards(site: Path) -> dict[str, str]:
    return {k: v for k, v in tree(site).items() if k.startswith("pagefind/")}


def leftovers(settings: Settings) -> list[str]:
    """What a build left beside the output: staging folders, retired sites."""
    prefix = f".{settings.output.name}."
    return sorted(
        p.name
        for p in settings.output.parent.iterdir()
        if p.name.startswith(prefix) and not p.name.endswith(".lock")
    )


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Settings, Warm]:
    root = tmp_path / "project"
    copy_project(root)
    settings = load_settings(root / "site.toml")
    warm = Warm()
    build(settings, warm=warm)  # serve's first build
    return root, settings, warm


def test_the_pages_go_in_first_then_the_search_index_and_the_site_is_a_fresh_builds(
    project, tmp_path, monkeypatch
):
    root, settings, warm = project
    before = shards(settings.output)
    _, page = edited_article(settings)
    held = HeldPagefind(monkeypatch)
    seen: dict[str, object] = {}

    def pages_in_place() -> None:
        seen["page"] = (settings.output / page).read_text(encoding="utf-8")
        seen["shards"] = shards(settings.output)
        held.release()

    code, report = build_and_say(
        load_settings(root / "site.toml"), strict=False, warm=warm, pages_in_place=pages_in_place
    )
    assert code == 0 and report is not None and report.written
    assert held.runs == 1  # one month's shard indexed again
    # When the open page was told to reload, it showed the edit; the search index was
    # still the previous one, in place and whole.
    assert WORD in str(seen["page"])
    assert seen["shards"] == before
    # Once the build is done the index is the new one, and the site is what a fresh build
    # of the same inputs gives, byte for byte, with nothing left beside it.
    assert shards(settings.output) != before
    assert not unsettled_location(settings).exists()
    assert leftovers(settings) == []
    fresh = fresh_build(settings, tmp_path / "fresh")
    assert tree(settings.output) == tree(fresh.output)


def test_a_build_from_the_command_line_changes_the_site_in_one_step(project, monkeypatch):
    root, settings, _ = project
    before = shards(settings.output)
    _, page = edited_article(settings)
    live: list[str] = []

    def indexing() -> None:  # while Pagefind runs, the live site is still the previous one
        live.append((settings.output / page).read_text(encoding="utf-8"))

    held = HeldPagefind(monkeypatch, on_run=indexing)
    held.release()
    build(load_settings(root / "site.toml"))  # no `pages_in_place`: nothing early
    assert live and WORD not in live[0]
    assert WORD in (settings.output / page).read_text(encoding="utf-8")
    assert shards(settings.output) != before
    calls: list[bool] = []
    build(load_settings(root / "site.toml"), pages_in_place=lambda: calls.append(True))
    assert calls == []  # nothing to do: nothing put in place, nobody told


def test_a_server_stopped_between_the_pages_and_the_index_leaves_what_the_next_build_completes(
    project, tmp_path, monkeypatch
):
    root, settings, warm = project
    _, page = edited_article(settings)
    held = HeldPagefind(monkeypatch)

    def stopped() -> None:
        held.release()
        raise KeyboardInterrupt  # Ctrl-C, landing right after the pages went in

    with pytest.raises(KeyboardInterrupt):
        build(load_settings(root / "site.toml"), warm=warm, pages_in_place=stopped)
    assert WORD in (settings.output / page).read_text(encoding="utf-8")
    assert unsettled_location(settings).exists()  # no saved cache describes this site
    build(load_settings(root / "site.toml"))  # the next build, from the command line
    assert not unsettled_location(settings).exists()
    assert leftovers(settings) == []
    fresh = fresh_build(settings, tmp_path / "fresh")
    assert tree(settings.output) == tree(fresh.output)


def test_pagefind_failing_after_the_pages_went_in_is_said_and_the_next_build_completes(
    project, tmp_path, monkeypatch, capsys
):
    root, settings, warm = project
    _, page = edited_article(settings)
    held = HeldPagefind(monkeypatch, fail=True)
    code, report = build_and_say(
        load_settings(root / "site.toml"), strict=False, warm=warm, pages_in_place=held.release
    )
    assert code == EXIT_FAILED and report is None
    said = capsys.readouterr().err
    assert "part of it is in place" in said and "failed on purpose" in said
    assert WORD in (settings.output / page).read_text(encoding="utf-8")
    monkeypatch.undo()  # Pagefind as it is
    build(load_settings(root / "site.toml"), warm=warm)
    assert leftovers(settings) == []
    fresh = fresh_build(settings, tmp_path / "fresh")
    assert tree(settings.output) == tree(fresh.output)


def test_ctrl_c_once_the_pages_are_in_waits_for_the_end_of_the_build():
    """`serve` holds Ctrl-C back from the moment the pages are in place to the end of the
    build, so the search index and the cache still go in (or the next build would make
    every page again); then it stops."""
    before = signal.getsignal(signal.SIGINT)
    quiet = HeldInterrupt()
    quiet.hold()
    quiet.release()  # not pressed: nothing raised
    held = HeldInterrupt()
    held.hold()
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.1)  # delivered, and held: the build would go on here
    with pytest.raises(KeyboardInterrupt):
        held.release()
    assert signal.getsignal(signal.SIGINT) is before
