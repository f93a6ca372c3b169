"""Full-text search on any static host: the search page, and the Pagefind index in shards.

Pagefind runs from the binary inside the `pagefind[bin]` wheel, so nothing is
downloaded at build time. It indexes only `<article data-pagefind-body>` (the
title, source, date and body of each article page); every other page, and the
navigation around an article, stays out of the index.

Pagefind cannot add a page to an index it built, and it holds every indexed
word in memory (about 0.2 MB per article page). So the archive is indexed in
shards, one per month (split further by a hash of the slug when a month holds
more than `SHARD_PAGES` pages), and the search page merges them in the browser
with Pagefind's `mergeIndex`. Adding or editing an article re-indexes only its
shard, and no Pagefind run holds more than one shard in memory. A shard is
keyed by what Pagefind reads of its pages (`indexed_digest`), not by what
they are made from: a template change around the article (the header, the
footer) renders every page again but indexes nothing.

Pagefind 1.5.2 on its own matches الاسد with الأسد, حَلَب with حلب, ادلب with
إدلب and وحلب/بحلب with حلب (its Arabic stemmer and diacritic folding), which
tests/test_search_browser.py checks, so the index is built from the text as
written. One thing shards change: a shard with no word starting with the
query's stem answers with words that are a prefix of it (ادلب finds «أ.ف.ب»);
static/search.js drops those results (see `genuine` there).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import pagefind_bin

from ..errors import IndexingError
from .files import link_or_copy
from .parallel import workers

BUNDLE = "pagefind"
#: The file Pagefind writes last into a shard: without it, the shard is incomplete.
ENTRY = "pagefind-entry.json"
#: Most Pagefind runs at once, whatever the number of cores: their memory adds up.
MAX_RUNS = 4
#: What Pagefind writes for its ready-made interfaces; the search page uses none of them.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def shard_keys(plan: Mapping[str, list[str]], indexed: Mapping[str, str]) -> dict[str, str]:
    """What each shard is made from: what Pagefind reads of each of its pages (`indexed`).

    Not the pages' own keys: those change with a neighbour's title in the
    pager, or a template's header, which Pagefind never indexes.
    """
    # Another Pagefind writes another index format: shards of two versions must never mix.
    made_by = f"pagefind {metadata.version('pagefind_bin')}"
    keys: dict[str, str] = {}
    for name, urls in plan.items():
        text = "\n".join(f"{url} {indexed.get(url, '')}" for url in urls)
        keys[name] = hashlib.sha256(f"{made_by}\n{text}".encode()).hexdigest()
    return keys


def stale_shards(
    plan: Mapping[str, list[str]],
    keys: Mapping[str, str],
    previous: Mapping[str, str],
    live: Path | None,
) -> list[str]:
    """The shards to index again: all but those the live site holds complete, from the same key."""
    return [
        name
        for name in plan
        if live is None
        or previous.get(name) != keys[name]
        or not (live / BUNDLE / name / ENTRY).is_file()
    ]


@contextmanager
def indexing(
    staging: Path,
    live: Path | None,
    todo: list[str],
    plan: Mapping[str, list[str]],
    scratch_prefix: str,
) -> Iterator[None]:
    """Index the `todo` shards into `staging` while the block runs.

    Pagefind processes, as many at a time as there are cores, each read a
    shard's pages from the staging folder (made again) or else the live site,
    so every page of those shards whose text changed must be in staging
    before the block. Its end waits for them and raises the first failure.

    The folders of links Pagefind reads are made here, before any process
    starts: the threads that wait for the processes then hold no lock the
    block's own work needs. They go beside the staging folder, named from
    `scratch_prefix`, so the next build clears any a killed build left.
    """
    if not todo:
        yield
        return
    try:
        executable = pagefind_bin.get_executable()
    except FileNotFoundError as error:
        raise IndexingError(f"the Pagefind binary is missing: {error}") from error
    folders = [staging] if live is None else [staging, live]
    with tempfile.TemporaryDirectory(prefix=scratch_prefix, dir=staging.parent) as scratch:
        sites = [link_pages(Path(scratch) / name, folders, plan[name]) for name in todo]
        pool = ThreadPoolExecutor(max_workers=min(workers(), MAX_RUNS, len(todo)))
        try:
            runs = [
                pool.submit(run_pagefind, executable, site, staging / BUNDLE / name, name)
                for site, name in zip(sites, todo, strict=True)
            ]
            yield
            for run in runs:
                run.result()  # raises the first failure, with Pagefind's own words
        finally:
            pool.shutdown(cancel_futures=True)


def link_pages(site: Path, folders: list[Path], urls: list[str]) -> Path:
    """A folder of hard links to a shard's pages, each from the first of `folders` that has it."""
    for url in urls:
        link = site / url
        link.parent.mkdir(parents=True, exist_ok=True)
        source = next((f / url for f in folders if (f / url).exists()), folders[-1] / url)
        link_or_copy(source, link)
    return site


def run_pagefind(executable: Path | str, site: Path, output: Path, name: str) -> None:
    """Index one shard's folder of pages into `output`, keeping only what the search page uses."""
    command = [str(executable), "--site", str(site), "--output-path", str(output), "--silent"]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=1800)
    except subprocess.CalledProcessError as error:
        output_text = (error.stderr or error.stdout or "").strip()
        raise IndexingError(
            f"Pagefind failed on shard {name} (exit {error.returncode}): {output_text}"
        ) from error
    except (OSError, subprocess.TimeoutExpired) as error:
        raise IndexingError(f"Pagefind could not run: {error}") from error
    for unused in UNUSED:
        (output / unused).unlink(missing_ok=True)
    check_shard(output, name)


def check_shard(output: Path, name: str) -> None:
    """Refuse a shard Pagefind reported as written but is not whole.

    On a full disk Pagefind can exit 0 leaving empty or cut files; its shard
    key would then keep the broken index through every later build.
    """
    try:
        entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
        empty = [p for p in output.rglob("*") if p.is_file() and p.stat().st_size == 0]
    except (OSError, ValueError) as error:
        raise IndexingError(f"Pagefind finished shard {name} without a usable index") from error
    if not isinstance(entry, dict) or empty:
        raise IndexingError(f"Pagefind left shard {name} incomplete (a full disk?)")
