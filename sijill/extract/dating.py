"""The "date it" stage: find when an article was published, and say how we know.

A captured page may state its date in many shapes (English ordinals, Levantine two-word
month names, Arabic-Indic digits, numeric day-first dates), or not at all.  When it does
not, the article itself often still carries evidence: dated photo captions, "اليوم الجمعة"
("today, Friday") in the text, months qualified as "الماضي" ("last ...").  This module
turns those into an ISO date plus a basis ("stated", "inferred", "unknown") and, for
anything that is not stated, a short Arabic note naming the evidence, so a reader of the
archive can judge the date instead of trusting it blindly.

Design choices, and why:

* Parsing is a small regular-expression grammar over a normalised copy of the text, not
  python-dateutil.  dateutil splits on spaces (so it cannot see "كانون الأول" as one
  month), fills any missing field from a default (so it can silently invent a year or a
  day), and rejects or reinterprets trailing words such as zone names and site names.
  A grammar that only accepts "day, month and year next to each other" states exactly what
  counts as a stated date, ignores the surrounding words, and cannot leak today's date.
* Word lists live in ``sijill/data/dates.yaml`` (loaded once) so that a new regional
  spelling is a data change.
* Normalisation keeps a map back to the original characters, so mentions found by
  :func:`find_dates` quote the page's own text, not the folded copy.
* Nothing here raises on odd input: every public function is meant to be called on
  arbitrary captured text, and a date stage that crashes would stop a whole build.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as RelativeWeekday
from hijridate import Hijri

from ..engine.files import safe_yaml
from .basis import DateBasis
from .folding import DATE_DROP as _DROP
from .folding import DATE_FOLD as _FOLD

__all__ = [
    "DateEvidence",
    "DateMention",
    "DateResult",
    "ParsedDate",
    "WeekdayEvidence",
    "date_article",
    "find_dates",
    "find_weekday_evidence",
    "opening_dateline",
    "parse_date",
    "widen_short_year",
]

# Years outside this range are far more likely to be counts ("مارس 3000 جندي") than dates.
_MIN_YEAR = 1800
_MAX_YEAR = 2199


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class ParsedDate:
    """A date stated in full on the page; time only when the page gave one."""

    year: int
    month: int
    day: int
    hour: int | None
    minute: int | None

    def iso(self) -> str:
        """ISO form; the time is added only when stated, so we never claim midnight."""
        text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
        return text


@dataclass(frozen=True)
class DateMention:
    """A date mention in running text; fields the text does not state stay None.

    ``relative`` is "past" (الماضي), "next" (المقبل/القادم) or "current" (الجاري/الحالي),
    which place a month relative to the article even when no year is written.
    ``text`` is the mention exactly as it appears in the input.
    """

    day: int | None
    month: int
    year: int | None
    relative: str | None
    text: str


@dataclass(frozen=True)
class WeekdayEvidence:
    """What the text says about the weekday of "today", and how strongly.

    ``kind`` is "today" (اليوم الجمعة), "yesterday" (أمس الخميس, so today is the day
    after), "tomorrow" (غدا السبت), or "weak" (a bare "، الجمعة،" in the first paragraph,
    a common way to date a news lead, but also used for other days).  ``phrase`` quotes
    the input so notes can cite it.
    """

    weekday: int
    kind: str
    phrase: str


@dataclass(frozen=True)
class DateEvidence:
    """Everything the cleaner collected that may date an article."""

    stated: list[str]
    captions: list[str]
    paragraphs: list[str]
    related: list[str]
    captured: str | None
    #: Date lines the page labels as its last update.
    updated: list[str] = field(default_factory=list)
    #: A masthead's date of the day: when the page was shown, so the article is not later.
    page_dates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DateResult:
    """The article's date and how it was obtained; ``note`` explains non-stated dates."""

    date: str | None
    basis: DateBasis
    note: str | None
    #: When the page also states a later update, that date (ISO).
    updated: str | None = None


# --------------------------------------------------------------------------- normalising


_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe\uff01-\uff5e]")
_FOLD_AND_DROP = {**_FOLD, **dict.fromkeys(_DROP)}


