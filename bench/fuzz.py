#!/usr/bin/env python3
"""Fuzz the capture pipeline with mutated real seeds for a while and report crashes.

    python bench/fuzz.py --seconds 60 --seed 1 [--out fuzz-crashes]

Each round takes a seed from seeds/, applies a few random mutations (byte
flips, line shuffles and deletions, inserted page furniture and hostile
strings, re-encodings, truncation, joining with another seed) and runs it
through read -> clean -> date -> record -> render of the article page. A
CaptureError is a refusal, which is the designed outcome for bad input;
anything else is a crash: the mutated bytes are saved to the output folder
with the traceback so the crash can be replayed (`--replay FILE`). The same
`--seed` gives the same sequence of inputs (the number of rounds depends on
the machine's speed).

    python bench/fuzz.py --pathological --seconds 120 [--length 2000]

looks for inputs whose cost grows faster than their length instead. Lines are
built by repeating a fragment (a word from any pattern of the profiles, the
cleaner or the date grammar, a bracket, a digit, a mark) behind an opening
(a bracket, a list marker), at one length and at four times it; each line is put
into every seed as a body line and into an edited article body, and timed
through clean, date and render. A line whose extra time grows more than six
times when its length grows four times is reported (linear work grows four times,
quadratic sixteen), and the run exits 1.
"""

from __future__ import annotations

import argparse
import codecs
import random
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sijill.config.settings import load_settings  # noqa: E402
from sijill.errors import CaptureError  # noqa: E402
from sijill.extract import clean as cleaner  # noqa: E402
from sijill.extract import dating  # noqa: E402
from sijill.extract.capture import parse_capture  # noqa: E402
from sijill.extract.clean import clean  # noqa: E402
from sijill.extract.profiles import default_profiles  # noqa: E402
from sijill.records.extraction import extract_record  # noqa: E402
from sijill.records.record import Article, parse_record, render_record  # noqa: E402
from sijill.site import bidi  # noqa: E402
from sijill.site.page import make_page  # noqa: E402
from sijill.site.renderer import Renderer  # noqa: E402

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[رابط](javascript:alert(1)) ![صورة](x.png)",
    "{{ 7*7 }} {% for x in y %}{% endfor %}",
    "&amp; &lt;b&gt; &#x3C;",
    "\u202eمعكوس\u202c \u2066عزل\u2069 \u200fعلامة",
    "---\ntitle: حقن\n---",
    "\x00\x01\x1b[31m",
    "\ufeff\u200b\u00a0\u0640\u0640\u0640",
    "٣٠ نوفمبر ٢٠٢٤",
    "الـــمــــزيــــــــــد",
]
ENCODINGS = ["utf-8", "utf-16", "utf-16-be", "cp1256", "utf-8-sig", "utf-32", "latin-1"]


def load_seeds() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))}


def furniture_lines(seeds: dict[str, str]) -> list[str]:
    """Lines the cleaner drops from the real seeds: the page furniture it must keep dropping."""
    lines = []
    for name, text in seeds.items():
        capture = parse_capture(text.encode("utf-8"), name, Path(name))
        extraction = clean(capture)
        lines += [capture.lines[d.number - 1] for d in extraction.decisions if not d.kept]
    return sorted({line for line in lines if line})


def mutate(rng: random.Random, seeds: dict[str, str], furniture: list[str]) -> tuple[bytes, str]:
    """One mutated capture and a short description of what was done to it."""
    name = rng.choice(sorted(seeds))
    lines = seeds[name].split("\n")
    done = [name[:3]]
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(["delete", "shuffle", "furniture", "hostile", "join", "cut", "noop"])
        at = rng.randint(0, len(lines))
        if kind == "delete":
            del lines[at : at + rng.randint(1, 15)]
        elif kind == "shuffle" and len(lines) > 2:
            start = rng.randint(0, len(lines) - 2)
            part = lines[start : start + rng.randint(2, 10)]
            rng.shuffle(part)
            lines[start : start + len(part)] = part
        elif kind == "furniture" and furniture:
            lines.insert(at, rng.choice(furniture))
        elif kind == "hostile":
            where = rng.randint(0, len(lines[at - 1])) if at and lines[at - 1] else 0
            if at:
                line = lines[at - 1]
                lines[at - 1] = line[:where] + rng.choice(HOSTILE) + line[where:]
            else:
                lines.insert(0, rng.choice(HOSTILE))
        elif kind == "join":
            lines += seeds[rng.choice(sorted(seeds))].split("\n")
        elif kind == "cut":
            lines = lines[: max(at, 1)]
        done.append(kind)
    text = rng.choice(["\n", "\r\n", "\r"]).join(lines)
    encoding = rng.choice(ENCODINGS)
    data = text.encode(encoding, errors="replace")
    if encoding == "utf-8-sig":
        data = codecs.BOM_UTF8 + text.encode("utf-8")
    done.append(encoding)
    if data and rng.random() < 0.4:
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
        data = bytes(buffer)
        done.append("byte-flips")
    if data and rng.random() < 0.15:
        data = data[: rng.randrange(len(data))]
        done.append("truncated")
    return data, "+".join(done)


