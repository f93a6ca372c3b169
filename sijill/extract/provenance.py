"""Provenance of an article: every line of its capture, what became of it and why.

Readers check the archive against what was captured and editors ask why a
line went; both are answered from the same object, built by re-reading and
re-cleaning the seed, so the capture page, `explain` and `check` can never
disagree with the cleaner. :func:`explain_capture` is the one place that does
the work, so a cache can be put in front of it.

A build cleans every new capture for its record already; what the capture page
needs of that cleaning is kept as :class:`Findings` (small and packed), so the
page is made from them and the capture is cleaned once per build, not twice.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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
class Verdict:
    """A line's decision as a capture page states it, its Arabic evidence already worded."""

    number: int
    role: str | None
    rule: str
    evidence_ar: str

    @property
    def kept(self) -> bool:
        return self.role is not None

    def describe_ar(self) -> str:
        return self.evidence_ar


@dataclass(frozen=True)
class Line:
    """One line of a capture as captured, with the cleaner's decision about it."""

    number: int
    raw: str
    decision: Decision | Verdict
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
    #: The cleaner's whole result (`explain`), or what a capture page needs of it.
    extraction: Extraction | Findings
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


class _Block(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...


def blocks_digest(blocks: Iterable[_Block]) -> str:
    """One hash of an article's blocks (kind and text, in order).

    Whether a page's blocks are still the ones the cleaner made is then told
    without keeping the cleaner's blocks, the largest part of an extraction.
    """
    digest = hashlib.sha256()
    for block in blocks:
        digest.update(repr((block.kind, block.text)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


#: One line's verdict as packed: number, role, rule, Arabic evidence, block position.
_Packed = tuple[int, str | None, str, str, int | None]


@dataclass(frozen=True)
class Findings:
    """What a capture page shows of one cleaning, without the capture's text.

    A build keeps these for every capture it cleans for its record, so the
    capture page is made without cleaning the capture again. The per-line
    verdicts are packed (under a kilobyte a capture) so that an archive of
    tens of thousands costs megabytes, not the extractions' hundreds.
    """

    #: The capture these describe; a capture read again with other bytes is cleaned anew.
    sha256: str
    captured: str | None
    removed: int
    #: `blocks_digest` of the extraction's blocks.
    blocks: str
    packed: bytes

    @classmethod
    def of(cls, capture: Capture, extraction: Extraction) -> Findings:
        block_of = {block.line: index for index, block in enumerate(extraction.blocks, 1)}
        verdicts: list[_Packed] = [
            (d.number, d.role, d.rule, d.describe_ar(), block_of.get(d.number))
            for d in extraction.decisions
        ]
        # JSON, not pickle, as everywhere bytes are kept (`engine/plain.py`).
        packed = zlib.compress(json.dumps(verdicts, separators=(",", ":")).encode("ascii"))
        digest = blocks_digest(extraction.blocks)
        return cls(capture.sha256, extraction.captured, extraction.removed, digest, packed)

    def provenance(self, capture: Capture) -> Provenance:
        """The capture's lines with these verdicts; `capture` must be the one described."""
        assert capture.sha256 == self.sha256, "findings of another capture"
        unpacked: list[_Packed] = json.loads(zlib.decompress(self.packed))
        verdicts = {item[0]: item for item in unpacked}
        lines = []
        for number, raw in enumerate(capture_lines(capture), 1):
            _, role, rule, evidence, block = verdicts[number]
            lines.append(Line(number, raw, Verdict(number, role, rule, evidence), block))
        return Provenance(capture, self, tuple(lines))


def explain_capture(path: Path, name: str, max_bytes: int) -> Provenance:
    """Read and clean one seed; raises CaptureError when it cannot be an article.

    Nothing is remembered between calls: a build asks only for the seeds
    whose capture page must be made again (`captures.capture_page_key`) and
    that it did not clean for their record already (those keep `Findings`);
    holding every explanation of a cold build would cost hundreds of megabytes.
    """
    return _explain(read_capture(path, name, max_bytes))