class _Origin:
    """Folded index -> original index, worked out only when a caller quotes a match.

    Most text is folded and searched without a match worth quoting, so building
    the map for every paragraph would be most of the date stage's time.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._map: list[int] | None = None

    def _indices(self) -> list[int]:
        if self._map is None:
            self._map = [i for i, char in enumerate(self._text) if ord(char) not in _DROP]
        return self._map

    def __len__(self) -> int:
        return len(self._indices())

    def __getitem__(self, index: int) -> int:
        return self._indices()[index]


def _is_dropped(code: int) -> bool:
    return code in _DROP


def _normalise(text: str) -> tuple[str, Sequence[int]]:
    """Fold spelling variants and digits; return the folded text and, per folded
    character, the index of the original character it came from.

    Folding (hamza on alef, taa marbuta, tatweel, diacritics, Eastern digits, presentation
    forms) lets one spelling in the word lists match every way pages write it, while the
    index map lets callers quote the original text.
    """
    if not _PRESENTATION_FORMS.search(text):
        # Without presentation forms every character folds to one character or none.
        folded = text.translate(_FOLD_AND_DROP)
        return folded, range(len(text)) if len(folded) == len(text) else _Origin(text)
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        code = ord(char)
        if _is_dropped(code):
            continue
        if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE or 0xFF01 <= code <= 0xFF5E:
            char = unicodedata.normalize("NFKC", char)
        for piece in char.translate(_FOLD):
            if _is_dropped(ord(piece)):
                continue
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


def _fold(word: str) -> str:
    """Normalise a word from the data file the same way page text is normalised."""
    return _normalise(word)[0].strip()


def _span(text: str, origin: Sequence[int], start: int, end: int) -> str:
    """Original text behind a span of the folded text."""
    if start >= end or end > len(origin):
        return ""
    return text[origin[start] : origin[end - 1] + 1]


# --------------------------------------------------------------------------- grammar

#: Where a day or a date may start: not inside a word (عربي21), past one attached
#: Arabic clitic (و28 = "and 28"), or right after a Latin name the copy ran into it
#: («admin ll12 يناير 2026»).
_START = r"(?:(?<!\w)|(?<=(?<!\w)[وبلف])|(?<=[A-Za-z]))"
#: A day with its month and year may also stand right after an Arabic word the copy ran
#: into it («فريق التحرير9 أغسطس 2018»: a byline's box, then the date's); without its
#: year such a number is the word's own («عربي21 ديسمبر»), and is no day (`_glued`).
_GLUED_START = rf"(?:{_START}|(?<=[^\W\d_]))"
_DAY = r"(?P<day>[0-9]{1,2})(?![0-9])"
# A year may run into the time after it when the copy lost the space between two boxes
# ("14 يونيو 202417:26"): four digits, then a clock's one or two and its colon.
_YEAR = r"(?P<year>[0-9]{4})(?:(?![0-9])|(?=[0-9]{1,2}:[0-9]{2}(?![0-9])))"


@dataclass(frozen=True)
class _Grammar:
    month_numbers: dict[str, int]
    month_names: dict[int, str]
    weekday_numbers: dict[str, int]
    weekday_indefinite: dict[int, str]
    relative_kinds: dict[str, str]
    relative_words: dict[str, str]
    #: Every word that can start a month name, bare and with one clitic (casefolded):
    #: a line with none of them holds no textual date, and most lines hold none.
    month_words: frozenset[str]
    latin_month_words: frozenset[str]
    textual: re.Pattern[str]
    latin_first: re.Pattern[str]
    arabic_first: re.Pattern[str]
    numeric_dmy: re.Pattern[str]
    numeric_ymd: re.Pattern[str]
    #: A Hijri date ("20 رمضان 1446 هـ", "20/9/1446هـ"), and the words that can start one.
    hijri: re.Pattern[str]
    hijri_numbers: dict[str, int]
    hijri_words: frozenset[str]
    time: re.Pattern[str]
    am_words: frozenset[str]
    pm_words: frozenset[str]
    today: re.Pattern[str]
    shifted: re.Pattern[str]
    shift_of: dict[str, int]
    weak: re.Pattern[str]
    notes: dict[str, Any]


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first so "كانون الثاني" wins over any shorter name."""
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


@cache
def _data() -> dict[str, Any]:
    """The word lists, read once from the package data."""
    source = resources.files("sijill").joinpath("data", "dates.yaml")
    return safe_yaml(source.read_text(encoding="utf-8"))


