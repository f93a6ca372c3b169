"""The search index is the same bytes on every file system.

Pagefind, given a folder, indexes pages in the order the file system lists
them, and its index files differ with that order: ext4 lists a folder in the
order of a hash of the names (with a seed of each disk's own), tmpfs in the
order the files were made. The build hands Pagefind its pages itself, in the
order of their URLs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from bench.layouts import Story, arabi21_dated
from bench.project import copy_project
from sijill.commands.build import build
from sijill.engine import pagefind
from sijill.engine.pagefind import BUNDLE


def memory_folder() -> Path:
    """A writable tmpfs mount (it lists a folder in creation order, unlike ext4)."""
    with open("/proc/mounts", encoding="utf-8") as mounts:
        places = [line.split()[1] for line in mounts if line.split()[2] == "tmpfs"]
    places = [place for place in places if not place.startswith(("/sys/", "/proc/"))]
    for place in places:
        if os.access(place, os.W_OK) and shutil.disk_usage(place).free > 200_000_000:
            return Path(place)
    raise AssertionError("this test needs a writable tmpfs mount, such as the one for shm")


def same_month_captures(seeds: Path) -> None:
    pool = [f"فقرة رقم {n} من خبر تجريبي عن سوريا." for n in range(40)]
    for n in range(24):
        story = Story(f"عنوان المقال {n}", pool[n : n + 3], 2024, 5, 1 + n)
        (seeds / f"s{n:03d}.txt").write_text(arabi21_dated(story, story), "utf-8")


def index_bytes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((site / BUNDLE).rglob("*"))
        if p.is_file()
    }


def listing_order(folder: Path, names: list[str]) -> list[str]:
    folder.mkdir()
    for name in names:
        (folder / name).touch()
    return os.listdir(folder)


def test_the_same_site_on_two_file_systems_gets_the_same_index_bytes(tmp_path):
    memory = Path(tempfile.mkdtemp(prefix="sijill-order-", dir=memory_folder()))
    try:
        names = [f"2024-05-{n:02d}-page.html" for n in range(1, 25)]
        # The two file systems really list a folder in different orders.
        assert listing_order(tmp_path / "probe", names) != listing_order(memory / "probe", names)
        sites = []
        for root in (tmp_path / "disk", memory / "memory"):
            settings = copy_project(root, articles=False)
            same_month_captures(settings.seeds)
            report = build(settings)
            # Seed 004 states no date: the one warning a fresh build of the seeds gives.
            assert len(report.new) == 29 and len(report.warnings) == 1, report.warnings
            sites.append(index_bytes(settings.output))
        assert sites[0] == sites[1] and len(sites[0]) > 20
    finally:
        shutil.rmtree(memory)


def test_pages_are_handed_to_pagefind_in_the_order_of_their_urls(project, monkeypatch):
    settings = project(articles=False)
    same_month_captures(settings.seeds)
    handed: list[str] = []
    send = pagefind.PagefindService.send

    def recording(self, payload):
        if payload["type"] == "AddFile":
            handed.append(payload["url"])
        return send(self, payload)

    monkeypatch.setattr(pagefind, "workers", lambda: 1)  # one shard at a time, in turn
    monkeypatch.setattr(pagefind.PagefindService, "send", recording)
    build(settings)
    may = [url for url in handed if url.startswith("/articles/2024-05-")]
    assert len(may) == 24 and may == sorted(may)
    first = handed.index(may[0])
    assert handed[first : first + len(may)] == may  # one shard's pages, in one run
