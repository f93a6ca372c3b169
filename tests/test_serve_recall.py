"""What `serve` remembers of its last render (each topic's pages, every article's page keys)
must never make a page differ from what a fresh build makes of the same inputs.

Each edit below is made between two builds of one `Warm`, as `serve` rebuilds, and the
site is then compared, byte for byte, with a cold build of a copy of the inputs. The
project pages every listing by four, so that months and topics have archived pages.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

import pytest

from bench.synthetic import write_captures
from sijill.commands.build import build, input_files
from sijill.commands.serve import (
    ChangeWatcher,
    LostEvents,
    input_folders,
    rebuild_once,
    trusted,
    watch,
)
from sijill.config.settings import Settings, load_settings
from sijill.engine import recall
from sijill.engine.publish import files_under
from sijill.engine.warm import Warm
from sijill.records.inputs import Inputs, Report
from sijill.records.watched import Known

from .test_incremental import tree
from .test_serve_memory import fresh_build, rebuild

#: Captures 0 to 47 are dated 2024-01-01 to 2024-02-17: two months, several pages each.
CAPTURES = 48


class CountedRecalls:
    """How many results of each kind a build took from memory."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.found: Counter[str] = Counter()
        real = recall.Recall.get

        def get(self_, kind, name, made_from):
            result = real(self_, kind, name, made_from)
            if result is not recall.MISSING:
                self.found[kind] += 1
            return result

        monkeypatch.setattr(recall.Recall, "get", get)


def small_pages_project(root: Path) -> Settings:
    """A synthetic project whose listings hold four entries a page, search off (faster)."""
    root.mkdir()
    write_captures(root / "seeds", CAPTURES)
    (root / "articles").mkdir()
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", root / "templates")
    text = (Path(__file__).resolve().parent.parent / "site.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^page_size = \d+$", "page_size = 4", text)
    text = re.sub(r"(?m)^search = true$", "search = false", text)
    (root / "site.toml").write_text(text, encoding="utf-8")
    return load_settings(root / "site.toml")


def article_of(settings: Settings, seed: str) -> Path:
    """The article file made from `seed`."""
    for path in sorted(settings.articles.glob("*.md")):
        if f"\nseed: {seed}\n" in path.read_text(encoding="utf-8"):
            return path
    raise AssertionError(f"no article for {seed}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_edit_served_from_memory_gives_what_a_fresh_build_gives(tmp_path, monkeypatch):
    root = tmp_path / "project"
    settings = small_pages_project(root)
    warm = Warm()
    rebuild(root, warm)
    rebuild(root, warm)  # the build's own article files: nothing to do
    counted = CountedRecalls(monkeypatch)
    fresh_builds = iter(range(100))

    def same_as_fresh(step: str) -> None:
        settings = rebuild(root, warm)
        fresh = fresh_build(settings, tmp_path / f"fresh-{next(fresh_builds)}")
        assert tree(settings.output) == tree(fresh.output), step

    # A topic named in an article by hand: its topic gains it, in the middle of its pages.
    article = article_of(settings, "000009.txt")
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nوزار وفد من طهران موسكو للبحث في الأمر.\n", encoding="utf-8")
    same_as_fresh("a topic added by hand")

    # The same article moved to another month by its date.
    edit(article, "date: 2024-01-10", "date: 2024-02-03")
    same_as_fresh("an article moved to another month")

    # An article of another topic edited, its topics as they were.
    other = article_of(settings, "000030.txt")
    other.write_text(other.read_text(encoding="utf-8") + "\nفقرة أضافها المحرر.\n", "utf-8")
    same_as_fresh("an article edited, same topics")

    # A capture edited: its article is made again from it.
    seed = settings.seeds / "000020.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nسطر أضيف إلى الالتقاط.\n", "utf-8")
    same_as_fresh("a capture edited")

    # Captures added: one dated among the others, one in a month of its own.
    write_captures(settings.seeds, 1, start=705)  # 2024-01-06
    write_captures(settings.seeds, 1, start=400)  # 2025-02-04
    same_as_fresh("captures added")

    # An article file deleted: made again from its capture.
    article_of(settings, "000005.txt").unlink()
    same_as_fresh("an article file deleted")

    # A capture and its article deleted: gone from every listing.
    gone = article_of(settings, "000012.txt")
    (settings.seeds / "000012.txt").unlink()
    gone.unlink()
    same_as_fresh("a capture and its article deleted")

    # A capture renamed: its article follows it.
    (settings.seeds / "000025.txt").rename(settings.seeds / "renamed-25.txt")
    same_as_fresh("a capture renamed")

    # The hand-named topic taken out again, and the article back in its month.
    article.write_text(text, encoding="utf-8")
    same_as_fresh("an edit taken back")

    # Other settings: what was remembered for the last ones is not used.
    toml = root / "site.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("page_size = 4", "page_size = 3"), "utf-8"
    )
    same_as_fresh("another page size")
    other.write_text(other.read_text(encoding="utf-8") + "\nفقرة ثانية.\n", "utf-8")
    same_as_fresh("an edit after another page size")

    # Every kind of result was taken from memory along the way.
    assert {"article", "topic", "cuts", "page", "seed", "link"} <= set(counted.found), counted.found


