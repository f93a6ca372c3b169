"""The command line: options anywhere, helpful help, an 80-column check, honest summaries,
and the project found from any of its folders."""

from __future__ import annotations

import pytest

from sijill import cli

from .conftest import SEED_NAMES, copy_project


def test_global_options_are_accepted_before_or_after_the_command(tmp_path, capsys, monkeypatch):
    settings = copy_project(tmp_path / "p")
    (settings.seeds / "hello.txt").write_text("hello world\n", encoding="utf-8")  # one warning
    config = str(settings.root / "site.toml")
    monkeypatch.chdir(settings.root)
    assert cli.main(["--strict"]) == 1  # build is the default command
    err = capsys.readouterr().err
    assert "error: --strict: 1 warning;" in err  # not "1 warnings"
    assert cli.main(["--strict", "build"]) == 1
    assert cli.main(["build", "--strict"]) == 1
    assert cli.main(["build"]) == 0
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--config", config, "build", "--strict"]) == 1
    assert cli.main(["build", "--config", config, "--strict"]) == 1
    assert cli.main(["check", "--config", config]) == 1
    assert cli.main(["--config", config, "explain", SEED_NAMES[0]]) == 0


@pytest.mark.parametrize("command", ["build", "serve", "check", "explain"])
def test_every_command_explains_itself_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main([command, "--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    description = out.split("\n\n")[1]
    assert len(description.split()) >= 15, description
    assert f"example:\n  python build.py {command}" in out
    assert "--config" in out and "--strict" in out


def test_check_is_readable_in_80_columns(tmp_path, capsys, monkeypatch):
    settings = copy_project(tmp_path)
    (settings.seeds / "hello.txt").write_text("hello world\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    assert cli.main(["--config", str(settings.root / "site.toml"), "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, [line for line in lines if len(line) > 80]
    for name in [*SEED_NAMES, "hello.txt"]:
        assert f"seeds/{name}" in lines
    assert "attention: seeds/hello.txt: refused: has no article paragraphs" in "\n".join(lines)


def test_the_summary_adds_up_and_says_when_nothing_changed(tmp_path, capsys):
    settings = copy_project(tmp_path)
    config = str(settings.root / "site.toml")
    assert cli.main(["--config", config]) == 0
    out = capsys.readouterr().out
    assert "5 articles published: 0 new, 0 updated, 5 unchanged; 0 warnings;" in out
    assert "site written to _site/" in out and "nothing changed" not in out
    assert cli.main(["--config", config]) == 0
    out = capsys.readouterr().out
    assert "5 articles published: 0 new, 0 updated, 5 unchanged; 0 warnings; 0 files" in out
    assert "site written" not in out and "nothing changed; the site in _site/ is up to date" in out
    (settings.seeds / SEED_NAMES[0]).unlink()  # its article file stays, and stays published
    assert cli.main(["--config", config]) == 0
    out = capsys.readouterr().out
    assert "5 articles published: 0 new, 0 updated, 4 unchanged, 1 without their seed;" in out
    assert "1 warning;" in out


def test_the_project_is_found_from_any_of_its_folders(tmp_path, capsys, monkeypatch):
    settings = copy_project(tmp_path / "project")
    monkeypatch.chdir(settings.seeds)
    assert cli.main(["check"]) == 0
    monkeypatch.chdir(settings.root / "templates")
    assert cli.main([]) == 0
    assert (settings.root / "_site" / "index.html").is_file()
    assert not (settings.root / "templates" / "_site").exists()


def test_outside_a_project_one_line_says_how_to_point_at_one(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no site.toml in this folder or any folder above it" in err
    assert "--config path/to/site.toml" in err
    assert cli.main(["--config", "missing/site.toml", "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing/site.toml: not found (point --config at" in err


def test_folders_in_the_settings_are_relative_to_the_settings_file(tmp_path, monkeypatch):
    settings = copy_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli.main(["--config", "../project/site.toml", "build"]) == 0  # as it always was
    assert (settings.root / "_site" / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []
