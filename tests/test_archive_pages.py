"""An index that scales: home page, year list, month archives and paginated topic pages.

A synthetic archive of 60 captures (54 dated across five months of two years,
six with no date the capture can support), built with small `home_entries` and
`page_size`, so every listing has to paginate and every rule can be checked
against what the records themselves say.
"""

from __future__ import annotations

import math
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.layouts import Story, alawwal, arabi21_dated, asharq
from sijill.commands.build import build
from sijill.config.settings import Settings, load_settings
from sijill.records.extraction import UNDATED as UNDATED_PROBLEM
from sijill.records.record import read_record
from sijill.site.counts import articles
from sijill.site.pagination import ListingPage, paginate

from .conftest import ROOT
from .sitecheck import html_pages, parse, resolve

HOME_ENTRIES = 4
PAGE_SIZE = 5
# (year, month) -> how many dated articles; 54 in all, over two years.
MONTHS = {(2023, 11): 6, (2023, 12): 12, (2024, 1): 3, (2024, 2): 17, (2024, 11): 16}
UNDATED = 6
ARTICLE_LINK = re.compile(r'href="(?:\.\./)*articles/([^"]+)\.html"')


def story(number: int, year: int = 2024, month: int = 12, day: int = 3) -> Story:
    """A unique article that names Aleppo, so every one of them is on the topic's pages."""
    return Story(
        title=f"خبر الأرشيف رقم {number} عن تطورات الأوضاع في مدينة حلب",
        paragraphs=[
            f"قالت مصادر محلية إن الخبر رقم {number} يتناول ما جرى في مدينة حلب خلال اليوم.",
            f"وأضافت المصادر أن تفاصيل الخبر رقم {number} ستتضح في الأيام المقبلة.",
            "وتابع السكان التطورات عن كثب في الأحياء الشمالية من المدينة.",
        ],
        year=year,
        month=month,
        day=day,
        captions=["صورة من الأرشيف لشارع في المدينة", "صورة أخرى لساحة في المدينة"],
    )


