"""The search page, and how the article pages are cut into Pagefind shards.

See `sijill.engine.pagefind` for how the shards are indexed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from ..engine.pagefind import BUNDLE, indexed_digest, indexed_part

__all__ = ["indexed_digest", "indexed_part", "shard_plan", "write_search_page"]
from .page import Entry
from .renderer import Renderer

#: Most pages one shard holds: bounds one Pagefind run's memory (about 100 MB) and time.
SHARD_PAGES = 500


def shard_plan(entries: Iterable[Entry]) -> dict[str, list[str]]:
    """Shard name -> the article pages it indexes, newest shard first.

    A shard's pages depend only on its own month, so a new article never moves
    another month's pages; a month that outgrows `SHARD_PAGES` is split into
    the fewest power-of-two parts (by a hash of the slug) that each fit, so
    its parts stay the same until one of them overflows again.
    """
    months: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        months[entry.month or "undated"].append(entry)
    plan: dict[str, list[str]] = {}
    for month in sorted(months, key=lambda m: (m != "undated", m), reverse=True):
        if len(months[month]) <= SHARD_PAGES:  # the common case: no need to hash its slugs
            plan[month] = sorted(entry.url for entry in months[month])
            continue
        hashes = {
            e.url: int(hashlib.sha256(e.slug.encode()).hexdigest(), 16) for e in months[month]
        }
        parts = 1
        while True:
            shards: dict[int, list[str]] = defaultdict(list)
            for url, number in hashes.items():
                shards[number % parts].append(url)
            if max(len(urls) for urls in shards.values()) <= SHARD_PAGES:
                break
            parts *= 2
        for part in sorted(shards):
            plan[month if parts == 1 else f"{month}-{part + 1}of{parts}"] = sorted(shards[part])
    return plan


def write_search_page(renderer: Renderer, shards: list[str]) -> None:
    """search.html, naming every shard (`shard_plan`'s names, newest first): works with
    the index when search is on, explains itself when not."""
    renderer.write("search.html", "search.html", bundle=f"{BUNDLE}/", shards=shards)
