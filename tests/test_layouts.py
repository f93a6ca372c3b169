"""New captures of the known layouts, with articles the cleaner has never seen."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.layouts import Story, alawwal, arabi21_dated, arabi21_page, asharq
from sijill.extract.capture import Capture, normalise_line
from sijill.extract.clean import clean
from sijill.extract.dating import parse_date

from .conftest import SEEDS, extract, seed_line


def capture_of(text: str, name: str = "new.txt") -> Capture:
    lines = tuple(text.split("\n"))
    data = text.encode("utf-8")
    return Capture(
        name, SEEDS / name, data, "utf-8", lines, tuple(normalise_line(x) for x in lines)
    )


# Real paragraphs from all five seeds, to dress in every other layout.
POOL = sorted(
    {
        block.text
        for seed in ("000", "001", "002", "003", "004")
        for block in extract(seed).blocks
        if block.kind == "paragraph" and len(block.text) > 60 and block.text.endswith(".")
    }
)
TITLES = [extract(seed).title for seed in ("000", "001", "002", "003", "004")]
CAPTIONS = [
    "مقاتلون من المعارضة في ساحة سعد الله الجابري بحلب 30 نوفمبر 2024 (رويترز)",
    "الرئيس الروسي فلاديمير بوتين خلال مؤتمر صحافي في موسكو (أ.ف.ب)",
]

stories = st.builds(
    Story,
    title=st.sampled_from(TITLES),
    paragraphs=st.lists(st.sampled_from(POOL), min_size=2, max_size=8, unique=True),
    year=st.integers(2011, 2026),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    captions=st.just(CAPTIONS),
    subheading=st.sampled_from([None, "مباحثات تركية روسية", "ردود فعل دولية"]),
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def paragraphs_of(text: str, name: str = "new.txt"):
    extraction = clean(capture_of(text, name))
    return extraction, [b.text for b in extraction.blocks if b.kind == "paragraph"]


@FAST
@given(stories, stories)
def test_arabi21_dated_layout(story, other):
    extraction, paragraphs = paragraphs_of(arabi21_dated(story, other))
    assert (extraction.source, extraction.title) == ("عربي21", story.title)
    assert paragraphs == story.paragraphs
    (stated,) = extraction.stated_dates
    assert parse_date(stated).iso() == dt.date(story.year, story.month, story.day).isoformat()


def test_arabi21_short_article_under_its_header_is_the_article():
    # Two short paragraphs (27 words) under the headline printed again, then a read-also
    # whose appended article is heavier: the text under the header is still the article.
    def starting(*openings: str) -> list[str]:
        return [next(p for p in POOL if p.startswith(opening)) for opening in openings]

    story = Story(TITLES[0], starting("يأتي هذا بالتزامن", "وقال متحدث باسم"), 2011, 1, 1)
    other = Story(TITLES[0], starting("أفادت وكالة «سبوتنيك»", "أما الأحد"), 2011, 1, 1)
    _, paragraphs = paragraphs_of(arabi21_dated(story, other))
    assert paragraphs == story.paragraphs


@FAST
@given(stories)
def test_arabi21_page_layout(story):
    weekday = dt.date(story.year, story.month, story.day).weekday()
    extraction, paragraphs = paragraphs_of(arabi21_page(story, weekday, "08:05"))
    assert (extraction.source, extraction.title) == ("عربي21", story.title)
    assert paragraphs == story.paragraphs
    (stated,) = extraction.stated_dates
    day = dt.date(story.year, story.month, story.day).isoformat()
    assert parse_date(stated).iso() == f"{day}T08:05"


@FAST
@given(stories, stories)
def test_asharq_layout(story, appended):
    # Infinite scroll appends another article: its own title and its own paragraphs.
    assume(appended.title != story.title and not set(appended.paragraphs) & set(story.paragraphs))
    extraction, paragraphs = paragraphs_of(asharq(story, appended))
    assert (extraction.source, extraction.title) == ("الشرق الأوسط", story.title)
    assert paragraphs == story.paragraphs
    assert [b.text for b in extraction.blocks if b.kind == "caption"] == CAPTIONS
    headings = [b.text for b in extraction.blocks if b.kind == "subheading"]
    assert headings == ([story.subheading] if story.subheading else [])


def test_asharq_first_paragraph_on_another_subject_over_a_subheading_is_kept():
    # The header stands twice above the text, so no other story's teaser can stand
    # between it and the text: a first paragraph that shares no subject with what follows
    # a subheading is still the article's (a most-read teaser sits above the headline).
    def starting(*openings: str) -> list[str]:
        return [next(p for p in POOL if p.startswith(opening)) for opening in openings]

    paragraphs = starting("والحرب، التي", "وتقول قوات", "دعا الكرملين", "ويسلط هذا", "قال الجيش")
    story = Story(TITLES[0], paragraphs, captions=CAPTIONS, subheading="مباحثات تركية روسية")
    appended = Story(TITLES[1], starting("أفادت وكالة «سبوتنيك»", "أما الأحد"), captions=CAPTIONS)
    extraction, paragraphs = paragraphs_of(asharq(story, appended))
    assert paragraphs == story.paragraphs
    assert [b.text for b in extraction.blocks if b.kind == "subheading"] == [story.subheading]


def test_asharq_caption_credited_to_an_agency_by_name_is_a_caption_however_long():
    caption = "آليات عسكرية على الحدود كما بدت من بلدة مرجعيون، " * 5 + "(أسوشييتد برس)"
    story = Story(TITLES[2], POOL[:3], captions=[CAPTIONS[0], caption])
    appended = Story(TITLES[3], POOL[3:5], captions=CAPTIONS)
    extraction, paragraphs = paragraphs_of(asharq(story, appended))
    assert paragraphs == story.paragraphs
    assert [b.text for b in extraction.blocks if b.kind == "caption"] == story.captions


@FAST
@given(stories)
def test_alawwal_layout(story):
    extraction, paragraphs = paragraphs_of(alawwal(story))
    assert (extraction.source, extraction.title) == ("الأول", story.title)
    assert paragraphs == story.paragraphs
    headings = [b.text for b in extraction.blocks if b.kind == "subheading"]
    assert headings == ([story.subheading] if story.subheading else [])


def test_real_appended_article_read_as_its_own_capture():
    """002's first appended article, saved on its own page: another real Asharq article."""
    lines = [seed_line("002", n) for n in range(69, 115)]
    lines += [seed_line("002", n) for n in range(28, 68)]  # its related list
    lines += [seed_line("002", n) for n in range(117, 153)]  # and a further appended article
    extraction, paragraphs = paragraphs_of("\n".join(lines))
    assert extraction.title == seed_line("002", 69)
    assert len(paragraphs) == 15
    assert paragraphs[0] == seed_line("002", 78)
    assert paragraphs[-1] == seed_line("002", 114)
    captions = [b.text for b in extraction.blocks if b.kind == "caption"]
    assert captions == [seed_line("002", n) for n in (86, 92, 100, 106)]
    assert not any("غزة" in p for p in paragraphs)


