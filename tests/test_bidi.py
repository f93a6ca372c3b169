"""Latin runs inside Arabic text are isolated, and capture text stays escaped."""

from __future__ import annotations

import pytest

from sijill.site.bidi import isolate_ltr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عبر تطبيق WhatsApp أمس", 'عبر تطبيق <span dir="ltr">WhatsApp</span> أمس'),
        ("منتخب (U 20) فاز", 'منتخب (<span dir="ltr">U 20</span>) فاز'),
        ("وكالة (AFP).", 'وكالة (<span dir="ltr">AFP</span>).'),
        ("مسافة 5 km شمالا", 'مسافة <span dir="ltr">5 km</span> شمالا'),
        (
            "انظر https://example.org/a?b=1، ثم",
            'انظر <span dir="ltr">https://example.org/a?b=1</span>، ثم',
        ),
        ("في عام 2020 فقط", "في عام 2020 فقط"),
        ("بلا لاتينية", "بلا لاتينية"),
    ],
)
def test_ltr_runs_are_wrapped_tightly(text: str, expected: str) -> None:
    assert str(isolate_ltr(text)) == expected


def test_capture_text_is_escaped_inside_and_outside_runs() -> None:
    out = str(isolate_ltr('<script>alert("x")</script> نص & <b>bold</b>'))
    assert "<script" not in out and "<b>" not in out
    assert out.count("&lt;") == 4 and "&amp;" in out


def test_built_pages_keep_arabic_direction_for_titles_starting_latin(project) -> None:
    import re

    from sijill.commands.build import build

    settings = project()
    record = settings.articles / "2024-11-30-alawwal-32e0af22bd.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        re.sub(r"^title: .*$", "title: WhatsApp يحظر (U 20) حسابات", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    build(settings)
    index = (settings.output / "index.html").read_text(encoding="utf-8")
    assert (
        '<bdi><span dir="ltr">WhatsApp</span> يحظر (<span dir="ltr">U 20</span>) حسابات</bdi>'
        in index
    )
