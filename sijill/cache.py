"""The build cache: what the last build saw, so the next one redoes only what changed.

It lives beside the output folder (``.sijill-cache/``) and is safe to delete:
without it the next build is simply a cold one. Anything that could change
every page at once (the templates, site.toml, the program itself) goes into
one fingerprint, and a different fingerprint discards the whole cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import write_atomically
from .parallel import can_fork, workers
from .settings import Settings

CACHE_FORMAT = 2
#: The suffix of the cache's second part: what the last build made.
OUTPUTS = ".outputs"
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
    """Everything remembered between builds: what the last one read, and what it made."""

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
        """The saved cache if both its parts were made with this fingerprint, else an empty one."""
        location = cls.location(settings)
        try:
            with location.open("rb") as handle:  # our own files, beside our own output
                fingerprint_, seeds, records, entries, inputs = pickle.load(handle)
            with location.with_suffix(OUTPUTS).open("rb") as handle:
                made_with, outputs, search, groups = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return cls(fingerprint=current)
        if fingerprint_ != current or made_with != current:
            return cls(fingerprint=current)
        return cls(current, seeds, records, outputs, entries, search, groups, inputs)

    def start_writing(self, settings: Settings) -> PendingCache:
        """Start writing what this build read (seeds, records, entries) beside its place.

        Those are complete once the article pages are made, and pickling them is
        a large archive's longest single step, so a forked copy of the build
        writes them while this process renders the listings. What the build
        made (outputs, search shards) is small, and written by `PendingCache.finish`.
        """
        location = self.location(settings)
        location.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{location.name}.", dir=location.parent)
        read = (self.fingerprint, self.seeds, self.records, self.entries, self.inputs)
        pending = PendingCache(self, settings, [Path(name)])
        pid = os.fork() if can_fork() and workers() > 1 else None
        if pid == 0:  # the copy: write, and leave at once without the parent's clean-up
            status = 1
            try:
                gc.disable()  # collecting would only copy more of the parent's memory
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(read, handle, pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        if pid is None:
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(read, handle, pickle.HIGHEST_PROTOCOL)
            except BaseException:
                pending.abandon()
                raise
        else:
            os.close(fd)
            pending.writer = pid
        return pending


@dataclass
class PendingCache:
    """A cache being written into files beside its place, put there once the site is."""

    cache: BuildCache
    settings: Settings
    files: list[Path]
    #: The forked process writing the first file, until it is waited for.
    writer: int | None = None

    def wait(self) -> None:
        if self.writer is None:
            return
        _, status = os.waitpid(self.writer, 0)
        self.writer = None
        if os.waitstatus_to_exitcode(status) != 0:
            raise OSError(f"could not write the build cache beside {self.files[0].parent}")

    def finish(self) -> None:
        """Write what the build made, and wait for the rest to be written."""
        location = self.cache.location(self.settings).with_suffix(OUTPUTS)
        fd, name = tempfile.mkstemp(prefix=f".{location.name}.", dir=location.parent)
        self.files.append(Path(name))
        made = (self.cache.fingerprint, self.cache.outputs, self.cache.search, self.cache.groups)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(made, handle, pickle.HIGHEST_PROTOCOL)
        self.wait()

    def abandon(self) -> None:
        """After a failure: nothing of this cache is kept."""
        with contextlib.suppress(OSError):  # the failure being reported matters more
            self.wait()
        for file in self.files:
            file.unlink(missing_ok=True)

    def put_in_place(self, output: str, report: Any) -> None:
        """Both parts of the cache, then the summary a nothing-changed build reads alone.

        A build stopped between the two renames leaves parts of two builds: every
        page and shard is checked against its own key, so the next build is
        only slower, never wrong.
        """
        location = self.cache.location(self.settings)
        os.replace(self.files[0], location)
        os.replace(self.files[1], location.with_suffix(OUTPUTS))
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
