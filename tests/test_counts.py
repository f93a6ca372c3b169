"""Counts read as Arabic writes them: CLDR's plural categories, not «(عدد المقالات: 1)»."""

from __future__ import annotations

from pathlib import Path

import pytest

from sijill.site.capture_pages import lines_phrase
from sijill.site.counts import articles


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (1, "مقال واحد"),
        (2, "مقالان"),
        (3, "3 مقالات"),
        (10, "10 مقالات"),
        (11, "11 مقالًا"),
        (99, "99 مقالًا"),
        (100, "100 مقال"),
        (102, "102 مقال"),
        (103, "103 مقالات"),
        (111, "111 مقالًا"),
        (1000, "1000 مقال"),
    ],
)
def test_a_count_of_articles_takes_the_form_arabic_gives_its_number(count, said):
    assert articles(count) == said


def test_lines_follow_the_same_rules():
    said = [lines_phrase(n) for n in (1, 2, 4, 12, 200, 203)]
    assert said == ["سطر واحد", "سطران", "4 أسطر", "12 سطرًا", "200 سطر", "203 أسطر"]


#: The project's own words, as readers and editors see them; the profiles' patterns are
#: left out, as they must match whatever spelling a page uses.
OWN_WORDING = ("templates", "sijill/data", "sijill/site", "sijill/commands")


def test_the_projects_wording_spells_tanween_fath_one_way():
    """«مقالًا» and «سطراً» side by side read as two hands: the fathatan sits on the
    letter before the alif («سطرًا», «يدويًا», «أيضًا»), as CLDR's Arabic data writes it."""
    root = Path(__file__).resolve().parents[1]
    other_way = "\u0627\u064b"  # alif, then fathatan
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in OWN_WORDING
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in {".html", ".js", ".yaml", ".py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if other_way in line
    ]
    assert found == []
