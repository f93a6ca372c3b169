"""Editor commands `check` and `explain`, and profile errors, run through the real command line."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from sijill.commands import check as commands
from sijill.extract.capture import read_capture
from sijill.extract.clean import clean
from sijill.extract.wording import wording
from sijill.records.sync import Report

from .conftest import ROOT, SEED_NAMES, SEEDS, copy_project

#: Every test here runs the command line in a subprocess.
pytestmark = pytest.mark.build


def run(root: Path, *args: str, env: dict[str, str] | None = None, pythonpath: Path = ROOT):
    """`python build.py ARGS` in a project copy, output piped as an editor's script would."""
    environment = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    environment.update(PYTHONPATH=str(pythonpath), COLUMNS="200", **(env or {}))
    # build.py puts its own folder first on the path; `-m` lets PYTHONPATH choose the package.
    entry = [str(ROOT / "build.py")] if pythonpath == ROOT else ["-m", "sijill"]
    return subprocess.run(
        [sys.executable, *entry, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_check_reads_every_seed_writes_nothing_and_passes(tmp_path):
    copy_project(tmp_path)
    before = snapshot(tmp_path)
    result = run(tmp_path, "check")
    assert snapshot(tmp_path) == before
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "\x1b[" not in out
    for header in ("file", "source", "title", "date (basis)", "paragraphs", "captions"):
        assert header in out
    for name in SEED_NAMES:
        assert f"seeds/{name}" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if "seeds/" in line}
    cells = [c.strip() for c in rows["seeds/003_f31126efb5fa09ff.txt"].split("│")[1:-1]]
    assert cells == [
        "seeds/003_f31126efb5fa09ff.txt",
        "الأول",
        "المعارضة السورية تجتاح مدينة حلب وروسيا تشن ضربات لدعم الأسد",
        "2024-11-30 (stated)",
        "28",
        "0",
        "4",
        "0",
    ]
    assert "2024-11-29 (inferred)" in rows["seeds/002_f417e3593d31deb4.txt"]
    assert "2025-03-20 (supplied)" in rows["seeds/004_ebbdbeee38b53e8a.txt"]
    assert "5 captures read; 0 need attention" in out


def test_check_fails_on_captures_needing_attention(tmp_path):
    settings = copy_project(tmp_path, articles=False)
    (settings.seeds / "zz_empty.txt").write_bytes(b"  \n")
    (settings.seeds / "zz_binary.txt").write_bytes(b"\x00\x01\x02binary")
    before = snapshot(tmp_path)
    result = run(tmp_path, "check")
    assert snapshot(tmp_path) == before
    assert result.returncode == 1
    out = result.stdout
    assert "attention: seeds/zz_empty.txt: refused: holds only white space" in out
    assert "attention: seeds/zz_binary.txt: refused: contains NUL bytes" in out
    # Without the editor's article file, 004's unknown date needs a supplied one.
    assert "attention: seeds/004_ebbdbeee38b53e8a.txt: date unknown" in out
    assert "7 captures read; 3 need attention" in out


def test_check_flags_unknown_source_and_duplicate(tmp_path):
    settings = copy_project(tmp_path)
    shutil.copy(SEEDS / "003_f31126efb5fa09ff.txt", settings.seeds / "005_copy.txt")
    (settings.seeds / "006_unknown.txt").write_text(
        "عنوان خبر من موقع لا نعرفه\n\n" + "هذه فقرة طويلة من نص الخبر تكفي لتكون فقرة. " * 3,
        encoding="utf-8",
    )
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert "seeds/005_copy.txt: the same capture as seeds/003_f31126efb5fa09ff.txt" in result.stdout
    # The same problems the build warns about: one list for both commands.
    assert "seeds/006_unknown.txt: its source is unknown" in result.stdout
    assert "seeds/006_unknown.txt: the cleaner is unsure: the article has only" in result.stdout


def test_check_names_files_among_the_seeds_that_the_build_passes_over(tmp_path):
    settings = copy_project(tmp_path)
    (settings.seeds / "page.html").write_text("<p>صفحة محفوظة</p>", encoding="utf-8")
    (settings.seeds / "notes").mkdir()
    (settings.seeds / "notes/todo.md").write_text("ملاحظة", encoding="utf-8")
    (settings.seeds / ".backup.txt~").write_text("نسخة", encoding="utf-8")  # hidden: not named
    result = run(tmp_path, "check")
    assert result.returncode == 1
    for name in ("page.html", "notes/todo.md"):
        assert (
            f"attention: seeds/{name}: is not a .txt file, so it is not read "
            "(rename it if it is a capture)"
        ) in result.stdout
    assert ".backup" not in result.stdout
    assert "5 captures read; 2 need attention" in result.stdout


def test_check_flags_a_date_changed_by_hand_that_still_claims_to_be_stated(tmp_path):
    settings = copy_project(tmp_path)
    (article,) = settings.articles.glob("2024-11-30-alawwal-*.md")
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("date: '2024-11-30'", "date: '2024-12-01'"), "utf-8")
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert (
        f"attention: seeds/{SEED_NAMES[3]}: articles/{article.name} gives its date 2024-12-01 as "
        "stated, but the capture states 2024-11-30: a date the editor gives is date_basis: "
        "supplied"
    ) in result.stdout
    article.write_text(
        text.replace("date: '2024-11-30'", "date: '2024-12-01'").replace(
            "date_basis: stated", "date_basis: supplied"
        ),
        "utf-8",
    )
    assert run(tmp_path, "check").returncode == 0


