"""Stage 5, render the site: article records become static right-to-left HTML.

Every link is relative to the page that carries it, so the output works from
any static server, under any sub-path, and straight from disk. Text from
captures reaches templates only as plain strings and Jinja2 autoescapes it;
the one place HTML is produced outside a template (an article body an editor
rewrote in Markdown) is sanitised with nh3 first.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .bidi import isolate_ltr
from .capture import without_bidi_controls
from .clean import Block
from .display import ShownDate, month_heading, shown_date
from .feeds import write_feeds
from .metadata import PageMetadata
from .record import Article, markdown_to_blocks
from .settings import Settings

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
class Page:
    """An article prepared for templates."""

    slug: str
    title: str
    source: str
    date: ShownDate
    blocks: tuple[Block, ...]
    html: Markup | None
    lead: str
    record: Article = field(repr=False)

    @property
    def url(self) -> str:
        return f"articles/{self.slug}.html"

    @property
    def month(self) -> str | None:
        return self.date.iso[:7] if self.date.iso else None


def sanitise_markdown(body: str) -> Markup:
    """An editor's Markdown, rendered and stripped of anything that could run."""
    html = markdown.markdown(body, extensions=["attr_list"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


def make_page(article: Article, locale: str) -> Page:
    blocks = markdown_to_blocks(article.body)
    html = None if blocks is not None else sanitise_markdown(article.body)
    first = next((b.text for b in blocks or () if b.kind == "paragraph"), "")
    if blocks is None:
        first = nh3.clean(str(html), tags=set()).strip().split("\n")[0]
    lead = first if len(first) <= LEAD_CHARS else first[:LEAD_CHARS].rsplit(" ", 1)[0] + "…"
    meta = article.meta
    date = shown_date(article.date, article.basis, meta.get("date_note"), locale)
    # A hand edit can carry bidi overrides the capture reader would have removed.
    plain = without_bidi_controls
    return Page(
        slug=article.slug,
        title=plain(article.title),
        source=plain(str(meta.get("source", ""))),
        date=date,
        blocks=tuple(Block(b.kind, plain(b.text), b.line) for b in blocks or ()),
        html=Markup(plain(str(html))) if html is not None else None,
        lead=plain(lead),
        record=article,
    )


def sort_pages(pages: Iterable[Page]) -> list[Page]:
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
    pages: list[Page]


def group_by_month(pages: list[Page], locale: str) -> list[MonthGroup]:
    groups = []
    for key, members in groupby(pages, key=lambda p: p.month):
        heading = month_heading(key, locale) if key else "مقالات بلا تاريخ معروف"
        groups.append(MonthGroup(key, heading, list(members)))
    return groups


#: Functions optional parts of the site (topics…) offer to every template, by name.
TEMPLATE_GLOBALS: dict[str, Callable[..., Any]] = {}


class Renderer:
    """Writes pages into one output folder; knows each page's depth to make links relative."""

    def __init__(self, settings: Settings, out: Path) -> None:
        self.settings = settings
        self.out = out
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(settings.templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(TEMPLATE_GLOBALS)
        self.env.globals["metadata"] = PageMetadata(settings, out)
        self.env.filters["ltr"] = isolate_ltr

    def root_for(self, path: str) -> str:
        return "../" * path.count("/")

    def target(self, path: str) -> Path:
        """Where `path` goes; refuses any path that would leave the output folder."""
        target = (self.out / path).resolve()
        if path.startswith("/") or "\\" in path or not target.is_relative_to(self.out.resolve()):
            raise OutputPathError(f"refusing to write {path!r} outside the output folder")
        return target

    def write(self, path: str, template: str, **context: Any) -> None:
        target = self.target(path)
        root = self.root_for(path)
        html = self.env.get_template(template).render(
            site=self.settings,
            root=root,
            path=path,
            absolute=(self.settings.base_url + path) if self.settings.base_url else None,
            **context,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")

    def copy_static(self) -> None:
        static = self.settings.templates / "static"
        if static.is_dir():
            # The bundled font is published only when site.toml asks for it.
            skip = None if self.settings.self_hosted_font else shutil.ignore_patterns("fonts")
            shutil.copytree(static, self.out / "static", dirs_exist_ok=True, ignore=skip)


#: Further outputs (feeds, search, capture pages…) register here and run after the core pages.
Writer = Callable[[Renderer, list[Page]], None]
EXTRA_WRITERS: list[Writer] = []
EXTRA_WRITERS.append(write_feeds)
#: Functions templates may call, registered by the module that owns them (e.g. `provenance`).
TEMPLATE_GLOBALS: dict[str, Callable[..., Any]] = {}


def render_site(settings: Settings, articles: list[Article], out: Path) -> list[Page]:
    """Render every page of the site into `out` (an empty folder)."""
    renderer = Renderer(settings, out)
    pages = sort_pages(make_page(article, settings.locale) for article in articles)
    renderer.copy_static()
    from .archive_pages import write_archive_pages  # here: that module builds on this one

    write_archive_pages(renderer, pages)  # home page, year list, month archives
    for index, page in enumerate(pages):
        newer = pages[index - 1] if index > 0 else None
        older = pages[index + 1] if index + 1 < len(pages) else None
        renderer.write(page.url, "article.html", page=page, newer=newer, older=older)
    for writer in EXTRA_WRITERS:
        writer(renderer, pages)
    return pages
