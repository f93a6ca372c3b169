"""Seeds -> articles/: which captures need (re)making into records, and writing them.

Bad captures are normal input for an archive: each one costs only itself (one
warning line naming the file and the reason), never the rest of the archive.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config.settings import Settings
from ..engine.cache import BuildCache, Stamp
from ..engine.files import MAX_DEPTH, resolved, too_deep, tree_entries, write_atomically
from ..engine.parallel import fork_map
from ..errors import BUG_ADVICE, CaptureError, RecordError, SijillError, described
from ..extract.capture import Capture, read_capture
from ..extract.profiles import default_profiles
from ..extract.provenance import Findings
from .extraction import cleaning_problems, edit_problems, extract_record, review_advice

# The listing and the report live apart, for a build with nothing to do; named here too.
from .inputs import (  # noqa: F401
    ARTICLE_SUFFIX,
    Inputs,
    KeptListing,
    Listing,
    Report,
    Stat,
    counted,
    shown_name,
)
from .record import (
    CLEANER_VERSION,
    Article,
    parse_record,
    read_record,
    render_record,
    with_seed,
)

SEED_SUFFIX = ".txt"


def hidden(name: str) -> bool:
    """A hidden file, or one inside a hidden folder (editor back-ups, ``.git``): not a capture.

    `name` is the path below the seeds folder, so a project kept under a hidden
    folder still builds."""
    return name[0] == "." or "/." in name


def unreadable_folders(root: Path, listing: Listing) -> list[tuple[str, str]]:
    """The folders of `listing` (and `root` itself, as "") that could not be opened, by
    name, with the system's reason.

    `tree_entries` lists such a folder as empty, as `Path.rglob` does, so its captures
    would vanish from the site without a word; only a folder listed with nothing in it is
    opened again to ask why, which costs nothing in an archive whose folders hold files.
    """
    holding = {name.rpartition("/")[0] for name, _ in listing}
    asked = [] if listing else [("", os.fspath(root))]
    for name, entry in listing:
        if name in holding or hidden(name) or too_deep(name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                asked.append((name, entry.path))
        except OSError:  # gone since it was listed
            continue
    found = []
    for name, path in asked:
        try:
            with os.scandir(path):
                pass
        except FileNotFoundError:  # gone since it was listed
            continue
        except OSError as error:
            found.append((name, error.strerror or type(error).__name__))
    return sorted(found)


def find_seeds(
    root: Path, report: Report, listing: Listing | None = None
) -> Iterator[tuple[str, Stamp]]:
    """Every capture under `root` (sub-folders too, any case of ``.txt``), in a stable order.

    Each comes by its path below `root`, with its size and time from the one
    system call that sorted it out, so an unchanged seed is never looked at
    twice (nor made into a `Path`: a large archive has tens of thousands).

    A symlink is followed only while it stays inside `root`: one that leads
    elsewhere could publish any file on the machine. Hidden files and folders
    (editor back-ups, ``.git``) are not captures; only the part of the path
    below `root` is looked at, so a project kept under a hidden folder still builds.
    `listing` is `root`'s, when the build already has it.

    A name that is not UTF-8 (an archive unpacked in another encoding), a
    symlink loop and a folder nested past `MAX_DEPTH` each get one warning.
    """
    if not root.is_dir():
        report.warn(f"{root.name}/", "the seeds folder is missing; nothing to read")
        return
    base = root.resolve()
    if listing is None:
        listing = list(tree_entries(os.fspath(root)))
    folder = root.name
    for name, reason in unreadable_folders(root, listing):
        report.warn(
            f"{folder}/{name}/" if name else f"{folder}/",
            f"cannot be read ({reason}); the captures in it are left out until it can",
        )
    for name, entry in sorted(listing, key=lambda item: item[0]):
        if hidden(name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)  # the common case, a plain file: one call
        except OSError:  # gone since it was listed
            continue
        mode = info.st_mode
        is_link = stat.S_ISLNK(mode)
        if stat.S_ISDIR(mode) and too_deep(name):
            report.warn(
                f"{folder}/{name}/",
                f"folders nested deeper than {MAX_DEPTH} levels are not read "
                "(move the captures in it up)",
            )
            continue
        suffix = os.path.splitext(entry.name)[1].lower()
        if not is_link and not (suffix == SEED_SUFFIX and stat.S_ISREG(mode)):
            if stat.S_ISREG(mode):
                report.warn(
                    f"{folder}/{name}",
                    "is not a .txt file, so it is not read (rename it if it is a capture)",
                )
            continue
        if not utf8(name):
            if suffix == SEED_SUFFIX:
                report.warn(
                    f"{folder}/{name}",
                    "its name is not valid UTF-8 (unpacked from an archive made with another "
                    "encoding?); skipped (rename the file)",
                )
            continue
        if not is_link:  # a plain .txt file: no `Path` made (10,000 a rebuild, a fifth of a second)
            yield name, Stamp(info.st_size, info.st_mtime_ns)
            continue
        path, label = root / name, f"{folder}/{name}"
        target = resolved(path)
        if target is not None and target.is_dir():
            if not target.is_relative_to(base):
                report.warn(
                    label + "/",
                    f"is a symlink to a folder outside {folder}/; not read (move the captures in)",
                )
            continue
        if suffix != SEED_SUFFIX:
            continue
        if target is None:
            report.warn(
                label, "is a symlink loop (it leads back to itself); skipped (fix or delete it)"
            )
            continue
        if not target.exists():
            report.warn(label, "is a broken symlink; skipped (fix or delete it)")
            continue
        if not target.is_relative_to(base):
            report.warn(
                label,
                f"is a symlink to a file outside {folder}/; skipped (copy the file in instead)",
            )
            continue
        if path.is_file():
            yield name, Stamp.of(path)


def utf8(name: str) -> bool:
    """Whether a file name read from the disk is UTF-8: Python keeps other bytes as surrogates,
    which no page, record or YAML file can hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def plain_seed(name: str, info: Stat) -> bool | None:
    """How `find_seeds` takes an entry of seeds/ (`name` below it, its `lstat`): a capture,
    found with its stamp (True); passed over without a word (None: hidden, or a folder it
    enters); or anything else, a symlink or a file it warns of (False)."""
    if hidden(name):
        return None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return False if too_deep(name) else None
    return stat.S_ISREG(mode) and name.lower().endswith(SEED_SUFFIX) and utf8(name)