@cache
def _grammar() -> _Grammar:
    """Compile the patterns once; they depend only on the data file."""
    data = _data()
    phrases = data["phrases"]

    month_numbers: dict[str, int] = {}
    month_names: dict[int, str] = {}
    arabic_months: list[str] = []
    latin_months: list[str] = []
    for number, names in data["months"].items():
        month_names[int(number)] = names[0]
        for name in names:
            folded = _fold(name)
            month_numbers[folded.casefold()] = int(number)
            (latin_months if folded.isascii() else arabic_months).append(folded)
    any_month = _alternation(arabic_months + latin_months)
    first_words = {name.split()[0].casefold() for name in arabic_months + latin_months}
    month_words = frozenset(
        first_words | {clitic + word for word in first_words for clitic in "وبلف"}
    )
    # Short Arabic names ("آب", "ماي") take no clitic, or "باب" (door) would be August.
    long_arabic = _alternation([m for m in arabic_months if len(m) >= 4])
    month_start = rf"(?:(?<!\w)|(?<=(?<!\w)[وبلف])(?=(?:{long_arabic})(?!\w)))"

    weekday_numbers: dict[str, int] = {}
    weekday_indefinite: dict[int, str] = {}
    for number, entry in data["weekdays"].items():
        weekday_indefinite[int(number)] = entry["indefinite"]
        for name in entry["names"]:
            weekday_numbers[_fold(name).casefold()] = int(number)
    weekday = _alternation(list(weekday_numbers))

    relative_kinds: dict[str, str] = {}
    relative_words: dict[str, str] = {}
    for kind, words in phrases["relative"].items():
        relative_words[kind] = words[0]
        for word in words:
            relative_kinds[_fold(word)] = kind
    relative = _alternation(list(relative_kinds))

    suffix = _alternation([_fold(s) for s in phrases["ordinal_suffixes"]])
    filler = _alternation([_fold(s) for s in phrases["month_fillers"]])
    # A gloss in the other calendar's name: "مارس (آذار)", "تشرين الثاني/نوفمبر", and
    # with a dash as Yemeni and Levantine sites write it: "سبتمبر-أيلول".
    gloss = rf"(?:\s*[(/\-–]\s*(?P<month2>{any_month})(?!\w)\s*\)?)?"

    # "08/ديسمبر/2024" and "08-ديسمبر-2024": a slash or dash may stand for the spaces,
    # and so may the underscore some sites type for a dash ("20 أكتوبر _2022"); the copy
    # may have lost the space before the year ("10 ديسمبر2021").
    textual = re.compile(
        rf"(?:(?=[0-9]){_GLUED_START}{_DAY}(?:{suffix})?\s*(?:[,،/_-]\s*)?(?:(?:{filler})\s+)*)?"
        rf"{month_start}(?P<month>{any_month})(?![^\W\d_])\.?{gloss}"
        rf"(?:\s*(?:[,،/_-]\s*)?(?<![0-9]){_YEAR})?"
        rf"(?:\s*(?<!\w)(?P<relative>{relative})(?!\w))?",
        re.IGNORECASE,
    )
    latin_first = re.compile(
        rf"(?<!\w)(?P<month>{_alternation(latin_months)})\.?\s+{_DAY}(?:{suffix})?(?!\w)"
        rf"\s*(?:,\s*)?{_YEAR}",
        re.IGNORECASE,
    )
    # An Arabic month name before the day, as blogs and forums print the English order
    # with Arabic names ("مارس 15, 2024", "يناير 03، 2015"). Only with the comma before
    # the year: without it "مارس 15 2024" could be a count after a verb ("مارس" also
    # means "practised").
    arabic_first = re.compile(
        rf"{month_start}(?P<month>{_alternation(arabic_months)})(?!\w)\s+{_DAY}"
        rf"\s*[,،]\s*{_YEAR}",
        re.IGNORECASE,
    )
    sep = r"\s*[-/.]\s*"
    # Digits may run on from a word when the copy lost the space between two boxes
    # («أخبار سوريا٠٦-١٢-٢٠٢٤»): a numeric date needs no digit before it, and no more.
    numeric_dmy = re.compile(
        rf"(?<![0-9])(?P<a>[0-9]{{1,2}}){sep}(?P<b>[0-9]{{1,2}}){sep}(?<![0-9]){_YEAR}"
    )
    # Spaces alone may separate the parts ("2015 05 14"), when the month and day are
    # written with two digits each: that is a date's form, not a run of counts.
    numeric_ymd = re.compile(
        rf"{_START}{_YEAR}(?:{sep}(?P<month>[0-9]{{1,2}}){sep}(?P<day>[0-9]{{1,2}})"
        r"|\s+(?P<month_s>[0-9]{2})\s+(?P<day_s>[0-9]{2}))(?![0-9])"
    )

    hijri_numbers: dict[str, int] = {}
    for number, names in data["hijri_months"].items():
        hijri_numbers.update((_fold(name), int(number)) for name in names)
    marker = _alternation([_fold(word) for word in data["hijri_markers"]])
    hijri_year = r"(?P<{}>1[3-5][0-9]{{2}})(?![0-9])"
    # A named month needs no marker: a year of 1300-1599 beside it is not a Gregorian
    # one. Digits alone need the marker, or "20/9/1446" could be anything.
    hijri = re.compile(
        rf"{_START}{_DAY}\s*(?:[,،/_-]\s*)?(?:"
        rf"(?P<hmonth>{_alternation(list(hijri_numbers))})(?!\w)\s*(?:[,،/_-]\s*)?{hijri_year.format('year')}"
        rf"(?:\s*(?:{marker})(?!\w))?"
        rf"|(?P<nmonth>[0-9]{{1,2}}){sep}{hijri_year.format('nyear')}\s*(?:{marker})(?!\w))"
    )

    am_words = frozenset(_fold(w).casefold() for w in phrases["time_am"])
    pm_words = frozenset(_fold(w).casefold() for w in phrases["time_pm"])
    ampm = _alternation(sorted(am_words | pm_words))
    # A clock may follow a year's four digits with no space between (see `_YEAR`).
    time = re.compile(
        r"(?:(?<![0-9:])|(?<=(?<![0-9])[0-9]{4}))(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::[0-9]{2})?(?![0-9:])"
        rf"(?:\s*(?P<ampm>{ampm})(?!\w))?",
        re.IGNORECASE,
    )

    today = re.compile(
        rf"{_START}(?:{_alternation([_fold(w) for w in phrases['today']])})\s*(?:[(«\[]\s*)?"
        rf"(?P<weekday>{weekday})(?!\w)(?:\s*[)»\]])?(?!\s*(?:{relative})(?!\w))",
        re.IGNORECASE,
    )
    shift_of: dict[str, int] = {}
    for key, shift in (("day_before_yesterday", 2), ("yesterday", 1), ("tomorrow", -1)):
        for word in phrases[key]:
            shift_of[_fold(word)] = shift
    shifted = re.compile(
        rf"{_START}(?P<word>{_alternation(list(shift_of))})\s*(?:[(«\[]\s*)?"
        rf"(?P<weekday>{weekday})(?!\w)(?:\s*[)»\]])?",
        re.IGNORECASE,
    )
    weak = re.compile(rf"[,،]\s*(?P<weekday>{weekday})\s*[,،]", re.IGNORECASE)

    return _Grammar(
        month_numbers=month_numbers,
        month_names=month_names,
        weekday_numbers=weekday_numbers,
        weekday_indefinite=weekday_indefinite,
        relative_kinds=relative_kinds,
        relative_words=relative_words,
        month_words=month_words,
        latin_month_words=frozenset(name.split()[0].casefold() for name in latin_months),
        textual=textual,
        latin_first=latin_first,
        arabic_first=arabic_first,
        numeric_dmy=numeric_dmy,
        numeric_ymd=numeric_ymd,
        hijri=hijri,
        hijri_numbers=hijri_numbers,
        hijri_words=frozenset(name.split()[0] for name in hijri_numbers),
        time=time,
        am_words=am_words,
        pm_words=pm_words,
        today=today,
        shifted=shifted,
        shift_of=shift_of,
        weak=weak,
        notes=data["notes"],
    )


