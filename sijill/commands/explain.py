"""`explain`: a capture line by line, with the decision and the rule for each."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..config import editorial
from ..config.settings import Settings
from ..errors import EXIT_ATTENTION, EXIT_CONFIG, EXIT_OK, CaptureError
from ..extract.profiles import default_profiles
from ..extract.provenance import Provenance, explain_capture, shown
from ..extract.wording import wording
from .console import ROLE_STYLES, console


def resolve_seed(settings: Settings, seed: str) -> tuple[Path, str] | None:
    """The file and display name for a seed given as a path or as a name inside seeds/."""
    for path in (Path(seed), settings.seeds / seed):
        if path.is_file():
            try:
                return path, path.resolve().relative_to(settings.seeds.resolve()).as_posix()
            except ValueError:
                return path, path.name
    return None


def explain(settings: Settings, seed: str, out: Console) -> int:
    """Print a capture line by line: number, decision, rule, Arabic reason, text."""
    found = resolve_seed(settings, seed)
    if found is None:
        out.print(Text(f"error: {seed}: no such capture file"), soft_wrap=True)
        return EXIT_CONFIG
    path, name = found
    try:
        prov = explain_capture(path, name, settings.max_capture_bytes)
    except CaptureError as error:
        out.print(Text(f"error: {name}: {error}", style="bold red"), soft_wrap=True)
        return EXIT_ATTENTION
    for line in header(prov):
        out.print(Text(line), soft_wrap=True)
    names = wording()
    width = max(cell_len(names.reason(line.decision.rule)) for line in prov.lines)
    for line in prov.lines:
        decision = line.decision.role or ("blank" if line.blank else "removed")
        style = "dim" if line.blank else ROLE_STYLES.get(decision, "green" if line.kept else "red")
        reason = names.reason(line.decision.rule)
        text = Text()
        text.append(f"{line.number:>5}  ", style="dim")
        text.append(f"{decision:<10} {line.decision.rule:<18} ", style=style)
        text.append(reason + " " * (width - cell_len(reason)), style=style)
        text.append(" | ", style="dim")
        text.append(line.text, style="" if line.kept else "dim")
        out.print(text, soft_wrap=True, overflow="ignore", crop=False)
        if not line.blank:
            out.print(Text(f"{'':>7}{line.decision.describe()}", style="dim"), soft_wrap=True)
    return EXIT_OK


def header(prov: Provenance) -> list[str]:
    capture, extraction = prov.capture, prov.extraction
    return [
        f"{capture.name}: {prov.size} bytes, {capture.encoding}, sha256 {capture.sha256}",
        f"profile {extraction.profile}, source {shown(extraction.source)}",
        f"title (line {extraction.title_line}): {shown(extraction.title)}",
        f"confidence {extraction.confidence:.1f}"
        + "".join(f"; unsure: {doubt}" for doubt in extraction.doubts),
        f"{len(prov.lines)} lines: {prov.kept} kept, {prov.removed} removed, {prov.blanks} blank",
    ]


def run(settings: Settings, seed: str) -> int:
    """`sijill explain SEED`: the exit code."""
    with editorial.using(settings.editorial):
        return _run(settings, seed)


def _run(settings: Settings, seed: str) -> int:
    default_profiles()  # a broken profile is a usage error before any capture is read
    return explain(settings, seed, console())
