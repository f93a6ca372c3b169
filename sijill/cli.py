"""The `sijill` command (also `python build.py`): build, check, explain, serve.

This module imports only the standard library and `sijill.errors` at start-up,
so `--help` and a usage error answer at once; each command loads what it needs.
Exit codes are part of the interface for CI pipelines (`sijill.errors`, README):
0 success; 1 warnings under --strict, or `check` found captures needing
attention; 2 bad settings, profiles, topics, wording, templates or usage; 3 the
build failed and the previous site was left untouched; 4 a bug (traceback printed).
"""

from __future__ import annotations

import argparse
import gc
import sys
import textwrap
import traceback
from pathlib import Path

from .errors import (
    EXIT_BUG,
    EXIT_CONFIG,
    EXIT_FAILED,
    ConfigError,
    InterruptedWhilePublishing,
    SettingsError,
    SijillError,
)

SETTINGS_FILE = "site.toml"


def global_options(parser: argparse.ArgumentParser, top: bool) -> None:
    """Options that mean the same for every command, accepted before or after its name.

    The subcommand's copy has no default (SUPPRESS), so `--strict build` keeps the
    value the top level read instead of resetting it.
    """

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--config",
        type=Path,
        default=default(None),
        metavar="PATH",
        help=f"the project's settings file (default: {SETTINGS_FILE} in this folder or the "
        "nearest folder above it)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=default(False),
        help="build: fail (exit 1) on any warning",
    )
    parser.add_argument(
        "--create",
        action="store_true",
        default=default(False),
        help="build: make the seeds and articles folders if they are missing (a new project)",
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="sijill",
        description="Build a static Arabic news archive from page captures.",
        epilog="examples:\n  python build.py\n  python build.py --strict\n"
        "  python build.py check --config path/to/site.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    global_options(main, top=True)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=textwrap.fill(description, 78),
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        global_options(sub, top=False)
        return sub

    command(
        "build",
        "clean new captures into articles/ and render the site (default)",
        "Clean every new or changed capture in seeds/ into an article file in articles/ "
        "(hand edits are kept), then render the site into the output folder. Only what "
        "changed is made again; a failed build leaves the previous site as it was.",
        "python build.py build --strict   # exit 1 if there is any warning (for CI)",
    )
    serve = command(
        "serve",
        "build, serve on 127.0.0.1, rebuild on changes and reload the page",
        "Build, then serve the site on 127.0.0.1 and build again whenever a capture, an "
        "article file, a template or the settings change; open pages reload themselves.",
        "python build.py serve --port 8080",
    )
    serve.add_argument("--port", default="8000", help="port (default 8000; 0 picks one)")
    command(
        "check",
        "read every capture, write nothing, and report those needing attention",
        "Read, clean and date every capture without writing anything, print a table of "
        "them and list the problems the build would warn about. Exit 1 when any needs "
        "attention.",
        "python build.py check",
    )
    explain = command(
        "explain",
        "show a capture line by line with the decision and rule for each",
        "Show a capture line by line: what the cleaner made of each line (title, "
        "paragraph, caption, dropped) and the rule that decided it.",
        "python build.py explain 002_f417e3593d31deb4.txt",
    )
    explain.add_argument("seed", help="a capture file, or its name inside the seeds folder")
    return main


def find_settings(start: Path) -> Path | None:
    """The project's settings file: in `start` or the nearest folder above it (as git
    finds its repository), so a command works from any folder of the project."""
    for folder in (start, *start.parents):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return candidate
    return None


def settings_path(given: Path | None) -> Path:
    """The settings file the command reads: the one given, or the project's found from here."""
    if given is not None:
        if not given.is_file():
            raise SettingsError(
                f"{given}: not found (point --config at a project's {SETTINGS_FILE})"
            )
        return given
    found = find_settings(Path.cwd().resolve())
    if found is None:
        raise SettingsError(
            f"no {SETTINGS_FILE} in this folder or any folder above it: run from a project "
            f"folder, or point at one with --config path/to/{SETTINGS_FILE}"
        )
    return found


#: Allocations between two runs of the cycle collector. The default (700) makes it
#: scan the build cache's hundreds of thousands of long-lived objects again and
#: again while they load; the build makes few cycles, so collecting less often
#: costs little memory and saves a fifth of a rebuild of a large archive.
GC_THRESHOLD = 100_000


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    args = parser().parse_args(argv)
    try:
        return run(args)
    except ConfigError as error:
        subject = f"{error.subject} " if error.subject else ""
        print(f"error: {subject}{error}", file=sys.stderr)
        return error.exit_code
    except SijillError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
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
    except Exception:  # a bug: exit 1 would read as "warnings under --strict" to CI
        traceback.print_exc()
        print("error: unexpected failure (a bug in sijill; please report it)", file=sys.stderr)
        return EXIT_BUG


def port_number(text: str) -> int | None:
    """The port `--port` names, or None if it names none (out of range, not a number)."""
    if not text.isascii() or not text.isdigit():
        return None
    port = int(text)
    return port if port <= 65535 else None


def run(args: argparse.Namespace) -> int:
    """Load the settings and run one command; its exit code."""
    from .config.settings import load_settings

    port = port_number(args.port) if args.command == "serve" else None
    if args.command == "serve" and port is None:
        # Said here, in one line: the socket library would raise OverflowError mid-start.
        print(
            f"error: --port must be a whole number from 0 to 65535, not {args.port!r}",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    config = settings_path(args.config)
    settings = load_settings(config)
    if port is not None:
        from .commands import serve

        return serve.run(settings, config, port)
    if args.command == "check":
        from .commands import check

        return check.run(settings)
    if args.command == "explain":
        from .commands import explain

        return explain.run(settings, args.seed)
    from .commands import build

    return build.run(settings, args.strict, args.create)
