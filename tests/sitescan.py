"""Scan every page and feed of a built site for markup that capture text could have injected.

Written against whatever the site holds (HTML pages, Atom/RSS feeds, JSON-LD
blocks), so outputs added later are covered without changing the tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FORBIDDEN_TAGS = {"img", "svg", "iframe", "object", "embed", "form", "math", "base", "style"}


@dataclass
class Scan:
    """What one HTML document holds, as a browser would parse it."""

    text: str = ""
    problems: list[str] = field(default_factory=list)
    json_ld: list[object] = field(default_factory=list)


def site_own(tag: str, values: dict[str, str | None], where: str) -> bool:
    """The site's own search form and search script, and the 404 page's inline stylesheet
    (it holds no capture text), which no capture text can produce."""
    if tag == "style":
        return where == "404.html"
    if tag == "form":
        return values.get("class") in ("search", "search-page") and (
            values.get("action") or ""
        ).endswith("search.html")
    return tag == "script" and (values.get("src") or "").endswith("static/search.js")


class _Parser(HTMLParser):
    def __init__(self, scan: Scan, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scan, self.where = scan, where
        self.script: str | None = None
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in FORBIDDEN_TAGS and not site_own(tag, values, self.where):
            self.scan.problems.append(f"{self.where}: <{tag}> element")
        if tag == "script" and not site_own(tag, values, self.where):
            if values.get("type") != "application/ld+json":
                self.scan.problems.append(f"{self.where}: executable <script>")
            self.script = ""
        for name, value in attrs:
            if name.startswith("on"):
                self.scan.problems.append(f"{self.where}: event handler {name}={value!r}")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.scan.problems.append(f"{self.where}: {name}={value!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            raw, self.script = self.script, None
            if "</" in raw or "<!--" in raw:
                self.scan.problems.append(f"{self.where}: JSON-LD holds '</' or '<!--'")
            try:
                self.scan.json_ld.append(json.loads(raw))
            except ValueError as error:
                self.scan.problems.append(f"{self.where}: JSON-LD does not parse: {error}")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script += data
        else:
            self.chunks.append(data)


def scan_html(html: str, where: str) -> Scan:
    scan = Scan()
    parser = _Parser(scan, where)
    parser.feed(html)
    parser.close()
    scan.text = "".join(parser.chunks)
    if BIDI_CONTROLS.search(html):
        scan.problems.append(f"{where}: bidi embedding or override control")
    return scan


def strings(value: object) -> list[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def scan_xml(path: Path, where: str) -> tuple[list[str], list[str]]:
    """(problems, every element text) of a feed; HTML carried inside it is scanned too."""
    data = path.read_text(encoding="utf-8")
    problems = [f"{where}: bidi control"] if BIDI_CONTROLS.search(data) else []
    texts = []
    for element in ElementTree.fromstring(data).iter():
        text = element.text or ""
        texts.append(text)
        if element.get("type") in ("html", "xhtml") or element.tag.endswith("description"):
            problems += scan_html(text, f"{where} <{element.tag}>").problems
        if element.tag.rsplit("}", 1)[-1] == "script":
            problems.append(f"{where}: <script> element")
    return problems, texts


def scan_site(out: Path) -> tuple[dict[str, Scan], dict[str, list[str]], list[str]]:
    """(HTML scans by path, XML element texts by path, every problem found)."""
    pages, feeds, problems = {}, {}, []
    for path in sorted(out.rglob("*")):
        where = path.relative_to(out).as_posix()
        if path.suffix == ".html":
            pages[where] = scan_html(path.read_text(encoding="utf-8"), where)
            problems += pages[where].problems
        elif path.suffix == ".xml":
            found, feeds[where] = scan_xml(path, where)
            problems += found
    return pages, feeds, problems
