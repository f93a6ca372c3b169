"""A build that fails leaves the previous site as it was; the same inputs give the same bytes."""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.layouts import SHORT_STORY, Story, alawwal
from sijill.cli import main
from sijill.commands.build import build
from sijill.config.settings import load_settings
from sijill.engine import cache as build_cache
from sijill.engine import plain, publish
from sijill.errors import BuildFailed
from sijill.site import renderer as render

from .conftest import copy_project, seed_path


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(project):
    """A built project plus a new capture waiting, so any next build would change the site."""
    settings = project()
    build(settings)
    story = Story("خبر جديد ينتظر البناء التالي", SHORT_STORY, day=2)
    (settings.seeds / "005_new.txt").write_text(alawwal(story), encoding="utf-8")
    return settings


def assert_untouched(settings, site_before: dict[str, str], seeds_before: dict[str, str]) -> None:
    assert tree(settings.output) == site_before
    assert tree(settings.seeds) == seeds_before
    leftovers = [p.name for p in settings.output.parent.iterdir() if ".build-" in p.name]
    assert leftovers == [] and not any(".old-" in p.name for p in settings.root.iterdir())
    assert not list((settings.root / ".sijill-cache").glob(".*"))  # no half-saved cache
    # The cache's parts are the previous build's, and none of the failed one's.
    main_file = build_cache.BuildCache.location(settings)
    named = plain.loads(main_file.read_bytes())["parts"] if main_file.exists() else {}
    parts = build_cache.parts_folder(main_file)
    held = {p.name for p in parts.iterdir()} if parts.exists() else set()
    assert held == {name for names in named.values() for name in names}


def run(settings, capsys, *args: str) -> tuple[int, str]:
    code = main(["--config", str(settings.root / "site.toml"), "build", *args])
    return code, capsys.readouterr().err


def test_bad_site_toml_exits_2_and_names_the_problem(built, capsys):
    site, seeds = tree(built.output), tree(built.seeds)
    toml = built.root / "site.toml"
    toml.write_text(toml.read_text().replace("feed_entries = 20", "feed_entries = 'many'"))
    code, err = run(built, capsys)
    assert code == 2 and "site.feed_entries must be int" in err and "Traceback" not in err
    toml.write_text(toml.read_text().replace("[build]", "[build\n"))
    code, err = run(built, capsys)
    assert code == 2 and "site.toml" in err and "line" in err
    assert_untouched(built, site, seeds)


def test_broken_template_exits_3_naming_template_and_line(built, capsys):
    site, seeds = tree(built.output), tree(built.seeds)
    template = built.templates / "article.html"
    template.write_text(template.read_text() + "\n{% for x in %}\n")
    code, err = run(built, capsys)
    assert code == 3 and "Traceback" not in err
    assert "previous site left untouched" in err and "article.html, line" in err
    assert_untouched(built, site, seeds)
    text = template.read_text().replace("{% for x in %}", "")
    template.write_text(text.replace("</article>", "{{ page.nothing }}</article>"))
    code, err = run(built, capsys)
    assert code == 3 and "nothing" in err
    assert_untouched(built, site, seeds)


def failing_writer(monkeypatch, error: BaseException, after: int) -> None:
    """The renderer's writer fails once `after` pages have been written."""
    original = render.Renderer.write
    calls = {"n": 0}

    def write(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > after:
            raise error
        return original(self, *args, **kwargs)

    monkeypatch.setattr(render.Renderer, "write", write)


def test_full_disk_while_rendering_keeps_the_old_site(built, capsys, monkeypatch):
    site, seeds = tree(built.output), tree(built.seeds)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "index.html")
    failing_writer(monkeypatch, full, after=3)
    code, err = run(built, capsys)
    assert code == 3 and "No space left on device" in err and "untouched" in err
    assert_untouched(built, site, seeds)


def test_interrupt_while_rendering_keeps_the_old_site(built, capsys, monkeypatch):
    site, seeds = tree(built.output), tree(built.seeds)
    failing_writer(monkeypatch, KeyboardInterrupt(), after=2)
    code, err = run(built, capsys)
    assert code == 3 and "interrupted" in err
    assert_untouched(built, site, seeds)


