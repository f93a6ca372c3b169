"""`build`: seeds -> articles/ -> site, run as one transaction.

Bad captures are normal input for an archive: each one costs only itself (one
warning line naming the file and the reason), never the rest of the site. The
site is rendered into a staging folder beside the output and put in place only
when complete (see `publish`), so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..config import editorial
from ..config.settings import Settings
from ..engine.cache import (
    BuildCache,
    PendingCache,
    Stamp,
    basis,
    fingerprint,
    last_build,
    unsettle,
)
from ..engine.files import exclusive, read_umask
from ..engine.pagefind import Indexing, shard_keys, stale_shards
from ..engine.publish import (
    commit,
    deleting,
    files_under,
    finish_interrupted,
    new_staging,
    site_identity,
    staged_changes,
    swap_in,
)
from ..errors import (
    BUG_ADVICE,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_WARNINGS,
    BuildFailed,
    CaptureError,
    PartlyPublished,
    SijillError,
    described,
)
from ..extract.provenance import Findings, explain_capture
from ..records.record import (
    Article,
)
from ..records.sync import (
    ARTICLE_SUFFIX,
    Inputs,
    Report,
    SeedFile,
    counted,
    update_records,
)
from ..site.generate import (
    Failure,
    SiteInputs,
    render_articles,
    render_listings,
    render_pages,
    start_render,
)
from ..site.page import SeedInfo
from ..site.search_page import shard_plan
from .places import check_inputs, check_output


def seed_infos(
    settings: Settings,
    articles: list[Article],
    seeds: dict[str, SeedFile],
    report: Report | None = None,
) -> dict[str, SeedInfo]:
    """The present seed behind each published article, by the article's slug, with how
    many lines it lost. A seed that fails unexpectedly here costs its article the capture
    page only (said in `report`).

    A seed cleaned here, or for its record, keeps what its capture page needs of
    the cleaning (`Findings`), so no capture is cleaned twice in one build."""
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
        infos[article.slug] = SeedInfo(seed.folder, seed.name, seed.sha256, removed, findings)
    return infos


@dataclass(frozen=True)
class Published:
    """What `publish` put in place, and what it leaves to its caller."""

    articles: int
    written: int
    #: The old site, when the new one replaced it whole: to be deleted.
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
) -> Published:
    """Render what changed into a staging folder and put it in place; any failure changes nothing.

    Pagefind reads only the article pages, so it indexes each month's as soon
    as they are written, while the other months, the listings and the cache
    are made (`pagefind.Indexing`). `articles`
    is emptied once their pages are made.
    """
    cache = cache if cache is not None else BuildCache()
    out = settings.output
    # Only what is really there counts as made: a page deleted by hand is made again.
    present = set(files_under(out)) if cache.outputs and out.is_dir() else set()
    previous = {path: key for path, key in cache.outputs.items() if path in present}
    live = out if previous else None  # None: every page is made again, into a whole new site
    staging = new_staging(out)
    pending = None
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
        )
        rendered = start_render(inputs, staging)
        del inputs
        plan = shard_plan(rendered.newest_first) if settings.search else {}
        with Indexing(staging, live, plan, cache.search) as indexing:
            # The pages Pagefind reads first: it indexes each month as soon as its
            # pages are made, while the other months and the rest of the site are.
            render_articles(rendered, indexing.made)
            # Every page that shows a body is made: let a cold build's bodies go
            # before the cache is pickled, the build's largest allocation.
            articles.clear()
            plan = shard_plan(rendered.newest_first) if settings.search else {}
            shards = shard_keys(plan, rendered.indexed)
            indexing.rest(plan, shards, stale_shards(plan, shards, cache.search, live))
            render_pages(rendered)
            render_listings(rendered)
            cache.outputs = rendered.renderer.produced
            cache.entries = rendered.entries
            cache.groups = rendered.renderer.groups
            cache.search = shards
            cache.indexed = rendered.indexed
            pending = cache.write_pending(settings)
        changes = None
        if live is not None:
            changes = staged_changes(out, staging, present, cache.outputs, shards)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if pending is not None:
            pending.abandon()
        raise
    retired = None
    try:
        unsettle(settings)  # from here until the new cache is in place, it vouches for nothing
        if changes is None:
            retired = swap_in(out, staging)
        else:
            commit(out, staging, changes)
    except BaseException:
        pending.abandon()  # the site the cache would describe is not (all) in place
        raise
    failures = tuple(rendered.failures)
    return Published(len(rendered.entries), rendered.renderer.rendered, retired, pending, failures)


def input_files(inputs: Inputs) -> dict[str, str]:
    """Every input file's name with its size and time: the same ones mean nothing to do.

    An entry an editor removes while they are taken is skipped, not a failure.
    """
    files = {}
    for label, listing, wanted in (
        ("seeds/", inputs.seeds, None),
        ("articles/", inputs.articles, ARTICLE_SUFFIX),
        ("templates/", inputs.copied, None),
    ):
        for name, entry in listing:
            if wanted and not (name.endswith(wanted) and not entry.is_dir(follow_symlinks=False)):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            files[label + name] = f"{info.st_size}\0{info.st_mtime_ns}"
    return files


def input_state(files: dict[str, str], current: str) -> str:
    """One hash of the input files and the build's fingerprint, for the next build to compare."""
    text = "".join(f"{name}\0{files[name]}\n" for name in sorted(files))
    return hashlib.sha256(f"{current}{text}".encode("utf-8", "surrogateescape")).hexdigest()


