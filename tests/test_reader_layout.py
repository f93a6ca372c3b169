"""The reader's layout in Debian's Chromium: hierarchy, menu, fonts, capture pages, print, 404.

Measured at a small phone's width (320 px), a common phone's (390 px) and a desktop's
(1280 px), on the shipped project built once and served under a sub-path, as a host
would; the 404 page and print are also measured on builds that set `base_url`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.project import copy_project
from bench.static_server import serve_directory
from sijill.commands.build import build
from sijill.config.settings import load_settings
from tests.support.browser import horizontal_overflow, overflowing_elements, run_axe
from tests.tools.screenshots import page_kinds

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)
BASE_URL = "https://example.org/archive/"
#: The faces text may be set in: the Naskh, and the Latin designed with it for what it lacks.
FACES = {"Noto Naskh Arabic", "Noto Serif"}


def built(root: Path, base_url: str = "", **settings: str) -> Path:
    """The shipped project built in `root`, with `base_url` and other [site] settings set."""
    copy_project(root)
    toml = root / "site.toml"
    text = toml.read_text(encoding="utf-8").replace('base_url = ""', f'base_url = "{base_url}"')
    for key, value in settings.items():
        text = text.replace(f"{key} = false", f"{key} = {value}")
    toml.write_text(text, encoding="utf-8")
    config = load_settings(toml)
    build(config)
    return config.output


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The project built with `base_url` (its path /archive/), served at that path."""
    site = built(tmp_path_factory.mktemp("addressed"), BASE_URL)
    with serve_directory(site, "/archive/", not_found_page="404.html") as base:
        yield site, base


