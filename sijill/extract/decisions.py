"""What the cleaner decided about a capture: each line's role, the article's blocks, and why.

Kept apart from the cleaner itself because every later stage reads these
objects (records, capture pages, `explain`, `check`) while only the build
runs the cleaner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import LineEvidence


@dataclass(frozen=True)
class Decision:
    """What happened to one line of a capture (line numbers start at 1), and on what evidence."""

    number: int
    role: str | None
    rule: str
    #: The line's measurements, none for a blank line.
    evidence: LineEvidence | None = None
    #: How many times the same line stands in the capture.
    copies: int = 1
    #: Why the title is the title (its repetition, the share of its words in the text).
    title_evidence: TitleEvidence | None = None

    @property
    def kept(self) -> bool:
        return self.role is not None

    def describe(self) -> str:
        """The evidence in a few English words, for `explain`."""
        parts = [self.title_evidence.describe()] if self.title_evidence else []
        if self.evidence is not None:
            parts.append(self.evidence.describe())
        if self.copies > 1 and not self.title_evidence:
            parts.append(f"on the page {self.copies} times")
        return "; ".join(parts)

    def describe_ar(self) -> str:
        """The same in Arabic, for the capture page."""
        parts = [self.title_evidence.describe_ar()] if self.title_evidence else []
        if self.evidence is not None:
            parts.append(self.evidence.describe_ar())
        if self.copies > 1 and not self.title_evidence:
            times = "مرتين" if self.copies == 2 else f"{self.copies} مرات"
            parts.append(f"مكرر في الصفحة {times}")
        return "؛ ".join(parts)


@dataclass(frozen=True)
class TitleEvidence:
    """What made a line the title: the page repeats it, and the text takes up its words."""

    repeated: bool
    overlap: float

    def describe(self) -> str:
        said = "repeated on the page, " if self.repeated else ""
        return f"{said}{self.overlap:.0%} of its words open the text"

    def describe_ar(self) -> str:
        said = "مكرر في الصفحة، و" if self.repeated else ""
        return f"{said}{round(self.overlap * 100)}٪ من كلماته في مطلع النص"


@dataclass(frozen=True)
class Block:
    """One block of the article body, with the capture line it came from."""

    kind: str  # "paragraph" | "subheading" | "caption"
    text: str
    line: int


@dataclass(frozen=True)
class Extraction:
    """Everything the cleaner learnt from one capture."""

    profile: str
    source: str
    title: str
    title_line: int
    blocks: tuple[Block, ...]
    decisions: tuple[Decision, ...]
    stated_dates: tuple[str, ...] = ()
    updated_dates: tuple[str, ...] = ()
    page_dates: tuple[str, ...] = ()
    captured: str | None = None
    related: tuple[str, ...] = field(default=(), repr=False)
    confidence: float = 1.0
    doubts: tuple[str, ...] = ()

    def count(self, kind: str) -> int:
        return sum(1 for block in self.blocks if block.kind == kind)

    @property
    def removed(self) -> int:
        """Non-blank lines that were dropped: what the reader is told was removed."""
        return sum(1 for d in self.decisions if not d.kept and d.rule != "blank")


UNKNOWN_SOURCE = "مصدر غير معروف"
