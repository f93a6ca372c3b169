"""Full-page screenshots of every page kind to look at: `tests/artifacts/KIND-WIDTH-SCHEME.png`.

The shipped project is built into a temporary folder and served under a sub-path, as the
browser tests do; each kind of page (home, article, month, archive, topics, topic, search,
capture, 404 at a nested address) is shot at a phone's and a desktop's width, light and
dark, and printed to PDF-like emulation as `print-<kind>.png` at the desktop width:

    .venv/bin/python -m tests.tools.screenshots [--base-url https://example.org/archive/]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from bench.static_server import serve_directory
from tests.support.browser import launch_chromium

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind, relative to the site (the 404 page at a nested address)."""

    def first(pattern: str) -> str:
        return sorted(p.relative_to(site).as_posix() for p in site.glob(pattern))[0]

    return {
        "home": "index.html",
        "article": first("articles/2024-*.html"),
        "month": first("20*/*/index.html"),
        "archive": "archive.html",
        "topics": "topics.html",
        "topic": first("topics/*.html"),
        "search": "search.html?q=حلب",
        "capture": first("captures/*.html"),
        "404": "articles/2024/typo.html",
    }


def build(root: Path, base_url: str) -> Path:
    from sijill.commands.build import build as build_site
    from sijill.config.settings import load_settings

    for name in ("seeds", "templates", "articles"):
        shutil.copytree(ROOT / name, root / name)
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    if base_url:
        toml = toml.replace('base_url = ""', f'base_url = "{base_url}"', 1)
    (root / "site.toml").write_text(toml, encoding="utf-8")
    settings = load_settings(root / "site.toml")
    build_site(settings)
    return settings.output


def shoot(site: Path, kinds: list[str] | None = None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    shots = []
    wanted = {k: v for k, v in page_kinds(site).items() if not kinds or k in kinds}
    with (
        serve_directory(site, "/archive/", not_found_page="404.html") as base,
        sync_playwright() as pw,
    ):
        browser = launch_chromium(pw)
        for width in WIDTHS:
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": 800}, color_scheme=scheme
                )
                page = context.new_page()
                for kind, path in wanted.items():
                    page.goto(base + path, wait_until="networkidle")
                    shot = ARTIFACTS / f"{kind}-{width}-{scheme}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    shots.append(shot)
                    if width == WIDTHS[-1] and scheme == "dark":
                        page.emulate_media(media="print")
                        shot = ARTIFACTS / f"print-{kind}.png"
                        page.screenshot(path=str(shot), full_page=True)
                        shots.append(shot)
                        page.emulate_media(media="screen")
                context.close()
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="")
    parser.add_argument("kinds", nargs="*", help="only these page kinds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = build(Path(tmp), args.base_url)
        for shot in shoot(site, args.kinds):
            print(shot.relative_to(ROOT))


if __name__ == "__main__":
    main()
