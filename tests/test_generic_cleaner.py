"""The cleaner on pages from sites with no profile: text kept as written, dates in any form.

Captures here are built from the seeds' own paragraphs, dressed in furniture any
Arabic news site prints; each test names the one behaviour it pins down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sijill.extract.capture import match_key, parse_capture
from sijill.extract.clean import clean
from sijill.extract.decisions import UNKNOWN_SOURCE
from sijill.extract.profiles import default_profiles
from sijill.records.extraction import cleaning_problems, extract_record

from .conftest import extract

PARAGRAPHS = [b.text for b in extract("003").blocks if b.kind == "paragraph"][:4]
TITLE = extract("003").title


def capture(*lines: str):
    text = "\n".join(lines)
    return parse_capture(text.encode("utf-8"), "page.txt", Path("page.txt"))


def record(*lines: str) -> dict:
    return extract_record(capture(*lines), default_profiles(), None)[0]


def page(header: list[str], body: list[str] | None = None, footer: list[str] | None = None):
    return [
        "الرئيسية",
        "أخبار",
        "سياسة",
        "",
        *header,
        "",
        *(body if body is not None else PARAGRAPHS),
        "",
        *(footer or ["مواضيع ذات صلة", "عنوان خبر آخر في القائمة", "© 2024 جميع الحقوق محفوظة"]),
    ]


def test_text_is_published_as_the_page_wrote_it():
    """Tatweel, Arabic-Indic digits, ZWNJ and every quote mark survive; matching folds them."""
    written = (
        "وقال مسؤول لـ«تلفزيون سوريا» إن الـ٢٤ ساعة المقبلة حاسمة، "
        "وإن «الفصائل» ستواصل تقدمها نحو المدينة\u200c بحسب ما نقلته مصادر محلية."
    )
    extraction = clean(capture(*page([TITLE], [written, *PARAGRAPHS])))
    assert extraction.blocks[0].text == written
    assert "ـ" in extraction.blocks[0].text and "٢٤" in extraction.blocks[0].text
    assert match_key("الـ٢٤") == match_key("ال24") == "ال24"


def test_bidi_and_invisible_controls_are_removed_for_safety():
    hidden = PARAGRAPHS[0][:20] + "\u202e\u200b" + PARAGRAPHS[0][20:]
    extraction = clean(capture(*page([TITLE], [hidden, *PARAGRAPHS[1:]])))
    assert extraction.blocks[0].text == PARAGRAPHS[0]


@pytest.mark.parametrize(
    ("date_line", "iso"),
    [
        ("نشر في: 30 نوفمبر 2024 - 10:15 ص", "2024-11-30T10:15"),
        ("تاريخ النشر: 30/11/2024", "2024-11-30"),
        ("2024-11-30 16:42", "2024-11-30T16:42"),
        ("Published On 30 Nov 2024", "2024-11-30"),
        ("November 30, 2024", "2024-11-30"),
        ("30th, November 2024 GMT", "2024-11-30"),
        ("السبت ٣٠ تشرين الثاني ٢٠٢٤", "2024-11-30"),
        ("السبت 30 نوفمبر 2024 - 04:42 م", "2024-11-30T16:42"),
        ("نوفمبر 30, 2024 - 16:42", "2024-11-30T16:42"),
        ("منشور في 30 نوفمبر 2024 بواسطة محرر الموقع", "2024-11-30"),
        ("30 نوفمبر 2024 بواسطة أحد محرري الموقع", "2024-11-30"),
        ("November 30, 2024 by admin", "2024-11-30"),
        (":تحديث 30 16:42 2024 نوفمبر", "2024-11-30T16:42"),
        ("السبت 30 نوفمبر 2024 ميلادي، الموافق لـ 28 جمادى الأولى 1446 هجري", "2024-11-30"),
    ],
)
def test_a_date_line_under_the_title_is_stated_in_any_common_form(date_line, iso):
    meta = record(*page([TITLE, date_line]))
    assert (meta["date"], meta["date_basis"]) == (iso, "stated")


def test_a_dated_sentence_naming_who_did_it_is_not_a_date_line():
    """A date line closes on «بواسطة» only right after the date: here it is the sentence's."""
    sentence = "في 30 نوفمبر 2024 أنقذ الطفل بواسطة فرق الدفاع"
    meta = record(*page([TITLE], [sentence, *PARAGRAPHS]))
    assert meta["date_basis"] != "stated"


