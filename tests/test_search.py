"""The search index and the search page, as built: what is indexed, the switch, failures."""

from __future__ import annotations

import gzip
import itertools
import json
import re
import shutil
import stat
import unicodedata
from pathlib import Path

import pytest

from sijill import cli
from sijill.commands.build import build
from sijill.config.settings import load_settings
from sijill.engine import pagefind
from sijill.errors import EXIT_CONFIG, EXIT_FAILED, IndexingError
from sijill.extract.arabic import CASES, PREFIXES, normalise
from sijill.site import search_page
from tests.conftest import copy_project

from .sitecheck import html_pages


def fragments(site: Path) -> dict[str, dict]:
    """What Pagefind stored for each indexed page, by URL (gzip of "pagefind_dcd" + JSON)."""
    stored = {}
    for path in (site / "pagefind").glob("*/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        stored[fragment["url"]] = fragment
    return stored


def test_the_index_is_built_into_the_site(built_site):
    bundle = built_site.output / "pagefind"
    counts = {
        shard.name: json.loads((shard / "pagefind-entry.json").read_text())["languages"]["ar"][
            "page_count"
        ]
        for shard in bundle.iterdir()
    }
    # One shard per month (004 has the date its editor supplied), each a whole Pagefind index.
    assert counts == {"2024-11": 3, "2024-12": 1, "2025-03": 1}
    assert all((shard / "pagefind.js").is_file() for shard in bundle.iterdir())
    assert not list(bundle.glob("*/pagefind-*ui*"))  # the ready-made interfaces are not used
    assert not list(built_site.output.parent.glob("*.build-*"))  # staging swapped in


def test_only_the_article_body_is_indexed_with_title_source_and_date_as_metadata(built_site):
    site = built_site.output
    stored = fragments(site)
    articles = sorted(f"/articles/{p.name}" for p in (site / "articles").glob("*.html"))
    assert sorted(stored) == articles  # no home, search, topics or capture pages
    furniture = [
        built_site.title,  # header
        built_site.description,  # footer
        "انتقل إلى المحتوى",
        "ابحث في الأرشيف",
        "المقال الأحدث",
        "المقال الأقدم",
        "كل المقالات",
        "المواضيع",
        "استُنتج من تاريخَي",  # 002's date note, an editor's words
        "السفارة الألمانية",  # 004's date note
        "الالتقاط الأصلي",  # the line under the body about the capture
        "تاريخ مقدَّر",  # the date's badge
        "1446",  # the date itself
        "(أ.ب)",  # 002's photo captions
        "(أ.ف.ب)",  # 004's
    ]
    for url, fragment in stored.items():
        page = (site / url.lstrip("/")).read_text(encoding="utf-8")
        title = re.search(r"<h1 [^>]*><bdi>(.*?)</bdi></h1>", page).group(1)
        meta = fragment["meta"]
        assert meta["title"] == title.replace("&#34;", '"')
        assert meta["source"] in ("عربي21", "الأول", "الشرق الأوسط")
        assert meta["date_hijri"].endswith("\u00a0هـ") and meta["date_iso"][:2] == "20"
        # The body first: no title, source or date before it.
        body = re.search(r'<p id="b\d+">([^<]{20})', page).group(1)
        assert fragment["content"].startswith(body), (url, fragment["content"][:80])
        for text in (*furniture, meta["source"]):
            assert text not in fragment["content"], (url, text)
    estimated = {url: f["meta"] for url, f in stored.items() if "date_badge" in f["meta"]}
    assert [m["date_why"] for _, m in sorted(estimated.items())] == [
        "قدّره الأرشيف من نص المقال",
        "قدّره محرر الأرشيف",
    ]
    timed = [f["meta"]["date_time"] for f in stored.values() if "date_time" in f["meta"]]
    assert timed == ["الساعة 19:37 بتوقيت المصدر"]


def test_header_search_form_on_every_page_is_a_plain_relative_get(built_site):
    for page in html_pages(built_site.output):
        text = page.read_text(encoding="utf-8")
        if page.name == "search.html":  # its own box is the one search box there
            assert text.count("<form") == 1 and 'class="search-page"' in text
            continue
        depth = len(page.relative_to(built_site.output).parts) - 1
        # The 404 page is served at any depth: its links start from the host's root.
        action = "/search.html" if page.name == "404.html" else "../" * depth + "search.html"
        assert f'<form class="search" role="search" action="{action}" method="get">' in text
        assert 'name="q"' in text


def test_search_switched_off_builds_no_index_and_says_so(tmp_path):
    settings = copy_project(tmp_path)
    toml = settings.root / "site.toml"
    toml.write_text(toml.read_text().replace("search = true", "search = false"))
    assert cli.main(["--config", str(toml)]) == 0
    site = settings.root / "_site"
    assert not (site / "pagefind").exists()
    page = (site / "search.html").read_text(encoding="utf-8")
    assert "البحث غير مفعّل" in page and "<script" not in page
    assert 'href="index.html"' in page and 'href="topics.html"' in page
    assert (site / "topics.html").is_file()
    assert 'class="search"' not in (site / "index.html").read_text(encoding="utf-8")


def test_a_failed_indexing_leaves_the_previous_site(tmp_path, monkeypatch, capsys):
    settings = copy_project(tmp_path / "project")
    build(settings)
    before = {p: p.read_bytes() for p in settings.output.rglob("*") if p.is_file()}
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'index exploded' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pagefind.pagefind_bin, "get_executable", lambda: broken)
    edited = next(settings.articles.glob("*.md"))  # a change to one article's page
    edited.write_text(edited.read_text(encoding="utf-8") + "\nفقرة أضافها المحرر.\n")
    code = cli.main(["--config", str(settings.root / "site.toml")])
    assert code == EXIT_FAILED
    assert "index exploded" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in settings.output.rglob("*") if p.is_file()}
    assert after == before
    assert not list(settings.output.parent.glob("_site.*"))  # no staging left behind
    assert not list((settings.root / ".sijill-cache").glob(".*"))  # nor a half-saved cache