def open_at(browser, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    return context, context.new_page()


def goto(page, url: str) -> None:
    page.goto(url, wait_until="load")
    if "search.html?q=" in url:
        page.wait_for_selector("#search-results h2")


HEADLINE_SIZES = """() => {
    const size = e => parseFloat(getComputedStyle(e).fontSize);
    const heads = [...document.querySelectorAll('main .headline, main .results h2')];
    const others = [...document.querySelectorAll('main *')].filter(e =>
        !e.closest('h1, .headline, .results h2') && e.offsetParent !== null
        && [...e.childNodes].some(c => c.nodeType === 3 && c.nodeValue.trim()));
    return {heads: heads.map(size), largestOther: Math.max(...others.map(size)),
            leads: [...document.querySelectorAll('main .lead, main .excerpt')].map(size),
            underlined: heads.map(h => getComputedStyle(h.querySelector('a')).textDecorationLine)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_headlines_are_the_largest_type_of_every_listing_in_one_size(browser, site, served, width):
    context, page = open_at(browser, width)
    try:
        sizes = set()
        for kind in ("home", "month", "topic", "search"):
            goto(page, served + page_kinds(site)[kind])
            found = page.evaluate(HEADLINE_SIZES)
            assert found["heads"], kind
            assert min(found["heads"]) > found["largestOther"], (kind, found)
            assert all(min(found["heads"]) > lead for lead in found["leads"]), (kind, found)
            assert set(found["underlined"]) == {"none"}, kind
            sizes |= set(found["heads"])
        assert len(sizes) == 1, sizes
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_kind_overflows(browser, site, served, width):
    context, page = open_at(browser, width)
    try:
        for kind, path in page_kinds(site).items():
            goto(page, served + path)
            assert horizontal_overflow(page) == 0, f"{kind} at {width}px"
            assert overflowing_elements(page) == [], f"{kind} at {width}px"
            # The search button is whole, inside the viewport (the search page has its
            # own box instead of the header's).
            button = "main form button" if kind == "search" else "header.site form.search button"
            box = page.locator(button).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (kind, box)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page_kind(browser, site, served, scheme):
    context, page = open_at(browser, 390, scheme)
    try:
        for kind, path in page_kinds(site).items():
            goto(page, served + path)
            violations = run_axe(page)
            assert violations == [], (
                kind,
                [(v["id"], v["nodes"][0]["target"]) for v in violations],
            )
    finally:
        context.close()


def test_every_page_has_the_menu_one_h1_and_a_plain_feed_link(page, site, served):
    for kind, path in page_kinds(site).items():
        goto(page, served + path)
        menu = page.eval_on_selector_all(
            "header.site nav a", "els => els.map(e => e.textContent.trim())"
        )
        assert menu == ["الرئيسية", "الأرشيف", "المواضيع", "البحث"], kind
        assert page.locator("h1").count() == 1, kind
        if kind != "404":
            assert "Atom" not in page.inner_text("footer.site"), kind
    goto(page, served + "index.html")
    # The home page's h1 is for assistive technology: the masthead already names the site.
    assert page.locator("main h1").bounding_box()["height"] <= 1
    assert page.get_attribute("header.site nav a >> nth=0", "aria-current") == "page"


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_article_pager_is_side_by_side_except_on_narrow_phones(browser, site, served, width):
    context, page = open_at(browser, width)
    try:
        goto(page, served + "articles/2024-11-30-arabi21-208ffef9a5.html")
        newer = page.locator("nav.pager .newer").bounding_box()
        older = page.locator("nav.pager .older").bounding_box()
        side_by_side = abs(newer["y"] - older["y"]) < 1
        assert side_by_side == (width >= 390)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_photo_captions_say_so_and_do_not_look_like_quotations(browser, site, served, scheme):
    context, page = open_at(browser, 390, scheme)
    try:
        goto(page, served + "articles/2024-11-29-asharq-1f20bf5859.html")
        captions = page.eval_on_selector_all(
            "article .caption",
            "els => els.map(e => { const s = getComputedStyle(e); return ["
            " e.querySelector('.caption-label')?.textContent, s.borderRightWidth,"
            " s.borderLeftWidth, s.color === getComputedStyle(document.body).color]; })",
        )
        assert captions and all(c == ["صورة:", "0px", "0px", True] for c in captions), captions
    finally:
        context.close()


def platform_fonts(page, selector: str, custom: bool = False) -> set:
    """Every face Chromium used for the text of `selector`'s matches: names, or with
    `custom` (name, whether it is a web font) pairs."""
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = client.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    used = set()
    for node in nodes:
        for font in client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used.add((font["familyName"], font["isCustomFont"]) if custom else font["familyName"])
    return used


def test_latin_digits_and_punctuation_are_set_in_the_naskh_or_its_companion(page, site, served):
    """Headlines hold straight quotes and «!», captions brackets and Latin, leads «…»."""
    goto(page, served + "index.html")
    assert platform_fonts(page, "main *") <= FACES
    goto(page, served + page_kinds(site)["article"])
    used = platform_fonts(page, "main *")
    assert "Noto Serif" in used and used <= FACES, used


def test_self_hosted_fonts_alone_set_every_character_of_the_pages(page, tmp_path):
    """The bundled subsets, not the machine's copies: every glyph of the home page, an
    article with Latin and brackets, and a capture page comes from the site's own files."""
    site = built(tmp_path, self_hosted_font="true")
    css = site / "static/fonts/fonts.css"
    assert css.read_text("utf-8").count('font-family: "Noto Serif"') == 2
    # Without local() sources the browser must fetch the subsets from the site.
    text = css.read_text("utf-8")
    css.write_text(re.sub(r'local\("[^"]+"\),\s*', "", text), "utf-8")
    with serve_directory(site, "/archive/") as base:
        fetched: list[str] = []
        page.on("response", lambda r: fetched.append(r.url) if r.url.endswith(".woff2") else None)
        for path in ("index.html", page_kinds(site)["article"], page_kinds(site)["capture"]):
            goto(page, base + path)
            page.evaluate("document.fonts.ready")
            # The fingerprint alone is set in the reader's monospace font.
            fonts = platform_fonts(page, "main *:not(code, :has(code))", custom=True)
            assert fonts and all(custom for _, custom in fonts), (path, fonts)
            assert {name for name, _ in fonts} <= FACES, (path, fonts)
    assert {url.rsplit("/", 1)[1] for url in fetched} >= {
        "NotoNaskhArabic-Regular.subset.woff2",
        "NotoSerif-Regular.subset.woff2",
    }


# --- capture pages --------------------------------------------------------------------


def test_capture_page_says_what_where_and_when_before_the_proof(page, site, served):
    goto(page, served + "captures/2024-11-29-asharq-1f20bf5859.html")
    terms = page.eval_on_selector_all("main dt", "els => els.map(e => e.textContent.trim())")
    assert terms.index("المصدر") < terms.index("التاريخ") < terms.index("الملف")
    assert terms.index("الملف") < terms.index("بصمة SHA-256")
    body = float(page.eval_on_selector("main p", "e => parseFloat(getComputedStyle(e).fontSize)"))
    sha = float(page.eval_on_selector("main code", "e => parseFloat(getComputedStyle(e).fontSize)"))
    assert sha < body


def contrast(first: str, second: str) -> float:
    def luminance(rgb: str) -> float:
        values = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_capture_page_folds_runs_and_marks_states_plainly(browser, site, served, scheme):
    context, page = open_at(browser, 390, scheme)
    try:
        goto(page, served + "captures/2024-11-29-asharq-1f20bf5859.html")
        folds = page.locator("details.capture-fold")
        assert folds.count() >= 1
        states = page.eval_on_selector_all(
            "details.capture-fold tr", "els => els.map(e => e.className)"
        )
        assert set(states) <= {"removed", "blank"}
        # Folded, the page is short; the blank and removed rows are out of sight.
        assert page.locator("details.capture-fold tr").first.is_hidden()
        assert page.evaluate("document.documentElement.scrollHeight") < 8000
        page.locator("details.capture-fold summary").first.click()
        removed = page.locator("tr.removed").first
        assert removed.is_visible()
        bar = removed.evaluate("e => getComputedStyle(e.querySelector('th')).borderRightColor")
        ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert contrast(bar, ground) >= 3, (bar, ground)
        # Every link to a paragraph is a 44 × 44 px target at least.
        for box in page.eval_on_selector_all(
            ".capture-lines a",
            "els => els.filter(e => e.offsetParent).map(e => {"
            " const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
        ):
            assert box[0] >= 44 and box[1] >= 44, box
        summary = page.locator("details.capture-fold summary").first.bounding_box()
        assert summary["height"] >= 44
        assert run_axe(page) == []
    finally:
        context.close()


def test_a_link_to_a_folded_line_opens_its_fold(page, site, served):
    capture = "captures/2024-11-29-asharq-1f20bf5859.html"
    goto(page, served + capture)
    folded = page.eval_on_selector("details.capture-fold tr", "e => e.id")
    goto(page, served + capture + "#" + folded)
    assert page.locator(f"#{folded}").is_visible()


# --- print ----------------------------------------------------------------------------

PRINTED_TARGETS = """() => [...document.querySelectorAll('a')]
    .filter(a => a.offsetParent !== null)
    .map(a => getComputedStyle(a, '::after').content)
    .filter(c => c !== 'none' && c !== 'normal' && c !== '""')"""


def printed_targets(page) -> list[str]:
    return page.evaluate(PRINTED_TARGETS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_shows_only_absolute_targets_and_black_on_white(browser, site, served, scheme):
    context, page = open_at(browser, 1280, scheme)
    try:
        for kind, path in page_kinds(site).items():
            goto(page, served + path)
            page.emulate_media(media="print", color_scheme=scheme)
            targets = printed_targets(page)
            assert all(t.startswith('" (http') for t in targets), (kind, targets)
            colours = page.evaluate(
                # Form controls and search highlights keep their own (legible) colours.
                "() => [...document.querySelectorAll('body, body *')]"
                ".filter(e => !e.closest('button, mark, input'))"
                ".filter(e => e.offsetParent !== null && [...e.childNodes].some("
                "c => c.nodeType === 3 && c.nodeValue.trim()))"
                ".map(e => getComputedStyle(e).color)"
            )
            assert set(colours) == {"rgb(0, 0, 0)"}, (kind, set(colours))
            ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert ground == "rgb(255, 255, 255)", kind
            page.emulate_media(media="screen")
    finally:
        context.close()


def test_print_names_the_site_and_the_page_address(page, addressed):
    site, base = addressed
    article = page_kinds(site)["article"]
    goto(page, base + article)
    page.emulate_media(media="print")
    assert page.is_visible("header.site .site-title")
    address = page.locator("header.site .print-address")
    assert address.is_visible() and address.inner_text() == BASE_URL + article
    assert page.eval_on_selector(".print-address", "e => getComputedStyle(e).direction") == "ltr"
    targets = printed_targets(page)
    assert targets and all(t.startswith(f'" ({BASE_URL}') for t in targets), targets
    link = page.locator(".provenance a")
    assert link.evaluate("e => getComputedStyle(e, '::after').direction") == "ltr"


def test_print_shows_the_folded_lines_of_a_capture(page, site, served):
    goto(page, served + "captures/2024-11-29-asharq-1f20bf5859.html")
    folded = page.locator("details.capture-fold tr").first
    assert folded.is_hidden()
    page.emulate_media(media="print")
    assert folded.is_visible()


# --- the 404 page ---------------------------------------------------------------------


def links_resolve(page, url: str) -> list[tuple[str, int]]:
    """Every link of the page served at `url`, resolved as the browser does, and its status."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 404
    hrefs = page.eval_on_selector_all("a[href]:not([href^='#'])", "els => els.map(e => e.href)")
    assert hrefs
    return [(href, page.request.get(href.split("#")[0]).status) for href in hrefs]


def test_404_links_work_from_a_nested_address_with_base_url(page, addressed):
    _, base = addressed
    statuses = links_resolve(page, base + "articles/2024/typo.html")
    assert all(status == 200 for _, status in statuses), statuses


def test_404_links_work_from_a_nested_address_without_base_url(page, tmp_path):
    site = built(tmp_path)
    with serve_directory(site, "/", not_found_page="404.html") as base:
        statuses = links_resolve(page, base + "articles/2024/typo.html")
    assert all(status == 200 for _, status in statuses), statuses
