"""The build: seeds -> articles/ -> site, run as one transaction.

Bad captures are normal input for an archive: each one costs only itself (one
warning line naming the file and the reason), never the rest of the site. The
site is rendered into a temporary folder beside the output and swapped into
place only when complete, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import captures as _capture_pages  # noqa: F401  (registers capture pages, the manifest)
from . import topic_pages as _topic_pages  # noqa: F401  (registers the topic pages)
from .capture import Capture, CaptureError, read_capture
from .clean import Extraction, clean
from .dating import DateEvidence, date_article
from .profiles import Profile, default_profiles
from .record import (
    CLEANER_VERSION,
    Article,
    RecordError,
    blocks_to_markdown,
    make_slug,
    parse_record,
    read_record,
    render_record,
    write_atomically,
)
from .render import render_site
from .search import index_site
from .settings import Settings

SEED_SUFFIX = ".txt"


@dataclass
class Report:
    """What a build did, for the summary line and for tests."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published: int = 0

    def warn(self, file: str, reason: str) -> None:
        """One line, whatever the file name holds (a newline in a name must not split it)."""
        file = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in file)
        self.warnings.append(f"{file}: {reason}")

    def summary(self) -> str:
        return (
            f"{self.published} articles published: {len(self.new)} new, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged; "
            f"{len(self.warnings)} warnings"
        )


def find_seeds(root: Path, report: Report) -> Iterator[tuple[str, Path]]:
    """Every capture under `root` (sub-folders too, any case of ``.txt``), in a stable order.

    A symlink is followed only while it stays inside `root`: one that leads
    elsewhere could publish any file on the machine. Hidden files and folders
    (editor back-ups, ``.git``) are not captures; only the part of the path
    below `root` is looked at, so a project kept under a hidden folder still builds.
    """
    if not root.is_dir():
        report.warn(f"{root.name}/", "the seeds folder is missing; nothing to read")
        return
    base = root.resolve()
    for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        relative = path.relative_to(root)
        name = relative.as_posix()
        if any(p.startswith(".") for p in relative.parts):
            continue
        label = f"{root.name}/{name}"
        if path.is_symlink() and path.is_dir() and not path.resolve().is_relative_to(base):
            report.warn(
                label + "/",
                f"is a symlink to a folder outside {root.name}/; not read (move the captures in)",
            )
            continue
        if path.suffix.lower() != SEED_SUFFIX:
            continue
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(base):
                report.warn(
                    label,
                    f"is a symlink to a file outside {root.name}/; skipped "
                    "(copy the file in instead)",
                )
                continue
            if not target.exists():
                report.warn(label, "is a broken symlink; skipped (fix or delete it)")
                continue
        if path.is_file():
            yield name, path


def index_records(folder: Path, report: Report) -> dict[str, Article]:
    """Existing article files by the seed they were made from."""
    records: dict[str, Article] = {}
    if not folder.is_dir():
        return records
    for path in sorted(folder.glob("*.md")):
        try:
            article = read_record(path)
        except RecordError as error:
            report.warn(f"articles/{path.name}", f"{error}; not published until fixed")
            continue
        seed = str(article.meta.get("seed") or f"(no seed) {path.name}")
        if seed in records:
            report.warn(
                f"articles/{path.name}",
                f"describes the same seed as {records[seed].path.name}; ignored",
            )
            continue
        records[seed] = article
    return records


def extract_record(
    capture: Capture, profiles: tuple[Profile, tuple[Profile, ...]], slug: str | None
) -> tuple[dict[str, Any], str, Extraction]:
    """Clean and date one capture into record metadata and a Markdown body."""
    extraction = clean(capture, profiles)
    result = date_article(
        DateEvidence(
            stated=list(extraction.stated_dates),
            captions=[b.text for b in extraction.blocks if b.kind == "caption"],
            paragraphs=[b.text for b in extraction.blocks if b.kind == "paragraph"],
            related=list(extraction.related),
            captured=extraction.captured,
        )
    )
    meta: dict[str, Any] = {
        "title": " ".join(extraction.title.split()),
        "source": extraction.source,
        "date": result.date,
        "date_basis": result.basis,
        "date_note": result.note,
        "captured": extraction.captured,
        "seed": capture.name,
        "seed_sha256": capture.sha256,
        "slug": slug or make_slug(result.date, extraction.profile, capture.sha256),
        "encoding": capture.encoding,
        "profile": extraction.profile,
        "removed_lines": extraction.removed,
        "cleaner": CLEANER_VERSION,
    }
    return meta, blocks_to_markdown(extraction.blocks), extraction