def test_two_builds_are_byte_identical_including_the_index(tmp_path, built_site):
    other = copy_project(tmp_path / "elsewhere")
    build(other)
    first = {
        p.relative_to(built_site.output): p.read_bytes()
        for p in built_site.output.rglob("*")
        if p.is_file()
    }
    second = {
        p.relative_to(other.output): p.read_bytes() for p in other.output.rglob("*") if p.is_file()
    }
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.parametrize("name", ["search.html", "topics.html", "index.html"])
def test_pages_without_articles_carry_no_pagefind_body(built_site, name):
    assert "data-pagefind-body" not in (built_site.output / name).read_text(encoding="utf-8")


def test_a_broken_topics_file_stops_the_build_naming_the_entry(tmp_path, monkeypatch, capsys):
    from sijill.records.topics import load_topics
    from sijill.site import page as render
    from sijill.site import topic_pages

    settings = copy_project(tmp_path / "project")
    build(settings)
    before = sorted(p.relative_to(settings.output) for p in settings.output.rglob("*"))
    bad = tmp_path / "topics.yaml"
    bad.write_text("places:\n  aleppo: {name: حلب, variants: حلب}\n", encoding="utf-8")
    monkeypatch.setattr(topic_pages, "load_topics", lambda: load_topics(bad))
    monkeypatch.setattr(render, "load_topics", lambda: load_topics(bad))
    # The real topics file is part of the build's fingerprint: a change to it means a full build.
    shutil.rmtree(settings.root / ".sijill-cache")
    assert cli.main(["--config", str(settings.root / "site.toml")]) == EXIT_CONFIG
    assert "places.aleppo.variants must be" in capsys.readouterr().err
    assert sorted(p.relative_to(settings.output) for p in settings.output.rglob("*")) == before


def entry(slug: str, iso: str | None):
    from sijill.site.display import ShownDate
    from sijill.site.page import Entry

    date = ShownDate(iso, iso or "", "", "", "stated" if iso else "unknown", None)
    return Entry(slug, slug, "عربي21", date, "", {}, (), slug)


def test_shards_are_months_newest_first_with_undated_last():
    entries = [entry("a", "2024-11-30"), entry("b", None), entry("c", "2025-03-01")]
    entries.append(entry("d", "2024-11-02"))
    assert search_page.shard_plan(entries) == {
        "2025-03": ["articles/c.html"],
        "2024-11": ["articles/a.html", "articles/d.html"],
        "undated": ["articles/b.html"],
    }


