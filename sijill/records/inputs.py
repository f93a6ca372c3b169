"""What a build reads first, and what it says: the input listing and the report.

Kept apart from the cleaning and the records, which import the whole extraction
pipeline: a build with nothing to do needs only these (the listing to compare
the inputs' sizes and times, the report of the last build to repeat), so it
starts without loading the rest of the program.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ..config.settings import Settings
from ..engine.cache import Stamp, is_copied
from ..engine.files import tree_entries
from ..engine.plain import cacheable

ARTICLE_SUFFIX = ".md"


@cacheable
@dataclass
class Report:
    """What a build did, for the summary line and for tests."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: Seeds that are gone, whose article files are still published.
    orphaned: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published: int = 0
    #: Files this build wrote; the rest of the site was kept from the previous build.
    written: int = 0

    def warn(self, file: str, reason: str) -> None:
        """One line, whatever the file name holds (a newline in a name must not split it)."""
        shown = shown_name(file)
        if not shown.isprintable():  # the usual name is, and is then taken as it is, in C
            shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in shown)
        self.warnings.append(f"{shown}: {reason}")

    def summary(self) -> str:
        """One line whose parts add up: every published article is new, updated, unchanged
        or without its seed (an article file kept after its capture was deleted)."""
        parts = [f"{len(self.new)} new", f"{len(self.updated)} updated"]
        parts.append(f"{len(self.unchanged)} unchanged")
        if self.orphaned:
            parts.append(f"{len(self.orphaned)} without their seed")
        return (
            f"{counted(self.published, 'article')} published: {', '.join(parts)}; "
            f"{counted(len(self.warnings), 'warning')}; {counted(self.written, 'file')} written"
        )


def counted(number: int, noun: str) -> str:
    """`number` `noun`s, or `noun` alone for one: a rebuild after one edit often writes one file."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Entry(Protocol):
    """A listed input as a build reads it: an `os.DirEntry`, or `serve`'s `watched.Stated`."""

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    def stat(self, *, follow_symlinks: bool = True) -> Stat: ...
    def is_dir(self, *, follow_symlinks: bool = True) -> bool: ...


class Stat(Protocol):
    """What a build reads of an entry's `stat`: an `os.stat_result`, or `watched.Info`."""

    @property
    def st_mode(self) -> int: ...
    @property
    def st_size(self) -> int: ...
    @property
    def st_mtime_ns(self) -> int: ...


#: How a walk over a table takes one entry (`sync.plain_seed`): found (True), passed over
#: without a word (None), or otherwise (False).
Plain = Callable[[str, Stat], "bool | None"]


class KeptListing(Protocol):
    """The listing `serve` keeps between builds (`watched.Known`), as a build uses it."""

    def input_files(self) -> dict[str, str]: ...
    def walked(
        self,
        table: str,
        plain: Plain,
        walk: Callable[[list[str]], list[tuple[str, Stamp]]],
    ) -> tuple[list[tuple[str, Stamp]], list[str]]: ...


#: Entries of a folder by relative name, as `tree_entries` lists them.
Listing = list[tuple[str, os.DirEntry[str]]]


@dataclass(frozen=True)
class Inputs:
    """Every entry of seeds/ and the top of articles/, listed once per build.

    The no-op check, the seeds and the records each need every file's size and
    time; an `os.DirEntry` keeps what its one system call returned, so tens of
    thousands of inputs are stat-ed once, not three times.
    """

    seeds: Listing
    articles: Listing
    #: The templates folder's files published as they are (`cache.is_copied`).
    copied: Listing
    #: The listing `serve` keeps from build to build, when it is that one (`watched.Known`).
    known: KeptListing | None = None

    @classmethod
    def list(cls, settings: Settings) -> Inputs:
        try:
            with os.scandir(settings.articles) as entries:
                articles = [(entry.name, entry) for entry in entries]
        except (FileNotFoundError, NotADirectoryError):
            articles = []
        templates = os.fspath(settings.templates)
        copied = [item for item in tree_entries(templates) if is_copied(item[0])]
        return cls(list(tree_entries(os.fspath(settings.seeds))), articles, copied)


#: The tables of `Inputs` whose files a build compares (`build.input_files`): each one's
#: label, and the suffix an input in it must have.
INPUT_TABLES: tuple[tuple[str, str, str | None], ...] = (
    ("seeds/", "seeds", None),
    ("articles/", "articles", ARTICLE_SUFFIX),
    ("templates/", "copied", None),
)


def input_size(name: str, entry: Entry, wanted: str | None) -> str | None:
    """An input file's size and time as the build compares them (`build.input_files`), or
    None when it is not one (`wanted` is the suffix an input of its folder must have) or
    is gone."""
    if wanted and not (name.endswith(wanted) and not entry.is_dir(follow_symlinks=False)):
        return None
    try:
        info = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return None
    return f"{info.st_size}\0{info.st_mtime_ns}"


def shown_name(name: str) -> str:
    """A file name as a warning shows it: bytes that are not UTF-8 as ``\\xc7``, which an editor
    can match against a listing of the folder."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte: shown by its code
        return name