def test_full_disk_while_writing_a_record_leaves_no_half_file(built, capsys, monkeypatch):
    site, seeds = tree(built.output), tree(built.seeds)
    articles = tree(built.articles)
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)

        def write(_data):
            handle.raw.write(b"---\ntitle: half")  # what a full disk leaves behind
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        handle.write = write
        return handle

    monkeypatch.setattr("sijill.engine.files.os.fdopen", fdopen)
    code, err = run(built, capsys)
    assert code == 3 and "No space left on device" in err
    assert tree(built.articles) == articles and not list(built.articles.glob(".*"))
    assert_untouched(built, site, seeds)


def test_a_cache_that_cannot_be_written_fails_the_build_and_keeps_the_old_site(
    built, capsys, monkeypatch
):
    site, seeds = tree(built.output), tree(built.seeds)

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(build_cache.plain, "dumps", full_disk)
    code, err = run(built, capsys)
    assert code == 3 and "untouched" in err and "Traceback" not in err
    assert_untouched(built, site, seeds)


def test_failure_between_the_two_renames_puts_the_old_site_back(built, monkeypatch):
    site, seeds = tree(built.output), tree(built.seeds)
    shutil.rmtree(built.root / ".sijill-cache")  # every page is made again: a whole new site
    real_rename = Path.rename

    def rename(self, target):
        if ".build-" in self.name:
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        build(built)
    assert_untouched(built, site, seeds)


def test_a_rebuild_killed_while_applying_its_changes_is_finished_by_the_next(
    built, monkeypatch, tmp_path
):
    def dying(out, staging, changes):
        for name in changes.moves[:2]:  # the process dies with two of the new files in place
            os.replace(staging / name, out / name)
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "apply_changes", dying)
    with pytest.raises(KeyboardInterrupt):
        build(built)
    monkeypatch.undo()
    staged = [p for p in built.root.iterdir() if ".build-" in p.name]
    assert len(staged) == 1 and (staged[0] / publish.JOURNAL).is_file()
    assert not list((built.root / ".sijill-cache").glob(".*"))  # the cache was not kept
    build(built)
    assert [p.name for p in built.root.iterdir() if ".build-" in p.name] == []
    fresh = copy_project(tmp_path / "fresh")
    shutil.copy(built.seeds / "005_new.txt", fresh.seeds)
    build(fresh)
    assert tree(built.output) == tree(fresh.output)


def test_a_staging_folder_without_changes_written_down_is_never_applied(built):
    stray = built.root / "._site.build-stray"
    (stray / "articles").mkdir(parents=True)
    (stray / "articles" / "stray.html").write_text("from a build that died while rendering")
    build(built)
    assert not (built.output / "articles" / "stray.html").exists()


def test_successful_build_replaces_the_site_whole(built):
    (built.output / "stale.html").write_text("left from an old build")
    report = build(built)
    assert report.new == ["005_new.txt"]
    assert not (built.output / "stale.html").exists()
    assert "خبر جديد ينتظر البناء التالي" in (built.output / "index.html").read_text()


def test_same_inputs_give_byte_identical_output(tmp_path):
    """Two checkouts in different folders, seeds created in opposite orders, built twice."""
    first = copy_project(tmp_path / "one", articles=False)
    second = copy_project(tmp_path / "a much longer folder name" / "two", articles=False)
    for path in sorted(second.seeds.iterdir(), reverse=True):
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
    build(first)
    build(second)
    assert tree(first.output) == tree(second.output)
    assert tree(first.articles) == tree(second.articles)
    once = tree(first.output)
    build(first)
    for record in first.articles.iterdir():  # every record deleted: all are made again
        record.unlink()
    build(first)
    assert tree(first.output) == once
    for settings in (first, second):
        for path in settings.output.rglob("*"):
            if path.is_file():
                assert str(tmp_path).encode() not in path.read_bytes(), path


def test_seeds_are_never_written(project):
    settings = project()
    before = tree(settings.seeds)
    stamps = {p: p.stat().st_mtime_ns for p in settings.seeds.rglob("*")}
    shutil.copy(seed_path("001"), settings.seeds / "001 again.txt")
    build(settings)
    build(settings)
    assert {k: v for k, v in tree(settings.seeds).items() if k != "001 again.txt"} == before
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items())


