"""The whole site, output by output, in one explicit order.

Each part of the site (article pages, capture pages, listings, topics,
search, feeds) is a writer that takes the renderer and the entries newest
first. They are listed here rather than registered on import, so a reader sees
everything the site holds in one place, and the order is deliberate: capture
pages are known before the article pages that link to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .archive_pages import write_archive_pages
from .captures import CaptureLink, capture_links, write_captures
from .feeds import write_feeds
from .record import Article
from .render import Entry, Page, Renderer, digest_of, entry_of, make_page, sort_pages
from .search import write_search_page
from .settings import Settings
from .topic_pages import topics_of, write_topic_pages


@dataclass(frozen=True)
class SeedInfo:
    """A seed present in this build: where it is, its hash, how many lines it lost."""

    path: Path
    sha256: str
    removed: int


@dataclass
class SiteInputs:
    """Everything the render stage needs, gathered by the build."""

    settings: Settings
    articles: list[Article]
    seeds: dict[str, SeedInfo]
    fingerprint: str = ""
    previous: dict[str, str] | None = None
    #: Entries of earlier builds by article digest: listings need no article file read.
    entries: dict[str, Entry] | None = None


class PageSource:
    """Entries for every article, and whole pages only for those rendered again."""

    def __init__(self, inputs: SiteInputs) -> None:
        self.locale = inputs.settings.locale
        self.articles = {article.slug: article for article in inputs.articles}
        cached = inputs.entries or {}
        self.entries: dict[str, Entry] = {}
        for article in inputs.articles:
            entry = cached.get(article.digest)
            if entry is None or entry.slug != article.slug:
                entry = entry_of(make_page(article, self.locale))
            self.entries[article.digest] = entry

    def sorted(self) -> list[Entry]:
        return sort_pages(self.entries.values())

    def page(self, entry: Entry) -> Page:
        return make_page(self.articles[entry.slug], self.locale)


def ident(entry: Entry | None) -> tuple[str, str] | None:
    """What an article page shows of a neighbour: its link and title."""
    return None if entry is None else (entry.url, entry.title)


def write_article_pages(
    renderer: Renderer,
    entries: list[Entry],
    source: PageSource,
    links: dict[str, CaptureLink],
    only: Iterable[int] | None = None,
) -> None:
    """One page per article, with its neighbours by date and the line about its capture."""
    for index in range(len(entries)) if only is None else only:
        entry = entries[index]
        newer = entries[index - 1] if index > 0 else None
        older = entries[index + 1] if index + 1 < len(entries) else None
        capture = links.get(entry.slug)
        key = digest_of(entry.cache_key, ident(newer), ident(older), capture)

        def make(
            entry: Entry = entry, newer: Any = newer, older: Any = older, capture: Any = capture
        ) -> Any:
            context = {"page": source.page(entry), "newer": newer, "older": older}
            return "article.html", {**context, "capture": capture}

        renderer.write_lazy(entry.url, key, make)


#: Everything after the article and capture pages, in order.
LISTINGS: tuple[Callable[[Renderer, list[Entry]], None], ...] = (
    write_archive_pages,
    write_topic_pages,
    write_search_page,
    write_feeds,
)


@dataclass(frozen=True)
class Rendered:
    """What a render produced: the outputs with their keys, and the entries by digest."""

    renderer: Renderer
    entries: dict[str, Entry]


def render_site(inputs: SiteInputs, out: Path) -> Rendered:
    """Render every output of the site into `out`."""
    settings = inputs.settings
    renderer = Renderer(
        settings, out, inputs.fingerprint, inputs.previous, {"topics_of": topics_of}
    )
    source = PageSource(inputs)
    entries = source.sorted()
    renderer.copy_static()
    links = capture_links(entries, inputs.seeds)
    write_captures(renderer, entries, inputs.seeds, source.page)
    write_article_pages(renderer, entries, source, links)
    for writer in LISTINGS:
        writer(renderer, entries)
    return Rendered(renderer, source.entries)
