"""Extraction benchmark: our cleaner side by side with jusText, trafilatura and a one-line rule.

    python bench/extraction.py [FOLDER]      # default: tests/fixtures/captures/
    python bench/extraction.py --seeds       # the shipped seeds against articles/*.md

For every capture it prints title right (T), date right (D), date basis right (B),
source right (S, ours only) and body precision / recall / F1, then the totals per tool.
Nothing is asserted: the targets live in the issue, not here. jusText and trafilatura
come from the ``bench`` extra.

How each peer sees a capture (a capture is text, the peers read HTML):
- jusText: each non-blank line as a ``<p>``, Arabic stop-word list; it has no title or date.
- trafilatura: the same ``<p>`` lines in a minimal document whose ``<title>`` is the
  first non-blank line; title and date from its metadata; no date basis.
- the one-line rule: title = first line of 5+ words that does not end in a full stop,
  body = every line of 12+ words; no date.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import Fixture, Score, Total, load_fixtures, normalise, score, total  # noqa: E402


# --- ours: the only place that knows the package's API (it is being restructured) -----
def extract_ours(path: Path) -> dict:
    """Clean and date one capture with the project's cleaner, exactly as `build` does."""
    from sijill.extract.capture import read_capture
    from sijill.extract.decisions import UNKNOWN_SOURCE
    from sijill.extract.profiles import default_profiles
    from sijill.records.extraction import extract_record

    meta, _, extraction = extract_record(
        read_capture(path, path.name, 50_000_000), default_profiles(), None
    )

    def kind(name: str) -> list[str]:
        return [b.text for b in extraction.blocks if b.kind == name]

    return {
        "title": meta["title"],
        "source": None if meta["source"] == UNKNOWN_SOURCE else meta["source"],
        "date": str(meta["date"])[:10] if meta["date"] else None,
        "date_basis": meta["date_basis"],
        "body": kind("paragraph"),
        "subheadings": kind("subheading"),
        "captions": kind("caption"),
    }


# --- the peers ------------------------------------------------------------------------
def capture_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    return [line.strip() for line in text.splitlines() if line.strip()]


def as_html(lines: list[str]) -> str:
    title = html.escape(lines[0]) if lines else ""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body>\n{paragraphs}\n</body></html>"
    )


def extract_justext(path: Path) -> dict:
    import justext

    paragraphs = justext.justext(
        as_html(capture_lines(path)).encode("utf-8"), justext.get_stoplist("Arabic")
    )
    return {"body": [p.text for p in paragraphs if not p.is_boilerplate]}


def extract_trafilatura(path: Path) -> dict:
    import trafilatura

    extracted = trafilatura.bare_extraction(
        as_html(capture_lines(path)), with_metadata=True, include_comments=False
    )
    if not extracted:
        return {}
    document = extracted.as_dict() if hasattr(extracted, "as_dict") else extracted
    text = document.get("text") or ""
    return {
        "title": document.get("title"),
        "date": document.get("date"),
        "body": [line for line in text.splitlines() if line.strip()],
    }


FULL_STOPS = (".", "۔")


def extract_rule(path: Path) -> dict:
    lines = capture_lines(path)
    title = next((ln for ln in lines if len(ln.split()) >= 5 and not ln.endswith(FULL_STOPS)), None)
    return {"title": title, "body": [ln for ln in lines if len(ln.split()) >= 12]}


# tool name -> (extractor, fields it attempts: title, date, basis, source)
TOOLS = {
    "ours": (extract_ours, dict(title=True, date=True, basis=True, source=True)),
    "jusText": (extract_justext, dict(title=False, date=False, basis=False)),
    "trafilatura": (extract_trafilatura, dict(title=True, date=True, basis=False)),
    "rule": (extract_rule, dict(title=True, date=False, basis=False)),
}
EMPTY = Score(None, None, None, None, 0, 0, 0)


