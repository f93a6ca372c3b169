"""The `sijill` command (also `python build.py`): build, check, explain, serve.

Exit codes are part of the interface for CI pipelines (see README):
0 success; 1 warnings under --strict, or `check` found captures needing
attention; 2 bad settings, profiles, topics, templates or usage; 3 the build failed
and the previous site was left untouched.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .profiles import ProfileError
from .publish import InterruptedWhilePublishing, PartlyPublished
from .record import RecordError
from .render import OutputPathError
from .search import IndexingError
from .settings import Settings, SettingsError, load_settings
from .topics import TopicsError

if TYPE_CHECKING:
    from .build import Report

EXIT_OK, EXIT_WARNINGS, EXIT_CONFIG, EXIT_FAILED = 0, 1, 2, 3


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="sijill", description="Build a static Arabic news archive from page captures."
    )
    main.add_argument(
        "--config", type=Path, default=Path("site.toml"), help="settings file (default: site.toml)"
    )
    commands = main.add_subparsers(dest="command")
    build = commands.add_parser(
        "build", help="clean new captures into articles/ and render the site (default)"
    )
    build.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning")
    serve = commands.add_parser(
        "serve", help="build, serve on 127.0.0.1, rebuild on changes and reload the page"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks one)")
    commands.add_parser(
        "check", help="read every capture, write nothing, and report those needing attention"
    )
    explain = commands.add_parser(
        "explain", help="show a capture line by line with the decision and rule for each"
    )
    explain.add_argument("seed", help="a capture file, or its name inside the seeds folder")
    return main


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


def run_build(settings: Settings, strict: bool) -> int:
    return build_and_say(settings, strict)[0]


def build_and_say(settings: Settings, strict: bool) -> tuple[int, Report | None]:
    """Build, print the warnings and summary; the exit code and the report (None on failure)."""
    from .build import build

    def waiting() -> None:
        print("waiting for another build of this site to finish…", file=sys.stderr, flush=True)

    try:
        report = build(settings, waiting)
    except PartlyPublished as error:
        print(
            f"error: build stopped while putting the new site in place ({error}); part of it "
            "is in place, and the next build finishes the job",
            file=sys.stderr,
        )
        return EXIT_FAILED, None
    except (jinja2.TemplateError, OSError, OutputPathError, IndexingError, RecordError) as error:
        print(
            f"error: build failed, previous site left untouched: {failure(error)}",
            file=sys.stderr,
        )
        return EXIT_FAILED, None
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    print(f"site written to {settings.output.name}/")
    if strict and report.warnings:
        print(
            f"error: --strict: {len(report.warnings)} warnings; the site was written but "
            "this run fails",
            file=sys.stderr,
        )
        return EXIT_WARNINGS, report
    return EXIT_OK, report


def run_serve(settings: Settings, config: Path, port: int) -> int:
    from .serve import open_server, serve

    try:
        server, state = open_server(settings, port)
    except OSError as error:
        print(
            f"error: cannot serve on 127.0.0.1:{port}: {failure(error)}; choose another --port",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    if run_build(settings, strict=False) == EXIT_FAILED:
        server.server_close()
        return EXIT_FAILED

    def rebuild() -> tuple[Settings | None, bool]:
        """The settings built with (None if the build failed) and whether the site changed."""
        try:
            fresh = load_settings(config)
        except SettingsError as error:
            print(f"error: {error}; still serving the previous site", file=sys.stderr)
            return None, False
        code, report = build_and_say(fresh, strict=False)
        if code != EXIT_OK or report is None:
            return None, False
        # The build's own writes to articles/ wake the watcher once more; a build that
        # wrote nothing leaves the open page as it is.
        return fresh, report.written > 0

    return serve(server, state, settings, config, rebuild)


#: Allocations between two runs of the cycle collector. The default (700) makes it
#: scan the build cache's hundreds of thousands of long-lived objects again and
#: again while they load; the build makes few cycles, so collecting less often
#: costs little memory and saves a fifth of a rebuild of a large archive.
GC_THRESHOLD = 100_000


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    args = parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        if args.command == "serve":
            return run_serve(settings, args.config, args.port)
        if args.command in ("check", "explain"):
            from .commands import run_command  # rich's tables: only these commands need them

            return run_command(settings, args)
        return run_build(settings, getattr(args, "strict", False))
    except ProfileError as error:
        print(f"error: source profile {error}", file=sys.stderr)
        return EXIT_CONFIG
    except InterruptedWhilePublishing:
        print(
            "error: interrupted while putting the new site in place; the next build finishes "
            "the job",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("error: interrupted; previous site left untouched", file=sys.stderr)
        return EXIT_FAILED
    except TopicsError as error:
        print(f"error: topics {error}", file=sys.stderr)
        return EXIT_CONFIG
