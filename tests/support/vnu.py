"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar), run in batches on Java.

Also a small structural check for Atom feeds, which the HTML checker does not cover.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from .browser import PROJECT_ROOT, TOOLS_DIR, _missing

__all__ = [
    "atom_problems",
    "check_css",
    "check_html",
    "check_svg",
    "format_messages",
    "require_vnu",
    "vnu_jar",
]

# Keep each java command line well under the kernel's argument limit.
_MAX_ARGS_CHARS = 100_000


def vnu_jar() -> Path:
    return TOOLS_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_vnu() -> None:
    """Skip (or fail under env ``CI``) when java or vnu.jar is missing."""
    if shutil.which("java") is None:
        _missing("java not found (Debian package default-jre-headless)")
    if not vnu_jar().is_file():
        _missing(f"vnu.jar not found at {vnu_jar().relative_to(PROJECT_ROOT)}")


def _batches(files: list[Path]) -> Iterable[list[Path]]:
    batch: list[Path] = []
    size = 0
    for f in files:
        n = len(str(f)) + 1
        if batch and size + n > _MAX_ARGS_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(f)
        size += n
    if batch:
        yield batch


def _url_to_file(url: str) -> str:
    if url.startswith("file:"):
        return urllib.request.url2pathname(urllib.parse.urlsplit(url).path)
    return url


def _run(mode: list[str], files: Iterable[Path]) -> list[dict]:
    require_vnu()
    paths = [Path(f).resolve() for f in files]
    for p in paths:
        if not p.is_file():
            raise FileNotFoundError(p)
    messages: list[dict] = []
    for batch in _batches(paths):
        cmd = [
            "java", "-Xss8m", "-jar", str(vnu_jar()),
            *mode, "--errors-only", "--format", "json", "--stdout",
            *map(str, batch),
        ]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        if proc.returncode not in (0, 1) or not proc.stdout.strip():
            raise RuntimeError(
                f"vnu.jar exited {proc.returncode}: {proc.stderr.strip() or proc.stdout.strip()}"
            )
        for m in json.loads(proc.stdout).get("messages", []):
            url = m.get("url", "")
            messages.append(
                {
                    "url": url,
                    "file": _url_to_file(url),
                    "line": m.get("lastLine", m.get("firstLine")),
                    "column": m.get("firstColumn", m.get("lastColumn")),
                    "type": m.get("type"),
                    "message": m.get("message", ""),
                    "extract": m.get("extract", ""),
                }
            )
    return messages


def check_html(files: Iterable[Path]) -> list[dict]:
    """Errors the Nu checker finds in HTML ``files`` (one java run for all of them).

    Each message is ``{"url", "file", "line", "column", "type", "message", "extract"}``;
    an empty list means every file is valid.
    """
    return _run(["--html"], files)


def check_css(files: Iterable[Path]) -> list[dict]:
    """Errors the Nu checker finds in CSS ``files``; same shape as :func:`check_html`."""
    return _run(["--css"], files)


def check_svg(files: Iterable[Path]) -> list[dict]:
    """Errors the Nu checker finds in SVG ``files``; same shape as :func:`check_html`."""
    return _run(["--svg"], files)


def format_messages(messages: list[dict], root: Path | None = None) -> str:
    """One line per message, ``file:line:column: message``, for assertion output."""
    lines = []
    for m in messages:
        name = m["file"]
        if root is not None:
            with contextlib.suppress(ValueError):
                name = str(Path(name).relative_to(Path(root).resolve()))
        lines.append(f"{name}:{m['line']}:{m['column']}: {m['message']}")
    return "\n".join(lines)


_ATOM = "{http://www.w3.org/2005/Atom}"


def atom_problems(path: Path) -> list[str]:
    """Structural problems of an Atom feed (RFC 4287); an empty list means none found.

    Checks that it parses as XML, that the root is an Atom ``feed`` with one ``id``,
    ``title`` and ``updated``, and that every ``entry`` has an ``id``, ``title``,
    ``updated`` and an alternate ``link`` with an ``href``, with unique entry ids.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != f"{_ATOM}feed":
        return [f"root element is {root.tag}, not an Atom feed"]
    problems = []
    for name in ("id", "title", "updated"):
        count = len(root.findall(f"{_ATOM}{name}"))
        if count != 1:
            problems.append(f"feed has {count} <{name}> elements, needs exactly 1")
    ids: set[str] = set()
    for i, entry in enumerate(root.findall(f"{_ATOM}entry"), 1):
        for name in ("id", "title", "updated"):
            el = entry.find(f"{_ATOM}{name}")
            if el is None or not (el.text or "").strip():
                problems.append(f"entry {i} lacks <{name}>")
        eid = (entry.findtext(f"{_ATOM}id") or "").strip()
        if eid and eid in ids:
            problems.append(f"entry {i} repeats id {eid}")
        ids.add(eid)
        links = [
            link for link in entry.findall(f"{_ATOM}link")
            if link.get("rel", "alternate") == "alternate" and link.get("href")
        ]  # fmt: skip
        if not links:
            problems.append(f"entry {i} lacks an alternate <link href>")
    return problems