class Pipeline:
    """The stages one capture goes through in a build, minus the disk writes."""

    def __init__(self) -> None:
        self.profiles = default_profiles()
        settings = load_settings(ROOT / "site.toml")
        self.settings = settings
        self.env = Renderer(settings, ROOT / "_unused").env

    def render(self, article: Article) -> str:
        page = make_page(article, self.settings.locale)
        return self.env.get_template("article.html").render(
            site=self.settings, root="../", path=page.url, absolute=None,
            page=page, newer=None, older=None, capture=None,
        )  # fmt: skip

    def run(self, data: bytes) -> str:
        try:
            capture = parse_capture(data, "fuzz.txt", Path("fuzz.txt"))
            meta, body, _ = extract_record(capture, self.profiles, None)
        except CaptureError as error:
            return "refused: " + error.reason.split(":")[0].split("(")[0].strip()
        article = parse_record(render_record(meta, body), Path(f"{meta['slug']}.md"))
        html = self.render(article)
        if "<script>alert" in html:
            raise AssertionError("capture text became a <script> element")
        return "published"


# --- pathological lines -------------------------------------------------------------

#: What a fragment is repeated behind, and the marks repeated on their own.
OPENINGS = ["", "(", "[", "«", "* ", "- ", "1. ", "> ", "    "]
MARKS = [
    *list("()[]<>{}«»*_`!#-–—|/\\:.,،؛0٠ \t@"),
    "1 ",
    "1.",
    "a ",
    "- ",
    "> ",
    "[a](",
    "<a ",
    "**a",
]
#: A line is reported when its extra time grows more than this when its length grows 4 times.
GROWTH = 6.0
#: Extra time below this is noise, whatever its growth.
NOISE = 0.1


def patterns() -> list[re.Pattern[str]]:
    """Every regular expression a capture's lines meet: the profiles', the cleaner's, the
    date grammar's and the renderer's."""
    found: list[re.Pattern[str]] = []
    generic, sources = default_profiles()
    for profile in (generic, *sources):
        for value in vars(profile).values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                item = item[1] if isinstance(item, tuple) and len(item) == 2 else item
                if isinstance(item, re.Pattern):
                    found.append(item)
    grammar = dating._grammar()
    for module in (cleaner, dating, bidi, grammar):
        found += [value for value in vars(module).values() if isinstance(value, re.Pattern)]
    return found


def fragments() -> list[str]:
    """The words written in any pattern, each alone and followed by a space, and the marks."""
    words = {word for p in patterns() for word in re.findall(r"[^\W\d_]+", p.pattern)}
    return sorted({*MARKS, *words, *(word + " " for word in words)})


