"""`site.toml`, read once into a typed, validated settings object.

Site owners change these without touching code, so every mistake must come
back as an error that names the key (or the line, for a TOML syntax error).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import SettingsError
from .editorial import Editorial


@dataclass(frozen=True)
class Settings:
    """Everything a site owner may change, with the project root resolved."""

    root: Path
    title: str
    description: str
    language: str
    locale: str
    base_url: str | None
    output: Path
    seeds: Path
    articles: Path
    templates: Path
    max_capture_bytes: int
    feed_entries: int
    home_entries: int
    page_size: int
    self_hosted_font: bool
    search: bool
    #: The project's own profiles, topics and wording, laid over the packaged ones.
    editorial: Editorial


# key -> (section, type, default); a default of ... means required.
SCHEMA: dict[str, tuple[str, type | tuple[type, ...], Any]] = {
    "title": ("site", str, ...),
    "description": ("site", str, ""),
    "language": ("site", str, "ar"),
    "locale": ("site", str, "ar"),
    "base_url": ("site", str, ""),
    "output": ("build", str, "_site"),
    "seeds": ("build", str, "seeds"),
    "articles": ("build", str, "articles"),
    "templates": ("build", str, "templates"),
    "max_capture_bytes": ("build", int, 5_000_000),
    "feed_entries": ("site", int, 20),
    "home_entries": ("site", int, 50),
    "page_size": ("site", int, 100),
    "self_hosted_font": ("site", bool, False),
    "search": ("site", bool, True),
    "profiles": ("editorial", str, ""),
    "topics": ("editorial", str, ""),
    "wording": ("editorial", str, ""),
}
SECTIONS = {"site", "build", "editorial"}
#: The numbers a site owner may set, and their bounds. A capture is read whole into
#: memory (a limit of a terabyte is a crash, not a setting); a feed, a home page or a
#: listing page of more than these is not a page a reader or a feed reader can use.
BOUNDS: dict[str, tuple[int, int]] = {
    "max_capture_bytes": (1_000, 100_000_000),
    "feed_entries": (1, 1_000),
    "home_entries": (1, 10_000),
    "page_size": (1, 10_000),
}
#: The build cache's folder, beside the output (`engine.cache.BuildCache.location`).
CACHE_FOLDER = ".sijill-cache"


def load_settings(path: Path) -> Settings:
    """Read and validate site.toml; relative folders are taken from its directory."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SettingsError(
            f"{path}: not found; point at a project with --config path/to/site.toml"
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path.name}: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path.name}: cannot be read: {error}") from error
    for section, table in raw.items():
        if section not in SECTIONS or not isinstance(table, dict):
            raise SettingsError(
                f"{path.name}: unknown table [{section}] (expected [site], [build], [editorial])"
            )
        for key in table:
            if key not in SCHEMA or SCHEMA[key][0] != section:
                raise SettingsError(f"{path.name}: unknown key {section}.{key}")
    values: dict[str, Any] = {}
    for key, (section, kind, default) in SCHEMA.items():
        value = raw.get(section, {}).get(key, default)
        if value is ...:
            raise SettingsError(f"{path.name}: {section}.{key} is required")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SettingsError(
                f"{path.name}: {section}.{key} must be {kind.__name__}, not {value!r}"
            )
        values[key] = value
    if not values["title"].strip():
        raise SettingsError(f"{path.name}: site.title must not be empty")
    for key, (low, high) in BOUNDS.items():
        if not low <= values[key] <= high:
            raise SettingsError(
                f"{path.name}: {SCHEMA[key][0]}.{key} must be from {low:,} to {high:,}, "
                f"not {values[key]:,}"
            )
    from babel import Locale, UnknownLocaleError  # loaded for a build, not for `--help`

    try:
        Locale.parse(values["locale"])
    except (ValueError, UnknownLocaleError) as error:
        raise SettingsError(
            f"{path.name}: site.locale {values['locale']!r} is not a CLDR locale "
            '(such as "ar" or "ar_SY")'
        ) from error
    base_url = values["base_url"].strip()
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SettingsError(f"{path.name}: site.base_url must be an absolute http(s) URL")
        base_url = base_url.rstrip("/") + "/"
    root = path.resolve().parent
    output = (root / values["output"]).resolve()
    refuse_output_place(path, root, output, values["output"])
    for key in ("seeds", "articles", "templates"):
        folder = (root / values[key]).resolve()
        if output.is_relative_to(folder) or folder.is_relative_to(output):
            # The output folder is replaced whole on every build: it must hold nothing else.
            raise SettingsError(
                f"{path.name}: build.output must be a folder of its own, apart from build.{key}"
            )
    editorial = {}
    for key in ("profiles", "topics", "wording"):
        if values[key].strip():
            place = (root / values[key]).resolve()
            want_folder = key == "profiles"
            if not (place.is_dir() if want_folder else place.is_file()):
                kind = "folder" if want_folder else "file"
                raise SettingsError(
                    f"{path.name}: editorial.{key}: no {kind} {values[key]!r} beside site.toml"
                )
            if place.is_relative_to(output):
                raise SettingsError(
                    f"{path.name}: build.output must be a folder of its own, "
                    f"apart from editorial.{key}"
                )
            editorial[key] = place
    return Settings(
        root=root,
        title=values["title"].strip(),
        description=values["description"].strip(),
        language=values["language"],
        locale=values["locale"],
        base_url=base_url or None,
        output=root / values["output"],
        seeds=root / values["seeds"],
        articles=root / values["articles"],
        templates=root / values["templates"],
        max_capture_bytes=values["max_capture_bytes"],
        feed_entries=values["feed_entries"],
        home_entries=values["home_entries"],
        page_size=values["page_size"],
        self_hosted_font=values["self_hosted_font"],
        search=values["search"],
        editorial=Editorial(**editorial),
    )


def refuse_output_place(path: Path, root: Path, output: Path, written: str) -> None:
    """Refuse an output folder whose replacement would delete what is not the site's.

    Every build replaces the output folder whole, so it must not be (or hold) the
    project, a repository, the build cache or the program itself. An input inside
    it is refused by the caller; whether an existing folder is a site this tool
    built is for the build to check (`commands.places.check_output`).
    """
    from .defaults import PACKAGE

    reason = ""
    if root.is_relative_to(output):
        reason = "is the project folder, or holds it"
    elif PACKAGE.is_relative_to(output) or output.is_relative_to(PACKAGE):
        reason = "is the program's own folder, or holds it"
    elif {".git", CACHE_FOLDER} & set(output.relative_to(output.anchor).parts):
        reason = "is inside a .git or .sijill-cache folder"
    elif any((output / name).exists() for name in (".git", CACHE_FOLDER)):
        reason = "holds a .git or .sijill-cache folder"
    if reason:
        raise SettingsError(
            f"{path.name}: build.output {written!r} {reason}; every build replaces that "
            'folder whole: name a folder of its own, such as "_site"'
        )
