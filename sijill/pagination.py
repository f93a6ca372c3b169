"""Splitting one long listing into pages of at most `page_size` entries.

Every paginated listing (month archives, the undated group, topic pages) goes
through `paginate`, so each one names its pages, counts them and links them to
their neighbours the same way, and none of them can grow without bound as the
archive does.

Listings are read newest first, but their pages are cut counting from the
oldest entry: the file `page-1.html` holds the oldest `page_size` entries,
`page-2.html` the next ones, and the front page (the listing's own address)
holds whatever is newer than the last full page. (A page's `number` is its
place in reading order, so the front page is number 1.) New articles arrive at
the newest end, so one of them changes the front page and nothing else; a page
once archived keeps its URL and its content, so caches, links and the
incremental build's kept files stay valid. Only when the front page is full
does an addition start a new archived page, and then the page count every page
shows changes with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    """One page of a listing: where it is written, its entries, and its neighbours.

    Paths are relative to the site root, like `Page.url`; templates put `root`
    in front, so the links work from disk and under any sub-path.
    """

    path: str
    number: int  # 1-based position in reading order: 1 is the front page
    count: int  # how many pages the listing has
    entries: tuple[T, ...]
    previous: str | None  # path of the page before (newer entries), if any
    next: str | None  # path of the page after (older entries), if any

    @property
    def cache_key(self) -> str | None:
        """Everything the page shows, when every entry has a key (see `render.digest_of`).

        A large archive has thousands of listing pages of a hundred entries
        each, keyed on every build: one joined string is far cheaper to hash
        than the entries one by one.
        """
        keys = [getattr(entry, "cache_key", None) for entry in self.entries]
        if not all(isinstance(key, str) for key in keys):
            return None
        place = (self.path, self.number, self.count, self.previous, self.next)
        return "\x1f".join([repr(place), *keys])


def page_path(number: int, count: int, first: str, later: str) -> str:
    """Where the page read `number`th of `count` is written.

    The front page keeps the listing's own address (old links never break);
    the others are named by their place counted from the oldest page, which is
    `later` with n = 1, so a name never moves to other entries as the listing grows.
    """
    return first if number == 1 else later.replace("{n}", str(count - number + 1))


def paginate(entries: Sequence[T], size: int, first: str, later: str) -> list[ListingPage[T]]:
    """`entries` newest first, in pages read in that order; `later` names the older pages.

    The older pages hold exactly `size` entries each, counted from the oldest
    end; `later` ("2024/11/page-{n}.html") names them with n = 1 for the oldest.
    The front page, `first`, holds the 1 to `size` newest entries left over.
    An empty listing still gets its front page, so a link to it never leads nowhere.
    """
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    total = len(entries)
    archived = max(total - 1, 0) // size  # full pages below the front page
    front = total - archived * size
    # Reading order: the front page, then the archived pages from the newest to the oldest.
    chunks = [tuple(entries[:front])] + [
        tuple(entries[start : start + size]) for start in range(front, total, size)
    ]
    count = len(chunks)
    return [
        ListingPage(
            path=page_path(number, count, first, later),
            number=number,
            count=count,
            entries=chunk,
            previous=page_path(number - 1, count, first, later) if number > 1 else None,
            next=page_path(number + 1, count, first, later) if number < count else None,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]
