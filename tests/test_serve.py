"""`serve`: a real server process on loopback that rebuilds and reloads on change."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.layouts import SHORT_STORY, Story, alawwal

from .conftest import ROOT, copy_project

#: Every test here runs the command line in a subprocess.
pytestmark = pytest.mark.build


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        return response.read().decode("utf-8")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_on_change_and_stops_cleanly(tmp_path: Path):
    settings = copy_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "sijill", "--config", str(tmp_path / "site.toml")]
    process = subprocess.Popen(
        [*command, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
        # Ctrl-C in a terminal: a test run started in the background (nohup, `&`) ignores
        # SIGINT, and the server would inherit that and never stop.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        url = None
        for line in process.stdout:
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if match:
                url = match.group(1)
                break
        assert url, "the server never said where it listens"
        index = fetch(url)
        raw = next((settings.output / "captures").glob("*.txt")).name
        with urllib.request.urlopen(f"{url}captures/{raw}", timeout=5) as response:
            assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert "/__sijill/version" in index, "served pages carry the reload script"
        assert "__sijill" not in (settings.output / "index.html").read_text(encoding="utf-8")
        version = fetch(url + "__sijill/version")

        story = Story(title="خبر أضيف أثناء المعاينة الحية", paragraphs=SHORT_STORY)
        (settings.seeds / "new.txt").write_text(alawwal(story), encoding="utf-8")
        assert wait_for(lambda: fetch(url + "__sijill/version") != version)
        assert story.title in fetch(url)
        assert story.title in fetch(url + "index.html")
        # The build's own new article file wakes the watcher again: that build writes
        # nothing, so the open page is reloaded once, not twice.
        time.sleep(3)
        assert int(fetch(url + "__sijill/version")) == int(version) + 1

        # site.toml names another output folder: the next build goes there, and so does serve.
        version = fetch(url + "__sijill/version")
        toml = tmp_path / "site.toml"
        toml.write_text(
            toml.read_text(encoding="utf-8").replace('output = "_site"', 'output = "_site2"'),
            encoding="utf-8",
        )
        assert wait_for(lambda: fetch(url + "__sijill/version") != version)
        (tmp_path / "_site2" / "only-here.txt").write_text("الموقع الثاني", encoding="utf-8")
        assert fetch(url + "only-here.txt") == "الموقع الثاني"
        # And back: that build may write nothing (the old folder is current), but the
        # old folder is what is served again.
        toml.write_text(
            toml.read_text(encoding="utf-8").replace('output = "_site2"', 'output = "_site"'),
            encoding="utf-8",
        )
        assert wait_for(lambda: status(url + "only-here.txt") == 404)
        assert story.title in fetch(url)
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=15)[0]
    assert process.returncode == 0, output
    assert "stopped" in output


def test_a_port_in_use_is_one_line_before_any_build(tmp_path: Path):
    settings = copy_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = str(tmp_path / "site.toml")
        result = subprocess.run(
            [sys.executable, "-m", "sijill", "--config", config, "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use; choose another --port"
    ]
    assert not settings.output.exists()
