"""`check` and `build --strict` read one list of problems: what one flags, the other warns about."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sijill import cli

from .conftest import ROOT, seed_path

GOOD = "002"  # a الشرق الأوسط capture that needs nothing from an editor


def cut_mid_character(seeds: Path) -> None:
    data = seed_path("001").read_bytes()
    end = data.index("الأسد".encode()) + 1  # inside the two bytes of its first letter
    (seeds / "cut.txt").write_bytes(data[:end])


def not_a_news_page(seeds: Path) -> None:
    (seeds / "hello.txt").write_text("hello world\n", encoding="utf-8")


def unknown_source(seeds: Path) -> None:
    text = "عنوان خبر من موقع لا نعرفه\n\n" + "هذه فقرة طويلة من نص الخبر تكفي لتكون فقرة. " * 3
    (seeds / "unknown.txt").write_text(text, encoding="utf-8")


def undated(seeds: Path) -> None:
    shutil.copy(seed_path("004"), seeds / "undated.txt")  # its article file is not there


def duplicate(seeds: Path) -> None:
    shutil.copy(seed_path(GOOD), seeds / "zz_copy.txt")


def not_a_text_file(seeds: Path) -> None:
    (seeds / "page.html").write_text("<p>صفحة محفوظة</p>", encoding="utf-8")


def empty(seeds: Path) -> None:
    (seeds / "empty.txt").write_bytes(b"  \n")


def flagged(output: str, prefix: str) -> set[str]:
    """The files named by lines starting with `prefix`."""
    return {
        line.removeprefix(prefix).split(": ")[0]
        for line in output.splitlines()
        if line.startswith(prefix)
    }


@pytest.mark.parametrize(
    "bad",
    [
        cut_mid_character,
        not_a_news_page,
        unknown_source,
        undated,
        duplicate,
        not_a_text_file,
        empty,
    ],
)
def test_check_flags_exactly_the_files_build_warns_about(bad, tmp_path, capsys, monkeypatch):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    settings = (ROOT / "site.toml").read_text(encoding="utf-8")
    (tmp_path / "site.toml").write_text(settings.replace("search = true", "search = false"))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "articles").mkdir()
    shutil.copy(seed_path(GOOD), seeds / "good.txt")
    bad(seeds)
    config = str(tmp_path / "site.toml")
    assert cli.main(["--config", config, "check"]) == 1
    checked = flagged(capsys.readouterr().out, "attention: ")
    assert cli.main(["--config", config, "build", "--strict"]) == 1
    warned = flagged(capsys.readouterr().err, "warning: ")
    assert checked == warned
    assert checked and "seeds/good.txt" not in checked
