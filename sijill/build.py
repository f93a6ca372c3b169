"""The build: seeds -> articles/ -> site, run as one transaction.

Bad captures are normal input for an archive: each one costs only itself (one
warning line naming the file and the reason), never the rest of the site. The
site is rendered into a temporary folder beside the output and swapped into
place only when complete, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import captures  # noqa: F401  (registers capture pages, raw captures, the manifest)
from . import topic_pages  # noqa: F401  (registers the topic pages with the renderer)
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
        self.warnings.append(f"{file}: {reason}")

    def summary(self) -> str:
        return (
            f"{self.published} articles published: {len(self.new)} new, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged; "
            f"{len(self.warnings)} warnings"
        )


def find_seeds(root: Path, report: Report) -> Iterator[tuple[str, Path]]:
    """Every capture under `root` (sub-folders too), in a stable order.

    A symlink is followed only while it stays inside `root`: one that leads
    elsewhere could publish any file on the machine.
    """
    base = root.resolve()
    for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        name = path.relative_to(root).as_posix()
        if path.suffix.lower() != SEED_SUFFIX or any(part.startswith(".") for part in path.parts):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(base):
            report.warn(
                f"seeds/{name}",
                "is a symlink to a file outside seeds/; skipped (copy the file in instead)",
            )
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


def update_records(settings: Settings, report: Report) -> list[Article]:
    """Bring articles/ up to date with seeds/ and return every publishable article."""
    profiles = default_profiles()
    records = index_records(settings.articles, report)
    seen_text: dict[str, str] = {}
    live: list[Article] = []
    for name, path in find_seeds(settings.seeds, report):
        label = f"seeds/{name}"
        try:
            capture = read_capture(path, name, settings.max_capture_bytes)
        except CaptureError as error:
            report.warn(label, f"{error}; skipped, nothing published for it")
            continue
        twin = seen_text.setdefault(capture.text_sha256, name)
        if twin != name:
            report.warn(
                label, f"is the same capture as seeds/{twin}; published once, remove one of them"
            )
            continue
        record = records.pop(name, None)
        if (
            record is not None
            and record.meta.get("seed_sha256") == capture.sha256
            and (record.edited or record.meta.get("cleaner") == CLEANER_VERSION)
        ):
            report.unchanged.append(name)
            live.append(record)
            continue
        if record is not None and record.edited:
            report.warn(
                f"articles/{record.path.name}",
                f"its seed {label} changed since the article was edited by hand; "
                "the edit is kept (delete the article file to regenerate it)",
            )
            report.unchanged.append(name)
            live.append(record)
            continue
        try:
            meta, body, _ = extract_record(capture, profiles, record.slug if record else None)
        except CaptureError as error:
            report.warn(label, f"{error}; skipped, nothing published for it")
            continue
        target = record.path if record else settings.articles / f"{meta['slug']}.md"
        text = render_record(meta, body)
        write_atomically(target, text)
        (report.updated if record else report.new).append(name)
        live.append(read_record(target))
    for seed, record in sorted(records.items()):
        report.warn(
            f"articles/{record.path.name}", f"its seed seeds/{seed} is missing; still published"
        )
        live.append(record)
    return live


def publish(settings: Settings, articles: list[Article]) -> int:
    """Render into a temporary folder and swap it in; the old site survives any failure."""
    out = settings.output
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{out.name}.build-", dir=out.parent))
    try:
        os.chmod(staging, 0o755)
        pages = render_site(settings, articles, staging)
        if settings.search:
            index_site(staging)  # last: it indexes the finished pages
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = out.with_name(f"{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)
    return len(pages)


def build(settings: Settings) -> Report:
    """Run the whole pipeline once."""
    report = Report()
    articles = update_records(settings, report)
    report.published = publish(settings, articles)
    return report
