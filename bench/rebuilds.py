"""Command-line rebuilds of a kept project, timed by CPU as well as wall time.

    python bench/rebuilds.py DIR [--rounds 3]

DIR is a project an earlier `bench/scale.py N --keep` run kept (its `sijill/`
folder, or a copy of it): it is changed, a capture added or edited each round. Each
round runs, each build a separate `python -m sijill build`: a build with nothing to
do, adding the newest capture, adding one dated among older ones, editing a capture
and hand-editing an article. It prints each build's wall time and CPU time (user +
system, its workers and Pagefind included, as `wait4` counts them) and the medians.

Why CPU as well: on a shared machine wall time moves with the other processes' load,
while a build's CPU time moves much less; `scale.py` times only wall clocks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import DAYS, newest_number, write_captures  # noqa: E402

#: Where in the synthetic date range a back-dated capture falls: a multiple of 4, so of a
#: layout that states its date (`synthetic.capture_text`), about halfway through.
MIDDLE = 348

KINDS = ("noop", "add_newest", "add_back_dated", "edit_capture", "edit_article")


def build_cpu(project: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the build and every child it waited for)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sijill", "build"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):  # 3: built, with warnings
        raise SystemExit(f"the build of {project} failed with exit code {code}")
    return wall, usage.ru_utime + usage.ru_stime


def append_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)


def round_of_builds(project: Path, number: int) -> dict[str, tuple[float, float]]:
    """One of each kind of build; a capture added or edited, an article edited."""
    seeds = project / "seeds"
    highest = max(int(p.stem) for p in seeds.glob("*.txt") if p.stem.isdigit())
    figures = {"noop": build_cpu(project)}
    write_captures(seeds, 1, start=newest_number(highest + 1))
    figures["add_newest"] = build_cpu(project)
    highest = max(int(p.stem) for p in seeds.glob("*.txt") if p.stem.isdigit())
    older = highest + 1 + (MIDDLE - (highest + 1) % DAYS) % DAYS
    write_captures(seeds, 1, start=older)
    figures["add_back_dated"] = build_cpu(project)
    captures = sorted(seeds.glob("*.txt"))
    append_line(captures[len(captures) // 2 + number], f"\nفقرة أضيفت إلى الالتقاط {number}.\n")
    figures["edit_capture"] = build_cpu(project)
    articles = sorted((project / "articles").glob("*.md"))
    append_line(articles[len(articles) // 3 + number], f"\nفقرة أضافها المحرر {number}.\n")
    figures["edit_article"] = build_cpu(project)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a kept project (it is changed)")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    project = options.project.resolve()
    build_cpu(project)  # whatever the project's state, the rounds start from a built site
    rounds = [round_of_builds(project, number) for number in range(options.rounds)]
    print(f"{'build':<16}{'wall (each)':<28}{'CPU (each)':<28}median wall / CPU")
    for kind in KINDS:
        walls = [r[kind][0] for r in rounds]
        cpus = [r[kind][1] for r in rounds]
        each_wall = ", ".join(f"{w:.2f}" for w in walls)
        each_cpu = ", ".join(f"{c:.2f}" for c in cpus)
        print(
            f"{kind:<16}{each_wall:<28}{each_cpu:<28}"
            f"{statistics.median(walls):.2f} s / {statistics.median(cpus):.2f} s"
        )


if __name__ == "__main__":
    main()
