"""Real seeds as scrapers and people actually save them: re-encoded, re-spaced, cut, joined.

Each variant takes the text of a real capture and returns the bytes of a file
that must give the same article as the clean UTF-8 capture.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def windows_1256(text: str) -> bytes:
    """What a Windows "Save as" in the Arabic code page writes (a rare letter becomes '?')."""
    return text.encode("cp1256", errors="replace")


def sprinkle_spaces(text: str, invisible: bool = True) -> str:
    """Every third space non-breaking; a zero-width space or word joiner inside words.

    Windows-1256 has no zero-width space, so its variants get only the spaces.
    """
    out, spaces, letters = [], 0, 0
    for char in text:
        if char == " ":
            spaces += 1
            out.append("\u00a0" if spaces % 3 == 0 else " ")
            continue
        out.append(char)
        if ARABIC_LETTER.match(char):
            letters += 1
            if invisible and letters % 7 == 0:
                out.append("\u200b" if letters % 2 else "\u2060")
    return "".join(out)


def tatweel_runs(text: str) -> str:
    """Kashida runs of growing length after every fifth Arabic letter (الـــمــــزيــــد)."""
    count = 0

    def stretch(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return match.group(0) + ("\u0640" * (1 + count % 6) if count % 5 == 0 else "")

    return ARABIC_LETTER.sub(stretch, text)


def mixed_digits(text: str) -> str:
    """Arabic-Indic digits on odd lines, Persian digits on every fourth, Latin elsewhere."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index % 4 == 3:
            lines[index] = line.translate(PERSIAN)
        elif index % 2:
            lines[index] = line.translate(INDIC)
    return "\n".join(lines)


#: name -> (bytes of the file, encoding the front matter must record)
VARIANTS: dict[str, tuple[Callable[[str], bytes], str]] = {
    "windows-1256": (windows_1256, "windows-1256"),
    "utf-16-le-bom": (lambda t: t.encode("utf-16"), "utf-16"),
    "utf-16-be-bom": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
    "utf-16-le-no-bom": (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be-no-bom": (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    "utf-8-bom": (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "lone-cr": (lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
    "nbsp-zero-width": (lambda t: sprinkle_spaces(t).encode("utf-8"), "utf-8"),
    "tatweel": (lambda t: tatweel_runs(t).encode("utf-8"), "utf-8"),
    "indic-digits": (lambda t: mixed_digits(t).encode("utf-8"), "utf-8"),
    "all-at-once-1256": (
        # Windows-1256 has no Arabic-Indic digits: its users' digits are 0-9.
        lambda t: windows_1256(sprinkle_spaces(tatweel_runs(t), False).replace("\n", "\r\n")),
        "windows-1256",
    ),
    "all-at-once-utf-16": (
        lambda t: (
            sprinkle_spaces(tatweel_runs(mixed_digits(t))).replace("\n", "\r").encode("utf-16")
        ),
        "utf-16",
    ),
}


#: Variants that change characters a reader sees (kashida, digit shapes): the article keeps
#: them as the file has them, and matches the clean article only once both are folded.
VISIBLE = frozenset({"tatweel", "indic-digits", "all-at-once-1256", "all-at-once-utf-16"})


def cut_inside_character(data: bytes, fraction: float) -> bytes:
    """The first `fraction` of a UTF-8 file, ending in the middle of a multi-byte letter."""
    at = int(len(data) * fraction)
    while data[at] < 0xC0:  # move to the lead byte of a multi-byte sequence
        at += 1
    return data[: at + 1]
