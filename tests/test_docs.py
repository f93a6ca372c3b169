"""The README stays short and says what CI runs; the documentation's links resolve."""

from __future__ import annotations

import re

from .conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "bench" / "README.md"]
DOCS += sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)|src=\"([^\"]+)\"")


def commands(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", text, re.DOTALL)


def test_the_readme_quick_start_is_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = commands(readme.split("## Quick start")[1].split("\n## ")[0])
    assert quick == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python build.py serve",
        'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && '
        "bash .ci/install-system && .venv/bin/python -m pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == quick[1]


def test_the_readme_fits_on_a_few_screens():
    assert len((ROOT / "README.md").read_bytes()) <= 8_700


def test_every_relative_link_in_the_documentation_resolves():
    broken = []
    for doc in DOCS:
        for found in LINK.finditer(doc.read_text(encoding="utf-8")):
            target = (found.group(1) or found.group(2)).split("#")[0]
            if target and "://" not in target and not (doc.parent / target).exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert broken == []
