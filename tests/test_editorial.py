"""A project's own profiles, topics and wording, laid over the packaged ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sijill.commands.build import build
from sijill.config import editorial
from sijill.config.defaults import PROFILES
from sijill.config.editorial import Editorial, overlay
from sijill.config.settings import load_settings
from sijill.engine.cache import basis, fingerprint
from sijill.errors import ProfileError, SettingsError, WordingError
from sijill.extract.profiles import default_profiles, load_profiles
from sijill.extract.wording import wording
from sijill.records.record import read_record
from sijill.records.topics import load_topics

from .conftest import ROOT


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def with_editorial(root: Path, **paths: str) -> Path:
    """site.toml in `root` naming the project's editorial files."""
    text = (ROOT / "site.toml").read_text(encoding="utf-8")
    text = text.split("[editorial]")[0] + "[editorial]\n"
    text += "".join(f'{key} = "{value}"\n' for key, value in paths.items())
    return write(root / "site.toml", text)


def test_overlay_replaces_adds_and_removes_keys_within_each_table():
    packaged = {"places": {"a": 1, "b": 2}, "people": {"c": 3}}
    merged = overlay(packaged, {"places": {"b": 20, "d": 4, "a": None}, "organisations": {}})
    assert merged == {"places": {"b": 20, "d": 4}, "people": {"c": 3}, "organisations": {}}
    assert packaged == {"places": {"a": 1, "b": 2}, "people": {"c": 3}}  # left as it was


def test_shipped_settings_use_the_packaged_data_alone():
    settings = load_settings(ROOT / "site.toml")
    assert settings.editorial == Editorial()
    assert settings.editorial.files("profiles") == []


def test_editorial_paths_are_taken_from_site_toml_and_must_exist(tmp_path):
    write(tmp_path / "own" / "topics.yaml", "places: {}\n")
    (tmp_path / "own" / "profiles").mkdir()
    settings = load_settings(
        with_editorial(tmp_path, profiles="own/profiles", topics="own/topics.yaml")
    )
    assert settings.editorial == Editorial(
        profiles=tmp_path / "own" / "profiles", topics=tmp_path / "own" / "topics.yaml"
    )
    with pytest.raises(SettingsError, match=r"site.toml: editorial.wording: no file 'x.yaml'"):
        load_settings(with_editorial(tmp_path, wording="x.yaml"))
    with pytest.raises(SettingsError, match=r"editorial.profiles: no folder 'own/topics.yaml'"):
        load_settings(with_editorial(tmp_path, profiles="own/topics.yaml"))


def test_a_profile_with_a_packaged_key_replaces_it_and_a_new_key_adds_a_source(tmp_path):
    own = tmp_path / "profiles"
    text = (PROFILES / "alawwal.yaml").read_text(encoding="utf-8")
    write(own / "mine.yaml", text.replace("source: الأول", "source: الأول (نسخة المشروع)"))
    write(own / "new.yaml", text.replace("key: alawwal", "key: newsource"))
    _, packaged = load_profiles()
    _, sources = load_profiles(overlay=own)
    assert [p.key for p in sources] == [p.key for p in packaged] + ["newsource"]
    alawwal = next(p for p in sources if p.key == "alawwal")
    assert alawwal.source == "الأول (نسخة المشروع)" and alawwal.file == "mine.yaml"
    write(own / "again.yaml", text.replace("key: alawwal", "key: newsource"))
    with pytest.raises(ProfileError, match="newsource"):
        load_profiles(overlay=own)


def test_loaders_follow_the_project_in_use_and_its_edits(tmp_path):
    topics = write(tmp_path / "topics.yaml", "organisations:\n  opposition: {name: المعارضة}\n")
    words = write(tmp_path / "wording.yaml", "rules:\n  paragraph: فقرة من النص\n")
    packaged_keys = {topic.key for topic in load_topics()}
    with editorial.using(Editorial(topics=topics, wording=words)):
        assert {topic.key for topic in load_topics()} == packaged_keys | {"opposition"}
        assert wording().reason("paragraph") == "فقرة من النص"
        assert wording().reason("title") == "عنوان المقال"  # the packaged wording stays
    assert {topic.key for topic in load_topics()} == packaged_keys
    assert wording().reason("paragraph") == "فقرة من نص المقال"
    write(topics, "places:\n  aleppo:\n")  # removes a packaged topic
    with editorial.using(Editorial(topics=topics)):
        assert {topic.key for topic in load_topics()} == packaged_keys - {"aleppo"}
    write(words, "rules:\n  paragraph: ''\n")
    with (
        editorial.using(Editorial(wording=words)),
        pytest.raises(WordingError, match=r"wording.yaml: rules.paragraph"),
    ):
        wording()
    assert default_profiles() == load_profiles()


@pytest.mark.build
def test_editorial_files_shape_the_build_and_an_edit_rebuilds_what_they_affect(tmp_path):
    for name in ("seeds", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "articles").mkdir()
    own = tmp_path / "editorial"
    profile = (PROFILES / "alawwal.yaml").read_text(encoding="utf-8")
    write(own / "profiles" / "alawwal.yaml", profile.replace("source: الأول", "source: موقع الأول"))
    write(own / "topics.yaml", "organisations:\n  opposition: {name: المعارضة}\n")
    write(own / "wording.yaml", "roles:\n  paragraph: فقرة من المقال\n")
    settings = load_settings(
        with_editorial(
            tmp_path,
            profiles="editorial/profiles",
            topics="editorial/topics.yaml",
            wording="editorial/wording.yaml",
        )
    )
    build(settings)
    site = settings.output
    sources = {read_record(p).meta["source"] for p in settings.articles.glob("*.md")}
    assert "موقع الأول" in sources and "الأول" not in sources
    assert (site / "topics" / "opposition.html").is_file()
    assert (site / "topics" / "aleppo.html").is_file()  # the packaged topics stay
    capture_pages = "".join(p.read_text("utf-8") for p in (site / "captures").glob("*.html"))
    assert "فقرة من المقال" in capture_pages

    made_from, current = basis(settings), fingerprint(settings)
    write(own / "wording.yaml", "roles:\n  paragraph: فقرة من الخبر\n")
    assert basis(settings) == made_from and fingerprint(settings) != current  # pages only
    write(own / "topics.yaml", "organisations:\n  rebels: {name: المعارضة}\n")
    assert basis(settings) != made_from  # listing entries carry their topics
    report = build(settings)
    assert report.written
    assert not (site / "topics" / "opposition.html").exists()
    assert (site / "topics" / "rebels.html").is_file()
    capture_pages = "".join(p.read_text("utf-8") for p in (site / "captures").glob("*.html"))
    assert "فقرة من الخبر" in capture_pages and "فقرة من المقال" not in capture_pages