def test_check_leaves_a_new_stated_date_in_a_changed_seed_to_the_next_build(tmp_path):
    """An untouched record is made again from its capture: no editor needs to act."""
    settings = copy_project(tmp_path)
    seed = settings.seeds / SEED_NAMES[3]
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("يوم 30 - 11 - 2024", "يوم 01 - 12 - 2024"), "utf-8")
    result = run(tmp_path, "check")
    assert "2024-12-01 (stated)" in result.stdout
    assert "as stated" not in result.stdout and result.returncode == 0


def test_check_progress_bar_only_in_a_terminal_on_large_archives(tmp_path, monkeypatch):
    settings = copy_project(tmp_path)
    out = Console(file=io.StringIO(), width=200)
    terminal = io.StringIO()
    err = Console(file=terminal, force_terminal=True, width=100)
    monkeypatch.setattr(commands, "PROGRESS_MIN", 3)
    assert commands.check(settings, out, err) == 0
    assert "reading captures" in terminal.getvalue()
    piped = io.StringIO()
    assert commands.check(settings, out, Console(file=piped, width=100)) == 0
    assert piped.getvalue() == ""
    small = io.StringIO()
    monkeypatch.setattr(commands, "PROGRESS_MIN", 20)
    commands.check(settings, out, Console(file=small, force_terminal=True, width=100))
    assert small.getvalue() == ""


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_explain_prints_every_line_with_decision_and_reason_plain_when_piped(tmp_path, seed):
    copy_project(tmp_path)
    result = run(tmp_path, "explain", f"seeds/{seed}")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out
    capture = read_capture(SEEDS / seed, seed, 5_000_000)
    raw = capture.raw_lines
    printed_lines = out.splitlines()[5:]
    body = [line for line in printed_lines if not line.startswith(" " * 7)]
    evidence = [line for line in printed_lines if line.startswith(" " * 7)]
    assert len(body) == len(raw)
    assert len(evidence) == sum(1 for line in capture.lines if line)  # every non-blank line
    assert all("word" in line for line in evidence)
    for number, (printed, line) in enumerate(zip(body, raw, strict=True), 1):
        assert printed.split()[0] == str(number)
        assert printed.endswith(f"| {line}")
        assert printed.split()[1] in (
            "title", "paragraph", "subheading", "caption", "metadata", "removed", "blank"
        )  # fmt: skip
    extraction = clean(capture)
    for printed, decision in zip(body, extraction.decisions, strict=True):
        assert printed.split()[1] == (decision.role or ("blank" if decision.rule == "blank"
                                                        else "removed"))  # fmt: skip
        assert f" {decision.rule} " in printed
        assert f" {wording().reason(decision.rule)} " in printed


def test_explain_shows_reasons_and_colours_in_a_terminal(tmp_path):
    copy_project(tmp_path)
    piped = run(tmp_path, "explain", "002_f417e3593d31deb4.txt").stdout
    assert "font-widget" in piped and "أداة حجم الخط" in piped
    assert "appended-article" in piped and "مقال ملحق بالصفحة" in piped
    coloured = run(tmp_path, "explain", "002_f417e3593d31deb4.txt", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.stdout


def test_explain_fails_clearly_on_a_bad_or_missing_capture(tmp_path):
    settings = copy_project(tmp_path)
    (settings.seeds / "bad.txt").write_bytes(b"\x00\x00")
    result = run(tmp_path, "explain", "seeds/bad.txt")
    assert result.returncode == 1
    assert "error: bad.txt: contains NUL bytes" in result.stdout
    missing = run(tmp_path, "explain", "seeds/nope.txt")
    assert missing.returncode == 2 and "no such capture file" in missing.stdout


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the sijill package whose profiles a test may break."""
    target = tmp_path / "code"
    shutil.copytree(
        ROOT / "sijill", target / "sijill", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


@pytest.mark.parametrize("command", [["check"], ["build"], ["explain", "seeds/" + SEED_NAMES[0]]])
@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("key: x\nfurnitur: {}\n", "error: source profile zz.yaml: unknown key 'furnitur'"),
        (
            "key: x\nfurniture:\n  font-widget: ['(unclosed']\n",
            "error: source profile zz.yaml: furniture.font-widget: bad pattern '(unclosed'",
        ),
    ],
)
def test_profile_errors_name_file_and_key_through_the_cli(
    tmp_path, package_copy, command, profile, message
):
    (package_copy / "sijill" / "profiles" / "zz.yaml").write_text(profile, encoding="utf-8")
    project = tmp_path / "project"
    copy_project(project)
    result = run(project, *command, pythonpath=package_copy)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr


def test_the_build_summary_counts_in_words_that_agree_with_the_numbers():
    one = Report(new=["a.txt"], published=1, written=1)
    one.warn("a.txt", "no date")
    assert one.summary() == (
        "1 article published: 1 new, 0 updated, 0 unchanged; 1 warning; 1 file written"
    )
    many = Report(unchanged=["a.txt", "b.txt"], published=2, written=0)
    assert many.summary() == (
        "2 articles published: 0 new, 0 updated, 2 unchanged; 0 warnings; 0 files written"
    )
