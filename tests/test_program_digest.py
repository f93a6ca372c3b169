"""The build cache is thrown away only by code that can change output, not by a comment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sijill.engine.cache import NOT_OUTPUT, PACKAGE, program_digest


@pytest.fixture
def package(tmp_path: Path) -> Path:
    copy = tmp_path / "sijill"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_comments_docstrings_and_serve_keep_the_digest(package):
    before = program_digest(package)
    serve = package / "commands" / "serve.py"
    serve.write_text(serve.read_text(encoding="utf-8") + "# a note\nSTILL_SERVE = 1\n", "utf-8")
    renderer = package / "site" / "renderer.py"
    text = renderer.read_text(encoding="utf-8")
    module_docstring = text.split('"""')[1]
    edit(renderer, module_docstring, "Reworded: what the renderer does.")
    edit(renderer, "\n\n", "\n\n# a comment between two parts\n\n")
    assert program_digest(package) == before


def test_code_that_renders_or_packaged_data_drops_the_digest(package):
    before = program_digest(package)
    renderer = package / "site" / "renderer.py"
    renderer.write_text(renderer.read_text(encoding="utf-8") + "\nCHANGED = 1\n", "utf-8")
    after_code = program_digest(package)
    assert after_code != before
    topics = package / "data" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n", "utf-8")
    assert program_digest(package) != after_code


def test_the_excluded_modules_exist():
    """A renamed module would silently count again; the list must name real files."""
    assert all((PACKAGE / name).is_file() for name in NOT_OUTPUT)


def test_a_remembered_shape_is_reused_and_a_broken_memo_costs_nothing(package, tmp_path):
    memo = tmp_path / "cache" / "program.json"
    first = program_digest(package, memo)
    assert memo.is_file() and program_digest(package, memo) == first
    memo.write_text("not json", encoding="utf-8")
    assert program_digest(package, memo) == first == program_digest(package)