def _month_of(name: str | None) -> int | None:
    if not name:
        return None
    return _grammar().month_numbers.get(re.sub(r"\s+", " ", name).casefold())


def _weekday_of(name: str) -> int | None:
    return _grammar().weekday_numbers.get(name.casefold())


def names_weekday(word: str) -> bool:
    """Whether the word is a weekday's name, in any spelling the grammar knows («السبت»)."""
    return _weekday_of(_fold(word)) is not None


def _valid(year: int | None, month: int, day: int | None) -> bool:
    """Whether the stated parts can be a real date (29 February allowed without a year)."""
    if not 1 <= month <= 12:
        return False
    if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
        return False
    if day is None:
        return True
    try:
        date(year if year is not None else 2000, month, day)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    day: int | None
    month: int
    year: int | None
    relative: str | None
    #: Read from a Hijri date: a stated Gregorian date on the same line is preferred.
    hijri: bool = False


#: Words as the date patterns see them (runs of letters: a year run into a month's name,
#: «ديسمبر2021», leaves the name whole), for the month-name test.
_WORDS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"[0-9]")


def _words(folded: str) -> set[str]:
    return set(_WORDS.findall(folded.casefold()))


def _scan(folded: str) -> list[_Found]:
    """All well-formed date mentions in folded text, left to right, without overlaps.

    Every pattern needs a month name or a digit; testing the line's words against
    the month names first spares most lines the patterns, the costliest part of
    cleaning (each pattern tries every month name at every position).
    """
    g = _grammar()
    found: list[_Found] = []
    words = _words(folded)
    named = not g.month_words.isdisjoint(words)
    numbered = _DIGIT.search(folded) is not None
    if not named and not numbered:
        return found
    for m in g.textual.finditer(folded) if named else ():
        month = _month_of(m["month"])
        if month is None:
            continue
        day = int(m["day"]) if m["day"] else None
        year = int(m["year"]) if m["year"] else None
        relative = g.relative_kinds.get(m["relative"]) if m["relative"] else None
        if day is None and year is None and relative is None:
            continue  # a bare month name ("مارس" is also a verb) dates nothing
        if year is None and day is not None and _glued(folded, m.start()):
            continue
        if not _valid(year, month, day):
            continue
        found.append(_Found(m.start(), m.end(), day, month, year, relative))
    for m in g.latin_first.finditer(folded) if named and numbered else ():
        month = _month_of(m["month"])
        day, year = int(m["day"]), int(m["year"])
        if month is not None and _valid(year, month, day):
            found.append(_Found(m.start(), m.end(), day, month, year, None))
    for m in g.arabic_first.finditer(folded) if named and numbered else ():
        month = _month_of(m["month"])
        day, year = int(m["day"]), int(m["year"])
        if month is not None and _valid(year, month, day):
            found.append(_Found(m.start(), m.end(), day, month, year, None))
    for m in g.numeric_ymd.finditer(folded) if numbered else ():
        year = int(m["year"])
        month, day = int(m["month"] or m["month_s"]), int(m["day"] or m["day_s"])
        if _valid(year, month, day):
            found.append(_Found(m.start(), m.end(), day, month, year, None))
    for m in g.numeric_dmy.finditer(folded) if numbered else ():
        first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
        # Day first, as Arabic pages write it, unless only month-first makes sense.
        day, month = (second, first) if second > 12 >= first else (first, second)
        if _valid(year, month, day):
            found.append(_Found(m.start(), m.end(), day, month, year, None))
    if numbered:
        found.extend(_hijri_dates(folded, words))
    # Keep the longest mention where two overlap ("30 November 2024" over "November 2024").
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


def _glued(folded: str, start: int) -> bool:
    """Whether a day's digits stand right after an Arabic word of two letters or more: a
    lone clitic before them is a day's («و28»), a longer word maybe a name's («عربي21»)."""
    before = folded[max(0, start - 2) : start]
    return len(before) == 2 and all(c.isalpha() and not c.isascii() for c in before)


#: A year's digits then the Hijri marker ("1446هـ", "1446 هجري"), folded.
_HIJRI_MARK = re.compile(r"[0-9]\s*ه")


def _hijri_dates(folded: str, words: set[str]) -> list[_Found]:
    """Hijri dates as their Gregorian days, by the Umm al-Qura tables (through hijridate,
    as the site shows Hijri dates). A page that follows another reckoning may be a day
    apart; the date line is still the page's own statement, and no better one exists."""
    g = _grammar()
    if g.hijri_words.isdisjoint(words) and not _HIJRI_MARK.search(folded):
        return []
    found = []
    for m in g.hijri.finditer(folded):
        name = re.sub(r"\s+", " ", m["hmonth"]) if m["hmonth"] else None
        month = g.hijri_numbers.get(name) if name else int(m["nmonth"])
        try:
            year = int(m["year"] or m["nyear"])
            day = Hijri(year, month or 0, int(m["day"])).to_gregorian()
        except (ValueError, OverflowError):
            continue
        found.append(_Found(m.start(), m.end(), day.day, day.month, day.year, None, True))
    return found


