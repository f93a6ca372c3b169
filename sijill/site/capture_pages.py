"""Capture pages, raw captures and the fixity manifest: the site's provenance outputs.

For every article whose seed is present the site gets `captures/<slug>.html`
(the capture line by line with what became of each line), `captures/<slug>.txt`
(the seed's bytes, unchanged) and a line in `manifest-sha256.txt` (BagIt's
format), so a reader can check any article against what was captured and
`sha256sum -c` can check a downloaded copy of the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from ..config.settings import Settings
from ..engine.files import resolved
from ..engine.recall import Recall, take_or_make
from ..errors import CaptureError
from ..extract.capture import read_capture
from ..extract.provenance import Findings, Line, Provenance, blocks_digest, explain_capture
from ..extract.wording import Wording, wording
from .counts import LINES, counted
from .display import BASIS_WORDING
from .page import Entry, Page, SeedInfo
from .renderer import Renderer

CAPTURE_DIR = "captures"
MANIFEST = "manifest-sha256.txt"


def lines_phrase(count: int) -> str:
    """A count of lines in Arabic, with the noun agreeing with the number («سطران»، «4 أسطر»)."""
    return counted(count, LINES)


@lru_cache(maxsize=512)
def removed_sentence(count: int) -> str:
    """The article page's one line about what the cleaner removed."""
    if count == 0:
        return "لم يُزَل أي سطر من عناصر الصفحة"
    return f"أُزيل {lines_phrase(count)} من عناصر الصفحة"


@dataclass(frozen=True)
class Row:
    """One line of the capture as the capture page shows it."""

    number: int
    text: str
    state: str  # "kept" | "removed" | "blank"
    label: str
    href: str | None
    #: What the cleaner measured in the line (words, punctuation, repetition), in Arabic.
    evidence: str = ""


#: A run of at least this many blank or removed lines is folded under one summary line:
#: a capture is often half blank lines and page furniture, which a reader opens on demand.
FOLD_RUN = 3


@dataclass(frozen=True)
class RowGroup:
    """Consecutive rows of a capture page, shown together: open, or folded in `<details>`."""

    rows: tuple[Row, ...]
    folded: bool

    @property
    def summary(self) -> str:
        """What a folded run holds, in one line: its line numbers and how many of each state."""
        removed = sum(1 for row in self.rows if row.state == "removed")
        blanks = len(self.rows) - removed
        span = f"الأسطر {self.rows[0].number} إلى {self.rows[-1].number}"
        if not blanks:
            return f"{span}: أُزيلت كلها ({lines_phrase(removed)})"
        if not removed:
            return f"{span}: فارغة كلها ({lines_phrase(blanks)})"
        return f"{span}: أُزيل {removed}، و{blanks} فارغة"


def group_rows(rows: list[Row]) -> list[RowGroup]:
    """The rows in order, each run of `FOLD_RUN` or more lines not kept in the article folded.

    Shorter runs (the blank line between two paragraphs) stay in the open: folding
    them would take more room than they do.
    """
    groups: list[RowGroup] = []
    run: list[Row] = []

    def flush(upcoming: list[Row]) -> None:
        if len(upcoming) >= FOLD_RUN:
            groups.append(RowGroup(tuple(upcoming), folded=True))
        elif upcoming:
            add_open(upcoming)

    def add_open(more: list[Row]) -> None:
        if groups and not groups[-1].folded:
            groups[-1] = RowGroup(groups[-1].rows + tuple(more), folded=False)
        else:
            groups.append(RowGroup(tuple(more), folded=False))

    for row in rows:
        if row.state == "kept":
            flush(run)
            run = []
            add_open([row])
        else:
            run.append(row)
    flush(run)
    return groups


@dataclass(frozen=True)
class CaptureView:
    """What the article page and the capture page need to know about one capture."""

    page: Page
    provenance: Provenance
    #: The capture changed since the article was made (a hand edit was kept).
    differs: bool

    @property
    def url(self) -> str:
        return f"{CAPTURE_DIR}/{self.page.slug}.html"

    @property
    def raw_path(self) -> str:
        return f"{CAPTURE_DIR}/{self.page.slug}.txt"

    @property
    def file_name(self) -> str:
        """The original file name, only ever offered as a download name, never used as a path."""
        return PurePosixPath(self.provenance.capture.name).name

    @property
    def removed_text(self) -> str:
        return removed_sentence(self.provenance.removed)

    @property
    def basis_text(self) -> str:
        wording = BASIS_WORDING.get(self.page.date.basis)
        return wording.capture if wording else self.page.date.basis

    @property
    def lines_text(self) -> str:
        prov = self.provenance
        return (
            f"{lines_phrase(len(prov.lines))}: أُبقي {prov.kept} في المقال، "
            f"وأُزيل {prov.removed}، و{prov.blanks} فارغة"
        )

    def anchors(self) -> dict[int, int] | None:
        """Block positions by capture line, or None when the article's blocks are not the capture's.

        A hand-edited body no longer matches the extraction block for block, so
        its lines link to the article as a whole rather than to a wrong place.
        """
        if self.differs or self.page.html is not None:
            return None
        findings = self.provenance.extraction
        assert isinstance(findings, Findings), "capture pages are made from findings"
        if blocks_digest(self.page.blocks) != findings.blocks:
            return None
        return {line.number: line.block for line in self.provenance.lines if line.block}

    def rows(self, article_href: str) -> list[Row]:
        anchors = self.anchors()
        names = wording()
        return [self._row(line, article_href, anchors, names) for line in self.provenance.lines]

    @staticmethod
    def _row(line: Line, article: str, anchors: dict[int, int] | None, names: Wording) -> Row:
        decision = line.decision
        if line.blank:
            return Row(line.number, line.text, "blank", names.reason("blank"), None)
        evidence = decision.describe_ar()
        if not line.kept:
            reason = names.reason(decision.rule)
            return Row(line.number, line.text, "removed", reason, None, evidence)
        role = decision.role or ""
        label = names.role(role)
        if role == "metadata":
            label = f"{label}: {names.reason(decision.rule)}"
        href = article
        if line.block is not None and anchors is not None:
            href = f"{article}#b{anchors[line.number]}"
        return Row(line.number, line.text, "kept", label, href, evidence)


