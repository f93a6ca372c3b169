"""Search in Debian's Chromium: the real Pagefind index of the seeds, served under /archive/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.static_server import serve_directory
from sijill.commands.build import build
from sijill.extract.arabic import CASES, word_forms, words
from sijill.records.record import read_record
from sijill.site.counts import Forms, counted
from tests.conftest import copy_project
from tests.support.browser import (
    computed_direction,
    record_console_errors,
    record_offorigin_requests,
    run_axe,
)

pytestmark = pytest.mark.browser


#: «نتيجة واحدة»، «نتيجتان»، «3 نتائج»، «11 نتيجة»: what search.js says, by Babel's rules.
RESULTS = Forms("لا نتائج", "نتيجة واحدة", "نتيجتان", "{n} نتائج", "{n} نتيجة", "{n} نتيجة")


def results_count(count: int) -> str:
    return counted(count, RESULTS)


def expected_slugs(settings, query: str) -> set[str]:
    """Slugs of the articles whose body has `query` as a word (captions aside)."""
    (word,) = words(query)
    found = set()
    for path in settings.articles.glob("*.md"):
        article = read_record(path)
        body = article.body.split("\n\n")
        text = " ".join(block for block in body if not block.endswith("{: .caption}"))
        if any(word in word_forms(token) for token in words(text)):
            found.add(article.slug)
    return found


def open_search(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("html[data-search=ready]")


def type_query(page, query: str) -> list[str]:
    """Type like a reader and return the result links, in order."""
    page.fill("#search-q", "")
    page.type("#search-q", query)
    page.wait_for_function(
        "q => document.getElementById('search-status').dataset.query === q",
        arg=query,
    )
    return page.eval_on_selector_all(
        "#search-results a", "els => els.map(e => e.getAttribute('href'))"
    )


@pytest.mark.parametrize("query", ["حلب", "الاسد", "ادلب"])
def test_typing_finds_exactly_the_articles_that_contain_the_word(page, built_site, served, query):
    expected = expected_slugs(built_site, query)
    assert expected  # every query names something in the seeds
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # the browser's own
    errors = record_console_errors(page)
    offsite = record_offorigin_requests(page, served)
    open_search(page, served + "search.html")
    links = type_query(page, query)
    assert {Path(link).stem for link in links} == expected
    assert all(not link.startswith(("/", "http")) for link in links), links
    for link in links:
        response = page.request.get(served + link)
        assert response.status == 200, link
    # Each result shows its title, source, date and a highlighted excerpt.
    first = page.locator("#search-results li").first
    assert first.locator("h2 bdi").inner_text().strip()
    assert first.locator(".meta .source").inner_text().strip()
    assert first.locator(".excerpt mark").count() >= 1
    assert page.inner_text("#search-status") == results_count(len(expected))
    assert not page.is_visible("#search-note")
    assert computed_direction(page, "#search-results") == "rtl"
    assert errors == [] and offsite == []


def test_a_result_shows_source_and_date_exactly_as_the_listings_do(page, built_site, served):
    """The one date component: the same markup (Hijri date, badge, words) as the home page."""
    page.goto(served + "index.html")
    listed = page.eval_on_selector_all(
        "main .entries li",
        "els => Object.fromEntries(els.map(e => "
        "[e.querySelector('a').getAttribute('href'), e.querySelector('.meta').innerHTML]))",
    )
    open_search(page, served + "search.html?q=" + "حميميم")
    page.wait_for_selector("#search-results li")
    results = page.eval_on_selector_all(
        "#search-results li",
        "els => els.map(e => [e.querySelector('a').getAttribute('href'),"
        " e.querySelector('.meta').innerHTML])",
    )
    assert len(results) == 2
    for href, meta in results:
        assert meta == listed[href], href
    metas = page.eval_on_selector_all("#search-results .meta", "els => els.map(e => e.textContent)")
    assert sorted(metas) == sorted(
        [
            "الشرق الأوسط\u00a0· 20 مارس 2025\u00a0· 20 رمضان 1446\u00a0هـ"
            " تاريخ مقدَّر قدّره محرر الأرشيف",
            "عربي21\u00a0· السبت 30 نوفمبر 2024\u00a0· 28 جمادى الأولى 1446\u00a0هـ",
        ]
    )
    assert page.input_value("#search-q") == "حميميم"


def pagefind_slugs(page, query: str) -> set[str]:
    """What the search page finds for `query`: every shard's Pagefind, merged and checked."""
    return {Path(link).stem for link in type_query(page, query)}


def test_pagefind_folds_what_the_normalisation_table_folds(page, served):
    """Pagefind 1.5.2 on its own treats the table's spellings alike, so the index needs no copy."""
    open_search(page, served + "search.html")
    checked = 0
    for query, written, same in CASES:
        found = pagefind_slugs(page, written)
        if same and found:
            assert pagefind_slugs(page, query) == found, (query, written)
            checked += 1
    assert checked >= 3
    aleppo = pagefind_slugs(page, "حلب")
    assert pagefind_slugs(page, "وحلب") == pagefind_slugs(page, "بحلب") == aleppo


