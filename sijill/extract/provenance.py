"""Provenance of an article: every line of its capture, what became of it and why.

Readers check the archive against what was captured and editors ask why a
line went; both are answered from the same object, built by re-reading and
re-cleaning the seed, so the capture page, `explain` and `check` can never
disagree with the cleaner. :func:`explain_capture` is the one place that does
the work, so a cache can be put in front of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .capture import Capture, read_capture
from .clean import clean
from .decisions import Decision, Extraction
from .folding import HIDDEN as _HIDDEN


def shown(text: str) -> str:
    """A raw line made safe to display without changing any visible character.

    Control characters would be a parse error in HTML and an escape sequence in
    a terminal, and bidi controls would reorder the page, so each is shown as its
    code point (``⟨U+001B⟩``, ``⟨U+202E⟩``) instead.
    """
    return _HIDDEN.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


@dataclass(frozen=True)
class Line:
    """One line of a capture as captured, with the cleaner's decision about it."""

    number: int
    raw: str
    decision: Decision
    #: 1-based position of the article block this line became, if it became one.
    block: int | None

    @property
    def kept(self) -> bool:
        return self.decision.kept

    @property
    def blank(self) -> bool:
        return self.decision.rule == "blank"

    @property
    def text(self) -> str:
        return shown(self.raw)


@dataclass(frozen=True)
class Provenance:
    """A capture, its extraction, and its lines one for one with their decisions."""

    capture: Capture
    extraction: Extraction
    lines: tuple[Line, ...]

    @property
    def size(self) -> int:
        return len(self.capture.data)

    @property
    def removed(self) -> int:
        return self.extraction.removed

    @property
    def blanks(self) -> int:
        return sum(1 for line in self.lines if line.blank)

    @property
    def kept(self) -> int:
        return sum(1 for line in self.lines if line.kept)


def capture_lines(capture: Capture) -> tuple[str, ...]:
    """The lines of the capture as a reader counts them.

    A final line break ends the last line rather than starting an empty one,
    so the empty string the split leaves after it is not a line of the capture.
    """
    raw = capture.raw_lines
    return raw[:-1] if len(raw) > 1 and raw[-1] == "" else raw


def _explain(capture: Capture) -> Provenance:
    extraction = clean(capture)
    block_of = {block.line: index for index, block in enumerate(extraction.blocks, 1)}
    decisions = {decision.number: decision for decision in extraction.decisions}
    lines = tuple(
        Line(number, raw, decisions[number], block_of.get(number))
        for number, raw in enumerate(capture_lines(capture), 1)
    )
    return Provenance(capture, extraction, lines)


def explain_capture(path: Path, name: str, max_bytes: int) -> Provenance:
    """Read and clean one seed; raises CaptureError when it cannot be an article.

    Nothing is remembered between calls: a build asks only for the seeds
    whose capture page must be made again (`captures.capture_page_key`), and
    holding every explanation of a cold build would cost more memory than
    cleaning a seed a second time costs time.
    """
    return _explain(read_capture(path, name, max_bytes))
