"""Stage 4, write articles: the cleaned, reviewable record in `articles/`.

One Markdown file per article with YAML front matter. The file is the thing
an editor reviews and corrects, so the build must never clobber a hand edit:
each generated file carries the hash of what was generated, and a file whose
text no longer matches it is the editor's and is kept.

Capture text is escaped on the way in so Markdown never reinterprets it; the
same grammar is parsed back directly (the fast path) and only a body an editor
changed into real Markdown goes through the Markdown library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..engine.files import AliasRefused, safe_yaml_without_aliases
from ..engine.plain import cacheable, shared
from ..errors import RecordError
from ..extract.basis import DateBasis
from ..extract.capture import normalise_line
from ..extract.decisions import Block

# libyaml's C emitter when the wheel has it: ten times faster on large archives.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

#: Bump when the cleaner or the record format changes, so untouched generated
#: records are regenerated while hand-edited ones are kept.
CLEANER_VERSION = 3
BASES = tuple(DateBasis)
GENERATED_LINE = re.compile(r"^generated: [0-9a-f]{64}\n", re.MULTILINE)
CAPTION_MARK = "{: .caption}"
FIELDS = (
    "title",
    "source",
    "date",
    "date_basis",
    "date_note",
    "updated",
    "captured",
    "seed",
    "seed_sha256",
    "slug",
    "encoding",
    "profile",
    "removed_lines",
    "doubts",
    "cleaner",
)


@cacheable
@dataclass(frozen=True)
class Article:
    """One article as recorded in `articles/`, whoever wrote it.

    The build cache keeps every record of a large archive between builds, but
    not their bodies (most of their size): a body is read again from the file
    only for the few pages a build makes again.
    """

    meta: dict[str, Any]
    #: The article file, as text: the cache keeps every record of a large archive, and
    #: making tens of thousands of `Path` objects again on every build is slow.
    file: str
    edited: bool
    #: SHA-256 of the file's text: what every page made from it depends on.
    digest: str = ""
    #: What makes two records the same article: source, title and text, not the file.
    same_as: str = ""
    kept_body: str | None = field(default=None, repr=False)

    @property
    def body(self) -> str:
        """The Markdown body, read back from the file when the cache kept the record without it.

        The file must still be the one this record was parsed from: a page must
        never pair one version's body with another's title and date.
        """
        if self.kept_body is not None:
            return self.kept_body
        text = read_text(self.path)
        # The whole text's digest is the record's: its body is then the one parsed, and
        # the front matter need not be parsed again (YAML, most of reading a record).
        if text_digest(text) != self.digest:
            raise RecordError(self.path, "changed while the site was built; build again")
        return body_of(text)

    def without_body(self) -> Article:
        """This record as the build cache keeps it: everything but the body."""
        return self if self.kept_body is None else replace(self, kept_body=None)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled compactly, as its fields: workers send back a record for each new capture."""
        fields = (self.meta, self.file, self.edited, self.digest, self.same_as, self.kept_body)
        return (Article, fields)

    @property
    def path(self) -> Path:
        return Path(self.file)

    # Cached on the record, whose fields never change: a rebuild of 10,000 articles asked
    # each record for its slug six times and its name twice (70,000 calls, 0.02-0.03 s).
    @cached_property
    def name(self) -> str:
        """The article file's name."""
        return os.path.basename(self.file)

    @cached_property
    def slug(self) -> str:
        return str(self.meta["slug"])

    @property
    def title(self) -> str:
        return str(self.meta["title"])

    @property
    def date(self) -> str | None:
        value = self.meta.get("date")
        return str(value) if value else None

    @property
    def basis(self) -> str:
        return str(
            self.meta.get("date_basis") or (DateBasis.STATED if self.date else DateBasis.UNKNOWN)
        )


# --- Markdown escaping --------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]{}<>&#!])")
_BLOCK_START = re.compile(r"^([-+]|\d+(?=\.(?:\s|$)))")