def _time_in(folded: str, skip: tuple[int, int]) -> tuple[int | None, int | None]:
    """The first valid clock time outside the date itself, 24-hour; (None, None) if none."""
    g = _grammar()
    for m in g.time.finditer(folded):
        if m.start() < skip[1] and skip[0] < m.end():
            continue
        hour, minute = int(m["hour"]), int(m["minute"])
        marker = (m["ampm"] or "").casefold()
        if marker in g.pm_words and 1 <= hour <= 11:
            hour += 12
        elif marker in g.am_words and hour == 12:
            hour = 0
        if hour <= 23 and minute <= 59:
            return hour, minute
    return None, None


#: At most this many parts on a line read as a reordered date (day, month, year, time,
#: weekday, and a two-word month name's second word).
_REORDERED_MAX_PARTS = 6
_CLOCK = re.compile(r"[0-9]{1,2}:[0-9]{2}")
#: One word of letters with a colon on either side: a label, however many the line has.
_LABEL_WORD = re.compile(r":[^\W\d_]+|[^\W\d_]+:")


def _reordered(folded: str) -> ParsedDate | None:
    """A line of nothing but a date's parts in an order no writer uses: "04 21:42 2019 ماي"
    is «04 ماي 2019 21:42» as a page laid it out, digits and words in separate boxes that
    the copy put back in another order. Each part must be there once (a day of one or two
    digits, a year of four, a month name), a clock time and a weekday at most besides: a
    line of counts or of words is not taken. The day still comes before the month: Arabic
    month names are written month-first only with a comma before the year ("مارس 15,
    2024", read by the grammar itself), whatever the copy did to the numbers."""
    words = folded.replace("،", " ").replace(",", " ").split()
    # A label glued to its colon (":تحديث", "نشر:") says what the date is, not a part of it.
    words = [word for word in words if not _LABEL_WORD.fullmatch(word)]
    if not 3 <= len(words) <= _REORDERED_MAX_PARTS:
        return None
    day = month = year = hour = minute = None
    i = 0
    while i < len(words):
        word = words[i]
        pair = _month_of(" ".join(words[i : i + 2])) if i + 1 < len(words) else None
        if pair is not None and month is None and day is not None:
            month, i = pair, i + 2
            continue
        if _CLOCK.fullmatch(word) and hour is None:
            hour, minute = (int(part) for part in word.split(":"))
        elif word.isdigit() and len(word) == 4 and year is None:
            year = int(word)
        elif word.isdigit() and len(word) <= 2 and day is None and month is None:
            day = int(word)
        elif (named := _month_of(word)) is not None and month is None and day is not None:
            month = named
        elif _weekday_of(word) is None:
            return None
        i += 1
    if day is None or month is None or year is None or not _valid(year, month, day):
        return None
    if hour is not None and (hour > 23 or minute is None or minute > 59):
        hour = minute = None
    return ParsedDate(year, month, day, hour, minute)


# --------------------------------------------------------------------------- public API


def parse_date(text: str) -> ParsedDate | None:
    """Parse one date phrase as stated on a page; None unless day, month and year are all
    written there.

    The first full date in the phrase wins; words around it (weekday, "GMT", site names
    such as "عربي21", "تاريخ النشر:") are ignored, and a weekday that contradicts the date
    does not reject it, because pages get weekdays wrong more often than dates.  Two-digit
    years are not accepted: completing them would be guessing.
    """
    if not isinstance(text, str) or not text:
        return None
    latin = _latin_date(text)
    if latin is not None:
        return latin
    folded, _ = _normalise(text)
    full = [found for found in _scan(folded) if found.day is not None and found.year]
    # The Gregorian date first: "… 1446هـ الموافق 29 نوفمبر 2024م" states it outright.
    for found in sorted(full, key=lambda found: found.hijri):
        hour, minute = _time_in(folded, (found.start, found.end))
        return ParsedDate(found.year, found.month, found.day, hour, minute)
    return _reordered(folded)


#: Two defaults that differ in every field: a field python-dateutil filled in from its
#: default comes out different in the two parses; a field the phrase states, the same.
_DEFAULTS = (datetime(1901, 1, 1, 0, 0), datetime(1902, 2, 2, 1, 1))


