"""Left-to-right runs inside Arabic text, isolated so the bidi algorithm cannot reorder around them.

A Latin phrase in an Arabic sentence (`WhatsApp`, `U 20`, a URL, `5 km`) is
laid out correctly on its own, but punctuation and parentheses next to it
take their direction from their neighbours and can jump to the wrong side.
Wrapping each run tightly in `<span dir="ltr">` (which isolates it, per HTML)
keeps it one unit, as W3C's bidi guidance recommends. Capture text is escaped
here, piece by piece, because this filter is what turns it into Markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9@#%&+=/:._~?-]*[A-Za-z0-9/])?"
#: A run starts with a Latin letter (or a number directly followed by one: `5 km`)
#: and goes on through further Latin words, numbers and URL punctuation.
#: A number with no Latin letter after it is matched as a whole (the `number` group) and
#: left as it is: otherwise a run of 40,000 digits is scanned again from each of its
#: digits, in search of the letter that would start a run (quadratic time).
LTR_RUN = re.compile(
    r"(?P<number>\d[\d.,]*+)(?!\s?[A-Za-z])"
    rf"|(?:\d[\d.,]*+\s?)?[A-Za-z](?:[A-Za-z0-9@#%&+=/:._~?-]*[A-Za-z0-9/])?(?:\s+{_WORD})*"
)


def isolate_ltr(text: str) -> Markup:
    """Escaped `text` with every left-to-right run wrapped in `<span dir="ltr">`."""
    parts: list[str] = []
    last = 0
    for match in LTR_RUN.finditer(text):
        if match["number"] is not None:
            continue  # a number alone: its own direction is right; stays in the text around it
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<span dir="ltr">%s</span>') % match.group())
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