def test_a_crowded_month_splits_in_stable_parts_that_bound_every_shard(monkeypatch):
    monkeypatch.setattr(search_page, "SHARD_PAGES", 4)
    month = [entry(f"s{n}", "2024-12-01") for n in range(9)]
    plan = search_page.shard_plan(month)
    assert len(plan) > 1 and all(name.startswith("2024-12-") for name in plan)
    assert sorted(url for urls in plan.values() for url in urls) == sorted(e.url for e in month)
    assert all(len(urls) <= 4 for urls in plan.values())
    # One more article lands in one part; every other part keeps its pages.
    grown = search_page.shard_plan([*month, entry("s9", "2024-12-02")])
    changed = {name for name in plan.keys() | grown.keys() if plan.get(name) != grown.get(name)}
    assert len(changed) == 1 and "articles/s9.html" in grown[changed.pop()]


def test_a_new_article_reindexes_only_its_own_month(tmp_path):
    settings = copy_project(tmp_path)
    build(settings)
    bundle = settings.output / "pagefind"
    before = {p.relative_to(bundle): p.stat().st_ino for p in bundle.rglob("*") if p.is_file()}
    seed = next(settings.seeds.glob("001_*.txt"))  # 2024-12-06: the only article of its month
    text = seed.read_text(encoding="utf-8").replace("06 كانون الأول 2024", "07 كانون الأول 2024")
    (settings.seeds / "new.txt").write_text(text.replace("حلب", "حلب الشهباء", 1), "utf-8")
    build(settings)
    after = {p.relative_to(bundle): p.stat().st_ino for p in bundle.rglob("*") if p.is_file()}
    redone = {p.parts[0] for p in after if before.get(p) != after[p]}
    assert redone == {"2024-12"}  # the other months' files are the very same (linked) files
    entry_file = json.loads((bundle / "2024-12" / "pagefind-entry.json").read_text())
    assert entry_file["languages"]["ar"]["page_count"] == 2


def test_a_rebuild_indexes_the_new_text_of_an_edited_article_and_a_page_deleted_by_hand(
    tmp_path,
):
    """Pagefind starts before the site is all rendered: the pages it reads must already be new."""
    settings = copy_project(tmp_path)
    build(settings)
    record = next(settings.articles.glob("2024-12-*.md"))
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("حلب", "زنوبيا", 1), encoding="utf-8")
    other = next(p for p in settings.output.glob("articles/2024-11-*.html"))
    other.unlink()  # its month's shard is untouched, so it only needs the page back
    shutil.rmtree(settings.output / "pagefind" / "2024-11")  # ... and its shard made again
    build(settings)
    stored = fragments(settings.output)
    edited = f"/articles/{record.stem}.html"
    assert "زنوبيا" in stored[edited]["content"]
    assert f"/articles/{other.name}" in stored and other.is_file()
    assert len(stored) == len(list(settings.output.glob("articles/*.html")))


def test_a_shard_left_incomplete_is_indexed_again_not_written_into(tmp_path):
    settings = copy_project(tmp_path)
    build(settings)
    shard = settings.output / "pagefind" / "2024-12"
    (shard / "pagefind-entry.json").unlink()
    kept = {p: p.stat().st_ino for p in shard.rglob("*") if p.is_file()}
    (settings.seeds / "new.txt").write_text(  # a change elsewhere: this shard's key is the same
        next(settings.seeds.glob("002_*.txt")).read_text("utf-8").replace("حلب", "حماة", 1),
        "utf-8",
    )
    build(settings)
    assert (shard / "pagefind-entry.json").is_file()
    # The incomplete shard's old files were dropped, not rewritten in place through their links.
    assert not any(p.exists() and p.stat().st_ino == ino for p, ino in kept.items())


def test_shards_of_another_pagefind_version_are_never_kept(monkeypatch):
    plan = {"2024-11": ["articles/a.html"]}
    indexed = {"articles/a.html": "digest"}
    before = pagefind.shard_keys(plan, indexed)
    monkeypatch.setattr(pagefind.metadata, "version", lambda name: "9.9.9")
    assert pagefind.shard_keys(plan, indexed) != before


