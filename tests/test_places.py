"""A build writes only where it may: its inputs must exist, and its output must be its own.

A typo in a folder's name in site.toml must stop the build in one line (exit 2)
before anything is written, and an output folder that is not a site this tool
built is never replaced.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from bench.layouts import SHORT_STORY, Story, alawwal
from sijill.cli import main
from sijill.commands.build import build
from sijill.engine.cache import BuildCache, summary_location
from sijill.engine.publish import MARKER, MARKER_TEXT

from .conftest import ROOT


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def set_folder(settings, key: str, value: str) -> None:
    toml = settings.root / "site.toml"
    text = toml.read_text(encoding="utf-8")
    old = f'{key} = "{getattr(settings, key).name}"'
    assert old in text
    toml.write_text(text.replace(old, f'{key} = "{value}"'), encoding="utf-8")


def add_capture(settings) -> None:
    story = Story("خبر جديد بعد البناء الأول", SHORT_STORY, day=2)
    (settings.seeds / "new.txt").write_text(alawwal(story), encoding="utf-8")


def run(settings, capsys, *args: str) -> tuple[int, str]:
    code = main(["--config", str(settings.root / "site.toml"), "build", *args])
    return code, capsys.readouterr().err


def everything(root: Path) -> dict[str, str]:
    """Every file of the project (site, records, cache), to show nothing was written."""
    return tree(root)


def test_an_existing_folder_not_made_by_this_tool_is_refused_and_left_as_it_was(project, capsys):
    settings = project()
    victim = settings.root / "notes"
    (victim / "2024").mkdir(parents=True)
    (victim / "plan.md").write_text("ملاحظات المحرر", encoding="utf-8")
    (victim / "2024" / "draft.txt").write_text("مسودة", encoding="utf-8")
    set_folder(settings, "output", "notes")
    before = everything(settings.root)
    code, err = run(settings, capsys)
    assert code == 2 and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "build.output" in line and "'notes'" in line and MARKER in line
    assert everything(settings.root) == before  # no site, record, cache or lock written
    assert sorted(p.name for p in settings.root.iterdir()) == sorted(
        ["articles", "notes", "seeds", "site.toml", "templates"]
    )


def test_an_output_folder_outside_the_project_is_refused_too(tmp_path, project, capsys):
    settings = project()
    victim = tmp_path.parent / f"{tmp_path.name}-victim"
    victim.mkdir()
    try:
        (victim / "keep.txt").write_text("not a site", encoding="utf-8")
        set_folder(settings, "output", f"../{victim.name}")
        code, err = run(settings, capsys)
        assert code == 2 and "build.output" in err and victim.name in err
        assert tree(victim) == {"keep.txt": hashlib.sha256(b"not a site").hexdigest()}
        assert sorted(p.name for p in victim.parent.glob(f"*{victim.name}*")) == [victim.name]
    finally:
        shutil.rmtree(victim)


def test_an_existing_empty_folder_is_taken(project):
    settings = project()
    settings.output.mkdir()
    build(settings)
    assert (settings.output / "index.html").is_file()


def test_every_site_carries_the_marker_through_rebuilds_swaps_and_hand_deletions(project):
    settings = project()
    marker = settings.output / MARKER
    build(settings)
    assert marker.read_bytes() == MARKER_TEXT
    add_capture(settings)
    build(settings)  # a rebuild that applies its changes one by one
    assert marker.read_bytes() == MARKER_TEXT
    shutil.rmtree(BuildCache.location(settings).parent)
    build(settings)  # a whole new site swapped in
    assert marker.read_bytes() == MARKER_TEXT
    marker.unlink()
    report = build(settings)  # nothing else changed: the marker alone is made again
    assert marker.read_bytes() == MARKER_TEXT and report.written == 1


def test_a_site_built_before_the_marker_is_known_by_its_cache(project, capsys):
    """The transition: a site from a version without the marker has no marker, but the
    cache beside it names it. Its next build adds the marker; without the cache, the
    folder is a stranger's."""
    settings = project()
    build(settings)
    (settings.output / MARKER).unlink()
    add_capture(settings)
    build(settings)
    assert (settings.output / MARKER).read_bytes() == MARKER_TEXT
    (settings.output / MARKER).unlink()
    shutil.rmtree(BuildCache.location(settings).parent)
    assert not summary_location(settings).exists()
    before = tree(settings.output)
    code, err = run(settings, capsys)
    assert code == 2 and "build.output" in err
    assert tree(settings.output) == before


@pytest.mark.parametrize(
    ("key", "typo"), [("seeds", "seed"), ("articles", "article"), ("templates", "template")]
)
def test_a_mistyped_input_folder_is_one_line_and_changes_nothing(project, capsys, key, typo):
    settings = project()
    build(settings)
    before = everything(settings.root)
    set_folder(settings, key, typo)
    toml = tree(settings.root)["site.toml"]
    code, err = run(settings, capsys)
    assert code == 2 and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert f"build.{key}" in line and f"'{typo}'" in line
    assert not (settings.root / typo).exists()
    after = everything(settings.root)
    assert after.pop("site.toml") == toml
    before.pop("site.toml")
    assert after == before


def test_create_makes_the_missing_seeds_and_articles_folders_of_a_new_project(tmp_path, capsys):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
    config = str(tmp_path / "site.toml")
    assert main(["--config", config, "build"]) == 2
    assert "build.seeds" in capsys.readouterr().err and not (tmp_path / "seeds").exists()
    assert main(["--config", config, "build", "--create"]) == 0
    assert (tmp_path / "seeds").is_dir() and (tmp_path / "articles").is_dir()
    assert (tmp_path / "_site" / "index.html").is_file()
    shutil.rmtree(tmp_path / "templates")
    assert main(["--config", config, "build", "--create"]) == 2
    assert "build.templates" in capsys.readouterr().err and not (tmp_path / "templates").exists()


@pytest.mark.parametrize("mistake", ["seeds", "articles", "output"])
def test_check_refuses_what_build_refuses_in_the_same_line(project, capsys, mistake):
    """`check` reads the same list of problems as `build`: a mistyped input folder or an
    output folder that is not a site is exit 2 in both, with the same one line."""
    settings = project()
    if mistake == "output":
        (settings.root / "notes").mkdir()
        (settings.root / "notes" / "plan.md").write_text("ملاحظات", encoding="utf-8")
        set_folder(settings, "output", "notes")
    else:
        set_folder(settings, mistake, mistake[:-1])
    said = {}
    for command in ("build", "check"):
        code = main(["--config", str(settings.root / "site.toml"), command])
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err, (command, err)
        said[command] = err.strip().splitlines()
    assert said["build"] == said["check"] and len(said["check"]) == 1
