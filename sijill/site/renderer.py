"""Stage 5, render the site: article records become static right-to-left HTML.

Every link is relative to the page that carries it, so the output works from
any static server, under any sub-path, and straight from disk. Text from
captures reaches templates only as plain strings and Jinja2 autoescapes it;
the one place HTML is produced outside a template (an article body an editor
rewrote in Markdown) is sanitised with nh3 first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..config.settings import Settings
from ..engine.files import write_new
from ..engine.hashing import digest_of
from ..engine.recall import Recall, take_or_make
from ..errors import OutputPathError
from .bidi import isolate_ltr
from .counts import articles
from .display import ShownDate
from .metadata import PageMetadata
from .page import (
    Group,
)


class _ProcessMemory:
    """Where Jinja keeps compiled templates: this process's memory, never a file.

    Compiled templates are Python code; read back from a file in the cache folder,
    which others may be able to write, they could run anything. `serve` rebuilds in
    one process, so it compiles each template once; a build from the command line
    compiles them afresh (a few hundredths of a second).
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.compiled.get(key)

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self.compiled[key] = value


#: Checked against each template's source on every use, as a file cache would be.
COMPILED = jinja2.MemcachedBytecodeCache(_ProcessMemory(), ignore_memcache_errors=False)


class Renderer:
    """Writes pages into one output folder; knows each page's depth to make links relative.

    Every output is named by a key (a hash of what it is made from); an output
    whose key matches the previous build's is kept as it is instead of being
    rendered again. The build passes as previous only the files the live site
    really holds, and the folder written into starts empty: what is kept stays
    where it is, what is made goes beside it until the build succeeds.
    """

    def __init__(
        self,
        settings: Settings,
        out: Path,
        fingerprint: str = "",
        previous: dict[str, str] | None = None,
        globals_: dict[str, Any] | None = None,
        previous_groups: dict[str, Group] | None = None,
        recalled: Recall | None = None,
    ) -> None:
        self.settings = settings
        self.out = out
        self.fingerprint = fingerprint
        self.previous = previous or {}
        self.produced: dict[str, str] = {}
        self.previous_groups = previous_groups or {}
        self.groups: dict[str, Group] = {}
        self._grouping: list[str] | None = None
        self.rendered = 0
        #: `serve`'s memory of the last render's walks, for this fingerprint only.
        same = recalled is not None and recalled.fingerprint == fingerprint
        self.recall = recalled if same else None
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(settings.templates),
            bytecode_cache=COMPILED,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(globals_ or {})
        self.env.globals["metadata"] = PageMetadata(settings, out)
        self.env.filters["ltr"] = isolate_ltr
        self.env.filters["listed_date"] = self.listed_date
        self.env.filters["articles"] = articles
        self._dates: dict[ShownDate, Markup] = {}

    def listed_date(self, shown: ShownDate) -> Markup:
        """The `date` macro of `_macros.html`, made once per date shown in listings.

        A listing page of a hundred articles spent half its rendering time
        calling the macro, for dates that recur from page to page; the markup
        stays the template's, only its making is memoised.
        """
        markup = self._dates.get(shown)
        if markup is None:
            macros = self.env.get_template("_macros.html").module
            markup = self._dates[shown] = Markup(macros.date(shown))  # type: ignore[attr-defined]
        return markup

    @contextmanager
    def group(self, name: str, key: str) -> Iterator[bool]:
        """Pages made from one input as a whole (a topic's or a month's articles, in order).

        Yields whether they must be gone through: not when `key` is the last
        build's and every page it made is still there, which are then kept as
        they are. A large archive has thousands of listing pages, and keying
        each of them on every build costs more than the page a new article changes.
        """
        last = self.previous_groups.get(name)
        if last is not None and last[0] == key and all(p in self.previous for p in last[1]):
            for path in last[1]:
                self.produced[path] = self.previous[path]
            self.groups[name] = last
            yield False
            return
        self._grouping = paths = []
        try:
            yield True
        finally:
            self._grouping = None
        self.groups[name] = (key, tuple(paths))

    def root_for(self, path: str) -> str:
        return "../" * path.count("/")

    def target(self, path: str) -> Path:
        """Where `path` goes; refuses any path that would leave the output folder."""
        return self.out.joinpath(*checked_parts(path))

    def is_current(self, path: str, key: str) -> bool:
        """Record `path` as an output of this build; True when its file is already up to date.

        `previous` lists only the files the live site really holds, so no file
        is looked at here.
        """
        checked_parts(path)
        self.produced[path] = key
        if self._grouping is not None:
            self._grouping.append(path)
        return self.previous.get(path) == key

    def write(self, path: str, template: str, **context: Any) -> None:
        """Render a page whose context is cheap to build; its key is derived from the context."""
        key = digest_of(self.fingerprint, path, template, context)
        if not self.is_current(path, key):
            self.render_to(path, template, context)

    def needs(self, path: str, key: str) -> bool:
        """Record `path` as made from `key` (plus the fingerprint); whether it must be rendered.

        For pages whose context is costly to build: the caller builds it only
        when needed, and gives its key as one string of plain values, hashed
        once: a large archive's rebuild keys tens of thousands of pages.
        """
        return not self.is_current(path, self.key_of(path, key))

    def key_of(self, path: str, key: str) -> str:
        """The key `needs` records for `path` made from `key`: one hash, with the fingerprint."""
        text = f"{self.fingerprint}\0{path}\0{key}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(text).hexdigest()

    def needs_recalled(self, path: str, made_from: object, key: Callable[[], str]) -> bool:
        """`needs(path, key())`, with the hash the last render made from inputs equal to
        `made_from` (values whose equality means an equal `key()`), when `serve` remembers it.

        A topic of a thousand articles is keyed page by page whenever one of them changes;
        its other pages are the same values as before, compared in C, not joined and hashed.
        """
        hashed = take_or_make(
            self.recall, "page", path, made_from, lambda: self.key_of(path, key())
        )
        return not self.is_current(path, hashed)

    def render_to(self, path: str, template: str, context: dict[str, Any]) -> str:
        """Render and write one page; the page is returned for what else must be read off it."""
        html = self.env.get_template(template).render(
            site=self.settings,
            root=self.root_for(path),
            path=path,
            absolute=(self.settings.base_url + path) if self.settings.base_url else None,
            **context,
        )
        self.put(path, html.encode("utf-8"))
        return html

    def put(self, path: str, data: bytes) -> None:
        """Write one file into the fresh folder this build renders into (`files.write_new`):
        plainly, as nothing else reads it, and never through a link into the previous site."""
        self.rendered += 1
        write_new(self.target(path), data)

    def put_file(self, path: str, data: bytes) -> None:
        """A file published as bytes (feed, raw capture, manifest): written only if it changed."""
        if not self.is_current(path, hashlib.sha256(data).hexdigest()):
            self.put(path, data)

    def copy_static(self) -> None:
        static = self.settings.templates / "static"
        if not static.is_dir():
            return
        for source in sorted(static.rglob("*")):
            relative = source.relative_to(static)
            # The bundled font is published only when site.toml asks for it.
            wanted = self.settings.self_hosted_font or relative.parts[0] != "fonts"
            if source.is_file() and wanted:
                self.put_file(f"static/{relative.as_posix()}", source.read_bytes())


def checked_parts(path: str) -> list[str]:
    """The folders and file name of an output path, refusing one that leaves the output folder.

    Checked by its parts, not by resolving it: the output folder holds only folders
    this build made, and resolving every one of tens of thousands of paths is slow.
    """
    parts = path.split("/")
    if "\\" in path or "\0" in path or "" in parts or "." in parts or ".." in parts:
        raise OutputPathError(f"refusing to write {path!r} outside the output folder")
    return parts
