"""File-system helpers shared by the stages: atomic writes, links, and a fast tree walk.

An archive's folders hold tens of thousands of files, and a build must never
leave half a file behind; these are the few ways the program touches them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Container, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import yaml

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not locked against each other
    fcntl = None  # type: ignore[assignment]

#: libyaml's safe loader when the wheel has it: ten times faster, the same values.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str) -> Any:
    """YAML text as plain values (never objects): the data files every build reads, and records."""
    return yaml.load(text, Loader=SAFE_LOADER)


class AliasRefused(ValueError):
    """YAML that uses an anchor (``&name``) or an alias (``*name``) where none is allowed."""


def safe_yaml_without_aliases(text: str) -> Any:
    """`safe_yaml` for text anybody may have written, refusing anchors and aliases.

    An alias repeats a value without writing it out: nine lines of them (an
    "alias bomb") make a value of millions of strings, which then becomes a page
    of megabytes or exhausts memory. Records never need one. Text without ``&``
    or ``*`` cannot hold one, so only the rare record with either is parsed twice.
    """
    if "&" in text or "*" in text:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise AliasRefused("uses YAML anchors or aliases (& or *); write each value out")
    return safe_yaml(text)


def read_umask() -> int:
    """The process's file-creation mask, remembered for `write_beside`; call it while no
    other thread runs (each build does, first).

    Linux shows it in /proc; elsewhere reading it means setting it and setting it back,
    and a process another thread started in between would get the wrong mask.
    """
    global _umask
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            found = [line.split()[1] for line in status if line.startswith("Umask:")]
        _umask = int(found[0], 8)
    except (OSError, IndexError, ValueError):
        _umask = os.umask(0o022)
        os.umask(_umask)
    return _umask


_umask = 0o022
read_umask()


def write_beside(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """A new temporary file beside `path`, filled by `write`; renaming it onto `path` is atomic.

    Nothing is left behind when writing fails. The file gets the mode a plain
    `open` would give it: `mkstemp` makes it private (0600), and a web server
    running as another user could then serve none of the site.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    tmp = write_beside(path, lambda handle: handle.write(data))
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write a file into a folder only this build uses (its fresh staging folder): open, write.

    Nothing else sees that folder, and a build that fails deletes it whole, so
    the temporary file and rename that keep `write_atomically` safe in a live
    folder would only cost time (a tenth of a cold build, a file per page).
    The mode is what the umask gives a plain `open`. A file already at `path`
    (made earlier by this build, or a link into the previous site) is replaced
    by a rename instead, never written through.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        try:
            fd = os.open(path, flags, 0o666)
        except FileNotFoundError:  # its folder's first file: most pages share a folder
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, flags, 0o666)
    except FileExistsError:
        write_atomically(path, data)
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def link_or_copy(source: str | Path, destination: str | Path) -> None:
    """A hard link where the file system has them (free, and the source is never written
    through: outputs are always replaced), else a copy. A symlink is linked as itself."""
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, destination, follow_symlinks=False)


#: How deep `tree_entries` goes below the folder it walks. No archive files its captures
#: this deep (source, year, month, day is four); a tree nested past it is a mistake or an
#: attack, and walking it all would exhaust the stack (or the system's path length).
MAX_DEPTH = 32


def tree_entries(
    folder: str, prefix: str = "", skip: Container[str] = ()
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry below `folder` by its relative name ("a/b.txt"), each folder before its files.

    Folders named in `skip` (relative names) are listed but not entered, and so
    are folders `MAX_DEPTH` levels down (`too_deep` tells which). Folders that are
    symlinks are listed, not entered, and one that cannot be opened (gone,
    unreadable, a name too long) counts as empty, as with `Path.rglob`. Plain
    strings and `os.scandir`: a large archive has tens of thousands of seeds
    and pages, and every build walks them.
    """
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                yield name, entry
                if name not in skip and not too_deep(name) and _is_folder(entry):
                    yield from tree_entries(entry.path, name + "/", skip)
    except OSError:
        return


def too_deep(name: str) -> bool:
    """Whether `tree_entries` lists the entry at `name` without entering it, for its depth."""
    return name.count("/") + 1 >= MAX_DEPTH


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def resolved(path: Path) -> Path | None:
    """`path` with every symlink followed, or None when that cannot be done: a symlink loop
    (which `Path.resolve` reports by raising), or a name the system refuses (a NUL in it).

    Inputs are anybody's files; asking where one leads must never stop a build or the
    watcher of `serve`.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


@contextmanager
def exclusive(path: Path, waiting: Callable[[], object] | None = None) -> Iterator[None]:
    """Hold the lock at `path` through the block, first waiting for whoever holds it.

    Two builds of one project at once (a `serve` rebuilding while an editor
    runs a build) would each apply changes to the other's site and cache. The
    lock is the system's (flock): it goes with the process that held it, even
    one that was killed. `waiting` is called when the lock is taken.
    """
    if fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
