"""What `serve` remembers of the last render: results, each with what it was made from.

A rebuild of a large archive walks every article several times to key pages that an
edit to one article does not change: the pages of every topic, every article page's
neighbours. `serve` rebuilds in one process, so it can remember what each walk gave
for each part of the site (a topic, an article) together with the values it was made
from, and take the result again when those values are equal. Nothing is updated in
place and nothing needs to be told what changed: a result is reused only for inputs
equal to the ones it was made from, so it cannot go stale with them. What is not among
those values (the settings, the templates, the program) is in the fingerprint, and a
`Recall` serves one fingerprint only (`Warm.recall`).

Equal is cheap here: the entries a warm build lists are the very objects the last one
listed, so comparing a topic's list of them compares pointers, in C.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: What `Recall.get` gives for a result it does not have.
MISSING: Any = object()


class Recall:
    """Results of the last build by (kind, name), each with the inputs it was made from.

    A build reads what the last ones kept and adds what it made itself (`put`); once it
    has succeeded, `settle` makes that what the next build reads. A build that fails
    leaves nothing of its own: its `Recall` is dropped with the rest of serve's memory.
    """

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self._last: dict[tuple[str, Hashable], tuple[object, Any]] = {}
        self._now: dict[tuple[str, Hashable], tuple[object, Any]] = {}

    def get(self, kind: str, name: Hashable, made_from: object) -> Any:
        """The result kept for `name` if it was made from inputs equal to `made_from`, else
        `MISSING`."""
        kept = self._last.get((kind, name))
        if kept is None or kept[0] != made_from:
            return MISSING
        return kept[1]

    def put(self, kind: str, name: Hashable, made_from: object, result: Any) -> None:
        """Keep `result`, made from `made_from`, for the next build."""
        self._now[(kind, name)] = (made_from, result)

    def settle(self) -> None:
        """After the build succeeded: what it made is what the next one may take, beside
        what the builds before made and it did not need (a topic no article of which
        changed is not keyed page by page, and its pages' keys may serve a later build).
        Only results of outputs no build makes any more stay without use; they are few, and
        a new fingerprint drops them all."""
        self._last.update(self._now)
        self._now = {}


def take_or_make(
    recall: Recall | None,
    kind: str,
    name: Hashable,
    made_from: object,
    make: Callable[..., T],
    *args: Any,
) -> T:
    """`make(*args)`, or the result the last render made from inputs equal to `made_from`
    when `serve` remembers it (`recall`); what is made is kept for the next build."""
    if recall is None:
        return make(*args)
    kept = recall.get(kind, name, made_from)
    if kept is MISSING:
        kept = make(*args)
        recall.put(kind, name, made_from, kept)
    return kept
