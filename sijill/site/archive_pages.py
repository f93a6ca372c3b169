"""The home page, the year list and the month archives: an index that scales.

An archive of tens of thousands of captures cannot list them all on one page.
The home page shows only the newest articles; every article has its place on
exactly one month page (`2024/11/index.html` for the newest, then the older
`page-N.html`, numbered from the oldest, which an article newer than theirs
leaves as they are) or on the undated pages; and `archive.html` lists the years
and their months, so it grows with the number of months, never with the number
of articles. Every listing page holds at most `page_size` entries.

All links point at files (`2024/11/index.html`, never `2024/11/`), so the site
works opened from disk as well as from any static server under any sub-path.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ..engine.hashing import group_key
from .display import month_heading
from .page import Entry, slug_of
from .pagination import listing_key, paginate
from .renderer import Renderer


@dataclass(frozen=True)
class MonthLink:
    """What a month page shows of a month, its own or a neighbour: its name and address.

    Not the month's articles: a page's key is made from what it is given, and
    an archived month page must keep its key when articles are added to the month.
    """

    heading: str
    url: str


@dataclass(frozen=True)
class Month:
    """The articles of one month (or of no known date, `key` None), newest first."""

    key: str | None  # "2024-11"
    heading: str  # "نوفمبر 2024" in the site's locale family
    pages: list[Entry]

    @property
    def folder(self) -> str:
        return self.key.replace("-", "/") if self.key else "undated"

    @property
    def url(self) -> str:
        return f"{self.folder}/index.html"

    @property
    def later_pages(self) -> str:
        """How the pages after the front page are named (`paginate`'s pattern)."""
        return f"{self.folder}/page-{{n}}.html"

    @property
    def link(self) -> MonthLink:
        return MonthLink(self.heading, self.url)

    @property
    def cache_key(self) -> str:
        """What a page showing the month depends on: its name and its articles."""
        return "\x1f".join([self.key or "", self.heading, *(page.digest for page in self.pages)])


@dataclass(frozen=True)
class MonthCount:
    """What the year list shows of a month: its name, address and how many articles it holds.

    Not the articles themselves: the year list is made again only when a count
    changes, and its key is not made from every article of the archive.
    """

    heading: str
    url: str
    count: int

    @classmethod
    def of(cls, month: Month) -> MonthCount:
        return cls(month.heading, month.url, len(month.pages))


@dataclass(frozen=True)
class Year:
    """One year of the year list: its months, newest first."""

    year: str
    months: list[MonthCount]

    @property
    def total(self) -> int:
        return sum(month.count for month in self.months)


def months_of(pages: list[Entry], locale: str) -> list[Month]:
    """Month groups of pages already sorted newest first, undated last."""
    months = []
    for key, members in groupby(pages, key=lambda p: p.month):
        heading = month_heading(key, locale) if key else "مقالات بلا تاريخ معروف"
        months.append(Month(key, heading, list(members)))
    return months


def years_of(months: list[Month]) -> list[Year]:
    """Dated months grouped by year, newest first (the order they come in)."""
    dated = [month for month in months if month.key]
    return [
        Year(year, [MonthCount.of(month) for month in members])
        for year, members in groupby(dated, key=lambda m: (m.key or "")[:4])
    ]


def write_archive_pages(renderer: Renderer, pages: list[Entry]) -> None:
    """index.html, archive.html, and every month's (and the undated group's) pages.

    `pages` come newest first, undated last (`render.sort_pages`). The home page
    shows `home_entries` of them, but never more than `page_size`, so that
    `page_size` really is the most entries on any listing page.
    """
    settings = renderer.settings
    months = months_of(pages, settings.locale)
    newest = pages[: min(settings.home_entries, settings.page_size)]
    home = months_of(newest, settings.locale)
    renderer.write("index.html", "index.html", groups=home, total=len(pages))
    undated = next((month for month in months if not month.key), None)
    renderer.write(
        "archive.html",
        "archive.html",
        years=years_of(months),
        undated=MonthCount.of(undated) if undated else None,
        total=len(pages),
    )
    dated = [month for month in months if month.key]
    neighbours: list[tuple[Month, Month | None, Month | None]] = [
        (
            month,
            dated[index - 1] if index > 0 else None,  # the month after (newer)
            dated[index + 1] if index + 1 < len(dated) else None,  # the month before (older)
        )
        for index, month in enumerate(dated)
    ]
    if undated:
        neighbours.append((undated, None, None))
    for month, newer, older in neighbours:
        links = [repr(link and (link.heading, link.url)) for link in (newer, older)]
        with renderer.group(month.url, group_key(links, month.pages)) as changed:
            if changed:
                write_month(renderer, month, newer, older)


def write_month(renderer: Renderer, month: Month, newer: Month | None, older: Month | None) -> None:
    """One month's pages (or the undated group's), linked to the months on either side."""
    size = renderer.settings.page_size
    for listing in paginate(month.pages, size, month.url, month.later_pages, slug_of):
        # The count changes with every new article: only the front page shows it,
        # so an archived page's key, and so its file, stays the same.
        total = len(month.pages) if listing.number == 1 else None
        links = [part for link in (month, newer, older) for part in link_parts(link)]
        if renderer.needs(listing.path, listing_key(listing, "month.html", total, *links)):
            context = {
                "month": month.link,
                "total": total,
                "listing": listing,
                "newer": newer.link if newer else None,
                "older": older.link if older else None,
            }
            renderer.render_to(listing.path, "month.html", context)


def link_parts(month: Month | None) -> tuple[str | None, str | None]:
    """What a month page shows of a month (`MonthLink`), as plain values for its key."""
    return (month.heading, month.url) if month is not None else (None, None)
