"""Stable keys for outputs: what a page or a group of pages is made from, hashed.

A key that matches the last build's lets the renderer keep a file as it is; a
value the hasher cannot see into makes a unique key, so nothing stale is ever kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable
from operator import attrgetter
from types import NoneType
from typing import Any, Protocol


class Digested(Protocol):
    """Anything named by the digest of what it is made from (a listing entry)."""

    @property
    def digest(self) -> str: ...


def group_key(parts: Iterable[str], entries: Iterable[Digested]) -> str:
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
