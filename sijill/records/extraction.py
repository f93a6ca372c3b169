"""One capture made into an article record: cleaned, dated, and its front matter filled in."""

from __future__ import annotations

from typing import Any

from ..extract.capture import Capture
from ..extract.clean import Extraction, clean
from ..extract.dating import DateEvidence, date_article
from ..extract.profiles import Profile
from .record import CLEANER_VERSION, blocks_to_markdown, make_slug


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
        "date_basis": str(result.basis),  # the plain word in the file
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
