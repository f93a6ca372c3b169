"""Synthetic archives for benchmarks: N captures in the five seeds' own layouts.

Every capture is unique (title, body, date) but built from real paragraphs and
real page furniture, so the cleaner does the same work it does on real input.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.layouts import Story, alawwal, arabi21_dated, arabi21_page, asharq  # noqa: E402
from sijill.extract.capture import read_capture  # noqa: E402
from sijill.extract.clean import clean  # noqa: E402

CAPTIONS = [
    "مقاتلون من المعارضة في ساحة سعد الله الجابري بحلب (رويترز)",
    "الرئيس الروسي فلاديمير بوتين خلال مؤتمر صحافي في موسكو (أ.ف.ب)",
]


def paragraph_pool() -> list[str]:
    """Every paragraph of the five real seeds."""
    pool = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        extraction = clean(read_capture(path, path.name, 10_000_000))
        pool += [
            b.text for b in extraction.blocks if b.kind == "paragraph" and b.text.endswith(".")
        ]
    return pool


#: Synthetic articles are dated over this many days from 2024-01-01, by their number.
DAYS = 700


def newest_number(after: int) -> int:
    """The first capture number from `after` on that is dated on the last day."""
    return after + (DAYS - 1 - after % DAYS) % DAYS


def story(number: int, rng: random.Random, pool: list[str]) -> Story:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=number % DAYS)
    paragraphs = rng.sample(pool, k=min(len(pool), rng.randint(6, 14)))
    paragraphs.insert(rng.randint(0, len(paragraphs)), f"هذا هو المقال التجريبي رقم {number}.")
    return Story(
        title=f"{rng.choice(pool)[:70].rsplit(' ', 1)[0]} ({number})",
        paragraphs=paragraphs,
        year=day.year,
        month=day.month,
        day=day.day,
        captions=CAPTIONS,
        subheading="مباحثات تركية روسية" if number % 3 == 0 else None,
    )


def capture_text(number: int, rng: random.Random, pool: list[str]) -> str:
    main, other = story(number, rng, pool), story(number + 1_000_000, rng, pool)
    layout = number % 4
    if layout == 0:
        return arabi21_dated(main, other)
    if layout == 1:
        weekday = dt.date(main.year, main.month, main.day).weekday()
        return arabi21_page(main, weekday)
    if layout == 2:
        return asharq(main, other)
    return alawwal(main)


def write_captures(folder: Path, count: int, start: int = 0, seed: int = 1) -> None:
    """Write captures number start .. start+count-1 into folder (deterministic for a seed)."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = paragraph_pool()
    for number in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + number)
        (folder / f"{number:06d}.txt").write_text(capture_text(number, rng, pool), encoding="utf-8")


if __name__ == "__main__":
    write_captures(Path(sys.argv[1]), int(sys.argv[2]))