def test_a_second_build_of_the_same_site_waits_for_the_first(built):
    """A `serve` rebuilding while an editor runs a build: one at a time, never interleaved."""
    fcntl = pytest.importorskip("fcntl")  # POSIX only: elsewhere builds are not locked
    lock = build_cache.BuildCache.lock(built)
    waited = threading.Event()
    reports = []
    with lock.open("ab") as held:  # as a build in another process holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        # The cache is safe to delete, even now: the lock is not in it.
        shutil.rmtree(build_cache.BuildCache.location(built).parent)
        second = threading.Thread(target=lambda: reports.append(build(built, waited.set)))
        second.start()
        assert waited.wait(30)
        second.join(0.5)
        assert second.is_alive() and not reports  # still waiting: nothing read or written
        fcntl.flock(held, fcntl.LOCK_UN)
    second.join(60)
    assert not second.is_alive() and reports[0].new == ["005_new.txt"]


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_what_a_build_writes_gets_the_modes_the_umask_allows(project, umask):
    """A web server runs as another user: pages must be as readable as any file the editor makes."""
    settings = project(articles=False)
    previous = os.umask(umask)
    try:
        build(settings)
    finally:
        os.umask(previous)
    written = [settings.output, *settings.output.rglob("*"), *settings.articles.rglob("*")]
    for path in written:
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert path.stat().st_mode & 0o777 == expected, f"{path}: {oct(path.stat().st_mode)}"


@pytest.mark.parametrize(
    "damage",
    [
        pickle.dumps(("one", "two")),  # an earlier version's cache
        pickle.dumps(None),
        b"\x80\x05\x95\xff\xff\xff\xff\xff\xff\xff\x7f",  # a frame of 2**63 bytes: MemoryError
        b"garbage",
        b'["one", "two"]',  # another shape
        b"null",
        b"\xff\xfe{",  # not UTF-8
        b"[" * 100_000,  # deeper than the parser goes
        b'{"!os.system": ["touch x"]}',  # a type no cache holds
        b'{"!Stamp": ["one", "two"]}',  # a known type with fields of the wrong kind
        b'{"!Article": [1, 2]}',
        b'{"!dict": [[[1], 2]]}',  # a key that cannot be one
    ],
)
def test_a_damaged_cache_costs_a_full_build_not_a_crash(built, damage, capsys):
    build(built)
    before = tree(built.output)
    main = build_cache.BuildCache.location(built)
    parts = sorted(build_cache.parts_folder(main).iterdir())
    for path in (build_cache.summary_location(built), main):
        path.write_bytes(damage)
    build(built)  # a full build: nothing changed, so the same site
    assert tree(built.output) == before
    # A damaged part, under a main file that is whole, costs the same.
    build(built)
    for path in build_cache.parts_folder(main).iterdir():
        path.write_bytes(damage)
    code, err = run(built, capsys)
    assert code == 0 and "Traceback" not in err
    assert tree(built.output) == before
    assert parts  # the cache had parts to damage


def test_a_cache_of_the_wrong_kinds_costs_a_full_build_not_a_crash(built, capsys):
    """Well-formed, of known types, in the wrong places: as good as damaged."""
    build(built)
    before = tree(built.output)
    main = build_cache.BuildCache.location(built)
    saved = plain.loads(main.read_bytes())
    folder = build_cache.parts_folder(main)
    for field, wrong in (
        ("outputs", {"index.html": 1}),
        ("groups", {"home": ["key", ["index.html"]]}),
        ("inputs", ["x"]),
    ):
        main.write_bytes(plain.dumps({**saved, field: wrong}))
        build_cache.summary_location(built).unlink(missing_ok=True)
        code, err = run(built, capsys)
        assert code == 0 and "Traceback" not in err, err
        assert tree(built.output) == before
        saved = plain.loads(main.read_bytes())
    for name in saved["parts"]["seeds"]:
        part = plain.loads((folder / name).read_bytes())
        (folder / name).write_bytes(plain.dumps({key: ("not", "a seed") for key in part}))
    main.write_bytes(plain.dumps({**saved, "parts": {**saved["parts"], "records": ["../x"]}}))
    build_cache.summary_location(built).unlink(missing_ok=True)
    code, err = run(built, capsys)
    assert code == 0 and "Traceback" not in err, err
    assert tree(built.output) == before


def test_a_summary_whose_report_is_of_another_kind_costs_a_build_not_a_crash(built, capsys):
    """The no-op shortcut reads the last build's report from a small summary file: a
    well-formed one holding something else in its place means deciding afresh."""
    build(built)
    before = tree(built.output)
    summary = build_cache.summary_location(built)
    fingerprint, inputs, output, _report = plain.loads(summary.read_bytes())
    for wrong in (build_cache.Stamp(1, 2), "report", ["a"], None):
        summary.write_bytes(plain.dumps((fingerprint, inputs, output, wrong)))
        code, err = run(built, capsys)
        assert code == 0 and "Traceback" not in err, err
        assert tree(built.output) == before


