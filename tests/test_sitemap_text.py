"""The sitemap is written as text: byte for byte what ElementTree writes for it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from sijill.site.feeds import SITEMAP, urlset


def by_elementtree(base: str, urls: list[tuple[str, str | None]]) -> bytes:
    """How the sitemap was written before: elements, indented, serialised."""
    ET.register_namespace("", SITEMAP)
    s = f"{{{SITEMAP}}}"
    root = ET.Element(f"{s}urlset")
    for path, lastmod in urls:
        url = ET.SubElement(root, f"{s}url")
        ET.SubElement(url, f"{s}loc").text = base + path
        if lastmod:
            ET.SubElement(url, f"{s}lastmod").text = lastmod
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


#: What a path may hold: markup characters, quotes, Arabic, a lone surrogate.
TEXT = st.text(alphabet=st.sampled_from([*"ab/.-_&<>\"' %#?=", "ح", "ل", "\ud800"]))


@given(
    base=TEXT,
    urls=st.lists(st.tuples(TEXT.filter(bool), st.none() | TEXT), min_size=1, max_size=5),
)
def test_the_sitemap_as_text_is_what_elementtree_writes(base, urls):
    assert urlset(base, urls) == by_elementtree(base, urls)


def test_a_plain_sitemap_is_what_elementtree_writes():
    urls = [("index.html", "2024-11-30"), ("articles/a&b.html", None)]
    assert urlset("https://example.org/", urls) == by_elementtree("https://example.org/", urls)
