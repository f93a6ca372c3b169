"""The part of `build` that does work: records, pages, search, the cache, put in place.

Kept apart from `commands.build`, which decides first whether there is anything
to do: this module loads the whole pipeline (the cleaner, the renderer, Jinja,
Pagefind's runner), about half of what a build with nothing to do would
otherwise spend.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config.settings import Settings
from ..engine.cache import BuildCache, PendingCache, Stamp, unsettle
from ..engine.pagefind import Indexing, shard_keys, stale_shards
from ..engine.publish import (
    commit,
    deleting,
    files_under,
    new_staging,
    page_changes,
    shard_changes,
    site_state,
    staged_changes,
    swap_in,
)
from ..engine.recall import Recall, take_or_make
from ..engine.warm import ListedSite, Warm
from ..errors import BUG_ADVICE, CaptureError, PartlyPublished, SijillError, described
from ..extract.provenance import Findings, explain_capture
from ..records.inputs import Inputs, Report
from ..records.record import Article
from ..records.sync import SeedFile, update_records
from ..site.generate import (
    Failure,
    SiteInputs,
    render_articles,
    render_listings,
    render_pages,
    start_render,
)
from ..site.page import SeedInfo


def seed_infos(
    settings: Settings,
    articles: list[Article],
    seeds: dict[str, SeedFile],
    report: Report | None = None,
    recalled: Recall | None = None,
) -> dict[str, SeedInfo]:
    """The present seed behind each published article, by the article's slug, with how
    many lines it lost. A seed that fails unexpectedly here costs its article the capture
    page only (said in `report`).

    A seed cleaned here, or for its record, keeps what its capture page needs of
    the cleaning (`Findings`), so no capture is cleaned twice in one build.

    `serve` (`recalled`) takes each article's `SeedInfo` of the last build again when it
    was made of equal values: the same object from build to build, which the keys of the
    article's pages then compare as one pointer (`generate.page_keys`)."""
    infos = {}
    for article in articles:
        seed = seeds.get(str(article.meta.get("seed")))
        if seed is None:
            continue
        removed = article.meta.get("removed_lines")
        findings = seed.findings
        if not isinstance(removed, int) or seed.sha256 != article.meta.get("seed_sha256"):
            try:
                if findings is None or findings.sha256 != seed.sha256:
                    explained = explain_capture(seed.path, seed.name, settings.max_capture_bytes)
                    findings = Findings.of(explained.capture, explained.extraction)
                removed = findings.removed
            except CaptureError:
                continue
            except SijillError:
                raise
            except Exception as error:
                if report is not None:
                    report.warn(
                        f"{settings.seeds.name}/{seed.name}",
                        f"its capture page could not be made ({described(error)}); the article "
                        f"is published without it ({BUG_ADVICE})",
                    )
                continue
        if findings is not None:
            infos[article.slug] = SeedInfo(seed.folder, seed.name, seed.sha256, removed, findings)
            continue
        made_from = (seed.folder, seed.name, seed.sha256, removed)
        infos[article.slug] = take_or_make(
            recalled, "seed", article.slug, made_from, SeedInfo, *made_from
        )
    return infos


@dataclass(frozen=True)
class Published:
    """What `publish` put in place, and what it leaves to its caller."""

    articles: int
    written: int
    #: What is left to delete: the old site, when the new one replaced it whole, else the
    #: staging folder (the search shards the new ones replaced), once the cache is in place.
    retired: Path | None
    #: The cache describing the new site, beside its place until the caller puts it there.
    pending_cache: PendingCache
    #: Articles left out because making their pages failed: (record file, why).
    failures: tuple[Failure, ...] = ()


