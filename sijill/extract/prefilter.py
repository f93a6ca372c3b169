"""What a pattern needs of a line before it can match, read from the pattern itself.

Cleaning tries some hundred furniture and section patterns on every line it has not
met before, and the profile's detection patterns on every capture. Most are anchored
at the line's start ("^(إعلان|اعلان|…)") and fail at once, but each try still costs a
call. The first character a match must start with, or a string every match contains,
is known from the pattern's parse: with them most patterns are never tried on a line
they cannot match. Both answers are conservative: where the pattern does not say
(a class like \\S, an optional start, an inline flag), the pattern is always tried, so
a prefilter never hides a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

try:  # the engine's own modules: private names, so their absence only turns prefilters off
    from _sre import unicode_tolower
    from re import _casefix, _constants, _parser
except ImportError:  # pragma: no cover - another Python's layout
    _parser = _constants = _casefix = unicode_tolower = None  # type: ignore[assignment]

#: A character class wider than this is not listed character by character.
MAX_CLASS_CHARS = 256
#: Stands in a first-character set for any decimal digit (\\d), which no one lists.
DIGIT = "\\d"


def _first(items: list[Any]) -> set[str] | None:
    """Characters a match of this sequence can start with, or None when any can."""
    if not items:
        return None
    op, arg = items[0]
    c = _constants
    if op is c.LITERAL:
        return {chr(arg)}
    if op is c.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is c.LITERAL:
                chars.add(chr(value))
            elif kind is c.RANGE and value[1] - value[0] < MAX_CLASS_CHARS:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                chars.add(DIGIT)
            else:
                return None  # negated, or a category other than \d (\s, \w): not listed
        return chars
    if op is c.BRANCH:
        union: set[str] = set()
        for alternative in arg[1]:
            first = _first(list(alternative))
            if first is None:
                return None
            union |= first
        return union
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, pattern = arg
        return None if add_flags or del_flags else _first(list(pattern))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        first = _first(list(arg[2]))
        if arg[0] >= 1 or first is None:
            return first
        rest = _first(items[1:])  # optional: the match may start with what follows
        return None if rest is None else first | rest
    return None


def _anchored_first(items: list[Any]) -> set[str] | None:
    """First characters of a pattern anchored at the string's start, or None."""
    c = _constants
    if len(items) == 1 and items[0][0] is c.BRANCH:
        union: set[str] = set()
        for alternative in items[0][1][1]:
            first = _anchored_first(list(alternative))
            if first is None:
                return None
            union |= first
        return union
    if items[:1] in ([(c.AT, c.AT_BEGINNING)], [(c.AT, c.AT_BEGINNING_STRING)]):
        return _first(list(items[1:]))
    return None


def lowered(char: str) -> str:
    """A character lower-cased as the regex engine lowers it (one character to one)."""
    return chr(unicode_tolower(ord(char)))


def _variants(char: str, ignore_case: bool) -> set[str]:
    """The lower-cased forms a line's first character may have for `char` to match it.

    Case-blind, the engine matches a character whose lower case is `char`'s, or one of
    the few its case-fixing table pairs with it (s and ſ, the sigmas).
    """
    low = lowered(char)
    out = {low}
    if ignore_case:
        out.add(lowered(char.upper()) if len(char.upper()) == 1 else low)
        for code in _casefix._EXTRA_CASES.get(ord(low), ()):
            out.add(lowered(chr(code)))
    return out