def test_memory_serves_one_fingerprint_and_a_failed_build_drops_it(tmp_path):
    root = tmp_path / "project"
    settings = small_pages_project(root)
    warm = Warm()
    rebuild(root, warm)
    article = article_of(settings, "000003.txt")
    article.write_text(article.read_text(encoding="utf-8") + "\nفقرة.\n", "utf-8")
    rebuild(root, warm)
    kept = warm.recalled
    assert gc.isenabled()
    assert kept is not None and kept.fingerprint == warm.cache.fingerprint

    # A template that fails: the build fails, and what it remembered goes with it.
    base = settings.templates / "base.html"
    good = base.read_text(encoding="utf-8")
    base.write_text(good.replace("</footer>", "{{ nowhere.at_all }}</footer>"), "utf-8")
    assert rebuild_fails(root, warm)
    assert warm.recalled is None and warm.cache is None
    assert gc.isenabled(), "the collector, paused for the rebuild, stayed off after it failed"
    base.write_text(good, encoding="utf-8")
    rebuild(root, warm)  # the site as it was: nothing to do, and nothing remembered
    assert warm.recalled is None
    article.write_text(article.read_text(encoding="utf-8") + "\nفقرة أخرى.\n", "utf-8")
    settings = rebuild(root, warm)
    assert warm.recalled is not None and warm.recalled is not kept
    fresh = fresh_build(settings, tmp_path / "fresh")
    assert tree(settings.output) == tree(fresh.output)


def rebuild_fails(root: Path, warm: Warm) -> bool:
    from sijill.commands.build import build_and_say

    return build_and_say(load_settings(root / "site.toml"), strict=False, warm=warm)[1] is None


def test_a_build_from_the_command_line_meanwhile_starts_memory_afresh(tmp_path, monkeypatch):
    """Another build replaced the cache (or it was deleted): nothing remembered is taken."""
    from sijill.commands.build import build

    root = tmp_path / "project"
    settings = small_pages_project(root)
    warm = Warm()
    rebuild(root, warm)
    counted = CountedRecalls(monkeypatch)
    for step in ("a build beside serve", "the cache deleted"):
        article = article_of(settings, "000007.txt")
        article.write_text(article.read_text(encoding="utf-8") + f"\n{step}.\n", "utf-8")
        rebuild(root, warm)
        assert counted.found, "nothing was taken from memory: the test proves nothing"
        counted.found.clear()
        article.write_text(article.read_text(encoding="utf-8") + "\nفقرة.\n", "utf-8")
        if step == "a build beside serve":
            build(load_settings(root / "site.toml"))
        else:
            shutil.rmtree(root / ".sijill-cache")
        article.write_text(article.read_text(encoding="utf-8") + "\nفقرة ثانية.\n", "utf-8")
        settings = rebuild(root, warm)
        assert not counted.found, step
        fresh = fresh_build(settings, tmp_path / f"fresh-{len(step)}")
        assert tree(settings.output) == tree(fresh.output), step


