"""Dates as an Arabic reader recognises them, and how sure the archive is of each.

Month names come from CLDR through Babel (the site's locale picks the family:
`ar` نوفمبر, `ar_SY` تشرين الثاني, `ar_MA` نونبر) and the Hijri date from the
Umm al-Qura tables through hijridate, never from hand-made tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from babel.dates import format_date
from hijridate import Gregorian

from ..engine.plain import cacheable
from ..extract.basis import DateBasis


class BasisWording(NamedTuple):
    """What a reader is told of a date's basis, wherever the date is shown."""

    #: Beside the date on the article page.
    label: str
    #: What listings, search results and the feed say beside a bracketed date: short,
    #: but a reader on a phone (no hover) still tells the program's guess from the editor's.
    short: str
    #: The basis itself, on the capture page.
    capture: str


#: The one table of date-basis wording.
BASIS_WORDING = {
    DateBasis.STATED: BasisWording("", "", "مذكور في الالتقاط"),
    DateBasis.INFERRED: BasisWording(
        "تاريخ تقريبي مستنتج من نص الالتقاط", "تاريخ تقريبي مستنتج", "مستنتج من نص الالتقاط"
    ),
    DateBasis.SUPPLIED: BasisWording(
        "تاريخ تقريبي أضافه المحرر", "تاريخ تقريبي من المحرر", "أضافه المحرر"
    ),
    DateBasis.UNKNOWN: BasisWording("تاريخ النشر غير معروف", "", "غير معروف"),
}
NO_WORDING = BasisWording("", "", "")


@cacheable
@dataclass(frozen=True)
class ShownDate:
    """A date prepared for templates: the ISO value, the reader's text, and its certainty."""

    iso: str | None
    text: str
    hijri: str
    basis: str
    note: str | None

    @property
    def approximate(self) -> bool:
        return self.basis in (DateBasis.INFERRED, DateBasis.SUPPLIED)

    @property
    def label(self) -> str:
        return BASIS_WORDING.get(self.basis, NO_WORDING).label

    @property
    def short_label(self) -> str:
        return BASIS_WORDING.get(self.basis, NO_WORDING).short

    @property
    def full(self) -> str:
        """One plain-text line, as used in feeds and meta descriptions."""
        if self.iso is None:
            return self.label
        text = f"{self.text} · {self.hijri}" if self.hijri else self.text
        return f"[{text}] ({self.short_label})" if self.approximate else text


def parse_iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


@lru_cache(maxsize=4096)
def gregorian_text(value: str, locale: str) -> str:
    text = format_date(parse_iso(value), "EEEE d MMMM y", locale=locale)
    if len(value) > 10:
        text += f"، {value[11:16]}"
    return text


@lru_cache(maxsize=4096)
def hijri_text(value: str) -> str:
    day = parse_iso(value)
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return ""  # outside the Umm al-Qura tables: show the Gregorian date alone
    # A no-break space: the era sign must not wrap onto a line of its own.
    return f"{hijri.day} {hijri.month_name('ar')} {hijri.year}\u00a0هـ"


@lru_cache(maxsize=1024)
def month_heading(month: str, locale: str) -> str:
    """'2024-11' -> 'نوفمبر 2024' in the locale's month family."""
    return format_date(dt.date.fromisoformat(month + "-01"), "MMMM y", locale=locale)


def shown_date(iso: str | None, basis: str, note: str | None, locale: str) -> ShownDate:
    if not iso:
        return ShownDate(None, BASIS_WORDING[DateBasis.UNKNOWN].label, "", "unknown", note)
    return ShownDate(iso, gregorian_text(iso, locale), hijri_text(iso), basis, note)
