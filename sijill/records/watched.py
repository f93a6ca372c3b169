"""The input listing `serve` keeps from one build to the next, brought up to date from the
paths its file watcher names instead of a walk that stats every input.

A build learns what changed by comparing every seed's and article's size and time with
the last build's: at 10,000 articles that is 20,000 `stat` calls and their Python, about
a tenth of a second of every preview rebuild. `serve` is told by the system which paths
changed (watchdog's inotify events), so it keeps the listing the last build made
(`Known`) and stats only those paths (`Known.update`). The listing it then hands the
build (`Known.inputs`) is the one a walk would give, entry for entry.

Events are trusted only as far as they can say everything: a folder created, deleted,
moved or whose permissions changed, a path below a folder the listing does not hold, a
root replaced, or anything `update` cannot place, makes it answer "unsure", and the
build walks every input as a build from the command line does. So do the first build,
a build after one that failed, a watcher that lost events (its queue overflowed) and
the polling fallback (`serve`): they hand no list of paths at all.

What the records' walks over the listing gave is kept with it (`Walked`): the captures
found with their sizes and times, in order, and the warnings on the way (`sync.find_seeds`),
and the article files likewise (`sync.record_files`). The next build patches them for the
names changed since, when each of those was and is a plain file (or a hidden one, or a
folder that stays one, which these walks pass over); any other change, or a symlink
anywhere in the table (its target can change with no event naming it), walks again.
"""

from __future__ import annotations

import os
import stat
from bisect import bisect_left, insort
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..config.settings import Settings
from ..engine.cache import Stamp, is_copied
from ..engine.files import too_deep
from .inputs import INPUT_TABLES, Inputs, Plain, input_size

if TYPE_CHECKING:
    from ..engine.warm import Warm


class Info(NamedTuple):
    """What a build reads of an entry's `lstat`: a third of an `os.stat_result`'s memory
    (which holds every field, and its times three ways), kept for 20,000 entries at
    10,000 articles."""

    st_mode: int
    st_size: int
    st_mtime_ns: int


class Stated:
    """An input's entry with the `lstat` taken when it was last listed or named by an event:
    answers as `os.DirEntry` does, for the walks of a build (`sync.find_seeds`,
    `sync.record_files`, `build.input_files`).

    A symlink's target is stat-ed afresh on each call: it can change without an event
    naming the link."""

    __slots__ = ("info", "name", "path")

    def __init__(self, path: str, info: os.stat_result) -> None:
        self.path = path
        self.name = os.path.basename(path)
        self.info = Info(info.st_mode, info.st_size, info.st_mtime_ns)

    def stat(self, *, follow_symlinks: bool = True) -> Info | os.stat_result:
        if follow_symlinks and stat.S_ISLNK(self.info.st_mode):
            return os.stat(self.path)
        return self.info

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        try:
            return stat.S_ISDIR(self.stat(follow_symlinks=follow_symlinks).st_mode)
        except OSError:
            return False


def stated(entry: os.DirEntry[str] | Stated) -> Stated | None:
    """`entry` as a `Stated`, from the `lstat` its walk already took; None if it is gone."""
    if isinstance(entry, Stated):
        return entry
    try:
        return Stated(entry.path, entry.stat(follow_symlinks=False))
    except OSError:
        return None


def roots(settings: Settings) -> tuple[str, str, str]:
    """The folders listed (seeds, articles, templates), as a build names them."""
    return os.fspath(settings.seeds), os.fspath(settings.articles), os.fspath(settings.templates)


class Unsure(Exception):
    """An event `Known.update` cannot turn into the listing a walk would give."""