class CountedListings:
    """How many builds took the site's files from memory (`Warm.listed_site`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.taken = 0
        real = Warm.listed_site

        def listed_site(self_, settings):
            files = real(self_, settings)
            self.taken += files is not None
            return files

        monkeypatch.setattr(Warm, "listed_site", listed_site)


def test_the_site_listed_from_memory_sees_pages_added_or_deleted_by_hand(tmp_path, monkeypatch):
    """The next build takes the site's files as the last one left them only while the site
    is so: a page deleted by hand is made again and a file added by hand goes, as a fresh
    build has it, even when the folder's time is set back to hide the change."""
    root = tmp_path / "project"
    settings = small_pages_project(root)
    warm = Warm()
    rebuild(root, warm)
    counted = CountedListings(monkeypatch)
    article = article_of(settings, "000011.txt")
    fresh_builds = iter(range(100))

    def edited_and_same_as_fresh(step: str) -> None:
        article.write_text(article.read_text(encoding="utf-8") + f"\n{step}.\n", "utf-8")
        settings = rebuild(root, warm)
        fresh = fresh_build(settings, tmp_path / f"fresh-{next(fresh_builds)}")
        assert tree(settings.output) == tree(fresh.output), step

    edited_and_same_as_fresh("an article edited")
    assert counted.taken == 1, "the site's files were not taken from memory: this proves nothing"
    assert warm.site is not None and warm.site.files == set(files_under(settings.output))

    site = settings.output
    pages = sorted(p for p in (site / "topics").iterdir() if "-page-" in p.name)
    assert pages, "no archived topic page to delete"
    for step, change in (
        ("a topic page deleted", lambda: pages[0].unlink()),
        ("a capture page deleted", lambda: next((site / "captures").glob("*.html")).unlink()),
        ("a file added", lambda: (site / "captures" / "stray.html").write_text("x", "utf-8")),
    ):
        for hidden in (False, True):
            folder = pages[0].parent if "topic" in step else site / "captures"
            before = folder.stat()
            change()
            if hidden:  # as a coarse clock may leave it: only counting the site tells
                os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
            edited_and_same_as_fresh(f"{step}{', its folder time set back' if hidden else ''}")
            assert not (site / "captures" / "stray.html").exists()
    assert counted.taken == 1, "a site changed by hand was taken from memory"
    edited_and_same_as_fresh("an article edited again")
    assert counted.taken == 2


# The rebuild told what changed by the watcher (`serve.ChangeWatcher`), not walking every input.


def rebuild_named(root: Path, warm: Warm, changed: Collection[str] | None) -> Settings:
    """One rebuild as `serve` runs it when its watcher named the paths in `changed`."""
    return rebuild_reported(root, warm, changed)[0]


def rebuild_reported(
    root: Path, warm: Warm, changed: Collection[str] | None
) -> tuple[Settings, Report]:
    from sijill.commands.build import build_and_say

    settings = load_settings(root / "site.toml")
    report = build_and_say(settings, strict=False, warm=warm, changed=changed)[1]
    assert report is not None, "the rebuild failed"
    return settings, report


def assert_listing_as_walked(settings: Settings, warm: Warm) -> None:
    """The listing kept from events is, size and time, the one a walk gives."""
    assert warm.known is not None
    walked = input_files(Inputs.list(settings))
    assert input_files(warm.known.inputs()) == walked
    listing = warm.known.inputs()
    assert input_files(replace(listing, known=None)) == walked


class Watching:
    """A real watcher on a project's inputs, as `serve` sets it up."""

    def __init__(self, settings: Settings) -> None:
        folders = input_folders(settings)
        self.watcher = ChangeWatcher(folders, [settings.root / "site.toml"])
        self.observer = watch(folders, [settings.root / "site.toml"], self.watcher)
        self.watcher.never_sure = not trusted(self.observer)
        self.watcher.take()  # the first build walks: what it named is known

    def take(self) -> frozenset[str] | None:
        """What the watcher named since, once its events have come and stopped."""
        assert self.watcher.changed.wait(5), "the watcher heard nothing"
        while self.watcher.changed.is_set():
            self.watcher.changed.clear()
            time.sleep(0.3)
        return self.watcher.take()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join()


