"""How dates and separators break into lines, measured in Debian's Chromium.

A date is made of parts that must each stay whole (the Gregorian date, the Hijri
date, a stated time, the badge of an estimate), and Arabic layout forbids a line
starting with «،» or «·»: both are measured from the rectangles the browser lays
out, on every page kind that shows a date or an inline list, at a phone's and a
desktop's width. Full-page screenshots of each go to tests/artifacts/ to be looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

#: Every page kind that shows a date component, a count or an inline list with separators.
PAGES = {
    "index": "index.html",
    "archive": "archive.html",
    "topics": "topics.html",
    "topic": "topics/aleppo.html",
    "month": "2024/11/index.html",
    "article-estimated": "articles/2024-11-29-asharq-1f20bf5859.html",
    "article-edited": "articles/undated-asharq-c56f2ff849.html",
    "article-timed": "articles/2024-12-06-arabi21-37580c158a.html",
    "capture": "captures/2024-11-29-asharq-1f20bf5859.html",
    "search": "search.html?q=حلب",
}

#: Date parts split over lines, and separators that start a line, as the browser laid them out.
MEASURE = """() => {
    const problems = [];
    const parts = document.querySelectorAll('.date-part, .estimated .badge');
    // One rectangle per run of one direction («20», «مارس», «2025»): a part is whole when
    // all its rectangles overlap vertically, i.e. sit on one line.
    for (const el of parts) {
        const rects = [...el.getClientRects()].filter(r => r.width > 0);
        const top = Math.max(...rects.map(r => r.top));
        const bottom = Math.min(...rects.map(r => r.bottom));
        if (!rects.length || top >= bottom) problems.push(`over lines: ${el.textContent}`);
    }
    const rectOf = (node, i) => {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        return [...range.getClientRects()].find(r => r.width > 0) || null;
    };
    // Walk the visible text in order; a separator whose glyph sits below the character
    // before it (the line above) starts a line.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let before = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.checkVisibility()) continue;
        for (let i = 0; i < node.data.length; i++) {
            const c = node.data[i];
            if (/\\s/.test(c)) continue;
            if ((c === '،' || c === '·') && before) {
                const a = rectOf(before[0], before[1]), b = rectOf(node, i);
                if (a && b && b.top + b.height / 2 > a.bottom) {
                    problems.push(`line starts with ${c}: ${node.data.slice(i, i + 40)}`);
                }
            }
            before = [node, i];
        }
    }
    // Lists whose separators are drawn by CSS: only ever after an item, never before one.
    for (const li of document.querySelectorAll('.topics li')) {
        const content = getComputedStyle(li, '::before').content;
        if (content !== 'none' && content !== 'normal') problems.push(`«${content}» before`);
    }
    return problems;
}"""


def open_page(page, served: str, path: str) -> None:
    page.goto(served + path, wait_until="load")
    if path.startswith("search.html"):
        page.wait_for_selector("#search-results li .date-part")


@pytest.mark.parametrize(
    ("width", "scheme"),
    [(320, "light"), (390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")],
)
def test_no_date_part_splits_and_no_line_starts_with_a_separator(browser, served, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        ARTIFACTS.mkdir(exist_ok=True)
        for name, path in PAGES.items():
            open_page(page, served, path)
            if name not in ("archive", "topics"):  # the pages that show dates
                assert page.locator("main .date-part").count() >= 2, name
            assert page.evaluate(MEASURE) == [], f"{name} at {width}px"
            if width != 320:
                shot = ARTIFACTS / f"reading-{name}-{width}-{scheme}.png"
                page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()


def test_an_estimated_date_explains_itself_without_hover(page, served):
    """The badge and its words are visible text (a phone has no hover), not a title."""
    open_page(page, served, "index.html")
    estimated = page.locator("main .estimated")
    assert estimated.count() == 2
    for n in range(2):
        item = estimated.nth(n)
        assert item.locator(".badge").inner_text() == "تاريخ مقدَّر"
        assert item.locator(".why").is_visible() and item.locator(".why").inner_text()
    assert page.locator("main [title]").count() == 0
    style = page.eval_on_selector(
        "main time.date",
        "e => getComputedStyle(e).textDecorationLine + getComputedStyle(e).borderBottomStyle",
    )
    assert style == "nonenone"
    open_page(page, served, PAGES["article-estimated"])
    note = page.locator("article .date-note")
    assert note.is_visible() and note.inner_text().startswith("لم تذكر الصفحة تاريخ نشرها")


def test_the_measure_sees_a_split_date_and_a_line_that_starts_with_a_comma(page):
    """The measure itself, on a page made to fail it: a part allowed to wrap, and «،»
    written before the next item instead of after the last."""
    page.set_viewport_size({"width": 200, "height": 400})
    page.set_content(
        '<html lang="ar" dir="rtl"><body style="font-size: 20px; width: 160px">'
        '<p><span class="date-part">الجمعة 29 نوفمبر 2024 · 27 جمادى الأولى 1446 هـ</span></p>'
        "<p>" + " ".join(["حلب"] * 6) + "<br>، دمشق</p></body></html>"
    )
    problems = page.evaluate(MEASURE)
    assert any(p.startswith("over lines: الجمعة") for p in problems), problems
    assert any(p.startswith("line starts with ،") for p in problems), problems
