"""Shared fixtures: the real seeds, and throw-away copies of the project to build in."""

from __future__ import annotations

import ast
import inspect
import shutil
import textwrap
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bench.project import copy_project
from bench.static_server import serve_directory
from sijill.config.settings import Settings, load_settings
from sijill.extract.capture import Capture, read_capture
from sijill.extract.clean import clean
from sijill.extract.decisions import Extraction

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))

# The same examples on every run: CI must not pass or fail by the draw. A property
# test still explores hundreds of cases; widen them by hand when hunting a bug.
hypothesis_settings.register_profile("deterministic", derandomize=True, database=None)
hypothesis_settings.load_profile("deterministic")


def seed_path(prefix: str) -> Path:
    """The seed whose file name starts with `prefix` (e.g. "002")."""
    (match,) = [SEEDS / name for name in SEED_NAMES if name.startswith(prefix)]
    return match


def seed_line(prefix: str, number: int) -> str:
    """Line `number` (1-based) of a seed, exactly as captured but for outer white space."""
    return seed_path(prefix).read_text(encoding="utf-8").split("\n")[number - 1].strip()


def read_seed(prefix: str) -> Capture:
    path = seed_path(prefix)
    return read_capture(path, path.name, 5_000_000)


def extract(prefix: str) -> Extraction:
    return clean(read_seed(prefix))


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Settings]:
    """A copy of the project (seeds, articles, templates, site.toml) to build in.

    Call it with `articles=False` for a checkout without any article records.
    """

    def make(articles: bool = True, seeds: bool = True) -> Settings:
        for name in (
            ("templates",) + (("seeds",) if seeds else ()) + (("articles",) if articles else ())
        ):
            shutil.copytree(ROOT / name, tmp_path / name)
        (tmp_path / "seeds").mkdir(exist_ok=True)
        (tmp_path / "articles").mkdir(exist_ok=True)  # a project with no records yet
        shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
        return load_settings(tmp_path / "site.toml")

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped project built once per test session; tests read its output folder."""
    from sijill.commands.build import build

    settings = copy_project(tmp_path_factory.mktemp("built"))
    report = build(settings)
    assert not report.warnings, report.warnings
    return settings


@pytest.fixture(scope="module")
def site(built_site: Settings) -> Path:
    """The output folder of the shipped project's build (a module may build its own)."""
    return built_site.output


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """`site` served under a sub-path with its 404 page, as a static host serves it."""
    with serve_directory(site, "/archive/", not_found_page="404.html") as base:
        yield base


#: Tests that build a project or run the command line are marked `build`, so that
#: `pytest -m "not browser and not build"` is the fast lane. They are found by what they
#: call: in their own code, in a fixture they use (`built_site`) or in a helper of the
#: tests those call (`make_archive`). A module whose helpers run the command line in a
#: subprocess marks itself with `pytestmark`.
BUILD_CALLS = frozenset({"build", "build_and_say", "main"})


@cache
def _builds(function: Callable[..., object]) -> bool:
    """Does `function`, or a test helper it calls by name, call one of `BUILD_CALLS`
    (by name, or from a module of the package: `cli.main`)?"""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return False
    scope = getattr(function, "__globals__", {})
    names, package_calls = set(), set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            names.add(node.func.id)
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            owner = scope.get(node.func.value.id)  # `cli.main(...)`, a module of the package
            if inspect.ismodule(owner) and owner.__name__.startswith("sijill"):
                package_calls.add(node.func.attr)
    if (names | package_calls) & BUILD_CALLS:
        return True
    helpers = [scope.get(name) for name in names]
    return any(
        inspect.isfunction(helper)
        and helper is not function
        and helper.__module__.startswith("tests.")
        and _builds(helper)
        for helper in helpers
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        functions = [getattr(item, "function", None)]
        info = getattr(item, "_fixtureinfo", None)
        if info is not None:
            functions += [d.func for defs in info.name2fixturedefs.values() for d in defs]
        if any(f is not None and _builds(f) for f in functions):
            item.add_marker(pytest.mark.build)


# Real-browser fixtures (Debian's Chromium through Playwright), shared by every browser test.
from tests.support.browser import (  # noqa: E402, F401
    browser,
    browser_context_args,
    page,
    playwright_instance,
)
