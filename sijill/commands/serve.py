"""`serve`: build, serve the site on 127.0.0.1, rebuild on every change, reload the open page.

The live-reload script is added to HTML responses by this server only, never
written into the site, so the published pages still need no JavaScript. The
server resolves the output folder by path on every request, so it always
serves the site the latest build put into place.
"""

from __future__ import annotations

import logging
import os
import selectors
import signal
import socket
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from http import HTTPStatus
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.utils import BaseThread

from ..config.settings import Settings, load_settings
from ..engine.files import resolved, tree_entries
from ..errors import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, ConfigError, described

VERSION_PATH = "/__sijill/version"
RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  function poll() {
    var again = 700, asked = Date.now();
    fetch("/__sijill/version" + (seen === null ? "" : "?after=" + seen), {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (seen !== null && v !== seen) { location.reload(); return; }
        if (seen !== null && Date.now() - asked > 1000) { again = 0; }
        seen = v;
      })
      .catch(function () {}).finally(function () { setTimeout(poll, again); });
  }
  poll();
})();
</script>
"""
#: How long a page's question "has the site changed since version N?" is held open when
#: it has not: the answer goes out the moment a build finishes, not at the next poll.
LONGEST_HOLD = 20.0
#: Questions held open at once, at most: each holds one of the `WORKERS` and one of the six
#: connections a browser opens to one server, and pages must still load. Past this a
#: question is answered at once, and the page asks again 0.7 s later, as it did before
#: questions were held (it asks again at once only after a question held to its end).
MOST_HELD = 3
#: The quiet a change must be followed by before the rebuild starts: an editor's save is
#: a burst of events a few milliseconds long, and every tenth of a second here is the
#: editor's to wait.
QUIET_SECONDS = 0.1
#: The longest a rebuild waits for the inputs to stop changing.
LONGEST_WAIT = 3.0
#: The names a browser may use for this server. A page of another site whose name an
#: attacker points at 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
#: Longer request targets than any page of the site has are refused unread.
LONGEST_TARGET = 2048
#: Threads answering requests: a preview has one reader, a few tabs at most.
WORKERS = 8
#: A connection that has sent nothing for this long is closed, and one that stops
#: half-way through its request loses its thread after this long.
IDLE_SECONDS = 10.0
REQUEST_SECONDS = 5.0
#: Connections waiting for their first bytes; beyond this the oldest is closed.
MOST_WAITING = 512


class BuildState:
    """The number of the latest finished build, which pages ask for to know when to reload,
    and the folder it was written to (site.toml may name another while serving).

    A page asks whether the version is still the one it has (`wait_past`), and the
    answer is held until a build bumps it: the reload follows the build at once.
    """

    def __init__(self, directory: Path) -> None:
        self.version = 0
        self.directory = directory
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.held = 0
        self.closed = False

    def bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def close(self) -> None:
        """Answer every question held open: the server is stopping."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def wait_past(self, seen: int, seconds: float = LONGEST_HOLD) -> int:
        """The version, once it is not `seen` (or after `seconds`, or at once when
        `MOST_HELD` questions are held already or the server is stopping)."""
        with self.changed:
            if self.version != seen or self.closed or self.held >= MOST_HELD:
                return self.version
            self.held += 1
            try:
                self.changed.wait_for(lambda: self.version != seen or self.closed, seconds)
            finally:
                self.held -= 1
            return self.version


