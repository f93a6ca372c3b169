"""Arabic word matching: the spelling differences a reader does not see as differences.

News sites write the same name with or without hamza (الأسد / الاسد), with or
without short vowels (حَلَب / حلب), with ة or ه at the end (حماة / حماه), and
glue the clitics و ف ب ك ل ال to the front of it (وحلب، بإدلب، للشرع). Topic
tagging must treat all of these as the same word, and nothing else: a longer
word that merely contains a name (حلبة) is a different word.

Pagefind 1.5.2 already folds hamza, diacritics and these clitics at query time
(checked in tests/test_search_browser.py against CASES), so the search index
is built from the text as written and this module serves topic tagging only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

from .folding import MARKS as _MARKS
from .folding import WORD_FOLD as _FOLD

_WORD = re.compile(r"\w+")

#: Clitics that may stand before a word: conjunction, then preposition, then article;
#: ل followed by ال is written لل.
PREFIXES: frozenset[str] = frozenset(
    {c + p + a for c, p, a in product(("", "و", "ف"), ("", "ب", "ك", "ل"), ("", "ال"))}
    - {"لال", "ولال", "فلال"}
    | {"لل", "ولل", "فلل"}
)

#: (query or variant, written form, should they be the same word?) — the shared table of cases.
CASES: tuple[tuple[str, str, bool], ...] = (
    ("الاسد", "الأسد", True),
    ("حَلَب", "حلب", True),
    ("ادلب", "إدلب", True),
    ("حماه", "حماة", True),
    ("مصطفي", "مصطفى", True),
    ("ـحلـب", "حلب", True),
    ("ﻻذقية", "لاذقية", True),
    ("حلب", "حلبة", False),
    ("حلب", "حلبي", False),
    ("حمص", "حماة", False),
)


def normalise(text: str) -> str:
    """Fold the spelling differences listed in the module docstring; keep everything else."""
    text = unicodedata.normalize("NFKC", text)
    return _MARKS.sub("", text).translate(_FOLD).casefold()


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order (punctuation and quotes dropped)."""
    return _WORD.findall(normalise(text))


#: ل + الأسد is written للأسد: the article's alef disappears behind the lam.
_LAM_LAM = ("لل", "ولل", "فلل")


_BY_FIRST_LETTER: dict[str, tuple[str, ...]] = {}
for _prefix in PREFIXES - {""}:
    _BY_FIRST_LETTER[_prefix[0]] = (*_BY_FIRST_LETTER.get(_prefix[0], ()), _prefix)


@lru_cache(maxsize=1 << 16)
def word_forms(token: str) -> frozenset[str]:
    """Every word `token` can be: itself, or what follows one of its clitic prefixes.

    Remembered: news text repeats its words, and tagging a large archive asks
    for the forms of every word of every article.
    """
    forms = {token}
    for prefix in _BY_FIRST_LETTER.get(token[:1], ()):
        if token.startswith(prefix) and len(token) > len(prefix):
            forms.add(token[len(prefix) :])
    for lam in _LAM_LAM:
        if token.startswith(lam):
            forms.add("ال" + token[len(lam) :])
    forms.discard("")
    return frozenset(forms)


class TokenIndex:
    """Where each word stands in a text, under every form its clitics allow.

    Built once per article, so looking up each of many topics is a dictionary
    lookup instead of a scan of every word.
    """

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.positions: dict[str, list[int]] = {}
        for index, token in enumerate(tokens):
            for form in word_forms(token):
                self.positions.setdefault(form, []).append(index)

    def contains(self, phrase: list[str] | tuple[str, ...]) -> bool:
        """Does `phrase` occur as whole words? Only its first word may carry clitics."""
        if not phrase:
            return False
        rest = list(phrase[1:])
        size = len(rest)
        return any(
            self.tokens[index + 1 : index + 1 + size] == rest
            for index in self.positions.get(phrase[0], ())
        )