def _latin_date(text: str) -> ParsedDate | None:
    """An English date phrase ("30th, November 2024", "Published On 6 Dec 2024 10:15 AM").

    python-dateutil knows English month names, ordinals and AM/PM; parsing twice with
    different defaults shows which fields the phrase really states, so it can never
    invent a day or a year. Day first, as Arabic pages write numeric dates.
    """
    if _grammar().latin_month_words.isdisjoint(_words(text)):
        return None
    try:
        first, second = (
            dateutil_parser.parse(text, fuzzy=True, dayfirst=True, default=default)
            for default in _DEFAULTS
        )
    except (ValueError, OverflowError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    if not _valid(first.year, first.month, first.day):
        return None
    timed = (first.hour, first.minute) == (second.hour, second.minute)
    return ParsedDate(
        first.year,
        first.month,
        first.day,
        first.hour if timed else None,
        first.minute if timed else None,
    )


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in running text, in order: full dates, day and month without a
    year, month and year, and months qualified as past, next or current.

    A month name alone is not a mention: it dates nothing, and some names are ordinary
    words too ("مارس" = "practised").  Glosses such as "مارس (آذار)" or
    "تشرين الثاني/نوفمبر" are one mention.
    """
    if not isinstance(text, str) or not text:
        return []
    return list(_mentions(text))


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[DateMention, ...]:
    """`find_dates`, remembered: dating an article reads its captions and paragraphs
    more than once (to infer a date, then to say why none was found)."""
    folded, origin = _normalise(text)
    return tuple(
        DateMention(f.day, f.month, f.year, f.relative, _span(text, origin, f.start, f.end))
        for f in _scan(folded)
    )


def _first_paragraph(text: str) -> tuple[int, int]:
    """Span of the first non-blank line: a weekday between commas there dates the lead."""
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            return m.start(), m.end()
    return 0, 0


#: A numeric date with a two-digit year, day first («نُشر: 02/02/17 13:45»), as some sites
#: print it under their publication label. Read there only: elsewhere «12/05/24» may be a
#: score, a reference or a month-first date. Years up to 68 are this century's, as C's
#: and Python's `%y` read them.
_SHORT_YEAR = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{2})(?![\d/.\-])")
_SHORT_YEAR_PIVOT = 68


def widen_short_year(text: str) -> str:
    """The text with each two-digit-year date's year written in full («02/02/2017»), to be
    read as a date; the page's own wording is kept elsewhere."""

    def widened(match: re.Match[str]) -> str:
        day, mark, month, year = match.groups()
        century = 2000 if int(year) <= _SHORT_YEAR_PIVOT else 1900
        return f"{day}{mark}{month}{mark}{century + int(year)}"

    return _SHORT_YEAR.sub(widened, text)


#: A wire's dateline opening the text: up to this many words (the site, the city) before
#: the day, cut from it by a mark («الموقع –كييف- 10 ديسمبر2021- …», «القاهرة، 6 يناير
#: 2025 (وكالة) - …», or an Egyptian wire's «القاهرة في 6 يناير 2025 /وكالة/»), and a mark
#: right after the date. A sentence that opens on a date
#: («في 10 ديسمبر 2021، أعلن …») goes on with its words or a comma instead.
_DATELINE_WORDS = 5
_DATELINE_BEFORE = re.compile(r"^(?:[^\d.!?؟:]*[–—\-/|(،,]\s*|[^\W\d_]+(?:\s[^\W\d_]+)?\sفي\s)?$")
# After the date: the dateline's dash, slash, colon or closing bracket, past a year mark
# glued to the year («2021م», and «2021ء» as Urdu pages print it).
_DATELINE_AFTER = re.compile(r"^[مء]?\s*[–—\-/|():]")
_WORD = re.compile(r"[^\W\d_]+")


def opening_dateline(paragraph: str) -> str | None:
    """The full date of the dateline the text opens on, as written, or None: the page's
    own statement of the day, as wires print it, not a date the text tells of."""
    head = " ".join(paragraph.split()[: _DATELINE_WORDS + 8])
    for mention in find_dates(head):
        if mention.day is None or mention.year is None:
            continue
        before, _, after = head.partition(mention.text)
        if (
            len(_WORD.findall(before)) <= _DATELINE_WORDS
            and _DATELINE_BEFORE.match(before)
            and _DATELINE_AFTER.match(after)
        ):
            return mention.text
        return None  # only the first full date may be the dateline's
    return None


def find_weekday_evidence(text: str) -> WeekdayEvidence | None:
    """The best evidence in ``text`` for which weekday "today" is.

    Preference: "اليوم <weekday>" anywhere; then "أمس/أول أمس/غدا <weekday>", shifted
    to today; then a bare "، <weekday>،" in the first paragraph, which news leads use for
    the day of the event (usually, not always, the day of publication).  "الخميس الماضي"
    and "أمس الخميس" are never read as today.
    """
    if not isinstance(text, str) or not text:
        return None
    g = _grammar()
    folded, origin = _normalise(text)
    m = g.today.search(folded)
    if m:
        weekday = _weekday_of(m["weekday"])
        if weekday is not None:
            return WeekdayEvidence(weekday, "today", _span(text, origin, m.start(), m.end()))
    for m in g.shifted.finditer(folded):
        weekday = _weekday_of(m["weekday"])
        shift = g.shift_of.get(re.sub(r"\s+", " ", m["word"]).casefold())
        if weekday is None or shift is None:
            continue
        kind = "tomorrow" if shift < 0 else "yesterday"
        phrase = _span(text, origin, m.start(), m.end())
        return WeekdayEvidence((weekday + shift) % 7, kind, phrase)
    start, end = _first_paragraph(folded)
    m = g.weak.search(folded, start, end)
    if m:
        weekday = _weekday_of(m["weekday"])
        if weekday is not None:
            phrase = _span(text, origin, m.start("weekday"), m.end("weekday"))
            return WeekdayEvidence(weekday, "weak", phrase)
    return None


# --------------------------------------------------------------------------- date_article


def weekday_of(number: int) -> RelativeWeekday:
    """python-dateutil's weekday for Monday = 0 ... Sunday = 6."""
    return RelativeWeekday(number)


def _day_of(phrase: str) -> date | None:
    parsed = parse_date(phrase)
    return date(parsed.year, parsed.month, parsed.day) if parsed else None


def _captured_date(captured: str | None) -> date | None:
    """The capture day from a time stamp; lenient, because it only bounds the date."""
    if not isinstance(captured, str):
        return None
    m = re.match(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})", captured)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _arabic_date(day: int | None, month: int, year: int | None) -> str:
    """A date as notes write it: "29 نوفمبر 2024", "19 مارس", "مارس 2020"."""
    parts = [str(day)] if day is not None else []
    parts.append(_grammar().month_names.get(month, str(month)))
    if year is not None:
        parts.append(str(year))
    return " ".join(parts)


