"""The pattern prefilters skip only patterns that cannot match: they never hide a match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sijill.extract.capture import read_capture
from sijill.extract.prefilter import (
    LATIN_LIKE,
    FirstCharIndex,
    first_chars,
    lowered,
    needs_latin,
    required_text,
)
from sijill.extract.profiles import default_profiles

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [
    ROOT / "seeds",
    ROOT / "tests" / "fixtures" / "captures",
    ROOT / "tests" / "fixtures" / "heldout",
]

#: Lines made to start with what the patterns start with, in other cases and scripts.
EDGE_LINES = [
    "",
    "TT",
    "tt",
    "Advertisement",
    "ADVERTISEMENT:",
    "Related Posts",
    "Newsletter",
    "NEWſLETTER",
    "İnstagram",
    "12",
    "٣",
    "١٢ تعليق",
    "3 تعليقات",
    "12:30",
    "الصفحة التالية",
    "التالي »",
    "المزيد",
    "(رويترز)",
    "اقرأ أيضا:",
    "المصدر: عربي21",
    "© 2024",
    "جميع الحقوق محفوظة",
]


def all_lines() -> list[str]:
    lines = set(EDGE_LINES)
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            lines.update(read_capture(path, path.name, 50_000_000).keys)
    return sorted(lines)


def first_match(named, key):
    return next((rule for rule, pattern in named if pattern.search(key)), None)


@pytest.mark.parametrize("kind", ["furniture", "sections"])
def test_indexed_patterns_give_the_same_verdict_on_every_line(kind):
    """For every line of every seed and fixture, and every profile, the first pattern that
    matches among the index's candidates is the first that matches among all patterns."""
    generic, sources = default_profiles()
    lines = all_lines()
    for profile in (generic, *sources):
        named = getattr(profile, kind)
        index = FirstCharIndex(named)
        for key in lines:
            candidates = index.for_line(key)
            filtered = next(
                (r for r, p, needed in candidates if needed in key and p.search(key)), None
            )
            assert filtered == first_match(named, key), (profile.key, kind, key)


def test_detection_skips_only_captures_without_the_patterns_text():
    _generic, sources = default_profiles()
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            text = "\n".join(read_capture(path, path.name, 50_000_000).keys)
            for profile in sources:
                plain = sum(1 for p in profile.detect_lines if p.search(text))
                assert profile.score_text(text) == plain, (profile.key, path.name)


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        ("^TT$", {"t"}),
        ("^(إعلان|ads?)\\s*:?$", {"إ", "a"}),
        ("^[إا]قر", {"إ", "ا"}),
        ("^(ال)?(مقالات|أخبار)", {"ا", "م", "أ"}),
        ("^\\d{1,2}$", {"\\d"}),
        ("^\\S+$", None),
        ("^.{0,40}x", None),
        ("^a?", None),
        ("cookies", None),
        ("^a|b", None),
        ("^a|^b", {"a", "b"}),
        ("(?i:^a)", None),
    ],
)
def test_first_characters_are_read_from_the_pattern(pattern, first):
    compiled = re.compile(pattern, re.IGNORECASE if re.search("[A-Za-z]", pattern) else 0)
    found = first_chars(compiled)
    assert (None if found is None else set(found)) == first


def test_case_blind_first_characters_cover_what_the_engine_folds():
    """A case-blind "^s" matches the long s, "^k" the Kelvin sign: both are candidates."""
    index = FirstCharIndex([("x", re.compile("^s", re.I)), ("y", re.compile("^k", re.I))])
    assert [r for r, _, _ in index.for_line("ſ")] == ["x"]
    assert [r for r, _, _ in index.for_line("\u212a")] == ["y"]
    assert [r for r, _, _ in index.for_line("S")] == ["x"]


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [("جميع الحقوق محفوظة", "جميع الحقوق محفوظة"), ("حقوق (النشر|الطبع) محفوظة", " محفوظة")],
)
def test_required_text_is_a_run_of_plain_characters(pattern, needed):
    assert required_text(re.compile(pattern)) == needed


def test_latin_patterns_are_known_and_latin_like_letters_are_all_listed():
    """Every character the engine may fold to a-z is in `LATIN_LIKE`, so a line without
    one cannot match a pattern that needs a Latin letter."""
    assert needs_latin(re.compile("newsletter", re.I))
    assert needs_latin(re.compile("app store|google play", re.I))
    assert not needs_latin(re.compile("(فعل|enable)\\s", re.I))
    from re import _casefix

    latin = set("abcdefghijklmnopqrstuvwxyz")
    extra = {chr(c) for a in latin for c in _casefix._EXTRA_CASES.get(ord(a), ())}
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if lowered(char) in latin or char in extra:
            assert LATIN_LIKE.match(char), hex(code)


def test_every_whitespace_character_but_the_space_is_unprintable():
    """`may_hold_space_run` reads a printable line without two spaces as holding no run."""
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if re.match(r"\s", char) and char != " ":
            assert not char.isprintable(), hex(code)


def test_lines_skipped_by_the_ticker_and_credit_tests_hold_no_match():
    from sijill.extract.clean import credit_closes
    from sijill.extract.prefilter import may_hold_space_run, whitespace_run_min

    generic, sources = default_profiles()
    assert whitespace_run_min(generic.ticker_run) == 3
    assert whitespace_run_min(re.compile(r"\s+x")) == 0
    for key in [*all_lines(), "a\u00a0\u00a0\u00a0b", "a   b", "x (رويترز)  ", "x - رويترز"]:
        if not may_hold_space_run(key, 3):
            assert not generic.ticker_run.search(key), key
        for profile in (generic, *sources):
            assert profile.ticker_runs(key) == len(profile.ticker_run.findall(key)), key
            if not credit_closes(key):
                assert not profile.credit.search(key), (profile.key, key)


def test_remembered_verdicts_clean_every_capture_as_a_fresh_profile_does():
    """Lines met before are answered from the profile's memory: cleaning every seed and
    fixture after all the others (every short line remembered) gives what cleaning each
    with freshly loaded profiles gives."""
    from sijill.extract.clean import clean
    from sijill.extract.profiles import load_profiles

    captures = [
        read_capture(path, path.name, 50_000_000)
        for folder in FOLDERS
        for path in sorted(folder.glob("*.txt"))
    ]
    shared = load_profiles()
    for capture in captures:
        clean(capture, shared)
    for capture in captures:
        assert clean(capture, shared) == clean(capture, load_profiles()), capture.name