def capture_view(
    settings: Settings, page: Page, findings: Findings | None = None
) -> CaptureView | None:
    """The capture behind an article, or None when its seed is absent or unreadable.

    The seed name comes from an editable article file, so it must lead to a
    file inside the seeds folder; anything else is treated as absent.
    `findings` are this build's cleaning of the seed, when it cleaned it for
    its record: the capture is then only read (a tenth of the cost), not
    cleaned again, unless its bytes changed since.
    """
    seed = page.record.meta.get("seed")
    if not isinstance(seed, str) or not seed:
        return None
    base = settings.seeds.resolve()
    path = resolved(settings.seeds / seed)  # None for a symlink loop: no capture to show
    if path is None or not path.is_relative_to(base) or not path.is_file():
        return None
    try:
        provenance = None
        if findings is not None:
            capture = read_capture(path, seed, settings.max_capture_bytes)
            if capture.sha256 == findings.sha256:
                provenance = findings.provenance(capture)
        if provenance is None:
            explained = explain_capture(path, seed, settings.max_capture_bytes)
            capture = explained.capture
            provenance = Findings.of(capture, explained.extraction).provenance(capture)
    except CaptureError:
        return None
    differs = page.record.meta.get("seed_sha256") != provenance.capture.sha256
    return CaptureView(page, provenance, differs)


def manifest_text(files: dict[str, str]) -> str:
    """BagIt `manifest-sha256.txt`: checksum, two spaces, path; sorted by path."""
    return "".join(f"{sha256}  {path}\n" for path, sha256 in sorted(files.items()))


@dataclass(frozen=True)
class CaptureLink:
    """The article page's one line about its capture: what was removed, and where to look."""

    url: str
    removed_text: str


def capture_links(
    entries: list[Entry], present: dict[str, SeedInfo], recalled: Recall | None = None
) -> dict[str, CaptureLink]:
    """For every article whose seed is present (`present`, by slug), the link its page shows.

    `serve` (`recalled`) takes each link of the last build again for the same count of
    lines removed: the same object from build to build, which the keys of the article's
    pages then compare as one pointer (`generate.page_keys`)."""
    links = {}
    for entry in entries:
        slug = entry.slug
        info = present.get(slug)
        if info is None:
            continue
        links[slug] = take_or_make(recalled, "link", slug, info.removed, capture_link, slug, info)
    return links


def capture_link(slug: str, info: SeedInfo) -> CaptureLink:
    return CaptureLink(f"{CAPTURE_DIR}/{slug}.html", removed_sentence(info.removed))


def write_raw_captures(
    renderer: Renderer, entries: list[Entry], present: dict[str, SeedInfo]
) -> None:
    """Every seed's bytes, unchanged, beside its capture page, and the manifest of them all."""
    published: dict[str, str] = {}
    for entry in entries:
        info = present.get(entry.slug)
        if info is None:
            continue
        raw_path = f"{CAPTURE_DIR}/{entry.slug}.txt"
        if not renderer.is_current(raw_path, info.sha256):
            renderer.put(raw_path, info.path.read_bytes())
        published[raw_path] = info.sha256
    renderer.put_file(MANIFEST, manifest_text(published).encode("utf-8"))


def capture_page_key(entry: Entry, present: dict[str, SeedInfo]) -> tuple[str, str] | None:
    """Where an article's capture page goes and what it is made from, if its seed is present.

    Keyed by the seed's hash and the article's digest: making the page means
    reading the seed once more (and cleaning it, unless this build already
    did), so it is done only when one changed.
    """
    info = present.get(entry.slug)
    if info is None:
        return None
    return f"{CAPTURE_DIR}/{entry.slug}.html", f"{entry.cache_key} {info.sha256}"


def write_capture_page(
    renderer: Renderer, url: str, page: Page, findings: Findings | None = None
) -> bool:
    """Render one capture page; False when its seed went or turned unreadable since hashed."""
    view = capture_view(renderer.settings, page, findings)
    if view is None:
        return False
    groups = group_rows(view.rows(renderer.root_for(url) + page.url))
    renderer.render_to(url, "capture.html", {"view": view, "page": page, "groups": groups})
    return True