def test_every_edit_named_by_the_watcher_gives_what_a_fresh_build_gives(tmp_path):
    root = tmp_path / "project"
    settings = small_pages_project(root)
    warm = Warm()
    rebuild(root, warm)
    watching = Watching(settings)
    fresh_builds = iter(range(100))
    sure = 0

    def same_as_fresh(step: str) -> None:
        nonlocal sure
        named = watching.take()
        sure += named is not None
        settings, report = rebuild_reported(root, warm, named)
        where = tmp_path / f"fresh-{next(fresh_builds)}"
        fresh = fresh_build(settings, where)
        assert tree(settings.output) == tree(fresh.output), step
        assert report.warnings == build(fresh).warnings, step  # the same, in the same order
        if warm.written:  # records it wrote: stat-ed by the next build, even if none is named
            rebuild_named(root, warm, frozenset())
            watching.take()  # the events of those writes, already seen
        assert_listing_as_walked(settings, warm)

    try:
        article = article_of(settings, "000009.txt")
        text = article.read_text(encoding="utf-8")
        article.write_text(text + "\nوزار وفد من طهران موسكو للبحث في الأمر.\n", "utf-8")
        same_as_fresh("an article edited")
        seed = settings.seeds / "000020.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + "\nسطر أضيف.\n", "utf-8")
        same_as_fresh("a capture edited")
        write_captures(settings.seeds, 1, start=705)
        same_as_fresh("a capture added")
        (settings.seeds / "000025.txt").rename(settings.seeds / "renamed-25.txt")
        same_as_fresh("a capture renamed")
        article_of(settings, "000005.txt").unlink()
        same_as_fresh("an article file deleted")
        gone = article_of(settings, "000012.txt")
        (settings.seeds / "000012.txt").unlink()
        gone.unlink()
        same_as_fresh("a capture and its article deleted")
        (settings.seeds / "notes.doc").write_text("ليست التقاطاً", "utf-8")
        same_as_fresh("a file that is not a capture added")
        (settings.seeds / "notes.doc").unlink()
        same_as_fresh("the file that is not a capture deleted")
        (settings.seeds / ".000020.txt.swp").write_text("x", "utf-8")
        seed.write_text(seed.read_text(encoding="utf-8") + "\nسطر آخر.\n", "utf-8")
        (settings.seeds / ".000020.txt.swp").unlink()
        same_as_fresh("a capture saved by an editor that keeps a hidden swap file")
        (settings.seeds / "sub").mkdir()
        write_captures(settings.seeds / "sub", 1, start=400)
        same_as_fresh("a folder of captures added")
        write_captures(settings.seeds / "sub", 1, start=401)
        same_as_fresh("a capture added in the new folder")
        shutil.rmtree(settings.seeds / "sub")
        same_as_fresh("the folder deleted")
        article.write_text(text, encoding="utf-8")
        same_as_fresh("an edit taken back")
        (settings.seeds / "link.txt").symlink_to("000040.txt")
        same_as_fresh("a capture linked to another")
        target = settings.seeds / "000040.txt"
        target.write_text(target.read_text(encoding="utf-8") + "\nسطر للرابط.\n", "utf-8")
        same_as_fresh("the capture a link leads to edited")
    finally:
        watching.stop()
    if trusted(watching.observer):
        assert sure >= 6, "the rebuilds walked every input: the test proves nothing"


def test_a_list_of_paths_is_trusted_only_when_it_can_be(tmp_path):
    """Told of the wrong paths, a rebuild misses a change while it trusts them (so that is
    what it does), and sees it whenever it must not trust them: its first build, after a
    build that failed, a path below a folder it does not know, a folder gone or replaced."""
    root = tmp_path / "project"
    settings = small_pages_project(root)
    warm = Warm()
    fresh_builds = iter(range(100))
    seed = settings.seeds / "000030.txt"
    other = settings.seeds / "000031.txt"

    def changed_capture(line: str) -> None:
        seed.write_text(seed.read_text(encoding="utf-8") + f"\n{line}\n", "utf-8")

    def as_fresh(settings: Settings) -> bool:
        fresh = fresh_build(settings, tmp_path / f"fresh-{next(fresh_builds)}")
        return tree(settings.output) == tree(fresh.output)

    # The first build: nothing to trust yet.
    rebuild(root, warm)
    changed_capture("سطر أول.")
    fresh_warm = Warm()
    assert as_fresh(rebuild_named(root, fresh_warm, frozenset()))
    rebuild(root, warm)

    # Trusted: a change no path names is not seen until a walk.
    changed_capture("سطر ثان.")
    assert not as_fresh(rebuild_named(root, warm, {os.fspath(other)}))
    assert as_fresh(rebuild_named(root, warm, None))

    # After a build that failed.
    base = settings.templates / "base.html"
    good = base.read_text(encoding="utf-8")
    base.write_text(good.replace("</footer>", "{{ nowhere.at_all }}</footer>"), "utf-8")
    assert rebuild_fails(root, warm)
    changed_capture("سطر ثالث.")
    base.write_text(good, encoding="utf-8")
    assert as_fresh(rebuild_named(root, warm, {os.fspath(base)}))

    # A capture in a folder the listing does not hold, the folder not named.
    (settings.seeds / "new").mkdir()
    write_captures(settings.seeds / "new", 2, start=402)
    assert as_fresh(rebuild_named(root, warm, {os.fspath(settings.seeds / "new" / "000402.txt")}))

    # A folder deleted, one of its captures named.
    shutil.rmtree(settings.seeds / "new")
    assert as_fresh(rebuild_named(root, warm, {os.fspath(settings.seeds / "new" / "000402.txt")}))

    # The seeds folder replaced by another, only the folder named.
    shutil.copytree(settings.seeds, tmp_path / "other-seeds")
    (tmp_path / "other-seeds" / "000031.txt").unlink()
    shutil.rmtree(settings.seeds)
    (tmp_path / "other-seeds").rename(settings.seeds)
    assert as_fresh(rebuild_named(root, warm, {os.fspath(settings.seeds)}))


