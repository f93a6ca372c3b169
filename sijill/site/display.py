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

    #: The badge beside an estimated date (empty for a stated one); the undated text.
    badge: str
    #: One line of plain words beside the badge in listings, search results and the feed:
    #: a reader on a phone (no hover) still tells the program's estimate from the editor's.
    short: str
    #: The article page's line under its date, before the note saying how it was estimated.
    long: str
    #: The basis itself, on the capture page.
    capture: str


#: The one table of date-basis wording.
BASIS_WORDING = {
    DateBasis.STATED: BasisWording("", "", "", "مذكور في الالتقاط"),
    DateBasis.INFERRED: BasisWording(
        "تاريخ مقدَّر",
        "قدّره الأرشيف من نص المقال",
        "لم تذكر الصفحة تاريخ نشرها، فقدّره الأرشيف من نصها.",
        "مستنتج من نص الصفحة",
    ),
    DateBasis.SUPPLIED: BasisWording(
        "تاريخ مقدَّر",
        "قدّره محرر الأرشيف",
        "لم تذكر الصفحة تاريخ نشرها، فقدّره محرر الأرشيف.",
        "أضافه المحرر",
    ),
    DateBasis.UNKNOWN: BasisWording("تاريخ النشر غير معروف", "", "", "غير معروف"),
}
NO_WORDING = BasisWording("", "", "", "")


@cacheable
@dataclass(frozen=True)
class ShownDate:
    """A date prepared for templates: the ISO value, each calendar's text, and its certainty.

    Each part (`gregorian`, `hijri`, `time`) is shown whole on one line, so none is
    ever split: a reader never sees «1446 هـ» wrap alone onto a line.
    """

    iso: str | None
    #: The Gregorian day without its weekday ("29 نوفمبر 2024").
    day: str
    weekday: str
    hijri: str
    basis: str
    note: str | None
    #: The time the page stated ("19:37"), or "".
    clock: str = ""

    @property
    def approximate(self) -> bool:
        return self.basis in (DateBasis.INFERRED, DateBasis.SUPPLIED)

    @property
    def wording(self) -> BasisWording:
        return BASIS_WORDING.get(self.basis, NO_WORDING)

    @property
    def label(self) -> str:
        """What stands for a date the archive does not know."""
        return BASIS_WORDING[DateBasis.UNKNOWN].badge if self.iso is None else ""

    @property
    def gregorian(self) -> str:
        """The Gregorian date; no weekday beside an estimate, which would look exact."""
        if self.approximate or not self.weekday:
            return self.day
        return f"{self.weekday} {self.day}"

    @property
    def time(self) -> str:
        """The stated time, saying whose clock it is: the page gives no time zone."""
        return f"الساعة {self.clock} بتوقيت المصدر" if self.clock else ""

    @property
    def parts(self) -> tuple[str, ...]:
        """The unbreakable parts, in reading order: Gregorian, Hijri, time."""
        return tuple(part for part in (self.gregorian, self.hijri, self.time) if part)

    @property
    def full(self) -> str:
        """One plain-text line, as used in the feed."""
        if self.iso is None:
            return self.label
        text = f"{self.gregorian} · {self.hijri}" if self.hijri else self.gregorian
        if self.time:
            text += f"، {self.time}"
        if self.approximate:
            text += f" ({self.wording.badge}، {self.wording.short})"
        return text


def parse_iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


@lru_cache(maxsize=4096)
def gregorian_text(value: str, locale: str) -> tuple[str, str]:
    """The weekday and the day ("29 نوفمبر 2024") in the locale's month family."""
    day = parse_iso(value)
    return format_date(day, "EEEE", locale=locale), format_date(day, "d MMMM y", locale=locale)


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
        return ShownDate(None, "", "", "", "unknown", note)
    weekday, day = gregorian_text(iso, locale)
    clock = iso[11:16] if len(iso) > 10 else ""
    return ShownDate(iso, day, weekday, hijri_text(iso), basis, note, clock)
