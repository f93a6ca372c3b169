"""The whole site, output by output, in one explicit order.

Each part of the site (article pages, capture pages, listings, topics,
search, feeds) is a writer that takes the renderer and the entries newest
first. They are listed here rather than registered on import, so a reader sees
everything the site holds in one place, and the order is deliberate: capture
pages are known before the article pages that link to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import jinja2

from ..config.settings import Settings
from ..engine.parallel import fork_map
from ..engine.publish import MARKER, MARKER_TEXT
from ..engine.recall import Recall, take_or_make
from ..errors import BUG_ADVICE, BuildFailed, SijillError, described
from ..records.record import Article
from .archive_pages import write_archive_pages
from .capture_pages import (
    CAPTURE_DIR,
    CaptureLink,
    capture_links,
    capture_page_key,
    write_capture_page,
    write_raw_captures,
)
from .feeds import write_feeds
from .page import Entry, Group, Page, SeedInfo, entry_of, make_page, sort_pages
from .renderer import Renderer
from .search_page import indexed_digest, shard_plan, write_search_page
from .topic_pages import topics_of, write_topic_pages


class Failure(NamedTuple):
    """An article that could not be made into pages: its record file (or slug), and why."""

    file: str
    reason: str


@dataclass
class SiteInputs:
    """Everything the render stage needs, gathered by the build."""

    settings: Settings
    articles: list[Article]
    #: The present seed of each article that has one, by the article's slug (`seed_infos`).
    seeds: dict[str, SeedInfo]
    fingerprint: str = ""
    previous: dict[str, str] | None = None
    #: Entries of earlier builds by article digest: listings need no article file read.
    entries: dict[str, Entry] | None = None
    #: The last build's groups of listing pages (`Renderer.group`).
    groups: dict[str, Group] | None = None
    #: The last build's digest of what Pagefind reads of each article page.
    indexed: dict[str, str] | None = None
    #: `serve`'s memory of what the last render's walks gave (`engine.recall`).
    recalled: Recall | None = None


def its_own_fault(error: Exception) -> bool:
    """Whether an exception raised while one article was made into pages is that article's alone.

    A template error, a full disk or one of the build's own errors (an article
    file changed during the build) concerns the whole site, and fails the build
    as before; anything else is what this article's text did to the code.
    """
    return not isinstance(error, SijillError | OSError | jinja2.TemplateError)


class PageSource:
    """Entries for every article, and whole pages only for those rendered again."""

    def __init__(self, inputs: SiteInputs) -> None:
        self.locale = inputs.settings.locale
        self._last: tuple[str, Page] | None = None
        self.articles = {article.slug: article for article in inputs.articles}
        cached = inputs.entries or {}
        self.entries: dict[str, Entry] = {}
        #: Articles that could not be made into an entry, with why: they are left out.
        self.failures: list[Failure] = []
        missing = []
        for article in inputs.articles:
            entry = cached.get(article.digest)
            if entry is None or entry.slug != article.slug:
                missing.append(article)
            else:
                self.entries[article.digest] = entry

        def make_entry(article: Article) -> Entry | str:
            try:
                return entry_of(make_page(article, self.locale))
            except Exception as error:
                if not its_own_fault(error):
                    raise
                return described(error)

        for article, made in zip(missing, fork_map(make_entry, missing, "reading"), strict=True):
            if isinstance(made, str):
                self.failures.append(Failure(article.name, made))
                del self.articles[article.slug]
            else:
                self.entries[article.digest] = made

    def sorted(self) -> list[Entry]:
        return sort_pages(self.entries.values())

    def page(self, entry: Entry) -> Page:
        """The whole page; the article page and the capture page right after it share one."""
        if self._last is None or self._last[0] != entry.slug:
            page = make_page(self.articles[entry.slug], self.locale, entry.topics)
            self._last = (entry.slug, page)
        return self._last[1]


def article_page_key(entries: list[Entry], index: int, links: dict[str, CaptureLink]) -> str:
    """What an article page shows: its record, its neighbours' links and titles, its capture line.

    A neighbour's link and title come from its record, so its digest stands
    for them; every article page of a large archive is keyed on every build.
    """
    newer = entries[index - 1].digest if index > 0 else ""
    older = entries[index + 1].digest if index + 1 < len(entries) else ""
    capture = links.get(entries[index].slug)
    shown = f"{capture.url}\0{capture.removed_text}" if capture else ""
    return f"{entries[index].cache_key}\0{newer}\0{older}\0{shown}"


#: An article page's key, and its capture page's place and key when its seed is present.
PageKeys = tuple[str, tuple[str, str] | None]


def page_keys(
    renderer: Renderer,
    entries: list[Entry],
    present: dict[str, SeedInfo],
    links: dict[str, CaptureLink],
) -> list[PageKeys]:
    """The keys `Renderer.is_current` takes for every article page and capture page.

    Every article of a large archive is keyed on every build (its neighbours may
    have changed). `serve` remembers each article's keys with what they were made
    from (the entry, its neighbours, its capture line and seed's hash: the same
    objects from one build to the next when unchanged), so a rebuild hashes again
    only the pages of the articles an edit touched and of their neighbours.
    """

    def make(index: int, entry: Entry) -> PageKeys:
        article = renderer.key_of(entry.url, article_page_key(entries, index, links))
        capture = capture_page_key(entry, present)
        return article, capture and (capture[0], renderer.key_of(*capture))

    if renderer.recall is None:
        return [make(index, entry) for index, entry in enumerate(entries)]
    keys: list[PageKeys] = []
    last = len(entries) - 1
    for index, entry in enumerate(entries):
        slug = entry.slug
        info = present.get(slug)
        made_from = (
            entry,
            entries[index - 1] if index > 0 else None,
            entries[index + 1] if index < last else None,
            links.get(slug),
            info.sha256 if info is not None else None,
        )
        keys.append(take_or_make(renderer.recall, "article", slug, made_from, make, index, entry))
    return keys


def write_article_page(
    renderer: Renderer, entries: list[Entry], index: int, page: Page, capture: CaptureLink | None
) -> str:
    """One article page, with its neighbours by date and the line about its capture.

    Returns the digest of what Pagefind reads of it, which keys its search shard.
    """
    newer = entries[index - 1] if index > 0 else None
    older = entries[index + 1] if index + 1 < len(entries) else None
    context = {"page": page, "newer": newer, "older": older, "capture": capture}
    return indexed_digest(renderer.render_to(page.url, "article.html", context))


#: Articles rendered by one worker at a time: small enough to balance the cores.
CHUNK = 25


@dataclass(frozen=True)
class Pending:
    """An article whose page, capture page or both must be rendered again."""

    index: int
    article_page: bool
    capture_url: str | None  # the capture page's path, when it must be rendered


def write_article_outputs(
    renderer: Renderer,
    entries: list[Entry],
    source: PageSource,
    present: dict[str, SeedInfo],
    links: dict[str, CaptureLink],
    made: Callable[[dict[str, str]], object] | None = None,
) -> tuple[dict[str, str], list[Failure]]:
    """Every article and capture page: keyed here, rendered on every core when needed.

    Every output's key is worked out first, in this process, so a rebuild
    that changes a few articles of a large archive renders those few without
    starting a worker; workers write their files into the output folder and
    report back only how many, which capture pages lost their seed, and what
    Pagefind would read of each article page they made (by URL, returned), with
    the articles (by slug) that failed and why. `made` hears of each chunk's
    article pages as soon as they and all the chunks before are written.
    """
    pending: list[Pending] = []
    keys = page_keys(renderer, entries, present, links)
    for index, (entry, (article_key, capture)) in enumerate(zip(entries, keys, strict=True)):
        article = not renderer.is_current(entry.url, article_key)
        capture_url = None
        if capture is not None and not renderer.is_current(*capture):
            capture_url = capture[0]
        if article or capture_url:
            pending.append(Pending(index, article, capture_url))

    def render_chunk(chunk: list[Pending]) -> tuple[int, list[str], dict[str, str], list[Failure]]:
        # Counted apart and added by the caller alike in a worker and in this process.
        saved, renderer.rendered = renderer.rendered, 0
        vanished: list[str] = []
        indexed: dict[str, str] = {}
        failed: list[Failure] = []
        try:
            for item in chunk:
                entry = entries[item.index]
                try:
                    page = source.page(entry)
                    if item.article_page:
                        capture = links.get(entry.slug)
                        indexed[entry.url] = write_article_page(
                            renderer, entries, item.index, page, capture
                        )
                    url = item.capture_url
                    info = present.get(entry.slug)
                    findings = info.findings if info is not None else None
                    if url and not write_capture_page(renderer, url, page, findings):
                        vanished.append(url)
                except Exception as error:
                    if not its_own_fault(error):
                        raise
                    failed.append(Failure(entry.slug, described(error)))
            return renderer.rendered, vanished, indexed, failed
        finally:
            renderer.rendered = saved

    chunks = [pending[start : start + CHUNK] for start in range(0, len(pending), CHUNK)]
    digests: dict[str, str] = {}
    failures: list[Failure] = []

    def done(result: tuple[int, list[str], dict[str, str], list[Failure]]) -> None:
        rendered, vanished, indexed, failed = result
        renderer.rendered += rendered
        digests.update(indexed)
        failures.extend(failed)
        for url in vanished:  # the seed went or turned unreadable since it was hashed: no page
            renderer.produced.pop(url, None)
        if made is not None:
            made(indexed)

    # Each chunk is already a worker's worth of pages: two are enough to use two cores.
    fork_map(render_chunk, chunks, "rendering", min_items=2, each=done)
    return digests, failures


@dataclass
class Rendered:
    """A render under way: the renderer (outputs with their keys), the entries by digest, sorted."""

    renderer: Renderer
    entries: dict[str, Entry]
    newest_first: list[Entry]
    #: Whole pages for the articles; let go once every article page is rendered.
    source: PageSource | None
    #: The present seed of each article that has one, by the article's slug.
    present: dict[str, SeedInfo]
    links: dict[str, CaptureLink]
    #: The last build's digests of what Pagefind reads of each article page; once the
    #: article pages are made, this build's (`search.indexed_digest`).
    indexed: dict[str, str]
    #: Articles left out of the site because making their pages failed, by record file.
    failures: list[Failure] = field(default_factory=list)
    #: The search shards planned for a list of entries (`shard_plan`), with that list.
    _plan: tuple[list[Entry], dict[str, list[str]]] | None = field(default=None, repr=False)

    def shard_plan(self) -> dict[str, list[str]]:
        """The search shards of the articles as they stand (`search_page.shard_plan`).

        Planned once for each list of them: the build indexes by the plan and the search
        page names its shards, and planning walks every article (a hundredth of a second
        at 10,000). A list made without articles whose pages failed is planned afresh.
        """
        if self._plan is None or self._plan[0] is not self.newest_first:
            self._plan = (self.newest_first, shard_plan(self.newest_first))
        return self._plan[1]


def start_render(inputs: SiteInputs, out: Path) -> Rendered:
    """A render into `out`: every article's entry, newest first, and no file written yet."""
    settings = inputs.settings
    renderer = Renderer(
        settings,
        out,
        inputs.fingerprint,
        inputs.previous,
        {"topics_of": topics_of},
        inputs.groups,
        inputs.recalled,
    )
    source = PageSource(inputs)
    entries = source.sorted()
    links = capture_links(entries, inputs.seeds, renderer.recall)
    previous = inputs.indexed or {}
    return Rendered(renderer, source.entries, entries, source, inputs.seeds, links, previous)


