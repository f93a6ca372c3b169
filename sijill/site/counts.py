"""Counts in natural Arabic: «مقال واحد»، «مقالان»، «3 مقالات»، «11 مقالًا»، «100 مقال».

Which form a number takes is CLDR's plural rule for Arabic (through Babel), not a
hand-made table: 1 and 2 take the singular and the dual without a figure, a number
whose last two digits are 3–10 the plural, 11–99 the accusative singular, and the
rest (100, 1000, 102…) the genitive singular.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from babel import Locale


class Forms(NamedTuple):
    """One noun's forms by CLDR plural category; `{n}` stands for the figure."""

    zero: str
    one: str
    two: str
    few: str
    many: str
    other: str


ARTICLES = Forms("لا مقالات", "مقال واحد", "مقالان", "{n} مقالات", "{n} مقالًا", "{n} مقال")
LINES = Forms("{n} سطر", "سطر واحد", "سطران", "{n} أسطر", "{n} سطرًا", "{n} سطر")


@lru_cache(maxsize=1)
def _arabic() -> Locale:
    return Locale.parse("ar")


def counted(count: int, forms: Forms) -> str:
    """`count` of a noun, in the form Arabic gives that number."""
    category = _arabic().plural_form(count)
    return getattr(forms, category).replace("{n}", str(count))


def articles(count: int) -> str:
    """«مقال واحد»، «3 مقالات»…: how listings say how many articles they hold."""
    return counted(count, ARTICLES)
