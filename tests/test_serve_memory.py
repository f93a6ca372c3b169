"""`serve` keeps the build's state in memory between rebuilds: what it builds must still be
what a fresh build of the same inputs gives, byte for byte, and the open page must hear of
a finished build at once."""

from __future__ import annotations

import shutil
import threading
import urllib.request
from pathlib import Path

import pytest

from bench.layouts import SHORT_STORY, Story, alawwal
from sijill.commands.build import build, build_and_say
from sijill.commands.serve import VERSION_PATH, BuildState, open_server
from sijill.config.settings import Settings, load_settings
from sijill.engine.cache import SMALL_FIELDS, TABLES, BuildCache, basis, fingerprint
from sijill.engine.warm import Warm

from .conftest import copy_project
from .test_incremental import tree


class CountedLoads:
    """How many times the build cache was read from its files."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = BuildCache.load

        def load(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(BuildCache, "load", load)


def rebuild(root: Path, warm: Warm) -> Settings:
    """One rebuild as `serve` runs it: site.toml read again, the same memory each time."""
    settings = load_settings(root / "site.toml")
    report = build_and_say(settings, strict=False, warm=warm)[1]
    assert report is not None, "the rebuild failed"
    return settings


def fresh_build(settings: Settings, where: Path) -> Settings:
    """A cold build of a copy of `settings`' inputs as they are now, with no cache."""
    where.mkdir()
    for name in ("seeds", "articles", "templates"):
        shutil.copytree(settings.root / name, where / name)
    shutil.copy(settings.root / "site.toml", where / "site.toml")
    fresh = load_settings(where / "site.toml")
    build(fresh)
    return fresh


def test_edits_made_while_serving_give_the_site_a_fresh_build_gives(tmp_path, monkeypatch):
    root = tmp_path / "project"
    settings = copy_project(root)
    warm = Warm()
    rebuild(root, warm)  # serve's first build: the cache is read, and kept
    loads = CountedLoads(monkeypatch)

    # A capture added.
    story = Story(title="خبر أضيف أثناء المعاينة", paragraphs=SHORT_STORY)
    (settings.seeds / "added.txt").write_text(alawwal(story), encoding="utf-8")
    rebuild(root, warm)
    assert story.title in (settings.output / "index.html").read_text(encoding="utf-8")
    rebuild(root, warm)  # the build's own article file wakes the watcher: nothing to do

    # An article edited by hand.
    article = sorted(settings.articles.glob("*.md"))[0]
    article.write_text(
        article.read_text(encoding="utf-8") + "\nفقرة أضافها المحرر أثناء المعاينة.\n",
        encoding="utf-8",
    )
    rebuild(root, warm)

    # A template edited: every page again, from the same memory.
    base = settings.templates / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</footer>", "<p>تذييل المعاينة</p>\n</footer>"),
        encoding="utf-8",
    )
    rebuild(root, warm)
    assert "تذييل المعاينة" in (settings.output / "index.html").read_text(encoding="utf-8")

    # site.toml changed: a new title on every page.
    toml = root / "site.toml"
    text = toml.read_text(encoding="utf-8")
    title = load_settings(toml).title
    toml.write_text(text.replace(title, "أرشيف المعاينة", 1), encoding="utf-8")
    rebuild(root, warm)
    assert "أرشيف المعاينة" in (settings.output / "index.html").read_text(encoding="utf-8")

    # A file broken (costs itself, the rebuild goes on), then fixed.
    good = article.read_text(encoding="utf-8")
    article.write_text("---\ntitle: [unclosed\n---\nنص\n", encoding="utf-8")
    rebuild(root, warm)
    article.write_text(good, encoding="utf-8")
    rebuild(root, warm)

    # A capture and its article deleted: nothing of them stays, in memory or in the site.
    added = next(
        p for p in settings.articles.glob("*.md") if story.title in p.read_text(encoding="utf-8")
    )
    slug = added.stem
    (settings.seeds / "added.txt").unlink()
    added.unlink()
    rebuild(root, warm)
    assert not list(settings.output.rglob(f"{slug}*"))
    assert story.title not in (settings.output / "index.html").read_text(encoding="utf-8")
    assert warm.cache is not None and added.name not in warm.cache.records

    # Every rebuild above started from memory, not from the cache's files.
    assert loads.count == 0
    # And the files hold what memory holds: a later build from the command line, or a
    # server started again, goes on from there.
    settings = load_settings(toml)
    made_from = basis(settings)
    saved = BuildCache.load(settings, fingerprint(settings, made_from), made_from)
    for name in (*TABLES, *SMALL_FIELDS):
        assert getattr(saved, name) == getattr(warm.cache, name), name
    fresh = fresh_build(settings, tmp_path / "fresh")
    assert tree(settings.output) == tree(fresh.output)


