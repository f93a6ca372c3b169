"""A project's own editorial data, overlaid on the packaged defaults.

`site.toml`'s `[editorial]` table may name a folder of source profiles, a
topics file and a wording file (the reasons readers are shown), relative to
site.toml. Empty, the packaged defaults (`defaults.PROFILES`, `TOPICS`,
`WORDING`) are used alone. Named, the project's data is laid over them, as
trafilatura's `use_config` reads a user file over its defaults:

- a profile file whose `key` is a packaged profile's replaces it; a new key
  adds a source; a `_common.yaml` replaces the packaged common keys it names;
- a topics or wording file replaces, inside each table (`places`, `rules`…),
  the keys it names and adds new ones; a key set to nothing (`key:` or
  `key: null`) removes it.

A build uses one project's data at a time (`using`); the loaders ask
`current()` for what to lay over the defaults and the content's digest at
the time the build started, so a file edited between two builds of one
process (`serve`, tests) is read again.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KINDS = ("profiles", "topics", "wording")


@dataclass(frozen=True)
class Editorial:
    """Where a project keeps its own profiles, topics and wording (None: packaged only)."""

    profiles: Path | None = None
    topics: Path | None = None
    wording: Path | None = None

    def files(self, kind: str) -> list[Path]:
        """The project's files of one kind, in a stable order (none when not named)."""
        path = getattr(self, kind)
        if path is None:
            return []
        if kind == "profiles":
            return sorted(p for p in path.glob("*.yaml") if p.is_file())
        return [path]

    def digest(self, *kinds: str) -> str:
        """A hash of the content of the project's files of these kinds: what they change."""
        digest = hashlib.sha256()
        for kind in kinds:
            digest.update(f"{kind}\0{getattr(self, kind)}\0".encode())
            for path in self.files(kind):
                digest.update(path.name.encode() + b"\0")
                try:
                    digest.update(path.read_bytes())
                except OSError:
                    digest.update(b"\0unreadable")  # the loader reports it, naming the file
                digest.update(b"\0")
        return digest.hexdigest()


@dataclass(frozen=True)
class Active:
    """The project data a build uses, and a digest of each kind as the build found it."""

    editorial: Editorial
    digests: tuple[tuple[str, str], ...]

    def state(self, kind: str) -> tuple[Path | None, str]:
        """(the project's path of this kind or None, its content digest): a loader's cache key."""
        return getattr(self.editorial, kind), dict(self.digests)[kind]


def activate(editorial: Editorial) -> Active:
    return Active(editorial, tuple((kind, editorial.digest(kind)) for kind in KINDS))


_current = activate(Editorial())


def current() -> Active:
    """What the running build lays over the packaged defaults."""
    return _current


@contextlib.contextmanager
def using(editorial: Editorial) -> Iterator[Active]:
    """Use a project's editorial data for the duration of a command, then the previous one."""
    global _current
    previous, _current = _current, activate(editorial)
    try:
        yield _current
    finally:
        _current = previous


def overlay(packaged: Mapping[str, Any], project: Mapping[str, Any]) -> dict[str, Any]:
    """Lay a project's tables over the packaged ones, key by key; a key set to None goes."""
    merged = dict(packaged)
    for table, value in project.items():
        base = packaged.get(table)
        if isinstance(base, Mapping) and isinstance(value, Mapping):
            entries = {**base, **value}
            merged[table] = {key: entry for key, entry in entries.items() if entry is not None}
        else:
            merged[table] = value
    return merged
