"""Before a build touches anything: its input folders are there, and its output is its own.

A build replaces its output folder whole, and syncs the seeds into the records
folder. So a typo in a folder's name must stop it: `seeds = "seed"` would
unpublish every capture, `articles = "article"` would write the records anew
beside the editor's (their hand edits gone from the site), and `output =
"../docs"` would delete someone's files. Each is one line naming the setting
and the folder (exit 2), and nothing is written.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from ..config.settings import Settings
from ..engine.cache import BuildCache
from ..engine.publish import MARKER
from ..errors import SettingsError

#: The input folders `build --create` may make: an empty one is a project with nothing
#: in it yet. Templates are never made: an empty templates folder cannot render a page.
CREATABLE = ("seeds", "articles")


def shown(settings: Settings, folder: Path) -> str:
    """The folder as site.toml names it, relative to the project when it is inside."""
    return os.path.relpath(folder, settings.root)


def check_inputs(settings: Settings, create: bool = False) -> None:
    """Refuse a missing input folder, or make the missing seeds and articles folders when
    the editor asks for them (`create`, `build --create`)."""
    for key in ("seeds", "articles", "templates"):
        folder: Path = getattr(settings, key)
        if folder.is_dir():
            continue
        if folder.exists():
            where = shown(settings, folder)
            raise SettingsError(f"site.toml: build.{key} {where!r} is not a folder")
        if create and key in CREATABLE:
            folder.mkdir(parents=True)
            continue
        advice = (
            "fix the name in site.toml, or run `build --create` to start an empty one"
            if key in CREATABLE
            else "fix the name in site.toml, or copy the templates folder from the repository"
        )
        raise SettingsError(
            f"site.toml: build.{key}: no folder {shown(settings, folder)!r}; {advice}"
        )


def check_output(settings: Settings) -> None:
    """Refuse to replace an existing output folder that is not a site this tool built.

    Its own sites carry `MARKER`. A site built before there was a marker is known
    by the build cache beside it (`built_here_before`); its next build adds the
    marker. A missing or empty folder is free to take.
    """
    out = settings.output
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise SettingsError(
            f"site.toml: build.output {shown(settings, out)!r} is a file, not a folder"
        )
    if (out / MARKER).is_file():
        return
    with os.scandir(out) as entries:
        if next(entries, None) is None:
            return
    if built_here_before(settings):
        return
    raise SettingsError(
        f"site.toml: build.output {shown(settings, out)!r} is a folder this tool did not make "
        f"(no {MARKER} in it), and every build replaces that folder whole: name another "
        "folder, or empty this one"
    )


def built_here_before(settings: Settings) -> bool:
    """Whether the build cache beside the output holds files named after it: a build
    of this tool made that folder, before sites carried the marker.

    Any file named for the output counts (the cache, its summary, its parts), so a
    cache saved in another format by another version counts too.
    """
    cache = BuildCache.location(settings).parent
    return any(cache.glob(glob.escape(settings.output.name) + ".*"))