class Handler(SimpleHTTPRequestHandler):
    """Static files from the output folder, plus the reload script and version endpoint."""

    state: BuildState
    #: Seconds a connection may take over each read of its request (`StreamRequestHandler`).
    timeout = REQUEST_SECONDS

    def __init__(self, *args: object, state: BuildState) -> None:
        self.state = state
        super().__init__(*args, directory=str(state.directory))  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build messages."""

    def parse_request(self) -> bool:
        """Refuse, before any file is looked up, a request naming another host (DNS
        rebinding) and a path no page can have (control characters, overlong): the file
        system would answer those with exceptions rather than "not found"."""
        if not super().parse_request():
            return False
        if not allowed_host(self.headers.get("Host"), self.server.server_address[1]):
            self.send_error(HTTPStatus.BAD_REQUEST, "Unknown host: use 127.0.0.1 or localhost")
            return False
        if not plausible_target(self.path):
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return False
        return True

    def do_GET(self) -> None:
        if self.path == VERSION_PATH:
            self.send_body(str(self.state.version).encode(), "text/plain")
            return
        if self.path.startswith(VERSION_PATH + "?after="):
            seen = self.path.removeprefix(VERSION_PATH + "?after=")
            if seen.isascii() and seen.isdigit() and len(seen) < 20:
                self.send_body(str(self.state.wait_past(int(seen))).encode(), "text/plain")
                return
        try:
            self.send_page()
        except (OSError, ValueError):  # a name too long for the file system, say
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def send_page(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
            marker = html.rfind(b"</body>")
            html = html[:marker] + RELOAD_SCRIPT + html[marker:] if marker >= 0 else html
            self.send_body(html, "text/html; charset=utf-8")
            return
        if path.suffix == ".txt" and path.is_file():
            # A raw capture: without a charset a browser reads UTF-8 Arabic as Latin-1.
            # Other encodings are left for the browser to guess, as a static host would.
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                self.send_body(data, "text/plain; charset=utf-8")
                return
        super().do_GET()

    def send_body(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def allowed_host(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this server on loopback (HTTP/1.0 clients
    may send none; browsers always do)."""
    if host is None:
        return True
    host = host.strip().lower()
    return any(host in (name, f"{name}:{port}") for name in LOOPBACK_NAMES)


def plausible_target(target: str) -> bool:
    """Whether a request target could name a file of the site: not overlong, and without
    control characters once decoded."""
    if len(target) > LONGEST_TARGET:
        return False
    path = unquote(urlsplit(target).path, errors="surrogateescape")
    return not any(ord(c) < 32 or ord(c) == 127 for c in path)


class PreviewServer(HTTPServer):
    """An HTTP server on loopback that stays quick however many connections sit idle.

    A thread per connection (`ThreadingHTTPServer`) slowed down with every idle one,
    and each held a thread until the client went away. Here one thread accepts
    connections and waits for their first bytes; only a connection with a request to
    read goes to the few worker threads. Idle ones are closed after `IDLE_SECONDS`,
    the oldest first when more than `MOST_WAITING` wait.
    """

    request_queue_size = socket.SOMAXCONN

    def __init__(self, address: tuple[str, int], handler: Callable[..., object]) -> None:
        self.workers = ThreadPoolExecutor(WORKERS, thread_name_prefix="serve")
        self.waiting: dict[socket.socket, float] = {}  # oldest first
        self.stopping = threading.Event()
        self.stopped = threading.Event()
        self.stopped.set()
        super().__init__(address, handler)  # type: ignore[arg-type]  # closes itself if it fails

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self.stopped.clear()
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self.socket, selectors.EVENT_READ)
                while not self.stopping.is_set():
                    for key, _ in selector.select(poll_interval):
                        if key.fileobj is self.socket:
                            self.accept(selector)
                        else:
                            connection = key.fileobj
                            selector.unregister(connection)
                            del self.waiting[connection]  # type: ignore[arg-type]
                            self.workers.submit(self.answer, connection, key.data)
                    self.close_idle(selector, time.monotonic() - IDLE_SECONDS)
                self.close_idle(selector, float("inf"))
        finally:
            self.stopped.set()

    def accept(self, selector: selectors.BaseSelector) -> None:
        if len(self.waiting) >= MOST_WAITING:
            self.close_idle(selector, float("inf"), count=1)
        try:
            connection, address = self.socket.accept()
        except OSError:  # out of file descriptors, or the client gave up already
            self.close_idle(selector, float("inf"), count=1)
            return
        connection.setblocking(True)
        selector.register(connection, selectors.EVENT_READ, address)
        self.waiting[connection] = time.monotonic()

    def close_idle(
        self, selector: selectors.BaseSelector, before: float, count: int | None = None
    ) -> None:
        """Close the connections waiting since before `before`, or the `count` oldest."""
        for connection, since in list(self.waiting.items())[:count]:
            if since >= before:
                break
            selector.unregister(connection)
            del self.waiting[connection]
            connection.close()

    def answer(self, connection: socket.socket, address: object) -> None:
        """One request, in a worker thread."""
        try:
            self.finish_request(connection, address)
        except OSError:  # the reader went away mid-answer: nothing to tell them
            pass
        except Exception:
            self.handle_error(connection, address)
        finally:
            self.shutdown_request(connection)

    def shutdown(self) -> None:
        self.stopping.set()
        self.stopped.wait()

    def server_close(self) -> None:
        super().server_close()
        self.workers.shutdown(wait=False, cancel_futures=True)


