"""The package's shape: each layer imports only from layers below it, and no module cycles.

Every import counts, those under `if TYPE_CHECKING:` and inside functions too: a
type-only cycle still ties two modules together for a reader.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sijill"

#: Lowest first. A module may import from its own layer and the layers before it.
LAYERS = ["errors", "config", "engine", "extract", "records", "site", "commands", "cli"]
#: Top-level modules that belong to a layer without a sub-package.
TOP = {"errors": "errors", "cli": "cli", "__main__": "cli", "__init__": "errors"}
#: What the command line may load before it knows the command: not Jinja2, nh3, Babel, Pagefind.
HEAVY = ("jinja2", "nh3", "babel", "pagefind_bin", "markdown", "rich", "yaml", "watchdog")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    part = module.split(".")[1] if "." in module else "__init__"
    return TOP.get(part, part)


def imports(path: Path) -> set[str]:
    """Every sijill module `path` imports, anywhere in the file."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sijill")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("sijill"):
                continue
            for alias in node.names:  # `from . import x` imports a module
                sub = f"{target}.{alias.name}"
                known = (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").is_file()
                found.add(sub if known else target)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_sits_in_a_known_layer():
    assert {layer(m) for m in graph()} <= set(LAYERS)


def upward(modules: dict[str, set[str]]) -> list[str]:
    """Imports from a layer above the importing module's."""
    return [
        f"{module} ({layer(module)}) imports {target} ({layer(target)})"
        for module, targets in modules.items()
        for target in targets
        if LAYERS.index(layer(target)) > LAYERS.index(layer(module))
    ]


def find_cycle(modules: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None. A package's own
    `__init__` imported by its modules is not a cycle."""
    edges = {
        m: {t for t in ts if t != m and not m.startswith(t + ".")} for m, ts in modules.items()
    }
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for target in sorted(edges.get(module, ())):
            cycle = visit(target, [*path, module])
            if cycle:
                return cycle
        done.add(module)
        return None

    for module in sorted(edges):
        cycle = visit(module, [])
        if cycle:
            return cycle
    return None


def test_no_layer_imports_from_a_layer_above_it():
    found = upward(graph())
    assert not found, "\n".join(found)


def test_no_import_cycles_type_only_ones_included():
    cycle = find_cycle(graph())
    assert cycle is None, " -> ".join(cycle)


def test_the_checks_see_a_planted_cycle_and_upward_import():
    planted = graph()
    planted["sijill.engine.cache"] = planted["sijill.engine.cache"] | {"sijill.site.page"}
    assert any(line.startswith("sijill.engine.cache") for line in upward(planted))
    planted["sijill.errors"] = {"sijill.cli"}
    assert find_cycle(planted) is not None
    # A TYPE_CHECKING import is an import: the walk sees it.
    assert "sijill.site.page" in imports(PACKAGE / "site" / "metadata.py")


@pytest.mark.build  # runs the command line in a subprocess
def test_help_loads_nothing_heavy():
    code = (
        "import sys, sijill.cli\n"
        "try:\n    sijill.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_bench_imports_nothing_from_tests():
    """Benchmarks run without pytest; what they share with the tests lives in bench/."""
    bench = PACKAGE.parent / "bench"
    found = []
    for path in sorted(bench.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("tests", "pytest")]
    assert not found, "\n".join(found)