def _join(items: list[str]) -> str:
    """Arabic list: "أ وب", "أ، ب وج" (the conjunction attaches to the next word)."""
    notes = _grammar().notes
    if len(items) <= 1:
        return "".join(items)
    return notes["list_sep"].join(items[:-1]) + " " + notes["and"] + items[-1]


def _count_form(forms: dict[Any, str], count: int) -> str:
    return forms.get(count) or forms.get(str(count)) or forms["many"]


def _full_dates(lines: list[str], limit: date | None) -> list[date]:
    """Distinct full dates mentioned in lines, newest first, none after ``limit``."""
    dates: set[date] = set()
    for line in lines:
        for mention in find_dates(line):
            if mention.day is None or mention.year is None:
                continue
            try:
                day = date(mention.year, mention.month, mention.day)
            except ValueError:
                continue
            if limit is None or day <= limit:
                dates.add(day)
    return sorted(dates, reverse=True)


def _weekday_clause(evidence: WeekdayEvidence, inferred: bool) -> str:
    notes = _grammar().notes
    weekday = _grammar().weekday_indefinite.get(evidence.weekday, "")
    prefix = "inferred_" if inferred else "weekday_"
    key = {"today": "today", "weak": "weak"}.get(evidence.kind, "yesterday")
    return notes[prefix + key].format(phrase=evidence.phrase.strip(), weekday=weekday)


def _infer(evidence: DateEvidence, limit: date | None) -> DateResult | None:
    """Date from the article's own full dates, nudged to the stated weekday of "today"."""
    notes = _grammar().notes
    source = "caption"
    anchors = _full_dates(evidence.captions, limit)
    if not anchors:
        source = "paragraph"
        anchors = _full_dates(evidence.paragraphs, limit)
    if not anchors:
        return None
    latest = anchors[0]
    labels = [_arabic_date(d.day, d.month, d.year) for d in anchors]
    note = notes["inferred_head"].format(
        source=_count_form(notes["inferred_sources"][source], len(anchors)),
        dates=_join(labels),
    )
    result = latest
    text = "\n\n".join(evidence.paragraphs)
    weekday = find_weekday_evidence(text)
    if weekday is not None and (named := _today_named(text, weekday, limit)) is not None:
        # «اليوم الاثنين 17 ماي 2021»: the text names today's date itself, and a later
        # date it mentions is an event to come, not a bound.
        note = notes["inferred_head"].format(
            source=_count_form(notes["inferred_sources"]["paragraph"], 1),
            dates=_arabic_date(named.day, named.month, named.year),
        )
        return DateResult(
            named.isoformat(), DateBasis.INFERRED, note + _weekday_clause(weekday, True) + "."
        )
    if weekday is not None:
        # The first such weekday on or after the latest date the article names.
        candidate = latest + relativedelta(weekday=weekday_of(weekday.weekday))
        if limit is None or candidate <= limit:
            result = candidate
            note += _weekday_clause(weekday, inferred=True)
            if candidate != latest:
                note += notes["inferred_shift"].format(
                    weekday=_grammar().weekday_indefinite.get(weekday.weekday, ""),
                    anchor=labels[0],
                )
        else:
            weekday = None
    if weekday is None:
        note += notes["inferred_plain"]
    return DateResult(result.isoformat(), DateBasis.INFERRED, note + ".")


#: What may stand between «اليوم الاثنين» and the date that follows it: a comma, a
#: bracket, «الموافق».
_TODAY_TO_DATE = re.compile(r"[\s,،(\-–]*(?:الموافق\s*(?:لـ?\s*)?)?")
#: How far after «اليوم <weekday>» its date may end.
_TODAY_TAIL_CHARS = 48


def _today_named(text: str, weekday: WeekdayEvidence, limit: date | None) -> date | None:
    """The date the text gives right after its «اليوم <weekday>», when that date falls on
    that weekday (and not after the capture): the text dating its own day."""
    if weekday.kind != "today":
        return None
    at = text.find(weekday.phrase)
    if at < 0:
        return None
    tail = text[at + len(weekday.phrase) : at + len(weekday.phrase) + _TODAY_TAIL_CHARS]
    after = tail[_TODAY_TO_DATE.match(tail).end() :]  # the pattern matches empty at worst
    mentions = find_dates(after)
    if not mentions or not after.startswith(mentions[0].text):
        return None
    first = mentions[0]
    if first.day is None or first.year is None:
        return None
    try:
        named = date(first.year, first.month, first.day)
    except ValueError:
        return None
    if named.weekday() != weekday.weekday or (limit is not None and named > limit):
        return None
    return named