def found_seeds(
    root: Path, report: Report, listing: Listing | None, known: KeptListing | None
) -> list[tuple[str, Stamp]]:
    """`find_seeds`, or in `serve` its last result patched for the captures that changed
    since (`watched.Known.walked`), with the same warnings."""
    if known is None:
        return list(find_seeds(root, report, listing))

    def walk(warnings: list[str]) -> list[tuple[str, Stamp]]:
        said = Report()
        found = list(find_seeds(root, said, listing))
        warnings.extend(said.warnings)
        return found

    found, warnings = known.walked("seeds", plain_seed, walk)
    report.warnings.extend(warnings)
    return found


def plain_record(name: str, info: Stat) -> bool | None:
    """How `record_files` takes an entry of articles/ (its `lstat`), as `plain_seed` says."""
    if not name.endswith(ARTICLE_SUFFIX) or name.startswith("."):
        return None
    if stat.S_ISREG(info.st_mode):
        return True
    return None if stat.S_ISDIR(info.st_mode) else False


def record_files(
    folder: Path, listing: Listing | None = None, known: KeptListing | None = None
) -> list[tuple[str, Stamp]]:
    """The article files (``*.md`` at the top of `folder`, not hidden), by name, with their stamps.

    `listing` is the top of `folder`, when the build already has it; `known`, in `serve`,
    its last result patched for the files that changed since (`watched.Known.walked`).
    """
    if known is not None:
        return known.walked("articles", plain_record, lambda _: record_files(folder, listing))[0]
    if listing is None:
        try:
            with os.scandir(folder) as entries:
                listing = [(entry.name, entry) for entry in entries]
        except (FileNotFoundError, NotADirectoryError):
            return []
    found = []
    for name, entry in listing:
        if name.endswith(ARTICLE_SUFFIX) and not name.startswith("."):
            try:
                info = entry.stat()
            except OSError:  # gone, or a broken link
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((name, Stamp(info.st_size, info.st_mtime_ns)))
    return sorted(found, key=lambda item: item[0])