def render_articles(
    rendered: Rendered, made: Callable[[dict[str, str]], object] | None = None
) -> None:
    """The article and capture pages that changed; then the bodies can go.

    Made before anything else, so the build knows what Pagefind would read
    of every article page (`rendered.indexed`: a page kept as it was keeps
    its digest), and indexes only the shards where that changed while the
    rest of the site is made; `made` hears of article pages as they are written
    (their URLs, with what Pagefind reads of each), so it can start sooner.
    """
    source = rendered.source
    assert source is not None, "every article page is already rendered"
    count = len(source.articles) + len(source.failures)
    rendered.failures = list(source.failures)
    while True:
        digests, failed = write_article_outputs(
            rendered.renderer,
            rendered.newest_first,
            source,
            rendered.present,
            rendered.links,
            made,
        )
        if not failed:
            break
        # Left out; their neighbours' pages are made again, so none links to them.
        leave_out(rendered, source, {slug: reason for slug, reason in failed})
    if rendered.failures and not rendered.newest_first and count > 1:
        file, reason = rendered.failures[0]
        raise BuildFailed(
            f"no article could be made into a page, the first (articles/{file}) with {reason}: "
            f"{BUG_ADVICE}"
        )
    rendered.source = None
    # Every capture page is made: what they needed of the cleaning goes before the cache
    # is written, the build's largest allocation (the dict is the build's own, shared).
    present = rendered.present
    for slug, info in present.items():
        if info.findings is not None:
            present[slug] = replace(info, findings=None)
    last = rendered.indexed
    rendered.indexed = {
        entry.url: digests.get(entry.url) or last.get(entry.url, "")
        for entry in rendered.newest_first
    }


