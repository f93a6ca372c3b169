"""Editor commands `check` and `explain`: see what the cleaner makes of captures, writing nothing.

An editor adding captures needs two answers before building: "is every capture
fine?" (`check`, a table and an exit code for CI) and "why did this line go?"
(`explain`, the capture line by line). Both re-read and re-clean the seeds the
same way the build and the capture pages do (:mod:`sijill.provenance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from ..config import editorial
from ..config.settings import Settings
from ..errors import EXIT_ATTENTION, EXIT_OK, CaptureError
from ..extract.basis import DateBasis
from ..extract.capture import read_capture
from ..extract.profiles import default_profiles
from ..extract.provenance import shown
from ..extract.wording import wording
from ..records.extraction import cleaning_problems, edit_problems, extract_record
from ..records.record import Article
from ..records.sync import Report, counted, find_seeds, index_records
from .console import console
from .places import check_inputs, check_output

#: Below this many seeds a progress bar would only flicker.
PROGRESS_MIN = 20
#: The table's eight columns need this many characters; a narrower console gets a list.
TABLE_MIN_WIDTH = 120


# --- check ------------------------------------------------------------------------------


@dataclass
class Row:
    """One seed in the `check` table."""

    file: str
    source: str = ""
    title: str = ""
    date: str = ""
    paragraphs: int = 0
    captions: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)


def check_seed(
    settings: Settings, name: str, path: Path, records: dict[str, Article], seen: dict[str, str]
) -> Row:
    """Read, clean and date one seed; the row's problems are what needs an editor."""
    row = Row(f"seeds/{name}")
    try:
        capture = read_capture(path, name, settings.max_capture_bytes)
        meta, _, extraction = extract_record(capture, default_profiles(), None)
    except CaptureError as error:
        row.problems.append(f"refused: {error}")
        return row
    twin = seen.setdefault(capture.text_sha256, row.file)
    if twin != row.file:
        row.problems.append(f"the same capture as {twin}")
    row.source, row.title = extraction.source, extraction.title
    row.paragraphs, row.captions = extraction.count("paragraph"), extraction.count("caption")
    row.removed = extraction.removed
    row.problems += capture.notes  # cut off mid-character, mixed encodings: as the build says
    date, basis = meta["date"], meta["date_basis"]
    article = records.get(name)
    if article is not None and article.edited:
        date, basis = article.date, article.basis
        row.problems += edit_problems(article)
    else:
        row.problems += cleaning_problems(meta)
    row.date = f"{date} ({basis})" if date else "unknown"
    names = wording()
    unnamed = sorted({d.rule for d in extraction.decisions} - set(names.rules))
    if unnamed:
        row.problems.append(f"rule without an Arabic reason in rules.yaml: {', '.join(unnamed)}")
    if article is not None and article.edited and article.meta.get("seed_sha256") != capture.sha256:
        row.problems.append(f"changed since articles/{article.name} was edited by hand")
    if (
        article is not None
        and article.edited  # an untouched record is made again from the capture anyway
        and article.meta.get("seed_sha256") == capture.sha256
        and article.basis == DateBasis.STATED
        and article.date != meta["date"]
    ):
        row.problems.append(
            f"articles/{article.name} gives its date {article.date} as stated, but the capture "
            f"states {meta['date'] or 'none'}: a date the editor gives is date_basis: supplied"
        )
    return row


def check(settings: Settings, out: Console, err: Console | None = None) -> int:
    """Print the table of every seed; exit 1 when any capture needs attention."""
    err = err or console(stderr=True)
    report = Report()
    seeds = list(find_seeds(settings.seeds, report))
    records = index_records(settings.articles, report)
    seen: dict[str, str] = {}
    rows: list[Row] = []
    quiet = not err.is_terminal or len(seeds) < PROGRESS_MIN
    with Progress(console=err, transient=True, disable=quiet) as progress:
        task = progress.add_task("reading captures", total=len(seeds))
        for name, _ in seeds:
            rows.append(check_seed(settings, name, settings.seeds / name, records, seen))
            progress.advance(task)
    seed_names = {name for name, _ in seeds}
    for seed, article in sorted(records.items()):
        if seed not in seed_names:
            report.warn(f"articles/{article.name}", f"its seed seeds/{seed} is missing")
    # A wide console gets the table, and each problem on one line however long (to grep);
    # a narrow one gets a few lines a capture, and problems wrapped to its width.
    wide = out.width >= TABLE_MIN_WIDTH
    if wide:
        out.print(check_table(rows))
    else:
        for row in rows:
            out.print(check_entry(row))
    problems = [f"{row.file}: {problem}" for row in rows for problem in row.problems]
    problems += report.warnings
    for problem in problems:
        out.print(Text(f"attention: {shown(problem)}", style="yellow"), soft_wrap=wide)
    needing = sum(1 for row in rows if row.problems) + len(report.warnings)
    out.print(f"{len(rows)} captures read; {needing} need attention", soft_wrap=True)
    return EXIT_ATTENTION if needing else EXIT_OK


def check_entry(row: Row) -> Text:
    """One capture in a few short lines, for a console too narrow for the table's columns."""
    entry = Text(row.file, style="bold")
    entry.append(f"\n  source: {shown(row.source) or '-'}; date: {row.date or '-'}")
    if row.title:
        entry.append(f"\n  title: {shown(row.title)}")
    entry.append(
        f"\n  {row.paragraphs} paragraphs, {row.captions} captions, {row.removed} lines removed; "
    )
    entry.append(
        counted(len(row.problems), "warning"), style="bold red" if row.problems else "green"
    )
    return entry


def check_table(rows: list[Row]) -> Table:
    table = Table(title="captures")
    for name, justify in (
        ("file", "left"),
        ("source", "right"),
        ("title", "right"),
        ("date (basis)", "left"),
        ("paragraphs", "right"),
        ("captions", "right"),
        ("removed lines", "right"),
        ("warnings", "right"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            row.file,
            Text(shown(row.source)),
            Text(shown(row.title)),
            row.date,
            str(row.paragraphs),
            str(row.captions),
            str(row.removed),
            Text(str(len(row.problems)), style="bold red" if row.problems else "green"),
        )
    return table


def run(settings: Settings) -> int:
    """`sijill check`: the exit code."""
    with editorial.using(settings.editorial):
        return _run(settings)


def _run(settings: Settings) -> int:
    # What the build would refuse outright, check refuses the same way (exit 2).
    check_inputs(settings)
    check_output(settings)
    default_profiles()  # a broken profile is a usage error before any capture is read
    return check(settings, console())
