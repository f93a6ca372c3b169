"""What a page tells machines about itself: canonical link, Open Graph and JSON-LD.

Everything here carries text from captures (titles, sources, leads), so it is
built as data and serialised by an encoder that cannot be talked out of its
context: JSON-LD goes through `json.dumps` with `<`, `>` and `&` written as
`\\u003c`… so no title can close the `<script>` element; the rest goes through
the templates' autoescape.

Absolute URLs exist only when `site.toml` sets `base_url`; without it the site
must work under any sub-path and from disk, so nothing absolute is invented:
no canonical link and no `og:url` (an absolute URL we cannot know would be
wrong, and a relative canonical is refused by search engines' checkers).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..extract.basis import DateBasis
from .display import ShownDate, shown_date

if TYPE_CHECKING:
    from ..config.settings import Settings
    from .page import Page

_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(data: Any) -> Markup:
    """JSON that is safe inside `<script type="application/ld+json">`, byte-stable."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.translate(_JSON_ESCAPES))


def capture_url(page: Page) -> str:
    """Where the page showing an article's original capture lives (relative to the site root).

    The one place that path is spelled, for the capture pages themselves and for links to them.
    """
    return f"captures/{page.slug}.html"


def url_for(settings: Settings, root: str, path: str) -> str:
    """A site path as this page should cite it: absolute with base_url, else relative."""
    return settings.base_url + path if settings.base_url else root + path


def iso_datetime(iso: str) -> str:
    """A record's date as schema.org/Open Graph take it: ISO 8601, local time when timed.

    Captures never say which time zone a printed time is in, and both formats
    accept a time without an offset, so none is invented (Atom, which demands
    one, is the feed's own compromise).
    """
    return iso if len(iso) <= 10 else f"{iso[:16]}:00"


def published(page: Page) -> str | None:
    """The publication date, only when the capture itself states it.

    Inferred and supplied dates are the archive's estimate, not the publisher's
    claim, so they are never offered to machines as `datePublished`.
    """
    if page.date.iso and page.date.basis == DateBasis.STATED:
        return iso_datetime(page.date.iso)
    return None


def stated_update(page: Page) -> str | None:
    """The last update the page states (ISO), only beside a stated publication date: an
    estimated date has no publisher's update to go with it."""
    updated = page.record.meta.get("updated") if page.record is not None else None
    if not published(page) or not isinstance(updated, str):
        return None
    try:
        datetime.fromisoformat(updated)
    except ValueError:  # a hand edit that is not a date: nothing is claimed
        return None
    return updated


def modified(page: Page) -> str | None:
    """The stated update as schema.org/Open Graph take it."""
    updated = stated_update(page)
    return iso_datetime(updated) if updated else None


def article_jsonld(settings: Settings, page: Page, root: str, has_capture: bool) -> Markup:
    """schema.org NewsArticle for one article page."""
    based_on: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": str(page.record.meta.get("seed") or page.slug),
        "description": "الالتقاط النصي الأصلي الذي نُظّف منه هذا المقال",
    }
    digest = page.record.meta.get("seed_sha256")
    if digest:
        based_on["identifier"] = f"sha256:{digest}"
    if page.record.meta.get("captured"):
        based_on["dateCreated"] = str(page.record.meta["captured"])
    if has_capture:
        based_on["url"] = url_for(settings, root, capture_url(page))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "inLanguage": "ar",
        "isBasedOn": based_on,
        "url": url_for(settings, root, page.url),
    }
    if page.source:
        data["publisher"] = {"@type": "Organization", "name": page.source}
    if page.lead:
        data["description"] = page.lead
    date = published(page)
    if date:
        data["datePublished"] = date
    if changed := modified(page):
        data["dateModified"] = changed
    return script_json(data)


class PageMetadata:
    """The helpers templates call, bound to one site and its output folder.

    Registered as the templates' `metadata` global, so a template asks for what
    it needs instead of being fed loose variables.
    """

    def __init__(self, settings: Settings, out: Path) -> None:
        self.settings = settings
        self.out = out

    def url(self, root: str, path: str) -> str:
        return url_for(self.settings, root, path)

    def published(self, page: Page) -> str | None:
        return published(page)

    def modified(self, page: Page) -> str | None:
        return modified(page)

    def updated(self, page: Page) -> ShownDate | None:
        """The stated update, worded as every date is, for the article's header."""
        updated = stated_update(page)
        if updated is None:
            return None
        return shown_date(updated, DateBasis.STATED, None, self.settings.locale)

    def jsonld(self, page: Page, root: str, has_capture: bool) -> Markup:
        return article_jsonld(self.settings, page, root, has_capture)
