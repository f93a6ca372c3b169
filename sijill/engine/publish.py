"""Putting a build of the site in place: all of its changes, or none of them.

Pages are rendered into a staging folder beside the output, and nothing in the
output folder changes until the build has succeeded. Then one of two things
happens:

- A build that made every page (the first one, or after the templates, the
  settings or the program changed, or the cache was deleted) takes the
  output's place whole, with two renames.
- A rebuild stages only the files it made again. The changes (files to move
  in, files to delete) are first written down in the staging folder, then
  applied, each one a rename or an unlink. If the process dies while applying
  them, the list stays behind and the next build finishes the job before it
  does anything else.

So adding one article to an archive of tens of thousands costs that
article's pages, not a link for every file of the site.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InterruptedWhilePublishing, PartlyPublished
from .files import read_umask, too_deep, tree_entries, write_atomically

#: The search index's folder in the site (`engine.pagefind`'s name, not imported from there:
#: that would load Pagefind's runner for a build with nothing to do).
BUNDLE = "pagefind"
#: The changes a rebuild is about to apply, written into its staging folder first.
JOURNAL = ".changes.json"
#: Where a replaced search shard waits, inside the staging folder, until that is deleted.
REPLACED = ".replaced"
#: A file in every site a build makes: the proof that an output folder which already
#: exists is a site this tool built, and so may be replaced (`commands.places`). Its
#: bytes never change, so it costs nothing after the first build and keeps builds
#: byte-identical.
MARKER = ".sijill-site"
MARKER_TEXT = (
    b"This folder is a site built by sijill. Every build replaces everything in it:\n"
    b"keep nothing else here.\n"
)


def beside(out: Path, kind: str) -> str:
    """The name a build's own folder beside the output starts with (`kind`: "build" for
    staging, "old" for a retired site, "shards" for the folders of links older versions
    made for Pagefind), so that the next build can find what a killed one left
    (`finish_interrupted`)."""
    return f".{out.name}.{kind}-"


def new_staging(out: Path) -> Path:
    """An empty folder beside the output, on its file system, so moving out of it is a rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=beside(out, "build"), dir=out.parent))
    os.chmod(staging, 0o777 & ~read_umask())
    return staging


def files_under(folder: Path) -> Iterator[str]:
    """Every file below `folder` by relative path; the search index is left to its shards."""
    for name, entry in tree_entries(os.fspath(folder), skip={BUNDLE}):
        if not entry.is_dir(follow_symlinks=False):
            yield name


#: A folder's inode and modification time, by its path in the site ("" for the site itself).
FolderStamp = tuple[str, int, int]
#: How coarse a file system's times may be (FAT's are 2 s): within that long of a
#: build's last change, a folder may change again and keep its time.
COARSEST_NS = 2_000_000_000


def site_identity(out: Path) -> str:
    """What tells a later build that the site is as a build left it ("" if there is none).

    Every folder's inode and time, and the number of entries in the site: a page
    deleted by hand inside a sub-folder changes that folder, not the output's own
    time, and the count sees it even where a folder's time is too coarse to. It
    lists the site without a system call a file (about 0.1 s for 40,000 files);
    a build with nothing to do mostly needs only its folders (`site_unchanged`).
    The search index is taken as a whole, as `files_under` takes it.
    """
    return site_state(out)[0]