def write_captures(seeds: Path) -> None:
    """54 dated captures in two stated-date layouts, and six that state no date at all."""
    number = 0
    for (year, month), count in MONTHS.items():
        for index in range(count):
            number += 1
            # Articles share days in pairs: order among them must still be stable (by slug).
            item = story(number, year, month, day=1 + index // 2)
            other = story(1000 + number)
            text = alawwal(item) if number % 2 else arabi21_dated(item, other)
            (seeds / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    for _ in range(UNDATED):
        number += 1
        text = asharq(story(number), story(2000 + number))
        (seeds / f"{number:03d}.txt").write_text(text, encoding="utf-8")


def make_archive(root: Path, locale: str, home_entries: int, page_size: int) -> Settings:
    """A project with only the synthetic captures, and the given listing settings."""
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "seeds").mkdir()
    (root / "articles").mkdir()
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    toml = toml.replace('locale = "ar"', f'locale = "{locale}"')
    toml = toml.replace("home_entries = 50", f"home_entries = {home_entries}")
    toml = toml.replace("page_size = 100", f"page_size = {page_size}")
    (root / "site.toml").write_text(toml, encoding="utf-8")
    settings = load_settings(root / "site.toml")
    assert (settings.home_entries, settings.page_size) == (home_entries, page_size)
    write_captures(settings.seeds)
    report = build(settings)
    assert len(report.warnings) == UNDATED and all(undated(w) for w in report.warnings)
    return settings


def undated(warning: str) -> bool:
    """The warning about an untouched record of one of the archive's undated captures."""
    return f": {UNDATED_PROBLEM};" in warning


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_archive(tmp_path_factory.mktemp("archive"), "ar", HOME_ENTRIES, PAGE_SIZE)


@pytest.fixture(scope="module")
def site(archive: Settings) -> Path:
    return archive.output


@pytest.fixture(scope="module")
def records(archive: Settings) -> list[tuple[str | None, str]]:
    """(date, slug) of every article, from the records, in the order readers should see."""
    found = [(read_record(p).date, read_record(p).slug) for p in archive.articles.glob("*.md")]
    dated = sorted(((d, s) for d, s in found if d), reverse=True)
    return dated + sorted((d, s) for d, s in found if not d)


def listed(path: Path) -> list[str]:
    """Slugs of the articles a listing page links to, in page order (inside <main> only)."""
    text = path.read_text(encoding="utf-8")
    main = text[text.index('<main id="main">') : text.index("</main>")]
    return ARTICLE_LINK.findall(main)


def month_pages(site: Path, folder: str) -> list[Path]:
    """A month's pages in reading order: index.html, then page-N.html down to page-1.html."""
    later = sorted(
        (site / folder).glob("page-*.html"),
        key=lambda p: int(p.stem.removeprefix("page-")),
        reverse=True,
    )
    return [site / folder / "index.html", *later]


def rel_links(path: Path, rel: str) -> list[Path]:
    """The files the page's rel="prev" / rel="next" links lead to."""
    links = re.findall(rf'<a href="([^"]+)" rel="{rel}">', path.read_text(encoding="utf-8"))
    return [(path.parent / link).resolve() for link in links]


def test_the_synthetic_archive_is_what_the_test_means(records):
    dated = [d for d, _ in records if d]
    assert len(records) == 60 and len(dated) == sum(MONTHS.values())
    assert {d[:7] for d in dated} == {f"{y}-{m:02d}" for y, m in MONTHS}


def test_home_has_exactly_the_newest_home_entries_in_order(site, records):
    assert listed(site / "index.html") == [slug for _, slug in records[:HOME_ENTRIES]]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="m-1"><a href="2024/11/index.html">نوفمبر 2024</a></h2>' in index
    assert '<a href="archive.html">الأرشيف الكامل حسب السنة والشهر</a>' in index
    assert "(60 مقالًا)" in index


def test_every_dated_article_is_on_exactly_one_month_page_newest_first(site, records):
    seen: dict[str, str] = {}
    for date, slug in records:
        if date is None:
            continue
        folder = f"{date[:4]}/{date[5:7]}"
        in_month = [s for d, s in records if d and d.startswith(date[:7])]
        assert [s for p in month_pages(site, folder) for s in listed(p)] == in_month
        seen.setdefault(slug, folder)
    every_month_page = [p for p in html_pages(site) if re.match(r"\d{4}/", rel(site, p))]
    appearances = [s for p in every_month_page for s in listed(p)]
    assert sorted(appearances) == sorted(seen)  # each dated article once, nothing else


def rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def cut_as_paginate_does(slugs: list[str]) -> list[tuple[str, ...]]:
    """The pages `paginate` makes of these slugs (newest first): the rule its own tests check."""
    return [page.entries for page in paginate(slugs, PAGE_SIZE, "f.html", "p-{n}.html", str)]


def assert_page_sizes(sizes: list[int]) -> None:
    """A front page of 1 to PAGE_SIZE entries, archived pages of half PAGE_SIZE to PAGE_SIZE."""
    assert 1 <= sizes[0] <= PAGE_SIZE, sizes
    assert all(PAGE_SIZE // 2 <= size <= PAGE_SIZE for size in sizes[1:]), sizes


@pytest.mark.parametrize(("folder", "count"), [("2024/02", 17), ("2023/12", 12), ("2024/01", 3)])
def test_month_pages_split_at_page_size_and_link_to_each_other(site, records, folder, count):
    pages = month_pages(site, folder)
    in_month = [s for d, s in records if d and d.startswith(folder.replace("/", "-"))]
    assert len(in_month) == count
    # Cut counting from the oldest, by each article's slug; the front page holds the newest.
    assert [tuple(listed(p)) for p in pages] == cut_as_paginate_does(in_month)
    assert_page_sizes([len(listed(p)) for p in pages])
    assert len(pages) > 1 or count <= PAGE_SIZE
    assert [p.name for p in pages] == [
        "index.html",
        *(f"page-{n}.html" for n in range(len(pages) - 1, 0, -1)),
    ]
    for number, page in enumerate(pages):
        previous = [pages[number - 1].resolve()] if number else []
        following = [pages[number + 1].resolve()] if number + 1 < len(pages) else []
        assert rel_links(page, "prev") == previous, page
        assert rel_links(page, "next") == following, page
        if len(pages) > 1:
            text = page.read_text(encoding="utf-8")
            assert f"الصفحة {number + 1} من {len(pages)}" in text
            assert '<nav class="pagination" aria-label="صفحات ' in text
        # The count changes with every new article, so only the front page says it.
        shown = f"{articles(count)}، الأحدث أولًا" in page.read_text(encoding="utf-8")
        assert shown == (number == 0), page


def test_month_pages_link_to_the_neighbouring_months(site):
    january = (site / "2024/01/index.html").read_text(encoding="utf-8")
    # The words of the article pager: newer first.
    newer = '<a href="../../2024/02/index.html">الشهر الأحدث: فبراير 2024</a>'
    older = '<a href="../../2023/12/index.html">الشهر الأقدم: ديسمبر 2023</a>'
    assert newer in january and older in january
    assert january.index(newer) < january.index(older)
    assert "السابق" not in january.replace("الصفحة السابقة", "")
    assert '<a href="../../archive.html">كل الأشهر</a>' in january
    newest = (site / "2024/11/page-2.html").read_text(encoding="utf-8")
    assert "الشهر الأقدم: فبراير 2024" in newest and "الشهر الأحدث" not in newest
    oldest = (site / "2023/11/index.html").read_text(encoding="utf-8")
    assert "الشهر الأقدم" not in oldest and "الشهر الأحدث: ديسمبر 2023" in oldest
    february = month_pages(site, "2024/02")
    count = len(february)
    newest_archived, oldest = (f.read_text(encoding="utf-8") for f in (february[1], february[-1]))
    assert f"<title>فبراير 2024 (الصفحة 2 من {count}) · " in newest_archived
    assert f"<title>فبراير 2024 (الصفحة {count} من {count}) · " in oldest


def test_year_list_has_every_year_and_month_with_counts(site):
    page = (site / "archive.html").read_text(encoding="utf-8")
    years = re.findall(r'<h2 id="y-(\d{4})">(\d{4}) <span class="count">\(([^)]+)\)', page)
    assert years == [("2024", "2024", "36 مقالًا"), ("2023", "2023", "18 مقالًا")]
    months = re.findall(
        r'<li><a href="(\d{4}/\d{2}/index\.html)">([^<]+)</a> '
        r'<span class="count">\(([^)]+)\)</span></li>',
        page,
    )
    assert months == [
        ("2024/11/index.html", "نوفمبر 2024", "16 مقالًا"),
        ("2024/02/index.html", "فبراير 2024", "17 مقالًا"),
        ("2024/01/index.html", "يناير 2024", "3 مقالات"),
        ("2023/12/index.html", "ديسمبر 2023", "12 مقالًا"),
        ("2023/11/index.html", "نوفمبر 2023", "6 مقالات"),
    ]
    assert '<a href="undated/index.html">مقالات بلا تاريخ معروف</a>' in page
    assert f"({articles(UNDATED)})" in page and "60 مقالًا، حسب السنة والشهر" in page
    # Bounded by months, not articles: the year list links to no article at all.
    assert listed(site / "archive.html") == []


def test_undated_articles_are_on_the_undated_pages(site, records):
    undated = [slug for date, slug in records if date is None]
    pages = month_pages(site, "undated")
    assert [tuple(listed(p)) for p in pages] == cut_as_paginate_does(undated)
    assert len(pages) >= math.ceil(UNDATED / PAGE_SIZE) == 2
    assert_page_sizes([len(listed(p)) for p in pages])
    assert rel_links(pages[0], "next") == [pages[1].resolve()]
    assert rel_links(pages[1], "prev") == [(site / "undated/index.html").resolve()]
    assert "<h1>مقالات بلا تاريخ معروف</h1>" in pages[0].read_text(encoding="utf-8")


def test_topic_pages_paginate(site, records):
    pages = [site / "topics/aleppo.html"]
    while rel_links(pages[-1], "next"):
        (following,) = rel_links(pages[-1], "next")
        pages.append(following)
    assert [tuple(listed(p)) for p in pages] == cut_as_paginate_does([s for _, s in records])
    assert_page_sizes([len(listed(p)) for p in pages])
    assert len(pages) >= math.ceil(len(records) / PAGE_SIZE) == 12
    assert [p.name for p in pages] == [
        "aleppo.html",
        *(f"aleppo-page-{n}.html" for n in range(len(pages) - 1, 0, -1)),
    ]
    assert "60 مقالًا" in pages[0].read_text(encoding="utf-8")
    assert not any("مقالًا" in p.read_text(encoding="utf-8") for p in pages[1:])
    topics = (site / "topics.html").read_text(encoding="utf-8")
    assert '<a href="topics/aleppo.html">حلب</a> <span class="count">(60 مقالًا)' in topics


def test_no_listing_page_exceeds_page_size(site):
    listings = [
        p for p in html_pages(site) if rel(site, p).split("/")[0] not in ("articles", "captures")
    ]
    assert len(listings) > 30
    for page in listings:
        assert len(listed(page)) <= PAGE_SIZE, page


def test_every_link_on_every_page_resolves_to_a_file(site):
    for page in html_pages(site):
        if page.name == "404.html":  # served at any depth, it links from the host's root
            continue
        for link in parse(page).links:
            assert not link.split("#")[0].endswith("/"), f"{rel(site, page)}: folder link {link}"
            target = resolve(site, page, link)
            assert target is not None, f"{rel(site, page)}: absolute link {link}"
            assert target.is_relative_to(site.resolve()), f"{rel(site, page)}: {link} leaves"
            assert target.is_file(), f"{rel(site, page)}: {link} leads nowhere"


def test_syrian_locale_month_names_and_home_bounded_by_page_size(tmp_path):
    """ar_SY names months تشرين الثاني…; home_entries above page_size is held to page_size."""
    settings = make_archive(tmp_path, "ar_SY", home_entries=50, page_size=3)
    site = settings.output
    page = (site / "archive.html").read_text(encoding="utf-8")
    assert '<a href="2024/11/index.html">تشرين الثاني 2024</a>' in page
    assert '<a href="2023/12/index.html">كانون الأول 2023</a>' in page
    assert '<a href="2024/02/index.html">شباط 2024</a>' in page
    assert "نوفمبر" not in page
    assert len(listed(site / "index.html")) == 3
    assert "<h1>تشرين الثاني 2024</h1>" in (site / "2024/11/index.html").read_text("utf-8")


def pages_of(entries: list[str], size: int) -> list[ListingPage[str]]:
    return paginate(entries, size, "t.html", "t-page-{n}.html", str)


def test_paginate_counts_pages_from_the_oldest_and_keeps_an_empty_listing_linkable():
    pages = pages_of([f"entry {n}" for n in range(40)], 6)  # "entry 0" is the newest
    count = len(pages)
    assert [(p.path, p.number, p.count, p.previous, p.next) for p in pages] == [
        (
            "t.html" if n == 1 else f"t-page-{count - n + 1}.html",
            n,
            count,
            None if n == 1 else ("t.html" if n == 2 else f"t-page-{count - n + 2}.html"),
            None if n == count else f"t-page-{count - n}.html",
        )
        for n in range(1, count + 1)
    ]
    assert [e for p in pages for e in p.entries] == [f"entry {n}" for n in range(40)]
    assert 1 <= len(pages[0].entries) <= 6
    assert all(3 <= len(p.entries) <= 6 for p in pages[1:])
    (single,) = pages_of(["a", "b", "c"], 3)
    assert single.entries == ("a", "b", "c") and single.next is None
    (empty,) = pages_of([], 3)
    assert empty.entries == () and empty.count == 1
    with pytest.raises(ValueError):
        pages_of(["a"], 0)


@given(
    st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=120),
    st.integers(min_value=1, max_value=12),
)
def test_paginate_keeps_every_entry_once_in_order_on_bounded_pages(entries, size):
    pages = pages_of(entries, size)
    assert [e for p in pages for e in p.entries] == entries
    assert len(pages[0].entries) <= size and (pages[0].entries or not entries)
    assert all(max(1, size // 2) <= len(p.entries) <= size for p in pages[1:])


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8])
def test_paginate_a_new_newest_entry_changes_only_the_front_page(size):
    """Every archived page stays as it was; or the front page is archived, as it was, and a
    new front page starts with the new entry."""
    entries = [f"entry {n}" for n in range(6 * size + 2)]
    for total in range(1, len(entries)):
        before = pages_of(entries[-total:], size)
        after = pages_of(entries[-total - 1 :], size)
        assert after[0].entries[0] == entries[-total - 1]
        if len(after) == len(before):
            assert after[1:] == before[1:], (size, total)
        else:
            assert len(after) == len(before) + 1 and after[0].entries == (entries[-total - 1],)
            assert after[1].entries == before[0].entries and after[1].path not in {
                p.path for p in before
            }
            assert [(p.path, p.entries) for p in after[2:]] == [
                (p.path, p.entries) for p in before[1:]
            ]


def test_paginate_an_old_entry_arriving_or_leaving_moves_few_pages():
    """A back-dated article changes the page it lands on and seldom more; so does one removed.

    Pages cut every `size` entries would all move from where it lands to the front: about
    half of them. Here the pages older than the change never move, and the cuts after it
    mostly fall back into step with the old ones within a page or two.
    """
    rng = random.Random(7)
    entries = [f"2024-{n:05d}-{rng.getrandbits(40):x}" for n in range(3000)]
    before = pages_of(entries, 100)
    kept = {(p.path, p.entries) for p in before}
    moved = []
    for trial in range(300):
        where = rng.randrange(len(entries) + 1)
        if trial % 2:
            changed = [*entries[:where], f"old-{trial}", *entries[where:]]
        else:
            changed = entries[: max(where - 1, 0)] + entries[where:]
        after = pages_of(changed, 100)
        untouched = set(entries[where:])
        older = [p for p in after[1:] if untouched.issuperset(p.entries)]
        assert all((p.path, p.entries) in kept for p in older)
        if len(after) == len(before):
            moved.append(sum((p.path, p.entries) not in kept for p in after[1:]))
    assert len(moved) > 270  # the page count seldom changes
    moved.sort()
    assert sum(moved) / len(moved) < 1.5 and moved[int(0.95 * len(moved))] <= 3, moved
    assert moved[-1] < len(before) // 2, moved


LISTING = re.compile(r"(\d{4}/\d{2}|undated)/(index|page-\d+)\.html|topics/[a-z0-9-]+\.html")
ARCHIVED = re.compile(r".*page-\d+\.html")


def test_a_new_article_rewrites_front_pages_and_leaves_every_archived_page_alone(tmp_path):
    """One capture newer than all: only the pages that show the newest articles are written.

    With 7 a page, November 2024 (16 articles) and Aleppo (all 60) have archived
    pages and a front page with room left, so their page counts stay the same.
    """
    settings = make_archive(tmp_path, "ar", HOME_ENTRIES, page_size=7)
    site = settings.output
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    before = {path: (file.read_bytes(), file.stat().st_ino) for path, file in files.items()}
    listings = sorted(path for path in before if LISTING.fullmatch(path))
    archived = [path for path in listings if ARCHIVED.fullmatch(path)]
    assert len(archived) > 13 and "topics/aleppo-page-8.html" in archived

    newest = story(61, 2024, 11, day=20)  # numbers 1-60 are taken
    (settings.seeds / "new.txt").write_text(alawwal(newest), encoding="utf-8")
    report = build(settings)
    assert report.new == ["new.txt"] and all(undated(w) for w in report.warnings)

    (slug,) = [s for s in listed(site / "2024/11/index.html") if s.startswith("2024-11-20-")]
    assert listed(site / "2024/11/index.html")[0] == slug == listed(site / "topics/aleppo.html")[0]
    after = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    assert sorted(path for path in after if LISTING.fullmatch(path)) == listings
    # Rewritten: a new file (a new inode), whether or not its bytes changed.
    rewritten = {
        path
        for path, file in after.items()
        if not path.startswith("pagefind/") and before.get(path, (b"", 0))[1] != file.stat().st_ino
    }
    changed = {
        path
        for path, file in after.items()
        if not path.startswith("pagefind/") and before.get(path, (None,))[0] != file.read_bytes()
    }
    assert rewritten == changed  # nothing is rendered again to the same bytes
    assert changed == {
        "index.html",
        "archive.html",
        "topics.html",
        "feed.xml",
        "manifest-sha256.txt",
        "2024/11/index.html",
        "topics/aleppo.html",
        f"articles/{slug}.html",
        f"captures/{slug}.html",
        f"captures/{slug}.txt",
        # The article that was the newest now links to the new one.
        f"articles/{listed(site / '2024/11/index.html')[1]}.html",
    }
    for path in archived:
        assert after[path].read_bytes() == before[path][0], path
    assert report.written == len(changed) < len(archived)


def test_back_dated_and_removed_articles_rebuild_every_listing_page_as_a_fresh_build_would(
    tmp_path,
):
    """The archived pages move when an article lands among them or leaves them: each listing
    page a rebuild keeps must be what a build from nothing makes."""
    settings = make_archive(tmp_path / "kept", "ar", HOME_ENTRIES, page_size=7)
    oldest = story(62, 2023, 11, day=1)  # before every Aleppo article: shifts its archived pages
    (settings.seeds / "old.txt").write_text(alawwal(oldest), encoding="utf-8")
    gone = settings.seeds / "030.txt"
    (article,) = [
        p for p in settings.articles.glob("*.md") if read_record(p).meta["seed"] == gone.name
    ]
    gone.unlink()
    article.unlink()
    report = build(settings)
    assert report.new == ["old.txt"] and all(undated(w) for w in report.warnings)
    shutil.copytree(
        tmp_path / "kept",
        tmp_path / "fresh",
        ignore=shutil.ignore_patterns("_site", ".sijill-cache"),
    )
    fresh = load_settings(tmp_path / "fresh" / "site.toml")
    build(fresh)
    pages = {p.relative_to(settings.output).as_posix() for p in settings.output.rglob("*.html")}
    assert {p.relative_to(fresh.output).as_posix() for p in fresh.output.rglob("*.html")} == pages
    for path in sorted(pages):
        assert (settings.output / path).read_bytes() == (fresh.output / path).read_bytes(), path


def test_a_back_dated_article_rewrites_the_page_it_lands_on_not_every_newer_one(tmp_path):
    """Dated on the archive's first day, it lands on one of the topic's oldest pages.
    Pages cut every `page_size` articles would all move by one from there to the front, and
    each would be written again. (12 a page: the smaller a page, the fewer marked slugs the
    cuts have to fall back into step on.)"""
    settings = make_archive(tmp_path, "ar", HOME_ENTRIES, page_size=12)
    aleppo = sorted(settings.output.glob("topics/aleppo-page-*.html"))
    inodes = {page: page.stat().st_ino for page in aleppo}
    (settings.seeds / "old.txt").write_text(alawwal(story(62, 2023, 11, day=1)), "utf-8")
    assert build(settings).new == ["old.txt"]
    (slug,) = [
        r.slug
        for r in map(read_record, settings.articles.glob("*.md"))
        if r.meta["seed"] == "old.txt"
    ]
    # This archive's slugs leave the page count as it was (else every page says a new count).
    assert sorted(settings.output.glob("topics/aleppo-page-*.html")) == aleppo
    rewritten = [page for page in aleppo if page.stat().st_ino != inodes[page]]
    assert len(aleppo) > 5 and len(rewritten) == 1, rewritten
    assert slug in listed(rewritten[0]) and rewritten[0] != aleppo[-1]


# --- validity and accessibility of the new pages ---------------------------------------------


def new_pages(site: Path) -> list[Path]:
    return [
        site / "index.html",
        site / "archive.html",
        *month_pages(site, "2024/02"),
        *month_pages(site, "undated"),
        site / "topics/aleppo.html",
        site / "topics/aleppo-page-2.html",
    ]


@pytest.mark.vnu
def test_new_pages_are_valid_html(site):
    from tests.support.vnu import check_css, check_html, format_messages, require_vnu

    require_vnu()
    messages = check_html(new_pages(site)) + check_css([site / "static" / "style.css"])
    assert messages == [], format_messages(messages, site)


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    from bench.static_server import serve_directory

    with serve_directory(site, "/archive/") as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("path", ["archive.html", "2024/02/page-2.html"])
def test_archive_and_month_page_have_no_axe_violations(page, served, path):
    from tests.support.browser import computed_direction, run_axe

    page.emulate_media(color_scheme="light")
    page.goto(served + path)
    assert computed_direction(page) == "rtl"
    assert run_axe(page) == []
