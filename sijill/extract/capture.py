"""Stage 1, read a capture: bytes on disk become normalised lines of text.

Captures arrive from scrapers and people in whatever encoding and line ending
they were saved with. Everything later in the pipeline works on the
normalised lines, so two saves of the same page in different encodings give
the same article; the raw bytes are kept too, because provenance pages and
the fixity manifest must show exactly what was captured.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import CaptureError
from .folding import BIDI_CONTROLS, DIGITS, INVISIBLES, TATWEEL

LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: C0/C1 controls, other line and paragraph separators, lone surrogates and
#: non-characters: invisible in a browser, but they make the Atom feed invalid
#: XML and can hide text, so no line keeps them.
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
#: Share of '?' (and U+FFFD) among visible characters above which the text was lost in saving.
LOST_SHARE = 0.2


@dataclass(frozen=True)
class Capture:
    """One capture file as read: raw bytes, detected encoding, its lines in three forms.

    ``raw_lines`` are the decoded lines exactly as captured (for the capture
    page); ``lines`` are the text as it is published, which is what the page
    said with only NFC, plain spaces and no invisible or bidi controls;
    ``keys`` fold what readers do not see as a difference (tatweel, digit
    shapes, joiners) for matching only. All three run one for one, so a line
    number means the same thing in each.
    """

    name: str
    path: Path
    data: bytes = field(repr=False)
    encoding: str
    raw_lines: tuple[str, ...] = field(repr=False)
    lines: tuple[str, ...] = field(repr=False)
    #: Problems that did not stop the capture from being read (e.g. it looks truncated).
    notes: tuple[str, ...] = ()

    @cached_property
    def sha256(self) -> str:
        """The bytes' hash, worked out once: a build asks for it at several steps."""
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The lines folded for matching: never shown, only compared."""
        if not _KEY_CHANGES.search("\n".join(self.lines)):
            return self.lines  # one search for the whole capture: most change nowhere
        return tuple(match_key(line) for line in self.lines)

    @property
    def text_sha256(self) -> str:
        """Hash of the folded text: equal for the same page saved twice in any encoding."""
        return hashlib.sha256("\n".join(self.keys).strip().encode("utf-8")).hexdigest()


#: Every one-character change of `normalise_line`, as a table and as one pattern: a
#: capture needs few of them, so finding them beats passing every character through a table.
#: Only what a reader cannot see changes: tatweel, digits and joiners stay as written.
_NORMAL_FORM: dict[str, str] = {
    **{chr(code): "" for code in (*BIDI_CONTROLS, *INVISIBLES)},
    **{space: " " for space in "\u00a0\u202f\u205f\u3000\t"},
    **{chr(code): " " for code in range(0x2000, 0x200B)},
}
_CHANGED = re.compile(f"{UNSAFE_CHARS.pattern}|[{''.join(_NORMAL_FORM)}]")
#: What `match_key` folds on top: differences of form that mean the same word or number.
_KEY_FORM = str.maketrans({TATWEEL: None, "\u200c": None, "\u200d": None, **DIGITS})
_KEY_CHANGES = re.compile("[\u0640\u200c\u200d\u0660-\u0669\u06f0-\u06f9]")
#: Control characters other than tab and the line breaks: a binary file has many.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _normal_form(text: str) -> str:
    """`normalise_line` without the strip, so it can run over many lines joined by newlines."""
    text = unicodedata.normalize("NFC", text)
    return _CHANGED.sub(lambda match: _NORMAL_FORM.get(match.group(), ""), text)


def normalise_line(line: str) -> str:
    """A line as published: NFC, plain spaces, no controls; every visible character kept."""
    return _normal_form(line).strip()


def normal_text(text: str) -> str:
    """Text typed by an editor (a title, a note, a body of many lines) with the hygiene every
    capture line gets, as `normalise_line` gives it but for the strip.

    A hand edit can carry what a capture never keeps: a NUL, an escape, Word's
    vertical tab, a non-character. Invisible on a page, they make the Atom feed
    ill-formed XML, and feed readers then refuse the whole feed.
    """
    return _normal_form(text)


def match_key(line: str) -> str:
    """A published line folded for matching: no tatweel or joiners, digits as 0-9.

    «الـ24» and «ال٢٤» are one key; neither is ever shown in this form.
    """
    # Most lines hold none of these: a search is far cheaper than a dictionary translate.
    return line.translate(_KEY_FORM) if _KEY_CHANGES.search(line) else line


def normalise_lines(lines: Iterable[str]) -> tuple[str, ...]:
    """`normalise_line` of each line, done on the whole text at once (a capture has hundreds)."""
    return tuple(line.strip() for line in _normal_form("\n".join(lines)).split("\n"))


def decode(data: bytes) -> tuple[str, str, bool]:
    """Return (text, encoding name, truncated), trying what is certain before what is guessed.

    A byte-order mark settles it; strict UTF-8 is next because it almost never
    decodes by accident; only then is the encoding guessed, with Windows-1256
    (the usual legacy Arabic code page) preferred when it decodes cleanly. A
    file cut off in the middle of its last character (a scraper that died
    mid-write) is still that encoding: the partial character is dropped and
    ``truncated`` says so, instead of the whole file being misread as another.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text, truncated = _decode_allowing_cut(data, name)
                return text, name, truncated
            except UnicodeDecodeError as error:
                raise CaptureError(
                    f"starts with a {name} byte-order mark but does not decode "
                    f"(bad bytes at offset {error.start})",
                    "re-save the page as UTF-8",
                ) from error
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise CaptureError(
            "contains NUL bytes: a binary file, not a text capture",
            "save the page as UTF-8 text, or delete the file",
        )
    try:
        text, truncated = _decode_allowing_cut(data, "utf-8")
        return text, "utf-8", truncated
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8_and_1256(data)
    if mixed is not None:
        return mixed, MIXED_ENCODING, False
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_arabic(text):
        return text, "windows-1256", False
    from charset_normalizer import from_bytes  # rarely needed, and slow to import

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise CaptureError(
            "is not text in any encoding that could be detected",
            "save the page as UTF-8 text, or delete the file",
        )
    return str(best), best.encoding, False


def _utf16_without_bom(data: bytes) -> tuple[str, str, bool] | None:
    """UTF-16 saved without a byte-order mark, told apart from binary by where its NULs sit.

    In UTF-16 text the NUL bytes are the high halves of ASCII characters, so
    they all fall on odd offsets (little-endian) or all on even ones (big-endian);
    a binary file has them on both.
    """
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if bool(even) == bool(odd):
        return None
    encoding = "utf-16-le" if odd else "utf-16-be"
    try:
        text, truncated = _decode_allowing_cut(data, encoding)
    except UnicodeDecodeError:
        return None
    if not (_mostly_arabic(text) or text.isascii()):
        return None  # pairs of bytes that make CJK or private-use "letters": not a text
    return text, encoding, truncated


MIXED_ENCODING = "utf-8+windows-1256"


def _mixed_utf8_and_1256(data: bytes) -> str | None:
    """Decode a file made of UTF-8 lines and Windows-1256 lines (two saves joined), or None.

    Read whole as Windows-1256, the UTF-8 part would still look like Arabic
    letters (its lead bytes are Arabic letters in that code page) and be
    published as gibberish; line by line, each part reads as what it is.
    Arabic in Windows-1256 is practically never valid UTF-8, so a line that
    decodes as non-ASCII UTF-8 is UTF-8.
    """
    lines = data.splitlines(keepends=True)
    decoded, utf8, legacy = [], 0, 0
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            try:
                decoded.append(line.decode("cp1256"))
            except UnicodeDecodeError:
                return None
            legacy += 1
    return "".join(decoded) if utf8 and legacy else None


def _decode_allowing_cut(data: bytes, encoding: str) -> tuple[str, bool]:
    """Decode strictly, but forgive an incomplete character at the very end of the data."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    text = decoder.decode(data, final=False)
    pending = decoder.getstate()[0]
    return text, bool(pending)


def _mostly_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return bool(letters) and arabic / len(letters) > 0.5


def read_capture(path: Path, name: str, max_bytes: int) -> Capture:
    """Read and normalise one capture, refusing what cannot be an article.

    Never reads more than ``max_bytes + 1`` bytes, so a huge or endless file
    (a device, a log still growing) cannot exhaust memory before it is refused.
    """
    limit_advice = "raise build.max_capture_bytes in site.toml if it really is one page"
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise CaptureError(
            f"cannot be read: {error.strerror or error}", "check the file's permissions"
        ) from error
    if len(data) > max_bytes:
        raise CaptureError(
            f"is over the size limit of {max_bytes:,} bytes: not one page", limit_advice
        )
    return parse_capture(data, name, path)


def parse_capture(data: bytes, name: str, path: Path) -> Capture:
    """Decode and normalise bytes already read (tests and the fuzzer start here)."""
    if not data:
        raise CaptureError("is empty (0 bytes)", "re-save the page, or delete the file")
    text, encoding, truncated = decode(data)
    if text[:1] == "\ufeff":
        text = text[1:]
    raw_lines = tuple(LINE_BREAK.split(text))
    lines = normalise_lines(raw_lines)
    controls = len(CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise CaptureError(
            "is mostly control characters: a binary file, not a text capture",
            "save the page as UTF-8 text, or delete the file",
        )
    if not any(lines):
        raise CaptureError("holds only white space", "re-save the page, or delete the file")
    visible = sum(len(line.replace(" ", "")) for line in lines)
    lost = sum(line.count("?") + line.count("\ufffd") for line in lines)
    if lost > visible * LOST_SHARE:
        # Arabic asks with '؟'; a page of '?' is one saved in a code page without
        # Arabic letters, and publishing it would put a page of '?' in the archive.
        raise CaptureError(
            "is mostly '?' marks: it was saved in an encoding without Arabic letters, "
            "which lost the text",
            "capture the page again and save it as UTF-8",
        )
    notes: tuple[str, ...] = ()
    if truncated:
        notes += (
            f"ends in the middle of a {encoding} character: the capture looks cut off; "
            "what is there was published (capture the page again)",
        )
    if encoding == MIXED_ENCODING:
        notes += (
            "mixes UTF-8 lines and Windows-1256 lines (two saves joined?); each line was "
            "read in its own encoding (check the article, re-save the page as UTF-8)",
        )
    return Capture(name, path, data, encoding, raw_lines, lines, notes)
