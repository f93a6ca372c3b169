"""Work over the cores, and the progress bar: shown on a terminal, silent when piped."""

from __future__ import annotations

import io

from sijill.engine import parallel


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_fork_map_keeps_input_order_on_every_core(monkeypatch):
    monkeypatch.setenv("SIJILL_WORKERS", "2")
    items = list(range(500))
    assert parallel.fork_map(lambda n: n * n, items) == [n * n for n in items]


def test_small_jobs_stay_in_this_process(monkeypatch):
    monkeypatch.setenv("SIJILL_WORKERS", "2")
    seen: list[int] = []
    parallel.fork_map(seen.append, [1, 2, 3])
    assert seen == [1, 2, 3]  # appended here, so no worker ran them


def test_progress_bar_only_on_a_terminal_and_only_for_large_jobs(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    parallel.fork_map(lambda n: n, list(range(300)), "rendering")
    assert "rendering" in terminal.getvalue()
    small = Terminal()
    monkeypatch.setattr("sys.stdout", small)
    parallel.fork_map(lambda n: n, list(range(10)), "rendering")
    assert small.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr("sys.stdout", piped)
    parallel.fork_map(lambda n: n, list(range(300)), "rendering")
    assert piped.getvalue() == ""