def event(kind: type, path: Path, dest: Path | None = None) -> object:
    return kind(os.fspath(path), os.fspath(dest)) if dest else kind(os.fspath(path))


def test_the_watcher_says_when_its_paths_may_not_be_all(tmp_path):
    from watchdog.events import (
        DirCreatedEvent,
        DirDeletedEvent,
        DirModifiedEvent,
        DirMovedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    watcher = ChangeWatcher([seeds], [])
    assert watcher.take() is None, "the first build walks everything"
    watcher.on_any_event(event(FileModifiedEvent, seeds / "a.txt"))
    watcher.on_any_event(event(FileMovedEvent, seeds / ".a.swp", seeds / "b.txt"))
    watcher.on_any_event(event(DirModifiedEvent, seeds))
    watcher.on_any_event(event(FileModifiedEvent, tmp_path / "elsewhere.txt"))
    expected = {os.fspath(seeds / n) for n in ("a.txt", ".a.swp", "b.txt")} | {os.fspath(seeds)}
    assert watcher.take() == expected
    assert watcher.take() == frozenset()
    for folder_event in (
        event(DirCreatedEvent, seeds / "new"),
        event(DirDeletedEvent, seeds / "old"),
        event(DirMovedEvent, seeds / "old", seeds / "new"),
    ):
        watcher.on_any_event(folder_event)
        assert watcher.take() is None, folder_event
        assert watcher.take() == frozenset()
    # Events lost: watchdog says so in its log only.
    handler = LostEvents(watcher)
    logging.getLogger("watchdog").addHandler(handler)
    try:
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost"
        )
    finally:
        logging.getLogger("watchdog").removeHandler(handler)
    assert watcher.changed.is_set()
    assert watcher.take() is None
    watcher.never_sure = True  # another observer than inotify, or polling
    assert watcher.take() is None


def test_after_a_failed_rebuild_or_while_polling_the_next_walks_everything(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    watcher = ChangeWatcher([seeds], [])
    watcher.take()
    given: list[frozenset[str] | None] = []
    results = iter([(None, False), (object(), True), (object(), True)])

    def rebuild(changed):
        given.append(changed)
        return next(results)

    watcher.on_any_event(event(FileModifiedEvent_(), seeds / "a.txt"))
    rebuild_once(watcher, rebuild, polling=False)  # fails: a.txt is in no listing now
    rebuild_once(watcher, rebuild, polling=False)
    watcher.on_any_event(event(FileModifiedEvent_(), seeds / "b.txt"))
    rebuild_once(watcher, rebuild, polling=True)
    assert given == [frozenset({os.fspath(seeds / "a.txt")}), None, None]


def FileModifiedEvent_() -> type:
    from watchdog.events import FileModifiedEvent

    return FileModifiedEvent


def test_the_listing_is_unsure_of_a_folder_whose_permissions_changed(tmp_path):
    root = tmp_path / "project"
    settings = small_pages_project(root)
    (settings.seeds / "sub").mkdir()
    known = Known.of(settings, Inputs.list(settings))
    assert known.update(settings, [os.fspath(settings.seeds / "sub")])
    (settings.seeds / "sub").chmod(0o500)
    try:
        assert not known.update(settings, [os.fspath(settings.seeds / "sub")])
    finally:
        (settings.seeds / "sub").chmod(0o755)
