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
import traceback
from pathlib import Path

from .errors import (
    EXIT_BUG,
    EXIT_CONFIG,
    EXIT_FAILED,
    ConfigError,
    InterruptedWhilePublishing,
    SijillError,
)


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
    serve.add_argument("--port", default="8000", help="port (default 8000; 0 picks one)")
    commands.add_parser(
        "check", help="read every capture, write nothing, and report those needing attention"
    )
    explain = commands.add_parser(
        "explain", help="show a capture line by line with the decision and rule for each"
    )
    explain.add_argument("seed", help="a capture file, or its name inside the seeds folder")
    return main


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
    settings = load_settings(args.config)
    if port is not None:
        from .commands import serve

        return serve.run(settings, args.config, port)
    if args.command == "check":
        from .commands import check

        return check.run(settings)
    if args.command == "explain":
        from .commands import explain

        return explain.run(settings, args.seed)
    from .commands import build

    return build.run(settings, getattr(args, "strict", False))
