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
        ('[site]\ntitle = "x"\npage_size = 0\n', "site.page_size must be at least 1"),
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
