"""Full-text search on any static host: the search page, and the Pagefind index.

Pagefind runs from the binary inside the `pagefind[bin]` wheel, so nothing is
downloaded at build time. It indexes only `<article data-pagefind-body>` (the
title, source, date and body of each article page); every other page, and the
navigation around an article, stays out of the index.

Pagefind 1.5.2 on its own matches الاسد with الأسد, حَلَب with حلب, ادلب with
إدلب and وحلب/بحلب with حلب (its Arabic stemmer and diacritic folding), which
tests/test_search_browser.py checks, so the index is built from the text as written.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pagefind_bin

from .render import Entry, Renderer

BUNDLE = "pagefind"


class IndexingError(Exception):
    """Pagefind could not index the site; the message carries its own output."""


def write_search_page(renderer: Renderer, pages: list[Entry]) -> None:
    """search.html: works with the index when search is on, explains itself when not."""
    renderer.write("search.html", "search.html", bundle=f"{BUNDLE}/pagefind.js")


def index_key(urls: list[str], produced: dict[str, str]) -> str:
    """What the index is made from: every article page, by its key."""
    text = "\n".join(f"{url} {produced.get(url, '')}" for url in sorted(urls))
    return hashlib.sha256(text.encode()).hexdigest()


def index_site(site: Path, key: str = "", previous: str | None = None) -> str:
    """Build the Pagefind index inside `site` (the staging folder, before it is swapped in).

    Pagefind cannot add a page to an index it built, so any change to an
    article page means indexing every one again; when none changed, the index
    of the previous build (linked into the staging folder) is kept as it is.
    """
    bundle = site / BUNDLE
    if key and previous == key and (bundle / "pagefind.js").is_file():
        return key
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        executable = pagefind_bin.get_executable()
    except FileNotFoundError as error:
        raise IndexingError(f"the Pagefind binary is missing: {error}") from error
    command = [str(executable), "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
    # Only article pages carry an indexed body; reading the others is wasted time.
    command += ["--glob", "articles/*.html"]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=1800)
    except subprocess.CalledProcessError as error:
        output = (error.stderr or error.stdout or "").strip()
        raise IndexingError(f"Pagefind failed (exit {error.returncode}): {output}") from error
    except (OSError, subprocess.TimeoutExpired) as error:
        raise IndexingError(f"Pagefind could not run: {error}") from error
    if not (bundle / "pagefind.js").is_file():
        raise IndexingError("Pagefind finished but wrote no index")
    return key