def test_a_build_from_the_command_line_meanwhile_is_read_from_its_files(tmp_path, monkeypatch):
    """The cache in memory stands for the files only while they are the ones it was saved as."""
    root = tmp_path / "project"
    settings = copy_project(root)
    warm = Warm()
    rebuild(root, warm)
    loads = CountedLoads(monkeypatch)
    (settings.seeds / "by-hand.txt").write_text(
        alawwal(Story(title="خبر بنته سطر الأوامر", paragraphs=SHORT_STORY)), encoding="utf-8"
    )
    build(load_settings(root / "site.toml"))  # `sijill build` in another terminal
    assert loads.count == 1
    article = sorted(settings.articles.glob("*.md"))[-1]
    article.write_text(article.read_text(encoding="utf-8") + "\nسطر آخر.\n", encoding="utf-8")
    rebuild(root, warm)
    assert loads.count == 2, "serve's memory was used though another build replaced the cache"
    fresh = fresh_build(settings, tmp_path / "fresh")
    assert tree(settings.output) == tree(fresh.output)


def test_a_failed_build_drops_the_memory_and_the_previous_site_stays(tmp_path, monkeypatch):
    root = tmp_path / "project"
    settings = copy_project(root)
    warm = Warm()
    rebuild(root, warm)
    before = tree(settings.output)
    base = settings.templates / "base.html"
    good = base.read_text(encoding="utf-8")
    base.write_text(good + "{% if %}", encoding="utf-8")
    report = build_and_say(load_settings(root / "site.toml"), strict=False, warm=warm)[1]
    assert report is None and warm.cache is None
    assert tree(settings.output) == before
    base.write_text(good, encoding="utf-8")
    article = sorted(settings.articles.glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nسطر آخر.\n", encoding="utf-8")
    rebuild(root, warm)
    fresh = fresh_build(settings, tmp_path / "fresh")
    assert tree(settings.output) == tree(fresh.output)


def test_a_page_asking_whether_the_site_changed_is_answered_when_a_build_finishes(tmp_path):
    state = BuildState(tmp_path)
    answers: list[int] = []
    asking = threading.Thread(target=lambda: answers.append(state.wait_past(0, seconds=60)))
    asking.start()
    while state.held == 0 and asking.is_alive():  # the question is being held
        threading.Event().wait(0.01)
    assert answers == []
    state.bump()
    asking.join(timeout=60)
    assert answers == [1]
    assert state.wait_past(0) == 1, "a page behind is answered at once"
    state.close()
    assert state.wait_past(1) == 1, "nothing is held once the server stops"


def test_the_version_question_is_held_by_the_server_until_the_build(tmp_path):
    settings = copy_project(tmp_path)
    server, state = open_server(settings, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    answers: list[str] = []

    def ask(target: str) -> None:
        url = f"http://127.0.0.1:{port}{target}"
        with urllib.request.urlopen(url, timeout=60) as response:  # loopback only
            answers.append(response.read().decode())

    try:
        ask(VERSION_PATH)
        assert answers == ["0"]
        asking = threading.Thread(target=ask, args=(f"{VERSION_PATH}?after=0",))
        asking.start()
        while state.held == 0 and asking.is_alive():
            threading.Event().wait(0.01)
        state.bump()
        asking.join(timeout=60)
        assert answers == ["0", "1"]
        ask(f"{VERSION_PATH}?after=x")  # not a version: answered as a file, not found
    except urllib.error.HTTPError as error:
        assert error.code == 404
    finally:
        state.close()
        server.shutdown()
        server.server_close()