def index_records(
    folder: Path,
    report: Report,
    cache: BuildCache | None = None,
    listing: Listing | None = None,
    withheld: set[str] | None = None,
    kept: KeptListing | None = None,
) -> dict[str, Article]:
    """Existing article files by the seed they were made from.

    A file whose size and modification time match the last build's is taken
    from the cache instead of being parsed again. Of records claiming one slug
    only one is published (`slug_owner`); the seeds of the others are added to
    `withheld`, so that no new article is made from them meanwhile. `kept` is `serve`'s
    listing (`record_files`).
    """
    records: dict[str, Article] = {}
    if not folder.is_dir():
        return records
    known = cache.records if cache is not None else {}
    fresh: dict[str, tuple[Stamp, Article]] = {}
    for name, stamp in record_files(folder, listing, kept):
        cached = known.get(name)
        if cached and cached[0] == stamp:
            fresh[name] = cached  # the same item: the cache's part holding it is not saved again
            article = cached[1]
        else:
            try:
                article = read_record(folder / name)
            except RecordError as error:
                report.warn(f"articles/{name}", f"{error.reason}; not published until fixed")
                continue
            except SijillError:
                raise
            except Exception as error:  # costs this article only
                reason = f"failed unexpectedly ({described(error)})"
                report.warn(f"articles/{name}", f"{reason}; not published ({BUG_ADVICE})")
                continue
            fresh[name] = (stamp, article.without_body())
        seed = str(article.meta.get("seed") or f"(no seed) {name}")
        if seed in records:
            report.warn(
                f"articles/{name}", f"describes the same seed as {records[seed].name}; ignored"
            )
            continue
        records[seed] = article
    if cache is not None:
        cache.records = fresh
    by_slug: dict[str, list[tuple[str, Article]]] = {}
    for seed, article in records.items():
        by_slug.setdefault(article.slug, []).append((seed, article))
    for slug, claims in by_slug.items():
        if len(claims) < 2:
            continue
        owner = slug_owner(slug, [article for _, article in claims])
        for seed, article in claims:
            if article is owner:
                continue
            report.warn(
                f"articles/{article.name}",
                f"has the slug {slug} of articles/{owner.name}, which is published; "
                "not published until fixed (give it a slug of its own)",
            )
            del records[seed]
            if withheld is not None:
                withheld.add(seed)
    return records


def slug_owner(slug: str, claims: list[Article]) -> Article:
    """Of records claiming one slug, the one published: the file named after the slug (the
    original, when an editor copied it or gave another its slug), else the first by name.

    A stable rule: which file is published must not depend on which was edited last.
    """
    return min(
        claims, key=lambda article: (article.name != f"{slug}{ARTICLE_SUFFIX}", article.name)
    )


@dataclass
class SeedFile:
    """A seed as this build knows it: hashes always, the decoded capture only if it was read.

    A seed whose size and modification time match the last build's is not read
    at all: its hashes come from the cache.
    """

    name: str
    folder: Path
    stamp: Stamp
    sha256: str
    text_sha256: str
    notes: tuple[str, ...] = ()
    capture: Capture | None = None
    #: What its capture page needs of the cleaning, when this build cleaned it for its record.
    findings: Findings | None = None

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def load(self, settings: Settings) -> Capture:
        if self.capture is None:
            self.capture = read_capture(self.path, self.name, settings.max_capture_bytes)
        return self.capture