def article_key(article: Article) -> str:
    """What makes two records the same article: source, title and text, not the file.

    Two saves of one page (even in encodings that lose a character of page
    furniture) give the same key; the same story from two sources never does.
    """
    meta = article.meta
    parts = (str(meta.get("profile", "")), str(meta.get("source", "")), article.title, article.body)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def read_captures(settings: Settings, report: Report, records: dict[str, Article]) -> list[Capture]:
    """Every readable capture once: refusals and exact duplicates are reported here.

    Of two captures with the same normalised text, the one that already has an
    article keeps it (its URL must not change); otherwise the first by name.
    """
    captures: list[Capture] = []
    for name, path in find_seeds(settings.seeds, report):
        label = f"{settings.seeds.name}/{name}"
        try:
            capture = read_capture(path, name, settings.max_capture_bytes)
        except CaptureError as error:
            report.warn(label, f"{error.reason}; skipped ({error.advice})")
            continue
        for note in capture.notes:
            report.warn(label, note)
        captures.append(capture)
    by_text: dict[str, Capture] = {}
    for capture in sorted(captures, key=lambda c: (c.name not in records, c.name)):
        by_text.setdefault(capture.text_sha256, capture)
    keep = {id(c) for c in by_text.values()}
    for capture in captures:
        if id(capture) not in keep:
            twin = by_text[capture.text_sha256]
            _duplicate(settings, report, records, capture.name, twin.name)
    return [c for c in captures if id(c) in keep]


def _duplicate(
    settings: Settings,
    report: Report,
    records: dict[str, Article],
    name: str,
    twin: str,
    same: str = "the same capture as",
) -> None:
    folder = settings.seeds.name
    record = records.pop(name, None)
    also = f"; its article file articles/{record.path.name} is not published" if record else ""
    report.warn(
        f"{folder}/{name}",
        f"is {same} {folder}/{twin}; published once, from {folder}/{twin}{also} "
        "(delete one of the two files)",
    )


def update_records(settings: Settings, report: Report) -> list[Article]:
    """Bring articles/ up to date with seeds/ and return every publishable article.

    Records that need no work are taken first, so a duplicate that arrives
    later never displaces an article that is already published.
    """
    profiles = default_profiles()
    records = index_records(settings.articles, report)
    readable = {record.path.name for record in records.values()}
    unreadable = {p.name for p in settings.articles.glob("*.md")} - readable
    captures = read_captures(settings, report, records)
    live: dict[str, Article] = {}
    seed_of: dict[str, str] = {}
    pending: list[tuple[Capture, Article | None]] = []

    def publish_once(article: Article, name: str) -> bool:
        key = article_key(article)
        if key in live:
            _duplicate(
                settings,
                report,
                records,
                name,
                seed_of[key],
                "the same article (source, title and text) as",
            )
            return False
        live[key], seed_of[key] = article, name
        return True

    for capture in captures:
        record = records.pop(capture.name, None)
        label = f"{settings.seeds.name}/{capture.name}"
        if record is not None and record.meta.get("seed_sha256") == capture.sha256:
            if record.edited or record.meta.get("cleaner") == CLEANER_VERSION:
                if publish_once(record, capture.name):
                    report.unchanged.append(capture.name)
                continue
        elif record is not None and record.edited:
            report.warn(
                f"articles/{record.path.name}",
                f"its seed {label} changed since the article was edited by hand; "
                "the edit is kept (delete the article file to regenerate it)",
            )
            if publish_once(record, capture.name):
                report.unchanged.append(capture.name)
            continue
        pending.append((capture, record))
    for capture, record in pending:
        label = f"{settings.seeds.name}/{capture.name}"
        try:
            meta, body, _ = extract_record(capture, profiles, record.slug if record else None)
        except CaptureError as error:
            report.warn(label, f"{error.reason}; skipped ({error.advice})")
            continue
        target = record.path if record else settings.articles / f"{meta['slug']}.md"
        if record is None and target.exists():
            # An article file the build could not read (already reported) or that
            # belongs to another seed: it may be an editor's work, never overwrite it.
            if target.name not in unreadable:
                report.warn(
                    label,
                    f"its article file articles/{target.name} belongs to another seed; skipped "
                    "(rename one of the two)",
                )
            continue
        text = render_record(meta, body)
        if not publish_once(parse_record(text, target), capture.name):
            continue
        write_atomically(target, text)
        (report.updated if record else report.new).append(capture.name)
    for seed, record in sorted(records.items()):
        report.warn(
            f"articles/{record.path.name}",
            f"its seed {settings.seeds.name}/{seed} is missing; still published "
            "(delete the article file to unpublish it)",
        )
        publish_once(record, seed)
    return list(live.values())


def publish(settings: Settings, articles: list[Article]) -> int:
    """Render into a temporary folder and swap it in; the old site survives any failure.

    The swap is two renames on one file system. If the second fails (or an
    interrupt lands between them) the old site is renamed back, so the output
    folder always holds either the old site or the new one, never a mixture.
    """
    out = settings.output
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        os.chmod(staging, 0o755)
        pages = render_site(settings, articles, staging)
        if settings.search:
            index_site(staging)  # last: it indexes the finished pages
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    moved = False
    try:
        if out.exists():
            out.rename(retired)
            moved = True
        staging.rename(out)
    except BaseException:
        if moved and not out.exists():
            retired.rename(out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return len(pages)


def build(settings: Settings) -> Report:
    """Run the whole pipeline once."""
    report = Report()
    articles = update_records(settings, report)
    report.published = publish(settings, articles)
    return report
