"""What one line of a capture looks like, measured: the evidence every cleaning rule reads.

Any Arabic news page carries the same signals whatever its site: article sentences
are long, end in sentence punctuation and are dense in function words; menus,
labels and widgets are short, bare, repeated or not Arabic at all. The cleaner
never asks which site a line came from, only what the line is like, so these
measurements are the whole of its knowledge about a site it has not seen.
Thresholds live in the profile data (`_common.yaml`), not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

#: Latin letters: with the Arabic ones, the letters whose share tells the line's script.
#: Counted as bytes of the UTF-8 text (no byte of a longer character is below 0x80).
_LATIN = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DIGITS = b"0123456789"
#: UTF-8 lead bytes of U+0600 to U+06FF, the Arabic block.
_ARABIC_LEADS = (b"\xd8", b"\xd9", b"\xda", b"\xdb")
#: Arabic-block characters that are not letters: punctuation, digits, tatweel, marks.
_NOT_LETTER_ARABIC = re.compile("[\u0600-\u0620\u0640\u064b-\u0670\u06d4-\u06ed]")
#: Punctuation a word may carry on either side once the line is split on spaces.
_WORD_EDGES = "\"'«»“”‘’()[]{}<>،,؛;:.!?؟…-–—/|*•"
#: Sentence-final marks. A closing quote or bracket after one still ends a sentence.
_SENTENCE_END = ".!?؟…:؛"
_STATEMENT_END = ".…:؛"
_CLOSERS = " \t\"'»”’)]"
#: Marks inside a line that separate clauses or sentences. Question and exclamation marks
#: are left out: headline tickers run many headlines together with them. A full stop
#: counts unless another stands before it ("..."): the look-behind, placed after the mark,
#: sees two full stops only then, and a pattern that opens on a class of characters is
#: scanned for far faster than one that opens on a look-behind.
_CLAUSE_MARK = re.compile(r"[،,؛;.](?<!\.\.)\s")
#: Letters folded for matching function words: hamza on alef, alef maqsura, taa marbuta.
_FOLD_WORD = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه"))


def fold_word(word: str) -> str:
    """A word in the spelling function-word lists are kept in (matching only).

    Five `str.replace` calls, not `str.translate`: a dictionary translate of Arabic text
    is many times slower, and every line of every capture passes through here.
    """
    for letter, plain in _FOLD_WORD:
        word = word.replace(letter, plain)
    return word


@dataclass(frozen=True)
class LineEvidence:
    """Shallow text features of one line, as jusText and Boilerpipe use them."""

    words: int
    arabic_share: float
    sentence_end: bool
    statement_end: bool
    clause_marks: int
    digit_share: float
    line: str = field(repr=False, compare=False)
    stopwords: frozenset[str] = field(repr=False, compare=False)

    @cached_property
    def stop_share(self) -> float:
        """Share of function words. Only shown as evidence, so worked out only when shown:
        on real pages punctuation and length separate text from furniture, this does not."""
        lexical = [
            word
            for word in (token.strip(_WORD_EDGES) for token in fold_word(self.line).split())
            if word and not word.isdigit()
        ]
        stops = self.stopwords
        count = sum(
            1
            for word in lexical
            if word in stops or (len(word) > 2 and word[0] in "وف" and word[1:] in stops)
        )
        return count / len(lexical) if lexical else 0.0

    @property
    def prose(self) -> bool:
        """Running text rather than a headline: a statement ends it, or clauses build it.

        A question or exclamation mark alone does not count: headlines ask and exclaim.
        """
        return self.statement_end or self.clause_marks >= 1

    @property
    def sentence(self) -> bool:
        """Reads as running text: it ends a sentence, or is built of several clauses."""
        return self.sentence_end or (self.clause_marks >= 2 and self.words >= 8)

    def describe(self) -> str:
        """The evidence in a few words, for `explain` and the capture page."""
        parts = [f"{self.words} word" + ("" if self.words == 1 else "s")]
        if self.sentence_end:
            parts.append("ends a sentence")
        elif self.clause_marks:
            parts.append(f"{self.clause_marks} clause marks")
        else:
            parts.append("no sentence punctuation")
        parts.append(f"function words {self.stop_share:.0%}")
        if self.arabic_share < 0.5:
            parts.append(f"Arabic letters {self.arabic_share:.0%}")
        return ", ".join(parts)

    def describe_ar(self) -> str:
        """The evidence in Arabic, for the capture page."""
        parts = [f"كلمات: {self.words}"]
        if self.sentence_end:
            parts.append("تنتهي بعلامة ترقيم")
        elif self.clause_marks:
            parts.append(f"فواصل: {self.clause_marks}")
        else:
            parts.append("بلا علامات ترقيم")
        parts.append(f"أدوات الربط {round(self.stop_share * 100)}٪")
        if self.arabic_share < 0.5:
            parts.append(f"الحروف العربية {round(self.arabic_share * 100)}٪")
        return "، ".join(parts)


def measure(line: str, stopwords: frozenset[str]) -> LineEvidence:
    """Measure one line (already folded for matching)."""
    words = line.split()
    last = line.rstrip(_CLOSERS)[-1:]
    # Arabic-block characters by their UTF-8 lead bytes: four C-speed counts instead of a
    # Unicode class scan, the costliest part of measuring a line.
    data = line.encode("utf-8")
    arabic = sum(map(data.count, _ARABIC_LEADS)) - len(_NOT_LETTER_ARABIC.findall(line))
    # ASCII letters and digits by what deleting them takes off the bytes: one C pass each.
    letters = arabic + len(data) - len(data.translate(None, _LATIN))
    digits = len(data) - len(data.translate(None, _DIGITS))
    return LineEvidence(
        words=len(words),
        arabic_share=arabic / letters if letters else 0.0,
        sentence_end=bool(last) and last in _SENTENCE_END,
        statement_end=bool(last) and last in _STATEMENT_END,
        clause_marks=len(_CLAUSE_MARK.findall(line)),
        digit_share=digits / max(1, len(line.replace(" ", ""))),
        line=line,
        stopwords=stopwords,
    )


_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف")


def content_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """Words that carry a text's subject, stripped of clitics so that forms match."""
    out = set()
    for token in fold_word(text).split():
        word = token.strip(_WORD_EDGES)
        if len(word) < 3 or word in stopwords or not word.isalpha():
            continue
        out.add(_stem(word))
    return out


@lru_cache(maxsize=1 << 15)
def _stem(word: str) -> str:
    """The word without its first clitic (a one-letter clitic only when four letters stay:
    «وزير» is no «و» + «زير») and without the feminine «ة» (folded to «ه»)."""
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= (3 if len(clitic) > 1 else 4):
            word = word[len(clitic) :]
            break
    if word.endswith("ه") and len(word) >= 4:
        return word[:-1]
    return word
