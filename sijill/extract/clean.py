"""Stage 2, clean a capture: decide for every line whether it is the article or furniture.

Every line gets a :class:`Decision` naming its role (or that it was dropped)
and the rule that decided it, because editors must be able to ask why a line
went, and the capture page shows the answer to readers. The rules are generic;
what differs between sources (patterns, markers, title strategy) comes from
the source profile as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import CaptureError
from .capture import Capture
from .profiles import Profile, choose_profile, default_profiles

KEPT_ROLES = ("title", "paragraph", "subheading", "caption", "metadata")


@dataclass(frozen=True)
class Decision:
    """What happened to one line of a capture (line numbers start at 1)."""

    number: int
    role: str | None
    rule: str

    @property
    def kept(self) -> bool:
        return self.role is not None


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
    captured: str | None = None
    related: tuple[str, ...] = field(default=(), repr=False)

    def count(self, kind: str) -> int:
        return sum(1 for block in self.blocks if block.kind == kind)

    @property
    def removed(self) -> int:
        """Non-blank lines that were dropped: what the reader is told was removed."""
        return sum(1 for d in self.decisions if not d.kept and d.rule != "blank")


UNKNOWN_SOURCE = "مصدر غير معروف"
SENTENCE_END = tuple('.!?؟:؛،»"”…')
#: News headlines never end in a full stop; a first line that does is the article's first
#: sentence (its headline lost in the capture), and taking it as the title would hide that.
FULL_STOPS = (".", "۔")


class _Cleaner:
    """One pass over one capture; kept as an object only to share its state between steps."""

    def __init__(self, lines: tuple[str, ...], profile: Profile) -> None:
        self.lines = lines
        self.profile = profile
        self.decisions: list[Decision | None] = [None] * len(lines)
        self.blocks: list[Block] = []
        self.stated: list[str] = []
        self.related: list[str] = []
        self.captured: str | None = None
        self.source: str | None = profile.source
        self.seen_captions: set[str] = set()
        self.seen_paragraphs: set[str] = set()

    # --- line tests, all driven by profile data -------------------------------------------

    def furniture(self, line: str) -> str | None:
        return next((rule for rule, p in self.profile.furniture if p.search(line)), None)

    def section(self, line: str) -> tuple[str, str | None] | None:
        for rule, pattern in self.profile.sections:
            match = pattern.search(line)
            if match:
                return rule, match.groupdict().get("source")
        return None

    def captured_stamp(self, line: str) -> str | None:
        for pattern in self.profile.captured_patterns:
            match = pattern.search(line)
            if match:
                return f"{match['date']}T{match['time']}Z"
        return None

    def date_phrase(self, line: str) -> str | None:
        for pattern in self.profile.date_patterns:
            match = pattern.search(line)
            if match:
                return match["date"].strip()
        return None

    def source_label(self, line: str) -> bool:
        return any(p.search(line) for p in self.profile.source_labels)

    def ticker(self, line: str) -> bool:
        return len(self.profile.ticker_run.findall(line)) >= self.profile.ticker_min_runs

    def doubled(self, index: int) -> bool:
        line = self.lines[index]
        return (
            self.profile.captions_doubled
            and index + 1 < len(self.lines)
            and bool(line)
            and self.lines[index + 1] == line
        )

    def credited(self, line: str) -> bool:
        credit = self.profile.caption_credit
        return credit is not None and bool(credit.search(line))

    def unpunctuated(self, line: str) -> bool:
        """A short body line with no sentence-final punctuation reads as a photo caption."""
        limit = self.profile.caption_unpunctuated_max
        return 0 < len(line) <= limit and not line.endswith(SENTENCE_END)

    def unmarked_subheading(self, line: str) -> bool:
        """A bare short line with no sentence-final punctuation, where sources mark none."""
        limit = self.profile.subheading_unpunctuated_max
        return 0 < len(line) <= limit and not line.endswith(SENTENCE_END)

    def article_starts(self, index: int) -> bool:
        """True when a further article (infinite scroll) begins at this line.

        A title is followed by the widget that opens an article page (such as
        ``TT``) with nothing between them but blank lines, the title again and
        doubled photo captions; any other line means this one is not the title.
        """
        lines, title = self.lines, self.lines[index]
        if not self.profile.article_start or not title:
            return False
        end = min(len(lines), index + 1 + self.profile.article_start_within)
        for j in range(index + 1, end):
            line = lines[j]
            if any(p.search(line) for p in self.profile.article_start):
                return True
            doubled = line and (
                line == lines[j - 1] or (j + 1 < len(lines) and line == lines[j + 1])
            )
            if line and line != title and not doubled:
                return False
        return False

    def metadata(self, line: str) -> str | None:
        """Rule name when the line is a capture stamp or a stated date, recording it."""
        stamp = self.captured_stamp(line)
        if stamp:
            self.captured = self.captured or stamp
            return "captured"
        phrase = self.date_phrase(line)
        if phrase:
            self.stated.append(phrase)
            return "date-line"
        return None

    # --- steps ----------------------------------------------------------------------------

    def title_candidate(self, index: int) -> bool:
        line = self.lines[index]
        return (
            bool(line)
            and len(line) <= self.profile.title_max_chars
            and self.furniture(line) is None
            and self.section(line) is None
            and self.captured_stamp(line) is None
            and self.date_phrase(line) is None
            and not self.source_label(line)
            and not self.ticker(line)
            and not self.doubled(index)
            and not self.credited(line)
        )

    def find_title(self) -> int | None:
        lines = self.lines
        end = next((i for i, line in enumerate(lines) if self.section(line)), len(lines))
        candidates = [i for i in range(end) if self.title_candidate(i)]
        for strategy in self.profile.title_strategies:
            if strategy == "repeated":
                found = next((i for i in candidates if lines[i] in lines[i + 1 : i + 16]), None)
            elif strategy == "before_date":
                date_line = next((i for i in range(end) if self.date_phrase(lines[i])), None)
                found = next(
                    (i for i in reversed(candidates) if date_line is not None and i < date_line),
                    None,
                )
            else:  # first_line: the last resort; a sentence there is not promoted to a headline
                first = candidates[0] if candidates else None
                found = None if first is None or lines[first].endswith(FULL_STOPS) else first
            if found is not None:
                return found
        return None

    def decide(self, index: int, role: str | None, rule: str) -> None:
        self.decisions[index] = Decision(index + 1, role, rule)

    def keep_block(self, index: int, kind: str, text: str) -> None:
        self.blocks.append(Block(kind, " ".join(text.split()), index + 1))
        (self.seen_captions if kind == "caption" else self.seen_paragraphs).add(self.lines[index])
        self.decide(index, kind, kind)

    def furniture_line(self, index: int) -> bool:
        """Decide the lines that are never text, wherever they stand; True when decided."""
        line = self.lines[index]
        if not line:
            self.decide(index, None, "blank")
        elif rule := self.furniture(line):
            self.decide(index, None, rule)
        elif rule := self.metadata(line):
            self.decide(index, "metadata", rule)
        elif self.source_label(line):
            self.decide(index, None, "source-label")
        else:
            return False
        return True

    def header_line(self, index: int) -> None:
        line = self.lines[index]
        if self.furniture_line(index):
            return
        if self.ticker(line):
            self.decide(index, None, "ticker")
        elif line in self.seen_captions:
            self.decide(index, None, "repeated-caption")
        elif self.doubled(index) or self.credited(line):
            self.keep_block(index, "caption", line)
        elif len(line) <= self.profile.section_label_max_chars:
            self.decide(index, None, "section-label")
        else:
            self.decide(index, None, "page-header")

    def body_line(self, index: int, title: str) -> None:
        line = self.lines[index]
        if self.furniture_line(index):
            return
        if line == title:
            self.decide(index, None, "repeated-title")
        elif line in self.seen_captions:
            self.decide(index, None, "repeated-caption")
        elif line in self.seen_paragraphs:
            self.decide(index, None, "repeated-paragraph")
        elif subheading := self.subheading(line):
            self.keep_block(index, "subheading", subheading)
        elif self.doubled(index) or self.credited(line):
            self.keep_block(index, "caption", line)
        elif self.unmarked_subheading(line):
            self.keep_block(index, "subheading", line)
        elif self.unpunctuated(line):
            self.keep_block(index, "caption", line)
        else:
            self.keep_block(index, "paragraph", line)

    def subheading(self, line: str) -> str | None:
        for pattern in self.profile.subheading_patterns:
            match = pattern.search(line)
            if match:
                return match["text"].strip()
        return None

    def run(self) -> Extraction:
        title_index = self.find_title()
        if title_index is None:
            raise CaptureError("has no recognisable title (no line looks like a headline)")
        title = self.lines[title_index]
        for index in range(title_index):
            self.header_line(index)
        self.decide(title_index, "title", "title")
        section: str | None = None
        for index in range(title_index + 1, len(self.lines)):
            line = self.lines[index]
            opened = self.section(line)
            if opened:
                rule, source = opened
                if source:
                    # One line of metadata, not the start of a trailing section: a body
                    # may credit its figures ("المصدر: بنك المغرب") and go on.
                    self.source = self.source or source.strip()
                    self.decide(index, "metadata", rule)
                    continue
                section = rule
            elif (
                section not in self.profile.appended_after
                and self.article_starts(index)
                and (section is not None or any(b.kind == "paragraph" for b in self.blocks))
            ):
                section = "appended-article"
            if section is None:
                self.body_line(index, title)
            elif not line:
                self.decide(index, None, "blank")
            else:
                self.decide(index, None, section)
                if section == "related-list":
                    self.related.append(line)
        if not any(block.kind == "paragraph" for block in self.blocks):
            raise CaptureError("has a title but no article paragraphs under it")
        decisions = tuple(d for d in self.decisions if d is not None)
        return Extraction(
            profile=self.profile.key,
            source=self.source or UNKNOWN_SOURCE,
            title=title,
            title_line=title_index + 1,
            blocks=tuple(self.blocks),
            decisions=decisions,
            stated_dates=tuple(self.stated),
            captured=self.captured,
            related=tuple(self.related),
        )


def clean(
    capture: Capture, profiles: tuple[Profile, tuple[Profile, ...]] | None = None
) -> Extraction:
    """Extract the article from a capture; raises CaptureError when there is none."""
    profile = choose_profile(capture.lines, profiles or default_profiles())
    return _Cleaner(capture.lines, profile).run()
