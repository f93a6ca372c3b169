"""Score an extraction against a fixture's expected results (standard library and PyYAML only).

A fixture is a capture ``NAME.txt`` with ``NAME.yaml`` beside it (see
tests/fixtures/captures/). Text is normalised for matching only: NFC and white space
collapsed, nothing else, so a tool that drops tatweel or changes digits loses those
tokens. The body is scored as a multiset of word tokens (``\\w+``) over the body
paragraphs, subheadings and captions together; the title is left out of it.

An extraction is a dict with any of: title, source, date, date_basis, body,
subheadings, captions. A missing key counts as "found nothing".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

WORD = re.compile(r"\w+")
BODY_KEYS = ("body", "subheadings", "captions")


@dataclass(frozen=True)
class Fixture:
    name: str
    capture: Path
    expected: dict


@dataclass(frozen=True)
class Score:
    """One extraction scored; ``None`` where the tool does not attempt that field."""

    title: bool | None
    date: bool | None
    basis: bool | None
    source: bool | None
    matched: int  # body tokens found that were expected (multiset intersection)
    found: int  # body tokens the tool returned
    expected: int  # body tokens expected

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def normalise(text: str | None) -> str:
    """The only changes allowed before comparing: NFC and collapsed white space."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def tokens(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(WORD.findall(normalise(text)))
    return counts


def body_texts(result: dict) -> list[str]:
    return [text for key in BODY_KEYS for text in (result.get(key) or [])]


def load_fixtures(folder: Path) -> list[Fixture]:
    """Every ``*.txt`` in ``folder`` that has a ``.yaml`` beside it, sorted by name."""
    fixtures = []
    for capture in sorted(Path(folder).glob("*.txt")):
        expected_file = capture.with_suffix(".yaml")
        if not expected_file.exists():
            continue
        expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
        fixtures.append(Fixture(capture.stem, capture, expected))
    return fixtures


def _date(value: object) -> str | None:
    """An ISO date (first ten characters of a date or date-time), or None."""
    return str(value)[:10] if value else None


def score(
    expected: dict,
    got: dict,
    *,
    title: bool = True,
    date: bool = True,
    basis: bool = True,
    source: bool = False,
) -> Score:
    """Score one extraction; pass False for the fields a tool does not attempt."""
    want = tokens(body_texts(expected))
    have = tokens(body_texts(got))
    return Score(
        title=normalise(got.get("title")) == normalise(expected.get("title")) if title else None,
        date=_date(got.get("date")) == _date(expected.get("date")) if date else None,
        basis=(got.get("date_basis") or "unknown") == (expected.get("date_basis") or "unknown")
        if basis
        else None,
        source=normalise(got.get("source")) == normalise(expected.get("source"))
        if source
        else None,
        matched=sum((want & have).values()),
        found=sum(have.values()),
        expected=sum(want.values()),
    )


@dataclass(frozen=True)
class Total:
    count: int
    titles: int | None
    dates: int | None
    bases: int | None
    sources: int | None
    precision: float  # micro: over all tokens of all captures
    recall: float
    f1: float
    mean_f1: float  # macro: the mean of the captures' F1


def total(scores: Sequence[Score]) -> Total:
    def right(field: str) -> int | None:
        values = [getattr(s, field) for s in scores]
        return None if any(v is None for v in values) else sum(values)

    matched = sum(s.matched for s in scores)
    found = sum(s.found for s in scores)
    wanted = sum(s.expected for s in scores)
    precision = matched / found if found else 0.0
    recall = matched / wanted if wanted else 0.0
    return Total(
        count=len(scores),
        titles=right("title"),
        dates=right("date"),
        bases=right("basis"),
        sources=right("source"),
        precision=precision,
        recall=recall,
        f1=f1(precision, recall),
        mean_f1=sum(s.f1 for s in scores) / len(scores) if scores else 0.0,
    )
