"""The sha256 of every file two builds of the shipped project make: `tests/data/site_digests.txt`.

The list proves that a change meant to keep behaviour (a refactor) keeps every
byte of the site and of ``articles/``. Two builds are listed: ``shipped/`` (the
project as it is in the repository, its article files kept) and ``fresh/``
(``articles/`` emptied first, so every capture is cleaned, dated and recorded
again). A change that alters output on purpose regenerates the list, and its
diff shows which files changed:

    .venv/bin/python -m tests.tools.site_digests
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIGESTS = ROOT / "tests" / "data" / "site_digests.txt"

#: The builds listed, and whether each keeps the shipped article files.
BUILDS = {"shipped": True, "fresh": False}


def build_copy(root: Path, articles: bool) -> None:
    """Build the shipped seeds into a copy of the project at `root`."""
    from sijill.commands.build import build
    from sijill.config.settings import load_settings
    from sijill.records.extraction import UNDATED

    for name in ("seeds", "templates") + (("articles",) if articles else ()):
        shutil.copytree(ROOT / name, root / name)
    (root / "articles").mkdir(exist_ok=True)
    shutil.copy(ROOT / "site.toml", root / "site.toml")
    report = build(load_settings(root / "site.toml"))
    # Without the editor's article file, 004's date is unknown: the one warning expected.
    expected = [] if articles else [f"seeds/004_ebbdbeee38b53e8a.txt: {UNDATED}"]
    if [warning.partition("; ")[0] for warning in report.warnings] != expected:
        raise AssertionError(report.warnings)


def digests(root: Path, label: str) -> list[str]:
    """`sha256  path` lines (BagIt's manifest format) for the built site and ``articles/``."""
    lines = []
    for folder in ("_site", "articles"):
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            lines.append(f"{sha256(path)}  {label}/{name}")
    return lines


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current(tmp: Path) -> list[str]:
    """The digest lines of both builds, made under `tmp`."""
    lines = []
    for label, articles in BUILDS.items():
        (tmp / label).mkdir()
        build_copy(tmp / label, articles)
        lines += digests(tmp / label, label)
    return lines


def stored() -> list[str]:
    return DIGESTS.read_text(encoding="utf-8").splitlines()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sijill-digests-") as tmp:
        lines = current(Path(tmp))
    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    DIGESTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} digests written to {DIGESTS.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
