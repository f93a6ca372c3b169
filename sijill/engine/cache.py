"""The build cache: what the last build saw, so the next one redoes only what changed.

It lives beside the output folder (``.sijill-cache/``) and is safe to delete:
without it the next build is simply a cold one. Anything that could change
every page at once (the templates, site.toml, the program itself, the
project's wording) goes into one fingerprint, which every page's key starts
from. What the seeds, records and entries are made from (the program, a few
settings, the project's profiles and topics: the basis) is hashed apart: a
different basis discards the whole cache, while a template change, or a new
site title, keeps what was learnt of every seed, record and search shard, and
only renders every page again.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, get_type_hints

from ..config.settings import CACHE_FOLDER, Settings
from . import plain
from .files import write_atomically, write_beside

CACHE_FORMAT = 5
PACKAGE = Path(__file__).resolve().parents[1]


@plain.cacheable
class Stamp(NamedTuple):
    """Size and modification time: enough to know a file is unchanged without reading it.

    A tuple: a large archive's rebuild compares and loads tens of thousands of them.
    """

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp:
        info = path.stat()
        return cls(info.st_size, info.st_mtime_ns)


def hash_tree(paths: list[Path], digest: Any) -> None:
    for path in sorted(paths):
        digest.update(path.as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())


#: What in the templates folder is published as it is: pages link these files
#: instead of embedding them, so an edited stylesheet is that file's change alone,
#: and the build compares them as inputs (`records.inputs.Inputs`), not in the fingerprint.
#: (The one page that embeds the stylesheet, 404.html without base_url, has it in
#: its own key.)
COPIED = ("static", "favicon.ico")


def is_copied(relative: str) -> bool:
    """Whether a file of the templates folder (`relative` to it, "static/style.css") is
    published as it is (`COPIED`)."""
    return relative.split("/", 1)[0] in COPIED


#: The settings that shape what the cache's tables hold: how much of a seed is read, where
#: seeds and records are, and the locale every listing entry's date is worded in. The
#: others (title, page sizes, base URL…) only shape pages, whose keys hold all settings.
SHAPING_TABLES = ("root", "seeds", "articles", "max_capture_bytes", "locale")


def basis(settings: Settings) -> str:
    """Hash of what seeds, records and entries are made from: the program and some settings."""
    shaping = {name: getattr(settings, name) for name in SHAPING_TABLES}
    digest = hashlib.sha256(f"format {CACHE_FORMAT}\n{shaping!r}".encode())
    memo = BuildCache.location(settings).with_name("program.json")
    digest.update(program_digest(PACKAGE, memo).encode())
    # The project's profiles shape every record, and its topics every listing entry.
    digest.update(settings.editorial.digest("profiles", "topics").encode())
    return digest.hexdigest()


#: Modules of the package that cannot change what a build writes: the preview server, the
#: editors' commands, the terminal output and the command line. An edit to them keeps the cache.
NOT_OUTPUT = frozenset(
    {
        "__main__.py",
        "cli.py",
        "commands/check.py",
        "commands/console.py",
        "commands/explain.py",
        "commands/serve.py",
    }
)


def program_digest(package: Path, memo: Path | None = None) -> str:
    """Hash of the program as far as it can change output: each module's syntax tree without
    its docstrings (so comments, docstrings and layout do not count), apart from `NOT_OUTPUT`,
    and the packaged data files as they are.

    Parsing every module takes longer than a build with nothing to do, so what each
    module's bytes gave is remembered in `memo` (beside the cache, and as safe to delete).
    """
    try:
        known = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
    except (OSError, ValueError):
        known = {}
    seen: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if not path.is_file() or relative in NOT_OUTPUT or path.suffix not in (".py", ".yaml"):
            continue
        data = path.read_bytes()
        if path.suffix == ".py":
            raw = hashlib.sha256(data).hexdigest()
            seen[raw] = known.get(raw) or _code_shape(data)
            data = seen[raw].encode()
        digest.update(f"{relative}\0".encode() + data + b"\0")
    if memo and seen != known:
        with contextlib.suppress(OSError):  # only a faster next build is lost
            memo.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(memo, json.dumps(seen, sort_keys=True).encode())
    return digest.hexdigest()


def _code_shape(source: bytes) -> str:
    """A hash of a module's syntax tree without docstrings: what the code does, not how it
    is written down (comments and layout are not in the tree)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = node.body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


def fingerprint(settings: Settings, made_from: str | None = None) -> str:
    """Hash of everything that shapes every page: the basis (`made_from`), every setting, the
    project's wording (capture pages show it) and the templates."""
    digest = hashlib.sha256(f"{made_from or basis(settings)}\n{settings!r}".encode())
    digest.update(settings.editorial.digest("wording").encode())
    if settings.templates.is_dir():
        templates = settings.templates
        shaping = [
            p
            for p in templates.rglob("*")
            if p.is_file() and not is_copied(p.relative_to(templates).as_posix())
        ]
        hash_tree(shaping, digest)
    return digest.hexdigest()


