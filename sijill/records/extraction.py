"""One capture made into an article record: cleaned, dated, and its front matter filled in."""

from __future__ import annotations

from typing import Any

from ..errors import RecordError
from ..extract.capture import Capture
from ..extract.clean import clean
from ..extract.dating import DateEvidence, date_article
from ..extract.decisions import UNKNOWN_SOURCE, Extraction
from ..extract.profiles import Profile
from .record import (
    CLEANER_VERSION,
    Article,
    blocks_to_markdown,
    make_slug,
    markdown_limit,
    markdown_to_blocks,
)


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
            updated=list(extraction.updated_dates),
            page_dates=list(extraction.page_dates),
        )
    )
    meta: dict[str, Any] = {
        "title": " ".join(extraction.title.split()),
        "source": extraction.source,
        "date": result.date,
        "date_basis": str(result.basis),  # the plain word in the file
        "date_note": result.note,
        "updated": result.updated,
        "captured": extraction.captured,
        "seed": capture.name,
        "seed_sha256": capture.sha256,
        "slug": slug or make_slug(result.date, extraction.profile, capture.sha256),
        "encoding": capture.encoding,
        "profile": extraction.profile,
        "removed_lines": extraction.removed,
        "doubts": list(extraction.doubts) or None,
        "cleaner": CLEANER_VERSION,
    }
    return meta, blocks_to_markdown(extraction.blocks), extraction


UNDATED = "date unknown: supply one in the article file (date_basis: supplied)"


def cleaning_problems(meta: dict[str, Any]) -> list[str]:
    """What an editor should check in a record the cleaner made: one list for build and check.

    A source the cleaner could not name, a date it could not find, and every doubt
    it wrote into the record (a title chosen by position alone, little text, text
    left out). A record the editor has edited has been reviewed, so callers ask
    only of untouched ones (and :func:`edit_problems` of the others).
    """
    problems = []
    if not meta.get("date"):
        problems.append(UNDATED)
    if meta.get("source") == UNKNOWN_SOURCE:
        problems.append("its source is unknown (no profile, and the page does not name itself)")
    doubts = meta.get("doubts")
    if isinstance(doubts, list):
        unsure = [doubt for doubt in doubts if isinstance(doubt, str)]
        problems += [f"the cleaner is unsure: {doubt}" for doubt in unsure]
    return problems


def edit_problems(article: Article) -> list[str]:
    """What an editor should fix in an article file they edited: one list for build and check.

    A body the Markdown library would take minutes over (or recurse too deep
    in) is shown as written: the page is published, and this says why it looks
    plain. (An edited record has been reviewed: an unknown date is the editor's call.)
    """
    problems: list[str] = []
    try:
        body = article.body
    except RecordError:
        return problems  # changed while being read: the next build looks again
    if markdown_to_blocks(body) is not None:
        return problems  # the generated grammar: no Markdown library involved
    limit = markdown_limit(body)
    if limit:
        problems.append(f"its body is shown as written, not read as Markdown: {limit}")
    return problems


def review_advice(seed: str, slug: str) -> str:
    """Where an editor sees the line-by-line decisions behind a warning."""
    return f"review captures/{slug}.html or run `python build.py explain {seed}`"
