"""Real-browser helpers: Debian's Chromium driven by Playwright's sync API.

Import the fixtures into ``tests/conftest.py``::

    from tests.support.browser import browser, browser_context_args, page, playwright_instance

Nothing here downloads a browser: Playwright launches the system Chromium
(``/usr/bin/chromium``, or the path in env ``CHROMIUM``) with the flags that keep it
from reaching the network on its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bench.chromium import CHROMIUM_ARGS, chromium_path

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

__all__ = [
    "CHROMIUM_ARGS",
    "WCAG_TAGS",
    "axe_script",
    "browser",
    "browser_context_args",
    "chromium_path",
    "computed_direction",
    "horizontal_overflow",
    "launch_chromium",
    "overflowing_elements",
    "page",
    "playwright_instance",
    "record_console_errors",
    "record_offorigin_requests",
    "require_browser",
    "run_axe",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TOOLS_DIR = PROJECT_ROOT / "tools"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# axe-core's colour-contrast rule skips text made only of Arabic letters (it takes joined
# letters for icon ligatures). Check every element that has its own non-blank text instead.
_AXE_CONFIGURE = """() => axe.configure({rules: [{
    id: 'color-contrast',
    matches: n => !!n.closest('body')
        && [...n.childNodes].some(c => c.nodeType === 3 && c.nodeValue.trim()),
}]})"""

_AXE_RUN = """async ([tags, context]) => {
    const results = await axe.run(context === null ? document : context,
                                  {runOnly: {type: 'tag', values: tags}});
    return results.violations;
}"""


def _in_ci() -> bool:
    return bool(os.environ.get("CI"))


def _missing(reason: str) -> None:
    """Fail under CI (where everything must be installed), skip elsewhere."""
    if _in_ci():
        pytest.fail(f"{reason} (CI is set, so this is an error; run .ci/install-system)")
    pytest.skip(f"{reason}; run .ci/install-system to install it")


def require_browser() -> None:
    """Skip (or fail under env ``CI``) when Playwright or the Chromium binary is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("the Python package playwright is not installed")
    path = chromium_path()
    if not (Path(path).is_file() or shutil.which(path)):
        _missing(f"Chromium not found at {path} (Debian package chromium; or set CHROMIUM)")


def launch_chromium(playwright: Playwright, **kwargs: Any) -> Browser:
    """Launch the system Chromium headless, offline-safe. ``kwargs`` go to ``launch``."""
    args = [*CHROMIUM_ARGS, *kwargs.pop("args", [])]
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=args, **kwargs
    )


def axe_script() -> Path:
    return TOOLS_DIR / "node_modules" / "axe-core" / "axe.min.js"


def run_axe(page: Page, *, tags: list[str] | None = None, context: str | None = None) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on ``page``; return the violations.

    Each violation is axe's own dict (``id``, ``impact``, ``help``, ``nodes`` with
    ``target``/``html``/``failureSummary``...). ``context`` is an optional CSS selector
    to limit the check to part of the page.
    """
    script = axe_script()
    if not script.is_file():
        _missing(f"axe-core not found at {script.relative_to(PROJECT_ROOT)}")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # A strict Content-Security-Policy may refuse the inline script tag.
        with contextlib.suppress(Exception):
            page.add_script_tag(path=str(script))
        if not page.evaluate("() => typeof window.axe === 'object'"):
            # Evaluated scripts are exempt from the page's CSP.
            page.evaluate(script.read_text(encoding="utf-8") + "\n;undefined")
    page.evaluate(_AXE_CONFIGURE)
    return page.evaluate(_AXE_RUN, [tags or WCAG_TAGS, context])


def horizontal_overflow(page: Page) -> int:
    """Pixels by which the document is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def overflowing_elements(page: Page, *, tolerance: float = 1.0) -> list[str]:
    """Visible elements that stick out of the viewport to the left or the right.

    Unlike :func:`horizontal_overflow` this also sees content pushed out past the start
    (right) edge of a right-to-left page, which no scrollbar can reach. Returns short
    descriptions like ``div.wide (left=-12, right=2010)``; only the outermost offender of
    each subtree is listed.
    """
    return page.evaluate(
        """(tol) => {
            const width = document.documentElement.clientWidth;
            const out = [];
            const walk = (el) => {
                const style = getComputedStyle(el);
                if (style.display === 'none' || style.visibility === 'hidden') return;
                const r = el.getBoundingClientRect();
                const x = window.scrollX;
                if (r.width > 0 && (r.left + x < -tol || r.right + x > width + tol)) {
                    const cls = [...el.classList].map(c => '.' + c).join('');
                    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
                    const left = Math.round(r.left + x), right = Math.round(r.right + x);
                    out.push(`${name} (left=${left}, right=${right})`);
                    return;
                }
                if (style.overflowX === 'hidden' || style.overflowX === 'auto'
                    || style.overflowX === 'scroll' || style.overflowX === 'clip') return;
                for (const child of el.children) walk(child);
            };
            for (const child of document.body ? document.body.children : []) walk(child);
            return out;
        }""",
        tolerance,
    )


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def record_offorigin_requests(page: Page, origin: str) -> list[str]:
    """Collect, live, every request ``page`` makes outside ``origin``.

    ``origin`` may be any URL on the served host (``http://127.0.0.1:PORT/archive/``).
    ``data:`` and ``blob:`` URLs are not requests to another host and are left out.
    Attach before navigating; the returned list fills as the page loads.
    """
    own = _origin(origin)
    seen: list[str] = []

    def on_request(request: Any) -> None:
        url = request.url
        if url.startswith(("data:", "blob:")):
            return
        if _origin(url) != own:
            seen.append(url)

    page.on("request", on_request)
    return seen


def record_console_errors(page: Page) -> list[str]:
    """Collect, live, console errors and uncaught exceptions of ``page``."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


def computed_direction(page: Page, selector: str = "html") -> str:
    """The computed CSS ``direction`` (``rtl``/``ltr``) of the first ``selector`` match."""
    return page.eval_on_selector(selector, "e => getComputedStyle(e).direction")


# --- pytest fixtures (import them into tests/conftest.py) -----------------------------

_SHARED_ATTR = "_support_browser_playwright"


@pytest.fixture(scope="session")
def playwright_instance(request: pytest.FixtureRequest) -> Iterator[Playwright]:
    """One Playwright driver for the whole session.

    Playwright's sync API allows only one driver per thread, so if these fixtures are
    imported in more than one place (conftest.py and a test module), the first one started
    is shared through the pytest config and stopped by its owner.
    """
    require_browser()
    shared = getattr(request.config, _SHARED_ATTR, None)
    if shared is not None:
        yield shared
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        setattr(request.config, _SHARED_ATTR, p)
        try:
            yield p
        finally:
            delattr(request.config, _SHARED_ATTR)


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Debian's Chromium, launched once per session (skips/fails via require_browser)."""
    require_browser()
    pw = request.getfixturevalue("playwright_instance")
    b = launch_chromium(pw)
    yield b
    b.close()


@pytest.fixture
def browser_context_args() -> dict[str, Any]:
    """Options for each test's browser context; override this fixture to change them."""
    return {}


@pytest.fixture
def page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """A fresh context and page per test, closed afterwards."""
    context = browser.new_context(**browser_context_args)
    pg = context.new_page()
    yield pg
    context.close()