def site_state(out: Path, files: list[str] | None = None) -> tuple[str, tuple[FolderStamp, ...]]:
    """The site's identity (`site_identity`), and the stamp of each of its folders.

    `files`, when given, gets from the same walk every file `files_under` would list:
    `serve` keeps them for its next build, which takes them instead of listing the site
    again while its folders are as this found them (`warm.Warm.listed_site`).
    """
    try:
        info = out.stat()
    except OSError:
        return "", ()
    folders: list[FolderStamp] = [("", info.st_ino, info.st_mtime_ns)]
    count = 0
    # Each folder with whether `files_under` enters it (`tree_entries`: not too deep).
    todo = [("", os.fspath(out), files is not None)]
    try:
        while todo:
            prefix, path, listed = todo.pop()
            with os.scandir(path) as entries:
                for entry in entries:
                    count += 1
                    if not entry.is_dir(follow_symlinks=False):
                        if listed:
                            files.append(prefix + entry.name)  # type: ignore[union-attr]
                        continue
                    name = prefix + entry.name
                    folder = entry.stat(follow_symlinks=False)
                    folders.append((name, folder.st_ino, folder.st_mtime_ns))
                    if name != BUNDLE:
                        todo.append((name + "/", entry.path, listed and not too_deep(name)))
    except OSError:  # changed while listed: no identity, so the next build looks
        return "", ()
    folders.sort()
    text = "\n".join(f"{name}\0{ino}:{mtime}" for name, ino, mtime in folders) + f"\n{count}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
    return digest, tuple(folders)


def site_unchanged(
    out: Path, identity: str, folders: tuple[FolderStamp, ...], settled: Path
) -> bool:
    """Whether the site is still as a build left it: its identity was `identity` and its
    folders' stamps `folders`; `settled` is a file on the same file system written after
    both were taken (the build's summary), whose time this may move forward.

    A file added or deleted changes its folder's time, so the folders' stamps (a few dozen
    system calls, whatever the number of pages) are enough, unless a folder had changed
    less than `COARSEST_NS` before `settled`: on a file system with coarse times, a
    deletion right after the build may have left its folder's time as it was. Then the
    whole site is counted (`site_identity`), as git looks again at a file changed within
    the second of its index; `settled`'s time is first set to now, and kept if the count
    agrees, so that the next checks need only the folders again.
    """
    if not identity or not folders:
        return False
    try:
        before = settled.stat()
        recent = False
        for name, ino, mtime in folders:
            info = os.stat(os.path.join(out, name) if name else out)
            if info.st_ino != ino or info.st_mtime_ns != mtime:
                return False
            recent = recent or mtime + COARSEST_NS >= before.st_mtime_ns
    except OSError:
        return False
    if not recent:
        return True
    try:
        os.utime(settled)  # now, by the file system's own clock: before the count
    except OSError:
        return site_identity(out) == identity
    if site_identity(out) == identity:
        return True
    with contextlib.suppress(OSError):  # changed: this count vouches for nothing
        os.utime(settled, ns=(before.st_atime_ns, before.st_mtime_ns))
    return False


@dataclass(frozen=True)
class Changes:
    """What a rebuild changes in the live site, as paths relative to it."""

    #: Files, and whole search shards, made again: moved in from the staging folder.
    moves: list[str]
    #: Files, and whole search shards, that the new site no longer has.
    deletes: list[str]


def staged_changes(
    out: Path, staging: Path, present: set[str], produced: Iterable[str], shards: Iterable[str]
) -> Changes:
    """What the staging folder changes: its files, and what the live site has that it did not make.

    `present` is what the live site held when the build began; `shards` the
    search shards the new site has (the live site's others go).
    """
    pages = page_changes(staging, present, produced)
    search = shard_changes(out, staging, shards)
    return Changes(pages.moves + search.moves, pages.deletes + search.deletes)


def page_changes(staging: Path, present: set[str], produced: Iterable[str]) -> Changes:
    """The part of `staged_changes` outside the search index: pages and other files."""
    return Changes(sorted(files_under(staging)), sorted(present - set(produced)))


def shard_changes(out: Path, staging: Path, shards: Iterable[str]) -> Changes:
    """The part of `staged_changes` in the search index: the shards made again, moved in
    whole, and the live site's shards the new site no longer has (`shards` are its own)."""
    moves = []
    bundle = staging / BUNDLE
    if bundle.is_dir():
        moves = sorted(f"{BUNDLE}/{entry.name}" for entry in os.scandir(bundle))
    wanted = set(shards)
    live = out / BUNDLE
    deletes = []
    if live.is_dir():
        deletes = sorted(
            f"{BUNDLE}/{entry.name}" for entry in os.scandir(live) if entry.name not in wanted
        )
    return Changes(moves, deletes)