# Pagefind's Arabic stemmer also finds words sharing a stem (أرشيف finds أرشيفية), so these
# are furniture words whose stems occur in no article.
@pytest.mark.parametrize(
    ("word", "where"),
    [
        ("المحتوى", "*.html"),  # the skip link
        ("المقال", "*.html"),  # the pager around every article
        ("المواضيع", "*.html"),  # the topics line of every article
        ("التقاطات", "*.html"),  # the footer
        ("المذكورة", "undated-*.html"),  # only in 004's editor's date note
    ],
)
def test_navigation_and_furniture_are_not_indexed(page, built_site, served, word, where):
    pages = list((built_site.output / "articles").glob(where))
    assert pages and all(word in p.read_text(encoding="utf-8") for p in pages)
    for path in built_site.articles.glob("*.md"):
        article = read_record(path)
        assert word not in article.title + article.body  # the word is furniture only
    open_search(page, served + "search.html")
    assert pagefind_slugs(page, word) == set()


def test_headlines_are_result_titles_not_indexed_text(page, served):
    """«بماذا» is only in one headline (and in its neighbours' pager links): the index holds
    bodies only, so it finds nothing, while that headline titles the article's results."""
    open_search(page, served + "search.html")
    assert pagefind_slugs(page, "بماذا") == set()
    type_query(page, "مطلعة")  # a word of that article's body only
    titles = page.eval_on_selector_all("#search-results h2", "els => els.map(e => e.textContent)")
    assert titles == ["لهذه الأسباب زار الأسد موسكو.. بماذا وعد الروس؟"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_has_no_axe_violations(page, served, scheme):
    page.emulate_media(color_scheme=scheme)
    open_search(page, served + "search.html?q=" + "حلب")
    page.wait_for_selector("#search-results li")
    assert run_axe(page) == []


def test_without_javascript_the_page_says_so_and_links_on(browser, served):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served + "search.html?q=" + "حلب")
        assert not page.is_visible("#search-note")  # that one is about opening from disk
        note = page.locator("#search-note-nojs")
        assert note.is_visible()
        assert "JavaScript" in note.inner_text()
        hrefs = note.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert hrefs == ["index.html", "topics.html"]
    finally:
        context.close()


def test_from_disk_the_page_says_it_cannot_search(page, built_site):
    page.goto((built_site.output / "search.html").as_uri())
    page.wait_for_selector("html[data-search=unavailable]")
    assert page.is_visible("#search-note")
    assert "من ملف على القرص" in page.inner_text("#search-note")
    assert not page.is_visible("#search-note-nojs")
    assert page.locator("#search-note a").count() == 2


def test_capture_text_in_results_is_never_markup(page, tmp_path):
    """Pagefind escapes the excerpt except for <mark>; titles and sources go in as text."""
    settings = copy_project(tmp_path, articles=False)
    seed = next(settings.seeds.glob("003_*.txt"))
    attack = "<img src=x onerror=\"document.title='pwned'\">"
    text = seed.read_text(encoding="utf-8")
    text = text.replace(
        "\nالمعارضة السورية تجتاح مدينة حلب", f"\n{attack} المعارضة السورية تجتاح مدينة حلب", 1
    ).replace("\nكما سيطر مقاتلو المعارضة", f"\nزنبق {attack}<b>زنبق</b> كما سيطر مقاتلو المعارضة")
    seed.write_text(text, encoding="utf-8")
    build(settings)
    with serve_directory(settings.output, "/archive/") as base:
        open_search(page, base + "search.html")
        type_query(page, "زنبق")
        result = page.locator("#search-results li")
        assert result.count() == 1
        assert result.locator("img, b").count() == 0
        assert attack in result.locator("h2").inner_text()
        excerpt = result.locator(".excerpt")
        assert attack in excerpt.inner_text() and "<b>" in excerpt.inner_text()
        assert excerpt.locator("mark").count() >= 1
        assert page.title() != "pwned"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["topics.html", "topics/aleppo.html", "index.html"])
def test_topic_pages_and_header_form_have_no_axe_violations(page, served, scheme, path):
    page.emulate_media(color_scheme=scheme)
    page.goto(served + path)
    assert computed_direction(page) == "rtl"
    assert run_axe(page) == []


def test_header_form_leads_to_results_from_any_page(page, served):
    page.goto(served + "topics/aleppo.html")
    page.fill("#site-q", "حميميم")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/archive/search.html?q=*")
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results li").count() == 2