def test_body_lines_that_begin_like_furniture_keep_the_rest_of_the_article():
    """A figures credit (المصدر: …) and the verb اشتركت («took part») are article text
    that once ended the article: everything after them was dropped as a trailing section."""
    first, second, third = POOL[:3]
    story = Story("عنوان خبر عن أرقام المصرف", [first, "المصدر: بنك المغرب", second])
    story.paragraphs.append("اشتركت الفصائل في المعارك إلى جانب الجيش.")
    story.paragraphs.append(third)
    extraction, paragraphs = paragraphs_of(alawwal(story))
    assert paragraphs == [first, second, "اشتركت الفصائل في المعارك إلى جانب الجيش.", third]
    assert extraction.source == "الأول"  # the profile's own, not the figures' source


@pytest.mark.parametrize("written", ["إقرأ أيضاً:", "اقرأ أيضًا:", "اقرأ ايضا:", "إقرأ أيضا"])
def test_read_also_in_its_spellings_drops_the_article_after_it(written):
    story, other = Story(TITLES[0], POOL[:2]), Story(TITLES[1], POOL[2:4])
    text = arabi21_dated(story, other).replace("إقرأ أيضاً:", written)
    # With no source and tags lines before it, the read-also line alone ends the article.
    for line in ("المصدر: عربي21\n", "كلمات دلالية: سياسة اقتصاد رياضة سوريا\n"):
        text = text.replace(line, "")
    _, paragraphs = paragraphs_of(text)
    assert paragraphs == story.paragraphs


def test_arabi21_page_date_with_a_twelve_hour_time():
    story = Story(TITLES[1], POOL[:2], day=6)
    weekday = dt.date(story.year, story.month, story.day).weekday()
    extraction, paragraphs = paragraphs_of(arabi21_page(story, weekday, "07:37 م"))
    assert paragraphs == story.paragraphs
    (stated,) = extraction.stated_dates
    assert parse_date(stated).iso() == "2024-12-06T19:37"


