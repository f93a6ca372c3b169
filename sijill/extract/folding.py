"""Every character table of the package: which characters are invisible, unsafe, or spelling
variants of another, in one place.

Three stages compare Arabic text and each needs a different strength of folding,
so the tables stay distinct, but they are built here from the same named parts:

- `normalise_line` (capture reading) keeps spelling but drops what a reader cannot
  see (bidi controls, invisibles, tatweel) and writes every digit as 0-9;
- `WORD_FOLD` (topic tagging, `arabic.normalise`) also folds hamza, alef maqsura
  and teh marbuta, so الأسد and الاسد are one word;
- `DATE_FOLD` (dating) folds the same letters plus Persian yeh/keheh, dashes and
  both sets of Arabic digits, so a date reads the same however it was typed.

Provenance pages show lines as captured and only need `HIDDEN`, what a browser
or terminal would act on instead of showing.
"""

from __future__ import annotations

import re

# --- parts ------------------------------------------------------------------------------

TATWEEL = "\u0640"
#: Directional embeddings, overrides and isolates let one title masquerade as
#: another; they carry no meaning in a news text. LRM/RLM (U+200E/U+200F) are
#: legitimate marks and stay.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
#: Invisible characters that split words for search and comparison.
INVISIBLES = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
#: Arabic-Indic and Eastern Arabic-Indic digits, as 0-9.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: Alef with hamza above or below, with madda, and wasla: all read as bare alef.
ALEF = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
#: Teh marbuta written as heh (حماة / حماه), alef maqsura as yeh (مصطفى / مصطفي).
ENDINGS = {"ة": "ه", "ى": "ي"}
#: Hamza on waw and on yeh, written bare.
HAMZA_SEATS = {"ؤ": "و", "ئ": "ي"}
#: Persian yeh and keheh, common in pages typed on a Persian keyboard.
PERSIAN = {"ی": "ي", "ک": "ك"}
#: Hyphens and dashes, as the ASCII hyphen-minus.
DASHES = dict.fromkeys("‐‑‒–—−", "-")

# --- topic tagging ----------------------------------------------------------------------

#: Harakat, Quranic annotation marks and the superscript alef: never part of a word's identity.
MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
WORD_FOLD = str.maketrans({TATWEEL: None, **ALEF, "ى": "ي", "ة": "ه", **HAMZA_SEATS})

# --- dating -----------------------------------------------------------------------------

#: Tatweel, Arabic diacritics and Quranic marks, and invisible direction/joiner marks.
DATE_DROP_RANGES = (
    (0x0640, 0x0640),
    (0x061C, 0x061C),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
)
DATE_DROP = frozenset(code for lo, hi in DATE_DROP_RANGES for code in range(lo, hi + 1))
DATE_FOLD = str.maketrans(
    {
        **ALEF,
        **ENDINGS,
        **PERSIAN,
        **DASHES,
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)

# --- shown as captured ------------------------------------------------------------------

#: Characters a browser or terminal would act on or hide instead of showing: C0/C1
#: controls (but tab), DEL, Unicode noncharacters (invalid in HTML), and the bidi
#: embedding/override/isolate controls (which would let one captured line reorder
#: the text of the page around it).
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