#: The tables that hold one item per seed or article, saved in parts (`BuildCache.write_pending`).
TABLES = ("seeds", "records", "entries")
#: Parts per table: an added article rewrites about 1/64 of each, not the whole.
PARTS = 64


def part_of(key: str) -> int:
    """The part a table's item is saved in: stable across runs, unlike `hash`."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % PARTS


@dataclass
class BuildCache:
    """Everything remembered between builds.

    Its small tables are saved in one file; the three that hold an item per
    article in `PARTS` files each, so a rebuild that changes a few articles of
    a large archive rewrites a few small files instead of tens of megabytes.
    The main file names the parts it goes with, and is replaced last: a build
    that stops halfway leaves the previous cache whole.
    """

    fingerprint: str = ""
    #: what the tables below were made from (`basis`)
    basis: str = ""
    #: seed name -> (stamp, sha256 of its bytes, sha256 of its normalised text, reader's notes)
    seeds: dict[str, tuple[Stamp, str, str, tuple[str, ...]]] = field(default_factory=dict)
    #: article file name -> (stamp, parsed record)
    records: dict[str, tuple[Stamp, Any]] = field(default_factory=dict)
    #: output path -> key of what it was made from
    outputs: dict[str, str] = field(default_factory=dict)
    #: record digest -> listing entry
    entries: dict[str, Any] = field(default_factory=dict)
    #: search shard name -> key of the article pages it was built from
    search: dict[str, str] = field(default_factory=dict)
    #: article page -> digest of what Pagefind reads of it (`search.indexed_digest`)
    indexed: dict[str, str] = field(default_factory=dict)
    #: group of listing pages -> its key and the pages it made (`Renderer.group`)
    groups: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: hash of every input's name, size and time once the records were written
    inputs: str = ""
    #: table -> the file of each part as loaded, and what it held
    loaded: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict, repr=False)

    @staticmethod
    def location(settings: Settings) -> Path:
        return settings.output.parent / CACHE_FOLDER / f"{settings.output.name}.cache"

    @staticmethod
    def lock(settings: Settings) -> Path:
        """Beside the output, outside the cache folder: deleting the cache (it is safe to)
        during a build must not let a second build start alongside it."""
        return settings.output.with_name(f".{settings.output.name}.lock")

    @classmethod
    def load(cls, settings: Settings, current: str, made_from: str) -> BuildCache:
        """The saved cache if it was made from the same basis (`made_from`), else an empty one.

        With other templates (`current` differs) every page's key differs too,
        as each starts from the fingerprint; a group of listing pages is keyed
        without it, so the groups are dropped.
        """
        main = cls.location(settings)
        empty = cls(fingerprint=current, basis=made_from)
        unsettled = unsettled_location(settings).exists()
        try:
            saved = plain.loads(main.read_bytes())
            if not isinstance(saved, dict) or saved.get("format") != CACHE_FORMAT:
                return empty
            if saved["basis"] != made_from:
                return empty
            cache = cls(**{name: _checked(name, saved[name]) for name in SMALL_FIELDS})
            if cache.fingerprint != current:
                cache.fingerprint, cache.groups = current, {}
            for table in TABLES:
                merged: dict[str, Any] = {}
                parts = []
                for name in saved["parts"][table]:
                    if type(name) is not str or os.path.basename(name) != name:
                        return empty
                    part = _checked(table, plain.loads((parts_folder(main) / name).read_bytes()))
                    merged.update(part)
                    parts.append((name, part))
                setattr(cache, table, merged)
                cache.loaded[table] = parts
        except Exception:  # gone, half written, damaged, hostile or of another version
            return empty
        if unsettled:
            # What the live site holds is not what the cache says it made: every page is
            # made again. What was learnt of the seeds and records still holds.
            cache.outputs, cache.search, cache.indexed, cache.groups = {}, {}, {}, {}
        return cache

    def write_pending(self, settings: Settings) -> PendingCache:
        """The cache in files beside its place, to be put there once the site is.

        Only the parts whose items changed since the cache was loaded are
        written, each under a new name; the main file, which names them all,
        waits beside its place. Written while Pagefind indexes on the other cores.
        """
        main = self.location(settings)
        folder = parts_folder(main)
        folder.mkdir(parents=True, exist_ok=True)
        token = os.urandom(6).hex()
        written: list[Path] = []
        names: dict[str, list[str]] = {}
        saved_parts: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        try:
            for table in TABLES:
                names[table] = []
                saved_parts[table] = []
                for number, (part, changed) in enumerate(self._parts(table)):
                    if not changed:
                        names[table].append(self.loaded[table][number][0])
                    else:
                        name = f"{table}-{number}-{token}.json"
                        written.append(folder / name)
                        with (folder / name).open("xb") as handle:
                            handle.write(plain.dumps(part))
                        names[table].append(name)
                    saved_parts[table].append((names[table][-1], part))
            saved = {name: getattr(self, name) for name in SMALL_FIELDS}
            saved.update(format=CACHE_FORMAT, parts=names)
            main_file = write_beside(main, lambda handle: handle.write(plain.dumps(saved)))
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        named = frozenset(name for table in TABLES for name in names[table])
        return PendingCache(self, settings, main_file, tuple(written), named, saved_parts)

    def _parts(self, table: str) -> Iterator[tuple[dict[str, Any], bool]]:
        """Each part of `table` as it is now, and whether it differs from the one loaded."""
        items: dict[str, Any] = getattr(self, table)
        loaded = self.loaded.get(table)
        parts: list[dict[str, Any]] = [{} for _ in range(PARTS)]
        for key, value in items.items():
            parts[part_of(key)][key] = value
        for number, part in enumerate(parts):
            if loaded is None or len(loaded) != PARTS:
                yield part, True
                continue
            before = loaded[number][1]
            same = len(before) == len(part) and all(
                (old := before.get(key, _MISSING)) is value or old == value
                for key, value in part.items()
            )
            yield part, not same


_MISSING = object()
#: The fields saved in the main file, beside the names of the parts.
SMALL_FIELDS = ("fingerprint", "basis", "outputs", "search", "indexed", "groups", "inputs")
#: What each field of `BuildCache` must hold, checked as it is read: a cache file
#: that parses but holds something else is as good as damaged.
_FIELD_TYPES = get_type_hints(BuildCache)


def _checked(name: str, value: Any) -> Any:
    """`value`, read from a cache file for the field `name`, if it has that field's type."""
    if not plain.conforms(value, _FIELD_TYPES[name]):
        raise ValueError(f"the cache's {name} are not what they should be")
    return value