class _Creates:
    """What unpickling this makes: a call of `open`, which creates the file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def test_a_cache_file_never_runs_code(built, capsys, tmp_path):
    """Whoever can write the cache folder (a shared CI cache) must not run code through it."""
    build(built)
    before = tree(built.output)
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Creates(marker))
    main = build_cache.BuildCache.location(built)
    old_main = main.with_suffix(".pickle")  # where an earlier version kept it
    for path in (
        build_cache.summary_location(built),
        main,
        old_main,
        *build_cache.parts_folder(main).iterdir(),
    ):
        path.write_bytes(payload)
    code, err = run(built, capsys)
    assert not marker.exists(), "a cache file ran code"
    assert code == 0 and "Traceback" not in err
    assert tree(built.output) == before


def test_what_killed_builds_leave_beside_the_site_is_cleared_by_the_next(built):
    build(built)
    before = tree(built.output)
    out = built.output
    for leftover in ("._site.build-k1", "._site.shards-k2/2024-11"):
        (out.parent / leftover).mkdir(parents=True)
        (out.parent / leftover / "index.html").write_text("نصف صفحة", encoding="utf-8")
    shutil.copytree(out, out.parent / "._site.old-4242")  # retired by a swap, not yet deleted
    build(built)
    assert not list(out.parent.glob("._site.*[!k]"))  # only the lock file stays
    assert [p.name for p in out.parent.glob("._site.*")] == ["._site.lock"]
    assert tree(out) == before
    # Killed between a swap's two renames: no site, only the retired one. It comes back.
    out.rename(out.parent / "._site.old-4243")
    (out.parent / "._site.build-k3").mkdir()
    build(built)
    assert tree(out) == before
    assert [p.name for p in out.parent.glob("._site.*")] == ["._site.lock"]


@pytest.mark.parametrize(
    ("stop", "said"),
    [
        (OSError(errno.EROFS, "Read-only file system"), "build stopped while putting"),
        (KeyboardInterrupt(), "interrupted while putting"),
    ],
)
def test_a_rebuild_stopped_halfway_in_place_says_so_and_the_next_finishes_it(
    built, tmp_path_factory, monkeypatch, capsys, stop, said
):
    """Failing or Ctrl-C while the changes are applied leaves part of the new site in
    place: the message must not claim the old one is untouched, and the next build
    must finish the job as a clean build would."""
    build(built)
    (built.seeds / "006_more.txt").write_text(
        alawwal(Story("خبر آخر ينتظر", SHORT_STORY, day=4)), encoding="utf-8"
    )

    def halfway(out: Path, staging: Path, changes: publish.Changes) -> None:
        first = changes.moves[0]
        (out / first).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / first, out / first)
        raise stop

    monkeypatch.setattr(publish, "apply_changes", halfway)
    assert main(["--config", str(built.root / "site.toml"), "build"]) == 3
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert said in line and "next build finishes the job" in line and "untouched" not in line
    monkeypatch.undo()
    build(built)
    fresh = copy_project(tmp_path_factory.mktemp("fresh"))
    for seed in ("005_new.txt", "006_more.txt"):
        shutil.copy(built.seeds / seed, fresh.seeds / seed)
    build(fresh)
    assert tree(built.output) == tree(fresh.output)


RETRACTED = "عنوان سُحب قبل أن ينشر"
KILLED_WHEN_THE_CHANGES_ARE_WRITTEN_DOWN = """
import os, signal, sys
from sijill.commands.build import build
from sijill.config.settings import load_settings
from sijill.config.settings import load_settings
from sijill.engine import publish
from sijill.errors import BuildFailed

def die(out, staging, changes):
    half = changes.moves[: len(changes.moves) // 2]
    for name in half:  # part of the change in place, as a kill can leave it
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, out / name)
    os.kill(os.getpid(), signal.SIGKILL)

