"""How much a capture's shape moves the cleaner: the same labelled captures, reshaped.

    python bench/robustness.py [FOLDER]      # default: tests/fixtures/captures/

A page saved from another browser, or copied by another hand, holds the same article
in another shape: without blank lines, with a blank line after every line, with
Windows line ends, or with the site's menu printed an item a line above it (as a
select-all copies a menu that stacks on a phone). Each shape of every capture is
cleaned and scored against the capture's one set of labels, beside the one-line rule
of bench/extraction.py, the cheapest thing anyone would otherwise use. Nothing is
asserted; a shape that loses titles or text points at a rule that leans on the layout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import extract_ours, extract_rule
from scoring import Fixture, Score, load_fixtures, score, total

#: A menu as sites print it, an item a line (the items are common section names).
MENU = ("الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات", "فيديو", "اتصل بنا")

SHAPES: dict[str, Callable[[list[str]], str]] = {
    "as captured": lambda lines: "\n".join(lines) + "\n",
    "no blank lines": lambda lines: "\n".join(line for line in lines if line.strip()) + "\n",
    "blank after each line": lambda lines: "\n\n".join(lines) + "\n",
    "Windows line ends": lambda lines: "\r\n".join(lines) + "\r\n",
    "menu above, an item a line": lambda lines: "\n".join([*MENU, "", *lines]) + "\n",
}


def shaped(fixture: Fixture, shape: str, folder: Path) -> Path:
    """The fixture's capture in one shape, written under `folder`."""
    lines = fixture.capture.read_text(encoding="utf-8").splitlines()
    path = folder / f"{fixture.name}.txt"
    path.write_bytes(SHAPES[shape](lines).encode("utf-8"))
    return path


def scored(fixtures: list[Fixture], shape: str) -> dict[str, list[Score]]:
    """Our cleaner and the one-line rule on every fixture in one shape."""
    scores: dict[str, list[Score]] = {"ours": [], "rule": []}
    with tempfile.TemporaryDirectory() as temporary:
        for fixture in fixtures:
            path = shaped(fixture, shape, Path(temporary))
            for tool, extract, fields in (
                ("ours", extract_ours, {}),
                ("rule", extract_rule, {"date": False, "basis": False, "source": False}),
            ):
                try:
                    got = extract(path)
                except Exception:  # a refused capture scores as an empty extraction
                    got = {}
                scores[tool].append(score(fixture.expected, got, **fields))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("tests/fixtures/captures"))
    folder = parser.parse_args().folder
    fixtures = load_fixtures(folder)
    print(f"{len(fixtures)} labelled captures in {folder}\n")
    header = f"{'ours: titles':>12} {'F1':>6} {'mean F1':>8} | {'rule: titles':>12} {'F1':>6}"
    print(f"{'shape':<28} {header}")
    for shape in SHAPES:
        scores = scored(fixtures, shape)
        ours, rule = total(scores["ours"]), total(scores["rule"])
        print(
            f"{shape:<28} {ours.titles:>5}/{ours.count:<6} {ours.f1:6.3f} {ours.mean_f1:8.3f} | "
            f"{rule.titles:>5}/{rule.count:<6} {rule.f1:6.3f}"
        )


if __name__ == "__main__":
    main()
