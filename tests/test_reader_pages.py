"""Reader-grade pages, proven by the Nu HTML Checker and in Debian's Chromium.

The shipped project is built once (the `built_site` fixture) and served under a
sub-path, as a static host would, so relative links and the favicon are tested
where they can break.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import (
    computed_direction,
    horizontal_overflow,
    overflowing_elements,
    record_console_errors,
    record_offorigin_requests,
    run_axe,
)
from tests.support.vnu import atom_problems, check_css, check_html, format_messages

from .sitecheck import html_pages

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
NARROWEST = (360, 740)
FONT_CSS = Path(__file__).resolve().parents[1] / "templates/static/fonts/fonts.css"


def reader_pages(site: Path) -> list[str]:
    """The index, every article page, the topics list and one topic and capture page,
    as paths relative to the site."""
    articles = sorted(p.relative_to(site).as_posix() for p in (site / "articles").glob("*.html"))
    captures = sorted(p.relative_to(site).as_posix() for p in (site / "captures").glob("*.html"))
    topics = sorted(p.relative_to(site).as_posix() for p in (site / "topics").glob("*.html"))
    return ["index.html", *articles, "topics.html", topics[0], captures[0]]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )


@pytest.mark.vnu
def test_nu_checker_finds_no_error_in_any_page_or_stylesheet(site: Path) -> None:
    pages = html_pages(site)
    assert {"index.html", "404.html"} <= {p.name for p in pages}
    assert len(pages) >= 7  # index, 404, five articles, and the capture, search and topic pages
    errors = check_html(pages)
    assert not errors, format_messages(errors, site)
    # The self-hosted font's stylesheet is published only when switched on: check it too.
    css = [*sorted(site.rglob("*.css")), FONT_CSS]
    errors = check_css(css)
    assert not errors, format_messages(errors, site)


def test_feed_has_every_required_atom_element(site: Path) -> None:
    assert atom_problems(site / "feed.xml") == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_wcag21aa_rtl_and_own_origin_on_every_reader_page(
    page, site: Path, served: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    requests = record_offorigin_requests(page, served)
    errors = record_console_errors(page)  # e.g. a stylesheet that fails to load
    for path in reader_pages(site):
        response = page.goto(served + path, wait_until="load")
        assert response is not None and response.ok, path
        assert computed_direction(page) == "rtl", path
        assert computed_direction(page, "main h1") == "rtl", path
        violations = run_axe(page)
        assert not violations, f"{path} ({scheme}):\n{describe(violations)}"
    assert requests == []
    assert errors == []


@pytest.mark.browser
def test_arabic_is_set_in_naskh_not_a_fallback(page, site: Path, served: str) -> None:
    page.goto(served + reader_pages(site)[1], wait_until="load")
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument")["root"]["nodeId"]
    node = client.send("DOM.querySelector", {"nodeId": root, "selector": "main p"})["nodeId"]
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert fonts and fonts[0]["familyName"] == "Noto Naskh Arabic", fonts
    style = page.eval_on_selector(
        "main p", "e => [getComputedStyle(e).letterSpacing, getComputedStyle(e).textAlign]"
    )
    assert style == ["normal", "start"]
    line = page.eval_on_selector(
        "main p",
        "e => { const s = getComputedStyle(e);"
        " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }",
    )
    assert 1.8 <= line <= 2.0


@pytest.mark.browser
@pytest.mark.parametrize("size", [*SIZES, "narrowest"])
def test_no_horizontal_overflow_and_screenshots(
    browser, site: Path, served: str, size: str
) -> None:
    width, height = SIZES.get(size, NARROWEST)
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        for path in [*reader_pages(site), "404.html"]:
            page.goto(served + path, wait_until="load")
            assert horizontal_overflow(page) == 0, f"{path} at {width}px"
            assert overflowing_elements(page) == [], f"{path} at {width}px"
        if size in SIZES:
            ARTIFACTS.mkdir(exist_ok=True)
            for name, path in (("index", "index.html"), ("article", reader_pages(site)[2])):
                page.goto(served + path, wait_until="load")
                shot = ARTIFACTS / f"{name}-{size}.png"
                page.screenshot(path=str(shot), full_page=False)
                assert shot.stat().st_size > 0
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("missing", ["no-such-page.html", "articles/old/no-such-page.html"])
def test_missing_page_gets_the_404_page_with_working_styles(
    page, served: str, missing: str
) -> None:
    """Hosts serve 404.html at the missing page's depth: without base_url its relative
    links cannot know the way back, but it is styled all the same."""
    requests = record_offorigin_requests(page, served)
    response = page.goto(served + missing, wait_until="load")
    assert response is not None and response.status == 404
    assert page.title().startswith("الصفحة غير موجودة")
    assert computed_direction(page) == "rtl"
    # The stylesheet lays the header out as a grid; unstyled, it is a block.
    assert page.eval_on_selector("header.site", "e => getComputedStyle(e).display") == "grid"
    assert requests == []


@pytest.mark.browser
def test_print_keeps_source_and_date_and_shows_link_targets(page, site: Path, served: str) -> None:
    page.goto(served + reader_pages(site)[1], wait_until="load")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "() => ['header.site nav', 'footer.site', '.pager', '.skip'].map("
        "s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none"] * 4
    shown = page.evaluate(
        "() => ['.meta .source', '.meta time'].map("
        "s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert "none" not in shown


@pytest.mark.browser
def test_keyboard_reaches_a_visible_skip_link_first(page, site: Path, served: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(served + "index.html", wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
        " return [e.className, getComputedStyle(e).outlineStyle, r.top >= 0 && r.bottom > 0]; }"
    )
    assert focused == ["skip", "solid", True]
