"""Topics: the places, people and organisations an article names.

The list lives in `data/topics.yaml`, with a project's own topics file laid over
it (site.toml's `[editorial]`), so an editor extends it without code; a
mistake there stops the build with an error naming the entry. An article is
tagged from what its writer wrote (title, paragraphs, subheadings): captions
alone can name a place only seen in a photo, and stripped furniture belongs to
other articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import yaml

from ..config import defaults, editorial
from ..engine.files import safe_yaml
from ..errors import TopicsError
from ..extract.arabic import TokenIndex, words

TOPICS_FILE = defaults.TOPICS
#: Group key in the file -> heading shown to readers, in the order shown.
GROUPS: dict[str, str] = {"places": "أماكن", "people": "أشخاص", "organisations": "منظمات"}
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Topic:
    key: str
    group: str
    name: str
    phrases: tuple[tuple[str, ...], ...]  # normalised words of the name and each variant

    @property
    def url(self) -> str:
        return f"topics/{self.key}.html"

    @property
    def cache_key(self) -> str:
        """What a page showing the topic depends on (the topics file is in the fingerprint)."""
        return self.key

    def mentioned_in(self, index: TokenIndex) -> bool:
        return any(index.contains(phrase) for phrase in self.phrases)


def parse_topics(raw: object, label: str = "topics.yaml") -> tuple[Topic, ...]:
    """Validate the loaded YAML and build topics, in file order within each group."""
    if not isinstance(raw, dict):
        raise TopicsError(f"{label}: expected the groups {', '.join(GROUPS)} at the top level")
    unknown = sorted(set(map(str, raw)) - set(GROUPS))
    if unknown:
        raise TopicsError(f"{label}: unknown group {unknown[0]} (expected {', '.join(GROUPS)})")
    topics: list[Topic] = []
    seen: dict[str, str] = {}
    for group in GROUPS:
        entries = raw.get(group) or {}
        if not isinstance(entries, dict):
            raise TopicsError(f"{label}: {group} must be a mapping of key: entry")
        for key, entry in entries.items():
            where = f"{label}: {group}.{key}"
            if not isinstance(key, str) or not KEY.fullmatch(key):
                raise TopicsError(f"{where}: key must be lower-case ASCII letters, digits, hyphens")
            if key in seen:
                raise TopicsError(f"{where}: key already used in {seen[key]}")
            seen[key] = group
            if not isinstance(entry, dict) or set(entry) - {"name", "variants"}:
                raise TopicsError(f"{where}: entry must have only name and variants")
            name, variants = entry.get("name"), entry.get("variants", [])
            if not isinstance(name, str) or not words(name):
                raise TopicsError(f"{where}.name must be a non-empty string")
            if not isinstance(variants, list) or not all(
                isinstance(v, str) and words(v) for v in variants
            ):
                raise TopicsError(f"{where}.variants must be a list of non-empty strings")
            phrases = tuple(dict.fromkeys(tuple(words(v)) for v in [name, *variants]))
            topics.append(Topic(key, group, name.strip(), phrases))
    return tuple(topics)


def load_topics(path: Path | None = None) -> tuple[Topic, ...]:
    """The topics of `path` alone; by default the packaged topics, with the running
    build's project topics file laid over them (`config.editorial`). Read once per process."""
    if path is not None:
        return _topics(path, None, "")
    return _topics(TOPICS_FILE, *editorial.current().state("topics"))


@cache
def _topics(path: Path, overlay: Path | None, digest: str) -> tuple[Topic, ...]:
    raw = _read(path)
    if overlay is None:
        return parse_topics(raw, path.name)
    own = _read(overlay)
    if not isinstance(raw, dict) or not isinstance(own, dict):
        return parse_topics(own, overlay.name)  # names the file whose shape is wrong
    return parse_topics(editorial.overlay(raw, own), overlay.name)


def _read(path: Path) -> object:
    try:
        return safe_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TopicsError(f"{path.name}: {error}") from error
    except OSError as error:
        raise TopicsError(f"{path.name}: cannot be read: {error}") from error


class _TextWithoutCaptions(HTMLParser):
    """Text of an editor's rendered Markdown, leaving out elements marked as captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        inside = bool(self.stack and self.stack[-1])
        if tag not in {"br", "hr", "img"}:
            self.stack.append(inside or "caption" in classes or tag == "figcaption")

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"br", "hr", "img"} and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def tagged_text(title: str, blocks: list[tuple[str, str]], html: str | None) -> str:
    """The words topics are matched against: title, paragraphs and subheadings."""
    if html is not None:
        parser = _TextWithoutCaptions()
        parser.feed(html)
        body = " ".join(parser.parts)
    else:
        body = "\n".join(text for kind, text in blocks if kind in {"paragraph", "subheading"})
    return f"{title}\n{body}"


def topics_in(text: str, topics: tuple[Topic, ...]) -> list[Topic]:
    """The topics `text` names, in file order."""
    index = TokenIndex(words(text))
    return [topic for topic in topics if topic.mentioned_in(index)]