def escape_markdown(text: str) -> str:
    """Escape capture text so Python-Markdown shows it literally, character for character.

    ``<``, ``>`` and ``&`` become entities (Markdown would pass raw HTML and
    entities through); the other punctuation Markdown gives meaning to gets a
    backslash; a leading list number or marker is escaped at its first
    character so it stays a paragraph.
    """
    text = " ".join(text.split())

    def inline(match: re.Match[str]) -> str:
        char = match.group(1)
        return {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(char, "\\" + char)

    escaped = _INLINE.sub(inline, text)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start.group(1)[0] not in "-+":
        return escaped[: start.end()] + "\\" + escaped[start.end() :]
    return "\\" + escaped


_UNESCAPE = re.compile(r"\\([\\`*_\[\]{}#!.\-+])|&(lt|gt|amp);")


def unescape_markdown(text: str) -> str:
    """Invert :func:`escape_markdown` (used only when the round trip is exact)."""
    return _UNESCAPE.sub(
        lambda m: m.group(1) or {"lt": "<", "gt": ">", "amp": "&"}[m.group(2)], text
    )


def blocks_to_markdown(blocks: tuple[Block, ...] | list[Block]) -> str:
    parts = []
    for block in blocks:
        text = escape_markdown(block.text)
        if block.kind == "subheading":
            parts.append(f"## {text}")
        elif block.kind == "caption":
            parts.append(f"{text}\n{CAPTION_MARK}")
        else:
            parts.append(text)
    return "\n\n".join(parts) + "\n"


def markdown_to_blocks(body: str) -> list[Block] | None:
    """Parse a body written in exactly the generated grammar; None for anything else.

    None sends the body to the Markdown library (an editor wrote real Markdown).
    """
    blocks = []
    for number, chunk in enumerate(re.split(r"\n[ \t]*\n", body.strip())):
        kind, text = "paragraph", chunk
        if chunk.startswith("## "):
            kind, text = "subheading", chunk[3:]
        elif chunk.endswith("\n" + CAPTION_MARK):
            kind, text = "caption", chunk[: -len(CAPTION_MARK) - 1]
        if not text or "\n" in text:
            return None
        plain = unescape_markdown(text)
        if escape_markdown(plain) != text:
            return None
        blocks.append(Block(kind, plain, number))
    return blocks


#: Python-Markdown's time grows with the square of the brackets, backticks, tags and
#: emphasis marks in one paragraph, and it recurses once per level of list or quote:
#: past these bounds an editor's body is shown as written, never given to it.
MARKDOWN_MAX_MARKS = 128
MARKDOWN_MAX_DEPTH = 16
_MARKS = re.compile(r"[\[\]<>`*_!]")
_LEAD = re.compile(r"[ \t]*+(?:(?:[>*+-]|\d{1,9}[.)])[ \t]*+)*+")
_LEVEL = re.compile(r"[>*+-]|\d{1,9}[.)]")


def markdown_limit(body: str) -> str | None:
    """Why this Markdown body is not given to the Markdown library, or None when it can be.

    Both measures are linear in the body, so the worst body costs no more than its size.
    """
    for chunk in re.split(r"\n[ \t]*\n", body):
        marks = len(_MARKS.findall(chunk))
        if marks > MARKDOWN_MAX_MARKS:
            return (
                f"a paragraph holds {marks} Markdown marks ([ ] < > ` * _ !), "
                f"more than {MARKDOWN_MAX_MARKS}"
            )
    for line in body.split("\n"):
        lead = _LEAD.match(line)
        text = lead.group() if lead else ""
        indent = len(text) - len(text.lstrip(" \t"))
        depth = len(_LEVEL.findall(text)) + indent // 4
        if depth > MARKDOWN_MAX_DEPTH:
            return f"lists or quotes are nested {depth} deep, more than {MARKDOWN_MAX_DEPTH}"
    return None


# --- files --------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(GENERATED_LINE.sub("", text, count=1).encode("utf-8")).hexdigest()


def render_record(meta: dict[str, Any], body: str) -> str:
    """The text of an article file, with the hash that marks it as untouched."""
    ordered = {key: meta[key] for key in FIELDS if meta.get(key) is not None}
    front = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    text = f"---\n{front}---\n\n{body}"
    digest = _digest(text)
    return text.replace("\n---\n\n", f"\ngenerated: {digest}\n---\n\n", 1)


SEED_LINE = re.compile(r"^seed:.*$", re.MULTILINE)


def with_seed(text: str, name: str) -> str:
    """An article file's text naming another seed file, and otherwise as the editor left it."""
    end = text.find("\n---\n", 4)
    line = yaml.dump({"seed": name}, Dumper=_Dumper, allow_unicode=True, width=10_000)
    front = SEED_LINE.sub(lambda _: line.rstrip("\n"), text[:end], count=1)
    return front + text[end:]


def yaml_problem(error: yaml.YAMLError) -> str:
    """Where and what, on one line, with the line counted in the file (after its '---')."""
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 2}" if mark is not None else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"{where}: {problem}"


