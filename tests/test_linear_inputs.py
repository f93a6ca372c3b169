"""Inputs that used to cost the square of their length (or more) now cost about their length.

Each bound is met by the linear code with a wide margin and missed by the old
code by minutes: a capture line of 30,000 repeats took 82 s, a paragraph of
40,000 digits 23 s, an edited body of 20,000 "[" 98 s.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sijill.commands.build import build
from sijill.extract.capture import parse_capture
from sijill.extract.clean import CAPTION_MAX_CHARS, attribution
from sijill.records.extraction import extract_record
from sijill.site.bidi import isolate_ltr
from sijill.site.sanitise import sanitise_markdown

from .conftest import seed_path


def seconds(work, *args) -> float:
    started = time.perf_counter()
    work(*args)
    return time.perf_counter() - started


def with_line(prefix: str, line: str) -> bytes:
    """A real capture with `line` standing in its body (before its first paragraph)."""
    lines = seed_path(prefix).read_text(encoding="utf-8").split("\n")
    at = next(number for number, text in enumerate(lines) if len(text.split()) > 20)
    return "\n".join([*lines[:at], line, *lines[at:]]).encode("utf-8")


def extract(data: bytes) -> None:
    extract_record(parse_capture(data, "x.txt", Path("x.txt")), default_profiles(), None)


from sijill.extract.profiles import default_profiles  # noqa: E402


def test_an_unclosed_caption_credit_repeated_30000_times_is_cleaned_in_linear_time():
    line = "(" + "صورة رسمي" * 30_000  # in a الشرق الأوسط body: its caption-credit pattern
    assert seconds(extract, with_line("002", line)) < 2


def test_long_lines_of_spaces_words_and_dashes_are_cleaned_in_linear_time():
    for line in (
        "عنوان الخبر" + " " * 60_000 + "| موقع",
        "عنوان الخبر الطويل جدا " + " " * 60_000 + "(الدفاع السورية",
        "صورة: " + "-أ" * 30_000 + " ب",
        "(رويترز) " + " " * 60_000 + "x",
        "عنوان الخبر الطويل جدا " + " " * 60_000 + "[الدفاع السورية]",
    ):
        for seed in ("001", "002", "003"):
            assert seconds(extract, with_line(seed, line)) < 2, (seed, line[:30])


def test_a_header_block_printed_10000_times_is_cleaned_in_linear_time():
    # Each copy of a masthead line asks whether it belongs to a block printed twice.
    block = "رئيس مجلس الإدارة الأسبق\nد. سامر العلي الحلبي الدمشقي\n"
    data = (block * 10_000).encode("utf-8") + seed_path("001").read_bytes()
    assert seconds(extract, data) < 4


@pytest.mark.parametrize(
    "block",
    [
        # A long unpunctuated line printed twice in a row, ten thousand times: each copy is
        # a title candidate that asks about the lines around it.
        "مجلس إدارة الشركة العربية للإعلام والنشر والتوزيع في دمشق وحلب\n" * 2,
        # Date lines over and over above the headline: each asks what stands under it.
        "السبت 21 مارس 2026\nالسبت 21 مارس 2026 9:48 م\n",
    ],
)
def test_a_header_of_ten_thousand_repeated_lines_is_cleaned_in_linear_time(block):
    data = (block * 5_000).encode("utf-8") + seed_path("001").read_bytes()
    assert seconds(extract, data) < 4


def test_the_caption_attribution_reads_as_before():
    caption = "جنود من الفصائل المسلحة في قرية قريبة (الدفاع السورية)"
    assert attribution(caption) == "جنود من الفصائل المسلحة في قرية قريبة"
    assert attribution("قصير " + " " * 30 + "(الدفاع)") == "قصير " + " " * 15
    assert attribution("نص طويل بما يكفي ليكون شرحا (خمس كلمات في هذا القوس)") is None
    assert attribution("(الدفاع السورية)") is None
    # The credit in square brackets, as some sites print it.
    assert attribution(caption[:-16] + "[المصور/رويترز]") == caption[:-17]
    assert attribution("جنود من الفصائل المسلحة في قرية [1]") is None
    assert CAPTION_MAX_CHARS >= 140  # the longest caption of the sample captures


def test_a_paragraph_of_40000_digits_is_isolated_in_linear_time():
    digits = "٤" * 10 + "1234567890" * 4_000
    started = time.perf_counter()
    html = isolate_ltr(digits)
    assert time.perf_counter() - started < 1
    assert str(html) == digits  # a number alone keeps its own direction
    assert str(isolate_ltr("على بعد 5 km من 1.5GB و 2024")) == (
        'على بعد <span dir="ltr">5 km</span> من <span dir="ltr">1.5GB</span> و 2024'
    )


def test_markdown_the_library_would_take_minutes_over_is_shown_as_written():
    for body in (
        "[" * 20_000,
        "- " * 1_000 + "نص",
        "\n".join("  " * i + "- بند" for i in range(1_000)),
    ):
        started = time.perf_counter()
        html = str(sanitise_markdown(body))
        assert time.perf_counter() - started < 2
        assert html.startswith("<p>") and "<li>" not in html
    assert str(sanitise_markdown("<b>[x](javascript:1)</b>" + "[" * 200)).startswith(
        "<p>&lt;b&gt;[x](javascript:1)&lt;/b&gt;"
    )
    assert "<li>" in str(sanitise_markdown("- بند\n    - بند داخلي"))  # ordinary Markdown


def test_an_edited_body_of_brackets_or_deep_lists_publishes_with_a_warning(project):
    settings = project()
    (article,) = settings.articles.glob("2024-11-30-alawwal-*.md")
    other = next(p for p in sorted(settings.articles.glob("*.md")) if p != article)
    for path, body in ((article, "[" * 20_000), (other, "- " * 1_000 + "نص")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("\n---\n", 4) + 5] + "\n" + body + "\n", "utf-8")
    started = time.perf_counter()
    report = build(settings)
    assert time.perf_counter() - started < 30
    for path in (article, other):
        (warning,) = [w for w in report.warnings if w.startswith(f"articles/{path.name}")]
        assert "its body is shown as written, not read as Markdown" in warning
    assert report.published == 5
    slug = article.name.removesuffix(".md")
    page = (settings.output / "articles" / f"{slug}.html").read_text(encoding="utf-8")
    assert "[" * 20_000 in page
