"""The five real captures: exactly the article survives, nothing of the page around it."""

from __future__ import annotations

import pytest

from sijill.extract.dating import DateEvidence, date_article

from .conftest import extract, read_seed, seed_line

# seed, source, title begins, date, basis, paragraphs, subheadings, captions,
# (first paragraph line, last paragraph line) in the seed file
EXPECTED = [
    ("000", "عربي21", "لهذه الأسباب زار الأسد موسكو", "2024-11-30", "stated", 13, 0, 0, (10, 44)),
    (
        "001",
        "عربي21",
        '"لا خطة لدى روسيا لإنقاذ بشار الأسد"!',
        "2024-12-06T19:37",
        "stated",
        10,
        0,
        0,
        (15, 33),
    ),
    (
        "002",
        "الشرق الأوسط",
        "روسيا تدعو السلطات السورية",
        "2024-11-29",
        "inferred",
        6,
        0,
        3,
        (12, 26),
    ),
    (
        "003",
        "الأول",
        "المعارضة السورية تجتاح مدينة حلب",
        "2024-11-30",
        "stated",
        28,
        1,
        0,
        (17, 45),
    ),
    ("004", "الشرق الأوسط", "بوتين يؤكد في رسالة للشرع", None, "unknown", 7, 0, 1, (13, 25)),
]

MARKERS = [
    "placeholder",
    "TT",
    "إظهار أخبار متعلقة",
    "شكرا على الإبلاغ",
    "سيتم حجب هذه الصورة",
    "المصدر:",
    "كلمات دلالية",
    "إقرأ أيضاً",
    "مقالات ذات صلة",
    "مقالات مشابهة",
    "إشترك",
    "WhatsApp",
    "على مدار الساعة",
    "الأكثر قراءة",
    "انقر هنا لقراءة الخبر",
    "تابع كل الأخبار",
    "عربي21:",
    "نشر في الأول",
    "تاريخ النشر",
]

# A line from each piece of furniture that follows the article: none may survive.
FOREIGN = {
    "000": [52, 55, 69, 73, 82],  # read-also article, similar-articles list
    "001": [1, 43],
    "002": [31, 37, 69, 78, 117, 128, 155, 188],  # related list, three appended articles
    "003": [1, 9],
    "004": [30, 36, 55, 68, 80, 90],  # related list, one appended article
}


@pytest.mark.parametrize(
    ("seed", "source", "title", "date", "basis", "paragraphs", "subheadings", "captions", "edges"),
    EXPECTED,
)
def test_seed_extraction(
    seed, source, title, date, basis, paragraphs, subheadings, captions, edges
):
    extraction = extract(seed)
    assert extraction.source == source
    assert extraction.title.startswith(title)
    assert extraction.count("paragraph") == paragraphs
    assert extraction.count("subheading") == subheadings
    assert extraction.count("caption") == captions
    texts = [b.text for b in extraction.blocks if b.kind == "paragraph"]
    assert texts[0] == " ".join(seed_line(seed, edges[0]).split())
    assert texts[-1] == " ".join(seed_line(seed, edges[1]).split())
    assert len(texts) == len(set(texts)), "every paragraph exactly once"
    result = date_article(
        DateEvidence(
            stated=list(extraction.stated_dates),
            captions=[b.text for b in extraction.blocks if b.kind == "caption"],
            paragraphs=texts,
            related=list(extraction.related),
            captured=extraction.captured,
        )
    )
    assert (result.date, result.basis) == (date, basis)
    if basis != "stated":
        assert result.note


@pytest.mark.parametrize("seed", [row[0] for row in EXPECTED])
def test_no_furniture_survives(seed):
    extraction = extract(seed)
    body = "\n".join([extraction.title] + [b.text for b in extraction.blocks])
    for marker in MARKERS:
        assert marker not in body, marker
    for number in FOREIGN[seed]:
        assert " ".join(seed_line(seed, number).split()) not in body


def test_title_and_captions_appear_once():
    extraction = extract("004")
    caption = seed_line("004", 3)
    assert [b.text for b in extraction.blocks].count(caption) == 1
    assert extraction.blocks[0].kind == "caption"
    assert extraction.title not in [b.text for b in extraction.blocks]


def test_subheading_is_not_a_list_item():
    extraction = extract("003")
    (heading,) = [b for b in extraction.blocks if b.kind == "subheading"]
    assert heading.text == "مباحثات تركية روسية"
    kinds = [b.kind for b in extraction.blocks]
    assert kinds.index("subheading") == 17  # after the 17 paragraphs that precede it


def test_captured_time_and_source_line_are_metadata():
    extraction = extract("000")
    assert extraction.captured == "2025-07-28T22:09:48Z"
    roles = {d.number: (d.role, d.rule) for d in extraction.decisions}
    assert roles[2] == ("metadata", "captured")
    assert roles[46] == ("metadata", "source-line")
    assert roles[6] == ("metadata", "date-line")
    assert roles[8] == (None, "repeated-title")
    assert roles[18] == (None, "related-toggle")
    assert roles[48] == (None, "tags")
    assert roles[55] == (None, "read-also")
    assert roles[73] == (None, "related-list")


@pytest.mark.parametrize("seed", [row[0] for row in EXPECTED])
def test_every_line_has_one_decision(seed):
    extraction = extract(seed)
    numbers = [d.number for d in extraction.decisions]
    assert numbers == list(range(1, len(read_seed(seed).lines) + 1))
    assert all(d.rule for d in extraction.decisions)
    kept = [d for d in extraction.decisions if d.role in ("paragraph", "subheading", "caption")]
    assert [d.number for d in kept] == [b.line for b in extraction.blocks]


def test_appended_articles_are_named_as_such():
    rules = {d.number: d.rule for d in extract("002").decisions}
    assert rules[69] == rules[117] == rules[155] == "appended-article"
    assert rules[67] == "related-list"
    rules = {d.number: d.rule for d in extract("004").decisions}
    assert rules[68] == rules[80] == "appended-article"
