"""Splitting one long listing into pages of at most `page_size` entries.

Every paginated listing (month archives, the undated group, topic pages) goes
through `paginate`, so each one names its pages, counts them and links them to
their neighbours the same way, and none of them can grow without bound as the
archive does.
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
    number: int  # 1-based
    count: int  # how many pages the listing has
    entries: tuple[T, ...]
    previous: str | None  # path of the page before (newer entries), if any
    next: str | None  # path of the page after (older entries), if any


def page_path(number: int, first: str, later: str) -> str:
    """Page 1 keeps the listing's own address (old links never break); later ones are numbered."""
    return first if number == 1 else later.replace("{n}", str(number))


def paginate(entries: Sequence[T], size: int, first: str, later: str) -> list[ListingPage[T]]:
    """`entries` in order, cut into pages of `size`; `later` names page n ("2024/11/page-{n}.html").

    An empty listing still gets its first page, so a link to it never leads nowhere.
    """
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    chunks = [tuple(entries[start : start + size]) for start in range(0, len(entries), size)]
    chunks = chunks or [()]
    count = len(chunks)
    return [
        ListingPage(
            path=page_path(number, first, later),
            number=number,
            count=count,
            entries=chunk,
            previous=page_path(number - 1, first, later) if number > 1 else None,
            next=page_path(number + 1, first, later) if number < count else None,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]
