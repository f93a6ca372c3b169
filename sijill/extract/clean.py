"""Stage 2, clean a capture: decide for every line whether it is the article or furniture.

One cleaner serves every source. Each line is measured (`evidence.measure`:
words, sentence punctuation, share of Arabic letters and of function words)
and classed as jusText classes paragraphs; the article body is the densest
contiguous run of text lines between the sections that close an article, as
in Body Text Extraction; the title is the headline-like line nearest above it
that the page repeats or that stands right above the text. A source profile
adds only what that source does unusually (its name, a doubled-caption habit,
the marker of an appended article, its date-line form).

Every line gets a :class:`Decision` naming its role (or that it was dropped),
the rule that decided and the evidence, because editors must be able to ask
why a line went and the capture page shows the answer to readers.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple

from ..errors import CaptureError
from .capture import Capture
from .dating import (
    ParsedDate,
    find_dates,
    find_weekday_evidence,
    names_weekday,
    opening_dateline,
    parse_date,
    widen_short_year,
)
from .decisions import UNKNOWN_SOURCE, Block, Decision, Extraction, TitleEvidence
from .evidence import LineEvidence, content_words, fold_word, measure
from .profiles import Profile, choose_profile, default_profiles

NO_TEXT = "has no article paragraphs (no line reads as running text)"
FULL_STOPS = (".", "۔")
ELLIPSES = ("...", "…")
CLOSING_MARKS = tuple('.!?؟:؛،»"”…')


BULLETS = frozenset("-–—•·▪●◦*>»")
GENERIC = "generic"
#: Below this share of Arabic letters a short line is not Arabic text (a widget, a player's
#: words); above it, a headline may still name iPhone or WhatsApp in Latin letters.
MIN_ARABIC_SHARE = 0.2
#: Sections that open a list of other stories, and how little their text counts.
LISTS = frozenset({"related-list", "most-read", "tags", "comments"})
LISTED_WEIGHT = 0.3
#: Words of running text a run needs before it can be the article (one short paragraph).
MIN_RUN_MASS = 30
# A ticker captured as one line runs to this many words at least; a one-paragraph story
# of fewer words without a comma is left alone.
RUN_ON_MIN_WORDS = 40
#: Fewer words of text than this is a stub, a teaser, or an article the cleaner cut short.
MIN_ARTICLE_WORDS = 60
HEADER_END = ("date-line", "byline", "dateline", "time-ago")
#: A headline line that ends on its date: a comma and the date's weekday words before the
#: date, a time of day at most after it («…, اليوم الاثنين 13 أكتوبر 2025 05:35 صباحاً»).
STAMP_LEAD = re.compile(
    r"[,،]\s*+(?:اليوم\s++)?(?:(?:الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)"
    r"\s*+[,،]?\s*+)?$"
)
STAMP_TIME = re.compile(
    r"^\s*+(?:\d{1,2}:\d{2}(?::\d{2})?\s*+(?:[صم]|صباحا?ً?|مساءً?|[AaPp][Mm]|GMT)?)?\s*+$"
)
#: An aggregator's notice of where it took the story from; it may say on which day.
REPUBLISHED = "republished-notice"
# How far under the text a header printed after it is looked for (lines with text).
TITLE_BELOW_LINES = 3
# A photo's alt text cut short above its caption lacks at most this many of its words.
CUT_TWIN_MAX_WORDS = 5
# The longest bare caption under a headline that names the story's subject.
UNDER_TITLE_CAPTION_MAX_WORDS = 8
# A capture that opens on its headline: the text's first line is taken for the headline
# when it is no longer than this and the text under it repeats this share of its words
# (a line that ends a sentence; one that does not needs only to share a word with it).
MAX_OPENING_TITLE_WORDS = 16
#: A headline of this many content words at least is a story's whole headline, not a
#: subheading's few words.
FULL_HEADLINE_WORDS = 6
MIN_OPENING_TITLE_OVERLAP = 0.4
# A capture that opens on its header (no menu above it) opens on its headline: the
# first line outweighs a deck, a caption or a subheading of its own size under it, as
# long as no more than this many header lines (those, a date line, a byline, a name,
# a gallery's captions and its counter) stand between it and the text.
OPENING_HEADER_LINES = 6
# The share of its words the first line of such a header must share with the text's
# opening: a headline tells what the text goes on to tell.
MIN_OPENING_HEADER_OVERLAP = 1 / 4
# A capture that sets a blank line after at least this share of its lines is spaced:
# a caption's two copies stand a blank line apart there.
SPACED_SHARE = 0.6
# The decisions a photo's caption gets, once or printed again.
PHOTO_RULES = frozenset({"caption", "repeated-caption"})
# Bare lines a byline may print over its date line: the writer's name and role.
BYLINE_NAME_LINES = 2
# The site's name or logo over a header copied from the top of the page.
LOGO_MAX_WORDS = 2
# Running text has function words (في، من، على، أن): a long line with fewer is a menu.
MENU_MAX_STOPS = 0.08
# A site's name before the colon of its motto: a few words.
SITE_NAME_MAX_WORDS = 3
# How many copies of a line are compared when asking whether it is a repeated block's.
BLOCK_COPIES_LOOKED_AT = 8
# A kicker over a headline: the story's kind or section, in a word or two («فيديو»).
KICKER_MAX_WORDS = 2
# The longest headline of a story linked amid the text without a label; a line between
# paragraphs that is longer and has no full stop is a paragraph that lost it.
TEASER_MAX_WORDS = 16
# How many of the text's first lines are read for what they say today is.
WEEKDAY_LEAD_LINES = 2
# Larger than every other score of a line put together: a line that opens as the text's
# sentences do («كما …», «وقال …») is the title only when nothing else looks like one.
SENTENCE_OPENING_PENALTY = 20.0
# Furniture however long a sentence it is: the site speaking of itself («نحن نستخدم ملفات
# تعريف الارتباط …»). Other furniture words may stand in an article's sentence.
SITE_SPEAKS = frozenset({"site-notice"})
# The longest list a text introduces with a colon, in items of a line each.
LIST_MAX_ITEMS = 20
# A pulled quote says again what the text around it says, almost word for word.
PULLED_QUOTE_SHARE = 0.8
# The longest bare line of a header besides headline-like ones: a name, a label.
HEADER_LABEL_MAX_WORDS = 4
# A standfirst under the headline: at least this many words, and this share of them
# taken up by the text's opening.
DECK_MIN_WORDS = 6
MIN_DECK_OVERLAP = 1 / 3
#: What a short headline-like line loses when it shares no word with the text's opening.
UNSHARED_LABEL_PENALTY = 1.0
#: Words a description must have before the text's telling it again counts.
TOLD_AGAIN_MIN_WORDS = 8
#: ... or of four when it ends on a function word, where no headline ends.
CUT_MIN_WORDS = 4
#: A line drawn with one character over and over: a rule between an article's sections.
DRAWN_RULE = re.compile(r"^([_\-–—=*~.•·])\1{4,}$")
OPENING_HEADLINE_BONUS = 1.5
#: What a headline-like line loses when a longer one above it says all it says.
PART_OF_HEADLINE_PENALTY = 1.0
#: ... and it is no longer than this share of that line's content words.
PART_OF_HEADLINE_SHARE = 2 / 3
#: How far a header's parts stand from one another and from the text, in lines: a photo's
#: label from its headline, the site's description from the text. Looking no further keeps
#: a page that prints its header a thousand times cleaned in linear time.
HEADER_WINDOW = 16
#: What a line printed twice in a row loses, past what any doubled line loses, when a
#: longer headline-like line stands right over it: that is the headline over its photo.
TWIN_UNDER_HEADLINE_PENALTY = 2.0
COPYRIGHT_WORDS = re.compile(
    r"copyright|all rights reserved|powered by \w+|جميع الحقوق محفوظة"
    r"|حقوق (?:النشر|الطبع)( محفوظة)?",
    re.IGNORECASE,
)
#: Every full date has a four-digit year: lines without one need no date parsing.
#: (?<!\d)\d{4}(?!\d), written to open on a digit, which the engine scans for fast: the
#: look-behind after the first digit sees two digits only when another stands before it.
#: A year run into a clock's time ("202417:26") counts too (see dating's _YEAR).
YEAR = re.compile(r"\d(?<!\d\d)\d{3}(?:(?!\d)|(?=\d{1,2}:\d\d(?!\d)))")
WEEKDAYS = ("الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")
#: Lines within which a line printed again is the page's echo of a headline or a caption.
ECHO_SPAN = 12
# A line that holds only a time of day («12:44 م», «10:15 AM»): the rest of a date line
# that the page prints on a line of its own.
CLOCK_ONLY = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*+(?:[صم]|[AaPp]\.?[Mm]\.?))?$")
#: Past this many words a line of sentences is running text: no furniture pattern or section
#: header is tried on it (cookie notices, disclaimers and newsletter blurbs are shorter).
RUNNING_MIN_WORDS = 30
#: Sections that are boxes inside an article on most sites: the article may go on after them.
INLINE_SECTIONS = frozenset({"read-also", "subscribe", "newsletter"})

# Line classes, as jusText names them (plus the lines whose kind is known outright).
GOOD, NEAR, HEADLINE, SHORT, BAD = "good", "near-good", "headline", "short", "bad"

#: A title with a site name after it, as in the page's <title>: "headline | site".
#: The space before the separator is entered only where a run of spaces starts, and
#: taken whole: on a line of nothing but spaces, trying every end of the title is linear.
#: An HTML tag printed as text, as a site that escaped its own markup shows it.
LITERAL_TAG = re.compile(r"\s*</?[A-Za-z][^<>]{0,40}>")
SITE_SUFFIX = re.compile(r"^(?P<title>.+?)(?<!\s)\s++[|\-–—:]\s+(?P<site>[^|\-–—:]{2,40})$")
_SITE_SEPARATORS = frozenset("|-–—:")
TRAILING_BAR = re.compile(r"\s+\|\s*$")


def has_site_separator(text: str) -> bool:
    """Whether `SITE_SUFFIX` can match: a separator and a space stand in the last 43
    characters (the site part is at most 40). Most lines have none there, and the
    pattern would otherwise try every position of them."""
    return not _SITE_SEPARATORS.isdisjoint(text[-43:])


#: A caption's closing attribution: "(الدفاع السورية)", at most four words, nothing after it.
#: Matched from the line's last "(" only (:func:`attribution`), never from every
#: position: a line of spaces or of words without ")" would cost the square of its length.
ATTRIBUTION = re.compile(
    r"\((?=[^()]*[^\W\d_])(?:[^()\s]++\s?){1,4}\)$"
    # Some sites put the credit in square brackets: «… 2024 [المصور/رويترز]».
    r"|\[(?=[^\[\]]*[^\W\d_])(?:[^\[\]\s]++\s?){1,4}\]$"
)
#: A blessing after a name, abbreviated in parentheses: «الإمام علي(ع)», «النبي (ص)».
#: It closes headlines and sentences as a credit closes a caption, and is none.
HONORIFIC = re.compile(r"\(\s*(?:ع|ص|س|رض|ره|عج|قدس|صلعم)\s*\)")
#: The short link an embedded post prints for its picture (the platform's old and new name).
EMBEDDED_MEDIA = ("pic.twitter.com/", "pic.x.com/")
#: Before its attribution, a caption says this much at least.
ATTRIBUTION_MIN_BEFORE = 20
#: A byline after the site's name: «#الموقع ـ بقلم : فلان.» (the tatweel is folded away
#: on the key). «بقلم» always names the writer; looked for only where it stands.
SIGNED_BY_SITE = re.compile(r"\S+(?:\s\S+){0,2}\s+[–—-]*\s*بقلم\s*:?\s*[^.:،]{2,40}\.?$")
#: The lines of an embedded post: its text and its attribution.
EMBEDDED = frozenset({"embedded-post", "embed-attribution"})
#: An embedded post's attribution: «— فلان (@handle) December 27, 2022».
POST_ATTRIBUTION = re.compile(r"[—–-]\s*.{1,60}\(@\w+\)")
DASHES = "—–-"
#: A byline run onto the end of a headline after a dash or a tatweel: «… ـ بقلم : فلان.».
BYLINE_TAIL = re.compile(r"\s[ـ–—-]+\s*(?:بقلم|كتب|كتبت|بواسطة)\s*:?\s*[^.:،]{2,40}\.?$")
STATEMENT_INSIDE = re.compile(r"[.!؟?]\s|[.]$")
#: A caption's opening label: «أرشيفية …», «الصورة من …», «صورة: …». «صورة» and «صور»
#: need their mark: a headline opens on them too («صورة قاتمة …», «صور تكشف …»).
CAPTION_PREFIX = re.compile(
    r"^\(?(?:(?:أرشيفية|ارشيفية|الصورة)\s*[:)\-–]?|(?:صورة|صور)\s*[:)\-–])\s"
)
#: A credit line for a photo, not its caption: "صورة من: Reuters", or after a comma as a
#: broadcaster prints it: "صدر الصورة، Getty Images".
PHOTO_CREDIT = re.compile(
    r"^(?:(?:صورة من|الصورة من|مصدر الصورة|حقوق الصورة|تصوير|الصورة)\s*:"
    r"|(?:مصدر|صدر) الصورة\s*[،,])"
)
#: The credit at the end of a caption, to measure what the caption says before it.
#: Runs of spaces are entered at their start and taken whole, so that a line of spaces
#: is not scanned again from each of them.
ATTRIBUTION_TAIL = re.compile(r"(?<!\s)\s*+(?:\([^()]*+\)|[-–—]\s*+\S++)\s*+$")
#: No caption is longer (the longest in the sample captures has 140 characters): a longer
#: line is text, and is spared the caption patterns, whose cost grows faster than its length.
CAPTION_MAX_CHARS = 600
#: What a headline of another story ends on to say it has pictures or a video: "(صور)",
#: "(فيديو)". A teaser's mark, not a caption's credit.
MEDIA_MARK = re.compile(
    r"\((?:صور|بالصور|فيديو|بالفيديو|فيديوهات|شاهد|انفوغراف|إنفوغراف|video|photos)\)$",
    re.IGNORECASE,
)
#: A dateline on a line of its own: "دمشق – عنب بلدي", "موسكو / الأناضول", or with the
#: underscore or the spaced tatweel some sites type for a dash ("الموقع _ دمشق",
#: "القاهرة ـ أ ش أ").
DATELINE = re.compile(r"^[^\s–—/|_-]+(?:\s[^\s–—/|_-]+)?(?:\s*[–—/_-]\s*|\sـ+\s)[^–—/|_-]{2,30}$")
#: An agency's dateline with its day, as Egyptian and other wires print it: «القاهرة في 6
#: يناير/أ ش أ/», perhaps followed by the reporter («تقرير - محمد جمال:»).
#: Only a reporter's name may follow: the text opening on such a dateline is text.
DATED_DATELINE = re.compile(
    r"^[^\s\d/]+(?:\s[^\s\d/]+)?\s+في\s+\d{1,2}\s+[^\s/]+\s*/[^/]{1,20}/[^/]{0,40}$"
)
#: How far into the line under an empty publication label its date may stand: past a
#: dateline's city name, never into the sentence.
EMPTY_LABEL_DATE_WORDS = 5
#: The name an aggregator prints before the date it took with the story: "موقع سي ان ان
#: بالعربية - 11/11/2025 8:50 AM". Up to five words without digits, then a separator
#: (which may stand glued to the name: "صدى نيوز| أخبار عربية …"); only taken off a
#: line that goes on with a date.
NAMED_DATE = re.compile(r"^(?:[^\d\s|\-–—]++\s){0,4}[^\d\s|\-–—]++\s?[|\-–—]\s(?=[^|\-–—]{0,30}\d)")
#: The site or source a date line names after it, past a slash or a bar: "السبت 21
#: سبتمبر 2019 الساعة 08 صباحاً / مأرب برس-اخبار اليوم". Up to five words without digits;
#: only taken off a line that states a date before it.
NAMED_AFTER_DATE = re.compile(r"\s[/|]\s*+(?:[^\d\s/|]++\s?){1,5}$")
#: Who posted the story, named after the date as blogs print it: "منشور في 15 مارس 2024
#: بواسطة محرر الموقع", "March 15, 2024 by admin". Up to four words without digits, right
#: after the date's last digit: "في 15 مارس 2024 أُنقذ الطفل بواسطة فرق الدفاع" is a
#: sentence, and keeps all its words.
POSTED_BY = re.compile(
    r"(?<=[0-9])\s*+[,،\-–|]?\s*+(?:بواسطة|by)\s++(?:[^\d\s]++\s?){1,4}$", re.IGNORECASE
)
_DATE_WORDS = re.compile(
    r"[0-9]+(?:هـ|ه|م)?(?!\w)|[0-9]+|(?:محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|ذو|القعدة|الحجة|"
    r"الأول|الأولى|الآخر|الآخرة|الثاني|الثانية|اول|الاول|الاولى|الاخر|الاخرة)(?!\w)|[|/\-–—:,،.()\[\]]|\b(gmt|utc|am|pm)\b|(?<!\w)(م|ص|مساء|صباحا|الساعة|بتوقيت|"
    r"مكة|القاهرة|دمشق|بيروت|غرينتش|يوم|في|بتاريخ|على|الساعه|"
    # The words that join a date in one calendar to the same day in the other: "الجمعة 03
    # ماي 2024 ميلادي، الموافق لـ 24 شوال 1445 هجري" is a date line, not a sentence.
    r"الموافق|لـ|ميلادي|ميلادية|هجري|هجرية|هـ)(?!\w)",
    re.IGNORECASE,
)


#: A credit after a comma closes a caption within this many characters of its end
#: («اقتحامات واسعة في المدينة، وكالات»); the longest credit word is shorter.
CREDIT_AFTER_COMMA_CHARS = 24


#: The longest unpunctuated line that may hold a date with its city and source beside it.
DATELINE_MAX_WORDS = 7
#: A read-also box closing the text links this many lines at most (a headline, its
#: teaser, the teaser's writer).
CLOSING_BOX_LINES = 3
#: A read-also label standing alone («شاهد هنا أيضا»), not the link printed after it.
READ_ALSO_LABEL_WORDS = 3
#: A dateline opening a paragraph: up to four words without a mark, then a dash.
OPENING_DATELINE = re.compile(r"^(?:[^\s–—\-.،,:]+\s){0,3}[^\s–—\-.،,:]+\s*[–—-]\s")
#: Another story after the article: the article has this many lines before it at least
#: (two paragraphs, then the headline and lede), and the lede shares at most this share of
#: its content words with the article's text.
OTHER_STORY_MIN_LINES = 4
OTHER_STORY_SHARED = 0.1


def credit_closes(key: str) -> bool:
    """Whether a profile's `credit` pattern can match: it closes the line on ")" or on a
    credit after a dash or a comma (see `build_profile`). Most lines have none of them,
    and the pattern would otherwise be tried from every position of them."""
    tail = key.rstrip()
    comma = max(tail.rfind("،"), tail.rfind(","))
    return (
        tail.endswith(")")
        or "-" in key
        or "–" in key
        or "—" in key
        or 0 <= comma >= len(tail) - CREDIT_AFTER_COMMA_CHARS
    )


def ends_sentence(text: str) -> bool:
    """Whether the line closes on a sentence's full stop. A byline the site ran onto a
    headline brings its own stop («… ـ بقلم : فلان.»), and «..» trails off."""
    if not text.endswith(FULL_STOPS) or text.endswith(".."):
        return False
    head = BYLINE_TAIL.sub("", text)
    return head == text or (head.endswith(FULL_STOPS) and not head.endswith(".."))


def attribution(key: str) -> str | None:
    """What a caption says before its closing attribution "(الدفاع السورية)", or None.

    The attribution holds no parentheses, so it opens at the line's last "(";
    what comes before is the shortest start of the line, of 20 characters at least,
    that leaves only spaces before the "(".
    """
    opening = key.rfind("[" if key.endswith("]") else "(")
    if opening < ATTRIBUTION_MIN_BEFORE or not ATTRIBUTION.match(key, opening):
        return None
    if HONORIFIC.fullmatch(key, opening) or key[opening - 1].isalpha():
        return None  # a blessing, or brackets the sentence opened on a word («و(المؤشر 20)»)
    before = key[:opening].rstrip()
    return before if len(before) >= ATTRIBUTION_MIN_BEFORE else key[:ATTRIBUTION_MIN_BEFORE]


@dataclass(frozen=True)
class DateLine:
    """The dates one date line states, as written, and whether a label says what they are."""

    published: str | None
    updated: str | None
    labelled: bool


def updated_first(dates: DateLine) -> bool:
    """Whether a line's update date comes before its publication date («الاثنين
    21-04-2025 - آخر تحديث الجمعة 29-11-2024»). No article is updated before it is
    published: that pair is a masthead's today and the site's last update."""
    if dates.published is None or dates.updated is None:
        return False
    published, updated = parse_date(dates.published), parse_date(dates.updated)
    return published is not None and updated is not None and updated.iso() < published.iso()


class Verdict(NamedTuple):
    """What classing a line decides: its kind, the rule that decided it (if one did) and
    its role, the dates it states, and what it tells of the capture (stamp, cited source)."""

    kind: str
    rule: str | None = None
    role: str | None = None
    dates: DateLine | None = None
    stamp: str | None = None
    cited: str | None = None


@dataclass
class _Line:
    index: int
    text: str  # as the page wrote it (faithful)
    key: str  # folded for matching
    evidence: LineEvidence
    kind: str = ""  # GOOD ... BAD, or "blank"
    rule: str | None = None  # a named rule that decides the line outright
    role: str | None = None  # "metadata" for rules that keep the line as a fact
    dates: DateLine | None = None  # what a date line states
    site: tuple[str, str | None] | None = None  # `strip_site`, worked out once
    echo: bool | None = None  # `echoed`, worked out once
    mass: float | None = None  # `weight`, worked out once (kinds are final by then)
    opens: tuple[tuple[str, str | None] | None] | None = None  # `section`, worked out once
    first: str | None = None  # `first_word`, worked out once


#: Curly double quotes as the straight one, for the cleaner's comparisons only: a page may
#: print its headline twice with «"» and once more with «“”», and it is the one headline.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})
_CURLY = re.compile("[“”„]")


def same_quotes(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The capture's keys with curly double quotes made straight (the keys stored with a
    capture, and the hash of its text, keep them as folded by `match_key`)."""
    return tuple(key.translate(_QUOTES) if _CURLY.search(key) else key for key in keys)