@dataclass
class Known:
    """Every entry of seeds/, the top of articles/ and the templates' copied files, by
    relative name, as the last build listed them and the events since changed them."""

    roots: tuple[str, str, str]
    #: The same with every link followed: the watcher may report paths in either form.
    real_roots: tuple[str, str, str]
    #: Each root's own `lstat` (mode and inode): a root replaced or made unreadable is a
    #: change of everything below it.
    root_ids: tuple[tuple[int, int] | None, ...]
    seeds: dict[str, Stated]
    articles: dict[str, Stated]
    copied: dict[str, Stated]
    #: What the records' walks gave for the listing as it was (`walked`), by table name,
    #: and the names of each table changed since.
    walks: dict[str, Walked] = field(default_factory=dict)
    touched: dict[str, set[str]] = field(default_factory=dict)
    #: Every input's size and time as `build.input_files` gives them (once asked), and the
    #: entries changed since, by table.
    sizes: dict[str, str] | None = None
    resized: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def of(cls, settings: Settings, listed: Inputs) -> Known:
        """The listing of a build that walked everything."""
        tables = [
            {name: s for name, entry in listing if (s := stated(entry)) is not None}
            for listing in (listed.seeds, listed.articles, listed.copied)
        ]
        where = roots(settings)
        real = tuple(os.path.realpath(root) for root in where)
        return cls(where, real, tuple(root_id(root) for root in where), *tables)  # type: ignore[arg-type]

    def inputs(self) -> Inputs:
        """The listing as `Inputs.list` gives it (order aside, which every reader sorts)."""
        return Inputs(
            list(self.seeds.items()),
            list(self.articles.items()),
            list(self.copied.items()),
            known=self,
        )

    def input_files(self) -> dict[str, str]:
        """`build.input_files` of the listing, kept from the last build and brought up to
        date for the entries changed since; a copy, which the build may add to."""
        if self.sizes is None:
            self.resized.clear()
            self.sizes = {}
            for label, table, wanted in INPUT_TABLES:
                for name, entry in getattr(self, table).items():
                    self.resize(label, name, entry, wanted)
        for table, name in self.resized:
            label, _, wanted = next(t for t in INPUT_TABLES if t[1] == table)
            self.resize(label, name, getattr(self, table).get(name), wanted)
        self.resized.clear()
        return dict(self.sizes)

    def resize(self, label: str, name: str, entry: Stated | None, wanted: str | None) -> None:
        """One entry's size and time in `sizes`, or none when it is not an input (any more)."""
        assert self.sizes is not None
        size = None if entry is None else input_size(name, entry, wanted)
        if size is None:
            self.sizes.pop(label + name, None)
        else:
            self.sizes[label + name] = size

    def walked(
        self,
        table: str,
        plain: Plain,
        walk: Callable[[list[str]], list[tuple[str, Stamp]]],
    ) -> tuple[list[tuple[str, Stamp]], list[str]]:
        """What `walk` gives for `table` ("seeds" or "articles") and the warnings it adds to
        the list it is handed: the last build's result patched for the names changed
        since, when `plain` says each was and is a plain file found with its stamp (True),
        or something the walk passes over without a word (None); else walked afresh."""
        entries = getattr(self, table)
        kept, touched = self.walks.pop(table, None), self.touched.pop(table, set())
        if kept is None or not kept.patch(entries, touched, plain):
            warnings: list[str] = []
            found = walk(warnings)
            links = any(stat.S_ISLNK(entry.info.st_mode) for entry in entries.values())
            kept = None if links else Walked(found, warnings, entries, plain)
            if kept is None:
                return found, warnings
        self.walks[table] = kept
        self.touched[table] = set()
        return kept.found(), kept.warnings

    def update(self, settings: Settings, changed: Collection[str]) -> bool:
        """Bring the listing up to date for the paths in `changed` (absolute, as the watcher
        reported them); False when it cannot be sure it is then what a walk would give."""
        if roots(settings) != self.roots:
            return False
        try:
            for raw in changed:
                self.update_one(os.path.abspath(raw))
        except (Unsure, OSError):
            return False
        return True

    def update_one(self, path: str) -> None:
        for index, root in enumerate(self.roots):
            if path in (root, self.real_roots[index]):
                if root_id(root) != self.root_ids[index]:
                    raise Unsure(path)
                return
        updates = (self.update_tree, self.update_top, self.update_copied)
        names = ("seeds", "articles", "copied")
        for root, real, name, update in zip(
            self.roots, self.real_roots, names, updates, strict=True
        ):
            relative = below(path, root, real)
            if relative is not None:
                table, touched = getattr(self, name), self.touched.setdefault(name, set())
                for changed in update(root, table, relative):
                    touched.add(changed)
                    self.resized.add((name, changed))
                return
        # Outside the listed folders (site.toml, the project's profiles, topics, wording):
        # every build reads those afresh, and no listed entry can change with them.

    @staticmethod
    def update_tree(root: str, table: dict[str, Stated], relative: str) -> list[str]:
        """A path below seeds/: the entry itself and the folders holding it, whose times
        change with what they hold; their names. A walk lists a path only below folders it
        entered."""
        parts = relative.split("/")
        folders = ["/".join(parts[:depth]) for depth in range(1, len(parts))]
        for folder in folders:
            known = table.get(folder)
            if known is None or not stat.S_ISDIR(known.info.st_mode):
                raise Unsure(folder)  # a folder the listing does not hold: a walk decides
            if too_deep(folder):
                return []  # listed, not entered: nothing below it is an entry
        for name in (relative, *folders):
            set_entry(root, table, name)
        return [relative, *folders]

    @staticmethod
    def update_top(root: str, table: dict[str, Stated], relative: str) -> list[str]:
        """A path in articles/: only its top entry is listed (articles are its top files)."""
        top = relative.split("/", 1)[0]
        set_entry(root, table, top)
        return [top]

    @staticmethod
    def update_copied(root: str, table: dict[str, Stated], relative: str) -> list[str]:
        """A path in templates/: listed when it is one of the files published as they are,
        below plain folders not too deep for a walk to enter (those are stat-ed here)."""
        if not is_copied(relative):
            return []  # a template: part of every build's fingerprint, read afresh
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            info = os.lstat(os.path.join(root, folder))
            if not stat.S_ISDIR(info.st_mode):
                raise Unsure(folder)
            if too_deep(folder):
                return []
        set_entry(root, table, relative)
        return [relative]


