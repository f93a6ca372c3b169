"""Incremental and parallel builds: only what changed is redone, and the result never differs."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from bench.layouts import Story, alawwal, arabi21_dated
from sijill.commands.build import build
from sijill.config.settings import load_settings
from sijill.engine.cache import PARTS, TABLES, BuildCache, basis, fingerprint

from .conftest import copy_project


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


def new_story(day: int) -> str:
    story = Story(
        title=f"خبر جديد يوم {day}", paragraphs=["فقرة أولى من الخبر.", "فقرة ثانية."], day=day
    )
    return alawwal(story)


def test_nothing_changed_means_nothing_done(project):
    settings = project()
    first = build(settings)
    assert first.written > 0
    before, identity = tree(settings.output), settings.output.stat().st_ino
    second = build(settings)
    assert second.written == 0 and second.published == first.published
    assert sorted(second.unchanged) == sorted(first.new + first.updated + first.unchanged)
    assert settings.output.stat().st_ino == identity and tree(settings.output) == before


@pytest.mark.parametrize("articles", [True, False])
def test_a_build_right_after_a_build_reads_nothing_but_the_summary(project, monkeypatch, articles):
    """The first build writes the records: the state it leaves must already count them."""
    settings = project(articles=articles)
    build(settings)

    def refuse(*args, **kwargs):
        raise AssertionError("the whole cache was loaded for a build with nothing to do")

    monkeypatch.setattr(BuildCache, "load", refuse)
    assert build(settings).written == 0


def test_adding_one_capture_writes_only_what_it_touches(project):
    settings = project()
    build(settings)
    before_inodes, total = inodes(settings.output), len(tree(settings.output))
    (settings.seeds / "new.txt").write_text(new_story(2), encoding="utf-8")
    report = build(settings)
    assert report.new == ["new.txt"] and report.written < total // 3
    after = inodes(settings.output)
    kept = [path for path in before_inodes if after.get(path) == before_inodes[path]]
    # Articles far from the new one by date keep the very same file (linked, not rewritten).
    assert "articles/2024-11-29-asharq-1f20bf5859.html" in kept
    assert "captures/2024-11-29-asharq-1f20bf5859.html" in kept
    # Its neighbours by date show it in their previous/next links.
    newer = (settings.output / "articles/2024-12-06-arabi21-37580c158a.html").read_text()
    assert "خبر جديد يوم 2" in newer
    # And a fresh build from nothing gives the same site byte for byte.
    fresh = copy_project(settings.root / "fresh-copy", articles=False)
    shutil.copytree(settings.articles, fresh.articles, dirs_exist_ok=True)
    shutil.copy(settings.seeds / "new.txt", fresh.seeds / "new.txt")
    build(fresh)
    assert tree(fresh.output) == tree(settings.output)


def cache_parts(settings) -> dict[str, bytes]:
    folder = settings.root / ".sijill-cache" / f"{settings.output.name}.parts"
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_adding_one_capture_saves_only_the_cache_parts_it_changes(project):
    settings = project()
    build(settings)
    before = cache_parts(settings)
    assert len(before) == len(TABLES) * PARTS
    (settings.seeds / "new.txt").write_text(new_story(2), encoding="utf-8")
    build(settings)
    after = cache_parts(settings)
    # One new seed, record and entry: one part of each table is saved anew, and
    # the parts it replaced are gone.
    assert len(after) == len(TABLES) * PARTS and len(set(after) - set(before)) == len(TABLES)
    assert all(after[name] == before[name] for name in set(after) & set(before))
    # Loaded again, the parts hold every seed, record and entry, the new ones too.
    loaded = BuildCache.load(settings, fingerprint(settings), basis(settings))
    assert sorted(loaded.seeds) == sorted(p.name for p in settings.seeds.glob("*.txt"))
    assert sorted(loaded.records) == sorted(p.name for p in settings.articles.glob("*.md"))
    assert len(loaded.entries) == len(loaded.records) == 6


def test_a_cache_part_left_by_a_killed_build_is_deleted_and_a_lost_one_costs_a_full_build(
    project,
):
    settings = project()
    build(settings)
    folder = settings.root / ".sijill-cache" / f"{settings.output.name}.parts"
    (folder / "records-0-killed.pickle").write_bytes(b"half a part")
    (settings.seeds / "new.txt").write_text(new_story(2), encoding="utf-8")
    build(settings)
    assert not (folder / "records-0-killed.pickle").exists()
    before = tree(settings.output)
    next(folder.glob("entries-*")).unlink()
    (settings.seeds / "new.txt").touch()  # something to do, so the cache is loaded
    report = build(settings)
    ours = [path for path in before if not path.startswith("pagefind/")]  # Pagefind's own
    assert report.written == len(ours) and tree(settings.output) == before


def test_an_edited_article_leaves_the_year_list_alone(project):
    """archive.html shows months and counts: an edit that changes neither keeps its file."""
    settings = project()
    build(settings)
    before = inodes(settings.output)
    record = next(settings.articles.glob("2024-12-*.md"))
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("حلب", "حلب الشهباء", 1), encoding="utf-8")
    report = build(settings)
    assert report.written > 0
    after = inodes(settings.output)
    assert after[f"articles/{record.stem}.html"] != before[f"articles/{record.stem}.html"]
    assert after["archive.html"] == before["archive.html"]


def test_a_template_change_renders_everything_again(project):
    settings = project()
    build(settings)
    base = settings.templates / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>تذييل جديد</p>\n</footer>"))
    report = build(settings)
    pages = list(settings.output.rglob("*.html"))
    assert all("تذييل جديد" in p.read_text(encoding="utf-8") for p in pages if p.name != "404.html")
    assert report.written >= len(pages)


def test_a_stylesheet_change_copies_it_and_renders_only_the_404_page_that_inlines_it(project):
    """Pages link static files without embedding them: a CSS tweak in `serve` must not cost
    a whole-site render (37 s at 10,000 articles), only the file itself."""
    settings = project()
    build(settings)
    before = inodes(settings.output)
    static = settings.templates / "static"
    (static / "style.css").write_text((static / "style.css").read_text() + "\n/* tweak */\n")
    (static / "extra.js").write_text("// a new static file\n")
    report = build(settings)
    # The two files, and the 404 page, which carries the stylesheet inline (no base_url).
    assert report.written == 3
    assert {p: i for p, i in inodes(settings.output).items() if p != "404.html"} == {
        p: i for p, i in before.items() if p != "404.html"
    }
    assert "/* tweak */" in (settings.output / "404.html").read_text()
    assert (settings.output / "static/style.css").read_text().endswith("/* tweak */\n")
    assert (settings.output / "static/extra.js").is_file()
    assert build(settings).written == 0  # and the next build has nothing to do
    before = inodes(settings.output)
    (static / "extra.js").unlink()
    (settings.templates / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")
    report = build(settings)
    assert report.written == 1 and inodes(settings.output) == before
    assert not (settings.output / "static/extra.js").exists()
    assert (settings.output / "favicon.ico").read_bytes() == b"\x00\x00\x01\x00"


def test_a_new_locale_makes_every_date_again_as_a_fresh_build_would(project, tmp_path):
    """Dates are worded when an entry is made, and entries are kept between builds: a new
    locale must not leave a listing in the old one's month names."""
    settings = project()
    build(settings)
    toml = settings.root / "site.toml"
    toml.write_text(toml.read_text().replace('locale = "ar"', 'locale = "ar_SY"'), "utf-8")
    settings = load_settings(toml)
    build(settings)
    listing = (settings.output / "2024/11/index.html").read_text(encoding="utf-8")
    assert "<h1>تشرين الثاني 2024</h1>" in listing
    fresh = copy_project(tmp_path / "fresh")
    (fresh.root / "site.toml").write_text(toml.read_text(), "utf-8")
    build(load_settings(fresh.root / "site.toml"))
    assert tree(settings.output) == tree(fresh.output)