def first_word(line: _Line) -> str:
    """The line's first word, folded as function words are listed; worked out once."""
    if line.first is None:
        line.first = fold_word(line.key.split(maxsplit=1)[0]) if line.key else ""
    return line.first


def published_on(line: _Line) -> ParsedDate | None:
    """The publication date a date line states, read; None for any other line."""
    dates = line.dates
    return parse_date(dates.published) if dates is not None and dates.published else None


class _Cleaner:
    """One pass over one capture; an object only so its steps share what they learn.

    `classify` names and classes every line, `main_run` finds the article's text,
    `find_title` its headline, and `run` decides every line and gathers the dates.
    """

    def __init__(self, lines: tuple[str, ...], keys: tuple[str, ...], profile: Profile) -> None:
        self.profile = profile
        self.lines = [
            _Line(i, text, key, profile.remembered("measure", key, self._measure))
            for i, (text, key) in enumerate(zip(lines, keys, strict=True))
        ]
        self.keys = keys
        self.decisions: list[Decision | None] = [None] * len(lines)
        self.blocks: list[Block] = []
        self.stated: list[str] = []
        #: How many of the stated dates, at the front of `stated`, a label names.
        self.labelled_stated = 0
        self.updated: list[str] = []
        self.page_dates: list[str] = []
        self.page_date_keys: set[str] = set()
        self.title_index = 0
        self.text_start = 0
        #: A second look for the title, when the first found none: a line closing on a
        #: colon, a full stop, a name in brackets or a date, or printed again with the
        #: picture's number, which only make a headline unlikely, may be one.
        self.lenient = False
        self.site_notices = tuple(
            (rule, pattern) for rule, pattern in profile.furniture if rule in SITE_SPEAKS
        )
        self.title_known = False
        self.site_from_title: str | None = None
        self.cited: list[str] = []
        self.title_evidence: tuple[bool, float] = (False, 0.0)
        self.related: list[str] = []
        self.captured: str | None = None
        self.source: str | None = profile.source
        self.seen_captions: set[str] = set()
        self.seen_paragraphs: set[str] = set()
        self.count = Counter(keys)
        self.content: dict[str, frozenset[str]] = {}
        self.openings: dict[tuple[int, int], frozenset[str]] = {}
        self.first_seen: dict[str, int] = {}
        for index, key in enumerate(keys):
            self.first_seen.setdefault(key, index)

    def _measure(self, key: str) -> LineEvidence:
        return measure(key, self.profile.stopwords)

    # --- classing ----------------------------------------------------------------------

    def section(self, line: _Line) -> tuple[str, str | None] | None:
        """The section this line opens (its rule, and a source it names), if it opens one.

        A paragraph of running text opens none: no header is a long run of sentences, and
        sparing it the profile's patterns is most of what cleaning costs.
        """
        if line.opens is None:
            line.opens = (None if self.running(line) else self._section(line.key),)
        return line.opens[0]

    def running(self, line: _Line) -> bool:
        """A long line built of sentences: text, never a label, widget or header."""
        return line.evidence.words > RUNNING_MIN_WORDS and line.evidence.prose

    def _section(self, key: str) -> tuple[str, str | None] | None:
        return self.profile.remembered("section", key, self._opened)

    def _opened(self, key: str) -> tuple[str, str | None] | None:
        for rule, pattern, needed in self.profile.section_index.for_line(key):
            match = needed in key and pattern.search(key)
            if match:
                return rule, match.groupdict().get("source")
        return None

    def inline(self, rule: str) -> bool:
        """A box the text flows around (a read-also link, a subscribe form), not an end."""
        return rule in INLINE_SECTIONS and rule not in self.profile.appended_after

    def site_speaks(self, key: str) -> str | None:
        """The rule of furniture a line of running text may still be (`SITE_SPEAKS`): only
        those patterns are tried, for every other may match an article's sentence. They
        are anchored at the line's start, so each is tried there alone."""
        return next((rule for rule, pattern in self.site_notices if pattern.search(key)), None)

    def furniture(self, key: str) -> str | None:
        return self.profile.remembered("furniture", key, self._furniture)

    def _furniture(self, key: str) -> str | None:
        candidates = self.profile.furniture_index.for_line(key)
        return next(
            (rule for rule, pattern, needed in candidates if needed in key and pattern.search(key)),
            None,
        )

    @staticmethod
    def dateline(line: _Line) -> bool:
        """Whether the line is a dateline alone (`DATELINE`). Matching folds a tatweel away,
        so one that stands for a dash («القاهرة ـ أ ش أ») is looked for in the text."""
        return DATELINE.search(line.key) is not None or (
            " ـ" in line.text and DATELINE.search(" ".join(line.text.split())) is not None
        )

    def date_line(self, line: _Line) -> bool:
        """Whether the line states a full date and little else; records what it states."""
        key = line.key
        for pattern in self.profile.date_patterns:
            match = pattern.search(key)
            if match:
                line.dates = DateLine(match["date"].strip(), None, labelled=True)
                return True
        if line.evidence.digit_share and line.evidence.words <= 24 and not YEAR.search(key):
            # Under a publication label a two-digit year is the page's: «نُشر: 02/02/17».
            key = widen_short_year(key) if self.profile.published_label.search(key) else key
        if line.evidence.words > 24 or not YEAR.search(key) or parse_date(key) is None:
            return None
        labelled = bool(
            self.profile.published_label.search(key) or self.profile.updated_label.search(key)
        )
        ev = line.evidence
        # A short bare line may name its city and its source around the date, as a dateline
        # does («حلب 6-12-2024 شبكة الأخبار السورية المستقلة»); a sentence has a mark.
        bare = ev.words <= DATELINE_MAX_WORDS and not ev.sentence_end and not ev.clause_marks
        budget = 6 if labelled else 5 if bare else 3
        # A date's month name is the date's, not a word beside it: taken off with the date,
        # before the digits go ("… وعالمية 27 جمادى اول 1446هـ الموافق 29 نوفمبر 2024م").
        # Finding the dates costs more than the rest, so only a line one word over budget
        # (the month's name) is read again without them.
        beside = len(self.words_beside_date(key, False).split())
        if beside > budget + 1 or (
            beside > budget and len(self.words_beside_date(key, True).split()) > budget
        ):
            return False
        # "نشر في 30/11/2024 | آخر تحديث: 1/12/2024": each part says what it dates, in
        # either order ("آخر تحديث: … | نشر في: …" puts the update first).
        update = self.profile.updated_label.search(key)
        if update is None:
            line.dates = DateLine(key, None, labelled)
        elif (
            published_after := self.profile.published_label.search(key, update.end())
        ) is not None:
            updated_part = key[update.start() : published_after.start()]
            published_part = key[published_after.start() :]
            line.dates = DateLine(
                published_part if parse_date(published_part) else None,
                updated_part if parse_date(updated_part) else None,
                labelled,
            )
        else:
            # The copy may put a label's colon before it (":تحديث 14 15:27 2023 فيفري"):
            # the colon goes with the label, which tells the date's parts from a word.
            start = update.start() - 1 if key[: update.start()].endswith(":") else update.start()
            before, after = key[:start], key[start:]
            published = before if parse_date(before) else None
            line.dates = DateLine(published, after if parse_date(after) else None, labelled)
        return True

    def words_beside_date(self, key: str, without_dates: bool) -> str:
        """What a line holds besides its date, its labels, weekdays and a site's name."""
        rest = NAMED_AFTER_DATE.sub("", NAMED_DATE.sub("", key, count=1), count=1)
        rest = POSTED_BY.sub("", rest, count=1)
        if without_dates:
            for mention in find_dates(rest):
                rest = rest.replace(mention.text, " ")
        rest = _DATE_WORDS.sub(" ", rest)
        rest = self.profile.published_label.sub(" ", rest)
        rest = self.profile.updated_label.sub(" ", rest)
        for mention in find_dates(rest):
            rest = rest.replace(mention.text, " ")
        for name in WEEKDAYS:
            rest = rest.replace(name, " ")
        return rest

    def republished_on(self, key: str) -> str | None:
        """The one full date a republication notice states, as written."""
        dates = [m for m in find_dates(key) if m.day and m.year]
        return dates[0].text if len(dates) == 1 and parse_date(dates[0].text) else None

    def captured_stamp(self, key: str) -> str | None:
        for pattern in self.profile.captured_patterns:
            match = pattern.search(key)
            if match:
                return f"{match['date']}T{match['time']}Z"
        return None

    def credited(self, key: str) -> bool:
        """A photo caption by its credit: an agency or a short attribution at its end."""
        return self.profile.remembered("credited", key, self._credited)

    def _credited(self, key: str) -> bool:
        credit = self.profile.caption_credit
        if len(key) > CAPTION_MAX_CHARS:
            return False
        if credit is not None and credit.search(key):
            return True
        if PHOTO_CREDIT.search(key) or MEDIA_MARK.search(key):
            return False
        if (credit_closes(key) and self.profile.credit.search(key)) or CAPTION_PREFIX.search(key):
            return len(ATTRIBUTION_TAIL.sub("", key).split()) >= 3
        before = attribution(key)
        return (
            before is not None
            and not STATEMENT_INSIDE.search(before)
            and not self.asks_in_brackets(key)
        )

    def asks_in_brackets(self, key: str) -> bool:
        """Whether the closing brackets hold function words only («… (ماذا
        بعد)», «(إليك التفاصيل)» has a content word and stays a credit): a headline's
        teaser question to its reader. A credit names someone."""
        inside = key[key.rfind("[" if key.endswith("]") else "(") + 1 : -1].split()
        return bool(inside) and all(fold_word(word) in self.profile.stopwords for word in inside)

    def classify(self) -> None:
        """Name and class every line. What a line is depends on its text and the profile
        alone, so a line met before (a menu, a label, a footer) is answered from memory."""
        remembered = self.profile.remembered
        for line in self.lines:
            key, text = line.key, line.text
            if not key:
                line.kind, line.rule = "blank", "blank"
                continue
            memo = text if key is text else f"{text}\n{key}"  # no line holds a line break
            # The lambda is called at once or never: the loop's line is the one it reads.
            verdict = remembered("line", memo, lambda _: self._classified(line), len(text))  # noqa: B023
            line.kind, line.rule, line.role, line.dates, stamp, cited = verdict
            if stamp:
                self.captured = self.captured or stamp
            if cited:
                self.cited.append(cited)
        self.label_over_dateline()
        self.summary_points()
        self.embedded_posts()

    def embedded_posts(self) -> None:
        """The line over an embedded post's attribution («— فلان (@handle) December 27,
        2022») is the post's text: not the article's, and it opens no section (its
        hashtags, «#حلب #سوريا», are the post's, not the page's tags; the article goes on
        under the post)."""
        lines = self.lines
        for index in [i for i, line in enumerate(lines) if line.rule == "embed-attribution"]:
            if lines[index].key[:1] not in DASHES:
                continue  # a picture's link, which the post's text stands on
            post = next((line for line in reversed(lines[:index]) if line.key), None)
            if post is not None:
                post.opens = (None,)
                post.kind, post.rule, post.role = BAD, "embedded-post", None

    def summary_points(self) -> None:
        """A summary the site wrote over the article («اظهر الملخص» over a list of points):
        the points are the site's, however much they read like text. Only bulleted lines
        straight under the buttons; the first line without a bullet is the text's."""
        under_toggle = False
        for line in self.lines:
            if not line.key:
                continue
            if line.rule == "summary-toggle":
                under_toggle = True
            elif under_toggle and line.key[:1] in BULLETS:
                line.kind, line.rule, line.role = BAD, "summary-point", None
            else:
                under_toggle = False

    def label_over_dateline(self) -> None:
        """A publication label left empty («نشر بتاريخ:»: the page filled the date in with
        a script the copy did not run) over a line that opens on a full date (an agency's
        dateline, «موسكو 20 مارس 2025 ( وكالة ) - …»): the label states that date. Decided
        after the lines are classed, for what the label means depends on the next line."""
        label = self.profile.published_label
        for line, following in zip(self.lines, self.lines[1:], strict=False):
            if line.rule is not None or line.evidence.words > 3:
                continue
            bare = label.sub("", line.key).strip(" :：")
            if bare or not following.key or not label.search(line.key):
                continue
            opening = " ".join(following.key.split()[:EMPTY_LABEL_DATE_WORDS])
            dated = next((m for m in find_dates(opening) if m.day and m.year), None)
            if dated is not None:
                line.kind, line.rule, line.role = BAD, "date-line", "metadata"
                line.dates = DateLine(dated.text, None, labelled=True)

    def _classified(self, line: _Line) -> Verdict:
        """What a non-blank line is, from its text and the profile alone."""
        profile = self.profile
        key, ev = line.key, line.evidence
        if stamp := self.captured_stamp(key):
            return Verdict(BAD, "captured", "metadata", None, stamp)
        if key[:1] in DASHES and POST_ATTRIBUTION.match(key):
            # An embedded post's attribution dates the post, not the article.
            return Verdict(BAD, "embed-attribution")
        if self.date_line(line):
            return Verdict(BAD, "date-line", "metadata", line.dates)
        if key.startswith(("http://", "https://", "www.")):
            return Verdict(BAD, "link")
        if "pic." in key and any(link in key for link in EMBEDDED_MEDIA):
            # A post embedded in the page, its text and its picture's short link: however
            # long, no paragraph of the article links a picture so.
            return Verdict(BAD, "embed-attribution")
        if rule := (self.site_speaks(key) if self.running(line) else self.furniture(key)):
            if rule == REPUBLISHED and (stated := self.republished_on(key)):
                # "first published on X, fetched on DATE": the day this page published it.
                return Verdict(BAD, rule, "metadata", DateLine(stated, None, labelled=True))
            return Verdict(BAD, rule)
        if any(p.search(key) for p in self.profile.source_labels):
            return Verdict(BAD, "source-label")
        cited = self.section(line)
        if cited and cited[1]:
            return Verdict(BAD, cited[0], "metadata", None, None, cited[1].strip())
        if ev.words <= 8 and (
            any(p.search(key) for p in profile.bylines)
            or ("بقلم" in key and SIGNED_BY_SITE.match(key))
        ):
            return Verdict(BAD, "byline", "metadata")
        # A dateline may end on the colon that opens the text after it («الرياض — فلان :»);
        # a numbered subheading does too («1- المباراة الأولى:»), and opens on its number.
        colon = key.endswith(":") and key[:1].isalpha()
        if ev.words <= 5 and (not ev.sentence_end or colon) and self.dateline(line):
            return Verdict(BAD, "dateline", "metadata")
        if " في " in key and DATED_DATELINE.match(key):
            return Verdict(BAD, "dateline", "metadata")
        if profile.credit_alone.search(key) or PHOTO_CREDIT.search(key):
            return Verdict(BAD, "credit", "metadata")
        if profile.ticker_runs(line.text) >= profile.ticker_min_runs:
            return Verdict(BAD, "ticker")
        if ev.words >= profile.long_min_words and not ev.prose and ev.stop_share < MENU_MAX_STOPS:
            # Twenty-five words and more without a clause and almost without a function
            # word («اخبار الاردن اقتصاديات دوليات جامعات …») are names in a row: a menu.
            return Verdict(BAD, "menu-line")
        if ev.arabic_share < MIN_ARABIC_SHARE and ev.words < profile.long_min_words:
            kind = BAD
        elif (ev.prose and ev.words >= profile.good_min_words) or (
            ev.words >= profile.long_min_words
        ):
            kind = GOOD
        elif (ev.sentence and ev.words >= 4) or (
            ev.words >= profile.good_min_words and self.joined_on(line)
        ):
            kind = NEAR  # a sentence, or one going on from the line before without its stop
        elif ev.words >= profile.title_min_words and not ev.sentence:
            kind = HEADLINE
        else:
            kind = SHORT
        return Verdict(kind)

    # --- the body: the densest run of text ----------------------------------------------

    def weight(self, line: _Line) -> float:
        """The line's weight in the search for the article's text: words of text count for it,
        furniture against it, and a line said again (a doubled caption, the title repeated)
        counts once at most."""
        if line.mass is None:
            line.mass = self._weight(line)
        return line.mass

    def _weight(self, line: _Line) -> float:
        kind = line.kind
        said_again = self.echoed(line) or self.first_seen[line.key] != line.index
        if kind in (GOOD, NEAR) and said_again:
            return 0.0
        if kind == GOOD:
            return float(line.evidence.words)
        if kind == NEAR:
            return line.evidence.words / 2
        if kind == "blank":
            return 0.0
        if line.role == "metadata" or line.rule in EMBEDDED:
            # An embedded post is a box the text flows around, as its header is text's.
            return -1.0
        if kind == BAD:
            return -4.0
        return -2.0

    def densest(self, start: int, end: int) -> tuple[int, int, float]:
        """Maximum-sum run of line weights in [start, end): (first, last, mass)."""
        best = (start, start - 1, 0.0)
        total, first = 0.0, start
        for i in range(start, end):
            w = self.weight(self.lines[i])
            if total <= 0:
                total, first = w, i
            else:
                total += w
            if total > best[2]:
                best = (first, i, total)
        return best

    def barriers(self) -> list[int]:
        """Lines that open a section (a list, tags, appended text): runs never cross them."""
        out = []
        text_seen = False
        for line in self.lines:
            if line.kind == "blank" or line.rule in ("date-line", "captured"):
                continue
            opened = self.section(line)
            closes = opened is not None and not opened[1] and not self.inline(opened[0])
            another = text_seen and (
                self.article_starts(line.index) or self.new_article(line.index)
            )
            if closes or another:
                out.append(line.index)
            text_seen = text_seen or line.kind == GOOD
        return out

    @cached_property
    def first_list(self) -> int:
        """Where the capture's first list of other stories opens (past the end if none)."""
        return next(
            (
                line.index
                for line in self.lines
                if line.key and (self.section(line) or ("",))[0] in LISTS
            ),
            len(self.lines),
        )

    def new_article(self, index: int) -> bool:
        """A headline followed closely by itself again or by a date line: another article."""
        line = self.lines[index]
        if line.kind != HEADLINE or line.rule is not None:
            return False
        seen = 0
        for other in self.lines[index + 1 :]:
            if other.kind == "blank":
                continue
            seen += 1
            if seen > 4:
                return False
            if (other.key == line.key and not self.doubled(index)) or other.rule == "date-line":
                return True
            if other.rule in HEADER_END and self.first_list < index:
                return True  # under a list's header: a story's own byline or dateline
            if other.kind == GOOD and other.key != line.key:
                return False
        return False

    def main_run(self) -> tuple[int, int]:
        edges = [-1, *self.barriers(), len(self.lines)]
        runs = []
        for a, b in itertools.pairwise(edges):
            first, last, mass = self.densest(a + 1, b)
            if mass > 0:
                # Text under a list's header (related, most read) is teasers, not an article.
                listed = a >= 0 and (self.section(self.lines[a]) or ("",))[0] in LISTS
                runs.append((first, last, mass * (LISTED_WEIGHT if listed else 1.0), listed))
        if not runs:
            raise CaptureError(NO_TEXT)
        biggest = max(run[2] for run in runs)
        # The first run of real weight: a page's article comes before what is appended to it.
        enough = min(biggest, MIN_RUN_MASS)
        # A short article is still the article when it stands right under the header (its
        # date line, or its headline printed again): what follows it is appended.
        weighty = [run for run in runs if run[2] >= enough or self.under_header(run[0])]
        # One long line without a comma or a full stop inside is a ticker printing its
        # headlines in a row, not an article, when a run of real weight follows it (and
        # not under a list's header).
        first, last, _, _ = next(
            (run for run in weighty if not self.run_on(run) and not run[3]), weighty[0]
        )
        first = self.past_other_story(first, last)
        last = self.before_closing_teaser(first, last)
        last = self.before_other_story(first, last)
        last = self.before_closing_box(first, last)
        last = self.past_list(last)
        # A photo closing the article belongs to it: its credited caption follows the text.
        after = last + 1
        while after < len(self.lines) and (
            not self.lines[after].key or self.captioned(self.lines[after])
        ):
            if self.lines[after].key:
                last = after
            after += 1
        # Headline-like lines that open the run belong to the header: the title is among them.
        while first < last and not self.opens_text(self.lines[first]):
            first += 1
        if not self.opens_text(self.lines[first]) and self.lines[first].kind != GOOD:
            raise CaptureError(NO_TEXT)
        return self.lede_said_twice(first), last

    def past_list(self, last: int) -> int:
        """Where the text ends when its last line introduces a list («… على 7 شعب:»): the
        items under it, line after line with no blank between, are the article's, however
        short. A list ends at a blank line or a line a rule names."""
        if not self.lines[last].key.endswith(":"):
            return last
        for line in self.lines[last + 1 : last + 1 + LIST_MAX_ITEMS]:
            if not line.key or line.rule is not None:
                break
            last = line.index
        return last

    def listed(self, line: _Line) -> bool:
        """Whether the line is an item of a list the text introduced with a colon: above
        it, with no blank line between, a kept paragraph ending on «:», and only items
        kept under it. A short line there is no subheading and no label."""
        for other in reversed(self.lines[max(0, line.index - LIST_MAX_ITEMS) : line.index]):
            decision = self.decisions[other.index]
            if not other.key or decision is None or decision.role != "paragraph":
                return False
            if other.key.endswith(":"):
                return True
        return False

    def lede_said_twice(self, first: int) -> int:
        """Where the text starts when the page printed its first paragraph twice right over
        the run (the site's excerpt of the article, then the text opening on it): a copy
        counts for nothing in the run's weight, so the run began under both. The second
        copy is the text's."""
        above = next((line for line in reversed(self.lines[:first]) if line.key), None)
        if (
            above is None
            or above.kind != GOOD
            or not above.evidence.sentence_end
            or self.count[above.key] != 2
            or self.first_seen[above.key] == above.index
        ):
            return first
        return above.index

    def under_header(self, first: int) -> bool:
        """Whether the keyed line right above `first`, past any photo caption, closes a
        headline's header: a date line, or a headline-like line the page prints twice
        (the headline again)."""
        above = next(
            (
                line
                for line in reversed(self.lines[:first])
                if line.key and not self.captioned(line)
            ),
            None,
        )
        return above is not None and (
            above.rule == "date-line" or (self.headline_like(above) and self.count[above.key] >= 2)
        )

    def run_on(self, run: tuple[int, int, float, bool]) -> bool:
        """Whether a run is a single line of many words with no clause mark inside."""
        first, last, _, _ = run
        text = [line for line in self.lines[first : last + 1] if line.kind == GOOD]
        return (
            len(text) == 1
            and text[0].evidence.clause_marks == 0
            and text[0].evidence.words >= RUN_ON_MIN_WORDS
        )

    def before_closing_teaser(self, first: int, last: int) -> int:
        """The run's end, less a teaser of another story that closes it: a bare headline
        and under it a lede cut off with an ellipsis («… محمد بن سلمان، ...»), after the
        article's text. An article's own last paragraph is not cut off so."""
        if not self.lines[last].text.endswith(ELLIPSES):
            return last
        keyed = [i for i in range(first, last) if self.lines[i].key]
        if len(keyed) < 2:
            return last
        head, before = self.lines[keyed[-1]], self.lines[keyed[-2]]
        if (
            head.kind in (HEADLINE, SHORT)
            and not head.evidence.sentence_end
            and before.kind == GOOD
        ):
            return before.index
        return last

    def before_other_story(self, first: int, last: int) -> int:
        """The run's end, less another story printed after the article without a label:
        its headline, then one paragraph that takes the headline's words up and shares
        almost none with the article above. A subheading's section goes on with the
        article's people and places; the next story on the page does not."""
        keyed = [i for i in range(first, last + 1) if self.lines[i].key]
        if len(keyed) < OTHER_STORY_MIN_LINES:
            return last
        head, lede = self.lines[keyed[-2]], self.lines[keyed[-1]]
        if lede.kind != GOOD or head.evidence.sentence_end or not self.headline_like(head):
            return last
        article: set[str] = set()
        for i in keyed[:-2]:
            if self.lines[i].kind == GOOD:
                article |= self.words_of(self.lines[i].key)
        # The site's or the agency's dateline opening the lede («الموقع – قال …») is the
        # site's, printed over every story: it tells nothing of the subject.
        told = self.words_of(OPENING_DATELINE.sub("", lede.key, count=1))
        headline = self.words_of(head.key)
        if (
            headline
            and len(headline & told) >= len(headline) / 2
            and len(told & article) <= len(told) * OTHER_STORY_SHARED
        ):
            return keyed[-3]
        return last

    def before_closing_box(self, first: int, last: int) -> int:
        """The run's end, less a read-also box that closes it: the label and the stories
        it links (a headline, a teaser, its writer's), when none of them goes on with the
        article's subject. A box inside the article is followed by more of the article,
        which shares its people and places; the site's dateline opening a teaser, printed
        over every story, does not count."""
        keyed = [i for i in range(first, last + 1) if self.lines[i].key]
        for label in keyed[-CLOSING_BOX_LINES - 1 : -1]:
            if (self.section(self.lines[label]) or ("",))[0] != "read-also":
                continue
            if self.lines[label].evidence.words > READ_ALSO_LABEL_WORDS:
                break  # the link is on the label's line: the text goes on under it
            article: set[str] = set()
            for i in keyed:
                if i >= label:
                    break
                if self.lines[i].kind == GOOD:
                    article |= self.words_of(self.lines[i].key)
            linked: set[str] = set()
            for i in keyed:
                if i > label:
                    linked |= self.words_of(OPENING_DATELINE.sub("", self.lines[i].key, count=1))
            if article and linked and len(linked & article) <= len(linked) * OTHER_STORY_SHARED:
                return max((i for i in keyed if i < label), default=last)
            break
        return last

    def captioned(self, line: _Line) -> bool:
        """A photo caption by its form alone: doubled, or closing on a credit."""
        return line.rule is None and (self.twin(line.index) or self.credited(line.key))

    def past_other_story(self, first: int, last: int) -> int:
        """Where the run starts once a teaser of another story before the headline is cut off.

        A most-read teaser just above the headline reads like text and joins the run;
        it shares no subject with the text below the headline, which the article's own
        first lines do. A page that has printed its header twice above the run (the
        headline, then the headline again over the text) has no teaser between it and
        the text: the run opens on the article, whatever its first paragraph is about.
        """
        if self.header_printed_twice(first):
            return first
        mass = sum(max(0.0, self.weight(line)) for line in self.lines[first : last + 1])
        before = 0.0
        prefix: set[str] = set()
        previous: frozenset[str] | None = None
        # Whether each text line so far is a story of its own: teasers of unrelated stories
        # share almost no words, an article's paragraphs many.
        apart, stories = True, 0
        for i in range(first, last + 1):
            line = self.lines[i]
            if line.kind == GOOD:
                before += self.weight(line)
                words = self.words_of(line.key)
                apart = apart and (previous is None or len(words & previous) < 2)
                if before > mass * 3 / 4 or (before > mass / 4 and not apart):
                    return first
                prefix |= words
                previous = words
                stories += 1
                continue
            if not self.headline_like(line) or before == 0:
                continue
            after = self.opening_words(i + 1)
            headline = self.words_of(self.strip_site(line)[0])
            shared = len(headline & after)
            # A quarter of the run may stand above a headline the text takes up; more only
            # when each line above is a story of its own, and above a whole headline (not a
            # subheading's few words) that the text takes up nearly word for word.
            enough = (
                shared >= len(headline) / 2
                if before <= mass / 4
                else stories >= 2
                and len(headline) >= FULL_HEADLINE_WORDS
                and shared >= 0.75 * len(headline)
            )
            if headline and enough and len(prefix & after) <= len(prefix) / 5:
                return i + 1
        return first

    def header_printed_twice(self, first: int) -> bool:
        """Whether a headline-like line stands twice above `first`, apart (not a photo's
        caption doubled in a row): the page's header, printed again right over the text."""
        above = [line for line in self.lines[:first] if line.key and self.headline_like(line)]
        copies = Counter(line.key for line in above)
        return any(copies[line.key] >= 2 and not self.twin(line.index) for line in above)

    def opening_words(self, start: int, lines: int = 3) -> frozenset[str]:
        """Content words of the first text lines from `start` on, worked out once per start:
        every headline candidate is measured against the same opening."""
        if (start, lines) not in self.openings:
            self.openings[start, lines] = frozenset(self._opening_words(start, lines))
        return self.openings[start, lines]

    def _opening_words(self, start: int, lines: int) -> set[str]:
        words: set[str] = set()
        taken = 0
        for line in self.lines[start:]:
            if line.kind == GOOD and self.first_seen[line.key] == line.index:
                words |= self.words_of(line.key)
                taken += 1
                if taken == lines:
                    break
        return words

    def words_of(self, text: str) -> frozenset[str]:
        """`content_words` of a text, worked out once per capture."""
        if text not in self.content:
            self.content[text] = frozenset(content_words(text, self.profile.stopwords))
        return self.content[text]

    def echoed(self, line: _Line) -> bool:
        if line.echo is None:
            line.echo = self._echoed(line)
        return line.echo

    def _echoed(self, line: _Line) -> bool:
        """Whether the page prints this line again close by, as it does its headline and
        captions. A copy past a section header (an appended article) is no echo: the line
        is still text where it first stands."""
        if self.count[line.key] < 2 or self.running(line):
            return False  # headlines and captions are echoed; a paragraph is never that long
        for step in (-1, 1):
            i = line.index + step
            while 0 <= i < len(self.lines) and abs(i - line.index) <= ECHO_SPAN:
                other = self.lines[i]
                if other.key == line.key:
                    return True
                if other.key and self.section(other) is not None:
                    break
                i += step
        return False

    def heads_byline(self, line: _Line) -> bool:
        """Whether a date line or byline follows: the header block under a headline. A
        dateline («الموقع - دمشق») under a line that ends a statement is no header: some
        sites print it under the lede, before the rest of the text. A bare counter of views
        («73») between them is no line of its own, and the writer's name and role over a
        date line («سامر العلي», «كاتب سوري») are the byline's own lines."""
        following = self.next_past_counter(line)
        names = 0
        while following is not None and names < BYLINE_NAME_LINES and self.header_label(following):
            following, names = self.next_past_counter(following), names + 1
        if following is None or (names and following.rule not in HEADER_END):
            return False
        if following.rule == "dateline":
            return not (line.kind == GOOD and line.evidence.statement_end)
        return following.rule in ("date-line", "byline")

    def next_past_counter(self, line: _Line) -> _Line | None:
        """The next line with words, past a bare counter (views, comments: «73»)."""
        return next((o for o in self.lines[line.index + 1 :] if o.key and o.rule != "pager"), None)

    def opens_text(self, line: _Line) -> bool:
        """Whether the article's text can start at this line (a headline cannot). A headline
        stands on its date line or byline; a long line of sentences over one is text (a
        teaser of a print article over its «read the rest in print - date» line)."""
        if self.heads_byline(line) and not self.running(line):
            return False
        if (
            line.text.endswith(ELLIPSES)
            and not line.evidence.clause_marks
            and sum(line.text.count(mark) for mark in ELLIPSES) < 2
        ):
            # A headline the site cut short («… على أملاك …»), not a sentence; unless the
            # writer punctuates with ellipses, inside the line too («… عام 1925م…أكبر …»).
            return False
        if line.kind == GOOD:
            return (
                (line.evidence.prose or self.goes_on(line))
                and self.first_seen[line.key] == line.index
                and not self.echoed(line)
                and self.strip_site(line)[1] is None
            )
        if line.kind != NEAR:
            return False
        if line.text.endswith(FULL_STOPS):
            return True
        # Between the header's date line or byline and more sentences, a sentence the writer
        # closed on «!» or «؟» («… في محيط حلب....!!») is the text's first. Under a date line
        # and over a byline, such a line is the headline («"لا خطة لدى روسيا …"!»).
        if not line.text.endswith(("!", "؟", "?")):
            return False
        above = next((other for other in reversed(self.lines[: line.index]) if other.key), None)
        below = next((other for other in self.lines[line.index + 1 :] if other.key), None)
        return (
            above is not None
            and above.rule in HEADER_END
            and below is not None
            and below.kind in (GOOD, NEAR)
        )

    def goes_on(self, line: _Line) -> bool:
        """Whether a long line without a mark is a paragraph that lost its stop: the next
        line goes on from it («وأضافت …»). A ticker's headlines in a row are followed by
        the page's next box, not by a sentence that continues them."""
        after = line.index + 1
        while after < len(self.lines) and not self.lines[after].key:
            after += 1  # past blank lines; slicing the rest would cost its length each call
        following = self.lines[after] if after < len(self.lines) else None
        return (
            following is not None and following.kind in (GOOD, NEAR) and self.joined_on(following)
        )

    # --- the title ------------------------------------------------------------------------

    def headline_like(self, line: _Line, stop_allowed: bool = False) -> bool:
        """Whether the line can be a headline: a few words, Arabic, no sentence, no credit."""
        profile, ev = self.profile, line.evidence
        if line.kind == "blank" or (
            line.rule is not None and not (self.lenient and self.dated_headline(line))
        ):
            return False
        # A full stop ends a sentence, not a headline; a caller that has other evidence
        # of a headline (a date line under it) lets a short one pass.
        stopped = line.text.endswith(FULL_STOPS) and ends_sentence(line.text)
        if stopped and (not (stop_allowed or self.lenient) or ev.clause_marks > 1):
            return False
        if line.key[:1] in BULLETS:
            return False  # an item of a list
        if line.key[-1:] in _SITE_SEPARATORS and not (
            self.lenient and line.key.endswith(":") and ev.words > HEADER_LABEL_MAX_WORDS
        ):
            return False  # a label or a site name waiting for what follows it («المغرب -»)
        words = len(self.strip_site(line)[0].split())
        return (
            profile.title_min_words <= words <= profile.title_max_words
            and ev.arabic_share >= MIN_ARABIC_SHARE
            and len(line.text) <= self.profile.title_max_chars
            # When nothing else looks like a headline, brackets closing a line may quote a
            # name («… في محيط (حلب الشهباء)»), as some sites quote, rather than credit.
            and (self.lenient or not self.credited(line.key))
            and ev.digit_share < 0.3
        )

    def dated_headline(self, line: _Line) -> bool:
        """Whether a date line is a headline closed by the day it tells of («حصيلة
        المعارك في ريف حلب 29-11-2024»): unlabelled, three words or more before the date and
        none of them a weekday or a number. Asked only when nothing else looks like a
        headline: a date line names its city and source as often."""
        if line.rule != "date-line" or line.dates is None or line.dates.labelled:
            return False
        text = line.text.rstrip()
        full = [mention for mention in find_dates(text) if mention.day and mention.year]
        if not full or not text.endswith(full[-1].text):
            return False
        before = text[: -len(full[-1].text)].split()
        return len(before) >= self.profile.title_min_words and not any(
            names_weekday(word) or any(c.isdigit() for c in word) for word in before
        )

    def joined_on(self, line: _Line) -> bool:
        """Whether the line opens on «و» joined to a function word or a verb of saying
        («وفي», «وكان», «وأكدت»): a sentence that goes on from the one before it. A third
        of an article's paragraphs open so; of 624 hand-labelled headlines, none did (a
        root «و» opens many: «وزير», «وفد»)."""
        first = first_word(line)
        rest = first[1:]
        # «والي» is a governor as often as «وإلى», folded alike: it opens headlines.
        return (
            first[:1] == "و" and len(rest) > 1 and rest != "الي" and rest in self.profile.stopwords
        )

    def reads_as_sentence(self, line: _Line) -> bool:
        """Whether the line opens as the text's sentences do and no headline does."""
        return self.joined_on(line) or self.opens_sentence(line)

    def opens_sentence(self, line: _Line) -> bool:
        """Whether the line opens on a word a lede's sentence opens on and no headline does
        («كما», «أعلنت», «تم»: `sentence_openers`)."""
        return first_word(line) in self.profile.sentence_openers

    def stops_over_date(self, line: _Line) -> bool:
        """A headline that ends on a full stop («… في ريف حلب.»): some sites punctuate
        their headlines so. It is one when a date line stands right under it, past a bare
        counter of views at most; text is never dated line by line."""
        if not line.text.endswith(FULL_STOPS) or line.text.endswith(".."):
            return False  # headline_like has answered for this line already
        following = self.next_past_counter(line)
        return (
            following is not None
            and following.rule == "date-line"
            and self.headline_like(line, stop_allowed=True)
        )

    def strip_site(self, line: _Line) -> tuple[str, str | None]:
        """(title, site) for "headline | site"; the site part only when it looks like one."""
        if line.site is None:
            line.site = self._strip_site(line)
        return line.site

    def _strip_site(self, line: _Line) -> tuple[str, str | None]:
        match = SITE_SUFFIX.match(line.key) if has_site_separator(line.key) else None
        if not match:
            return line.key, None
        title, site = match["title"].strip(), match["site"].strip()
        if len(site.split()) > 4 or len(title.split()) < self.profile.title_min_words:
            return line.key, None
        elsewhere = self.count.get(title, 0) > 0 or any(
            k != line.key and k.startswith(title) for k in self.keys if k
        )
        if elsewhere or self.count.get(site, 0) > 1:
            return title, site
        return line.key, None

    def overlap(self, text: str, body_start: int) -> float:
        """Share of a headline's content words that the article's opening repeats.

        A headline from a ticker or a widget is about another story: it shares almost
        no words with the text under it, while the real headline's words recur there.
        """
        words = self.words_of(text)
        if not words:
            return 0.0
        return len(words & self.opening_words(body_start)) / len(words)

    def doubled(self, index: int) -> bool:
        """The first of two equal lines in a row: a photo caption as pages print them."""
        return self.second_of(index) is not None

    def second_of(self, index: int) -> int | None:
        """Where the line's copy stands when the line is doubled: on the next line, or
        past one blank line in a capture that puts a blank line after each of its lines
        (the photo's text and its caption are two blocks there, as paragraphs are), once
        the text has begun or under the headline once it is known: above them, a line
        printed twice so is the headline as often."""
        lines = self.lines
        if not self.profile.captions_doubled or not lines[index].key:
            return None
        if index + 1 < len(lines) and lines[index + 1].key == lines[index].key:
            return index + 1
        if (
            self.spaced
            and (index > self.first_text or (self.title_known and index > self.title_index))
            and index + 2 < len(lines)
            and not lines[index + 1].key
            and lines[index + 2].key == lines[index].key
        ):
            return index + 2
        return None

    @cached_property
    def first_text(self) -> int:
        """The first line of running text, wherever the article turns out to start."""
        return next((line.index for line in self.lines if line.kind == GOOD), len(self.lines))

    @cached_property
    def spaced(self) -> bool:
        """Whether the capture sets a blank line after most of its lines."""
        keyed = [i for i, line in enumerate(self.lines[:-1]) if line.key]
        gaps = sum(1 for i in keyed if not self.lines[i + 1].key)
        return len(keyed) > 0 and gaps >= len(keyed) * SPACED_SHARE

    def spaced_pair(self, index: int) -> bool:
        """Whether the line is printed again past one blank line, over or under it, in a
        capture that puts a blank line after each of its lines."""
        lines, key = self.lines, self.lines[index].key
        return self.spaced and any(
            0 <= j < len(lines) and not lines[(index + j) // 2].key and lines[j].key == key
            for j in (index - 2, index + 2)
        )

    def twin(self, index: int) -> bool:
        """Either of two equal lines in a row."""
        return self.doubled(index) or any(
            self.second_of(j) == index for j in (index - 1, index - 2) if j >= 0
        )

    def cut_twin(self, index: int) -> str | None:
        """Of two lines in a row of which the first is the second cut short by a word or
        five («الرئيس التونسي قيس» over «الرئيس التونسي قيس سعيد»), which this one is:
        "cut" or "whole". Pages print a photo's text so, as its alt text and its caption;
        a headline's copy with a site name after it is no such pair."""
        lines = self.lines
        for first, which in ((index, "cut"), (index - 1, "whole")):
            if first < 0 or first + 1 >= len(lines):
                continue
            short, long = lines[first].key, lines[first + 1].key
            if (
                short
                and long.startswith(short + " ")
                and len(long.split()) - len(short.split()) <= CUT_TWIN_MAX_WORDS
                and not has_site_separator(long[len(short) :])
            ):
                return which
        return None

    def block_repeated(self, index: int) -> bool:
        """Whether the line is printed again further on with the same line over it or
        under it: a block of lines printed twice. A few copies are enough to tell."""
        key = self.lines[index].key
        if self.count[key] < 2:
            return False
        around = (self.keyed_next(index, -1), self.keyed_next(index, 1))
        copies = (i for i in self.positions[key] if i != index)
        return any(
            mine is not None and mine == theirs
            for other in itertools.islice(copies, BLOCK_COPIES_LOOKED_AT)
            for mine, theirs in zip(
                around, (self.keyed_next(other, -1), self.keyed_next(other, 1)), strict=True
            )
        )

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Where each line's text stands in the capture."""
        found: dict[str, list[int]] = {}
        for line in self.lines:
            if line.key:
                found.setdefault(line.key, []).append(line.index)
        return found

    def keyed_next(self, index: int, step: int) -> str | None:
        """The key of the nearest line with words above (step -1) or under (+1) this one."""
        i = index + step
        while 0 <= i < len(self.lines) and not self.lines[i].key:
            i += step
        return self.lines[i].key if 0 <= i < len(self.lines) else None

    def repeats(self, index: int, title: str) -> int:
        """Other lines that print this headline again, alone or with a site name after it."""
        return sum(
            1
            for other in self.lines
            if other.index != index
            and other.key
            and (other.key == title or other.key.startswith(title + " "))
        )

    def title_text(self, line: _Line, key: str) -> str:
        """The headline as the page wrote it, without the site name a <title> line adds."""
        if key == line.key:
            return line.text
        twin = next((other for other in self.lines if other.key == key), None)
        if twin is not None:
            return twin.text
        match = SITE_SUFFIX.match(line.text) if has_site_separator(line.text) else None
        return match["title"].strip() if match else line.text

    def find_title(self, body_start: int) -> tuple[int, str | None] | None:
        """The headline: repeated on the page, or the headline-like line nearest the text."""
        best: tuple[float, int] | None = None
        distance = 0
        # The byline and date line stand under the headline: what comes after them and
        # before the text is a standfirst or a caption more often than the headline. A
        # dateline («الجزائر - (د ب أ)») opens the text, under any photo: it marks the
        # header's end only on a page that prints no byline or date line.
        header_ends = (i for i in range(body_start - 1, -1, -1) if self.lines[i].rule in HEADER_END)
        below = next(header_ends, None)
        if below is not None and self.lines[below].rule == "dateline":
            below = next((i for i in header_ends if self.lines[i].rule != "dateline"), below)
        opening = self.opening_header(body_start)
        over_below = next((line for line in reversed(self.lines[: below or 0]) if line.key), None)
        headed = over_below is not None and self.headline_like(over_below)
        for i in range(body_start - 1, -1, -1):
            line = self.lines[i]
            if line.kind == "blank":
                continue
            distance += 1
            if not (self.headline_like(line) or self.stops_over_date(line)):
                continue
            title, _site = self.strip_site(line)
            if self.site_slogan(line, body_start):
                continue
            if distance <= HEADER_WINDOW and self.told_again(line):
                continue  # the site's description of the article, which the text tells whole
            # A doubled line is a photo caption's habit; a doubled pair seen again is the
            # header printed twice, which says nothing about which line is the headline.
            if (cut := self.cut_twin(i)) and not (self.lenient and cut == "cut"):
                # A photo's alt text and caption, never the headline; unless nothing else
                # looks like one, when the shorter is the headline and the longer its copy
                # with the picture's number («… محيط حلب» over «… محيط حلب 1»).
                continue
            twin = self.twin(i)
            overlap = self.overlap(title, body_start)
            # A line the text never takes up, printed again with the line over it, is part
            # of a block the page prints twice (its masthead), not a headline said again.
            in_block = overlap == 0.0 and self.block_repeated(i)
            # Under a date line or byline that stands on a headline-like line, a line
            # printed twice is a photo's text and caption, not the headline said again.
            under_header = headed and below is not None and i > below
            # Under the header's first line, a line printed twice a blank line apart in a
            # capture that spaces its lines is a photo's text and caption, as it is under
            # a known headline (`second_of`).
            under_opening = opening is not None and i > opening and self.spaced_pair(i)
            repeats = (
                0 if twin or in_block or under_header or under_opening else self.repeats(i, title)
            )
            score = 3.0 * min(repeats, 1) + 2.0 / distance + 3.0 * overlap
            if line.evidence.words >= 5:
                score += 0.5
            elif overlap == 0.0 and not repeats:
                # A label of three or four words that the text never takes up («جديد
                # الموقع», «اقرأ المزيد هنا») is the site's, however near the text.
                score -= UNSHARED_LABEL_PENALTY
            if twin:
                score -= 1.0  # doubled lines are mostly photo captions
                near = self.lines[max(0, i - HEADER_WINDOW) : i]
                over = next((o for o in reversed(near) if o.key and o.key != line.key), None)
                if (
                    over is not None
                    and not self.twin(over.index)
                    and self.headline_like(over)
                    and over.evidence.words > line.evidence.words
                ):
                    # Right under a longer headline-like line: the photo under the headline.
                    score -= TWIN_UNDER_HEADLINE_PENALTY
            if below is not None and i < below:
                score += 2.0
            if i == opening:
                score += OPENING_HEADLINE_BONUS
            if self.part_of_headline_above(line, title):
                score -= PART_OF_HEADLINE_PENALTY
            if self.reads_as_sentence(line):
                # A sentence of the text, not a headline: it loses to any other line, and
                # is the title only when nothing else looks like one.
                score -= SENTENCE_OPENING_PENALTY
            if best is None or score > best[0]:
                best = (score, i)
                self.title_evidence = (repeats > 0, overlap)
        if best is None:
            return None
        # The page's first print of the headline is the headline; later ones repeat it.
        index = self.first_seen[self.lines[best[1]].key]
        return index, self.strip_site(self.lines[best[1]])[1]

    def part_of_headline_above(self, line: _Line, title: str) -> bool:
        """Whether a longer headline-like line above says all this line says: a shortened
        echo of the headline (the photo's label «اعتقال ذراع الأمن العسكري» under
        «الداخلية السورية: اعتقال ذراع الأمن العسكري في حي التضامن زمن الأسد»)."""
        words = self.words_of(title)
        start = max(0, line.index - HEADER_WINDOW)
        return (
            bool(words)
            and any(
                other.key
                and self.headline_like(other)
                # Not the headline itself with a trail or a site's name around it
                # («الرئيسية سياسة …»): that holds all the headline says too.
                and not (other.key.endswith(title) or other.key.startswith(title))
                and words < (longer := self.words_of(self.strip_site(other)[0]))
                and len(words) <= PART_OF_HEADLINE_SHARE * len(longer)
                for other in self.lines[start : line.index]
            )
        )

    def site_slogan(self, line: _Line, body_start: int) -> bool:
        """The site's name and its motto («الموقع: وكالة إخبارية …»): the name before the
        colon opens a header line further down, as the site signs its date line
        («الموقع ـ نشر في …») or its dateline («الموقع - …»). Only such a line: a
        headline that quotes a man («مهدي جمعة: …») has his name on lines of its own."""
        name, colon, _ = line.key.partition(":")
        name = name.strip()
        if not colon or not name or len(name.split()) > SITE_NAME_MAX_WORDS:
            return False
        return any(
            other.rule in HEADER_END
            and other.key.startswith(name)
            and other.key[len(name) : len(name) + 1] in (" ", "")
            for other in self.lines[line.index + 1 : body_start + 1]
        )

    def opening_header(self, body_start: int) -> int | None:
        """The capture's first line, when the capture opens on the article's header: it
        looks like a headline, and under it stand only a few header lines (headline-like
        lines, date lines, bylines) before the text. A page printed so has no menu above
        its headline, and its headline comes first; the deck, the photo's caption or the
        first subheading under it look like headlines too, and are nearer the text."""
        keyed = [line for line in self.lines[:body_start] if line.key]
        # The site's name or logo may open the copy («IMLebanon»), a print edition's
        # masthead or its issue and date line («العدد 1342 - الثلثاء 09 مايو 2006م»), and
        # a menu printed an item a line: lines of a word or two or furniture named outright.
        skip = 0
        while skip < len(keyed) - 1 and (
            keyed[skip].evidence.words <= LOGO_MAX_WORDS or keyed[skip].rule is not None
        ):
            skip += 1
        first = keyed[skip] if keyed else None
        if first is None or not self.headline_like(first):
            return None
        if self.overlap(self.strip_site(first)[0], body_start) < MIN_OPENING_HEADER_OVERLAP:
            return None  # a masthead's line («مجلس التحرير: …»), not what the text tells
        between = [line for line in self.lines[first.index + 1 : body_start] if line.key]
        if len(between) > OPENING_HEADER_LINES or not all(
            line.rule in HEADER_END or self.headline_like(line) or self.header_label(line)
            for line in between
        ):
            return None
        return first.index

    def header_label(self, line: _Line) -> bool:
        """A bare line of a few words with no sentence in it: a byline's name («المكتب
        الإعلامي»), a gallery's caption or its counter («4 صور»). Such lines stand
        between a headline and its text; a menu does not stand under a headline."""
        return (
            line.rule is None
            and line.evidence.words <= HEADER_LABEL_MAX_WORDS
            and not line.evidence.sentence_end
        )

    def short_title(self, body_start: int) -> tuple[int, None] | None:
        """When no line above the text looks like a headline, a headline of one or two words
        («العنب») is the nearest short bare line above the text whose every content word the
        text's opening repeats: a section label is not what the article goes on to tell."""
        for i in range(body_start - 1, -1, -1):
            line = self.lines[i]
            if not line.key:
                continue
            if (
                line.rule is None
                and line.kind == SHORT
                and not line.evidence.sentence_end
                and line.evidence.arabic_share >= MIN_ARABIC_SHARE
                and line.key[:1] not in BULLETS
                and (self.heads_byline(line) or not self.over_label(i))
                and self.overlap(line.key, body_start) == 1.0
            ):
                self.title_evidence = (False, 1.0)
                return i, None
        return None

    def label_like(self, line: _Line) -> bool:
        """A short bare line or a line named as furniture: a menu's item, a section label,
        a logo's word («SAMSUNG»), a share button."""
        return line.kind in (SHORT, BAD) or (line.rule is not None and line.rule not in HEADER_END)

    def over_label(self, index: int) -> bool:
        """Whether the next line down is label-like too: the line is then an item of a menu
        printed an item a line, or a label over another, whose words («أخبار», «رياضة»)
        the text may well say. A short headline stands right over the text or its header."""
        below = next((line for line in self.lines[index + 1 :] if line.key), None)
        return below is not None and below.rule is None and below.kind in (SHORT, BAD)

    def opening_title(self, start: int, last: int) -> tuple[int, None] | None:
        """A capture that opens on its headline: the capture's first line is the headline,
        when only a date line or byline stands between it and the text (or it opens the
        text itself), it is headline-sized (a sentence's full stop or a comma allowed) and
        the text under it takes up its words. Only the capture's first line: further down,
        a short line opening the text is the text's lede. Menus, labels and a logo's word
        printed above it are no lines of the header: the first line after them counts."""
        first = next((line for line in self.lines if line.key and not self.label_like(line)), None)
        if first is None or first.index > start:
            return None
        if any(
            other.key and other.rule not in HEADER_END
            for other in self.lines[first.index + 1 : start]
        ):
            return None
        following = next(
            (i for i in range(first.index + 1, last + 1) if self.lines[i].kind == GOOD), None
        )
        ev = first.evidence
        if (
            following is None
            or first.rule is not None
            or not self.profile.title_min_words <= ev.words <= MAX_OPENING_TITLE_WORDS
            or ev.arabic_share < MIN_ARABIC_SHARE
            or self.lines[following].evidence.words <= ev.words
            or self.overlap(first.key, following)
            < (MIN_OPENING_TITLE_OVERLAP if ends_sentence(first.text) else 0.1)
        ):
            return None
        self.title_evidence = (False, self.overlap(first.key, following))
        return first.index, None

    def stamped(self, text: str) -> tuple[str, str, str] | None:
        """(headline, site, date) of a line that holds all three, as print views and
        aggregators print them: «العنوان - الموقع, اليوم الاثنين 13 أكتوبر 2025 05:35 صباحاً».
        The date must close the line (a time after it at most) and follow a comma; the
        site is the last part after « - », of four words at most."""
        dates = [m for m in find_dates(text) if m.day and m.year]
        if not dates:
            return None
        at = text.rfind(dates[-1].text)
        if at < 0 or not STAMP_TIME.match(text[at + len(dates[-1].text) :]):
            return None
        lead = STAMP_LEAD.search(text[:at])
        if lead is None:
            return None
        title, dash, site = text[: lead.start()].rstrip().rpartition(" - ")
        if (
            not dash
            or not 1 <= len(site.split()) <= 4
            or len(title.split()) < self.profile.title_min_words
        ):
            return None
        return title.strip(), site.strip(), text[at:].strip()

    def lede_date(self, text: str) -> str | None:
        """The date that closes the text's first line after an ellipsis, as written: the
        site's description of the article, cut off and dated («… في... 24.08.2025»),
        printed over the text. Only a full date (a time after it at most) closes it so."""
        cut = max(text.rfind(mark) for mark in ELLIPSES)
        if cut < 0:
            return None
        tail = text[cut:].lstrip(".… ")
        dates = [m for m in find_dates(tail) if m.day and m.year]
        if len(dates) != 1 or not tail.startswith(dates[0].text):
            return None
        if not STAMP_TIME.match(tail[len(dates[0].text) :]):
            return None
        return dates[0].text

    def stamped_title(self, start: int, last: int) -> tuple[int, str] | None:
        """When nothing else looks like a headline: among the run's first lines, one that
        holds the headline, the site's name and the date (a print view's one header line,
        taken for text for its length)."""
        keyed = [line for line in self.lines[start : last + 1] if line.key][:TITLE_BELOW_LINES]
        for line in keyed:
            if (stamp := self.stamped(line.text)) is not None:
                self.title_evidence = (False, self.overlap(stamp[0], line.index + 1))
                return line.index, stamp[1]
        return None

    def title_below(self, last: int) -> tuple[int, None] | None:
        """A page that prints its header under the text (seen on AMP copies): nothing
        above the text looks like a headline, and right after it a headline-like line
        stands on a date line or byline."""
        keyed = [line for line in self.lines[last + 1 :] if line.key][:TITLE_BELOW_LINES]
        for line in keyed:
            if self.headline_like(line) and self.heads_byline(line):
                self.title_evidence = (False, 0.0)
                return line.index, None
        return None

    # --- decisions -------------------------------------------------------------------------

    def decide(
        self, index: int, role: str | None, rule: str, title: TitleEvidence | None = None
    ) -> None:
        line = self.lines[index]
        evidence = line.evidence if line.key else None
        copies = self.count[line.key] if line.key else 1
        self.decisions[index] = Decision(index + 1, role, rule, evidence, copies, title)

    def keep_block(self, index: int, kind: str, text: str) -> None:
        self.blocks.append(Block(kind, " ".join(text.split()), index + 1))
        key = self.lines[index].key
        (self.seen_captions if kind == "caption" else self.seen_paragraphs).add(key)
        self.decide(index, kind, kind)

    def decided_outright(self, line: _Line) -> bool:
        if line.rule is None:
            return False
        if line.rule in ("date-line", REPUBLISHED) and line.dates is not None:
            if line.index < self.title_index and (
                (not line.dates.labelled and not self.right_above_title(line.index))
                or updated_first(line.dates)
                or self.clock_again(line)
                or self.dated_again_under_title(line)
                or (not line.dates.labelled and self.weekday_contradicted(line))
            ):
                # Above the headline, an unlabelled date is the masthead's "today": the day
                # the page was shown, which bounds the article's date but is not it.
                self.page_dates.append(line.dates.published or "")
                self.page_date_keys.add(line.key)
                self.decide(line.index, "metadata", "page-date")
                return True
            if line.dates.published:
                # A labelled publication date («نشر بتاريخ: …») outranks a bare date line:
                # the bare one right over the headline may be the masthead's day.
                at = len(self.stated) if not line.dates.labelled else self.labelled_stated
                self.stated.insert(at, line.dates.published)
                self.labelled_stated += line.dates.labelled
            if line.dates.updated:
                self.updated.append(line.dates.updated)
        self.decide(line.index, line.role, line.rule)
        return True

    def dated_again_under_title(self, line: _Line) -> bool:
        """Whether a date line between the headline and the text states another day than
        this one above the headline: the one in the article's header is the article's,
        and the one over the headline the masthead's day the page was shown («السبت 21
        ديسمبر 2024» over the headline, «السبت 12 ديسمبر 2009» under it)."""
        above = published_on(line)
        if above is None:
            return False
        for other in self.lines[self.title_index + 1 : self.text_start]:
            if other.rule == "date-line" and other.dates is not None and other.dates.published:
                below = parse_date(other.dates.published)
                if below is not None and below.iso()[:10] != above.iso()[:10]:
                    return True
        return False

    def weekday_contradicted(self, line: _Line) -> bool:
        """Whether the text's opening says today is another weekday than this date line's
        («الإثنين, 7 يوليو 2025» over a text that opens «… اليوم الثلاثاء»): the line
        is the masthead's day the page was shown, not the article's. Only what the text
        says is today counts («اليوم»): «أمس الأربعاء» dates the writing, which a site
        may publish days later, and a bare weekday may be an event's."""
        stamp = published_on(line)
        if stamp is None or stamp.day is None:
            return False
        running = (
            other.text for other in self.lines[self.text_start :] if other.kind in (GOOD, NEAR)
        )
        evidence = find_weekday_evidence("\n".join(itertools.islice(running, WEEKDAY_LEAD_LINES)))
        if evidence is None or evidence.kind != "today":
            return False
        return date(stamp.year, stamp.month, stamp.day).weekday() != evidence.weekday

    def dateline_stated(self) -> list[str]:
        """The date of the wire's dateline the text opens on («كييف- 10 ديسمبر2021- …»),
        when no date line states one: the page's statement of its day, run into the lede
        by the site's template. A date the text tells of further on only supports an
        inferred date."""
        first = next((block for block in self.blocks if block.kind == "paragraph"), None)
        day = opening_dateline(first.text) if first is not None else None
        return [day] if day else []

    def clock_again(self, line: _Line) -> bool:
        """Whether a date line prints the masthead's date again: the very line of a
        masthead date above it (a top bar and a weather box print the day twice), or its
        day and a time the page has printed alone above it too («2024-12-06», «9:06 مساءً»,
        then «2024-12-06 9:06 مساءً» over the headline). No story is published to the
        minute the page was shown."""
        if line.key in self.page_date_keys:
            return True
        for day in self.page_dates:
            rest = " ".join(line.key.replace(day, " ").split()) if day and day in line.key else ""
            if rest and self.first_seen.get(rest, line.index) < line.index:
                return True
        return False

    def right_above_title(self, index: int) -> bool:
        """Whether nothing but blank lines stands between this line and the headline.

        An article's own date may sit right on its headline; the masthead's date of the
        day stands further up, with menus, labels or advertising in between. A line
        holding only the time goes with the date above it (pages print date and time on
        lines of their own). A stamp down to the minute may have one word or two between
        it and the headline: the kind of story («فيديو») or its section, as a kicker. A
        masthead's date of the day has a menu or an ad label under it, lines of their own.
        """
        labels: list[_Line] = []
        for line in self.lines[index + 1 : self.title_index]:
            if line.key and not CLOCK_ONLY.match(line.key):
                labels.append(line)
                if len(labels) > 1:
                    return False  # two lines of their own: a menu's or an ad's, not a kicker
        stamp = published_on(self.lines[index])
        timed = stamp is not None and stamp.hour is not None
        if len(labels) == 0:
            return True
        kicker = labels[0]
        return (
            len(labels) == 1
            and kicker.rule is None
            and kicker.evidence.words <= KICKER_MAX_WORDS
            and not kicker.evidence.sentence_end
            # Without a minute, a one-word kicker is the story's section («حوادث»); two
            # words only if the headline takes them up: its subject («محافظة حلب» over
            # «محافظة حلب: …»), where a menu's item of two words is the site's.
            and (
                timed
                or kicker.evidence.words == 1
                or self.words_of(kicker.key) <= self.words_of(self.lines[self.title_index].key)
            )
        )

    def echoes_title(self, line: _Line, title: str) -> bool:
        """The headline printed again: alone, with the site's name, or with a photo's
        caption of a few words run into it on one line («العنوان الرئيس السوري …»), as a
        page that sets its headline over the photo copies."""
        if line.key == title or self.strip_site(line)[0] == title:
            return True
        if not title or not line.key.startswith(title + " "):
            return False
        tail = line.key[len(title) :].split()
        return len(tail) <= UNDER_TITLE_CAPTION_MAX_WORDS and not line.evidence.sentence_end

    def header_line(
        self,
        line: _Line,
        title: str | None = None,
        under_title: int | None = None,
        deck: int | None = None,
    ) -> None:
        if self.decided_outright(line):
            return
        if title is not None and self.echoes_title(line, title):
            self.decide(line.index, None, "repeated-title")
        elif line.key in self.seen_captions or self.cut_twin(line.index) == "cut":
            self.decide(line.index, None, "repeated-caption")
        elif self.header_caption(line, under_title):
            self.keep_block(line.index, "caption", line.text)
        elif line.index == deck:
            self.keep_block(line.index, "paragraph", line.text)
        elif len(line.key) <= self.profile.section_label_max_chars:
            self.decide(line.index, None, "section-label")
        else:
            self.decide(line.index, None, "page-header")

    def header_caption(self, line: _Line, under_title: int | None) -> bool:
        """A photo caption above the text: doubled, credited, the whole copy of a pair cut
        short, or (under the headline) naming the story's subject. A name hanging on a
        dash is a site's, not a caption; under the headline, a name of two or three words
        printed twice that the text never mentions is the author's (a column's byline)."""
        if line.key[-1:] in _SITE_SEPARATORS:
            return False
        if (
            under_title is not None
            and line.evidence.words <= 3
            and self.overlap(line.key, under_title) == 0.0
        ):
            return False
        return (
            self.doubled(line.index)
            or self.credited(line.key)
            or (self.cut_twin(line.index) == "whole" and self.headline_like(line))
            or (under_title is not None and self.names_the_story(line, under_title))
            or self.over_credit(line)
        )

    def deck(self, body_start: int) -> int | None:
        """Under the headline, the one line of headline size or more that tells what the
        text tells (a third of its words at least come back in the text's opening), or
        opens as the text's sentences do («تم …», «وكان …»): the standfirst, which the
        article opens with. A label, a name or a teaser of another
        story shares too few of the text's words; the description the text tells again
        word for word is the site's, not the article's. Two or more such lines between
        headline and text are links to stories on the same subject, not a standfirst."""
        title = self.lines[self.title_index].key
        top = next(
            (line.index for line in self.lines[: self.title_index] if line.key == title),
            self.title_index,
        )
        found = [
            line.index
            for line in self.lines[top + 1 : body_start]
            if line.key and line.key != title and self.deck_like(line, body_start)
        ]
        return found[0] if len(found) == 1 else None

    def deck_like(self, line: _Line, body_start: int) -> bool:
        """A line that may be a standfirst, on its own evidence (see `deck`). It tells more
        than the headline: a copy of the headline, cut short or behind the site's name
        («الموقع - …»), says no word the headline does not."""
        return (
            line.rule is None
            and line.evidence.words >= DECK_MIN_WORDS
            and line.evidence.arabic_share >= MIN_ARABIC_SHARE
            and not self.credited(line.key)
            and (
                self.overlap(line.key, body_start) >= MIN_DECK_OVERLAP
                or self.reads_as_sentence(line)
            )
            and not self.told_again(line)
            and not self.words_of(OPENING_DATELINE.sub("", line.key, count=1))
            <= self.words_of(self.lines[self.title_index].key)
        )

    def over_credit(self, line: _Line) -> bool:
        """A line of a few words right over a photo's credit line («صدر الصورة، Getty
        Images»): the photo's caption, which some pages print before its credit."""
        following = next((o for o in self.lines[line.index + 1 :] if o.key), None)
        return (
            following is not None
            and following.rule == "credit"
            and PHOTO_CREDIT.search(following.key) is not None
            and not line.evidence.sentence_end
        )

    def names_the_story(self, line: _Line, body_start: int) -> bool:
        """Under the headline, a bare line of a few words every one of which the text's
        opening repeats («الرئيس الجزائري عبد المجيد تبون») is the photo's caption: it
        names who or what the story is about. A label or a site's name is not in the text."""
        return (
            self.headline_like(line)
            and line.evidence.words <= UNDER_TITLE_CAPTION_MAX_WORDS
            and line.key[-1:] not in _SITE_SEPARATORS
            and self.overlap(line.key, body_start) == 1.0
        )

    def body_line(self, line: _Line, title: str) -> None:
        if self.decided_outright(line):
            return
        key, profile, ev = line.key, self.profile, line.evidence
        # Any closing mark, a comma too, says the line is a sentence, not a caption's phrase.
        closed = line.text.endswith(CLOSING_MARKS)
        if self.echoes_title(line, title):
            self.decide(line.index, None, "repeated-title")
        elif key in self.seen_captions:
            self.decide(line.index, None, "repeated-caption")
        elif key in self.seen_paragraphs:
            self.decide(line.index, None, "repeated-paragraph")
        elif line.kind in (HEADLINE, SHORT, NEAR) and self.listed(line):
            self.keep_block(line.index, "paragraph", line.text)
        elif subheading := self.marked_subheading(line.text):
            self.keep_block(line.index, "subheading", subheading)
        elif self.doubled(line.index) or self.credited(key):
            self.keep_block(line.index, "caption", line.text)
        elif 0 < len(key) <= profile.subheading_unpunctuated_max and not closed:
            self.keep_block(line.index, "subheading", line.text)
        elif 0 < len(key) <= profile.caption_unpunctuated_max and not closed:
            self.keep_block(line.index, "caption", line.text)
        elif line.kind == BAD or (
            ev.arabic_share < MIN_ARABIC_SHARE
            and self.lines[self.title_index].evidence.arabic_share >= MIN_ARABIC_SHARE
        ):
            # Under an Arabic headline, a long line without Arabic is the site's (an app's
            # install prompt, a notice in English), not the article's.
            self.decide(line.index, None, "not-text")
        elif line.kind in (HEADLINE, SHORT) and ev.words <= 12 and self.between_text(line):
            self.keep_block(line.index, "subheading", line.text)
        elif (
            line.kind == HEADLINE
            and ev.words > TEASER_MAX_WORDS
            and self.between_text(line)
            and not self.pulled_quote(line)
        ):
            # Longer than any teaser's headline, amid the text, and saying something of its
            # own: a paragraph that lost its full stop.
            self.keep_block(line.index, "paragraph", line.text)
        elif line.kind in (HEADLINE, SHORT) and not ev.sentence_end:
            self.decide(line.index, None, "label")
        elif self.told_again(line):
            self.decide(line.index, None, "repeated-teaser")
        else:
            self.keep_block(line.index, "paragraph", line.text)

    def pulled_quote(self, line: _Line) -> bool:
        """Whether the line says again what the paragraph before it or the line after it
        says: a quote pulled out of the text and set large, or a picture of it, not text."""
        words = self.words_of(line.key)
        around = [
            other.key
            for other in (
                self.lines[line.index - 2 : line.index]
                + self.lines[line.index + 1 : line.index + 3]
            )
            if other.kind == GOOD
        ]
        told = frozenset().union(*(self.words_of(key) for key in around))
        return bool(words) and len(words & told) >= PULLED_QUOTE_SHARE * len(words)

    def told_again(self, line: _Line) -> bool:
        """The site's description of the article over its text: before any paragraph, an
        unfinished sentence (no full stop, or an ellipsis: the description cut off) that a
        later line of the text holds word for word. The text tells it again, whole. A line
        cut on a function word («ويسلط هذا الهجوم الضوء على») is cut however short."""
        words = line.evidence.words
        if self.seen_paragraphs or words < CUT_MIN_WORDS:
            return False
        if words < TOLD_AGAIN_MIN_WORDS and (
            fold_word(line.key.rsplit(None, 1)[-1]) not in self.profile.stopwords
        ):
            return False
        text = line.text.rstrip()
        if text.endswith(FULL_STOPS) and not text.endswith(ELLIPSES):
            return False
        key = line.key.rstrip().rstrip("".join(ELLIPSES)).rstrip()
        return any(
            other.kind == GOOD and key in other.key and other.key != key
            for other in self.lines[line.index + 1 :]
        )

    def between_text(self, line: _Line) -> bool:
        """Whether running text stands on both sides: how a subheading sits in an article.
        A rule drawn with a run of one character («______», «*****») between them is no
        line of its own: it sets the subheading's section off, and so does a photo the
        section opens under (its caption, printed once or twice, kept above)."""

        def skipped(i: int, step: int) -> bool:
            other = self.lines[i]
            if other.kind == "blank" or DRAWN_RULE.match(other.key):
                return True
            decision = self.decisions[i]
            return step < 0 and decision is not None and decision.rule in PHOTO_RULES

        def neighbour(step: int) -> _Line | None:
            i = line.index + step
            while 0 <= i < len(self.lines) and skipped(i, step):
                i += step
            return self.lines[i] if 0 <= i < len(self.lines) else None

        before, after = neighbour(-1), neighbour(1)
        return (
            before is not None
            and after is not None
            and before.kind in (GOOD, NEAR)
            # The section may open on a short sentence: «مقر المحافظة: حلب.»
            and (
                after.kind == GOOD or (after.kind in (NEAR, SHORT) and after.evidence.sentence_end)
            )
        )

    def teaser(self, line: _Line, headline: set[str]) -> bool:
        """Whether a text line in a read-also box is the linked story's teaser.

        It is when it repeats a good part of the box's headline: a teaser retells its
        own story's headline, while the article going on after the box does not.
        """
        if not headline:
            return False
        shared = len(self.words_of(line.key) & headline)
        return shared >= 2 and shared >= 0.4 * len(headline)

    def marked_subheading(self, line: str) -> str | None:
        for pattern in self.profile.subheading_patterns:
            match = pattern.search(line)
            if match:
                return match["text"].strip()
        return None

    def article_starts(self, index: int) -> bool:
        lines, title = self.lines, self.lines[index].key
        if not self.profile.article_start or not title:
            return False
        end = min(len(lines), index + 1 + self.profile.article_start_within)
        for j in range(index + 1, end):
            key = lines[j].key
            if any(p.search(key) for p in self.profile.article_start):
                return True
            doubled = key and (
                key == lines[j - 1].key or (j + 1 < len(lines) and key == lines[j + 1].key)
            )
            if key and key != title and not doubled:
                return False
        return False

    def title_of(self, start: int, last: int) -> tuple[int, str | None] | None:
        """The headline by each kind of evidence in turn, the strongest first."""
        return (
            self.find_title(start)
            or self.short_title(start)
            or self.opening_title(start, last)
            or self.title_below(last)
            or self.stamped_title(start, last)
        )

    def run(self) -> Extraction:
        self.classify()
        start, last = self.main_run()
        found = self.title_of(start, last)
        if found is None:
            # Some sites close a headline on a colon («… البنك المركزي بعدن :»), which
            # otherwise marks a label waiting for its value, or a sentence's lead-in that
            # opens the text, or on a name in brackets, which otherwise marks a caption's
            # credit: allowed when nothing else is, for a title less likely is better than
            # an article lost.
            self.lenient = True
            opener = self.lines[start]
            after = next(
                (i for i in range(start + 1, last + 1) if self.lines[i].kind == GOOD), None
            )
            # The text's first line may then be its headline (closed on a colon or a full
            # stop, it was read as text), when a longer paragraph follows it.
            if (
                after is not None
                and self.headline_like(opener)
                and not self.reads_as_sentence(opener)
                and self.lines[after].evidence.words > opener.evidence.words
            ):
                start = after
            found = self.title_of(start, last)
        if found is None:
            raise CaptureError("has no recognisable title (no line looks like a headline)")
        if start <= found[0] <= last:  # the text opened on its headline: it starts under it
            start = next(i for i in range(found[0] + 1, last + 1) if self.lines[i].kind == GOOD)
        title_index, site = found
        self.title_index, self.title_known, self.text_start = title_index, True, start
        title_line = self.lines[title_index]
        title_key, _ = self.strip_site(title_line)
        title_text = self.title_text(title_line, title_key)
        # A site that escaped its own markup prints the tag as text («…في سوريا<br /> -
        # سياسة»): the headline ends where the tag broke its line.
        head = LITERAL_TAG.split(title_text, maxsplit=1)[0].strip()
        if head != title_text and len(head.split()) >= self.profile.title_min_words:
            title_text = head
        # A table's cell border copied after the headline («… الجديد |») is no part of it.
        title_text = TRAILING_BAR.sub("", title_text)
        if (stamp := self.stamped(title_line.text)) is not None:
            title_key = title_text = stamp[0]
            self.stated.append(stamp[2])
        self.site_from_title = (
            site
            or next(
                (found for line in self.lines if (found := self.strip_site(line))[0] == title_key),
                (None, None),
            )[1]
        )
        # Between the title and the text: captions, date lines, bylines, widgets, a deck,
        # which may stand under the headline's first copy when the page prints it twice.
        deck = self.deck(start)
        for line in self.lines[: min(title_index, start)]:
            self.header_line(line, title_key, deck=deck)
        self.decide(title_index, "title", "title", TitleEvidence(*self.title_evidence))
        for line in self.lines[title_index + 1 : start]:
            if self.echoes_title(line, title_key):
                if not self.decided_outright(line):
                    self.decide(line.index, None, "repeated-title")
            else:
                self.header_line(line, under_title=start, deck=deck)
        if not self.stated and (dated := self.lede_date(self.lines[start].text)) is not None:
            self.stated.append(dated)
        section: str | None = None
        box: str | None = None
        box_words: set[str] = set()
        for line in self.lines[start:]:
            if line.index == title_index:
                continue  # a header printed under the text (`title_below`)
            opened = self.section(line) if line.rule not in ("date-line",) else None
            if box and (
                line.index > last
                or (line.kind == GOOD and not self.teaser(line, box_words))
                or self.twin(line.index)
                or self.credited(line.key)
            ):
                box = None
            if opened and section is None and self.inline(opened[0]) and line.index <= last:
                box, box_words = opened[0], set()
                self.decide(line.index, None, box)
                continue
            if box:
                if line.kind == GOOD:
                    box_words = set()  # one teaser at most: the next text line is the article's
                else:
                    box_words |= self.words_of(line.key)
                self.decide(line.index, None, "blank" if not line.key else box)
                continue
            if opened:
                rule, source = opened
                if source:
                    self.decided_outright(line)
                    continue
                section = rule
            elif section is None and line.index > last:
                section = "after-article"
            elif (
                section not in self.profile.appended_after
                and self.article_starts(line.index)
                and (section is not None or any(b.kind == "paragraph" for b in self.blocks))
            ):
                section = "appended-article"
            if section is None:
                self.body_line(line, title_key)
            elif not line.key:
                self.decide(line.index, None, "blank")
            elif section == "after-article" and line.role == "metadata":
                self.decided_outright(line)
            else:
                self.decide(line.index, None, section)
                if section == "related-list":
                    self.related.append(line.text)
        if not any(block.kind == "paragraph" for block in self.blocks):
            raise CaptureError("has a title but no article paragraphs under it")
        decisions = tuple(d for d in self.decisions if d is not None)
        confidence, doubts = self.confidence()
        stated = self.stated or self.updated or self.dateline_stated()
        return Extraction(
            profile=self.profile.key,
            source=self.source or self.site_name() or UNKNOWN_SOURCE,
            title=" ".join(title_text.split()),
            title_line=title_index + 1,
            blocks=tuple(self.blocks),
            decisions=decisions,
            stated_dates=tuple(stated),
            updated_dates=tuple(self.updated),
            page_dates=tuple(self.page_dates),
            captured=self.captured,
            related=tuple(self.related),
            confidence=confidence,
            doubts=doubts,
        )

    def site_name(self) -> str | None:
        """The site's name for itself: from its <title>, copyright, source line or masthead."""
        if self.site_from_title:
            return self.site_from_title
        for line in self.lines:
            if line.rule == "copyright" and (name := self.copyright_holder(line.key)):
                return name
        for cited in self.cited:
            name = re.split(r"\s*[+،,]\s*|\s+و\s*", cited)[0].strip(" \"'«»“”")
            if name and len(name.split()) <= 4 and not self.profile.credit_alone.search(name):
                return name
        masthead = next((line for line in self.lines if line.key), None)
        if masthead is not None and 1 <= masthead.evidence.words <= 4 and masthead.rule is None:
            for line in self.lines:
                if line.rule in ("dateline", "byline", "credit", "source-label") or (
                    line.index != masthead.index and line.rule == "copyright"
                ):
                    for part in re.split(r"\s*[-–—/|]\s*", line.key):
                        if part and (part in masthead.key or masthead.key in part):
                            return part if len(part) <= len(masthead.key) else masthead.key
        return None

    def copyright_holder(self, key: str) -> str | None:
        """ "جميع الحقوق محفوظة لموقع تلفزيون سوريا © 2026" -> "تلفزيون سوريا"."""
        rest = COPYRIGHT_WORDS.sub(" ", key)
        rest = re.sub(r"[©.|:,،\d]", " ", rest)
        rest = " ".join(rest.split())
        rest = re.sub(r"^(?:لموقع|لصحيفة|لجريدة|لشبكة|لمؤسسة|لـ)\s*", "", rest)
        if rest.startswith("لل"):
            rest = "ا" + rest[1:]  # للمصري اليوم: ل + المصري
        elif rest.startswith("ل") and len(rest.split()) > 1:
            rest = rest[1:]
        words = rest.split()
        if not 1 <= len(words) <= 5 or self.profile.credit_alone.search(rest):
            return None
        return rest

    def confidence(self) -> tuple[float, tuple[str, ...]]:
        """How sure the cleaner is of this extraction, and the reasons for any doubt.

        A profile vouches for its source's layout; without one, the evidence must:
        a headline the page repeats or the text echoes, enough running text, and no
        comparable run of text left out of the article without a named reason.
        """
        if self.profile.key != GENERIC:
            return 1.0, ()
        doubts: list[str] = []
        repeated, overlap = self.title_evidence
        if not repeated and overlap < 0.3:
            doubts.append("the title was chosen by its position alone")
        if self.lenient:
            doubts.append("no line looked like a headline: the title is the likeliest of the rest")
        kept = sum(
            line.evidence.words
            for line in self.lines
            if (d := self.decisions[line.index]) is not None and d.role == "paragraph"
        )
        if kept < MIN_ARTICLE_WORDS:
            doubts.append(f"the article has only {kept} words of text")
        unexplained = sum(
            line.evidence.words
            for line in self.lines
            if line.kind == GOOD
            and (d := self.decisions[line.index]) is not None
            and d.rule in ("page-header", "after-article", "not-text")
            and self.first_seen[line.key] == line.index
        )
        if unexplained > kept / 3:
            doubts.append(f"{unexplained} words of running text were left out as page furniture")
        return max(0.0, 1.0 - 0.3 * len(doubts)), tuple(doubts)


def clean(
    capture: Capture, profiles: tuple[Profile, tuple[Profile, ...]] | None = None
) -> Extraction:
    """Extract the article from a capture; raises CaptureError when there is none."""
    profile = choose_profile(capture.keys, profiles or default_profiles())
    return _Cleaner(capture.lines, same_quotes(capture.keys), profile).run()