def parse_record(text: str, path: Path) -> Article:
    if not text.startswith("---\n"):
        raise RecordError(path, "does not start with a '---' front matter line")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise RecordError(path, "front matter is not closed by a '---' line")
    try:
        meta = safe_yaml_without_aliases(text[4:end])
    except yaml.YAMLError as error:
        raise RecordError(path, f"front matter is not valid YAML{yaml_problem(error)}") from error
    except AliasRefused as error:
        raise RecordError(path, f"front matter {error}") from error
    except ValueError as error:  # a date YAML reads itself, such as 2024-02-30
        raise RecordError(path, f"front matter holds an impossible value ({error})") from error
    if not isinstance(meta, dict):
        raise RecordError(path, "front matter must be a mapping")
    for key in ("title", "slug", "source"):
        # Control characters and invisibles are dropped from every page: they are no title.
        if not isinstance(meta.get(key), str) or not normalise_line(meta[key]):
            raise RecordError(path, f"front matter needs a non-empty '{key}'")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,100}", meta["slug"]):
        raise RecordError(path, "slug must be lower-case ASCII letters, digits and '-'")
    if meta.get("date") is not None:
        meta["date"] = str(meta["date"]).replace(" ", "T")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?", meta["date"]):
            raise RecordError(path, "date must be ISO 8601 (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
        try:
            dt.datetime.fromisoformat(meta["date"])
        except ValueError as error:
            raise RecordError(path, f"date {meta['date']} does not exist ({error})") from error
    basis = meta.get("date_basis")
    if basis is not None and basis not in BASES:
        raise RecordError(path, f"date_basis must be one of {', '.join(BASES)}")
    problem = wrong_kind(meta)
    if problem:
        raise RecordError(path, f"front matter {problem}")
    stored = meta.pop("generated", None)
    edited = stored != _digest(text)
    body = body_of(text)
    digest = text_digest(text)
    same_as = content_key(meta, body)
    return Article(shared(meta), os.fspath(path), edited, digest, same_as, body)


#: Front matter holding text. YAML reads `2024` as a number and a time stamp as a date:
#: an editor meant text, and gets it. A list or a mapping is refused.
TEXT_FIELDS = ("date_note", "updated", "captured", "seed", "seed_sha256", "encoding", "profile")
#: Front matter holding a whole number.
NUMBER_FIELDS = ("removed_lines", "cleaner")


def kind_of(value: Any) -> str:
    """What a YAML value is, in an editor's words."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def wrong_kind(meta: dict[str, Any]) -> str | None:
    """The first field of `meta` holding the wrong kind of value, said in one phrase; None if
    none does. Text fields written as numbers or dates are made text in `meta`.

    Every template and listing takes these values as they are: a list where a
    note belongs stopped the whole build (an unhashable date in the listings).
    """
    for key in TEXT_FIELDS:
        value = meta.get(key)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | dt.date):
            return f"'{key}' must be text, not {kind_of(value)}"
        meta[key] = str(value)
    for key in NUMBER_FIELDS:
        value = meta.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return f"'{key}' must be a whole number, not {kind_of(value)}"
    doubts = meta.get("doubts")
    if doubts is not None and not isinstance(doubts, list):
        return f"'doubts' must be a list of text, not {kind_of(doubts)}"
    for doubt in doubts or ():
        if not isinstance(doubt, str):
            return f"'doubts' must be a list of text lines; one is {kind_of(doubt)}"
    return None


def content_key(meta: dict[str, Any], body: str) -> str:
    """Two saves of one page (even in encodings that lose a character of page furniture)
    give the same key; the same story from two sources never does."""
    parts = (str(meta.get("profile", "")), str(meta.get("source", "")), str(meta["title"]), body)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def read_text(path: Path) -> str:
    """An article file's text, or a `RecordError` saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(path, f"cannot be read: {error}") from error


def read_record(path: Path) -> Article:
    return parse_record(read_text(path), path)


def text_digest(text: str) -> str:
    """An article file's `Article.digest`: SHA-256 of its whole text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def body_of(text: str) -> str:
    """The Markdown body of an article file's text (front matter checked by `parse_record`)."""
    return text[text.find("\n---\n", 4) + 5 :].lstrip("\n")


def make_slug(date: str | None, profile: str, seed_sha256: str) -> str:
    """ASCII, stable and unique: the date, the source key and the capture's hash."""
    day = date[:10] if date else "undated"
    key = re.sub(r"[^a-z0-9]+", "-", profile.lower()).strip("-") or "source"
    return f"{day}-{key}-{seed_sha256[:10]}"