def test_a_deleted_cache_costs_a_full_build_not_a_different_site(project):
    settings = project()
    build(settings)
    before = tree(settings.output)
    shutil.rmtree(settings.root / ".sijill-cache")
    report = build(settings)
    ours = [path for path in before if not path.startswith("pagefind/")]  # Pagefind's own
    assert report.written == len(ours) and tree(settings.output) == before


@pytest.mark.parametrize("workers", ["1", "2"])
def test_parallel_builds_give_the_same_site(tmp_path, monkeypatch, workers):
    """Enough captures to use every core; one core and two give byte-identical sites."""
    monkeypatch.setenv("SIJILL_WORKERS", workers)
    settings = copy_project(tmp_path / "p", articles=False)
    pool = [f"فقرة رقم {n} من خبر تجريبي عن سوريا." for n in range(200)]
    for n in range(60):
        story = Story(f"عنوان المقال {n}", pool[n : n + 4], 2024, 1 + n % 12, 1 + n % 28)
        (settings.seeds / f"s{n:03d}.txt").write_text(arabi21_dated(story, story), "utf-8")
    report = build(settings)
    assert len(report.new) == 65
    assert [w.split(":")[0] for w in report.warnings] == [
        "seeds/004_ebbdbeee38b53e8a.txt"
    ]  # no article file
    reference = tmp_path / f"reference-{workers}"
    shutil.copytree(settings.output, reference)
    monkeypatch.setenv("SIJILL_WORKERS", "1" if workers == "2" else "2")
    shutil.rmtree(settings.root / ".sijill-cache")
    shutil.rmtree(settings.output)
    build(load_settings(settings.root / "site.toml"))
    assert tree(settings.output) == tree(reference)


