"""Stage 5, render the site: article records become static right-to-left HTML.

Every link is relative to the page that carries it, so the output works from
any static server, under any sub-path, and straight from disk. Text from
captures reaches templates only as plain strings and Jinja2 autoescapes it;
the one place HTML is produced outside a template (an article body an editor
rewrote in Markdown) is sanitised with nh3 first.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from types import NoneType
from typing import Any, TypeVar

import jinja2
import nh3
from markupsafe import Markup

from .bidi import isolate_ltr
from .capture import without_bidi_controls
from .clean import Block
from .display import ShownDate, month_heading, shown_date
from .files import write_atomically
from .metadata import PageMetadata
from .record import Article, markdown_to_blocks
from .settings import Settings
from .topics import load_topics, tagged_text, topics_in

EntryT = TypeVar("EntryT", bound="Entry")
#: A group of pages as the build cache keeps it: its key, and the paths it made.
Group = tuple[str, tuple[str, ...]]

LEAD_CHARS = 180
ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "a",
    "br",
    "figure",
    "figcaption",
    "hr",
    "bdi",
    "span",
    "code",
}
ALLOWED_ATTRIBUTES = {"*": {"dir", "lang", "class"}, "a": {"href", "title"}}


class OutputPathError(ValueError):
    """A page path that would land outside the output folder (a bug or a hostile name)."""


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

    @property
    def url(self) -> str:
        return f"articles/{self.slug}.html"

    @property
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


def sanitise_markdown(body: str) -> Markup:
    """An editor's Markdown, rendered and stripped of anything that could run."""
    import markdown  # only a body an editor rewrote needs it: most builds never import it

    html = markdown.markdown(body, extensions=["attr_list"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


def make_page(article: Article, locale: str, topics: tuple[str, ...] | None = None) -> Page:
    """The article ready for templates; `topics` when already known (tagging reads every word)."""
    body = article.body
    blocks = markdown_to_blocks(body)
    html = None if blocks is not None else sanitise_markdown(body)
    first = next((b.text for b in blocks or () if b.kind == "paragraph"), "")
    if blocks is None:
        first = nh3.clean(str(html), tags=set()).strip().split("\n")[0]
    lead = first if len(first) <= LEAD_CHARS else first[:LEAD_CHARS].rsplit(" ", 1)[0] + "…"
    meta = article.meta
    date = shown_date(article.date, article.basis, meta.get("date_note"), locale)
    # A hand edit can carry bidi overrides the capture reader would have removed.
    plain = without_bidi_controls
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


@dataclass(frozen=True)
class MonthGroup:
    key: str | None
    heading: str
    pages: list[Entry]


def group_by_month(pages: list[Entry], locale: str) -> list[MonthGroup]:
    groups = []
    for key, members in groupby(pages, key=lambda p: p.month):
        heading = month_heading(key, locale) if key else "مقالات بلا تاريخ معروف"
        groups.append(MonthGroup(key, heading, list(members)))
    return groups


class Renderer:
    """Writes pages into one output folder; knows each page's depth to make links relative.

    Every output is named by a key (a hash of what it is made from); an output
    whose key matches the previous build's is kept as it is instead of being
    rendered again. The build passes as previous only the files the live site
    really holds, and the folder written into starts empty: what is kept stays
    where it is, what is made goes beside it until the build succeeds.
    """

    def __init__(
        self,
        settings: Settings,
        out: Path,
        fingerprint: str = "",
        previous: dict[str, str] | None = None,
        globals_: dict[str, Any] | None = None,
        previous_groups: dict[str, Group] | None = None,
        compiled: Path | None = None,
    ) -> None:
        self.settings = settings
        self.out = out
        self.fingerprint = fingerprint
        self.previous = previous or {}
        self.produced: dict[str, str] = {}
        self.previous_groups = previous_groups or {}
        self.groups: dict[str, Group] = {}
        self._grouping: list[str] | None = None
        self.rendered = 0
        if compiled is not None:
            compiled.mkdir(parents=True, exist_ok=True)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(settings.templates),
            # Templates compiled by an earlier build, checked against their source:
            # compiling them again cost a rebuild a tenth of a second.
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(globals_ or {})
        self.env.globals["metadata"] = PageMetadata(settings, out)
        self.env.filters["ltr"] = isolate_ltr
        self.env.filters["listed_date"] = self.listed_date
        self._dates: dict[ShownDate, Markup] = {}

    def listed_date(self, shown: ShownDate) -> Markup:
        """The `date` macro of `_macros.html`, made once per date shown in listings.

        A listing page of a hundred articles spent half its rendering time
        calling the macro, for dates that recur from page to page; the markup
        stays the template's, only its making is memoised.
        """
        markup = self._dates.get(shown)
        if markup is None:
            macros = self.env.get_template("_macros.html").module
            markup = self._dates[shown] = Markup(macros.date(shown))  # type: ignore[attr-defined]
        return markup

    @contextmanager
    def group(self, name: str, key: str) -> Iterator[bool]:
        """Pages made from one input as a whole (a topic's or a month's articles, in order).

        Yields whether they must be gone through: not when `key` is the last
        build's and every page it made is still there, which are then kept as
        they are. A large archive has thousands of listing pages, and keying
        each of them on every build costs more than the page a new article changes.
        """
        last = self.previous_groups.get(name)
        if last is not None and last[0] == key and all(p in self.previous for p in last[1]):
            for path in last[1]:
                self.produced[path] = self.previous[path]
            self.groups[name] = last
            yield False
            return
        self._grouping = paths = []
        try:
            yield True
        finally:
            self._grouping = None
        self.groups[name] = (key, tuple(paths))

    def root_for(self, path: str) -> str:
        return "../" * path.count("/")

    def target(self, path: str) -> Path:
        """Where `path` goes; refuses any path that would leave the output folder."""
        return self.out.joinpath(*checked_parts(path))

    def is_current(self, path: str, key: str) -> bool:
        """Record `path` as an output of this build; True when its file is already up to date.

        `previous` lists only the files the live site really holds, so no file
        is looked at here.
        """
        checked_parts(path)
        self.produced[path] = key
        if self._grouping is not None:
            self._grouping.append(path)
        return self.previous.get(path) == key

    def write(self, path: str, template: str, **context: Any) -> None:
        """Render a page whose context is cheap to build; its key is derived from the context."""
        key = digest_of(self.fingerprint, path, template, context)
        if not self.is_current(path, key):
            self.render_to(path, template, context)

    def needs(self, path: str, key: str) -> bool:
        """Record `path` as made from `key` (plus the fingerprint); whether it must be rendered.

        For pages whose context is costly to build: the caller builds it only
        when needed, and gives its key as one string of plain values, hashed
        once: a large archive's rebuild keys tens of thousands of pages.
        """
        text = f"{self.fingerprint}\0{path}\0{key}".encode("utf-8", "surrogatepass")
        return not self.is_current(path, hashlib.sha256(text).hexdigest())

    def render_to(self, path: str, template: str, context: dict[str, Any]) -> str:
        """Render and write one page; the page is returned for what else must be read off it."""
        html = self.env.get_template(template).render(
            site=self.settings,
            root=self.root_for(path),
            path=path,
            absolute=(self.settings.base_url + path) if self.settings.base_url else None,
            **context,
        )
        self.put(path, html.encode("utf-8"))
        return html

    def put(self, path: str, data: bytes) -> None:
        """Write one file by replacing it: never through a link into the previous site."""
        self.rendered += 1
        write_atomically(self.target(path), data)

    def put_file(self, path: str, data: bytes) -> None:
        """A file published as bytes (feed, raw capture, manifest): written only if it changed."""
        if not self.is_current(path, hashlib.sha256(data).hexdigest()):
            self.put(path, data)

    def copy_static(self) -> None:
        static = self.settings.templates / "static"
        if not static.is_dir():
            return
        for source in sorted(static.rglob("*")):
            relative = source.relative_to(static)
            # The bundled font is published only when site.toml asks for it.
            wanted = self.settings.self_hosted_font or relative.parts[0] != "fonts"
            if source.is_file() and wanted:
                self.put_file(f"static/{relative.as_posix()}", source.read_bytes())


def checked_parts(path: str) -> list[str]:
    """The folders and file name of an output path, refusing one that leaves the output folder.

    Checked by its parts, not by resolving it: the output folder holds only folders
    this build made, and resolving every one of tens of thousands of paths is slow.
    """
    parts = path.split("/")
    if "\\" in path or "\0" in path or "" in parts or "." in parts or ".." in parts:
        raise OutputPathError(f"refusing to write {path!r} outside the output folder")
    return parts


def slug_of(entry: Entry) -> str:
    """What a listing cuts its pages by (`pagination.paginate`): the one name an entry keeps."""
    return entry.slug


def group_key(parts: Iterable[str], entries: Iterable[Entry]) -> str:
    """The key of a group of listing pages: what they show besides entries, and the entries."""
    # An entry's cache_key is its digest; fetched in C: topics list every article many times over.
    text = "\x1f".join([*parts, *map(attrgetter("digest"), entries)])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def digest_of(*values: Any) -> str:
    """A stable hash of template inputs; anything it cannot see into is never reused."""
    digest = hashlib.sha256()
    _feed(digest, values)
    return digest.hexdigest()


def _feed(digest: Any, value: Any) -> None:
    # Plain values first: a listing page's context is mostly strings, and asking a
    # string for a `cache_key` it cannot have costs more than hashing it.
    if isinstance(value, str | int | float | bool | NoneType):
        digest.update(repr(value).encode("utf-8", "surrogatepass") + b"\0")
        return
    key = getattr(value, "cache_key", None)
    if isinstance(key, str):
        digest.update(b"K" + key.encode())
    elif isinstance(value, list | tuple):
        digest.update(b"[")
        for item in value:
            _feed(digest, item)
        digest.update(b"]")
    elif isinstance(value, dict):
        digest.update(b"{")
        for name in sorted(value, key=repr):
            _feed(digest, name)
            _feed(digest, value[name])
        digest.update(b"}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(type(value).__name__.encode())
        _feed(digest, [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)])
    else:  # unknown: make the key unique, so the page is rendered again rather than stale
        digest.update(os.urandom(16))
