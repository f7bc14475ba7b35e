"""The folders of service/ are layers, and imports point one way only.

content <- pages <- render <- output <- web <- audit <- commands <- cli: a module
may import its own layer and those to its left, never one to its right; the
root's settings, errors and paths are below everything. No import cycle,
however indirect. Imports only a type checker follows (under ``TYPE_CHECKING``)
are left out: they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.paths import PACKAGE_DIR

LAYERS = ["base", "content", "pages", "render", "output", "web", "audit", "commands", "cli"]
ROOT_BASE = {"service", "service.settings", "service.errors", "service.paths"}
MAX_LINES = 350


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def layer(module: str) -> str:
    if module in ROOT_BASE or module.startswith("service.data"):  # data, no code
        return "base"
    if module == "service.cli":
        return "cli"
    return module.split(".")[1]


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except what sits under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports(module: str) -> set[str]:
    """The service modules ``module`` imports at run time (lazily inside functions too)."""
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {name for name in names if name in MODULES}
    found.discard(module)
    return found


GRAPH = {module: imports(module) for module in MODULES}


def test_every_module_is_in_a_known_layer() -> None:
    assert {layer(m) for m in MODULES} <= set(LAYERS)
    root = {p.name for p in MODULES.values() if p.parent == PACKAGE_DIR}
    assert root == {"__init__.py", "cli.py", "settings.py", "errors.py", "paths.py"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_lower_layer_imports_a_higher_one(module: str) -> None:
    rank = LAYERS.index(layer(module))
    upward = sorted(m for m in GRAPH[module] if LAYERS.index(layer(m)) > rank)
    assert not upward, f"{module} ({layer(module)}) imports {upward}"


def test_no_import_cycle() -> None:
    """Tarjan's strongly connected components: any with two or more modules is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not cycles, cycles


def test_the_layer_check_sees_imports_inside_functions() -> None:
    """The check itself: a lazy import counts (the audit command imports the crawl lazily)."""
    assert "service.audit.crawl.inprocess" in GRAPH["service.commands.audit"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"
