"""Splitting one long listing into pages of at most `page_size` entries.

Every paginated listing (month archives, the undated group, topic pages) goes
through `paginate`, so each one names its pages, counts them and links them to
their neighbours the same way, and none of them can grow without bound as the
archive does.

Listings are read newest first, but their pages are cut counting from the
oldest entry: the file `page-1.html` holds the oldest entries, `page-2.html`
the next ones, and the front page (the listing's own address) holds whatever
is newer than the last archived page. (A page's `number` is its place in
reading order, so the front page is number 1.) New articles arrive at the
newest end, so one of them changes the front page and nothing else; a page
once archived keeps its URL and its content, so caches, links and the
incremental build's kept files stay valid.

An archive also gains old articles: a capture of 2023 found in 2025. Pages cut
every `page_size` entries would all move by one entry from where it lands to
the front, rewriting half a large topic's pages. So an archived page ends
where its entries say, not where a count says (content-defined cuts, as
deduplicating backup tools cut files into chunks): after an entry whose key
hashes to a mark, once the page holds at least half of `page_size`, and in
any case at `page_size`. An article that lands among archived pages changes
the page it lands on, and the cuts after it meet the old ones again within a
page or two; only when it adds or removes a cut does the page count, which
every page shows, change.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter
from typing import Generic, TypeVar

from ..engine.hashing import Digested

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


def listing_key(listing: ListingPage[Digested], *shown: str | int | None) -> str:
    """What a listing page shows, as one string for `Renderer.needs`: its place among its
    listing's pages, what else it shows (`shown`: plain values) and each entry's digest.

    A topic named by thousands of articles has dozens of pages, each keyed on every build
    in which one of its articles changed. Hashing each page's context value by value
    (`hashing.digest_of`, a Python call per entry) cost a third of a millisecond a page,
    more than all the rest of an edit's listings; the entries' digests are joined in C.
    """
    place = (listing.path, listing.number, listing.count, listing.previous, listing.next, *shown)
    return "\x1f".join([repr(place), *map(attrgetter("digest"), listing.entries)])


def page_path(number: int, count: int, first: str, later: str) -> str:
    """Where the page read `number`th of `count` is written.

    The front page keeps the listing's own address (old links never break);
    the others are named by their place counted from the oldest page, which is
    `later` with n = 1, so a name never moves to other entries as new articles arrive.
    """
    return first if number == 1 else later.replace("{n}", str(count - number + 1))


def cut_points(keys: Sequence[str], size: int) -> list[int]:
    """Where archived pages end in `keys`, oldest first: the index after each page's last entry.

    A page ends after an entry whose key is marked once it holds `least`
    entries, or when it holds `size`; never after the newest entry, so the
    front page is never empty. A cut depends only on the entries since the
    previous one, which is what lets the cuts after an inserted entry fall
    back into step with the old ones.
    """
    least = max(1, size // 2)
    spread = max(2, (size - least) // 2)  # one key in `spread` is marked
    cuts = []
    start = 0
    for index in range(len(keys) - 1):
        length = index - start + 1
        if length >= size or (length >= least and zlib.crc32(keys[index].encode()) % spread == 0):
            cuts.append(index + 1)
            start = index + 1
    return cuts


def paginate(
    entries: Sequence[T],
    size: int,
    first: str,
    later: str,
    key: Callable[[T], str],
    cut: Callable[[list[str], int], list[int]] | None = None,
) -> list[ListingPage[T]]:
    """`entries` newest first, in pages read in that order; `later` names the older pages.

    The archived pages hold from half of `size` to `size` entries each, cut
    from the oldest end by `cut_points` on each entry's `key` (a name that
    stays with the entry, such as its slug); `later` ("2024/11/page-{n}.html")
    names them with n = 1 for the oldest. The front page, `first`, holds the
    1 to `size` newest entries left over. An empty listing still gets its
    front page, so a link to it never leads nowhere. `cut` stands for `cut_points`
    where the caller remembers what it gave for the same keys.
    """
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    oldest_first = list(reversed(entries))
    cuts = (cut or cut_points)([key(entry) for entry in oldest_first], size)
    bounds = [0, *cuts, len(oldest_first)]
    # Reading order: the front page, then the archived pages from the newest to the oldest.
    chunks = [
        tuple(reversed(oldest_first[start:end])) for start, end in reversed(list(pairwise(bounds)))
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