def needs_extraction(record: Article | None, sha256: str) -> bool:
    """Whether a seed's article must be made (again) from the capture.

    A record made from these very bytes by this cleaner, or edited by hand,
    is kept; so is an edited record whose seed changed (the build warns).
    """
    if record is None:
        return True
    if record.meta.get("seed_sha256") == sha256:
        return not record.edited and record.meta.get("cleaner") != CLEANER_VERSION
    return not record.edited


@dataclass(frozen=True)
class Examined:
    """One seed read (and, when its article needs it, cleaned and dated) by a worker."""

    seed: SeedFile | None
    refusal: tuple[str, str] | None = None
    #: The new article file, packed, and the article it holds (`prepare_record`).
    extracted: tuple[bytes, Article] | None = None


def prepare_record(
    meta: dict[str, Any], body: str, record: Article | None, folder: Path
) -> tuple[bytes, Article]:
    """A seed's (new or regenerated) article file, packed (`unpacked` gives its bytes), and
    the article it holds.

    Made by the worker that cleaned the capture, so a cold build of a large
    archive does not format and parse every record in one process afterwards.
    A cold build holds every new record until it writes them (which of them are
    written is decided over the whole archive), so each comes as compactly as
    it can: the file as compressed UTF-8 (a `str` of Arabic text takes two bytes
    a character, spaces and digits included: 3.7 kB becomes 1.8 kB) and the
    article without its body, which its pages read back from the file.
    """
    target = record.path if record else folder / f"{meta['slug']}.md"
    text = render_record(meta, body)
    return zlib.compress(text.encode("utf-8"), 1), parse_record(text, target).without_body()


def unpacked(packed: bytes) -> bytes:
    """The bytes of an article file `prepare_record` packed."""
    return zlib.decompress(packed)


def read_captures(
    settings: Settings,
    report: Report,
    records: dict[str, Article],
    cache: BuildCache,
    listing: Listing | None = None,
    kept: KeptListing | None = None,
) -> tuple[list[SeedFile], dict[str, tuple[str, Article]]]:
    """Every readable capture once, and the articles made from new or changed ones.

    Seeds unchanged since the last build are not read; the others are read,
    and cleaned when their article needs it, on every core. Refusals and exact
    duplicates are reported here. Of two captures with the same normalised
    text, the one that already has an article keeps it (its URL must not
    change); otherwise the first by name. `kept` is `serve`'s listing (`found_seeds`).
    """
    profiles = default_profiles()
    found = found_seeds(settings.seeds, report, listing, kept)
    unknown = []
    known: dict[str, SeedFile] = {}
    folder = settings.seeds
    for name, stamp in found:
        cached = cache.seeds.get(name)
        if cached is not None and cached[0] == stamp:
            known[name] = SeedFile(name, folder, stamp, cached[1], cached[2], cached[3])
        else:
            unknown.append((name, stamp))

    def examine(item: tuple[str, Stamp]) -> Examined:
        try:
            return examine_one(*item)
        except SijillError:
            raise
        except Exception as error:  # costs this capture only, as a refusal does
            return Examined(None, (f"failed unexpectedly ({described(error)})", BUG_ADVICE))

    def examine_one(name: str, stamp: Stamp) -> Examined:
        try:
            capture = read_capture(folder / name, name, settings.max_capture_bytes)
        except CaptureError as error:
            return Examined(None, (error.reason, error.advice))
        seed = SeedFile(name, folder, stamp, capture.sha256, capture.text_sha256, capture.notes)
        record = records.get(name)
        if not needs_extraction(record, capture.sha256):
            return Examined(seed)
        try:
            meta, body, extraction = extract_record(
                capture, profiles, record.slug if record else None
            )
        except CaptureError as error:
            return Examined(seed, (error.reason, error.advice))
        seed.findings = Findings.of(capture, extraction)
        return Examined(seed, None, prepare_record(meta, body, record, settings.articles))

    results = fork_map(examine, unknown, "reading")
    examined = dict(zip([name for name, _ in unknown], results, strict=True))
    captures: list[SeedFile] = []
    extracted: dict[str, tuple[bytes, Article]] = {}
    seen: dict[str, tuple[Stamp, str, str, tuple[str, ...]]] = {}
    folder_name = settings.seeds.name
    for name, _ in found:
        label = f"{folder_name}/{name}"
        result = examined.get(name)
        seed = known.get(name) or (result.seed if result else None)
        if seed is None and result is not None and result.refusal:
            report.warn(label, f"{result.refusal[0]}; skipped ({result.refusal[1]})")
            continue
        assert seed is not None
        if name in known:  # the same item: the cache's part holding it is not saved again
            seen[name] = cache.seeds[name]
        else:
            seen[name] = (seed.stamp, seed.sha256, seed.text_sha256, seed.notes)
        for note in seed.notes:
            report.warn(label, note)
        if result is not None and result.refusal:
            report.warn(label, f"{result.refusal[0]}; skipped ({result.refusal[1]})")
            continue
        if result is not None and result.extracted:
            extracted[name] = result.extracted
        captures.append(seed)
    cache.seeds = seen
    by_text: dict[str, SeedFile] = {}
    for capture in captures:  # by name: the first of twins with an article, else the first
        kept = by_text.setdefault(capture.text_sha256, capture)
        if kept is not capture and capture.name in records and kept.name not in records:
            by_text[capture.text_sha256] = capture
    keep = {id(c) for c in by_text.values()}
    for capture in captures:
        if id(capture) not in keep:
            twin = by_text[capture.text_sha256]
            _duplicate(settings, report, records, capture.name, twin.name)
    return [c for c in captures if id(c) in keep], extracted