class ChangeWatcher(FileSystemEventHandler):
    """Notes every changed input path and wakes the build loop, which waits for a quiet moment.

    The paths go to the rebuild (`take`), which then stats only them rather than every
    input (`Warm.list_inputs`). When the events cannot name every change (a folder
    created, deleted, moved or given other permissions; events lost; a watcher that is
    not inotify), `take` says so and the rebuild walks every input.
    """

    def __init__(self, inputs: list[Path], files: list[Path]) -> None:
        self.inputs = [folder.resolve() for folder in inputs]
        self.files = {path.resolve() for path in files}
        self.changed = threading.Event()
        self.lock = threading.Lock()
        self.paths: set[str] = set()
        #: Whether the paths noted may miss a change: so until the first `take`, for the
        #: first build, which lists everything anyway.
        self.unsure = True
        #: Set when the events cannot be trusted to name every change (`trusted`).
        self.never_sure = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # nothing to learn
        if self.unsure and self.changed.is_set():
            return  # everything is walked anyway: a burst of events costs nothing more
        named = []
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            # As reported first (under the folder watched): following every link costs a
            # system call per level, and an unzipped tree can be a thousand levels deep.
            path = Path(os.path.abspath(os.fsdecode(raw)))
            if self.concerns(path) or self.concerns(where(path)):
                named.append(os.fspath(path))
        if not named:
            return
        with self.lock:
            # A folder's "modified" is its list of files changing, which the files' own
            # events name; any other folder event may change everything below it.
            if event.is_directory and event.event_type != "modified":
                self.unsure = True
            self.paths.update(named)
        self.changed.set()

    def lost(self) -> None:
        """Events were lost (the system's queue overflowed): the next rebuild walks
        everything, and starts now."""
        self.doubt()
        self.changed.set()

    def doubt(self) -> None:
        """The next rebuild walks everything: a build failed, or the paths taken for it
        were not used."""
        with self.lock:
            self.unsure = True

    def take(self) -> frozenset[str] | None:
        """Every input path that changed since the last `take`, or None when they may not
        all be known."""
        with self.lock:
            paths, unsure = frozenset(self.paths), self.unsure or self.never_sure
            self.paths, self.unsure = set(), False
        return None if unsure else paths

    def concerns(self, path: Path | None) -> bool:
        """Whether a change at `path` is a change of the site's inputs."""
        if path is None:
            return False
        return path in self.files or any(path.is_relative_to(f) for f in self.inputs)


class LostEvents(logging.Handler):
    """Hears watchdog say that the system dropped events (inotify's queue overflowed): it
    says so only in its log, and then some changes are never reported."""

    def __init__(self, watcher: ChangeWatcher) -> None:
        super().__init__(logging.WARNING)
        self.watcher = watcher

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be worded: events may have been lost
            message = "overflow"
        if "overflow" in message.lower():
            self.watcher.lost()