# --- the shipped seeds, with expected results from the published articles -------------
_INVISIBLE = re.compile("[\u0640\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_DIGITS = {0x0660 + d: str(d) for d in range(10)} | {0x06F0 + d: str(d) for d in range(10)}


def _fold(text: str) -> str:
    """Match a published (normalised) line back to the seed line it came from."""
    return normalise(_INVISIBLE.sub("", unicodedata.normalize("NFC", text)).translate(_DIGITS))


def seed_fixtures() -> list[Fixture]:
    """The five seeds, expecting their articles' blocks with the seed's own characters.

    A published article holds the old cleaner's normalised text; each block is replaced
    by the seed line it folds to, so the expectation keeps tatweel and digits as written.
    A date supplied by hand is not the cleaner's to find: it is expected as unknown.
    """
    import yaml

    fixtures = []
    for article in sorted((ROOT / "articles").glob("*.md")):
        _, front, markdown = article.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        seed = ROOT / "seeds" / meta["seed"]
        originals = {}
        for line in seed.read_bytes().decode("utf-8", errors="replace").splitlines():
            originals.setdefault(_fold(line), normalise(line))
        expected: dict = {"body": [], "subheadings": [], "captions": []}
        previous = None
        for block in re.split(r"\n\s*\n", markdown.strip()):
            block = block.strip()
            if block == "{: .caption}" or block.endswith("\n{: .caption}"):
                text = block.removesuffix("{: .caption}").strip() or previous
                if block == "{: .caption}" and expected["body"]:
                    expected["body"].pop()
                expected["captions"].append(originals.get(_fold(text), text))
            elif block.startswith("## "):
                text = block[3:]
                expected["subheadings"].append(originals.get(_fold(text), text))
            elif block:
                expected["body"].append(originals.get(_fold(block), block))
            previous = block
        supplied = meta.get("date_basis") == "supplied"
        expected.update(
            title=originals.get(_fold(meta["title"]), meta["title"]),
            source=meta.get("source"),
            date=None if supplied else meta.get("date"),
            date_basis="unknown" if supplied else meta.get("date_basis"),
        )
        fixtures.append(Fixture(seed.stem, seed, expected))
    return fixtures


# --- running and printing -------------------------------------------------------------
def run(fixtures: list[Fixture], repeat: int) -> tuple[dict, dict, list[str]]:
    scores: dict[str, list[Score]] = {tool: [] for tool in TOOLS}
    costs: dict[str, float] = {}
    failures: list[str] = []
    if fixtures:  # the first call pays for imports: keep it out of the timings
        with contextlib.suppress(Exception):  # a failure is reported with its capture
            extract_ours(fixtures[0].capture)
    for fixture in fixtures:
        for tool, (extract, fields) in TOOLS.items():
            try:
                started = time.perf_counter()
                got = extract(fixture.capture)
                if tool == "ours":
                    runs = [time.perf_counter() - started]
                    for _ in range(repeat - 1):
                        started = time.perf_counter()
                        extract(fixture.capture)
                        runs.append(time.perf_counter() - started)
                    costs[fixture.name] = statistics.median(runs) * 1000
            except Exception as error:  # a crash scores as an empty extraction
                failures.append(f"{tool} on {fixture.name}: {type(error).__name__}: {error}")
                got = {}
            scores[tool].append(score(fixture.expected, got, **fields))
    return scores, costs, failures


def mark(value: bool | None) -> str:
    return "." if value is None else ("Y" if value else "n")


def prf(s: Score | Total) -> str:
    return f"{s.precision:4.2f} {s.recall:4.2f} {s.f1:4.2f}"


def print_table(fixtures: list[Fixture], scores: dict, costs: dict) -> None:
    width = max([len(f.name) for f in fixtures] + [7])
    prf_head = "P    R    F1  "  # as wide as prf()
    groups = [  # (tool, column heads as wide as the row's cells)
        ("ours", "T D B S  " + prf_head + "     ms"),
        ("jusText", prf_head),
        ("trafilatura", "T D  " + prf_head),
        ("rule", "T  " + prf_head),
    ]
    print(f"{'':{width}} | " + " | ".join(f"{name:<{len(cols)}}" for name, cols in groups))
    print(f"{'capture':{width}} | " + " | ".join(cols for _, cols in groups))
    print("-" * width + "-+-" + "-+-".join("-" * len(cols) for _, cols in groups))
    for i, fixture in enumerate(fixtures):
        o, j, t, r = (scores[tool][i] for tool in TOOLS)
        cost = costs.get(fixture.name)
        ms = f"{cost:6.1f}" if cost is not None else "     -"
        print(
            f"{fixture.name:{width}} | "
            f"{mark(o.title)} {mark(o.date)} {mark(o.basis)} {mark(o.source)}  {prf(o)} {ms} | "
            f"{prf(j)} | "
            f"{mark(t.title)} {mark(t.date)}  {prf(t)} | "
            f"{mark(r.title)}  {prf(r)}"
        )


def print_totals(scores: dict, costs: dict) -> None:
    print()
    header = f"{'tool':<12} {'titles':>7} {'dates':>7} {'basis':>7} {'source':>7}"
    header += f" {'P':>5} {'R':>5} {'F1':>5} {'mean F1':>8}"
    print(header)
    print("-" * len(header))
    for tool in TOOLS:
        t = total(scores[tool])

        def count(value: int | None, t: Total = t) -> str:
            return "-" if value is None else f"{value}/{t.count}"

        print(
            f"{tool:<12} {count(t.titles):>7} {count(t.dates):>7} {count(t.bases):>7}"
            f" {count(t.sources):>7} {t.precision:5.3f} {t.recall:5.3f} {t.f1:5.3f}"
            f" {t.mean_f1:8.3f}"
        )
    if costs:
        values = list(costs.values())
        print(
            f"\nours' cleaning cost per capture: median {statistics.median(values):.1f} ms, "
            f"max {max(values):.1f} ms, total {sum(values):.0f} ms"
        )
    print(
        "\nT title right, D date right, B date basis right, S source right (Y/n; . not "
        "attempted).\nP/R/F1 over the word tokens of body, subheadings and captions; the "
        "totals' F1 is over all tokens of all captures, 'mean F1' the mean of the captures'."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, default=ROOT / "tests" / "fixtures" / "captures"
    )
    parser.add_argument(
        "--seeds", action="store_true", help="score the shipped seeds against articles/*.md instead"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of ours per capture for its cost (median; default 3)",
    )
    args = parser.parse_args(argv)
    fixtures = seed_fixtures() if args.seeds else load_fixtures(args.folder)
    if not fixtures:
        print(f"no fixtures (NAME.txt with NAME.yaml) in {args.folder}", file=sys.stderr)
        return 1
    scores, costs, failures = run(fixtures, max(1, args.repeat))
    print_table(fixtures, scores, costs)
    print_totals(scores, costs)
    if failures:
        print("\nscored as empty:")
        for failure in failures:
            print(f"  {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