def test_every_output_key_is_stable_so_a_touched_file_rewrites_nothing(project):
    """A seed saved again unchanged makes the build look at everything and write nothing."""
    settings = project()
    build(settings)
    seed = next(settings.seeds.glob("*.txt"))
    seed.write_bytes(seed.read_bytes())
    report = build(settings)
    assert report.written == 0 and len(report.unchanged) == 5


def test_a_page_deleted_from_the_site_by_hand_is_made_again_on_the_next_build(project):
    settings = project()
    build(settings)
    before = tree(settings.output)
    gone = [
        "articles/2024-11-29-asharq-1f20bf5859.html",
        "captures/2024-11-29-asharq-1f20bf5859.txt",
    ]
    for path in gone:
        (settings.output / path).unlink()
    (settings.seeds / "new.txt").write_text(new_story(2), encoding="utf-8")  # any change
    build(settings)
    after = tree(settings.output)
    assert {path: after[path] for path in gone} == {path: before[path] for path in gone}


def test_listing_pages_deleted_by_hand_are_made_again_and_the_rest_kept(project):
    settings = project()
    build(settings)
    listings = [
        p
        for p in settings.output.rglob("*.html")
        if p.parts[-2] == "topics" or p.parent.parent.name.isdigit()  # topics/x, 2024/11/x
    ]
    assert len(listings) > 10
    for page in listings[::2]:
        page.unlink()
    (settings.seeds / "new.txt").write_text(new_story(2), encoding="utf-8")
    build(settings)
    fresh = copy_project(settings.root / "fresh-copy", articles=False)
    shutil.copytree(settings.articles, fresh.articles, dirs_exist_ok=True)
    shutil.copy(settings.seeds / "new.txt", fresh.seeds / "new.txt")
    build(fresh)
    assert tree(fresh.output) == tree(settings.output)


def test_a_seed_that_turns_unreadable_during_the_build_loses_only_its_capture_page(
    project, monkeypatch
):
    from sijill.errors import CaptureError
    from sijill.site import capture_pages as captures

    settings = project()
    build(settings)
    slug = "2024-11-29-asharq-1f20bf5859"
    assert (settings.output / f"captures/{slug}.html").is_file()
    real = captures.explain_capture

    def flaky(path, name, max_bytes):
        if name.startswith("002_"):
            raise CaptureError("is empty (0 bytes)")
        return real(path, name, max_bytes)

    monkeypatch.setattr(captures, "explain_capture", flaky)
    # A template change makes every page again, the capture pages included.
    base = settings.templates / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>تذييل جديد</p>\n</footer>"))
    build(settings)
    assert not (settings.output / f"captures/{slug}.html").exists()
    assert (settings.output / f"articles/{slug}.html").is_file()
    assert len(list((settings.output / "captures").glob("*.html"))) == 4


@pytest.mark.parametrize(
    "gone",
    [
        ["articles/2024-11-29-asharq-1f20bf5859.html"],
        ["2024/11/index.html", "captures/2024-11-29-asharq-1f20bf5859.txt"],
        ["articles/2024-11-29-asharq-1f20bf5859.html", "archive.html"],
    ],
)
def test_pages_deleted_by_hand_with_nothing_else_changed_are_made_again(project, gone):
    """Deleting a page inside a sub-folder changes only that folder, not the output's
    own time: the nothing-to-do check must still see it."""
    settings = project()
    build(settings)
    before = tree(settings.output)
    for path in gone:
        (settings.output / path).unlink()
    report = build(settings)
    assert report.written == len(gone)
    assert tree(settings.output) == before
    assert build(settings).written == 0