def test_a_shard_is_indexed_as_soon_as_its_pages_are_made_and_once(tmp_path, monkeypatch):
    started: list[tuple[str, list[str]]] = []

    def run(executable, folders, urls, bundle, name):
        started.append((name, list(urls)))

    monkeypatch.setattr(pagefind, "run_pagefind", run)
    plan = {"2024-05": ["articles/a.html", "articles/b.html"], "2024-04": ["articles/c.html"]}
    with pagefind.Indexing(tmp_path, None, plan, {}) as indexing:
        indexing.made({"articles/a.html": "1"})
        assert indexing.runs == {}  # half a month: not yet
        indexing.made({"articles/b.html": "2"})
        early = indexing.runs["2024-05"]
        # Every page made (c's kept from an earlier build): the rest, and nothing twice.
        indexed = {"articles/a.html": "1", "articles/b.html": "2", "articles/c.html": "3"}
        keys = pagefind.shard_keys(plan, indexed)
        indexing.rest(plan, keys, ["2024-05", "2024-04"])
        assert indexing.runs["2024-05"] is early and "2024-04" in indexing.runs
    assert sorted(started) == [("2024-04", ["articles/c.html"]), ("2024-05", plan["2024-05"])]


def test_a_shard_started_from_pages_since_left_out_is_indexed_again(tmp_path, monkeypatch):
    started: list[tuple[str, list[str]]] = []

    def run(executable, folders, urls, bundle, name):
        (bundle / name).mkdir(parents=True, exist_ok=True)
        (bundle / name / f"{len(urls)}.pf").write_text("", "utf-8")
        started.append((name, list(urls)))

    monkeypatch.setattr(pagefind, "run_pagefind", run)
    plan = {"2024-05": ["articles/a.html", "articles/b.html"], "2024-04": ["articles/c.html"]}
    with pagefind.Indexing(tmp_path, None, plan, {}) as indexing:
        indexing.made({"articles/a.html": "1", "articles/b.html": "2", "articles/c.html": "3"})
        # b's page failed to be made again later and was left out; c's month has gone.
        left = {"2024-05": ["articles/a.html"]}
        keys = pagefind.shard_keys(left, {"articles/a.html": "1"})
        indexing.rest(left, keys, ["2024-05"])
    assert started[-1] == ("2024-05", ["articles/a.html"])
    assert sorted(p.name for p in (tmp_path / "pagefind").rglob("*.pf")) == ["1.pf"]


def test_what_pagefind_reads_of_a_page_is_its_language_and_its_body_only(built_site):
    page = next(built_site.output.glob("articles/*.html")).read_text(encoding="utf-8")
    part = search_page.indexed_part(page)
    assert part.startswith('<html lang="ar" dir="rtl"><article data-pagefind-body>')
    assert '<nav class="pager"' in page and '<nav class="pager"' not in part
    assert "<h1 " in part and "data-pagefind-meta" in part
    assert search_page.indexed_part("<p>no body marked</p>") == "<p>no body marked</p>"


def shard_files(site: Path) -> dict[str, int]:
    bundle = site / "pagefind"
    return {p.relative_to(bundle).as_posix(): p.stat().st_ino for p in bundle.rglob("*.*")}


def test_a_change_around_the_articles_renders_every_page_and_indexes_nothing(tmp_path):
    """A template's footer or header: every page again, but Pagefind reads none of it."""
    settings = copy_project(tmp_path)
    build(settings)
    before = shard_files(settings.output)
    base = settings.templates / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>تذييل جديد</p>\n</footer>"))
    report = build(settings)
    pages = list(settings.output.rglob("*.html"))
    assert report.written >= len(pages)
    assert all("تذييل جديد" in p.read_text(encoding="utf-8") for p in pages if p.name != "404.html")
    assert shard_files(settings.output) == before  # the very same files: nothing indexed


def test_a_new_site_title_renders_every_page_and_indexes_nothing(tmp_path):
    """The title is on every page, in the header Pagefind does not read."""
    settings = copy_project(tmp_path)
    build(settings)
    before = shard_files(settings.output)
    toml = settings.root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(settings.title, "أرشيف آخر"), "utf-8")
    settings = load_settings(toml)
    report = build(settings)
    pages = list(settings.output.rglob("*.html"))
    assert report.written >= len(pages)
    assert all("أرشيف آخر" in p.read_text(encoding="utf-8") for p in pages if p.name != "404.html")
    assert shard_files(settings.output) == before