def _duplicate(
    settings: Settings,
    report: Report,
    records: dict[str, Article],
    name: str,
    twin: str,
    same: str = "the same capture as",
) -> None:
    folder = settings.seeds.name
    record = records.pop(name, None)
    also = f"; its article file articles/{record.name} is not published" if record else ""
    report.warn(
        f"{folder}/{name}",
        f"is {same} {folder}/{twin}; published once, from {folder}/{twin}{also} "
        "(delete one of the two files)",
    )


def update_records(
    settings: Settings,
    report: Report,
    cache: BuildCache | None = None,
    inputs: Inputs | None = None,
) -> tuple[list[Article], dict[str, SeedFile]]:
    """Bring articles/ up to date with seeds/; every publishable article, and the seeds read.

    Records that need no work are taken first, so a duplicate that arrives
    later never displaces an article that is already published.
    """
    cache = cache if cache is not None else BuildCache()
    profiles = default_profiles()
    inputs = inputs or Inputs.list(settings)
    withheld: set[str] = set()
    records = index_records(
        settings.articles, report, cache, inputs.articles, withheld, inputs.known
    )
    readable = {record.name for record in records.values()}
    listed = {name for name, _ in inputs.articles}
    unreadable = {n for n in listed if n.endswith(ARTICLE_SUFFIX) and n[0] != "."} - readable
    captures, extracted = read_captures(
        settings, report, records, cache, inputs.seeds, inputs.known
    )
    live: dict[str, Article] = {}
    seed_of: dict[str, str] = {}
    pending: list[tuple[SeedFile, Article | None]] = []

    slugs: dict[str, Article] = {}

    def publish_once(article: Article, name: str) -> bool:
        key = article.same_as
        taken = slugs.get(article.slug)
        if taken is not None and taken.same_as != key:
            report.warn(
                f"{settings.seeds.name}/{name}",
                f"its article's slug {article.slug} is that of articles/{taken.name}, which is "
                "published; skipped (give one of the two a slug of its own)",
            )
            return False
        if key in live:
            _duplicate(
                settings,
                report,
                records,
                name,
                seed_of[key],
                "the same article (source, title and text) as",
            )
            return False
        live[key], seed_of[key] = article, name
        slugs[article.slug] = article
        return True

    # Records whose seed is gone, by the seed's hash: a capture with that hash is the
    # same file renamed (or the twin kept when a duplicate was deleted), and takes them.
    present = {capture.name for capture in captures}
    orphans = {
        sha: seed
        for seed, record in records.items()
        if seed not in present and isinstance(sha := record.meta.get("seed_sha256"), str)
    }
    for capture in captures:
        if capture.name in withheld:  # its record claims a taken slug: already said
            continue
        record = records.pop(capture.name, None)
        if record is None and capture.sha256 in orphans:
            record = records.pop(orphans.pop(capture.sha256))
            if record.edited:  # keep the editor's text; only the seed's name changes
                path = Path(record.path)
                text = with_seed(path.read_text(encoding="utf-8"), capture.name)
                record = parse_record(text, path)
                write_atomically(path, text)
                cache.records[record.name] = (Stamp.of(path), record.without_body())
                if publish_once(record, capture.name):
                    report.updated.append(capture.name)
                continue
            extracted.pop(capture.name, None)  # made for a new article, not under this slug
            pending.append((capture, record))  # regenerated, naming its new seed
            continue
        if record is not None and record.meta.get("seed_sha256") == capture.sha256:
            if record.edited or record.meta.get("cleaner") == CLEANER_VERSION:
                if publish_once(record, capture.name):
                    report.unchanged.append(capture.name)
                continue
        elif record is not None and record.edited:
            report.warn(
                f"articles/{record.name}",
                f"its seed {settings.seeds.name}/{capture.name} changed since the article "
                "was edited by hand; "
                "the edit is kept (delete the article file to regenerate it)",
            )
            if publish_once(record, capture.name):
                report.unchanged.append(capture.name)
            continue
        pending.append((capture, record))
    for capture, record in pending:
        label = f"{settings.seeds.name}/{capture.name}"
        try:
            prepared = extracted.pop(capture.name, None)  # let go once written
            if prepared is None:
                slug = record.slug if record else None
                loaded = capture.load(settings)
                meta, body, extraction = extract_record(loaded, profiles, slug)
                capture.findings = Findings.of(loaded, extraction)
                prepared = prepare_record(meta, body, record, settings.articles)
        except CaptureError as error:
            report.warn(label, f"{error.reason}; skipped ({error.advice})")
            continue
        except SijillError:
            raise
        except Exception as error:  # costs this capture only
            report.warn(label, f"failed unexpectedly ({described(error)}); skipped ({BUG_ADVICE})")
            continue
        packed, article = prepared
        target = article.path
        if record is None and target.exists():
            # An article file the build could not read (already reported) or that
            # belongs to another seed: it may be an editor's work, never overwrite it.
            if target.name not in unreadable:
                report.warn(
                    label,
                    f"its article file articles/{target.name} belongs to another seed; skipped "
                    "(move that article file aside to publish this capture as a new article)",
                )
            continue
        if not publish_once(article, capture.name):
            continue
        write_atomically(target, unpacked(packed))
        cache.records[target.name] = (Stamp.of(target), article.without_body())
        (report.updated if record else report.new).append(capture.name)
    for seed, record in sorted(records.items()):
        # A seed that is there but was refused has its own warning; it is not "missing".
        state = "was refused" if (settings.seeds / seed).is_file() else "is missing"
        report.warn(
            f"articles/{record.name}",
            f"its seed {settings.seeds.name}/{seed} {state}; still published "
            "(delete the article file to unpublish it)",
        )
        if publish_once(record, seed):
            report.orphaned.append(seed)
    for article in sorted(live.values(), key=lambda article: seed_of[article.same_as]):
        for problem in edit_problems(article) if article.edited else ():
            report.warn(f"articles/{article.name}", problem)
        problems = [] if article.edited else cleaning_problems(article.meta)
        if problems:
            seed = seed_of[article.same_as]
            report.warn(
                f"{settings.seeds.name}/{seed}",
                f"{'; '.join(problems)}; {review_advice(seed, article.slug)}",
            )
    published = set(seed_of.values())
    return list(live.values()), {c.name: c for c in captures if c.name in published}
