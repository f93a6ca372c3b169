"""The site's files for other programs: the Atom feed, the sitemap, the 404 page, the favicon.

XML is built as an element tree and written by the serializer, never by string
formatting, because titles and leads come from captures. Every time printed
comes from the articles themselves (or SOURCE_DATE_EPOCH), so two builds of
the same records give the same bytes.

Feed decisions:
- Entry ids never change once published: with `base_url` the article's URL,
  otherwise a tag URI (RFC 4151) naming the slug, which is itself permanent.
  The tag's date is fixed, not the article's, so an editor correcting a date
  does not turn an old entry into a new one.
- `updated` is the article's date (stated, inferred or supplied) at midnight
  UTC, or its time when the record has one; `published` is added only for a
  stated date. Articles with no date at all are left out of the feed (a feed
  lists the newest, and an undated article has no place in that order); they
  stay on the home page under their own heading.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup

from ..extract.basis import DateBasis
from .metadata import url_for

if TYPE_CHECKING:
    from .page import Entry as Page
    from .renderer import Renderer

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: The most URLs one sitemap file may list (sitemaps.org protocol).
SITEMAP_URLS = 50_000
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG_AUTHORITY = "sijill.invalid,2024"
FEED_PATH = "feed.xml"
FAVICON = "favicon.ico"


def rfc3339(iso: str) -> str:
    """A record's date or date-time as an Atom time stamp.

    Atom requires an offset that captures never give: a stated time is written
    as if UTC, a bare date as its midnight.
    """
    return f"{iso[:16]}:00Z" if len(iso) > 10 else f"{iso}T00:00:00Z"


def fallback_time() -> str:
    """The feed's time when no article has a date: SOURCE_DATE_EPOCH, else the epoch."""
    seconds = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(renderer: Renderer, page: Page) -> str:
    if renderer.settings.base_url:
        return renderer.settings.base_url + page.url
    return f"tag:{TAG_AUTHORITY}:{page.slug}"


def feed_pages(renderer: Renderer, pages: list[Page]) -> list[Page]:
    """The newest dated articles, as many as site.toml's feed_entries."""
    return [p for p in pages if p.date.iso][: renderer.settings.feed_entries]


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom_feed(renderer: Renderer, pages: list[Page]) -> bytes:
    settings = renderer.settings
    entries = feed_pages(renderer, pages)
    ET.register_namespace("", ATOM)
    a = f"{{{ATOM}}}"
    feed = ET.Element(f"{a}feed", {XML_LANG: settings.language})
    _text(feed, f"{a}id", settings.base_url or f"tag:{TAG_AUTHORITY}:feed")
    _text(feed, f"{a}title", settings.title)
    if settings.description:
        _text(feed, f"{a}subtitle", settings.description)
    times = [rfc3339(p.date.iso) for p in entries if p.date.iso]
    _text(feed, f"{a}updated", max(times) if times else fallback_time())
    author = ET.SubElement(feed, f"{a}author")
    _text(author, f"{a}name", settings.title)
    ET.SubElement(
        feed,
        f"{a}link",
        {"rel": "self", "type": "application/atom+xml", "href": url_for(settings, "", FEED_PATH)},
    )
    ET.SubElement(
        feed,
        f"{a}link",
        {"rel": "alternate", "type": "text/html", "href": url_for(settings, "", "index.html")},
    )
    for page in entries:
        entry = ET.SubElement(feed, f"{a}entry")
        _text(entry, f"{a}id", entry_id(renderer, page))
        _text(entry, f"{a}title", page.title)
        _text(entry, f"{a}updated", rfc3339(page.date.iso or ""))
        if page.date.basis == DateBasis.STATED and page.date.iso:
            _text(entry, f"{a}published", rfc3339(page.date.iso))
        if page.source:
            source_author = ET.SubElement(entry, f"{a}author")
            _text(source_author, f"{a}name", page.source)
        ET.SubElement(
            entry,
            f"{a}link",
            {"rel": "alternate", "type": "text/html", "href": url_for(settings, "", page.url)},
        )
        summary = page.lead
        if page.date.approximate:
            summary = f"{page.date.full} {summary}".strip()
        if summary:
            _text(entry, f"{a}summary", summary)
    return _xml(feed)


def sitemaps(renderer: Renderer, pages: list[Page]) -> dict[str, bytes]:
    """sitemap.xml; past the protocol's SITEMAP_URLS a file, an index of sitemap-N.xml parts."""
    base = renderer.settings.base_url or ""
    ET.register_namespace("", SITEMAP)
    s = f"{{{SITEMAP}}}"
    dated = [p.date.iso[:10] for p in pages if p.date.iso]
    urls = [("index.html", max(dated) if dated else None)]  # as its canonical link says
    urls += [(page.url, page.date.iso[:10] if page.date.iso else None) for page in pages]
    parts = [
        urlset(base, urls[start : start + SITEMAP_URLS])
        for start in range(0, len(urls), SITEMAP_URLS)
    ]
    if len(parts) == 1:
        return {"sitemap.xml": parts[0]}
    files = {f"sitemap-{number}.xml": part for number, part in enumerate(parts, 1)}
    index = ET.Element(f"{s}sitemapindex")
    for name in files:
        _text(ET.SubElement(index, f"{s}sitemap"), f"{s}loc", base + name)
    return {"sitemap.xml": _xml(index), **files}


def urlset(base: str, urls: list[tuple[str, str | None]]) -> bytes:
    """One sitemap file: the bytes `ElementTree` writes for it (indented, with the XML
    declaration), made as text. A build with `base_url` makes the sitemap again every
    time, and 100,000 URLs as elements cost 0.8 s of CPU, as text a sixth of it
    (tests/test_feeds.py compares the two)."""
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP}">']
    for path, lastmod in urls:
        lines.append(f"  <url>\n    <loc>{_escaped(base + path)}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{_escaped(lastmod)}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8", "xmlcharrefreplace")


def _escaped(text: str) -> str:
    """Text as `ElementTree` writes it inside an element."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def write_feeds(renderer: Renderer, pages: list[Page]) -> None:
    """Feed, sitemap, favicon and 404 page."""
    renderer.put_file(FEED_PATH, atom_feed(renderer, pages))
    if renderer.settings.base_url:
        for name, data in sitemaps(renderer, pages).items():
            renderer.put_file(name, data)
    icon = renderer.settings.templates / FAVICON
    if icon.is_file():
        renderer.put_file(FAVICON, icon.read_bytes())
    # A host serves 404.html for any missing path, at any depth, so its links cannot be
    # relative. With base_url they start from the site's path ("/archive/"), which also
    # works on a mirror or a staging host; without it, from the host's root ("/"), where
    # a site that sets no address is taken to live, and its stylesheet comes inline (and
    # in its key, so a CSS edit renders it again) so that it looks right anywhere.
    base_url = renderer.settings.base_url
    stylesheet = renderer.settings.templates / "static/style.css"
    css = None
    if not base_url and stylesheet.is_file():
        css = Markup(stylesheet.read_text(encoding="utf-8").replace("</", "<\\/"))
    root = urlsplit(base_url).path if base_url else "/"
    renderer.write("404.html", "404.html", page_root=root, inline_css=css)
