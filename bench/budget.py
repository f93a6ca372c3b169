"""The page-weight budget of a built site, and its Lighthouse scores.

    python bench/budget.py [SITE_DIR] [--no-lighthouse]

Builds the shipped project into a throw-away copy when SITE_DIR is not given.
Prints, for the index and every article page, the bytes a reader must fetch
to read it (HTML plus the stylesheets it links; targets: article 30 KB,
index 60 KB, uncompressed), the scripts a reader needs (target 0; JSON-LD
data blocks are not scripts), then runs bench/lighthouse.py on the index and
one article (target 100 in each category). Figures are printed, not asserted:
they vary with the machine and are for a person to read.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bench import lighthouse  # noqa: E402
from bench.project import copy_project  # noqa: E402
from sijill.commands.build import build  # noqa: E402

TARGETS = {"index": 60 * 1024, "article": 30 * 1024}
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
SCRIPT = re.compile(r"<script(?![^>]*application/ld\+json)[^>]*>", re.IGNORECASE)


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """(HTML + linked CSS bytes, scripts a reader would run) for one page."""
    html = page.read_text(encoding="utf-8")
    total = page.stat().st_size
    for href in STYLESHEET.findall(html):
        total += (page.parent / href).resolve().stat().st_size
    return total, len(SCRIPT.findall(html))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, nargs="?", help="a built site; default: build one")
    parser.add_argument("--no-lighthouse", action="store_true", help="sizes only")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sijill-budget-") as tmp:
        site = args.site_dir
        if site is None:
            settings = copy_project(Path(tmp))
            build(settings)
            site = settings.output
        site = site.resolve()
        pages = [site / "index.html", *sorted((site / "articles").glob("*.html"))]
        print(f"{'page':<48} {'HTML+CSS bytes':>15} {'target':>8} {'scripts':>8}")
        over = 0
        for page in pages:
            kind = "index" if page.name == "index.html" else "article"
            size, scripts = page_weight(site, page)
            flag = "" if size <= TARGETS[kind] and scripts == 0 else "  OVER"
            over += bool(flag)
            name = page.relative_to(site).as_posix()
            print(f"{name:<48} {size:>15,} {TARGETS[kind]:>8,} {scripts:>8}{flag}")
        print(f"{over} page(s) over budget")
        if args.no_lighthouse:
            return 0
        article = pages[1].relative_to(site).as_posix() if len(pages) > 1 else None
        targets = ["index.html"] + ([article] if article else [])
        code = 0
        for preset in ("mobile", "desktop"):
            code |= lighthouse.main(
                [
                    str(site),
                    "--pages",
                    *targets,
                    "--preset",
                    preset,
                    "--prefix",
                    "/archive/",
                    "--verbose",
                ]
            )
        return code


if __name__ == "__main__":
    sys.exit(main())
