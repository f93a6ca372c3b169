#!/usr/bin/env python3
"""Cleaning cost per capture: this checkout side by side with an earlier commit.

    python bench/cleaning_cost.py [--against REV] [--captures N] [--rounds R] [--instructions]

The issue that made the cleaner source-independent asked that cleaning cost no
more per capture than before it. This script checks that claim the only honest
way: both cleaners, on the same captures, in alternating runs on the same
machine, so that load from anything else falls on both.

Each run is a fresh interpreter that reads the captures, warms up on the first
five, then cleans and dates the rest once (`extract_record`, exactly as a
build does) and reports CPU time per capture. Two sets are timed:
- synthetic: N captures in the three known layouts (bench/synthetic.py), where
  furniture repeats from capture to capture as it does within one site;
- labelled: the fixture captures and the shipped seeds, every one different.

REV (default: the commit before the cleaner was rewritten) is checked out into
a temporary worktree, which is removed afterwards.

CPU time drifts with whatever else the machine runs. `--instructions` counts
instructions under valgrind's callgrind instead (one run each, slow, the same
count every time): a run that only reads the captures is subtracted from one
that also cleans them.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_captures  # noqa: E402

#: The last commit with the three-layout cleaner.
BEFORE = "b155aea"

#: Run inside each tree: the package's API moved between the two layouts, so
#: both import paths are tried. Prints milliseconds of CPU per capture.
WORKER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
# An editable install answers for modules the tree lacks: only the tree may answer.
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
try:
    from sijill.extract.capture import read_capture
    from sijill.extract.profiles import default_profiles
    from sijill.records.extraction import extract_record
except ImportError:
    from sijill.capture import read_capture
    from sijill.profiles import default_profiles
    from sijill.build import extract_record
captures = [read_capture(p, p.name, 50_000_000) for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
profiles = default_profiles()


def clean(capture):
    try:
        extract_record(capture, profiles, None)
    except Exception:  # the old cleaner refuses some captures: that costs time too
        pass


for capture in captures[:5]:
    clean(capture)
timed = captures[5:] or captures
started = time.process_time()
for capture in timed if sys.argv[3] == "clean" else ():
    clean(capture)
print((time.process_time() - started) * 1000 / len(timed), len(timed))
"""


def labelled_captures(folder: Path) -> None:
    """Copy the fixtures and the seeds into one folder, renamed so that none collide."""
    folder.mkdir(parents=True)
    sources = [
        ("c", ROOT / "tests" / "fixtures" / "captures"),
        ("h", ROOT / "tests" / "fixtures" / "heldout"),
        ("s", ROOT / "seeds"),
    ]
    for prefix, source in sources:
        for path in sorted(source.glob("*.txt")):
            (folder / f"{prefix}-{path.name}").write_bytes(path.read_bytes())


def cost(tree: Path, captures: Path) -> float:
    """Milliseconds of CPU per capture for the cleaner in `tree`."""
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(tree), str(captures), "clean"],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[0])


def instructions(tree: Path, captures: Path) -> float:
    """Millions of instructions per capture for the cleaner in `tree`, under callgrind."""
    counts = {}
    for step in ("read", "clean"):
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
                sys.executable,
                "-c",
                WORKER,
                str(tree),
                str(captures),
                step,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        counts[step] = int(re.search(r"Collected : (\d+)", done.stderr)[1])
        timed = int(done.stdout.split()[1])
    return (counts["clean"] - counts["read"]) / timed / 1e6


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--against", default=BEFORE, help=f"earlier commit (default {BEFORE})")
    options.add_argument("--captures", type=int, default=400, help="synthetic captures (400)")
    options.add_argument("--rounds", type=int, default=5, help="alternating runs per tree (5)")
    options.add_argument(
        "--instructions", action="store_true", help="count instructions under callgrind instead"
    )
    args = options.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cleaning-cost-") as scratch:
        work = Path(scratch)
        before = work / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before), args.against],
            capture_output=True,
            check=True,
        )
        try:
            write_captures(work / "synthetic", args.captures)
            labelled_captures(work / "labelled")
            if args.instructions:
                print("millions of instructions per capture (callgrind)")
            else:
                print(f"CPU ms per capture, {args.rounds} alternating runs each (min / median)")
            print(f"{'captures':<28}{args.against:>18}{'this checkout':>18}")
            for name in ("synthetic", "labelled"):
                count = len(list((work / name).glob("*.txt")))
                if args.instructions:
                    cells = [f"{instructions(tree, work / name):.1f}" for tree in (before, ROOT)]
                else:
                    runs: dict[Path, list[float]] = {before: [], ROOT: []}
                    for _ in range(args.rounds):
                        for tree in runs:
                            runs[tree].append(cost(tree, work / name))
                    cells = [f"{min(r):6.2f} / {statistics.median(r):5.2f}" for r in runs.values()]
                print(f"{f'{name} ({count})':<28}{cells[0]:>18}{cells[1]:>18}")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)],
                capture_output=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
