"""Serve a built site folder on loopback, under a URL sub-path, for benchmarks and browser tests.

Standard library only; the tests import it from here (bench/ never imports from tests/).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

__all__ = ["serve_directory"]

# Types that Python's mimetypes table may lack or get wrong on a bare machine.
_EXTRA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".wasm": "application/wasm",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}


def _normalise_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip("/")
    return prefix if prefix == "/" else prefix + "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` as if it lived at ``prefix`` on the host; 404 elsewhere."""

    prefix = "/"
    not_found_page: str | None = None
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **_EXTRA_TYPES,
    }

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _url_path(self) -> str:
        return urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)

    def send_head(self):  # type: ignore[override]
        path = self._url_path()
        if self.prefix != "/" and path == self.prefix.rstrip("/"):
            # "/archive" -> "/archive/", as static hosts do.
            query = urllib.parse.urlsplit(self.path).query
            self.send_response(301)
            self.send_header("Location", self.prefix + ("?" + query if query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(self.prefix):
            self.send_error(404, "Outside the served prefix")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        if url_path.startswith(self.prefix):
            url_path = "/" + url_path[len(self.prefix) :]
        # The base class unquotes, normalises and refuses to leave ``directory``.
        return super().translate_path(urllib.parse.quote(url_path))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code == 404 and self.not_found_page and self._url_path().startswith(self.prefix):
            page = Path(self.directory) / self.not_found_page
            if page.is_file():
                body = page.read_bytes()
                self.send_response(404, message)
                self.send_header("Content-Type", self.guess_type(str(page)))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
        super().send_error(code, message, explain)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[override]
        # A browser that drops a connection mid-response is normal; stay quiet about it.
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(
    root: Path, prefix: str = "/", *, not_found_page: str | None = None
) -> Iterator[str]:
    """Serve ``root`` at ``http://127.0.0.1:PORT{prefix}`` and yield that base URL.

    Requests outside ``prefix`` get 404; ``{prefix}`` without its trailing slash redirects
    to it. With ``not_found_page`` (say ``"404.html"``, relative to ``root``), a missing
    file under the prefix gets that page's body with status 404, as static hosts do.
    The server listens on an ephemeral port and is shut down when the block exits.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise NotADirectoryError(root)
    prefix = _normalise_prefix(prefix)
    handler = type("SiteHandler", (_Handler,), {"prefix": prefix, "not_found_page": not_found_page})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="serve_directory", daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        yield f"http://127.0.0.1:{port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
