"""Lighthouse scores for pages of a built site, offline, against Debian's Chromium.

    python bench/lighthouse.py _site --pages index.html articles/x.html [--prefix /archive/]

Serves SITE_DIR on loopback (under ``--prefix``), runs the pinned Lighthouse from
tools/node_modules on each page and prints the four category scores (0-100) as a table.
With ``--runs N`` each page is measured N times and the median kept; ``--fail-under S``
exits 1 when any score is below S; ``--save DIR`` keeps the full JSON reports.
Install the tools first with ``.ci/install-system``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bench.chromium import CHROMIUM_ARGS, chromium_path  # noqa: E402
from bench.static_server import serve_directory  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = PROJECT_ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"


def run_lighthouse(url: str, preset: str, timeout: float) -> dict:
    """One Lighthouse run; returns the parsed JSON report."""
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url} ({proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    return report


def scores(report: dict) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for cat in CATEGORIES:
        score = report.get("categories", {}).get(cat, {}).get("score")
        out[cat] = None if score is None else round(score * 100)
    return out


def failing_audits(report: dict, category: str) -> list[str]:
    """Ids of the audits that cost ``category`` points (score below 1)."""
    cat = report.get("categories", {}).get(category, {})
    audits = report.get("audits", {})
    ids = []
    for ref in cat.get("auditRefs", []):
        audit = audits.get(ref["id"], {})
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            ids.append(ref["id"])
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, help="built site folder, e.g. _site")
    parser.add_argument(
        "--pages", nargs="+", default=["index.html"], help="paths relative to SITE_DIR"
    )
    parser.add_argument("--prefix", default="/", help="URL sub-path the site is served under")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    parser.add_argument("--timeout", type=float, default=240, help="seconds per run")
    parser.add_argument("--fail-under", type=float, help="exit 1 if any score is below this")
    parser.add_argument("--save", type=Path, help="folder to keep the JSON reports in")
    parser.add_argument("--verbose", action="store_true", help="list audits that lost points")
    args = parser.parse_args(argv)

    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run .ci/install-system", file=sys.stderr)
        return 2
    site = args.site_dir.resolve()
    missing = [p for p in args.pages if not (site / p).is_file()]
    if missing:
        print(f"not in {site}: {', '.join(missing)}", file=sys.stderr)
        return 2

    rows: list[tuple[str, dict[str, float | None]]] = []
    with serve_directory(site, args.prefix) as base:
        for page in args.pages:
            url = base + page.removeprefix("/")
            runs = []
            for i in range(args.runs):
                report = run_lighthouse(url, args.preset, args.timeout)
                runs.append(scores(report))
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    name = page.replace("/", "__") + f".{i + 1}.json"
                    (args.save / name).write_text(json.dumps(report), encoding="utf-8")
                if args.verbose:
                    for cat in CATEGORIES:
                        lost = failing_audits(report, cat)
                        if lost:
                            print(f"{page} [{cat}] lost points on: {', '.join(lost)}")
            median = {}
            for cat in CATEGORIES:
                values = [r[cat] for r in runs if r[cat] is not None]
                median[cat] = statistics.median(values) if values else None
            rows.append((page, median))

    width = max(len("page"), *(len(p) for p, _ in rows))
    header = f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES)
    print(f"Lighthouse {args.preset}, {args.runs} run(s) per page, median score 0-100")
    print(header)
    print("-" * len(header))
    for page, row in rows:
        cells = "  ".join(f"{'n/a' if row[c] is None else f'{row[c]:g}':>14}" for c in CATEGORIES)
        print(f"{page:<{width}}  {cells}")

    if args.fail_under is not None:
        low = [
            (p, c, v) for p, row in rows for c, v in row.items() if v is None or v < args.fail_under
        ]
        if low:
            for p, c, v in low:
                print(f"below {args.fail_under:g}: {p} {c} = {v}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
