"""Labelled captures from sites with no profile: the title, the date and the text of each.

Every `NAME.txt` under `fixtures/captures/` (the batch the cleaner was built
against) and `fixtures/heldout/` (a batch written without looking at the
cleaner's output) has its expected results in `NAME.yaml`, so a new fixture
needs no Python. The corpus-wide targets (body F1 at least 0.98) are measured
by `bench/extraction.py`; here every capture must get its title, its date and
its basis right, keep at least 95% of its text and add little else, and
publish every kept line exactly as the capture wrote it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.scoring import f1, load_fixtures, normalise, tokens
from sijill.extract.capture import read_capture
from sijill.extract.profiles import default_profiles
from sijill.records.extraction import extract_record

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [
    fixture for batch in ("captures", "heldout") for fixture in load_fixtures(FIXTURES / batch)
]


def test_the_corpus_is_there():
    """At least fifteen layout families in each batch: a thinner corpus proves little."""
    for batch in ("captures", "heldout"):
        families = {fixture.name.rsplit("-", 1)[0] for fixture in load_fixtures(FIXTURES / batch)}
        assert len(families) >= 15, batch


@pytest.mark.parametrize("fixture", CASES, ids=[f"{f.capture.parent.name}/{f.name}" for f in CASES])
def test_fixture(fixture):
    expected = fixture.expected
    capture = read_capture(fixture.capture, fixture.capture.name, 5_000_000)
    meta, _, extraction = extract_record(capture, default_profiles(), None)

    assert normalise(meta["title"]) == normalise(expected["title"])
    date = str(meta["date"])[:10] if meta["date"] else None
    assert (date, meta["date_basis"]) == (expected["date"], expected["date_basis"])
    if expected.get("updated"):
        assert str(meta["updated"])[:10] == str(expected["updated"])
    if expected.get("time"):
        assert str(meta["date"])[11:16] == expected["time"]

    kept = [block.text for block in extraction.blocks]
    wanted = [*expected["body"], *(expected["subheadings"] or []), *(expected["captions"] or [])]
    got, want = tokens(kept), tokens(wanted)
    matched = sum((got & want).values())
    precision = matched / max(1, sum(got.values()))
    recall = matched / max(1, sum(want.values()))
    assert recall >= 0.95 and f1(precision, recall) >= 0.95, (precision, recall)

    # Faithful text: every block is a line of the capture, spaces aside, character for character.
    lines = {" ".join(line.split()) for line in capture.lines}
    for block in extraction.blocks:
        if block.kind != "subheading":  # a marked subheading loses its "* " marker
            assert block.text in lines


def test_no_profile_claims_a_capture_from_another_site():
    """A source's widgets or words quoted in another site's page never make it that source."""
    profiles = default_profiles()
    for fixture in CASES:
        keys = read_capture(fixture.capture, fixture.capture.name, 5_000_000).keys
        claims = [p.key for p in profiles[1] if p.score(keys) >= p.detect_min]
        assert not claims, (fixture.name, claims)