def test_a_dated_sentence_naming_the_other_calendar_is_not_a_date_line():
    """«الموافق» joins a date line's two calendars; a sentence keeps its other words."""
    sentence = "وتحل الذكرى يوم السبت الموافق 30 نوفمبر 2024 وسط احتفالات واسعة"
    meta = record(*page([TITLE], [sentence, *PARAGRAPHS]))
    assert meta["date_basis"] != "stated"


def test_publication_wins_over_an_update_printed_first():
    meta = record(*page([TITLE, "آخر تحديث: 01/12/2024", "تاريخ النشر: 30/11/2024"]))
    assert (meta["date"], meta["date_basis"], meta["updated"]) == (
        "2024-11-30",
        "stated",
        "2024-12-01",
    )


def test_an_edit_named_as_such_is_the_update_not_the_publication():
    meta = record(*page([TITLE, "نشر في: 30/11/2024 (اخر تعديل 2024-12-01 15:40:36 )"]))
    assert (meta["date"], meta["date_basis"], meta["updated"]) == (
        "2024-11-30",
        "stated",
        "2024-12-01T15:40",
    )


def test_a_masthead_date_above_the_menus_is_not_the_articles_date():
    """The day the page was shown bounds the date; it is never passed off as stated."""
    lines = ["الاثنين 2 ديسمبر 2024", "", "إعلان", "", *page([TITLE])]
    meta = record(*lines)
    assert meta["date_basis"] != "stated"


def test_a_date_line_right_on_the_title_is_stated():
    meta = record("الرئيسية", "سياسة", "", "السبت 30 نوفمبر 2024", TITLE, "", *PARAGRAPHS)
    assert (meta["date"], meta["date_basis"]) == ("2024-11-30", "stated")


def test_a_relative_time_is_not_a_stated_date():
    meta = record(*page([TITLE, "منذ 3 ساعات"]))
    assert meta["date_basis"] != "stated"


def test_menu_labels_skip_links_and_ad_labels_are_never_the_title():
    lines = ["تخطى إلى المحتوى", "القائمة", "إعلان", "", "بث مباشر", "", *page([TITLE])]
    assert clean(capture(*lines)).title == TITLE


def test_bylines_datelines_and_credits_are_metadata_not_text():
    extraction = clean(capture(*page([TITLE, "كتب: أحمد جمال الدين", "دمشق – الوكالة", "(أ ف ب)"])))
    roles = {d.rule: d.role for d in extraction.decisions}
    assert roles["byline"] == roles["dateline"] == roles["credit"] == "metadata"
    assert [b.text for b in extraction.blocks] == PARAGRAPHS


def test_an_agency_dateline_with_its_day_and_reporter_is_metadata():
    dateline = "القاهرة في 6 يناير/أ ش أ/ تقرير - محمد جمال:"
    extraction = clean(capture(*page([TITLE], [dateline, *PARAGRAPHS])))
    assert [d.rule for d in extraction.decisions if d.number > 1].count("dateline") == 1
    assert [b.text for b in extraction.blocks] == PARAGRAPHS


def test_a_dateline_closed_on_a_colon_is_metadata_but_a_numbered_subheading_is_not():
    dateline, numbered = "الرياض — حسن عواجي :", "1- المواجهة الأولى:"
    lines = page([TITLE, dateline], [*PARAGRAPHS[:2], numbered, *PARAGRAPHS[2:]])
    rules = {d.number: d.rule for d in clean(capture(*lines)).decisions}
    assert rules[lines.index(dateline) + 1] == "dateline"
    assert rules[lines.index(numbered) + 1] != "dateline"


