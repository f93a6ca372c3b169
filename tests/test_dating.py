"""Tests for the "date it" stage.

The seed evidence below is copied verbatim from the captures in ``seeds/`` (keyed by line
number), the way the cleaner would hand it over; a test checks the copies still match.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sijill.extract.dating import (
    DateEvidence,
    DateMention,
    DateResult,
    ParsedDate,
    date_article,
    find_dates,
    find_weekday_evidence,
    opening_dateline,
    parse_date,
    widen_short_year,
)


def weekday_today(text: str) -> int | None:
    """The weekday (Monday = 0) the text says is today, or None."""
    evidence = find_weekday_evidence(text)
    return evidence.weekday if evidence else None


SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Seed 002: captions are lines 3, 16, 22; the article's own paragraphs lines 12-26 (less the
# captions); the related-items list lines 31-67.  Seed 004: caption line 3, paragraphs
# lines 13-25, related items lines 30-66.
SEED_002_CAPTIONS: dict[int, str] = {
    3: ("دبابة مدمرة للجيش السوري في قرية عنجارة على مشارف حلب... سوريا 29 نوفمبر 2024 (أ.ب)"),
    16: (
        "جنود من الفصائل المسلحة السورية يقفون في تشكيل بعد دخول قرية عنجارة على مشارف "
        "حلب الغربية... سوريا 29 نوفمبر 2024 (أ.ب)"
    ),
    22: (
        "مقاتلون من الفصائل السورية المسلحة يستقلون شاحنة أثناء دخولهم قرية عنجارة على "
        "المشارف الغربية لمدينة حلب... سوريا 28 نوفمبر 2024 (أ.ب)"
    ),
}
SEED_002_PARAGRAPHS: dict[int, str] = {
    12: (
        "دعا الكرملين، اليوم الجمعة، السلطات السورية إلى «إعادة فرض النظام» بصورة "
        "«عاجلة» في محيط حلب في شمال سوريا التي تتقدم نحوها مجموعات مسلّحة في إطار "
        "هجوم واسع النطاق تشنه في المنطقة."
    ),
    14: (
        "وقال الناطق باسم الكرملين دميتري بيسكوف لصحافيين: «نطالب السلطات السورية "
        "بإعادة فرض النظام بصورة عاجلة في هذه المنطقة»، معتبرا أن الهجوم المتواصل "
        "«اعتداء على سيادة سوريا»."
    ),
    18: (
        "وتدخلت روسيا، حليفة الرئيس السوري بشار الأسد، عسكريا إلى جانب الأسد في القتال "
        "ضد الفصائل السورية المسلحة في عام 2015، ولدى موسكو قاعدة جوية ومنشأة بحرية في "
        "سوريا. وشنت فصائل مسلحة بقيادة جماعة «هيئة تحرير الشام» هجوما يوم الأربعاء "
        "اجتاحت خلاله 12 بلدة وقرية في محافظة حلب بشمال غرب البلاد التي تسيطر عليها "
        "القوات السورية."
    ),
    20: (
        "وهذا هو أول تقدم على الأرض تحققه الفصائل المسلحة منذ مارس (آذار) 2020 عندما "
        "اتفقت روسيا وتركيا، التي تدعم فصائل مسلحة، على وقف إطلاق النار، مما أدى إلى "
        "توقف العمليات العسكرية في آخر معقل كبير لهذه الفصائل في شمال غرب سوريا."
    ),
    24: (
        "وذكر الجيش السوري ومصادر في الفصائل المسلحة أن المقاتلات الروسية والسورية "
        "قصفت منطقة تسيطر عليها الفصائل قرب الحدود مع تركيا أمس الخميس، في محاولة لصد "
        "هذه القوات."
    ),
    26: (
        "وردا على سؤال بخصوص تقارير روسية غير مؤكدة على تطبيق «تلغرام» ذكرت أن الأسد "
        "غادر إلى موسكو لإجراء محادثات مع الرئيس الروسي فلاديمير بوتين، قال بيسكوف إنه "
        "«ليس لديه ما يقال» في هذا الشأن."
    ),
}
SEED_002_RELATED: dict[int, str] = {
    31: "بوتين يؤكد لشي أن تحالف موسكو وبكين «عامل استقرار» في عالم مضطرب",
    33: "أوروبا الرئيس الصيني والرئيس الروسي في بكين (إ.ب.أ)",
    35: "بوتين يؤكد لشي أن تحالف موسكو وبكين «عامل استقرار» في عالم مضطرب",
    37: (
        "وصف الرئيس الروسي فلاديمير بوتين اليوم (الأربعاء) التحالف السياسي والاقتصادي "
        "والأمني بين بلده والصين بأنه «عامل استقرار» في العالم حالياً."
    ),
    39: "«الشرق الأوسط» (موسكو)",
    40: (
        "الخليج الأمير محمد بن سلمان ولي العهد السعودي والرئيس الروسي فلاديمير بوتين (الشرق الأوسط)"
    ),
    42: "ولي العهد السعودي والرئيس الروسي يبحثان التطورات إقليمياً ودولياً",
    44: (
        "بحث الأمير محمد بن سلمان ولي العهد رئيس مجلس الوزراء السعودي مع الرئيس الروسي "
        "فلاديمير بوتين، الثلاثاء، عدداً من القضايا ذات الاهتمام المشترك."
    ),
    46: "«الشرق الأوسط» (الرياض)",
    47: (
        "أوروبا الرئيس الأوكراني فولوديمير زيلينسكي يتحدث خلال مؤتمر صحافي مشترك في "
        "فيلنيوس ليتوانيا 25 يناير 2026 (أ.ب)"
    ),
    49: "زيلينسكي: روسيا ملتزمة «إلى حد كبير» بوقف استهداف منشآت الطاقة الأوكرانية",
    51: (
        "قال الرئيس الأوكراني فولوديمير زيلينسكي، الاثنين، إن روسيا التزمت إلى حد كبير "
        "بوقف إطلاق النار على البنية التحتية للطاقة في أوكرانيا."
    ),
    53: "«الشرق الأوسط» (كييف)",
    54: (
        "أوروبا بريطانيا تسحب اعتماد دبلوماسي روسي في رد على قرار موسكو طرد دبلوماسي "
        "بريطاني (أ.ف.ب)"
    ),
    56: "بريطانيا تطرد دبلوماسياً روسياً تطبيقاً لمبدأ المعاملة بالمثل",
    58: (
        "قالت الحكومة البريطانية اليوم الاثنين إنها سحبت اعتماد دبلوماسي روسي في رد "
        "على قرار موسكو طرد دبلوماسي بريطاني الشهر الماضي بتهمة التجسس."
    ),
    60: "«الشرق الأوسط» (لندن)",
    61: (
        "العالم وزير الخارجية الروسي سيرغي لافروف خلال اجتماع بمقر الخارجية في موسكو "
        "يوم الاثنين (رويترز) play-circle"
    ),
    63: "لافروف: الضغط الاقتصادي على كوبا «غير مقبول»",
    65: (
        "قال وزير الخارجية الروسي سيرغي لافروف، الاثنين، إن «الضغط» الاقتصادي والعسكري "
        "على كوبا «غير مقبول» بعدما صعّدت الإدارة الأميركية تهديداتها حيال الجزيرة."
    ),
    67: "«الشرق الأوسط» (موسكو)",
}
SEED_004_CAPTIONS: dict[int, str] = {
    3: ("قوات روسية تستعد لإخلاء مواقعها في مدينة القامشلي شرق سوريا ديسمبر الماضي (أ.ف.ب)"),
}
SEED_004_PARAGRAPHS: dict[int, str] = {
    13: (
        "أفادت وكالة «سبوتنيك» الروسية للأنباء، اليوم الخميس، بأن الرئيس فلاديمير "
        "بوتين أكد في رسالة للرئيس السوري أحمد الشرع على دعم روسيا للجهود الرامية إلى "
        "تحقيق الاستقرار في سوريا في أسرع وقت ممكن."
    ),
    15: (
        "وأضافت الوكالة أن بوتين شدد خلال الرسالة على استعداد روسيا للتعاون مع السلطات "
        "السورية في كل الأمور."
    ),
    17: (
        "وكان نائب وزير الخارجية الروسي، ميخائيل بوغدانوف، قد قال في يناير (كانون "
        "الثاني) الماضي، إنه أجرى محادثات «بناءة وإيجابية» مع الإدارة السورية في دمشق."
    ),
    19: (
        "وبعد سقوط الأسد وهروبه إلي روسيا، تطرق بوتين في ديسمبر الماضي إلى مصير "
        "القواعد العسكرية الروسية، وقال إن أطرافاً في المنطقة تؤكد ضرورة أن تحافظ "
        "روسيا على وجودها العسكري في سوريا، من دون أن يسمي تلك الأطراف."
    ),
    21: (
        "وأضاف: «نحافظ على علاقات مع كل المجموعات التي تسيطر على الوضع هناك، ومع كل "
        "دول المنطقة، وغالبية الدول الإقليمية تؤكد لنا أنها مهتمة ببقاء قواعدنا "
        "العسكرية في سوريا»."
    ),
    23: (
        "ولفت إلى أن موسكو مستعدة لتنظيم إيصال المساعدات الإنسانية إلى سوريا عبر قاعدة "
        "«حميميم»، وقال: «اقترحنا على شركائنا بمن فيهم الموجودون على الأراضي السورية "
        "استخدام قاعدة حميميم لإيصال المساعدات الإنسانية الدولية إلى سوريا»."
    ),
    25: (
        "ولفت بوتين إلى أنه لا توجد قوات برية روسية في سوريا، وإنما فقط قاعدتان جوية "
        "وبحرية، مؤكداً أن روسيا اقترحت استخدام قاعدة حميميم وقاعدة طرطوس لإيصال "
        "المساعدات الإنسانية إلى سوريا."
    ),
}
SEED_004_RELATED: dict[int, str] = {
    30: "تركيا تؤكد بقاء قواتها وتتحدث عن تعيين مستشارين عسكريين للجيش السوري",
    32: ("المشرق العربي المتحدث الإعلامي لوزارة الدفاع التركية زكي أكتورك (الدفاع التركية)"),
    34: "تركيا تؤكد بقاء قواتها وتتحدث عن تعيين مستشارين عسكريين للجيش السوري",
    36: (
        "قالت وزارة الدفاع التركية إن الفترة المقبلة قد تشهد تعيين مستشارين عسكريين "
        "للجيش السوري أو أفراد اتصال في وزارتي الدفاع لتحديد الاحتياجات العاجلة "
        "وتلبيتها."
    ),
    38: "سعيد عبد الرازق (أنقرة)",
    39: (
        "شؤون إقليمية جرافة تابعة للجيش الإسرائيلي تُدمّر كتلاً خرسانية بجوار برج "
        "مراقبة يحمل علمَي سوريا وروسيا 19 مارس عند موقع أبو دياب العسكري على المشارف "
        "الجنوبية لمدينة القنيطرة الحدودية (أ.ف.ب)"
    ),
    41: "أصوات إسرائيلية تحذّر من خطأ استراتيجي في طريقة التعاطي مع دمشق",
    43: (
        "أعلن الجيش الإسرائيلي عن قيامه بتدريبات واسعة في هضبة الجولان السورية المحتلة "
        "تحاكي عمليات حربية لم يكشف عن مضمونها."
    ),
    45: "نظير مجلي (تل أبيب)",
    46: ("المشرق العربي وزيرة الخارجية الألمانية أنالينا بيربوك في حي جوبر المدمر بدمشق (د.ب.أ)"),
    48: "وزيرة الخارجية الألمانية تزور سوريا للمرة الثانية منذ سقوط الأسد",
    50: (
        "للمرة الثانية منذ الإطاحة بالرئيس السوري بشار الأسد تزور وزيرة الخارجية "
        "الألمانية أنالينا بيربوك سوريا"
    ),
    52: "«الشرق الأوسط» (لندن - دمشق)",
    53: (
        "تحليل إخباري مدخل قاعدة «حميميم» الجوية الروسية في اللاذقية بسوريا فبراير الماضي (رويترز)"
    ),
    55: "تحليل إخباري رسالة بوتين إلى الشرع... هل تدشّن مرحلة تطبيع العلاقات؟",
    57: (
        "تكتسب الرسالة التي أعلن الكرملين، الخميس، أن الرئيس الروسي فلاديمير بوتين "
        "وجهها إلى نظيره السوري أحمد الشرع، أهميةً خاصةً في مضمونها وتوقيتها."
    ),
    59: "رائد جبر (موسكو)",
    60: ("المشرق العربي الشرع مستقبلاً الوفد الألماني في قصر الشعب (سانا) play-circle 00:48"),
    62: "الشرع يستقبل بيربوك... وافتتاح سفارة ألمانيا في دمشق",
    64: (
        "استقبل الرئيس السوري أحمد الشرع ووزير الخارجية أسعد الشيباني، اليوم (الخميس)، "
        "وفداً من ألمانيا على رأسه وزيرة الخارجية أنالينا بيربوك."
    ),
    66: "«الشرق الأوسط» (دمشق)",
}


def _evidence(
    captions: dict[int, str],
    paragraphs: dict[int, str],
    related: dict[int, str],
    stated: list[str] | None = None,
    captured: str | None = None,
) -> DateEvidence:
    return DateEvidence(
        stated=stated or [],
        captions=list(captions.values()),
        paragraphs=list(paragraphs.values()),
        related=list(related.values()),
        captured=captured,
    )


# ----------------------------------------------------------------- seeds


@pytest.mark.parametrize(
    ("seed", "lines"),
    [
        ("002_f417e3593d31deb4.txt", SEED_002_CAPTIONS),
        ("002_f417e3593d31deb4.txt", SEED_002_PARAGRAPHS),
        ("002_f417e3593d31deb4.txt", SEED_002_RELATED),
        ("004_ebbdbeee38b53e8a.txt", SEED_004_CAPTIONS),
        ("004_ebbdbeee38b53e8a.txt", SEED_004_PARAGRAPHS),
        ("004_ebbdbeee38b53e8a.txt", SEED_004_RELATED),
    ],
)
def test_seed_copies_are_verbatim(seed: str, lines: dict[int, str]) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8").split("\n")
    for number, line in lines.items():
        assert text[number - 1] == line


@pytest.mark.parametrize(
    ("seed", "number", "phrase", "expected"),
    [
        ("000_10b67ccd67ab8d3a.txt", 6, "30th, November 2024 GMT", "2024-11-30"),
        (
            "001_bec74384df40613c.txt",
            6,
            "الجمعة 06 كانون الأول 2024 - 19:37 عربي21",
            "2024-12-06T19:37",
        ),
        ("003_f31126efb5fa09ff.txt", 15, "30 - 11 - 2024", "2024-11-30"),
    ],
)
def test_stated_seed_dates(seed: str, number: int, phrase: str, expected: str) -> None:
    line = (SEEDS / seed).read_text(encoding="utf-8").split("\n")[number - 1]
    assert phrase in line
    result = date_article(DateEvidence([phrase], [], [], [], None))
    assert result == DateResult(expected, "stated", None)
    # The whole date line, labels and all, parses the same.
    assert date_article(DateEvidence([line], [], [], [], None)) == result


def test_seed_002_inferred_from_captions_and_today() -> None:
    result = date_article(_evidence(SEED_002_CAPTIONS, SEED_002_PARAGRAPHS, SEED_002_RELATED))
    assert result.date == "2024-11-29"
    assert result.basis == "inferred"
    assert result.note is not None
    assert "29 نوفمبر 2024" in result.note
    assert "اليوم الجمعة" in result.note


def test_seed_002_related_items_never_move_the_date() -> None:
    # The related list mentions 25 January 2026; it must not count.
    assert any(
        "25 يناير 2026" in m.text for line in SEED_002_RELATED.values() for m in find_dates(line)
    )
    with_related = date_article(
        _evidence(
            SEED_002_CAPTIONS,
            SEED_002_PARAGRAPHS,
            SEED_002_RELATED,
            captured="2026-02-01T10:00:00Z",
        )
    )
    without = date_article(_evidence(SEED_002_CAPTIONS, SEED_002_PARAGRAPHS, {}))
    assert with_related == without
    assert "2026" not in (with_related.note or "")


def test_seed_004_unknown_with_what_was_found() -> None:
    result = date_article(_evidence(SEED_004_CAPTIONS, SEED_004_PARAGRAPHS, SEED_004_RELATED))
    assert result.date is None
    assert result.basis == "unknown"
    note = result.note or ""
    assert "خميس" in note
    assert "19 مارس" in note
    assert "السنة" in note
    assert "يناير" in note and "ديسمبر" in note and "الماضي" in note


def test_seed_004_weekday_today() -> None:
    assert weekday_today("\n\n".join(SEED_004_PARAGRAPHS.values())) == 3


def test_seed_002_weekday_today() -> None:
    assert weekday_today("\n\n".join(SEED_002_PARAGRAPHS.values())) == 4


# ----------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30th, November 2024 GMT", "2024-11-30"),
        ("November 30, 2024", "2024-11-30"),
        ("Nov 30 2024", "2024-11-30"),
        ("1st December 2024", "2024-12-01"),
        ("الجمعة 06 كانون الأول 2024 - 19:37", "2024-12-06T19:37"),
        ("الجمعة 06 كانون الأول 2024 - 19:37 عربي21", "2024-12-06T19:37"),
        ("30 - 11 - 2024", "2024-11-30"),
        ("30/11/2024", "2024-11-30"),
        ("30.11.2024", "2024-11-30"),
        ("2024-11-30", "2024-11-30"),
        ("2024-11-30T08:05", "2024-11-30T08:05"),
        ("05/11/2024", "2024-11-05"),  # ambiguous: day first
        ("12/31/2024", "2024-12-31"),  # only month-first makes sense
        ("٣٠ نوفمبر ٢٠٢٤", "2024-11-30"),
        ("۳۰ نوفمبر ۲۰۲۴", "2024-11-30"),
        ("٣٠/١١/٢٠٢٤ - ٠٧:١٥", "2024-11-30T07:15"),
        ("السبت 30 من شهر نوفمبر، 2024", "2024-11-30"),
        ("3 ديسمبر/كانون الأول 2024", "2024-12-03"),
        # Month first with a comma before the year, as blog software prints its default
        # order with Arabic names; without the comma it is not a date's form.
        ("نـوفـمـبـر 30, 2024", "2024-11-30"),
        ("مارس 15، 2024 - 10:30 ص", "2024-03-15T10:30"),
        ("منشور في يناير 03, 2015 5:17 am", "2015-01-03T05:17"),
        ("مارس 15 2024", None),
        ("نواكشوط في 20 أكتوبر _2022", "2022-10-20"),  # an underscore typed for a dash
        ("30 نـوفـمـبـر 2024", "2024-11-30"),
        ("2015 05 14", "2015-05-14"),  # spaces for separators, two-digit month and day
        ("عام 2015 5 14", None),  # counts, not a date
        ("السبت 21 سبتمبر-أيلول 2019 الساعة 08 صباحاً", "2019-09-21"),
        ("04 21:42 2019 ماي", "2019-05-04T21:42"),  # parts reordered by the copy
        ("الجمعة 2019 ماي 04", None),  # reordered, but month before day
        (":تحديث 14 15:27 2023 فيفري", "2023-02-14T15:27"),  # reordered, its label's colon
        ("تحديث: 14 15:27 2023 فيفري", "2023-02-14T15:27"),  # kept on the label word
        ("تحديث 14 15:27 2023 فيفري", None),  # a word without a colon is not a label
        ("12 3 2019 ماي", None),  # two day-sized numbers: not one date
        ("7:05 م 3 يناير 2024", "2024-01-03T19:05"),
        ("3 يناير 2024 7:05 pm", "2024-01-03T19:05"),
        ("نشر في الأول يوم 30 - 11 - 2024", "2024-11-30"),
        ("تاريخ النشر: 30th, November 2024 GMT", "2024-11-30"),
    ],
)
def test_parse_formats(text: str, expected: str | None) -> None:
    parsed = parse_date(text)
    assert (parsed.iso() if parsed else None) == expected


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("يناير", 1),
        ("فبراير", 2),
        ("مارس", 3),
        ("أبريل", 4),
        ("ابريل", 4),
        ("مايو", 5),
        ("يونيو", 6),
        ("يوليو", 7),
        ("أغسطس", 8),
        ("اغسطس", 8),
        ("سبتمبر", 9),
        ("أكتوبر", 10),
        ("اكتوبر", 10),
        ("نوفمبر", 11),
        ("ديسمبر", 12),
        ("كانون الثاني", 1),
        ("شباط", 2),
        ("آذار", 3),
        ("اذار", 3),
        ("نيسان", 4),
        ("أيار", 5),
        ("ايار", 5),
        ("حزيران", 6),
        ("تموز", 7),
        ("آب", 8),
        ("اب", 8),
        ("أيلول", 9),
        ("ايلول", 9),
        ("تشرين الأول", 10),
        ("تشرين الاول", 10),
        ("تشرين الثاني", 11),
        ("كانون الأول", 12),
        ("كانون الاول", 12),
        ("ماي", 5),
        ("يوليوز", 7),
        ("غشت", 8),
        ("شتنبر", 9),
        ("نونبر", 11),
        ("دجنبر", 12),
    ],
)
def test_every_month_family(name: str, month: int) -> None:
    assert parse_date(f"الأحد 9 {name} 2024") == ParsedDate(2024, month, 9, None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 ماي 2025", (2025, 5, 5)),
        ("12 دجنبر 2024", (2024, 12, 12)),
        ("3 غشت 2024", (2024, 8, 3)),
        ("1 كانون الثاني 2025", (2025, 1, 1)),  # January, not December
        ("1 كانون الأول 2025", (2025, 12, 1)),
        ("1 تشرين الأول 2025", (2025, 10, 1)),
        ("1 تشرين الثاني 2025", (2025, 11, 1)),
        ("15 إبريل 2024", (2024, 4, 15)),
    ],
)
def test_regional_months(text: str, expected: tuple[int, int, int]) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.year, parsed.month, parsed.day) == expected


def test_contradicting_weekday_still_parses() -> None:
    # 30 November 2024 was a Saturday.
    assert parse_date("الاثنين 30 نوفمبر 2024") == ParsedDate(2024, 11, 30, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "31 فبراير 2024",
        "29 فبراير 2023",
        "31/04/2024",
        "2024-13-01",
        "32 مارس 2024",
        "19 مارس",  # no year
        "نوفمبر 2024",  # no day
        "30/11/24",  # two-digit year: completing it would be a guess
        "الجمعة",
        "عربي21",
        "",
        "12:30",
    ],
)
def test_incomplete_or_invalid_is_none(text: str) -> None:
    assert parse_date(text) is None


def test_leap_day() -> None:
    assert parse_date("29 فبراير 2024") == ParsedDate(2024, 2, 29, None, None)


def test_invalid_time_is_dropped_not_the_date() -> None:
    assert parse_date("30 نوفمبر 2024 - 25:61") == ParsedDate(2024, 11, 30, None, None)


def test_iso() -> None:
    assert ParsedDate(2024, 1, 2, None, None).iso() == "2024-01-02"
    assert ParsedDate(2024, 1, 2, 3, 4).iso() == "2024-01-02T03:04"


# ----------------------------------------------------------------- find_dates


def test_find_dates_in_running_text() -> None:
    text = (
        "قال في يناير (كانون الثاني) الماضي، وفي ديسمبر الماضي، ثم 29 نوفمبر 2024 "
        "و28 أكتوبر 2025 و19 مارس، ومنذ مارس (آذار) 2020 وحتى يونيو المقبل."
    )
    assert find_dates(text) == [
        DateMention(None, 1, None, "past", "يناير (كانون الثاني) الماضي"),
        DateMention(None, 12, None, "past", "ديسمبر الماضي"),
        DateMention(29, 11, 2024, None, "29 نوفمبر 2024"),
        DateMention(28, 10, 2025, None, "28 أكتوبر 2025"),
        DateMention(19, 3, None, None, "19 مارس"),
        DateMention(None, 3, 2020, None, "مارس (آذار) 2020"),
        DateMention(None, 6, None, "next", "يونيو المقبل"),
    ]


def test_find_dates_keeps_original_spelling() -> None:
    [mention] = find_dates("في ٣٠ نـوفـمـبـر ٢٠٢٤ وقع")
    assert mention == DateMention(30, 11, 2024, None, "٣٠ نـوفـمـبـر ٢٠٢٤")


def test_find_dates_ignores_bare_months_and_counts() -> None:
    assert find_dates("مارس الضغط على 12 بلدة في عام 2015") == []
    assert find_dates("القادم القادم 31 نوفمبر") == []


def test_find_dates_levantine_with_gloss_and_current() -> None:
    [mention] = find_dates("منذ أوائل تشرين الثاني/نوفمبر الجاري")
    assert (mention.month, mention.relative) == (11, "current")
    [mention] = find_dates("وفي 27 تشرين الثاني الماضي، بدأت")
    assert (mention.day, mention.month, mention.year, mention.relative) == (27, 11, None, "past")


def test_find_dates_numeric() -> None:
    assert [
        (m.day, m.month, m.year) for m in find_dates("نشر يوم 30 - 11 - 2024 ثم 2025-01-02")
    ] == [(30, 11, 2024), (2, 1, 2025)]


# ----------------------------------------------------------------- weekday_today


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("دعا الكرملين، اليوم الجمعة، السلطات", 4),
        ("استقبل الرئيس، اليوم (الخميس)، وفداً", 3),
        ("أفادت الوكالة اليوم الخميس بأن", 3),
        ("قالت الحكومة اليوم الإثنين إنها", 0),
        ("قالت الحكومة اليوم الاثنين إنها", 0),
        ("كشف مصدر مقرب من الكرملين، الجمعة، عن عدم", 4),  # weaker evidence
        ("قصفت منطقة قرب الحدود أمس الخميس، في محاولة", 4),  # yesterday Thursday
        ("وقع ذلك أول أمس الأربعاء", 4),
        ("ستعقد القمة غدا السبت", 4),
        ("وفي الخميس الماضي، أعلنت", None),
        ("أما الأحد الماضي، فقد بدأ", None),
        ("لا شيء هنا", None),
        ("", None),
    ],
)
def test_weekday_today(text: str, expected: int | None) -> None:
    assert weekday_today(text) == expected


def test_weekday_strength() -> None:
    strong = find_weekday_evidence("قال اليوم (الخميس) إن")
    assert strong is not None and strong.kind == "today" and strong.phrase == "اليوم (الخميس)"
    weak = find_weekday_evidence("كشف مصدر، الجمعة، عن")
    assert weak is not None and weak.kind == "weak"
    # "اليوم" beats an earlier "أمس".
    both = find_weekday_evidence("قصفت أمس الأربعاء.\n\nوقال اليوم الجمعة")
    assert both is not None and both.weekday == 4 and both.kind == "today"


def test_weak_weekday_only_in_first_paragraph() -> None:
    assert weekday_today("مقدمة بلا يوم.\n\nكشف مصدر، الجمعة، عن") is None


# ----------------------------------------------------------------- date_article


def test_first_parseable_stated_wins() -> None:
    result = date_article(
        DateEvidence(["عربي21", "1 ديسمبر 2024", "2 ديسمبر 2024"], [], [], [], None)
    )
    assert result == DateResult("2024-12-01", "stated", None)


def test_inferred_shifts_to_weekday() -> None:
    # 28 November 2024 was a Thursday; "today Saturday" means 30 November.
    result = date_article(
        DateEvidence([], ["صورة من 28 نوفمبر 2024"], ["قال اليوم السبت إن"], [], None)
    )
    assert result.date == "2024-11-30"
    assert result.basis == "inferred"
    assert "28 نوفمبر 2024" in (result.note or "") and "اليوم السبت" in (result.note or "")


def test_inferred_from_paragraphs_when_no_caption_dates() -> None:
    result = date_article(
        DateEvidence([], ["صورة بلا تاريخ"], ["وقع الهجوم في 3 يناير 2025."], [], None)
    )
    assert result.date == "2025-01-03" and result.basis == "inferred"
    assert "3 يناير 2025" in (result.note or "")


def test_anchors_after_capture_are_dropped() -> None:
    evidence = DateEvidence(
        [], ["صورة 5 مارس 2030", "صورة 1 مارس 2024"], [], [], "2025-07-28T22:09:48Z"
    )
    assert date_article(evidence).date == "2024-03-01"


def test_nothing_found() -> None:
    result = date_article(DateEvidence([], [], [], [], None))
    assert result.date is None and result.basis == "unknown" and result.note


def test_unknown_never_names_a_related_year_as_the_date() -> None:
    result = date_article(DateEvidence([], [], ["قال اليوم الخميس"], ["صورة 25 يناير 2026"], None))
    assert result.date is None and result.basis == "unknown"
    assert "خميس" in (result.note or "")


# ----------------------------------------------------------------- never raise


@pytest.mark.parametrize("head", ["30", "نوفمبر", "November", "اليوم", "أمس", "30 نوفمبر"])
@pytest.mark.parametrize("filler", [" ", "، ", "من ", "12:"])
def test_long_runs_stay_fast(head: str, filler: str) -> None:
    # A pattern with two adjacent optional runs once took minutes on "30" + 20k spaces.
    text = head + filler * 20000 + "x"
    start = time.perf_counter()
    parse_date(text)
    find_dates(text)
    weekday_today(text)
    assert time.perf_counter() - start < 5


WORDS = [
    "يناير",
    "كانون الثاني",
    "كانون الأول",
    "تشرين",
    "الأول",
    "الثاني",
    "ماي",
    "آب",
    "اب",
    "الماضي",
    "المقبل",
    "الجاري",
    "اليوم",
    "أمس",
    "أول",
    "غدا",
    "الجمعة",
    "الخميس",
    "(",
    ")",
    "/",
    "-",
    "،",
    ",",
    ":",
    "«",
    "»",
    "th",
    "GMT",
    "November",
    "May",
    "٣٠",
    "۲۰۲۴",
    "2024",
    "31",
    "29",
    "02",
    "0",
    "12:30",
    "25:99",
    "ـ",
    "\u064e",
    "\n\n",
]
ARABIC_TEXT = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.integers(min_value=0, max_value=99999).map(str),
        st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=5),
    ),
    max_size=30,
).map(" ".join)
ANY_TEXT = st.one_of(st.text(), ARABIC_TEXT)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_parse_date_never_raises(text: str) -> None:
    parsed = parse_date(text)
    if parsed is not None:
        assert len(parsed.iso()) in (10, 16)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_find_dates_never_raises(text: str) -> None:
    for mention in find_dates(text):
        assert 1 <= mention.month <= 12
        assert mention.text and mention.text in text


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_weekday_today_never_raises(text: str) -> None:
    weekday = weekday_today(text)
    assert weekday is None or 0 <= weekday <= 6


@settings(max_examples=150, deadline=None)
@given(
    st.lists(ANY_TEXT, max_size=3),
    st.lists(ANY_TEXT, max_size=3),
    st.lists(ANY_TEXT, max_size=3),
    st.lists(ANY_TEXT, max_size=3),
    st.one_of(st.none(), st.text(max_size=25), st.just("2025-07-28T22:09:48Z")),
)
def test_date_article_never_raises(
    stated: list[str],
    captions: list[str],
    paragraphs: list[str],
    related: list[str],
    captured: str | None,
) -> None:
    result = date_article(DateEvidence(stated, captions, paragraphs, related, captured))
    assert result.basis in ("stated", "inferred", "unknown")
    assert (result.date is None) == (result.basis == "unknown")
    assert (result.note is None) == (result.basis == "stated")


def page_lines() -> list[str]:
    """Every line of the seeds and the labelled captures, and a few written to test edges."""
    tests = Path(__file__).resolve().parent
    folders = [
        tests.parent / "seeds",
        tests / "fixtures" / "captures",
        tests / "fixtures" / "heldout",
    ]
    lines = [
        line
        for folder in folders
        for path in sorted(folder.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    return [
        *lines,
        "ونوفمبر الماضي",
        "في 3 كانون الثاني/يناير 2025",
        "Published On 6 Dec. 2024",
        "٠٦/١٢/٢٠٢٤",
        "2024-12-06T10:15",
        "بآب 2024",
    ]


def test_lines_skipped_by_the_month_word_test_hold_no_date():
    """`_scan` runs its patterns only on lines with a month word or a digit: that
    shortcut must never hide a mention the patterns would find."""
    from sijill.extract.dating import _DIGIT, _grammar, _normalise, _words

    grammar = _grammar()
    for line in page_lines():
        folded = _normalise(line)[0]
        named = not grammar.month_words.isdisjoint(_words(folded))
        numbered = _DIGIT.search(folded) is not None
        if not named:
            assert not grammar.textual.search(folded), line
            assert not grammar.latin_first.search(folded), line
            assert not grammar.arabic_first.search(folded), line
        if not numbered:
            assert not grammar.numeric_dmy.search(folded), line
            assert not grammar.numeric_ymd.search(folded), line
            assert not grammar.latin_first.search(folded), line
            assert not grammar.arabic_first.search(folded), line


def test_two_way_numeric_date_read_month_first_when_the_text_says_its_weekday() -> None:
    """«4/1/2016» is read day first, unless the text's own weekday says the page wrote the
    month first: «أمس الخميس» makes the day a Friday, which 1 April 2016 was and 4 January
    2016 was not."""
    friday = ["قال المتحدث أمس الخميس إن الاجتماع انتهى."]
    result = date_article(DateEvidence(["• 4/1/2016"], [], friday, [], None))
    assert (result.date, result.basis) == ("2016-04-01", "stated")
    # Without a weekday, or with one the day-first reading fits, day first stands.
    assert date_article(DateEvidence(["• 4/1/2016"], [], [], [], None)).date == "2016-01-04"
    monday = ["قال المتحدث اليوم الاثنين إن الاجتماع انتهى."]
    assert date_article(DateEvidence(["• 4/1/2016"], [], monday, [], None)).date == "2016-01-04"
    # A day past twelve reads one way only.
    assert date_article(DateEvidence(["• 13/1/2016"], [], friday, [], None)).date == "2016-01-13"


# A Hijri-only date line states the day as much as a Gregorian one. The expected days
# are the Umm al-Qura conversions (1 Ramadan 1446 fell on 1 March 2025).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الخميس 20 رمضان 1446 هـ", "2025-03-20"),
        ("نشر في: 20 رمضان 1446هـ - 10:30 ص", "2025-03-20T10:30"),
        ("١٥ ذو الحجة ١٤٤٥ه", "2024-06-21"),
        ("15 ذي الحجة 1445", "2024-06-21"),
        ("الأحد 5 جمادى الآخرة 1446 هـ", "2024-12-06"),
        ("5 جمادي الاخرة 1446", "2024-12-06"),
        ("20/9/1446 هـ", "2025-03-20"),
        ("20/9/1446 هجرية", "2025-03-20"),
    ],
)
def test_hijri_only_dates(text: str, expected: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso() == expected


@pytest.mark.parametrize(
    "text",
    [
        "في شهر رمضان 1446",  # no day
        "صفر 1446",  # "zero", or a month without a day
        "20/9/1446",  # digits without the Hijri marker could be anything
        "30 شعبان 1446 هـ",  # Shaban 1446 had 29 days
        "12 رمضان 1200 هـ",  # outside the tables
    ],
)
def test_hijri_needs_day_month_and_year(text: str) -> None:
    assert parse_date(text) is None


def test_gregorian_wins_over_hijri_on_one_line() -> None:
    # The Gregorian day is what the page states outright; the Hijri one is converted.
    parsed = parse_date("27 جمادى الأولى 1446هـ الموافق 30 نوفمبر 2024م")
    assert parsed is not None and parsed.iso() == "2024-11-30"


def test_year_run_into_the_time() -> None:
    # The copy lost the space between the date's box and the time's.
    parsed = parse_date("14 يونيو 202417:26")
    assert parsed is not None and parsed.iso() == "2024-06-14T17:26"
    assert parse_date("12345:30") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("كييف - 10 ديسمبر2021 - قالت الحكومة", "2021-12-10"),  # the year run into the month
        ("أخبار سوريا٠٦-١٢-٢٠٢٤", "2024-12-06"),  # the date run into the site's name
        ("admin ll12 يناير 2026آخر تحديث :", "2026-01-12"),  # between a byline and a label
        ("فريق التحرير9 أغسطس 2018آخر تحديث :", "2018-08-09"),  # run into an Arabic name
    ],
)
def test_a_date_the_copy_ran_into_a_word(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso() == iso


def test_a_number_run_into_a_word_is_no_day_without_its_year() -> None:
    # «عربي21» is a name; a clitic «و» before a day is still the day's.
    assert find_dates("عربي21 ديسمبر") == []
    assert [(m.day, m.month) for m in find_dates("و28 نوفمبر")] == [(28, 11)]


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("الموقع –موسكو- 29 نوفمبر2024- دعا الكرملين", "29 نوفمبر2024"),
        ("القاهرة، 6 يناير 2025 (وكالة) - قال الوزير", "6 يناير 2025"),
        ("القاهرة في 6 يناير 2025 /وكالة/ قال الوزير", "6 يناير 2025"),
        ("دمشق - 06/12/2024 - قال الوزير", "06/12/2024"),
        ("29 نوفمبر 2024 - دعا الكرملين", "29 نوفمبر 2024"),
        # The year's mark («م», «ء» on Urdu pages), a bracketed dateline, and the
        # dashes and slashes of a long credit, which are no words.
        ("دمشق - 29 نوفمبر 2024م - دعا الكرملين", "29 نوفمبر 2024"),
        ("(دمشق - 29 نوفمبر 2024) دعا الكرملين", "29 نوفمبر 2024"),
        ("( شبكة الموقع ۔ / وكالة - 29 نوفمبر 2024ء) دعا الكرملين", "29 نوفمبر 2024"),
        ("دمشق - 29 نوفمبر 2024 مصدر - دعا", None),
        # A sentence that opens on a date, or names one further on, has no dateline.
        ("في 29 نوفمبر 2024، دعا الكرملين", None),
        ("في 29 نوفمبر 2024 - دعا الكرملين", None),
        ("قال الوزير يوم 29 نوفمبر 2024 - وهو", None),
        ("دعا الكرملين أمس السلطات إلى التحرك - 29 نوفمبر 2024 -", None),
        ("القاهرة - 6 يناير - قال الوزير", None),  # no year: no full date
    ],
)
def test_the_dateline_a_text_opens_on(paragraph: str, dateline: str | None) -> None:
    assert opening_dateline(paragraph) == dateline


@pytest.mark.parametrize(
    ("text", "widened"),
    [
        ("نُشر: 02/02/17 13:45", "نُشر: 02/02/2017 13:45"),
        ("نشر 29-11-24", "نشر 29-11-2024"),
        ("نشر 1.1.99", "نشر 1.1.1999"),
        ("نشر 29/11/2024", "نشر 29/11/2024"),  # a full year stays
        ("النتيجة 2/1/24/5", "النتيجة 2/1/24/5"),  # no date's shape
    ],
)
def test_a_two_digit_year_is_written_in_full(text: str, widened: str) -> None:
    assert widen_short_year(text) == widened


def test_today_with_its_own_date_is_the_date_not_a_later_event() -> None:
    # 30 November 2024 was a Saturday; the meeting on 2 December is still to come.
    paragraphs = [
        "قال الجيش السوري اليوم السبت، 30 نوفمبر 2024، إن العشرات من جنوده قتلوا.",
        "ومن المقرر أن يجتمع المجلس في 2 ديسمبر 2024 لبحث الوضع.",
    ]
    result = date_article(DateEvidence([], [], paragraphs, [], None))
    assert (result.date, result.basis) == ("2024-11-30", "inferred")
    assert "اليوم السبت" in (result.note or "")


def test_today_with_a_date_of_another_weekday_is_no_evidence_of_the_day() -> None:
    # 29 November 2024 was a Friday: the date after «اليوم السبت» is not today's.
    paragraphs = ["قال اليوم السبت 29 نوفمبر 2024 إن", "وسيجتمع في 2 ديسمبر 2024."]
    result = date_article(DateEvidence([], [], paragraphs, [], None))
    assert result.date == "2024-12-07"  # the first Saturday on or after the latest date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Publié le Dimanche 10 Août 2025", "2025-08-10"),
        ("le 3 mars 2024 à 10:30", "2024-03-03T10:30"),
        ("1 decembre 2024", "2024-12-01"),
    ],
)
def test_french_date_lines(text: str, expected: str) -> None:
    # Maghrebi sites print their date lines in French as often as in Arabic.
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso() == expected
