"""site.toml: read once, validated, and every mistake named by key or line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sijill.cli import main
from sijill.config.settings import load_settings
from sijill.errors import SettingsError

from .conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_settings_load_with_defaults():
    settings = load_settings(ROOT / "site.toml")
    assert settings.title == "أرشيف أخبار سوريا"
    assert settings.output == ROOT / "_site" and settings.base_url is None
    assert settings.locale == "ar" and settings.max_capture_bytes == 5_000_000
    assert settings.home_entries == 50 and settings.page_size == 100


def test_page_size_defaults_to_100_when_left_out(tmp_path):
    settings = load_settings(write(tmp_path, '[site]\ntitle = "x"\nhome_entries = 7\n'))
    assert settings.page_size == 100 and settings.home_entries == 7


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[site]\n", "site.title is required"),
        ('[site]\ntitle = "x"\nfeed_entries = "many"\n', "site.feed_entries must be int"),
        ('[site]\ntitle = "x"\ncolour = "red"\n', "unknown key site.colour"),
        ('[site]\ntitle = "x"\n[extras]\n', "unknown table [extras]"),
        ('[site]\ntitle = "x"\nbase_url = "example.org"\n', "site.base_url"),
        ('[site]\ntitle = "x"\n[build]\nmax_capture_bytes = 0\n', "build.max_capture_bytes"),
        ('[site]\ntitle = "x"\npage_size = 0\n', "site.page_size must be from 1 to"),
        ('[site]\ntitle = "x"\npage_size = "ten"\n', "site.page_size must be int"),
        ('[site]\ntitle = "x"\npage_size = true\n', "site.page_size must be int"),
        ('[site]\ntitle = "x"\n[build]\npage_size = 10\n', "unknown key build.page_size"),
        ('[site]\ntitle = "x"\ntitle = "y"\n', "line 3"),
        ('[site]\ntitle = "x\n', "line 2"),
        ('[site]\ntitle = "x"\nlocale = "xx"\n', "site.locale 'xx' is not a CLDR locale"),
        ('[site]\ntitle = "x"\nlocale = "ar-SY"\n', "site.locale 'ar-SY' is not a CLDR locale"),
    ],
)
def test_mistakes_name_the_key_or_line(tmp_path, text, named):
    with pytest.raises(SettingsError, match=named.replace("[", r"\[").replace("]", r"\]")):
        load_settings(write(tmp_path, text))


def test_cli_reports_bad_settings_in_one_line_with_exit_2(tmp_path, capsys):
    path = write(tmp_path, '[site]\ntitle = "x"\nfeed_entries = -1\n')
    assert main(["--config", str(path)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "site.feed_entries" in error


def test_missing_settings_file(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "nowhere.toml")]) == 2
    assert "not found" in capsys.readouterr().err


def test_base_url_gets_one_trailing_slash(tmp_path):
    settings = load_settings(write(tmp_path, '[site]\ntitle = "x"\nbase_url = "https://e.org/a"\n'))
    assert settings.base_url == "https://e.org/a/"


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("max_capture_bytes", 10**12, "build.max_capture_bytes must be from 1,000 to 100,000,000"),
        ("max_capture_bytes", -5, "build.max_capture_bytes must be from"),
        ("max_capture_bytes", 999, "build.max_capture_bytes must be from"),
        ("page_size", 10**15, "site.page_size must be from 1 to 10,000"),
        ("page_size", -1, "site.page_size must be from"),
        ("home_entries", 0, "site.home_entries must be from"),
        ("home_entries", 10**9, "site.home_entries must be from"),
        ("feed_entries", 1_001, "site.feed_entries must be from 1 to 1,000"),
    ],
)
def test_absurd_numbers_are_refused_in_one_line_naming_the_key(tmp_path, capsys, key, value, named):
    table = "[build]\n" if key == "max_capture_bytes" else ""
    path = write(tmp_path, f'[site]\ntitle = "x"\n{table}{key} = {value}\n')
    assert main(["--config", str(path), "build"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and named in error and "Traceback" not in error


def test_the_bounds_themselves_are_accepted(tmp_path):
    text = (
        '[site]\ntitle = "x"\nfeed_entries = 1000\nhome_entries = 10000\npage_size = 1\n'
        "[build]\nmax_capture_bytes = 100000000\n"
    )
    settings = load_settings(write(tmp_path, text))
    assert settings.max_capture_bytes == 100_000_000 and settings.page_size == 1


@pytest.mark.parametrize(
    ("output", "named"),
    [
        (".", "is the project folder"),
        ("..", "is the project folder"),
        (".git", "is inside a .git or .sijill-cache folder"),
        (".git/site", "is inside a .git or .sijill-cache folder"),
        (".sijill-cache", "is inside a .git or .sijill-cache folder"),
        ("repo", "holds a .git or .sijill-cache folder"),
        ("seeds/site", "apart from build.seeds"),
        ("templates/site", "apart from build.templates"),
    ],
)
def test_an_output_folder_that_would_delete_what_is_not_the_site_is_refused(
    tmp_path, capsys, output, named
):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    (project / "repo" / ".git").mkdir(parents=True)
    path = write(project, f'[site]\ntitle = "x"\n[build]\noutput = "{output}"\n')
    assert main(["--config", str(path), "build"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "build.output" in error and named in error, error
    assert sorted(p.name for p in project.iterdir()) == [".git", "repo", "site.toml"]


def test_the_program_folder_is_refused_as_output(tmp_path):
    from sijill.config.defaults import PACKAGE

    for output in (PACKAGE, PACKAGE.parent, PACKAGE / "data"):
        path = write(tmp_path, f'[site]\ntitle = "x"\n[build]\noutput = "{output.as_posix()}"\n')
        with pytest.raises(SettingsError, match=r"build\.output"):
            load_settings(path)


def test_an_output_folder_holding_the_editorial_files_is_refused(tmp_path):
    (tmp_path / "site" / "mine").mkdir(parents=True)
    (tmp_path / "site" / "mine" / "topics.yaml").write_text("{}\n")
    text = (
        '[site]\ntitle = "x"\n[build]\noutput = "site"\n'
        '[editorial]\ntopics = "site/mine/topics.yaml"\n'
    )
    with pytest.raises(SettingsError, match=r"apart from editorial\.topics"):
        load_settings(write(tmp_path, text))
