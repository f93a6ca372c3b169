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
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

#: Directional embeddings, overrides and isolates let one title masquerade as
#: another; they carry no meaning in a news text. LRM/RLM (U+200E/U+200F) are
#: legitimate marks and stay.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
#: Invisible characters that split words for search and comparison.
INVISIBLES = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
TATWEEL = "\u0640"
SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class CaptureError(Exception):
    """A capture that cannot become an article; the message says why and what to do."""


@dataclass(frozen=True)
class Capture:
    """One capture file as read: raw bytes, detected encoding and normalised lines.

    ``raw_lines`` are the decoded lines exactly as captured (for the capture
    page); ``lines`` are the same lines normalised, one for one, so a line
    number means the same thing in both.
    """

    name: str
    path: Path
    data: bytes = field(repr=False)
    encoding: str
    raw_lines: tuple[str, ...] = field(repr=False)
    lines: tuple[str, ...] = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def text_sha256(self) -> str:
        """Hash of the normalised text: equal for the same page saved twice in any encoding."""
        return hashlib.sha256("\n".join(self.lines).strip().encode("utf-8")).hexdigest()


def normalise_line(line: str) -> str:
    """One normal form for comparison and output: NFC, plain spaces, no tatweel, 0-9 digits."""
    line = unicodedata.normalize("NFC", line)
    line = line.translate(BIDI_CONTROLS).translate(INVISIBLES).replace(TATWEEL, "")
    line = SPACES.sub(" ", line).translate(DIGITS)
    return line.strip()


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name), trying what is certain before what is guessed.

    A byte-order mark settles it; strict UTF-8 is next because it almost never
    decodes by accident; only then is the encoding guessed, with Windows-1256
    (the usual legacy Arabic code page) preferred when it decodes cleanly.
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
                return data.decode(name), name
            except UnicodeDecodeError as error:
                raise CaptureError(
                    f"starts with a {name} byte-order mark but does not decode"
                ) from error
    if b"\x00" in data:
        raise CaptureError("contains NUL bytes: a binary file, not a text capture")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_arabic(text):
        return text, "windows-1256"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise CaptureError("is not text in any encoding that could be detected")
    return str(best), best.encoding


def _mostly_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return bool(letters) and arabic / len(letters) > 0.5


def read_capture(path: Path, name: str, max_bytes: int) -> Capture:
    """Read and normalise one capture, refusing what cannot be an article."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CaptureError(
                f"is {size:,} bytes, over the limit of {max_bytes:,} (raise max_capture_bytes "
                "in site.toml if it is really one page)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise CaptureError(f"cannot be read: {error.strerror or error}") from error
    if not data.strip():
        raise CaptureError("is empty")
    text, encoding = decode(data)
    if unicodedata.category(text[:1]) == "Cf" and text[:1] == "\ufeff":
        text = text[1:]
    raw_lines = tuple(LINE_BREAK.split(text))
    lines = tuple(normalise_line(line) for line in raw_lines)
    if not any(lines):
        raise CaptureError("holds only white space")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    if controls > max(8, len(text) // 100):
        raise CaptureError("is mostly control characters: a binary file, not a text capture")
    return Capture(name, path, data, encoding, raw_lines, lines)
