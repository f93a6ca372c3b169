"""Full-text search on any static host: the search page, and the Pagefind index in shards.

Pagefind runs from the binary inside the `pagefind[bin]` wheel, so nothing is
downloaded at build time, in its service mode: the build hands it each shard's
pages in the order of their URLs, so the index is the same bytes on every file
system (`run_pagefind`). It indexes only `<article data-pagefind-body>` (the
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

import base64
import contextlib
import hashlib
import json
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from importlib import metadata
from pathlib import Path
from typing import Any

import pagefind_bin

from ..errors import IndexingError
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


#: Where an article page's indexed part starts: Pagefind reads nothing outside it.
BODY = "<article data-pagefind-body"


def indexed_part(html: str) -> str:
    """What Pagefind reads of an article page: its `<html>` tag (the language) and its body.

    A template that marks no body has the whole page indexed, and keyed whole.
    """
    start = html.find(BODY)
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return html
    opening = html.find("<html")
    tag = html[opening : html.find(">", opening) + 1] if opening >= 0 else ""
    return tag + html[start:end]


def indexed_digest(html: str) -> str:
    return hashlib.sha256(indexed_part(html).encode("utf-8", "surrogatepass")).hexdigest()


def shard_keys(plan: Mapping[str, list[str]], indexed: Mapping[str, str]) -> dict[str, str]:
    """What each shard is made from: what Pagefind reads of each of its pages (`indexed`).

    Not the pages' own keys: those change with a neighbour's title in the
    pager, or a template's header, which Pagefind never indexes.
    """
    made_by = maker()
    return {name: shard_key(made_by, urls, indexed) for name, urls in plan.items()}


def maker() -> str:
    """The Pagefind in use: another one writes another index format, and shards of two
    versions must never mix."""
    return f"pagefind {metadata.version('pagefind_bin')}"


def shard_key(made_by: str, urls: list[str], indexed: Mapping[str, str]) -> str:
    text = "\n".join(f"{url} {indexed.get(url, '')}" for url in urls)
    return hashlib.sha256(f"{made_by}\n{text}".encode()).hexdigest()


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


class Indexing:
    """The Pagefind runs of one build, started as soon as each shard's pages are written.

    A cold build renders the article pages newest first, a month at a time, on
    every core: a shard whose pages are all made (`made`) is indexed from then
    on, beside the rendering of the rest, instead of after it. What is left
    (shards with pages kept from the last build, or whose plan changed because
    an article failed) starts once every article page is made (`rest`).
    Pagefind processes, as many at a time as there are cores, each read a
    shard's pages from the staging folder (made again) or else the live site.
    Leaving the block waits for them and raises the first failure.
    """

    def __init__(
        self,
        staging: Path,
        live: Path | None,
        plan: Mapping[str, list[str]],
        previous: Mapping[str, str],
    ) -> None:
        self.staging, self.live, self.plan, self.previous = staging, live, plan, previous
        self.folders = [staging] if live is None else [staging, live]
        self.made_by = maker() if plan else ""
        #: Each shard's pages not yet made in this build.
        self.waiting = {name: set(urls) for name, urls in plan.items()}
        self.shard_of = {url: name for name, urls in plan.items() for url in urls}
        self.indexed: dict[str, str] = {}
        #: Shards under way: the key they were started from, and the run.
        self.runs: dict[str, tuple[str, Future[None]]] = {}
        self.pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> Indexing:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if self.pool is None:
            return
        try:
            if kind is None:
                for _, run in self.runs.values():
                    run.result()  # raises the first failure, with Pagefind's own words
        finally:
            self.pool.shutdown(cancel_futures=True)

    def running(self) -> bool:
        """Whether a Pagefind run of this build has yet to finish."""
        return any(not run.done() for _, run in self.runs.values())

    def made(self, indexed: Mapping[str, str]) -> None:
        """Article pages now written (URL -> what Pagefind reads of each): start each shard
        they complete, if the live site does not already hold its index."""
        self.indexed.update(indexed)
        for url in indexed:
            name = self.shard_of.get(url)
            left = self.waiting.get(name) if name is not None else None
            if left is None or url not in left:
                continue
            left.discard(url)
            if not left and name is not None and name not in self.runs:
                key = shard_key(self.made_by, self.plan[name], self.indexed)
                if stale_shards({name: []}, {name: key}, self.previous, self.live):
                    self.start(name, key, self.plan[name])

    def rest(self, plan: Mapping[str, list[str]], keys: Mapping[str, str], todo: list[str]) -> None:
        """Every article page is made: index the `todo` shards not already under way."""
        for name in todo:
            started = self.runs.get(name)
            if started is not None and started[0] == keys[name]:
                continue
            if started is not None:  # made from pages since left out: made again
                wait([started[1]])
                shutil.rmtree(self.staging / BUNDLE / name, ignore_errors=True)
            self.start(name, keys[name], plan[name])
        for name in set(self.runs) - set(todo):  # a shard no longer planned
            wait([self.runs.pop(name)[1]])
            shutil.rmtree(self.staging / BUNDLE / name, ignore_errors=True)

    def start(self, name: str, key: str, urls: list[str]) -> None:
        if self.pool is None:
            try:
                self.executable = pagefind_bin.get_executable()
            except FileNotFoundError as error:
                raise IndexingError(f"the Pagefind binary is missing: {error}") from error
            self.pool = ThreadPoolExecutor(max_workers=min(workers(), MAX_RUNS))
        bundle = self.staging / BUNDLE
        run = self.pool.submit(run_pagefind, self.executable, self.folders, urls, bundle, name)
        self.runs[name] = (key, run)


def run_pagefind(
    executable: Path | str, folders: list[Path], urls: list[str], bundle: Path, name: str
) -> None:
    """Index one shard's pages into `bundle`/`name`, keeping only what the search page uses.

    Each page is read from the first of `folders` that has it and handed to
    Pagefind's service mode in the order of its URL. Given a folder, Pagefind
    indexes pages in the order the file system lists them, and its index files
    differ with that order: two file systems (or two ext4 disks, whose order is
    a hash with a seed of their own) gave two indexes of the same site. The
    service takes pages one at a time, in the order sent.

    The index comes back as files in its answer, written here: the service
    answers a request to write them itself before they are all on disk.
    """
    output = bundle / name
    with PagefindService(executable, name) as service:
        index = service.ask({"type": "NewIndex", "config": None})["index_id"]
        for url in sorted(urls):
            source = next((f / url for f in folders if (f / url).exists()), folders[-1] / url)
            try:
                text = source.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise IndexingError(f"Pagefind could not read {url}: {error}") from error
            # Only what it reads of the page: the same index, from a third of the text.
            page = {"type": "AddFile", "index_id": index, "url": f"/{url}"}
            service.send({**page, "file_contents": indexed_part(text)})
        for _ in urls:
            service.answer()
        files = service.ask({"type": "GetFiles", "index_id": index}).get("files") or []
    for file in files:
        relative = str(file["path"])
        parts = relative.split("/")
        if relative in UNUSED or parts[0] == "playground":
            continue
        if relative.startswith("/") or "" in parts or ".." in parts or "\\" in relative:
            raise IndexingError(f"Pagefind named a file {relative!r} outside shard {name}")
        target = output.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(file["content"]))
    check_shard(output, name)


class PagefindService:
    """One `pagefind --service` process: requests in, one answer each, in order.

    Its protocol is base64-encoded JSON messages, each ended by a comma, on
    standard input and output; it handles one message at a time. A run that
    takes longer than `TIMEOUT` seconds is killed.
    """

    TIMEOUT = 1800

    def __init__(self, executable: Path | str, shard: str) -> None:
        self.shard = shard
        # What Pagefind says on failure; closed with the service (`__exit__`).
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as error:
            self.errors.close()
            raise IndexingError(f"Pagefind could not run: {error}") from error
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.timer = threading.Timer(self.TIMEOUT, self.process.kill)
        self.timer.start()
        self.pending = bytearray()
        self.sent = 0

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        with contextlib.suppress(OSError):
            self.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stdout.close()
        self.errors.close()

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer; a refusal raises `IndexingError`."""
        self.send(payload)
        return self.answer()

    def send(self, payload: dict[str, Any]) -> None:
        """Send one request without waiting for its answer (`answer` reads them in order).

        The service reads its input as it comes and answers requests one at a
        time, in the order sent, so pages sent at once are indexed in that order;
        and it never waits for its answers to be read, so sending never blocks.
        """
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}, ensure_ascii=False)
        try:
            self.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except (OSError, ValueError) as error:
            raise self._failure(str(error)) from error

    def answer(self) -> dict[str, Any]:
        """The answer to the oldest request not yet answered; a refusal raises `IndexingError`."""
        try:
            self.stdin.flush()
            answer = self._read()
        except (OSError, ValueError) as error:
            raise self._failure(str(error)) from error
        reply = answer.get("payload") or {}
        if reply.get("type") == "Error":
            raise self._failure(str(reply.get("message", "")))
        return reply

    def _read(self) -> dict[str, Any]:
        """The next answer. An index comes back as one message of megabytes: the buffer
        grows in place and only what arrived is searched for the comma, so reading it
        costs its length, not its square."""
        buffer, searched = self.pending, 0
        while (end := buffer.find(b",", searched)) < 0:
            searched = len(buffer)
            chunk = self.stdout.read1(1 << 16)
            if not chunk:
                raise ValueError("it stopped without answering")
            buffer += chunk
        message, self.pending = bytes(buffer[:end]), buffer[end + 1 :]
        return json.loads(base64.b64decode(message))

    def _failure(self, reason: str) -> IndexingError:
        self.timer.cancel()
        self.process.kill()
        self.process.wait()
        self.errors.seek(0)
        said = self.errors.read().decode("utf-8", "replace").strip()
        return IndexingError(f"Pagefind failed on shard {self.shard}: {said or reason}")


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