def test_a_change_to_the_indexed_body_indexes_every_shard_again(tmp_path):
    settings = copy_project(tmp_path)
    build(settings)
    before = shard_files(settings.output)
    article = settings.templates / "article.html"
    text = article.read_text()
    article.write_text(text.replace("</header>", "</header>\n<p>كلمةمفتاحيةجديدة</p>", 1))
    build(settings)
    after = shard_files(settings.output)
    months = {name.split("/")[0] for name in before}
    assert {name.split("/")[0] for name in after if before.get(name) != after[name]} == months
    stored = fragments(settings.output)
    assert len(stored) == 5 and all("كلمةمفتاحيةجديدة" in f["content"] for f in stored.values())


def script_constant(name: str) -> str:
    """The literal a `const` of static/search.js is set to."""
    script = (Path(__file__).parent.parent / "templates/static/search.js").read_text("utf-8")
    found = re.search(rf"const {name} = (.+);\n", script)
    assert found, f"search.js no longer defines {name}"
    return found[1]


def test_the_search_page_folds_arabic_as_topic_tagging_does():
    """search.js keeps its own copy of the word folding (sijill/extract/folding.py): they
    must not drift apart."""
    marks = re.compile(script_constant("MARKS").removeprefix("/").removesuffix("/g"))
    table = json.loads(script_constant("FOLD"))

    def script_fold(text: str) -> str:
        text = "".join(table.get(c, c) for c in marks.sub("", unicodedata.normalize("NFKC", text)))
        return "".join(c for c in text.lower() if c.isalnum())

    arabic_letters = [chr(code) for code in (*range(0x0600, 0x0700), *range(0xFB50, 0xFF00))]
    for text in [*arabic_letters, *(w for case in CASES for w in case[:2])]:
        expected = "".join(c for c in normalise(text) if c.isalnum())
        assert script_fold(text) == expected, f"{text!r} (U+{ord(text[0]):04X})"

    clitics = re.compile(script_constant("CLITICS").removeprefix("/^").removesuffix("/"))
    letters = "وفبكلا"
    runs = {"".join(p) for size in range(1, 5) for p in itertools.product(letters, repeat=size)}
    assert {run for run in runs if clitics.fullmatch(run)} == PREFIXES - {""}


def test_a_shard_cut_short_by_a_full_disk_is_refused_not_kept(tmp_path, built_site):
    """Pagefind can exit 0 on a full disk; a shard with an empty or cut file must fail the
    build (the previous site stays), or its key would keep it broken for good."""
    shard = next(p for p in (built_site.output / "pagefind").iterdir() if p.is_dir())
    whole = tmp_path / "whole"
    shutil.copytree(shard, whole)
    pagefind.check_shard(whole, "whole")
    empty = tmp_path / "empty"
    shutil.copytree(shard, empty)
    next(p for p in empty.rglob("*.pf_fragment")).write_bytes(b"")
    with pytest.raises(IndexingError, match="incomplete"):
        pagefind.check_shard(empty, "empty")
    cut = tmp_path / "cut"
    shutil.copytree(shard, cut)
    entry = cut / pagefind.ENTRY
    entry.write_bytes(entry.read_bytes()[:10])
    with pytest.raises(IndexingError, match="without a usable index"):
        pagefind.check_shard(cut, "cut")


def test_an_editors_captions_stay_out_of_the_index_like_the_templates():
    from sijill.site.sanitise import sanitise_markdown

    html = sanitise_markdown("نص المقال.\n\nدبابة مدمرة (أ.ب)\n{: .caption}\n")
    assert '<p class="caption" data-pagefind-ignore><span class="caption-label">' in html
    assert "<p>نص المقال.</p>" in html


def test_an_editors_captions_are_labelled_like_the_templates():
    """A caption in hand-written Markdown reads «صورة: …» as a cleaned one does, unless it
    says so itself; the label is a fixed string added after the cleaning, never the
    editor's HTML."""
    from sijill.site.sanitise import sanitise_markdown

    html = sanitise_markdown(
        "نص **المقال**.\n\nدبابة مدمرة (أ.ب)\n{: .caption}\n\n"
        "صورة أرشيفية لمدخل المدينة\n{: .caption}\n\n"
        '<span class="caption-label">صورة:</span> ليست تعليقًا\n'
    )
    label = '<span class="caption-label">صورة:</span> '
    assert f'<p class="caption" data-pagefind-ignore>{label}دبابة مدمرة (أ.ب)</p>' in html
    assert '<p class="caption" data-pagefind-ignore>صورة أرشيفية لمدخل المدينة</p>' in html
    assert html.count(label) == 2  # one added, and the editor's own span, allowed as any span is