@pytest.mark.parametrize("logo", ["عربي21 logo", "شبكة الأخبار المحلية Logo"])
def test_a_logo_alt_text_over_the_header_is_furniture_not_the_title(logo):
    """A logo's alt text may share a word with the text (the site's name, «السورية»); it
    is the image's, never the headline."""
    text = "\n\n".join([logo, TITLES[2], *POOL[:3]])
    extraction = clean(capture_of(text))
    assert extraction.title == TITLES[2]
    assert extraction.decisions[0].rule == "logo-text"
    assert not extraction.decisions[0].kept


def test_the_sites_contact_lines_after_the_text_are_furniture():
    """A footer's address, telephone and fax lines: one has a clause mark and ten words,
    and would pass for text on its evidence."""
    footer = [
        "عنوان: شارع الجلاء، بناء الإعلام، ص.ب. 6009 دمشق، الجمهورية العربية السورية",
        "هاتف: +963 11 234 5678",
        "فاكس: +963 11 876 5432",
    ]
    text = "\n\n".join([TITLES[2], *POOL[:3], *footer])
    extraction = clean(capture_of(text))
    assert [b.text for b in extraction.blocks if b.kind == "paragraph"] == POOL[:3]
    assert {d.rule for d in extraction.decisions[-5:] if d.rule != "blank"} <= {
        "contact-line",
        "after-article",
    }


@pytest.mark.parametrize("label", ["إقرأ ايضاً:", "اقرأ أيضًا: ", "إقرا ايضا :"])
def test_a_read_also_link_on_one_line_inside_the_text_is_dropped_and_the_text_goes_on(label):
    """However «أيضاً» is spelled, and glued to the linked headline or not."""
    link = label + TITLES[0]
    text = "\n\n".join([TITLES[2], POOL[0], link, POOL[1], POOL[2]])
    _, paragraphs = paragraphs_of(text)
    assert paragraphs == POOL[:3]


def test_a_see_here_too_box_takes_its_teaser_with_it():
    """«شاهد هنا أيضا», then the linked headline and its teaser, which retells it."""
    teaser = TITLES[0] + "، " + POOL[3]
    text = "\n\n".join([TITLES[2], POOL[0], POOL[1], "شاهد هنا أيضا", TITLES[0], teaser])
    _, paragraphs = paragraphs_of(text)
    assert paragraphs == POOL[:2]


def test_a_long_line_without_arabic_under_an_arabic_headline_is_not_text():
    """An install prompt in English among the page's widgets after the text."""
    prompt = (
        "For phones and tablets, install this site as an app: open the share menu of your "
        "browser, choose add to home screen, and read the latest news even when you are offline."
    )
    text = "\n\n".join([TITLES[2], *POOL[:3], prompt])
    extraction, paragraphs = paragraphs_of(text)
    assert paragraphs == POOL[:3]
    assert extraction.decisions[-1].rule == "not-text"


@pytest.mark.parametrize("link", ["pic.twitter.com/AbCdEf1234", "pic.x.com/AbCdEf1234"])
def test_an_embedded_post_is_not_text_however_long(link):
    """The post's text runs on past thirty words, but links its picture as no article does."""
    post = POOL[3] + f" {link} " + POOL[4]
    text = "\n\n".join([TITLES[2], POOL[0], POOL[1], post, POOL[2]])
    extraction, paragraphs = paragraphs_of(text)
    assert paragraphs == POOL[:3]
    assert extraction.decisions[6].rule == "embed-attribution"


def test_a_table_border_after_the_headline_is_not_part_of_the_title():
    """Cells copied from a table end their lines on « |»."""
    text = "\n".join([f"{TITLES[2]} |", "الثلاثاء, 12 سبتمبر 2023 13:39 |", *POOL[:3]])
    extraction = clean(capture_of(text))
    assert extraction.title == TITLES[2]


def test_markup_the_page_printed_as_text_is_furniture():
    """An image's tag with its alt text, copied as a line of its own."""
    tag = (
        '<image>data:image/s3,"s3://crabby-images/e71d4/e71d4b2a32a3bcc7e8b2aed60ab18b39fd81c6a3" '
        'alt="' + TITLES[2] + '"></image>'
    )
    text = "\n\n".join([TITLES[2], tag, *POOL[:3]])
    extraction, paragraphs = paragraphs_of(text)
    assert paragraphs == POOL[:3]
    assert extraction.decisions[2].rule == "markup"
