"""bench/fuzz.py keeps working: it runs, is reproducible, and saves what crashes."""

from __future__ import annotations

import importlib.util
import random
import time

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)


def test_same_seed_gives_the_same_inputs():
    seeds = fuzz.load_seeds()
    furniture = fuzz.furniture_lines(seeds)
    runs = [
        [fuzz.mutate(rng, seeds, furniture) for _ in range(20)]
        for rng in (random.Random(7), random.Random(7))
    ]
    assert runs[0] == runs[1]
    assert len({data for data, _ in runs[0]}) == 20


def test_short_run_reports_counts(capsys, tmp_path):
    assert fuzz.main(["--seconds", "1", "--seed", "3", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "inputs in" in out and "published" in out
    assert not list(tmp_path.iterdir())


def test_a_crash_is_saved_with_its_input(capsys, tmp_path, monkeypatch):
    def crash(self, data):
        raise ValueError("boom")

    monkeypatch.setattr(fuzz.Pipeline, "run", crash)
    assert fuzz.main(["--seconds", "0.2", "--seed", "3", "--out", str(tmp_path)]) == 1
    assert "CRASH ValueError" in capsys.readouterr().out
    logs = sorted(tmp_path.glob("*.log"))
    assert logs and "boom" in logs[0].read_text()
    assert logs[0].with_suffix(".txt").read_bytes()


def test_pathological_mode_times_lines_of_every_patterns_fragments(capsys):
    fragments = fuzz.fragments()
    assert {"(", "[", "0", "رسمي ", "رويترز"} <= set(fragments)
    assert fuzz.main(["--pathological", "--seconds", "2", "--length", "300", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "lines at 300 and 1200 characters, seed 1" in out
    assert "grows faster" not in out


def test_pathological_mode_reports_a_line_whose_cost_is_quadratic(capsys, monkeypatch):
    # A stage whose time grows with the square of a line's length, as the caption-credit
    # pattern's did; it waits rather than computes, so a busy machine does not blur it.
    run = fuzz.Pipeline.run

    def quadratic_run(self, data):
        longest = max(len(line) for line in data.decode("utf-8", "replace").split("\n"))
        time.sleep(0.2 * (longest / 8000) ** 2)
        return run(self, data)

    monkeypatch.setattr(fuzz.Pipeline, "run", quadratic_run)
    monkeypatch.setattr(fuzz, "OPENINGS", ["("])
    monkeypatch.setattr(fuzz, "fragments", lambda: ["رسمي "])
    seeds = fuzz.load_seeds()
    monkeypatch.setattr(
        fuzz, "load_seeds", lambda: {name: seeds[name] for name in sorted(seeds)[:1]}
    )
    assert fuzz.main(["--pathological", "--seconds", "30", "--length", "2000"]) == 1
    assert "grows faster than its length" in capsys.readouterr().out
