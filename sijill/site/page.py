"""What a page is made of: an article ready for templates (`Page`), its listing part (`Entry`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from html import unescape as html_text
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

import nh3
from markupsafe import Markup

from ..engine.plain import cacheable
from ..extract.capture import normal_text
from ..extract.decisions import Block
from ..extract.provenance import Findings
from ..records.record import Article, markdown_to_blocks
from ..records.topics import load_topics, tagged_text, topics_in
from .display import ShownDate, shown_date
from .sanitise import sanitise_markdown

EntryT = TypeVar("EntryT", bound="Entry")


#: A group of pages as the build cache keeps it: its key, and the paths it made.
Group = tuple[str, tuple[str, ...]]


LEAD_CHARS = 180


@cacheable
@dataclass(frozen=True)
class Entry:
    """What listings (index, months, topics, feed) need to know of an article.

    Small and derived only from the article file (and the settings and topic
    list, which are part of the build fingerprint), so it is cached between
    builds by the file's digest: a large archive's listings are rebuilt without
    reading thousands of article files.
    """

    slug: str
    title: str
    source: str
    date: ShownDate
    lead: str
    meta: dict[str, Any] = field(repr=False)
    topics: tuple[str, ...]
    digest: str

    # Cached on the entry, whose fields never change: a rebuild of 10,000 articles asked
    # each entry for its URL six times and its month three times (0.02-0.03 s).
    @cached_property
    def url(self) -> str:
        return f"articles/{self.slug}.html"

    @cached_property
    def month(self) -> str | None:
        return self.date.iso[:7] if self.date.iso else None

    @property
    def cache_key(self) -> str:
        """Everything an output built from this entry depends on."""
        return self.digest


@dataclass(frozen=True)
class Page(Entry):
    """An article with its body, for the one page that shows it whole."""

    blocks: tuple[Block, ...] = ()
    html: Markup | None = None
    record: Article | None = field(default=None, repr=False)


def make_page(article: Article, locale: str, topics: tuple[str, ...] | None = None) -> Page:
    """The article ready for templates; `topics` when already known (tagging reads every word)."""
    body = article.body
    blocks = markdown_to_blocks(body)
    html = None if blocks is not None else sanitise_markdown(body)
    first = next((b.text for b in blocks or () if b.kind == "paragraph"), "")
    if blocks is None:
        # Text, not HTML: nh3 leaves `&` as `&amp;`, and every place the lead goes
        # (templates, the feed's serializer, JSON-LD) escapes it once more itself.
        first = html_text(nh3.clean(str(html), tags=set()).strip().split("\n")[0])
    lead = first if len(first) <= LEAD_CHARS else first[:LEAD_CHARS].rsplit(" ", 1)[0] + "…"
    meta = article.meta
    # A hand edit can carry bidi overrides and control characters the capture reader
    # would have removed; they get the same hygiene here.
    plain = normal_text
    note = meta.get("date_note")
    date = shown_date(article.date, article.basis, plain(note) if note else note, locale)
    title = plain(article.title)
    blocks = tuple(Block(b.kind, plain(b.text), b.line) for b in blocks or ())
    html = Markup(plain(str(html))) if html is not None else None
    pairs = [(block.kind, block.text) for block in blocks]
    if topics is None:
        text = tagged_text(title, pairs, None if html is None else str(html))
        topics = tuple(topic.key for topic in topics_in(text, load_topics()))
    return Page(
        slug=article.slug,
        title=title,
        source=plain(str(meta.get("source", ""))),
        date=date,
        lead=plain(lead),
        meta=dict(meta),
        topics=topics,
        digest=article.digest,
        blocks=blocks,
        html=html,
        record=article,
    )


#: The only front matter a listing looks at; the rest stays with the record.
LISTING_META = ("seed",)


def entry_of(page: Page) -> Entry:
    """The listing part of a page, without its body (what the cache keeps, for every article)."""
    meta = {key: page.meta[key] for key in LISTING_META if key in page.meta}
    fields = (page.slug, page.title, page.source, page.date, page.lead, meta)
    return Entry(*fields, page.topics, page.digest)


def sort_pages(pages: Iterable[EntryT]) -> list[EntryT]:
    """Newest first; undated articles last; ties broken by slug so order never wobbles."""
    pages = list(pages)
    dated = sorted(
        (p for p in pages if p.date.iso), key=lambda p: (p.date.iso, p.slug), reverse=True
    )
    undated = sorted((p for p in pages if not p.date.iso), key=lambda p: p.slug)
    return dated + undated


#: What a listing cuts its pages by (`pagination.paginate`): the one name an entry keeps.
#: Fetched in C: every topic asks it of each of its entries on every build (126,000
#: calls at 10,000 articles, a sixth of a second as a Python function).
slug_of: Callable[[Entry], str] = attrgetter("slug")


@dataclass(frozen=True)
class SeedInfo:
    """A seed present in this build: where it is, its hash, how many lines it lost."""

    folder: Path
    name: str
    sha256: str
    removed: int
    #: What its capture page needs of the cleaning, when this build cleaned it already.
    findings: Findings | None = None

    @property
    def path(self) -> Path:
        return self.folder / self.name