def trusted(observer: BaseObserver | None) -> bool:
    """Whether `observer` reports every change by its path: inotify does (and says in its
    log when its queue overflows); the others (macOS, Windows, polling) are not relied on
    for that, and every rebuild with them walks every input, as before."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not on Linux
        return False
    return isinstance(observer, InotifyObserver)


def where(path: Path) -> Path | None:
    """Where a changed path is, for matching against the inputs: followed as the build follows
    it, and a path that leads nowhere (a symlink loop) by its folder.

    Runs in the watcher's thread, where an exception would end the watching for good.
    """
    found = resolved(path)
    if found is None and (folder := resolved(path.parent)) is not None:
        found = folder / path.name
    return found


def watch(folders: list[Path], files: list[Path], handler: ChangeWatcher) -> Observer:
    """Watch the input folders, and single input files (site.toml, the project's topics and
    wording) through their folders, filtered."""
    observer = Observer()
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        observer.schedule(handler, str(folder), recursive=True)
    for parent in sorted({path.resolve().parent for path in files}):
        observer.schedule(handler, str(parent), recursive=False)
    observer.start()
    return observer


def watching(observer: BaseObserver | None) -> bool:
    """Whether the observer and its watches still run. A watchdog thread dies on a tree it
    cannot walk (folders nested past Python's recursion limit), and then no change is
    ever seen; `watcher_failures` hears of the threads this cannot see."""
    if observer is None:
        return False
    return observer.is_alive() and all(emitter.is_alive() for emitter in observer.emitters)


def stop_watching(observer: BaseObserver | None) -> None:
    if observer is not None:
        observer.stop()
        observer.join()


def watcher_failures(
    stopped: list[str], previous: Callable[[Any], object]
) -> Callable[[Any], object]:
    """A `threading.excepthook` that notes why a watcher thread died, said in one line to the
    editor, instead of its traceback; other threads' failures go to `previous`."""

    def hook(args: Any) -> None:
        if isinstance(args.thread, BaseThread):  # watchdog's own
            stopped.append(described(args.exc_value))
        else:
            previous(args)

    return hook


def inputs_stamp(folders: list[Path], files: list[Path]) -> int:
    """Every input's name, size and time, hashed: what `serve` compares when it has to look for
    changes itself. Walked as a build walks them, so no tree stops it."""
    seen = []
    for folder in folders:
        for name, entry in tree_entries(os.fspath(folder)):
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            seen.append((os.fspath(folder), name, info.st_size, info.st_mtime_ns))
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        seen.append((os.fspath(path), "", info.st_size, info.st_mtime_ns))
    return hash(tuple(seen))


def open_server(settings: Settings, port: int) -> tuple[PreviewServer, BuildState]:
    """Bind the port before building, so a port in use is said at once; raises OSError."""
    state = BuildState(settings.output)
    server = PreviewServer(("127.0.0.1", port), partial(Handler, state=state))
    return server, state


def input_folders(settings: Settings) -> list[Path]:
    """The folders whose every change is a change of the site (the project's profiles too)."""
    profiles = [settings.editorial.profiles] if settings.editorial.profiles else []
    return [settings.seeds, settings.articles, settings.templates, *profiles]


def serve(
    server: PreviewServer,
    state: BuildState,
    settings: Settings,
    config: Path,
    rebuild: Callable[[frozenset[str] | None], tuple[Settings | None, bool]],
) -> int:
    """Serve until Ctrl-C; `rebuild` runs one build of what changed (the paths the watcher
    named, or None: walk every input) and returns the (re-read) settings it built with, or
    None if it failed, and whether the site changed."""
    folders = input_folders(settings)
    files = [config, *(p for p in (settings.editorial.topics, settings.editorial.wording) if p)]
    watcher = ChangeWatcher(folders, files)
    stopped: list[str] = []
    # watchdog warns, a line of every watch it holds each, for each folder it meets twice
    # while adding a deep tree: thousands of lines for the editor, none actionable.
    warnings.filterwarnings("ignore", category=RuntimeWarning, module="watchdog")
    threading.excepthook = watcher_failures(stopped, threading.excepthook)
    observer: BaseObserver | None = None
    lost = LostEvents(watcher)
    logger = logging.getLogger("watchdog")
    logger.addHandler(lost)
    if logger.level == logging.NOTSET:  # its warnings made even if the root logger hides them
        logger.setLevel(logging.WARNING)
    try:
        observer = watch(folders, files, watcher)
    except (OSError, RecursionError) as error:  # a tree it cannot walk: looked at by hand
        stopped.append(described(error))
    watcher.never_sure = not trusted(observer)
    polled: int | None = None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, bound = server.server_address[:2]
    print(f"serving {settings.output.name}/ at http://{host}:{bound}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            if not watcher.changed.wait(timeout=0.5):
                if polled is None and (stopped or not watching(observer)):
                    why = f" ({stopped[0]})" if stopped else ""
                    print(
                        f"warning: the file watcher stopped{why}; changes are now looked for "
                        "every half second",
                        file=sys.stderr,
                        flush=True,
                    )
                    polled = inputs_stamp(folders, files)
                    watcher.changed.set()  # what stopped it is a change, and so may be others
                elif polled is not None and (now := inputs_stamp(folders, files)) != polled:
                    polled = now
                    watcher.changed.set()
                continue
            # Wait until the editor stops writing, but not for ever: a tree being unpacked (or
            # watchdog adding a deep one) can go on changing for minutes.
            until = time.monotonic() + LONGEST_WAIT
            while watcher.changed.is_set() and time.monotonic() < until:
                watcher.changed.clear()
                time.sleep(QUIET_SECONDS)
            fresh, changed = rebuild_once(watcher, rebuild, polling=polled is not None)
            if fresh is not None:
                state.directory = fresh.output
                if changed:
                    state.bump()
                if input_folders(fresh) != folders or fresh.editorial != settings.editorial:
                    print(
                        "note: site.toml names other inputs; restart serve to watch them",
                        flush=True,
                    )
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        # A second Ctrl-C while shutting down must not leave a traceback or a stray thread.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        logger.removeHandler(lost)
        # Stopping watchdog waits for what it is doing (adding the watches of a deep tree can
        # take minutes): it is given a few seconds, then its threads end with the process.
        stopping = threading.Thread(target=stop_watching, args=(observer,), daemon=True)
        stopping.start()
        state.close()
        server.shutdown()
        server.server_close()
        stopping.join(timeout=5)
    return 0


def rebuild_once(
    watcher: ChangeWatcher,
    rebuild: Callable[[frozenset[str] | None], tuple[Settings | None, bool]],
    polling: bool,
) -> tuple[Settings | None, bool]:
    """`rebuild` of the paths the watcher named, or of everything when they may not be all
    (`ChangeWatcher.take`) or changes are looked for by polling. A build that fails may not
    have brought its listing up to date with them (site.toml unreadable, say), so the next
    one walks every input."""
    named = watcher.take()
    fresh, changed = rebuild(None if polling else named)
    if fresh is None:
        watcher.doubt()
    return fresh, changed


class HeldInterrupt:
    """Ctrl-C held back from `hold` to `release`, and raised then if it was pressed.

    Only in the main thread, where Python handles signals; elsewhere it does nothing.
    """

    def __init__(self) -> None:
        self.previous: Any = None
        self.pressed = False

    def hold(self) -> None:
        if threading.current_thread() is threading.main_thread() and self.previous is None:
            self.previous = signal.signal(signal.SIGINT, self._pressed)

    def _pressed(self, *_: object) -> None:
        self.pressed = True

    def release(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None
            if self.pressed:
                self.pressed = False
                raise KeyboardInterrupt


def run(settings: Settings, config: Path, port: int) -> int:
    """`sijill serve`: build, serve, rebuild on changes until interrupted; the exit code."""
    from ..engine.warm import Warm
    from .build import build_and_say, failure  # Jinja2 and the renderer: only once serving

    warm = Warm()  # the build's state, kept in memory from one build to the next

    try:
        server, state = open_server(settings, port)
    except OSError as error:
        print(
            f"error: cannot serve on 127.0.0.1:{port}: {failure(error)}; choose another --port",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    if build_and_say(settings, strict=False, warm=warm)[0] == EXIT_FAILED:
        server.server_close()
        return EXIT_FAILED

    def rebuild(changed: frozenset[str] | None) -> tuple[Settings | None, bool]:
        """The settings built with (None if the build failed) and whether the site changed
        since the open page last reloaded; `changed` the paths the watcher named since the
        last build, or None when every input must be stat-ed."""
        reloaded: list[bool] = []
        held = HeldInterrupt()

        def pages_in_place() -> None:
            # The changed pages are in place and Pagefind is still indexing their month: the
            # open page reloads now, not once the search index is in place too.
            state.directory = fresh.output
            state.bump()
            reloaded.append(True)
            # An editor who sees the page and stops the server at once would otherwise stop
            # the build before its search index and cache are in place, and the next build
            # would make every page again: Ctrl-C waits for the end of this build (the
            # month's shard, about a second at 10,000 articles).
            held.hold()

        try:
            fresh = load_settings(config)
            # A folder renamed or mistyped since is refused before the build writes anything.
            code, report = build_and_say(
                fresh, strict=False, warm=warm, pages_in_place=pages_in_place, changed=changed
            )
        except ConfigError as error:
            print(f"error: {error}; still serving the previous site", file=sys.stderr)
            return None, False
        except Exception:  # a bug: said, but the editor's preview goes on
            traceback.print_exc()
            print(
                "error: unexpected failure (a bug in sijill; please report it); "
                "still serving the previous site",
                file=sys.stderr,
            )
            return None, False
        finally:
            held.release()  # Ctrl-C pressed while the build finished: raised now
        if code != EXIT_OK or report is None:
            return None, False
        # The build's own writes to articles/ wake the watcher once more; a build that
        # wrote nothing leaves the open page as it is.
        return fresh, report.written > 0 and not reloaded

    return serve(server, state, settings, config, rebuild)
