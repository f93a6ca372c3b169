"""Capture text is never interpreted; hand edits are sanitised; no path leaves the output."""

from __future__ import annotations

import hashlib
from html import escape as html_escape
from pathlib import Path
from xml.etree import ElementTree

import pytest

from sijill.cli import main
from sijill.commands.build import build
from sijill.errors import OutputPathError
from sijill.records.record import read_record, render_record
from sijill.site.renderer import Renderer

from .conftest import SEED_NAMES, extract, seed_path
from .sitescan import scan_html, scan_site, strings

RLO, PDF, LRI, PDI, RLM, LRM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u200e"
TITLE = (
    'روسيا <script>alert("t")</script> <img src=x onerror=alert(1)> '
    "[رابط](javascript:alert(1)) {{ 7*7 }} {% raw %} &amp; &lt;b&gt; "
    f"{RLO}معكوس{PDF} {RLM}حلب"
)
PARAGRAPH_TAIL = (
    ' ![صورة](x.png) <a href="javascript:alert(2)">رابط</a> {% for x in y %}{{ x }}{% endfor %}'
    f" &#60;script&#62; </script><script>alert(5)</script> {LRI}عزل{PDI} {LRM}LTR."
)
CAPTION_TAIL = " <svg onload=alert(3)> **عريض** `شيفرة` &quot;"


def shown(text: str) -> str:
    """What a reader must see: the text literally, minus embedding and override controls."""
    for control in (RLO, PDF, LRI, PDI):
        text = text.replace(control, "")
    return text


@pytest.fixture
def hostile(project):
    """The real seed 002 with hostile text in its title, a paragraph and a caption."""
    settings = project(articles=False)
    name = next(n for n in SEED_NAMES if n.startswith("002"))
    extraction = extract("002")
    paragraph = next(b.text for b in extraction.blocks if b.kind == "paragraph")
    caption = next(b.text for b in extraction.blocks if b.kind == "caption")
    text = seed_path("002").read_text(encoding="utf-8")
    assert text.count(extraction.title) >= 2 and text.count(caption) >= 2
    text = (
        text.replace(extraction.title, TITLE)
        .replace(paragraph, paragraph + PARAGRAPH_TAIL)
        .replace(caption, caption + CAPTION_TAIL)
    )
    (settings.seeds / name).write_text(text, encoding="utf-8")
    report = build(settings)
    # Without its article file, 004's date is unknown: the one warning, as check says.
    assert [w.split(":")[0] for w in report.warnings] == ["seeds/004_ebbdbeee38b53e8a.txt"]
    expected = {
        "title": shown(TITLE),
        "paragraph": shown(paragraph + PARAGRAPH_TAIL),
        "caption": shown(caption + CAPTION_TAIL),
    }
    return settings, expected


def test_hostile_capture_text_is_literal_in_record_pages_feeds_and_json_ld(hostile):
    settings, expected = hostile
    (record,) = [
        read_record(p)
        for p in settings.articles.glob("*.md")
        if "asharq" in p.name and "2024" in p.name
    ]
    assert record.title == expected["title"] and RLM in record.title and RLO not in record.title
    pages, feeds, problems = scan_site(settings.output)
    assert problems == []
    article = pages[f"articles/{record.slug}.html"]
    for text in expected.values():
        assert text in article.text
    assert "49" not in article.text.split("حلب")[0]
    assert expected["title"] in pages["index.html"].text
    if article.json_ld:  # JSON-LD parsed back gives the literal title
        assert any(expected["title"] in strings(data) for data in article.json_ld)
    for path in feeds:
        root = ElementTree.parse(settings.output / path).getroot().tag.rsplit("}", 1)[-1]
        if root in ("feed", "rss"):  # a feed carries the literal title; a sitemap need not
            assert any(expected["title"] in t for t in feeds[path]), path


def test_hand_edited_article_cannot_inject_script(project):
    settings = project()
    build(settings)
    path = next(settings.articles.glob("*arabi21*.md"))
    record = read_record(path)
    body = (
        "فقرة عادية.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[انقر](javascript:alert(3)) و <a href='javascript:alert(4)'>هنا</a> و "
        '<a href="https://example.org/" onclick="alert(5)">مصدر</a>\n\n'
        "<iframe src=https://example.org></iframe><style>body{}</style>\n\n"
        f"**عريض** {RLO}معكوس{PDF}\n"
    )
    meta = dict(record.meta, title=f"<script>alert(6)</script> {RLO}عنوان{PDF} {RLM}")
    path.write_text(render_record(meta, body).replace("generated:", "generated: 0"))
    assert read_record(path).edited
    report = build(settings)
    assert not report.warnings, report.warnings
    pages, _, problems = scan_site(settings.output)
    assert problems == []
    page = pages[f"articles/{record.slug}.html"]
    assert "<script>alert(6)</script> عنوان " + RLM in page.text
    assert "فقرة عادية." in page.text and "انقر" in page.text and "مصدر" in page.text
    html = (settings.output / f"articles/{record.slug}.html").read_text()
    assert "<strong>عريض</strong>" in html and 'href="https://example.org/"' in html