def publish(
    settings: Settings,
    articles: list[Article],
    seeds: dict[str, SeedInfo] | None = None,
    cache: BuildCache | None = None,
    pages_in_place: Callable[[], object] | None = None,
    recalled: Recall | None = None,
    listed: frozenset[str] | None = None,
) -> Published:
    """Render what changed into a staging folder and put it in place; any failure changes nothing.

    Pagefind reads only the article pages, so it indexes each month's as soon
    as they are written, while the other months, the listings and the cache
    are made (`pagefind.Indexing`). `articles` is emptied once their pages are made.

    `pages_in_place` (`serve`'s, to reload the open page) asks for the pages first: when
    Pagefind is still indexing once every page is made, the changed pages are put in
    place at once and `pages_in_place` called; the search shards follow as soon as
    Pagefind is done, with the cache (`search_after_pages`). Without it the site changes
    in one step, as a build from the command line must. `recalled` is `serve`'s memory of
    the last render's walks (`engine.recall`), and `listed` the live site's files when
    `serve` knows them still (`Warm.listed_site`).
    """
    cache = cache if cache is not None else BuildCache()
    out = settings.output
    # Only what is really there counts as made: a page deleted by hand is made again.
    present: set[str] | frozenset[str] = set()
    if cache.outputs and out.is_dir():
        present = listed if listed is not None else set(files_under(out))
    if present.issuperset(cache.outputs):  # the usual case: every page is there, copied in C
        previous = dict(cache.outputs)
    else:
        previous = {path: key for path, key in cache.outputs.items() if path in present}
    live = out if previous else None  # None: every page is made again, into a whole new site
    staging = new_staging(out)
    pending = None
    pages_first = False  # the pages are in place, the search shards not yet
    applying = False  # the pages' changes are being applied: their journal must stay
    try:
        inputs = SiteInputs(
            settings,
            articles,
            seeds or {},
            cache.fingerprint,
            previous,
            cache.entries,
            cache.groups,
            cache.indexed,
            recalled,
        )
        rendered = start_render(inputs, staging)
        del inputs
        planned = rendered.newest_first
        plan = rendered.shard_plan() if settings.search else {}
        with Indexing(staging, live, plan, cache.search) as indexing:
            # The pages Pagefind reads first: it indexes each month as soon as its
            # pages are made, while the other months and the rest of the site are.
            render_articles(rendered, indexing.made)
            # Every page that shows a body is made: let a cold build's bodies go
            # before the cache is written, the build's largest allocation.
            articles.clear()
            # Planned again when an article whose page failed was left out of its month
            # (a new list, `generate.leave_out`); only then: 2,500 undated articles are
            # hashed for each plan.
            if rendered.newest_first is not planned and settings.search:
                plan = rendered.shard_plan()
            shards = shard_keys(plan, rendered.indexed)
            indexing.rest(plan, shards, stale_shards(plan, shards, cache.search, live))
            render_pages(rendered)
            render_listings(rendered)
            cache.outputs = rendered.renderer.produced
            cache.entries = rendered.entries
            cache.groups = rendered.renderer.groups
            cache.search = shards
            cache.indexed = rendered.indexed
            if pages_in_place is not None and live is not None and indexing.running():
                changes = page_changes(staging, present, cache.outputs)
                if changes.moves or changes.deletes:
                    unsettle(settings)  # until the cache is in place, it vouches for nothing
                    pages_first = applying = True
                    commit(out, staging, changes)
                    applying = False
                    pages_in_place()
            pending = cache.write_pending(settings)
        changes = None
        if pages_first:
            changes = shard_changes(out, staging, shards)
        elif live is not None:
            changes = staged_changes(out, staging, present, cache.outputs, shards)
    except BaseException as error:
        if not applying:  # else the journal in it is what the next build finishes
            shutil.rmtree(staging, ignore_errors=True)
        if pending is not None:
            pending.abandon()
        if pages_first and isinstance(error, Exception) and not isinstance(error, PartlyPublished):
            # The pages are in place and the site is unsettled: the next build makes it whole.
            raise PartlyPublished(f"the search index was not made: {error}") from error
        raise
    retired = None
    try:
        unsettle(settings)  # from here until the new cache is in place, it vouches for nothing
        if changes is None:
            retired = swap_in(out, staging)
        else:
            commit(out, staging, changes)
            retired = staging
    except BaseException:
        pending.abandon()  # the site the cache would describe is not (all) in place
        raise
    failures = tuple(rendered.failures)
    return Published(len(rendered.entries), rendered.renderer.rendered, retired, pending, failures)


def rebuild(
    settings: Settings,
    cache: BuildCache,
    handed: list[Inputs],
    inputs: dict[str, str],
    listed_state: str,
    state: Callable[[dict[str, str]], str],
    warm: Warm | None = None,
    pages_in_place: Callable[[], object] | None = None,
) -> Report:
    """Bring the records and the site up to date with the inputs listed (`handed`, a list of
    one, emptied here; their sizes and times in `inputs`, hashed as `listed_state`),
    starting from what `cache` remembers; `state` hashes the inputs for the next build's
    comparison, when the build wrote some of them (records). `warm`, when
    `serve` runs the build, keeps the new cache in memory for the next one, and
    `pages_in_place` hears when the pages are in place before the search index (`publish`)."""
    report = Report()
    listed = handed.pop()
    articles, seeds = update_records(settings, report, cache, listed)
    del listed  # kept through the render, it raised the peak of a 10,000-article build by 40 MB
    # The inputs as the build found them, with the records it wrote: an edit made
    # while the build runs is then a change for the next build to see.
    written = set(report.new + report.updated)
    records: list[str] = []  # their files, for `serve`'s next build to stat again
    for article in articles if written else ():  # after a hand edit, no walk of 10,000
        if article.meta.get("seed") in written:
            records.append(article.file)
            stamp = Stamp.of(article.path)
            inputs[f"articles/{article.name}"] = f"{stamp.size}\0{stamp.mtime_ns}"
    # Hashing 20,000 names and stamps again is a hundredth of a second of every `serve`
    # rebuild; after a hand edit, which writes no record, they are the ones hashed already.
    cache.inputs = state(inputs) if written else listed_state
    recalled = warm.recall(cache.fingerprint) if warm is not None else None
    infos = seed_infos(settings, articles, seeds, report, recalled)
    del seeds  # their cleanings' findings are in `infos` now, which lets them go once used
    listed = warm.listed_site(settings) if warm is not None else None
    done = publish(settings, articles, infos, cache, pages_in_place, recalled, listed)
    report.published, report.written = done.articles, done.written
    for file, reason in done.failures:
        report.warn(
            f"{settings.articles.name}/{file}",
            f"could not be made into a page ({reason}); not published until fixed",
        )
    files: list[str] | None = [] if warm is not None else None  # for `serve`'s next build
    with deleting(done.retired):
        site = site_state(settings.output, files)
        done.pending_cache.put_in_place(site, report)
    if warm is not None:
        listing = ListedSite(*site, frozenset(files or ())) if site[0] else None
        warm.keep(done.pending_cache, recalled, listing, tuple(records))
    return report
