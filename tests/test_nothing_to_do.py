"""A build with nothing to do: what it reads, what it loads, and what it still sees.

It compares the inputs' sizes and times and the site's folders with the last
build's summary, and loads neither the cache nor the pipeline (`commands.rebuild`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sijill.commands.build import build
from sijill.engine import publish
from sijill.engine.publish import COARSEST_NS, site_state, site_unchanged

ROOT = Path(__file__).resolve().parent.parent

#: Modules only a build with work to do needs.
PIPELINE = ("sijill.commands.rebuild", "sijill.extract.clean", "sijill.site.generate", "jinja2")


def test_a_build_with_nothing_to_do_loads_no_part_of_the_pipeline(project):
    settings = project()
    build(settings)
    probe = (
        "import sys\n"
        "from sijill.cli import main\n"
        f"code = main(['build', '--config', {str(settings.root / 'site.toml')!r}])\n"
        f"print(code, [m for m in {PIPELINE!r} if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert "nothing changed" in done.stdout
    assert done.stdout.splitlines()[-1] == "0 []"


def age(folder: Path, seconds: int) -> None:
    """Set back the time of `folder` and every folder in it, as if the build were long past."""
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 1_000_000_000))


def test_long_after_a_build_its_folders_times_are_enough_and_still_see_a_deleted_page(
    project, monkeypatch
):
    settings = project()
    build(settings)
    age(settings.output, 3600)
    assert build(settings).written == 0  # folders changed: looked at, nothing to make
    listed = []
    monkeypatch.setattr(publish, "site_identity", lambda out: listed.append(out) or "")
    assert build(settings).written == 0
    assert listed == []  # the whole site was not listed: its folders' times sufficed
    monkeypatch.undo()
    (settings.output / "articles/2024-11-29-asharq-1f20bf5859.html").unlink()
    assert build(settings).written == 1


def small_site(tmp_path: Path) -> tuple[Path, Path]:
    """A site of one folder and two pages, and a file beside it standing for the summary."""
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    for name in ("a.html", "b.html"):
        (site / "articles" / name).write_text("x", encoding="utf-8")
    settled = tmp_path / "summary"
    settled.write_bytes(b"")
    return site, settled


def test_folders_older_than_the_summary_are_enough(tmp_path, monkeypatch):
    site, settled = small_site(tmp_path)
    age(site, 60)
    identity, folders = site_state(site)
    monkeypatch.setattr(publish, "site_identity", lambda out: pytest.fail("counted the site"))
    assert site_unchanged(site, identity, folders, settled)
    (site / "articles/b.html").unlink()  # its folder's time moves: seen at once
    assert not site_unchanged(site, identity, folders, settled)


def test_a_folder_that_changed_just_before_the_summary_is_counted_again(tmp_path):
    """On a file system whose times are coarse, a page deleted within the build's last tick
    leaves its folder's time as it was: within `COARSEST_NS` the whole site is counted."""
    site, settled = small_site(tmp_path)
    identity, folders = site_state(site)
    old = settled.stat().st_mtime_ns - 10 * COARSEST_NS
    os.utime(settled, ns=(old, old))
    assert site_unchanged(site, identity, folders, settled)  # counted, and the same
    assert settled.stat().st_mtime_ns > old  # so the summary's time moves on
    os.utime(settled, ns=(old, old))
    folder = site / "articles"
    stamp = folder.stat()
    (folder / "b.html").unlink()
    os.utime(folder, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # a time too coarse to move
    assert not site_unchanged(site, identity, folders, settled)
    assert settled.stat().st_mtime_ns == old  # a count that differs vouches for nothing