@pytest.mark.parametrize(
    "slug",
    ["../../../escape", "/etc/escape", "a/b", "..", "x\\..\\..\\y", "UPPER", "ok\n../x", ""],
)
def test_hostile_slug_in_an_article_file_is_refused(project, slug):
    settings = project()
    build(settings)
    path = next(settings.articles.glob("*alawwal*.md"))
    record = read_record(path)
    path.write_text(render_record(dict(record.meta, slug=slug), record.body))
    outside = {p: p.stat().st_mtime_ns for p in settings.root.parent.rglob("*") if p.is_file()}
    report = build(settings)
    assert len(report.warnings) == 1 and report.warnings[0].startswith(f"articles/{path.name}: ")
    assert "not published until fixed" in report.warnings[0]
    assert len(list((settings.output / "articles").glob("*.html"))) == 4
    assert not (settings.root.parent / "escape.html").exists()
    new = {p for p in settings.root.parent.rglob("*") if p.is_file()} - set(outside)
    ours = (settings.output, settings.root / ".sijill-cache")  # the site, and the cache's new parts
    assert all(any(folder in p.parents for folder in ours) for p in new)


@pytest.mark.parametrize("path", ["../x.html", "/tmp/x.html", "a/../../x.html", "..\\x.html"])
def test_renderer_refuses_any_path_outside_the_output(tmp_path, built_site, path):
    out = tmp_path / "out"
    out.mkdir()
    renderer = Renderer(built_site, out)
    with pytest.raises(OutputPathError):
        renderer.write(path, "index.html", groups=[], pages=[])
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("output", [".", "seeds", "seeds/site", "articles/../articles", ".."])
def test_output_folder_must_not_hold_inputs(project, output, capsys):
    settings = project()
    toml = settings.root / "site.toml"
    toml.write_text(toml.read_text().replace('output = "_site"', f'output = "{output}"'))
    before = {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in settings.root.rglob("*")
        if p.is_file()
    }
    assert main(["--config", str(toml), "build"]) == 2
    assert "build.output" in capsys.readouterr().err
    after = {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in settings.root.rglob("*")
        if p.is_file()
    }
    assert after == before


def test_scanner_catches_what_it_looks_for():
    """The scan must fail on each injection it guards against, or the tests above prove nothing."""
    bad = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" javascript:alert(1)">x</a>',
        '<script type="application/ld+json">{"a": "</script>"}</script>',
        f"<p>{RLO}x</p>",
    ]
    for html in bad:
        assert scan_html(html, "t").problems, html
    good = scan_html('<script type="application/ld+json">{"a": "\\u003c/script>"}</script>', "t")
    assert good.problems == [] and strings(good.json_ld) == ["</script>"]


def test_slug_escape_never_reaches_disk_through_a_title(project):
    """A title that looks like a path changes nothing about where the page goes."""
    settings = project(articles=False)
    name = next(n for n in SEED_NAMES if n.startswith("003"))
    title = extract("003").title
    text = (
        seed_path("003").read_text(encoding="utf-8").replace(title, "../../../etc/passwd " + title)
    )
    (settings.seeds / name).write_text(text, encoding="utf-8")
    build(settings)
    files = [p for p in settings.root.parent.rglob("*passwd*")]
    assert files == []
    assert all(Path(p).name.endswith(".md") for p in settings.articles.iterdir())


def test_scanner_reads_feeds_literally(tmp_path):
    """Feeds arrive with issue 3; the scan must already tell a safe feed from an unsafe one."""
    atom = "http://www.w3.org/2005/Atom"
    feed = ElementTree.Element(f"{{{atom}}}feed")
    entry = ElementTree.SubElement(feed, f"{{{atom}}}entry")
    ElementTree.SubElement(entry, f"{{{atom}}}title").text = shown(TITLE)
    content = ElementTree.SubElement(entry, f"{{{atom}}}content", type="html")
    content.text = "<p>" + html_escape(shown(TITLE)) + "</p>"
    (tmp_path / "feed.xml").write_bytes(ElementTree.tostring(feed, encoding="utf-8"))
    _, feeds, problems = scan_site(tmp_path)
    assert problems == [] and shown(TITLE) in feeds["feed.xml"]
    content.text = "<p>" + shown(TITLE) + "</p>"  # capture text passed through as HTML
    (tmp_path / "feed.xml").write_bytes(ElementTree.tostring(feed, encoding="utf-8"))
    assert scan_site(tmp_path)[2]
