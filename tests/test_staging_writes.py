"""Pages go plainly into the build's fresh staging folder; live folders keep atomic writes.

Nothing else sees the staging folder, and a failed build deletes it whole, so a
temporary file and a rename per page (a tenth of a cold build) buy nothing there.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from sijill.commands.build import build
from sijill.engine import files
from sijill.engine.publish import MARKER, beside

from .conftest import SEED_NAMES


def test_a_build_writes_no_temporary_file_into_its_staging_folder(project, monkeypatch):
    settings = project(articles=False)
    folders: list[str] = []
    real = tempfile.mkstemp

    def logged(*args, **kwargs):
        folders.append(os.path.basename(os.fspath(kwargs.get("dir", ""))))
        return real(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", logged)
    build(settings)
    staging = beside(settings.output, "build")
    assert not [folder for folder in folders if folder.startswith(staging)]
    # Live folders still get a temporary file and a rename: one per article record at least.
    assert folders.count(settings.articles.name) == len(SEED_NAMES)
    assert len(list((settings.output / "captures").glob("*.html"))) == len(SEED_NAMES)
    hidden = [p for p in settings.root.rglob(".*") if p.is_file() and p.parent != settings.root]
    assert not [p for p in hidden if p.name != MARKER and p.parent.name != ".sijill-cache"]


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_a_plain_write_gets_the_mode_the_umask_allows(tmp_path, umask):
    from sijill.engine.files import write_new

    previous = os.umask(umask)
    try:
        write_new(tmp_path / "a" / "b" / "page.html", b"<p>page</p>")
    finally:
        os.umask(previous)
    assert (tmp_path / "a" / "b" / "page.html").stat().st_mode & 0o777 == 0o666 & ~umask
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o777 & ~umask


def test_a_plain_write_never_writes_through_a_link_into_the_previous_site(tmp_path):
    from sijill.engine.files import write_new

    live, staging = tmp_path / "live.html", tmp_path / "staging.html"
    live.write_bytes(b"the published page")
    os.link(live, staging)
    write_new(staging, b"the new page")
    assert live.read_bytes() == b"the published page"
    assert staging.read_bytes() == b"the new page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.html", "staging.html"]