class Walked:
    """What a walk of one table gave (the files found, by name in order, with their stamps,
    and its warnings), kept to be patched for the names a later build saw change."""

    def __init__(
        self,
        found: list[tuple[str, Stamp]],
        warnings: list[str],
        entries: dict[str, Stated],
        plain: Plain,
    ) -> None:
        self.names = [name for name, _ in found]
        self.stamps = dict(found)
        self.warnings = warnings
        #: The names the walk did not take as `plain` says (warned of, say): a change to
        #: one of them is walked again.
        self.other = {
            name
            for name, entry in entries.items()
            if (name in self.stamps) != (plain(name, entry.info) is True)
            or (name not in self.stamps and plain(name, entry.info) is not None)
        }
        # Patching relies on the order; a walk that gave another is walked again.
        self.usable = len(self.stamps) == len(found) and self.names == sorted(self.names)

    def found(self) -> list[tuple[str, Stamp]]:
        stamps = self.stamps
        return [(name, stamps[name]) for name in self.names]

    def patch(
        self,
        entries: dict[str, Stated],
        touched: set[str],
        plain: Plain,
    ) -> bool:
        """Bring the result up to date for the `touched` names; False when one of them is not
        a change a plain file makes (or was not one before): walk again."""
        if not self.usable or not touched.isdisjoint(self.other):
            return False
        changes: list[tuple[str, Stamp | None]] = []
        for name in touched:
            entry = entries.get(name)
            now = None if entry is None else plain(name, entry.info)
            if now is False:
                return False
            if now is True and entry is not None:
                changes.append((name, Stamp(entry.info.st_size, entry.info.st_mtime_ns)))
            elif name in self.stamps:
                changes.append((name, None))
        for name, stamp in changes:
            self.set(name, stamp)
        return True

    def set(self, name: str, stamp: Stamp | None) -> None:
        if stamp is None:
            del self.stamps[name]
            del self.names[bisect_left(self.names, name)]
            return
        if name not in self.stamps:
            insort(self.names, name)
        self.stamps[name] = stamp


def set_entry(root: str, table: dict[str, Stated], relative: str) -> None:
    """`relative`'s entry as it is now: stat-ed, or gone. A folder that comes or goes, or that
    was one thing and is now another, changes what is below it: unsure."""
    path = os.path.join(root, relative)
    before = table.get(relative)
    was_folder = before is not None and stat.S_ISDIR(before.info.st_mode)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if was_folder:
            raise Unsure(relative) from None
        table.pop(relative, None)
        return
    if stat.S_ISDIR(info.st_mode) != was_folder:
        raise Unsure(relative)
    if was_folder and before is not None and before.info.st_mode != info.st_mode:
        raise Unsure(relative)  # its permissions changed: what can be read below it too
    table[relative] = Stated(path, info)


def below(path: str, root: str, real: str) -> str | None:
    """`path` relative to `root` (as named, or with its links followed: `real`), if below it."""
    for form in (root, real):
        if path.startswith(form + os.sep):
            return path[len(form) + 1 :].replace(os.sep, "/")
    return None


def root_id(root: str) -> tuple[int, int] | None:
    try:
        info = os.lstat(root)
    except OSError:
        return None
    return info.st_mode, info.st_ino


def list_inputs(warm: Warm, settings: Settings, changed: Collection[str] | None) -> Inputs:
    """The inputs for a `serve` build: the last build's listing with the paths in `changed`
    (and the records it wrote) stat-ed again, when `changed` is given (the watcher could
    say every path that changed) and the update is sure of itself; else every input
    walked, as a build from the command line does. The listing is the build's (`warm.listing`)
    until it succeeds (`Warm.keep`, `Warm.warm_up`)."""
    known, warm.known, warm.listing = warm.known, None, None
    written, warm.written = warm.written, ()
    named = None if changed is None else [*changed, *written]
    if isinstance(known, Known) and named is not None and known.update(settings, named):
        warm.listing = known
        return known.inputs()
    listed = Inputs.list(settings)
    warm.listing = Known.of(settings, listed)
    return listed
