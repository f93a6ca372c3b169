"""Work spread over the machine's cores, with a progress bar for work that takes a while.

Workers are forked, so they start with the parent's data (profiles, templates,
the list of articles) instead of receiving it pickled; only each item's small
result travels back. Results come back in input order, so the output never
depends on which core finished first.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items, starting processes costs more than it saves.
MIN_PARALLEL = 48
#: Above this many items, a terminal gets a progress bar.
MIN_PROGRESS = 200

_task: Callable[[Any], Any] | None = None


def _run(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def workers() -> int:
    """Cores to use: all of them, unless `SIJILL_WORKERS` says otherwise (1 turns it off)."""
    wanted = os.environ.get("SIJILL_WORKERS", "")
    return max(1, int(wanted)) if wanted.isdigit() else os.cpu_count() or 1


def can_fork() -> bool:
    # Forking a process that runs other threads (the live server) could copy a held lock.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for large jobs; silent otherwise (pipes, CI, logs)."""
    if total < MIN_PROGRESS or not sys.stdout.isatty():
        yield lambda: None
        return
    from rich.progress import (  # only a terminal shows one, and rich is slow to import
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    label: str = "",
    min_items: int = MIN_PARALLEL,
    each: Callable[[R], object] | None = None,
) -> list[R]:
    """`[func(item) for item in items]`, on every core when there are `min_items` or more.

    `each` is called in this process with every result as soon as it and all
    those before it are done, in input order: the caller can start on them
    while the rest is computed.
    """
    global _task
    count = workers()
    with progress(label, len(items)) as advance:
        if count < 2 or len(items) < min_items or not can_fork():
            results = []
            for item in items:
                results.append(func(item))
                if each is not None:
                    each(results[-1])
                advance()
            return results
        _task = func
        try:
            context = multiprocessing.get_context("fork")
            chunk = max(1, len(items) // (count * 16))
            with context.Pool(count) as pool:
                results = []
                for result in pool.imap(_run, items, chunksize=chunk):
                    results.append(result)
                    if each is not None:
                        each(result)
                    advance()
                return results
        finally:
            _task = None