def build(
    settings: Settings, waiting: Callable[[], object] | None = None, create: bool = False
) -> Report:
    """Run the whole pipeline once, doing again only what changed since the last build.

    One build of a project's output at a time: another one waits for it
    (`waiting` is called if it has to). A missing input folder, or an output
    folder this tool did not make, stops it before anything is written
    (`places`); `create` makes a missing seeds or articles folder instead.
    """
    check_inputs(settings, create)
    check_output(settings)
    read_umask()  # before any worker or Pagefind thread starts
    with exclusive(BuildCache.lock(settings), waiting), editorial.using(settings.editorial):
        return _build(settings)


def _build(settings: Settings) -> Report:
    # What a killed build left, first: a nothing-to-do build must not leave it either.
    if finish_interrupted(settings.output):
        unsettle(settings)  # the site changed with no cache to describe it (an older version's)
    made_from = basis(settings)
    current = fingerprint(settings, made_from)
    last = last_build(settings, current)
    if last is not None and not isinstance(last[2], Report):
        last = None  # a summary of another kind (damaged or hostile): decide afresh
    listed = Inputs.list(settings)
    inputs = input_files(listed)
    unchanged_site = last is not None and last[1] == site_identity(settings.output)
    if last and last[0] == input_state(inputs, current) and unchanged_site:
        done = last[2]
        unchanged = done.new + done.updated + done.unchanged
        return Report(
            unchanged=unchanged,
            orphaned=list(done.orphaned),
            warnings=list(done.warnings),
            published=done.published,
        )
    cache = BuildCache.load(settings, current, made_from)
    report = Report()
    articles, seeds = update_records(settings, report, cache, listed)
    del listed  # kept through the render, it raised the peak of a 10,000-article build by 40 MB
    # The inputs as the build found them, with the records it wrote: an edit made
    # while the build runs is then a change for the next build to see.
    written = set(report.new + report.updated)
    for article in articles:
        if article.meta.get("seed") in written:
            stamp = Stamp.of(article.path)
            inputs[f"articles/{article.name}"] = f"{stamp.size}\0{stamp.mtime_ns}"
    cache.inputs = input_state(inputs, current)
    infos = seed_infos(settings, articles, seeds, report)
    del seeds  # their cleanings' findings are in `infos` now, which lets them go once used
    done = publish(settings, articles, infos, cache)
    report.published, report.written = done.articles, done.written
    for file, reason in done.failures:
        report.warn(
            f"{settings.articles.name}/{file}",
            f"could not be made into a page ({reason}); not published until fixed",
        )
    with deleting(done.retired):
        done.pending_cache.put_in_place(site_identity(settings.output), report)
    return report


def failure(error: BaseException) -> str:
    """One line saying what failed, naming the template line or file when there is one."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template {error.filename or error.name}, line {error.lineno}: {error.message}"
    if isinstance(error, jinja2.TemplateError):
        return f"template error: {error.message or type(error).__name__}"
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror or error}{where}"
    return str(error)


def build_and_say(
    settings: Settings, strict: bool, create: bool = False
) -> tuple[int, Report | None]:
    """Build, print the warnings and summary; the exit code and the report (None on failure)."""

    def waiting() -> None:
        print("waiting for another build of this site to finish…", file=sys.stderr, flush=True)

    try:
        report = build(settings, waiting, create)
    except PartlyPublished as error:
        print(
            f"error: build stopped while putting the new site in place ({error}); part of it "
            "is in place, and the next build finishes the job",
            file=sys.stderr,
        )
        return EXIT_FAILED, None
    except (jinja2.TemplateError, OSError, BuildFailed) as error:
        print(
            f"error: build failed, previous site left untouched: {failure(error)}",
            file=sys.stderr,
        )
        return EXIT_FAILED, None
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    if report.written:
        print(f"site written to {settings.output.name}/")
    else:
        print(f"nothing changed; the site in {settings.output.name}/ is up to date")
    if strict and report.warnings:
        print(
            f"error: --strict: {counted(len(report.warnings), 'warning')}; the site is "
            "up to date but this run fails",
            file=sys.stderr,
        )
        return EXIT_WARNINGS, report
    return EXIT_OK, report


def run(settings: Settings, strict: bool, create: bool = False) -> int:
    """`sijill build`: the exit code."""
    return build_and_say(settings, strict, create)[0]