def parts_folder(main: Path) -> Path:
    return main.with_suffix(".parts")


@dataclass(frozen=True)
class PendingCache:
    """A cache written beside its place, put there once the site is."""

    cache: BuildCache
    settings: Settings
    file: Path
    #: The parts this build wrote: nothing names them until the main file is in place.
    parts: tuple[Path, ...] = ()
    #: Every part the main file names, written by this build or kept from the last.
    named: frozenset[str] = frozenset()
    #: Each table's parts as saved (file name, items): what `BuildCache.loaded` holds for
    #: a cache kept in memory for the next build (`engine.warm`).
    saved: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)

    def abandon(self) -> None:
        """After a failure: nothing of this cache is kept."""
        self.file.unlink(missing_ok=True)
        for path in self.parts:
            path.unlink(missing_ok=True)

    def put_in_place(self, output: Any, report: Any) -> None:
        """The cache, then the summary a nothing-changed build reads alone (with what the
        site is now, `output`: `publish.site_state`).

        Parts no longer named (the ones this build replaced, or left by a build
        that was killed) are deleted once the new main file names their successors.
        """
        main = self.cache.location(self.settings)
        os.replace(self.file, main)
        summary = (self.cache.fingerprint, self.cache.inputs, output, report)
        write_atomically(summary_location(self.settings), plain.dumps(summary))
        with os.scandir(parts_folder(main)) as entries:
            stale = [entry.path for entry in entries if entry.name not in self.named]
        for path in stale:
            Path(path).unlink(missing_ok=True)
        # The cache describes the live site again.
        unsettled_location(self.settings).unlink(missing_ok=True)


def summary_location(settings: Settings) -> Path:
    return BuildCache.location(settings).with_suffix(".summary")


def unsettled_location(settings: Settings) -> Path:
    return BuildCache.location(settings).with_suffix(".unsettled")


def unsettle(settings: Settings) -> None:
    """Say, before a build changes the live site, that the saved cache may not describe it.

    A build stopped while its site goes in (a full disk, Ctrl-C, a kill) leaves
    part or all of a site that no saved cache describes: the cache still holds
    the keys of the pages before. Were the edit then taken back, those keys would
    match again and the pages showing it would be kept, for good. So until a
    build's own cache is in place (`PendingCache.put_in_place` clears this),
    nothing is taken as done: the next build makes every page again.
    """
    path = unsettled_location(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


class LastBuild(NamedTuple):
    """What a build with nothing to do needs of the last one (`last_build`)."""

    #: hash of every input's name, size and time (`BuildCache.inputs`)
    inputs: str
    #: what the site was when it was put in place (`publish.site_state`), unchecked
    site: Any
    #: the last build's report, unchecked
    report: Any


def last_build(settings: Settings, current: str) -> LastBuild | None:
    """What the last build saw and said, if it was made with this fingerprint.

    Read from a small file of its own, so a build that turns out to have
    nothing to do never loads the whole cache of a large archive.
    """
    if unsettled_location(settings).exists():
        return None
    try:
        fingerprint_, inputs, output, report = plain.loads(summary_location(settings).read_bytes())
    except Exception:  # gone, damaged or of another kind: a build decides afresh
        return None
    return LastBuild(inputs, output, report) if fingerprint_ == current else None