def _relative_clauses(mentions: list[DateMention]) -> list[str]:
    g = _grammar()
    clauses = []
    for kind in ("past", "next", "current"):
        months: list[int] = []
        for mention in mentions:
            if mention.relative == kind and mention.month not in months:
                months.append(mention.month)
        if months:
            names = [g.month_names.get(m, str(m)) for m in months]
            clauses.append(
                _count_form(g.notes[f"relative_{kind}"], len(names)).format(
                    months=_join(names), word=g.relative_words[kind]
                )
            )
    return clauses


def _related_bound(related: list[str]) -> str | None:
    """Latest dated day in the related items, as written (with its year only if given)."""
    mentions = [m for line in related for m in find_dates(line) if m.day is not None]
    if not mentions:
        return None
    full = [m for m in mentions if m.year is not None]
    if full:
        best = max(full, key=lambda m: (m.year or 0, m.month, m.day or 0))
    else:
        best = max(mentions, key=lambda m: (m.month, m.day or 0))
    return _arabic_date(best.day, best.month, best.year)


def _unknown(evidence: DateEvidence, limit: date | None) -> DateResult:
    """A note listing what was found, without ever turning it into a guessed year."""
    g = _grammar()
    notes = g.notes
    article = [m for line in evidence.paragraphs + evidence.captions for m in find_dates(line)]
    clauses: list[str] = []
    weekday = find_weekday_evidence("\n\n".join(evidence.paragraphs))
    if weekday is not None:
        clauses.append(_weekday_clause(weekday, inferred=False))
    clauses.extend(_relative_clauses(article))
    stated_partial = [
        _arabic_date(m.day, m.month, m.year)
        for line in evidence.stated
        for m in find_dates(line)
        if m.day is not None
    ]
    if stated_partial:
        clauses.append(
            notes["partial_stated"].format(dates=_join(list(dict.fromkeys(stated_partial))))
        )
    partial = [
        _arabic_date(m.day, m.month, m.year)
        for m in article
        if m.relative is None and (m.day is None or m.year is None)
    ]
    if partial:
        clauses.append(notes["partial_article"].format(dates=_join(list(dict.fromkeys(partial)))))
    bound = _related_bound(evidence.related)
    if bound:
        clauses.append(notes["related_bound"].format(date=bound))
    captured = _arabic_date(limit.day, limit.month, limit.year) if limit is not None else None
    if not clauses:
        if captured:
            return DateResult(
                None, DateBasis.UNKNOWN, notes["nothing_but_capture"].format(date=captured)
            )
        return DateResult(None, DateBasis.UNKNOWN, notes["nothing"])
    if captured:
        clauses.append(notes["captured_bound"].format(date=captured))
    any_year = any(m.year is not None for m in article)
    tail = notes["no_full_date"] if any_year else notes["no_year"]
    note = notes["unknown_head"] + ": " + notes["list_sep"].join(clauses) + "؛ " + tail
    return DateResult(None, DateBasis.UNKNOWN, note)


#: How many of the text's first paragraphs are read for the weekday that decides a date
#: written either way.
WEEKDAY_LEAD_PARAGRAPHS = 2
#: A numeric date whose first two numbers could each be the month: "4/1/2016".
_TWO_WAY_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")


def _month_first_by_weekday(phrase: str, parsed: ParsedDate, paragraphs: list[str]) -> ParsedDate:
    """A numeric date that reads either way («4/1/2016») is read day first, as most Arabic
    sites write it. Some (an aggregator on a US template) write the month first; the text
    then tells: when its own weekday («أمس الخميس»: today is Friday) contradicts the day-
    first reading and agrees with the other, the page wrote the month first. A weekday the
    lead merely names (weak evidence) decides nothing."""
    match = _TWO_WAY_NUMERIC.search(phrase)
    if (
        match is None
        or parsed.year is None
        or parsed.day == parsed.month
        or {int(match[1]), int(match[2])} != {parsed.day, parsed.month}
        or max(parsed.day, parsed.month) > 12
    ):
        return parsed
    # The lead says what day it is; reading the whole text for it costs more than a date.
    evidence = find_weekday_evidence("\n".join(paragraphs[:WEEKDAY_LEAD_PARAGRAPHS]))
    if evidence is None or evidence.kind == "weak":
        return parsed
    day_first = date(parsed.year, parsed.month, parsed.day)
    month_first = date(parsed.year, parsed.day, parsed.month)
    if day_first.weekday() != evidence.weekday and month_first.weekday() == evidence.weekday:
        return replace(parsed, month=parsed.day, day=parsed.month)
    return parsed


def date_article(evidence: DateEvidence) -> DateResult:
    """Date an article: stated if the page says so, else inferred from its own evidence,
    else unknown with a note of what was found.

    Related items never set the date: related lists are built when the page is captured
    and often carry dates years after the article, so they only appear in the note of an
    unknown date, flagged as a weak bound.
    """
    updated = next(filter(None, map(parse_date, evidence.updated)), None)
    # Publication wins; a page that states only its last update still states a date.
    for phrase in [*evidence.stated, *evidence.updated]:
        parsed = parse_date(phrase)
        if parsed is not None:
            parsed = _month_first_by_weekday(phrase, parsed, evidence.paragraphs)
            later = updated.iso() if updated and updated.iso() != parsed.iso() else None
            return DateResult(parsed.iso(), DateBasis.STATED, None, later)
    limit = _captured_date(evidence.captured) or next(
        (day for day in map(_day_of, evidence.page_dates) if day is not None), None
    )
    inferred = _infer(evidence, limit)
    if inferred is not None:
        return inferred
    return _unknown(evidence, limit)