def leave_out(rendered: Rendered, source: PageSource, failed: dict[str, str]) -> None:
    """Take articles whose pages failed out of the site: their entries, and any file made."""
    renderer = rendered.renderer
    for entry in rendered.newest_first:
        if entry.slug not in failed:
            continue
        article = source.articles.pop(entry.slug)
        rendered.failures.append(Failure(article.name, failed[entry.slug]))
        del rendered.entries[entry.digest]
        rendered.links.pop(entry.slug, None)
        for url in (entry.url, f"{CAPTURE_DIR}/{entry.slug}.html"):
            renderer.produced.pop(url, None)
            renderer.target(url).unlink(missing_ok=True)
    rendered.newest_first = [e for e in rendered.newest_first if e.slug not in failed]


def render_pages(rendered: Rendered) -> None:
    """The files beside the article pages: static files, the raw captures, and the marker
    that tells a later build this folder is a site it may replace."""
    rendered.renderer.put_file(MARKER, MARKER_TEXT)
    rendered.renderer.copy_static()
    write_raw_captures(rendered.renderer, rendered.newest_first, rendered.present)


def render_listings(rendered: Rendered) -> None:
    """Render every page that lists articles, in this order: index and months, topics,
    search, feeds."""
    renderer, entries = rendered.renderer, rendered.newest_first
    write_archive_pages(renderer, entries)
    write_topic_pages(renderer, entries)
    write_search_page(renderer, list(rendered.shard_plan()))
    write_feeds(renderer, entries)