def test_a_headline_opening_as_a_sentence_does_is_taken_when_nothing_else_is():
    # No headline of 788 labelled ones opened on «كما» or «و» and a function word, so
    # such a line loses to any other; but alone, it is the title, and the article kept.
    for headline in ("كما تقدمت الفصائل نحو ريف حلب الغربي", "وفي حلب تتقدم الفصائل غربا"):
        assert clean(capture(*page([headline]))).title == headline
        other = "الفصائل تتقدم نحو ريف حلب"
        assert clean(capture(*page([other, headline]))).title == other


def test_a_paragraph_opening_on_an_agency_dateline_is_text():
    opening = "القاهرة في 6 يناير/أ ش أ/ أكد وزير الخارجية أن المحادثات مستمرة بين الطرفين."
    extraction = clean(capture(*page([TITLE], [opening, *PARAGRAPHS])))
    assert [b.text for b in extraction.blocks] == [opening, *PARAGRAPHS]


def test_the_article_goes_on_after_a_read_also_box():
    """«اقرأ أيضاً» with a linked headline mid-article is a box, not the article's end."""
    body = [
        *PARAGRAPHS[:2],
        "اقرأ أيضاً:",
        "روسيا تدعو السلطات السورية إلى إعادة فرض النظام في ريف حلب",
        *PARAGRAPHS[2:],
    ]
    assert [b.text for b in clean(capture(*page([TITLE], body))).blocks] == PARAGRAPHS


def test_a_list_of_other_stories_ends_the_article():
    footer = ["الأكثر قراءة", "1", PARAGRAPHS[0][:60], "2", "عنوان خبر آخر في القائمة"]
    extraction = clean(capture(*page([TITLE], PARAGRAPHS[1:], footer)))
    assert [b.text for b in extraction.blocks] == PARAGRAPHS[1:]


def test_the_site_names_itself_in_its_copyright_line():
    footer = ["مواضيع ذات صلة", "جميع الحقوق محفوظة لموقع الخبر اليومي © 2024"]
    assert clean(capture(*page([TITLE], None, footer))).source == "الخبر اليومي"


def test_an_unsure_extraction_says_so_and_why():
    """No repeated headline, no echo of it in the text, no site name: two problems to review."""
    lines = ["عنوان لا يشبه النص في شيء أبدا", "", *PARAGRAPHS]
    meta = record(*lines)
    assert meta["source"] == UNKNOWN_SOURCE
    problems = cleaning_problems(meta)
    assert any("source is unknown" in p for p in problems)
    assert any("position alone" in p for p in problems)


def test_every_line_carries_its_evidence():
    extraction = clean(capture(*page([TITLE])))
    title = next(d for d in extraction.decisions if d.role == "title")
    assert "of its words open the text" in title.describe()
    paragraph = next(d for d in extraction.decisions if d.role == "paragraph")
    assert "words" in paragraph.describe() and "كلمات" in paragraph.describe_ar()


def test_a_profile_pattern_without_the_group_the_cleaner_reads_is_refused_naming_file_and_key(
    tmp_path,
):
    """Before, a date pattern without (?P<date>…) passed and then crashed every build."""
    import shutil

    from sijill.errors import ProfileError
    from sijill.extract.profiles import PROFILE_DIR, load_profiles

    for path in PROFILE_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    broken = tmp_path / "alawwal.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("(?P<date>.+)", "(.+)"), encoding="utf-8"
    )
    with pytest.raises(ProfileError, match=r"alawwal\.yaml: date_patterns: .*\(\?P<date>"):
        load_profiles(tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("title_words: {min: 3, max: 30}", "title_words: {min: three, max: 30}", "title_words.min"),
        ("title_max_chars: 250", "title_max_chars: many", "title_max_chars"),
        ("key: generic", "key: generic\nunknown_rule: 1", "unknown key 'unknown_rule'"),
    ],
)
def test_a_broken_common_profile_is_one_line_naming_file_and_key(tmp_path, old, new, says):
    import shutil

    from sijill.errors import ProfileError
    from sijill.extract.profiles import PROFILE_DIR, load_profiles

    for path in PROFILE_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    common = tmp_path / "_common.yaml"
    text = common.read_text(encoding="utf-8")
    assert old in text
    common.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ProfileError, match=says) as raised:
        load_profiles(tmp_path)
    assert "_common.yaml" in str(raised.value) and "\n" not in str(raised.value)