def line_of(opening: str, fragment: str, length: int) -> str:
    return opening + fragment * max(1, length // len(fragment))


class Timer:
    """The cost of one line inside each seed (clean, date, render) and as an edited body."""

    def __init__(self, pipeline: Pipeline, seeds: dict[str, str]) -> None:
        self.pipeline = pipeline
        self.seeds = seeds
        self.base = {name: min(self.cost(name, "") for _ in range(3)) for name in seeds}

    def cost(self, seed: str, line: str) -> float:
        lines = self.seeds[seed].split("\n")
        middle = len(lines) // 2
        data = "\n".join([*lines[:middle], line, *lines[middle:]]).encode("utf-8")
        started = time.perf_counter()
        self.pipeline.run(data)
        if line:
            self.pipeline.render(edited_article(line))
        return time.perf_counter() - started

    def extra(self, seed: str, line: str, runs: int = 1) -> float:
        """The line's own cost: the least of `runs` timings, less the seed's alone."""
        # The seed alone is timed again beside the line: a busy machine slows both alike.
        self.base[seed] = min(self.base[seed], self.cost(seed, ""))
        return max(0.0, min(self.cost(seed, line) for _ in range(runs)) - self.base[seed])

    def grows(self, seed: str, opening: str, fragment: str, length: int, runs: int) -> float:
        """The long line's extra time when it grows faster than its length, else 0.

        The machine may be busy: a line found slow is timed again, more times."""
        short = self.extra(seed, line_of(opening, fragment, length), runs)
        long = self.extra(seed, line_of(opening, fragment, 4 * length), runs)
        return long if long > NOISE and long > GROWTH * max(short, NOISE / 4) else 0.0


def edited_article(body: str) -> Article:
    """An article file whose body an editor replaced with `body`."""
    meta = {"title": "عنوان", "source": "مصدر", "slug": "edited", "seed": "x.txt"}
    return parse_record(render_record(meta, "نص\n").replace("نص\n", body), Path("edited.md"))


def pathological(seconds: float, seed: int, length: int) -> int:
    """Time lines of repeated fragments at two lengths; report those growing faster."""
    rng = random.Random(seed)
    timer = Timer(Pipeline(), load_seeds())
    cases = [(s, o, f) for s in sorted(timer.seeds) for o in OPENINGS for f in fragments()]
    rng.shuffle(cases)
    tried, slow, started = 0, [], time.monotonic()
    for name, opening, fragment in cases:
        if time.monotonic() - started >= seconds:
            break
        tried += 1
        # Found slow at one length and four times it, a line is timed again at four and
        # sixteen times it, the best of three: a busy machine's pauses do not grow with it.
        if timer.grows(name, opening, fragment, length, 1) and (
            long := timer.grows(name, opening, fragment, 4 * length, 3)
        ):
            slow.append(f"{long:7.2f} s  {name}  {opening!r} + {fragment!r} x {16 * length}")
    print(f"{tried} of {len(cases)} lines at {length} and {4 * length} characters, seed {seed}")
    for line in slow:
        print(f"grows faster than its length: {line}")
    return 1 if slow else 0


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--seconds", type=float, default=60.0)
    options.add_argument("--seed", type=int, default=0, help="random seed, for reproducibility")
    options.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="crash folder")
    options.add_argument("--replay", type=Path, help="run one saved input and show the traceback")
    options.add_argument(
        "--pathological", action="store_true", help="look for lines whose cost is not linear"
    )
    options.add_argument("--length", type=int, default=2000, help="pathological line length")
    args = options.parse_args(argv)
    if args.pathological:
        return pathological(args.seconds, args.seed, args.length)
    pipeline = Pipeline()
    if args.replay:
        print(pipeline.run(args.replay.read_bytes()))
        return 0
    seeds = load_seeds()
    furniture = furniture_lines(seeds)
    rng = random.Random(args.seed)
    outcomes: Counter[str] = Counter()
    rounds, started = 0, time.monotonic()
    while time.monotonic() - started < args.seconds:
        data, how = mutate(rng, seeds, furniture)
        rounds += 1
        # A fuzzer's job is to catch what nothing else catches, so it catches
        # everything but an interrupt and reports it as a crash with its input.
        try:
            outcome = pipeline.run(data)
        except Exception as error:
            outcome = f"CRASH {type(error).__name__}"
            args.out.mkdir(parents=True, exist_ok=True)
            stem = args.out / f"crash-{args.seed}-{rounds:06d}"
            stem.with_suffix(".txt").write_bytes(data)
            stem.with_suffix(".log").write_text(f"{how}\n\n{traceback.format_exc()}")
        outcomes[outcome] += 1
    elapsed = time.monotonic() - started
    print(f"{rounds} inputs in {elapsed:.1f} s ({rounds / elapsed:.0f}/s), seed {args.seed}")
    for outcome, count in sorted(outcomes.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:7d}  {outcome}")
    crashes = sum(c for o, c in outcomes.items() if o.startswith("CRASH"))
    if crashes:
        print(f"{crashes} crashes; inputs and tracebacks in {args.out}/")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
