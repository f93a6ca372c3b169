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
import urllib.parse
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


def serve_once(root: Path, port: str) -> subprocess.CompletedProcess[str]:
    """`serve --port PORT` of the project in `root`, for the cases that must stop at once."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sijill",
            "--config",
            str(root / "site.toml"),
            "serve",
            "--port",
            port,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def start_serve(root: Path) -> tuple[subprocess.Popen, str]:
    """A real `serve --port 0` of the project in `root`: its process and its address."""
    command = [sys.executable, "-m", "sijill", "--config", str(root / "site.toml")]
    process = subprocess.Popen(
        [*command, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=root,
        # Ctrl-C in a terminal: a test run started in the background (nohup, `&`) ignores
        # SIGINT, and the server would inherit that and never stop.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    for line in process.stdout:
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            return process, match.group(1)
    process.kill()
    raise AssertionError("the server never said where it listens")


def test_serve_rebuilds_on_change_and_stops_cleanly(tmp_path: Path):
    settings = copy_project(tmp_path)
    process, url = start_serve(tmp_path)
    try:
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
        result = serve_once(tmp_path, str(port))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use; choose another --port"
    ]
    assert not settings.output.exists()


@pytest.mark.parametrize("port", ["99999", "-1", "eighty", "65536"])
def test_a_port_out_of_range_is_one_line_before_any_build(tmp_path: Path, port: str):
    settings = copy_project(tmp_path)
    result = serve_once(tmp_path, port)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: --port must be a whole number from 0 to 65535, not {port!r}"
    ]
    assert not settings.output.exists()


@pytest.fixture
def served(tmp_path: Path):
    """A real `serve` of a copy of the project: (its address, its process)."""
    copy_project(tmp_path)
    process, url = start_serve(tmp_path)
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    try:
        yield (host, int(port)), process
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=15)[0]
    assert "Traceback" not in output, output
    assert process.returncode == 0, output


def raw_status(address: tuple[str, int], target: str, host: str | None = None) -> int:
    """The status of a GET of `target` sent as it is, with `host` (default: the address)."""
    host = host if host is not None else f"{address[0]}:{address[1]}"
    request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(request.encode("latin-1"))
        head = connection.makefile("rb").readline()
    assert head.startswith(b"HTTP/1."), f"no answer to {target[:60]!r}: {head!r}"
    return int(head.split()[1])


def test_control_bytes_and_overlong_paths_are_refused_and_serving_goes_on(served):
    address, _ = served
    for target in (
        "/%00",
        "/articles/%00.html",
        "/index.html%00",
        "/%1b%5b31m",
        "/%0d%0aSet-Cookie:%20x=1",
        "/" + "a" * 300 + ".html",
        "/" + "a/" * 3000,
        "/%ff%fe.html",
    ):
        assert raw_status(address, target) in (400, 404), target
    assert raw_status(address, "/") == 200
    assert raw_status(address, "/index.html") == 200


def test_only_the_loopback_names_may_ask(served):
    """A page of another site whose name now points at 127.0.0.1 (DNS rebinding) sends its
    own name as Host: it must read nothing."""
    address, _ = served
    port = address[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1", f"localhost.evil:{port}"):
        assert raw_status(address, "/", host) in (400, 421), host
        assert raw_status(address, "/__sijill/version", host) in (400, 421), host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert raw_status(address, "/", host) == 200, host


def test_idle_connections_do_not_keep_a_request_waiting(served):
    """Hundreds of connections that never send a request (a stuck tab, a port scan) must
    neither be slow to accept nor make the next real request wait for them."""
    address, _ = served
    idle = []
    try:
        started = time.monotonic()
        for _ in range(300):
            idle.append(socket.create_connection(address, timeout=5))
        opened = time.monotonic()
        assert raw_status(address, "/") == 200
        assert time.monotonic() - opened < 2
        assert opened - started < 5, f"300 connections took {opened - started:.1f} s"
    finally:
        for connection in idle:
            connection.close()
