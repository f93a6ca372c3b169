"""`build`: seeds -> articles/ -> site, run as one transaction.

Bad captures are normal input for an archive: each one costs only itself (one
warning line naming the file and the reason), never the rest of the site. The
site is rendered into a staging folder beside the output and put in place only
when complete (see `publish`), so a failed build leaves the previous site as it was.

This module decides whether there is anything to do, with the standard library
and a few small modules; the work itself, and the whole pipeline it imports,
is in `commands.rebuild`, loaded only when there is some.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from ..config import editorial
from ..config.settings import Settings
from ..engine import plain
from ..engine.cache import (
    BuildCache,
    LastBuild,
    basis,
    fingerprint,
    last_build,
    summary_location,
    unsettle,
)
from ..engine.files import exclusive, read_umask
from ..engine.publish import finish_interrupted, site_unchanged
from ..errors import EXIT_FAILED, EXIT_OK, EXIT_WARNINGS, BuildFailed, PartlyPublished
from ..records.inputs import INPUT_TABLES, Inputs, Report, counted, input_size
from .places import check_inputs, check_output

if TYPE_CHECKING:
    from ..engine.warm import Warm

#: What the summary's record of the site must be to be compared (`publish.site_state`).
SITE_STATE = tuple[str, tuple[tuple[str, int, int], ...]]


def input_files(inputs: Inputs) -> dict[str, str]:
    """Every input file's name with its size and time: the same ones mean nothing to do.

    An entry an editor removes while they are taken is skipped, not a failure. `serve`
    keeps them from one build to the next (`watched.Known.input_files`).
    """
    if inputs.known is not None:
        return inputs.known.input_files()
    files = {}
    for label, table, wanted in INPUT_TABLES:
        for name, entry in getattr(inputs, table):
            size = input_size(name, entry, wanted)
            if size is not None:
                files[label + name] = size
    return files


def input_state(files: dict[str, str], current: str) -> str:
    """One hash of the input files and the build's fingerprint, for the next build to compare."""
    text = "".join(f"{name}\0{files[name]}\n" for name in sorted(files))
    return hashlib.sha256(f"{current}{text}".encode("utf-8", "surrogateescape")).hexdigest()


def build(
    settings: Settings,
    waiting: Callable[[], object] | None = None,
    create: bool = False,
    warm: Warm | None = None,
    pages_in_place: Callable[[], object] | None = None,
    changed: Collection[str] | None = None,
) -> Report:
    """Run the whole pipeline once, doing again only what changed since the last build.

    One build of a project's output at a time: another one waits for it
    (`waiting` is called if it has to). A missing input folder, or an output
    folder this tool did not make, stops it before anything is written
    (`places`); `create` makes a missing seeds or articles folder instead.
    `warm` is what `serve` keeps in memory between its builds; `pages_in_place`, `serve`'s
    too, is called when the changed pages are in place while the search index is still
    being made (`rebuild.publish`): the open page can reload before Pagefind is done.
    `changed` is every path that changed since `warm`'s last build, when `serve`'s watcher
    can say so (None: it cannot, and every input is stat-ed; `watched.list_inputs`).
    """
    check_inputs(settings, create)
    check_output(settings)
    read_umask()  # before any worker or Pagefind thread starts
    with exclusive(BuildCache.lock(settings), waiting), editorial.using(settings.editorial):
        return _build(settings, warm, pages_in_place, changed)


def nothing_to_do(settings: Settings, last: LastBuild | None, state: str) -> Report | None:
    """The last build's report again, if the inputs (`state`) and the site are as it left them."""
    if last is None or last.inputs != state or not isinstance(last.report, Report):
        return None  # a report of another kind (damaged or hostile): decide afresh
    if not plain.conforms(last.site, SITE_STATE):
        return None
    identity, folders = last.site
    if not site_unchanged(settings.output, identity, folders, summary_location(settings)):
        return None
    done = last.report
    return Report(
        unchanged=done.new + done.updated + done.unchanged,
        orphaned=list(done.orphaned),
        warnings=list(done.warnings),
        published=done.published,
    )


def _build(
    settings: Settings,
    warm: Warm | None = None,
    pages_in_place: Callable[[], object] | None = None,
    changed: Collection[str] | None = None,
) -> Report:
    # What a killed build left, first: a nothing-to-do build must not leave it either.
    if finish_interrupted(settings.output):
        unsettle(settings)  # the site changed with no cache to describe it (an older version's)
    made_from = basis(settings)
    current = fingerprint(settings, made_from)
    last = last_build(settings, current)
    if warm is None:
        listed = Inputs.list(settings)
    else:
        from ..records.watched import list_inputs  # serve's, with its listing kept

        listed = list_inputs(warm, settings, changed)
    inputs = input_files(listed)
    state = input_state(inputs, current)
    done = nothing_to_do(settings, last, state)
    if done is not None:
        if warm is not None:
            warm.warm_up(settings, current, made_from)
        return done
    from ..engine.warm import collector_paused
    from .rebuild import rebuild  # the whole pipeline: only when there is work

    cache = warm.take(settings, current, made_from) if warm is not None else None
    # A rebuild that remembers the last render's walks makes few pages.
    remembered = warm is not None and warm.recalled is not None
    if cache is None:
        cache = BuildCache.load(settings, current, made_from)
    # Handed over in a list `rebuild` empties: no frame keeps the listing through the
    # render, where it raised the peak of a 10,000-article build by 40 MB.
    handed = [listed]
    del listed
    with collector_paused(remembered):
        return rebuild(
            settings,
            cache,
            handed,
            inputs,
            state,
            lambda files: input_state(files, current),
            warm,
            pages_in_place,
        )


def failure(error: BaseException) -> str:
    """One line saying what failed, naming the template line or file when there is one."""
    jinja2 = sys.modules.get("jinja2")  # no template error without Jinja loaded
    if jinja2 is not None and isinstance(error, jinja2.TemplateSyntaxError):
        return f"template {error.filename or error.name}, line {error.lineno}: {error.message}"
    if jinja2 is not None and isinstance(error, jinja2.TemplateError):
        return f"template error: {error.message or type(error).__name__}"
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror or error}{where}"
    return str(error)


def build_failed(error: BaseException) -> bool:
    """Whether `error` fails a build in the ordinary way (a template, the disk, the site):
    said in one line, the previous site left untouched. Anything else is a bug."""
    jinja2 = sys.modules.get("jinja2")  # no template error without Jinja loaded
    template_error = jinja2 is not None and isinstance(error, jinja2.TemplateError)
    return template_error or isinstance(error, OSError | BuildFailed)


def build_and_say(
    settings: Settings,
    strict: bool,
    create: bool = False,
    warm: Warm | None = None,
    pages_in_place: Callable[[], object] | None = None,
    changed: Collection[str] | None = None,
) -> tuple[int, Report | None]:
    """Build, print the warnings and summary; the exit code and the report (None on failure).
    `warm`, `pages_in_place` and `changed` are `serve`'s (`build`)."""

    def waiting() -> None:
        print("waiting for another build of this site to finish…", file=sys.stderr, flush=True)

    try:
        report = build(settings, waiting, create, warm, pages_in_place, changed)
    except PartlyPublished as error:
        print(
            f"error: build stopped while putting the new site in place ({error}); part of it "
            "is in place, and the next build finishes the job",
            file=sys.stderr,
        )
        return EXIT_FAILED, None
    except Exception as error:
        if not build_failed(error):
            raise
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
