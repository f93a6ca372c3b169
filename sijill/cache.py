"""The build cache: what the last build saw, so the next one redoes only what changed.

It lives beside the output folder (``.sijill-cache/``) and is safe to delete:
without it the next build is simply a cold one. Anything that could change
every page at once (the templates, site.toml, the program itself) goes into
one fingerprint, and a different fingerprint discards the whole cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import write_atomically, write_beside
from .settings import Settings

CACHE_FORMAT = 2
PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Stamp:
    """Size and modification time: enough to know a file is unchanged without reading it."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp:
        info = path.stat()
        return cls(info.st_size, info.st_mtime_ns)


def hash_tree(paths: list[Path], digest: Any) -> None:
    for path in sorted(paths):
        digest.update(path.as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())


def fingerprint(settings: Settings) -> str:
    """Hash of everything that shapes every page: program, templates, settings."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT}\n{settings!r}".encode())
    code = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml")]
    hash_tree(code, digest)
    if settings.templates.is_dir():
        hash_tree([p for p in settings.templates.rglob("*") if p.is_file()], digest)
    return digest.hexdigest()


@dataclass
class BuildCache:
    """Everything remembered between builds; loaded whole, saved whole."""

    fingerprint: str = ""
    #: seed name -> (stamp, sha256 of its bytes, sha256 of its normalised text, reader's notes)
    seeds: dict[str, tuple[Stamp, str, str, tuple[str, ...]]] = field(default_factory=dict)
    #: article file name -> (stamp, parsed record)
    records: dict[str, tuple[Stamp, Any]] = field(default_factory=dict)
    #: output path -> key of what it was made from
    outputs: dict[str, str] = field(default_factory=dict)
    #: record digest -> listing entry
    entries: dict[str, Any] = field(default_factory=dict)
    #: search shard name -> key of the article pages it was built from
    search: dict[str, str] = field(default_factory=dict)
    #: group of listing pages -> its key and the pages it made (`Renderer.group`)
    groups: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: hash of every input's name, size and time once the records were written
    inputs: str = ""

    @staticmethod
    def location(settings: Settings) -> Path:
        return settings.output.parent / ".sijill-cache" / f"{settings.output.name}.pickle"

    @classmethod
    def load(cls, settings: Settings, current: str) -> BuildCache:
        """The saved cache if it was made with the same fingerprint, else an empty one."""
        try:
            with cls.location(settings).open("rb") as handle:
                cache = pickle.load(handle)  # our own file, beside our own output
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return cls(fingerprint=current)
        if not isinstance(cache, cls) or cache.fingerprint != current:
            return cls(fingerprint=current)
        return cache

    def write_pending(self, settings: Settings) -> PendingCache:
        """The whole cache, in a file beside its place, to be put there once the site is.

        Written while Pagefind indexes on the other cores, and streamed: a large
        archive's cache is tens of megabytes.
        """
        written = write_beside(
            self.location(settings),
            lambda handle: pickle.dump(self, handle, pickle.HIGHEST_PROTOCOL),
        )
        return PendingCache(self, settings, written)


@dataclass(frozen=True)
class PendingCache:
    """A cache written beside its place, put there once the site is."""

    cache: BuildCache
    settings: Settings
    file: Path

    def abandon(self) -> None:
        """After a failure: nothing of this cache is kept."""
        self.file.unlink(missing_ok=True)

    def put_in_place(self, output: str, report: Any) -> None:
        """The cache, then the summary a nothing-changed build reads alone."""
        os.replace(self.file, self.cache.location(self.settings))
        summary = (self.cache.fingerprint, self.cache.inputs, output, report)
        write_atomically(
            summary_location(self.settings), pickle.dumps(summary, pickle.HIGHEST_PROTOCOL)
        )


def summary_location(settings: Settings) -> Path:
    return BuildCache.location(settings).with_suffix(".summary")


def last_build(settings: Settings, current: str) -> tuple[str, str, Any] | None:
    """(inputs, output identity, report) of the last build if made with this fingerprint.

    Read from a small file of its own, so a build that turns out to have
    nothing to do never loads the whole cache of a large archive.
    """
    try:
        with summary_location(settings).open("rb") as handle:
            fingerprint_, inputs, output, report = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return (inputs, output, report) if fingerprint_ == current else None
