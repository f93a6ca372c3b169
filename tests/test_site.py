"""The rendered site: right-to-left Arabic pages, date order, and links that work anywhere."""

from __future__ import annotations

import re

from .sitecheck import html_pages, parse, resolve


def test_every_page_is_rtl_arabic_with_one_h1(site):
    pages = html_pages(site)
    assert len(pages) >= 6
    for page in pages:
        parsed = parse(page)
        assert parsed.html_attrs.get("lang") == "ar", page
        assert parsed.html_attrs.get("dir") == "rtl", page
        assert parsed.h1 == 1, page


def test_index_lists_articles_newest_first_grouped_by_month(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    datetimes = re.findall(r'<time datetime="([^"]+)"', index)
    assert datetimes == sorted(datetimes, reverse=True)
    assert datetimes[0] == "2025-03-20" and len(datetimes) == 5
    # Each month heading links to its month page (a file, so the site works from disk).
    month_link = r'<h2[^>]*><a href="\d{4}/\d{2}/index\.html">([^<]+)</a></h2>'
    headings = re.findall(month_link, index)
    assert headings == ["مارس 2025", "ديسمبر 2024", "نوفمبر 2024"]
    assert index.count('class="estimated"') == 2  # the inferred (002) and supplied (004) dates
    assert "تاريخ مقدَّر" in index and ">29 نوفمبر 2024<" in index


def test_every_link_is_relative_and_resolves(site):
    for page in html_pages(site):
        if page.name == "404.html":  # served at any depth, it links from the host's root
            continue
        for link in parse(page).links:
            target = resolve(site, page, link)
            assert target is not None, f"{page.name}: absolute link {link}"
            assert target.is_relative_to(site.resolve()), f"{page.name}: {link} leaves the site"
            assert target.is_file(), f"{page.name}: {link} leads nowhere"


def test_every_page_but_404_reaches_archive_topics_and_feed(site):
    """The topics list was reachable only from a topic page: every page's footer links it."""
    wanted = {site / "archive.html", site / "topics.html", site / "feed.xml"}
    for page in html_pages(site):
        if page.name != "404.html":  # its links are absolute when base_url is set: see test_feeds
            reached = {resolve(site, page, link) for link in parse(page).links}
            assert wanted <= {t.resolve() for t in reached if t}, page


def test_footer_adds_to_the_menu_rather_than_repeating_it(site):
    """The menu reaches the archive and topics; the footer says what the menu cannot: the
    feed, and that the site neither tracks nor loads anything from elsewhere."""
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        menu = re.search(r'<nav class="site-menu".*?</nav>', text, re.S)
        footer = re.search(r'<footer class="site">.*?</footer>', text, re.S)
        assert menu and footer, page
        in_menu = set(re.findall(r'href="([^"]+)"', menu.group()))
        in_footer = set(re.findall(r'href="([^"]+)"', footer.group()))
        assert in_menu.isdisjoint(in_footer), page
        assert any(link.endswith("feed.xml") for link in in_footer), page
        assert "لا يتتبّع" in footer.group(), page


def test_article_page_structure(site):
    page = next((site / "articles").glob("*alawwal*.html")).read_text(encoding="utf-8")
    assert page.count("<article") == 1
    assert '<time datetime="2024-11-30" class="date">' in page
    assert page.count('<h2 id="b') == 1 and "مباحثات تركية روسية" in page
    assert len(re.findall(r'<p id="b\d+">', page)) == 28
    assert 'href="../index.html"' in page and 'rel="prev"' in page and 'rel="next"' in page
    caption_page = next((site / "articles").glob("*1f20bf5859.html")).read_text(encoding="utf-8")
    assert caption_page.count('class="caption"') == 3


def test_no_request_to_another_origin(site):
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), page
        for script in re.findall(r"<script[^>]*>", text):
            # Data, or the search page's own script from the site itself; nothing inline.
            assert "application/ld+json" in script or re.search(r'src="(\.\./)*static/', script)