def test_a_common_word_in_a_larger_archive_shows_results_a_batch_at_a_time(page, tmp_path):
    """45 synthetic captures over two months: one word in every article, loaded 20 at a time."""
    from bench.synthetic import write_captures

    settings = copy_project(tmp_path, articles=False)
    write_captures(settings.seeds, 45)
    build(settings)
    shards = list((settings.output / "pagefind").iterdir())
    assert len(shards) >= 2  # the batches are merged across shards
    total = len(list(settings.articles.glob("*.md")))
    with serve_directory(settings.output, "/archive/") as base:
        open_search(page, base + "search.html")
        type_query(page, "التجريبي")  # «هذا هو المقال التجريبي رقم n.»
        assert page.locator("#search-results li").count() == 20
        assert page.inner_text("#search-status").startswith("أول 20 نتيجة")
        more = page.locator("#search-more")
        while more.is_visible():
            shown = page.locator("#search-results li").count()
            more.click()
            page.wait_for_function("!document.getElementById('search-more').disabled")
            assert page.locator("#search-results li").count() > shown
        links = page.eval_on_selector_all(
            "#search-results a", "els => els.map(e => e.getAttribute('href'))"
        )
        synthetic = [link for link in links if "التجريبي" in page.request.get(base + link).text()]
        assert len(synthetic) == len(set(synthetic)) == 45
        assert page.inner_text("#search-status") == results_count(len(links))
        assert len(links) <= total


def test_an_archive_without_articles_says_there_is_nothing_to_search(page, tmp_path):
    settings = copy_project(tmp_path, articles=False)
    for seed in settings.seeds.glob("*.txt"):
        seed.unlink()
    build(settings)
    with serve_directory(settings.output, "/archive/") as base:
        page.goto(base + "search.html?q=" + "حلب")
        page.wait_for_selector("html[data-search=empty]")
        assert page.inner_text("#search-status") == "لا توجد مقالات للبحث فيها بعد."
        assert not page.is_visible("#search-note")


def test_a_word_that_only_shares_a_stem_ranks_below_the_word_itself(page, built_site, served):
    """حماة: Pagefind's stemmer also finds حماية and ranked it first; the city comes first now."""
    open_search(page, served + "search.html")
    links = type_query(page, "حماة")
    stems = [Path(link).stem for link in links]
    assert stems[:1] == sorted(expected_slugs(built_site, "حماة"))
    assert len(stems) > 1, "what only shares the stem is still found, further down"


def hold(page, pattern: str):
    """Requests matching `pattern` wait until the returned function is called: a slow link."""
    held, holding = [], [True]

    def slow(route):
        if holding:
            held.append(route)
        else:
            route.continue_()

    def release():
        holding.clear()
        for route in held:
            route.continue_()

    page.route(pattern, slow)
    return release


def test_a_query_typed_while_the_page_loads_is_kept_and_run(page, built_site, served):
    """On a slow link the script and the index take seconds: what the reader types at once
    is kept and answered when they arrive, and the page never claims search cannot work."""
    release_script = hold(page, "**/static/search.js")
    release_index = hold(page, "**/pagefind/**")
    page.goto(served + "search.html", wait_until="commit")
    page.wait_for_selector("#search-q")
    page.type("#search-q", "حل")  # before the script has even arrived
    assert not page.is_visible("#search-note") and not page.is_visible("#search-note-nojs")
    release_script()
    page.wait_for_selector("html[data-search=loading]")
    page.type("#search-q", "ب")
    page.press("#search-q", "Enter")  # submitting early must not lose it either
    page.wait_for_timeout(400)  # longer than the typing pause: the query has been taken
    assert not page.is_visible("#search-note")  # no «does not work from disk» now
    assert page.inner_text("#search-status").startswith("جارٍ تحميل فهرس البحث…")
    assert page.locator("#search-results li").count() == 0
    assert page.input_value("#search-q") == "حلب"
    release_index()
    page.wait_for_function("document.getElementById('search-status').dataset.query === 'حلب'")
    links = page.eval_on_selector_all(
        "#search-results a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert {Path(link).stem for link in links} == expected_slugs(built_site, "حلب")
    assert page.input_value("#search-q") == "حلب"
    assert "q=" in page.url


def test_excerpts_say_where_they_are_cut(page, built_site, served):
    open_search(page, served + "search.html")
    type_query(page, "حلب")
    excerpts = page.eval_on_selector_all(
        "#search-results li",
        "els => els.map(e => [e.querySelector('a').getAttribute('href'),"
        " e.querySelector('.excerpt').textContent])",
    )
    assert excerpts
    cut = 0
    for href, excerpt in excerpts:
        html = (built_site.output / href).read_text(encoding="utf-8")
        body = re.findall(r'<p id="b\d+">([^<]+)</p>', html)
        words = " ".join(body).split()
        text = excerpt.replace("…\u00a0", "", 1).removesuffix("\u00a0…").split()
        assert excerpt.startswith("…\u00a0") == (words[: len(text)] != text), excerpt
        assert excerpt.endswith("\u00a0…") == (words[-len(text) :] != text), excerpt
        assert not excerpt.lstrip("…\u00a0").startswith(("·", "،")), excerpt
        cut += excerpt.startswith("…") + excerpt.endswith("…")
    assert cut  # 24 words of an article are a cut somewhere


def test_the_search_page_has_one_search_box(page, served):
    page.goto(served + "search.html")
    assert page.locator("input[type=search]").count() == 1
    assert page.locator("form[role=search]").count() == 1
