"""How an article's date was obtained: the four answers every layer shares.

A `StrEnum`, so records keep the plain words (``date_basis: stated``) and
templates compare with strings, while code names each answer once.
"""

from __future__ import annotations

from enum import StrEnum


class DateBasis(StrEnum):
    #: The capture states the publication date.
    STATED = "stated"
    #: Worked out from the capture's text (a weekday, "yesterday", the capture time).
    INFERRED = "inferred"
    #: Given by an editor in the article file.
    SUPPLIED = "supplied"
    #: Nothing to go on.
    UNKNOWN = "unknown"

    @property
    def approximate(self) -> bool:
        """A date the archive is not sure of: shown with a label saying whose guess it is."""
        return self in (DateBasis.INFERRED, DateBasis.SUPPLIED)
