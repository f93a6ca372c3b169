"""Proves the browser, checker and server helpers in tests/support work, on tiny pages."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.static_server import serve_directory
from tests.support.browser import (
    computed_direction,
    horizontal_overflow,
    overflowing_elements,
    record_console_errors,
    record_offorigin_requests,
    run_axe,
)
from tests.support.vnu import atom_problems, check_css, check_html, format_messages

# The fixtures, made available here whether or not tests/conftest.py imports them too.


def html_page(body: str, head: str = "", title: str = "صفحة اختبار") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{title}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


CLEAN_BODY = (
    "<header><h1>أرشيف الأخبار</h1></header>\n"
    "<main><article><h2>عنوان الخبر</h2><p>هذا نص عربي قصير للاختبار.</p>"
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="صورة" width="1" height="1">'
    "</article></main>\n<footer><p>تذييل الصفحة</p></footer>"
)


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- server ----------------------------------------------------------------------------


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_directory_under_prefix(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "index.html", html_page("<p>الرئيسية</p>"))
    write(site, "articles/خبر.html", html_page("<p>خبر</p>"))
    write(site, "404.html", html_page("<p>غير موجود</p>"))
    write(tmp_path, "secret.txt", "outside the served folder")
    with serve_directory(site, "/archive/") as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/archive/")
        origin = base[: -len("/archive/")]
        status, body = fetch(base)
        assert status == 200 and "الرئيسية" in body.decode()
        status, body = fetch(base + "articles/%D8%AE%D8%A8%D8%B1.html")
        assert status == 200 and "خبر" in body.decode()
        assert fetch(origin + "/index.html")[0] == 404
        assert fetch(origin + "/")[0] == 404
        assert fetch(base + "missing.html")[0] == 404
        # Never escapes the served folder, written plainly or percent-encoded.
        for escape in (
            "../secret.txt",
            "%2e%2e/secret.txt",
            "..%2fsecret.txt",
            "a/../../secret.txt",
        ):
            status, body = fetch(base + escape)
            assert status == 404 and b"outside the served folder" not in body, escape
        assert fetch(origin + "/archive")[0] == 200  # redirected to /archive/
    with serve_directory(site, "archive", not_found_page="404.html") as base:
        status, body = fetch(base + "missing.html")
        assert status == 404 and "غير موجود" in body.decode()
    with pytest.raises(OSError):
        fetch(base)  # shut down on exit


def test_serve_directory_root_prefix(tmp_path: Path) -> None:
    write(tmp_path, "index.html", html_page("<p>الرئيسية</p>"))
    with serve_directory(tmp_path) as base:
        assert base.endswith("/") and base.count("/") == 3
        assert fetch(base)[0] == 200
        assert fetch(base + "index.html")[0] == 200


# --- Nu HTML Checker -------------------------------------------------------------------


@pytest.mark.vnu
def test_vnu_valid_rtl_page_has_no_errors(tmp_path: Path) -> None:
    good = write(tmp_path, "good.html", html_page(CLEAN_BODY))
    other = write(tmp_path, "sub/other.html", html_page("<p>صفحة أخرى</p>"))
    messages = check_html([good, other])
    assert messages == [], format_messages(messages, tmp_path)


@pytest.mark.vnu
def test_vnu_reports_errors_with_file_and_line(tmp_path: Path) -> None:
    good = write(tmp_path, "good.html", html_page(CLEAN_BODY))
    bad = write(tmp_path, "bad.html", html_page("<p>نص <span>غير مغلق</p>\n<blink>قديم</blink>"))
    messages = check_html([good, bad])
    assert messages, "an unclosed span and an obsolete element must be reported"
    assert {Path(m["file"]) for m in messages} == {bad.resolve()}
    assert all(m["url"].startswith("file:") and m["line"] for m in messages)
    text = format_messages(messages, tmp_path)
    assert "bad.html:" in text and "blink" in text


@pytest.mark.vnu
def test_vnu_checks_css(tmp_path: Path) -> None:
    good = write(tmp_path, "good.css", "body { direction: rtl; margin-inline: 1rem; }\n")
    bad = write(tmp_path, "bad.css", "body { colr: red; margin: 1qq; }\n")
    messages = check_css([good, bad])  # one java run: the good file has no message
    assert messages and {Path(m["file"]) for m in messages} == {bad.resolve()}


def test_atom_problems(tmp_path: Path) -> None:
    ns = 'xmlns="http://www.w3.org/2005/Atom"'
    good = write(
        tmp_path,
        "feed.xml",
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed {ns} xml:lang="ar">'
        "<id>urn:x:feed</id><title>أرشيف</title><updated>2024-01-01T00:00:00Z</updated>"
        "<entry><id>urn:x:1</id><title>خبر</title><updated>2024-01-01T00:00:00Z</updated>"
        '<link href="http://127.0.0.1/a.html"/></entry></feed>',
    )
    assert atom_problems(good) == []
    bad = write(tmp_path, "bad.xml", f"<feed {ns}><entry><title>خبر</title></entry>")
    assert atom_problems(bad)[0].startswith("not well-formed")
    partial = write(tmp_path, "partial.xml", f"<feed {ns}><entry><title>خبر</title></entry></feed>")
    problems = atom_problems(partial)
    assert any("<id>" in p for p in problems) and any("link" in p for p in problems)


# --- browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_axe_clean_page_and_direction(tmp_path: Path, page) -> None:
    write(tmp_path, "index.html", html_page(CLEAN_BODY))
    with serve_directory(tmp_path, "/archive/") as base:
        errors = record_console_errors(page)
        page.goto(base)
        assert computed_direction(page) == "rtl"
        assert computed_direction(page, "p") == "rtl"
        violations = run_axe(page)
        assert violations == [], [v["id"] for v in violations]
        assert errors == []


@pytest.mark.browser
def test_axe_finds_image_without_alt(tmp_path: Path, page) -> None:
    body = CLEAN_BODY.replace(' alt="صورة"', "")
    write(tmp_path, "index.html", html_page(body))
    with serve_directory(tmp_path) as base:
        page.goto(base)
        ids = {v["id"] for v in run_axe(page)}
    assert "image-alt" in ids


@pytest.mark.browser
def test_axe_checks_contrast_of_arabic_only_text(tmp_path: Path, page) -> None:
    body = '<main><h1>عنوان</h1><p style="color:#ccc">نص عربي</p></main>'
    write(tmp_path, "index.html", html_page(body))
    with serve_directory(tmp_path) as base:
        page.goto(base)
        violations = {v["id"]: v for v in run_axe(page)}
    assert "color-contrast" in violations, sorted(violations)
    targets = [n["html"] for n in violations["color-contrast"]["nodes"]]
    assert any("نص عربي" in t for t in targets)


@pytest.mark.browser
def test_axe_runs_under_strict_csp(tmp_path: Path, page) -> None:
    csp = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">\n'
    write(tmp_path, "index.html", html_page(CLEAN_BODY.replace(' alt="صورة"', ""), head=csp))
    with serve_directory(tmp_path) as base:
        page.goto(base)
        assert "image-alt" in {v["id"] for v in run_axe(page)}


@pytest.mark.browser
def test_horizontal_overflow(tmp_path: Path, page) -> None:
    write(tmp_path, "wide.html", html_page('<div class="wide" style="width:2000px">واسع</div>'))
    write(tmp_path, "fits.html", html_page(CLEAN_BODY))
    pushed = '<div class="pushed" style="position:relative;left:600px;width:100px">خارج</div>'
    write(tmp_path, "pushed.html", html_page(pushed))
    page.set_viewport_size({"width": 390, "height": 844})
    with serve_directory(tmp_path) as base:
        page.goto(base + "wide.html")
        assert horizontal_overflow(page) > 1000
        assert overflowing_elements(page) and overflowing_elements(page)[0].startswith("div.wide")
        page.goto(base + "fits.html")
        assert horizontal_overflow(page) == 0
        assert overflowing_elements(page) == []
        # Pushed past the start edge of an RTL page: no scrollbar, still caught.
        page.goto(base + "pushed.html")
        assert horizontal_overflow(page) == 0
        assert overflowing_elements(page)[0].startswith("div.pushed")


@pytest.mark.browser
def test_offorigin_requests_are_recorded(tmp_path: Path, page) -> None:
    body = (
        '<p>نص</p><img alt="" src="http://127.0.0.2:9/x.png">'
        '<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<img alt="" src="local.png">'
    )
    write(tmp_path, "index.html", html_page(body))
    with serve_directory(tmp_path, "/archive/") as base:
        requests = record_offorigin_requests(page, base)
        page.goto(base, wait_until="load")
        page.wait_for_timeout(200)
    assert requests == ["http://127.0.0.2:9/x.png"]
