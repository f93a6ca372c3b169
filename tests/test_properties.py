"""Properties over arbitrary and mutated input: the cleaner, the date stage and the renderer.

The cleaner may refuse (CaptureError) but never raise anything else; dating
never raises; the renderer never lets a ``<`` from the text become markup.
"""

from __future__ import annotations

import codecs
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sijill.config.settings import load_settings
from sijill.errors import CaptureError
from sijill.extract.capture import normalise_line, parse_capture
from sijill.extract.dating import DateEvidence, date_article, parse_date
from sijill.extract.decisions import Block
from sijill.extract.profiles import default_profiles
from sijill.records.extraction import extract_record
from sijill.records.record import blocks_to_markdown, parse_record, render_record
from sijill.site.page import make_page
from sijill.site.renderer import Renderer

from .conftest import ROOT, SEED_NAMES, SEEDS
from .sitescan import scan_html

PROFILES = default_profiles()
SEED_TEXT = {name: (SEEDS / name).read_text(encoding="utf-8") for name in SEED_NAMES}
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% for x in y %}",
    "&amp;",
    "\u202e",
    "\x00",
    "\ufeff",
    "المصدر: عربي21",
    "مقالات ذات صلة",
    "TT",
    "تاريخ النشر: 30th, November 2024 GMT",
    "ـــــ",
]
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pipeline(data: bytes) -> str | None:
    """read -> clean -> date -> record -> parse back -> page; None when the capture is refused."""
    try:
        capture = parse_capture(data, "fuzz.txt", Path("fuzz.txt"))
        meta, body, _ = extract_record(capture, PROFILES, None)
    except CaptureError:
        return None
    article = parse_record(render_record(meta, body), Path(f"{meta['slug']}.md"))
    page = make_page(article, "ar")
    return page.title


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    """A real seed after a few edits a broken scraper or a careless person could make."""
    lines = SEED_TEXT[draw(st.sampled_from(SEED_NAMES))].split("\n")
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(lines)))
        kind = draw(st.sampled_from(["delete", "insert", "hostile", "swap", "duplicate", "cut"]))
        if kind == "delete" and lines:
            del lines[at : at + draw(st.integers(1, 20))]
        elif kind == "insert":
            lines.insert(at, draw(st.text(max_size=80)))
        elif kind == "hostile":
            lines.insert(at, " ".join(draw(st.lists(st.sampled_from(HOSTILE), max_size=4))))
        elif kind == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            at = min(at, len(lines) - 1)
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "duplicate" and lines:
            lines.insert(at, lines[min(at, len(lines) - 1)])
        elif kind == "cut":
            lines = lines[:at]
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1256", "utf-8-sig"]))
    data = text.encode(encoding, errors="replace")
    if encoding == "utf-8-sig":
        data = codecs.BOM_UTF8 + text.encode("utf-8", errors="replace")
    if data and draw(st.booleans()):
        flips = draw(st.lists(st.integers(0, len(data) - 1), max_size=5))
        buffer = bytearray(data)
        for index in flips:
            buffer[index] ^= draw(st.integers(1, 255))
        data = bytes(buffer)
    return data


@QUICK
@given(st.text())
def test_cleaner_on_any_unicode_refuses_or_succeeds(text):
    pipeline(text.encode("utf-8", errors="surrogatepass"))


@QUICK
@given(st.binary(max_size=2000))
def test_cleaner_on_any_bytes_refuses_or_succeeds(data):
    pipeline(data)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_cleaner_on_mutated_seeds_refuses_or_succeeds(data):
    title = pipeline(data)
    if title is not None:
        assert title.strip() and "\u202e" not in title and "\n" not in title


@QUICK
@given(st.text(), st.lists(st.text(max_size=200), max_size=4))
def test_date_stage_never_raises_on_any_text(text, more):
    parsed = parse_date(text)
    assert parsed is None or len(parsed.iso()) in (10, 16)
    result = date_article(DateEvidence([text], more, more, more, None))
    assert result.basis in ("stated", "inferred", "unknown")


# The real renderer's environment (filters, globals), with the shipped settings.
RENDERER = Renderer(load_settings(ROOT / "site.toml"), Path(tempfile.mkdtemp(prefix="props-")))
ENV = RENDERER.env
SITE = RENDERER.settings


def rendered(title: str, blocks: list[tuple[str, str]]) -> str:
    """An article page through the real record format, page model and templates."""
    meta = {
        "title": title,
        "source": "مصدر",
        "date": "2024-11-30",
        "date_basis": "stated",
        "slug": "2024-11-30-test-0123456789",
    }
    body = blocks_to_markdown([Block(kind, text, n) for n, (kind, text) in enumerate(blocks)])
    page = make_page(parse_record(render_record(meta, body), Path("x.md")), "ar")
    context = {"site": SITE, "root": "../", "path": page.url, "absolute": None}
    article = ENV.get_template("article.html").render(
        page=page, newer=None, older=None, capture=None, **context
    )
    index = ENV.get_template("index.html").render(groups=[], total=1, **context)
    return article + index


#: Text with something visible in it: a title of control characters alone is refused.
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=120).filter(
    lambda t: normalise_line(t)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    TEXT,
    st.lists(st.tuples(st.sampled_from(["paragraph", "subheading", "caption"]), TEXT), max_size=5),
)
def test_renderer_never_turns_input_into_markup(title, blocks):
    """The page has exactly the tags of the same page with harmless text, and no more."""
    blocks = [("paragraph", "فقرة"), *blocks]
    page = rendered(title, blocks)
    harmless = rendered("عنوان", [(kind, "نص") for kind, _ in blocks])
    # The `ltr` filter's own isolating spans around Latin runs are the only markup text adds.
    isolated = re.compile(r'<span dir="ltr">|</span>')
    assert isolated.sub("", page).count("<") == isolated.sub("", harmless).count("<")
    assert scan_html(page, "page").problems == []