publish.apply_changes = die
build(load_settings(__import__("pathlib").Path(sys.argv[1])))
"""


def edit(settings, what: str) -> tuple[Path, bytes]:
    """An edit that shows on many pages: an article's title, or the footer of every page."""
    if what == "article":
        path = next(settings.articles.glob("2024-11-29-*.md"))
        old = "title: روسيا تدعو"
        new = f"title: {RETRACTED} روسيا تدعو"
    else:
        path = settings.templates / "base.html"
        old, new = '<footer class="site">', f'<footer class="site"><p>{RETRACTED}</p>'
    original = path.read_bytes()
    text = original.decode("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, original


def clean_build_of(settings, where: Path) -> dict[str, str]:
    """What a clean build of the project's current inputs makes, in another folder."""
    for name in ("seeds", "articles", "templates"):
        shutil.copytree(settings.root / name, where / name)
    shutil.copy(settings.root / "site.toml", where / "site.toml")
    fresh = load_settings(where / "site.toml")
    build(fresh)
    return tree(fresh.output)


def stop_while_publishing(settings, monkeypatch, how: str) -> None:
    """A rebuild stopped while its changes go into the live site: half of them are in."""
    if how == "kill":
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        script = [sys.executable, "-c", KILLED_WHEN_THE_CHANGES_ARE_WRITTEN_DOWN]
        done = subprocess.run([*script, str(settings.root / "site.toml")], env=env, timeout=300)
        assert done.returncode == -signal.SIGKILL
        return
    stop = {
        "error": OSError(errno.EROFS, "Read-only file system"),
        "interrupt": KeyboardInterrupt(),
    }

    def halfway(out: Path, staging: Path, changes: publish.Changes) -> None:
        for name in changes.moves[: len(changes.moves) // 2]:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out / name)
        raise stop[how]

    with monkeypatch.context() as patched:
        patched.setattr(publish, "apply_changes", halfway)
        with pytest.raises((BuildFailed, KeyboardInterrupt)):
            build(settings)


@pytest.mark.parametrize("how", ["error", "interrupt", "kill"])
@pytest.mark.parametrize("what", ["article", "template"])
def test_an_edit_taken_back_after_a_stopped_publish_is_not_left_on_the_site(
    built, tmp_path_factory, monkeypatch, how, what
):
    """Edit, let the publish stop halfway, take the edit back: the next build must make
    exactly what a clean build of the inputs as they are now makes, and so must the one
    after it."""
    build(built)
    path, original = edit(built, what)
    stop_while_publishing(built, monkeypatch, how)
    assert RETRACTED in "".join(p.read_text("utf-8") for p in built.output.rglob("*.html"))
    path.write_bytes(original)
    build(built)
    expected = clean_build_of(built, tmp_path_factory.mktemp("clean"))
    assert tree(built.output) == expected
    assert build(built).written == 0
    assert tree(built.output) == expected


def test_an_edit_taken_back_after_a_swap_whose_cache_was_never_saved_is_not_left(
    built, tmp_path_factory, monkeypatch
):
    """A whole new site swapped in (the old one deleted by hand), then the process stops
    before the cache describing it is saved: the old cache must not vouch for it."""
    build(built)
    shutil.rmtree(built.output)
    path, original = edit(built, "article")

    def lost(self, output, report):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(build_cache.PendingCache, "put_in_place", lost)
        with pytest.raises(KeyboardInterrupt):
            build(built)
    assert RETRACTED in "".join(p.read_text("utf-8") for p in built.output.rglob("*.html"))
    path.write_bytes(original)
    build(built)
    assert tree(built.output) == clean_build_of(built, tmp_path_factory.mktemp("clean"))


def test_compiled_templates_are_not_read_from_the_cache_folder(built, capsys, tmp_path):
    """Jinja's compiled templates are Python code: a file of them in the cache folder, made
    to pass Jinja's checks, would run. Templates are compiled afresh by each process."""
    import jinja2

    build(built)
    marker = tmp_path / "ran"
    folder = build_cache.BuildCache.location(built).parent / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    compiled = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(built.templates))
    hostile = compile(f"open({str(marker)!r}, 'w')", "<hostile>", "exec")
    for name in env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml"))):
        source, filename, _ = env.loader.get_source(env, name)
        bucket = compiled.get_bucket(env, name, filename, source)
        bucket.code = hostile
        compiled.set_bucket(bucket)
    toml = built.root / "site.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('title = "', 'title = "أرشيف '), "utf-8"
    )
    code, err = run(built, capsys)
    assert not marker.exists(), "a compiled template from the cache folder ran"
    assert code == 0 and "Traceback" not in err, err
