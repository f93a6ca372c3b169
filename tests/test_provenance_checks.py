"""Capture pages and the article's provenance line pass the Nu checker and axe, light and dark."""

from __future__ import annotations

import pytest

from bench.static_server import serve_directory
from tests.support.browser import horizontal_overflow, run_axe
from tests.support.vnu import check_html, format_messages


@pytest.mark.vnu
def test_capture_pages_pass_the_nu_checker(built_site):
    site = built_site.output
    pages = sorted((site / "captures").glob("*.html")) + sorted((site / "articles").glob("*.html"))
    assert len(pages) == 10
    messages = check_html(pages)
    assert not messages, format_messages(messages, site)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_capture_pages_pass_axe(built_site, browser, scheme):
    site = built_site.output
    pages = sorted((site / "captures").glob("*.html"))
    article = next((site / "articles").glob("*alawwal*.html"))
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        with serve_directory(site, "/archive/") as base:
            for path in [*pages, article]:
                page.goto(f"{base}{path.relative_to(site).as_posix()}")
                violations = run_axe(page)
                assert not violations, (path.name, scheme, [
                    (v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations
                ])  # fmt: skip
                assert horizontal_overflow(page) == 0, (path.name, scheme)
    finally:
        context.close()