def commit(out: Path, staging: Path, changes: Changes) -> None:
    """Write the changes down, then apply them: from here on, a dead process is finished later.

    The staging folder is left for the caller to delete (it holds the search shards
    the new ones replaced), while it puts the cache in place; until it is gone, its
    journal is one the next build replays, which changes nothing more.
    """
    write_atomically(staging / JOURNAL, json.dumps(asdict(changes), ensure_ascii=False))
    try:
        apply_changes(out, staging, changes)
    except KeyboardInterrupt as error:
        raise InterruptedWhilePublishing from error
    except Exception as error:
        raise PartlyPublished(str(error)) from error


def apply_changes(out: Path, staging: Path, changes: Changes) -> None:
    """Move the staged files in and delete the stale ones; safe to run again after a crash.

    Each step is a rename or an unlink, and a step already done is skipped, so a
    journal can be replayed from the start however far it got. The staging folder
    stays, for the caller to delete.
    """
    made: set[str] = set()
    for number, name in enumerate(changes.moves):
        source, target = staging / name, out / name
        if not os.path.lexists(source):  # moved before the crash
            continue
        folder = os.path.dirname(name)
        if folder not in made:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        if source.is_dir() and not source.is_symlink():
            if os.path.lexists(target):  # a search shard indexed again: the old one steps aside
                aside = staging / REPLACED / str(number)
                aside.parent.mkdir(exist_ok=True)
                os.rename(target, aside)
            os.rename(source, target)
        else:
            os.replace(source, target)
    for name in changes.deletes:
        target = out / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
        prune_empty(out, target.parent)


def prune_empty(out: Path, folder: Path) -> None:
    """Remove `folder` and its parents up to the output while they are empty."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): the folders above are not empty either
            return
        folder = folder.parent


def finish_interrupted(out: Path) -> bool:
    """Finish or clear away what a killed build left beside the output, before anything else.

    Called under the build lock, so no other build of this output is running:
    a staging folder with a journal is applied (that build was putting its
    changes in place), one without is dropped (it never got that far), as are
    the folders an older version made for Pagefind to read. A site retired by a
    swap is put back if the new one never arrived, and deleted otherwise. True if
    the site was changed.
    """
    changed = False

    def left(kind: str) -> list[Path]:
        return sorted(out.parent.glob(glob.escape(beside(out, kind)) + "*"))

    for staging in left("build"):
        journal = staging / JOURNAL
        try:
            recorded = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            shutil.rmtree(staging, ignore_errors=True)
            continue
        apply_changes(out, staging, Changes(recorded["moves"], recorded["deletes"]))
        shutil.rmtree(staging, ignore_errors=True)
        changed = True
    for retired in left("old"):
        if not out.exists():
            retired.rename(out)
            changed = True
        else:
            shutil.rmtree(retired, ignore_errors=True)
    for scratch in left("shards"):
        shutil.rmtree(scratch, ignore_errors=True)
    return changed


def swap_in(out: Path, staging: Path) -> Path | None:
    """Put a complete staging folder in the output's place; the retired old site, if any.

    Two renames on one file system. If the second fails (or an interrupt lands
    between them) the old site is renamed back, so the output folder holds
    either the old site or the new one, never a mixture.
    """
    retired = out.with_name(f"{beside(out, 'old')}{os.getpid()}")
    moved = False
    try:
        if out.exists():
            out.rename(retired)
            moved = True
        staging.rename(out)
    except BaseException:
        if moved and not out.exists():
            retired.rename(out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return retired if moved else None


@contextmanager
def deleting(folder: Path | None) -> Iterator[None]:
    """Delete `folder` in the background while the block runs, and wait for it at the end.

    A retired site is tens of thousands of files; unlinking them is system
    calls, which overlap with the cache being written.
    """
    if folder is None:
        yield
        return
    worker = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
    worker.start()
    try:
        yield
    finally:
        worker.join()
