"""Topic pages as built from the shipped seeds: grouped list with counts, newest first, links."""

from __future__ import annotations

import re

import pytest


def article_page(site, prefix_slug: str) -> str:
    (path,) = (site / "articles").glob(f"{prefix_slug}*.html")
    return path.read_text(encoding="utf-8")


def topic_links(page: str) -> list[str]:
    nav = re.search(r'<nav class="topics".*?</nav>', page, re.S)
    return re.findall(r'href="\.\./topics/([a-z0-9-]+)\.html"', nav.group(0)) if nav else []


def test_topics_page_is_grouped_with_counts(site):
    page = (site / "topics.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="g-\d">([^<]+)</h2>', page)
    assert headings == ["أماكن", "أشخاص", "منظمات"]
    places, people, organisations = re.split(r'<h2 id="g-\d">', page)[1:]
    assert '<a href="topics/aleppo.html">حلب</a> <span class="count">(4 مقالات)</span>' in places
    assert '<a href="topics/hmeimim.html">حميميم</a> <span class="count">(مقالان)</span>' in places
    assert "vladimir-putin.html" in people and "(مقالان)" in people
    assert "topics/hts.html" in organisations
    assert "qamishli" not in page  # named only in a caption: no topic page, not listed
    assert not (site / "topics" / "qamishli.html").exists()


def test_topic_page_lists_its_articles_newest_first(site):
    page = (site / "topics" / "aleppo.html").read_text(encoding="utf-8")
    links = re.findall(r'<h2 class="headline"><a href="\.\./articles/([^"]+)\.html">', page)
    assert links == [
        "2024-12-06-arabi21-37580c158a",
        "2024-11-30-arabi21-208ffef9a5",
        "2024-11-30-alawwal-32e0af22bd",
        "2024-11-29-asharq-1f20bf5859",
    ]
    dates = re.findall(r'<time datetime="([^"]+)"', page)
    assert dates == sorted(dates, reverse=True)
    putin = (site / "topics" / "vladimir-putin.html").read_text(encoding="utf-8")
    assert re.findall(r'href="\.\./articles/([^"]+)\.html"', putin) == [
        "undated-asharq-c56f2ff849",  # supplied date 2025-03-20, the newest
        "2024-11-29-asharq-1f20bf5859",
    ]


def test_each_article_lists_its_topics_as_links(site):
    putin_letter = topic_links(article_page(site, "undated-asharq"))
    assert {"vladimir-putin", "hmeimim", "tartus", "ahmed-al-sharaa"} <= set(putin_letter)
    assert "aleppo" not in putin_letter and "qamishli" not in putin_letter
    kremlin_call = topic_links(article_page(site, "2024-11-29-asharq"))
    assert {"aleppo", "vladimir-putin", "kremlin"} <= set(kremlin_call)
    assert "hmeimim" not in kremlin_call
    for slug_prefix in ("2024-11-30-arabi21", "2024-12-06-arabi21", "2024-11-30-alawwal"):
        assert "aleppo" in topic_links(article_page(site, slug_prefix))
    # The topics line is outside the indexed article.
    page = article_page(site, "undated-asharq")
    assert page.index("</article>") < page.index('<nav class="topics"')


@pytest.mark.vnu
def test_search_and_topic_pages_are_valid_html(built_site):
    from tests.support.vnu import check_css, check_html, format_messages, require_vnu

    require_vnu()
    site = built_site.output
    files = [
        site / "search.html",
        site / "topics.html",
        site / "topics" / "aleppo.html",
        next((site / "articles").glob("undated-*.html")),
    ]
    messages = check_html(files) + check_css([site / "static" / "style.css"])
    assert messages == [], format_messages(messages, site)
