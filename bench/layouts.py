"""Captures in each known layout, built from any article: for synthetic archives and tests.

The layouts copy the five real captures line for line (furniture, blank-line
rhythm, widgets, what follows the article); only the article differs. The
benchmarks build archives from them, and the tests feed them articles the cleaner
has never seen. They live here because bench/ imports nothing from tests/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVANTINE = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
ENGLISH = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]


@dataclass
class Story:
    title: str
    paragraphs: list[str]
    year: int = 2024
    month: int = 12
    day: int = 3
    captions: list[str] = field(default_factory=list)
    subheading: str | None = None


#: Two real paragraphs (from seed 003) for a capture whose text does not matter to a test:
#: the cleaner wants running text, and two words a paragraph are not that.
SHORT_STORY = [
    "واعترف الجيش في بيان بتقدم قوات المعارضة، قائلا إنها دخلت أجزاء كبيرة من مدينة حلب.",
    "كما سيطر مقاتلو المعارضة أيضا على مطار حلب، بحسب بيان صادر عن غرفة عملياتهم ومصدر أمني.",
]


def ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def arabi21_dated(story: Story, other: Story) -> str:
    """Layout of seed 000: source label, capture stamp, title, stated date, title again…"""
    lines = [
        "عربي21:",
        "2025-07-28@22:09:48 GMT",
        "",
        story.title,
        "",
        f"تاريخ النشر: {ordinal(story.day)}, {ENGLISH[story.month - 1]} {story.year} GMT",
        "",
        story.title,
        "",
    ]
    for index, paragraph in enumerate(story.paragraphs):
        lines += [paragraph, ""]
        if index == 1:
            lines += ["إظهار أخبار متعلقة", "", "", ""]
    lines += [
        "المصدر: عربي21",
        "",
        "كلمات دلالية: سياسة اقتصاد رياضة سوريا",
        "",
        "إقرأ أيضاً:",
        "",
        other.title,
        "",
        "يمانيون |",
    ]
    for paragraph in other.paragraphs:
        lines += [paragraph, ""]
    lines += ["مقالات مشابهة", "", f"  • {other.title}", "  • عنوان آخر في القائمة"]
    return "\n".join(lines)


def arabi21_page(story: Story, weekday: int, time: str = "19:37") -> str:
    """Layout of seed 001: section label, placeholders, weekday date line, title twice…"""
    month = LEVANTINE[story.month - 1]
    date = f"{WEEKDAYS[weekday]} {story.day:02d} {month} {story.year} - {time} عربي21"
    lines = [
        "اقليمي ودولي",
        "",
        "placeholder",
        "",
        "عربي21",
        date,
        "placeholder",
        "",
        "عربي21",
        "",
        story.title,
        "",
        story.title,
        "",
    ]
    for paragraph in story.paragraphs:
        lines += [paragraph, ""]
    lines += [
        "تــابــــع كــل الأخــبـــــار.",
        "",
        "إشترك بقناتنا على واتساب",
        "",
        "WhatsApp",
        "",
        "علـى مـدار الساعـة",
        "",
        "arrowالـــمــــزيــــــــــد",
        "",
        "الأكثر قراءة",
    ]
    return "\n".join(lines)


def asharq_header(story: Story) -> list[str]:
    lead = story.captions[0]
    return [story.title, "", lead, lead, "TT", "20", "", story.title, "", lead, lead, ""]


def asharq(story: Story, appended: Story) -> str:
    """Layout of seeds 002/004: doubled captions, TT widget, related list, appended article."""
    lines = asharq_header(story)
    for index, paragraph in enumerate(story.paragraphs):
        lines += [paragraph, ""]
        if index == 0 and story.subheading:  # a bare short line, as the site prints it
            lines += [story.subheading, ""]
        if index == 1 and len(story.captions) > 1:
            lines += [story.captions[1], ""]
    lines += [
        "",
        "مقالات ذات صلة",
        "",
        "عنوان مقال ذي صلة",
        "",
        "المشرق العربي صورة من الأرشيف 19 مارس (أ.ف.ب)",
        "",
        "عنوان مقال ذي صلة",
        "",
        "ملخص المقال ذي الصلة.",
        "",
        "«الشرق الأوسط» (دمشق)",
        "",
    ]
    lines += asharq_header(appended)
    for paragraph in appended.paragraphs:
        lines += [paragraph, ""]
    return "\n".join(lines)


def alawwal(story: Story) -> str:
    """Layout of seed 003: ticker, image-report widget, title, date, one paragraph a line."""
    ticker = "    ".join(["عنوان أول في الشريط", story.title, "عنوان ثالث في الشريط", "خبر رابع"])
    lines = [
        ticker + "    ",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "شكرا على الإبلاغ!",
        "سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص.",
        "",
        "",
        "",
        story.title,
        f"نشر في الأول يوم {story.day:02d} - {story.month:02d} - {story.year}",
        "",
    ]
    half = len(story.paragraphs) // 2
    lines += story.paragraphs[:half]
    if story.subheading:
        lines.append(f"* {story.subheading}")
    lines += story.paragraphs[half:]
    lines += ["", "", "انقر هنا لقراءة الخبر من مصدره."]
    return "\n".join(lines)
