"""What `serve` keeps in memory from one build to the next: the build cache, as loaded,
and what the last render's walks over every article gave (`recall.Recall`).

Reading and checking the cache's files is the largest fixed cost of a rebuild of a
large archive (two thirds of a second at 10,000 articles, more than the pages an
edit changes). A preview server rebuilds in one process, so it keeps the cache the
last build put in place and hands it to the next build instead of reading it back.

The files stay the truth. The cache is still written by every build, so a later
build from the command line is incremental and a killed server leaves a consistent
state; and the cache in memory is used only while the main file on disk is the one
its build put there (a build from the command line meanwhile replaces it, and it is
then read afresh), the basis is the same (the program, the settings that shape the
tables, the profiles and topics), and no build has left the site unsettled. A build
that fails drops it: the next one reads the files.

The walks' results are kept with the cache and dropped with it, and serve one
fingerprint (settings, templates, program) only: a build that takes no cache from
memory starts them afresh too. So is the list of the site's files as the last build
left them, which the next build takes instead of listing the site again (30,000 files
at 10,000 articles, three hundredths of a second) while every folder of the site is as
that build found it (`publish.site_unchanged`, the check a build with nothing to do
makes of the site).

So is the input listing (`records.watched.Known`): the next build stats only the paths
`serve`'s watcher named since (and the records the last build wrote), instead of every
input, when the watcher can say so; any build that fails drops it, and the next walks.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..config.settings import Settings
from .cache import BuildCache, PendingCache, summary_location, unsettled_location
from .publish import FolderStamp, site_unchanged
from .recall import Recall

#: What tells that a file is the one last seen: replaced files get another inode.
FileIdentity = tuple[int, int, int, int]


@dataclass(frozen=True)
class ListedSite:
    """The site's files as a build left them, with what the site was then (`site_state`)."""

    identity: str
    folders: tuple[FolderStamp, ...]
    files: frozenset[str]


def identity(path: os.PathLike[str] | str) -> FileIdentity | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass
class Warm:
    """The cache of the last build in this process, and the file it was saved as."""

    cache: BuildCache | None = None
    saved_as: FileIdentity | None = None
    #: What the last render's walks gave, for the cache's fingerprint (`recall`).
    recalled: Recall | None = None
    #: The site's files as the last build left them (`listed_site`).
    site: ListedSite | None = None
    #: The inputs as the last build that succeeded listed them (a `records.watched.Known`,
    #: which this layer does not name; `watched.list_inputs` takes and sets it), and the
    #: records it wrote, whose new sizes and times the listing does not hold yet.
    known: object | None = None
    written: tuple[str, ...] = ()
    #: The listing of the build under way, kept (`known`) only if it succeeds.
    listing: object | None = None

    def take(self, settings: Settings, current: str, made_from: str) -> BuildCache | None:
        """The kept cache for a build with fingerprint `current` and basis `made_from`, if it
        still is what `BuildCache.load` would read; else None. Taken, not shared: a build
        changes it as it goes, and gives it back only if it succeeds (`keep`)."""
        cache, self.cache = self.cache, None
        recalled, self.recalled = self.recalled, None  # given back below only with the cache
        site, self.site = self.site, None
        if cache is None or cache.basis != made_from:
            return None
        if self.saved_as is None or identity(BuildCache.location(settings)) != self.saved_as:
            return None  # another build put its own cache in place, or none is there
        if unsettled_location(settings).exists():
            return None  # the site may not be what the cache says: `load` knows what to keep
        if cache.fingerprint != current:  # as `BuildCache.load` does for other templates
            cache.fingerprint, cache.groups = current, {}
        elif recalled is not None and recalled.fingerprint == current:
            self.recalled = recalled  # for this build, which asks for it (`recall`)
        self.site = site  # for this build, which asks for it (`listed_site`)
        return cache

    def recall(self, fingerprint: str) -> Recall:
        """What the last render's walks gave, for a build that took the cache (`take`) with
        the same fingerprint; else nothing, and what this build's give is kept afresh.
        Handed to the build, and kept again only if it succeeds (`keep`)."""
        recalled, self.recalled = self.recalled, None
        if recalled is None or recalled.fingerprint != fingerprint:
            recalled = Recall(fingerprint)
        return recalled

    def listed_site(self, settings: Settings) -> frozenset[str] | None:
        """The files of the site as the last build left them, for a build that took the cache
        (`take`), if every folder of the site is still as that build found it; else None
        (the site must be listed). Handed to the build, and kept again only by `keep`.

        Files added or deleted by hand change their folder's time; a folder changed too
        shortly before the last build's summary for its time to tell (a coarse clock) has
        the whole site counted first, as for a build with nothing to do."""
        site, self.site = self.site, None
        if site is None or not site.identity:
            return None
        if not site_unchanged(
            settings.output, site.identity, site.folders, summary_location(settings)
        ):
            return None
        return site.files

    def keep(
        self,
        pending: PendingCache,
        recalled: Recall | None = None,
        site: ListedSite | None = None,
        written: tuple[str, ...] = (),
    ) -> None:
        """After `pending.put_in_place`: keep its cache, as the files it was saved in hold it,
        what the build's walks gave (`recalled`), the site's files as it left them
        (`site`, listed when its state was taken for the summary) and its input listing,
        with the record files it `written` to be stat-ed again by the next build."""
        self.known, self.listing, self.written = self.listing, None, written
        cache = pending.cache
        cache.loaded = pending.saved
        self.cache = cache
        self.saved_as = identity(BuildCache.location(pending.settings))
        if recalled is not None and recalled.fingerprint == cache.fingerprint:
            recalled.settle()
            self.recalled = recalled
        self.site = site
        keep_out_of_collections()

    def warm_up(self, settings: Settings, current: str, made_from: str) -> None:
        """Read the saved cache now, when a build found nothing to do: the next one then
        starts from memory. Called under the build lock, as a build reads it."""
        self.known, self.listing = self.listing, None  # this build succeeded: nothing to do
        location = BuildCache.location(settings)
        before = identity(location)
        if self.cache is not None and self.cache.basis == made_from and self.saved_as == before:
            return
        cache = BuildCache.load(settings, current, made_from)
        if before is not None and identity(location) == before and cache.inputs:
            self.cache, self.saved_as, self.recalled, self.site = cache, before, None, None
            keep_out_of_collections()


def keep_out_of_collections() -> None:
    """Collect now, once the build is done, and leave what is left out of later collections.

    What serve keeps (the cache's tables, the walks' results) is a few hundred thousand
    objects that live from one build to the next; Python's collector went through them
    all again and again during each rebuild (0.09 s of a 10,000-article rebuild before
    its pages were in place; 0.03 s frozen). Frozen (`gc.freeze`), they are skipped; they
    are still freed as usual when nothing refers to them, and unfrozen for the full
    collection here after every build, so no garbage cycle outlives a build.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@contextmanager
def collector_paused(pause: bool) -> Iterator[None]:
    """Python's collector off through the block, if `pause`: for a rebuild that takes the last
    render's walks from memory (`Warm.recalled`), which makes few pages.

    Frozen, what serve keeps is no longer gone through (`keep_out_of_collections`), but
    what a rebuild makes still was, many times over: about 0.03-0.04 s of a 10,000-article
    rebuild before its page reloaded. Such a rebuild makes little garbage that only the
    collector frees (cycles), and the full collection after every build (`keep`) frees it;
    a build that fails leaves it to the collector, on again.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