@lru_cache(maxsize=4096)
def _parse(source: str, flags: int) -> list[Any] | None:
    """The pattern's parse (top-level items), once per pattern text and flags."""
    if _parser is None:
        return None
    try:
        return list(_parser.parse(source, flags & ~re.UNICODE))
    except Exception:  # a parse we cannot follow only turns the filter off
        return None


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The lower-cased first characters a line must start with for `pattern.search` to match
    it; None when the pattern may match anywhere or with any start.

    Lower-cased, so that one lookup serves case-blind patterns: looking up a line's first
    character lower-cased finds a superset of the patterns that can match, never less.
    """
    items = _parse(pattern.pattern, pattern.flags)
    if items is None or pattern.flags & re.MULTILINE:
        return None
    first = _anchored_first(items)
    if first is None:
        return None
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    return frozenset(
        v for char in first for v in ((DIGIT,) if char == DIGIT else _variants(char, ignore_case))
    )


def required_text(pattern: re.Pattern[str]) -> str:
    """The longest run of plain characters every match contains ("" when none is known).

    Only the pattern's top level is read: each of its items is part of every match,
    in order, so a run of literal characters there is in every match as written.
    """
    items = _parse(pattern.pattern, pattern.flags)
    if items is None or pattern.flags & re.IGNORECASE:
        return ""
    best, run = "", ""
    for op, arg in items:
        if op is _constants.LITERAL:
            run += chr(arg)
            best = max(best, run, key=len)
        else:
            run = ""
    return best


#: Every character the engine may take for a Latin letter a-z, case-blind: the letters,
#: and the few others that fold to one (dotted and dotless i, long s, the Kelvin sign).
LATIN_LIKE = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")


def needs_latin(pattern: re.Pattern[str]) -> bool:
    """Whether every match holds a Latin letter ("newsletter", "app store|google play"):
    on a line of Arabic alone, such a pattern need not be tried."""
    items = _parse(pattern.pattern, pattern.flags)
    return items is not None and _needs_latin(items)


def _needs_latin(items: list[Any]) -> bool:
    c = _constants
    for op, arg in items:
        if op is c.LITERAL and chr(arg).isascii() and chr(arg).isalpha():
            return True
        if op is c.SUBPATTERN and not arg[1] and not arg[2] and _needs_latin(list(arg[3])):
            return True
        if op is c.BRANCH and all(_needs_latin(list(a)) for a in arg[1]):
            return True
    return False


Candidate = tuple[str, re.Pattern[str], str]
Candidates = tuple[Candidate, ...]


class FirstCharIndex:
    """Named patterns in their order, found for a line by its first character.

    `for_line(key)` gives, in the original order, every pattern that can match a line
    starting with that character (those anchored on it and those that may match
    anywhere), each as (name, pattern, text every match contains): a line without that
    text need not be searched.
    """

    def __init__(self, named: Iterable[tuple[str, re.Pattern[str]]]) -> None:
        entries = [(name, pattern, required_text(pattern)) for name, pattern in named]
        firsts = [first_chars(pattern) for _, pattern, _ in entries]
        latin = [needs_latin(pattern) for _, pattern, _ in entries]
        chars = set().union(*(f for f in firsts if f is not None)) - {DIGIT}
        if any(f is not None and DIGIT in f for f in firsts):
            chars |= set("0123456789")

        def can_start(first: frozenset[str] | None, char: str | None) -> bool:
            if first is None:
                return True
            if char is None:  # any decimal digit outside 0-9
                return DIGIT in first
            return char in first or (DIGIT in first and char.isdecimal())

        def candidates(char: str | None, anywhere: bool = False) -> tuple[Candidates, Candidates]:
            """The candidates for lines without and with Latin letters."""
            kept = [
                (e, needs)
                for e, f, needs in zip(entries, firsts, latin, strict=True)
                if (f is None if anywhere else can_start(f, char))
            ]
            return tuple(e for e, needs in kept if not needs), tuple(e for e, _ in kept)

        self.anywhere = candidates(None, anywhere=True)
        self.digits = candidates(None)
        self.by_char = {char: candidates(char) for char in chars}

    def for_line(self, key: str) -> Candidates:
        latin = LATIN_LIKE.search(key) is not None
        if not key:
            return self.anywhere[latin]
        found = self.by_char.get(lowered(key[0])) if self.by_char else None
        if found is None:
            found = self.digits if key[0].isdecimal() else self.anywhere
        return found[latin]


def whitespace_run_min(pattern: re.Pattern[str]) -> int:
    """How many whitespace characters in a row every match is, for a pattern that is
    nothing but a run of them ("\\s{3,}"); 0 for any other pattern."""
    items = _parse(pattern.pattern, pattern.flags)
    if not items or len(items) != 1:
        return 0
    op, arg = items[0]
    c = _constants
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and list(arg[2]) == [
        (c.IN, [(c.CATEGORY, c.CATEGORY_SPACE)])
    ]:
        return int(arg[0])
    return 0


def may_hold_space_run(text: str, length: int) -> bool:
    """Whether `text` may hold `length` (two or more) whitespace characters in a row.

    Every whitespace character but the plain space is unprintable, so a printable text
    without two spaces in a row holds no such run: two C scans instead of a regex's walk.
    """
    return length < 2 or "  " in text or not text.isprintable()
