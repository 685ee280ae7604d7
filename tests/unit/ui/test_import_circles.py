"""No import circle in the dashboard (ui) nor in the engine (evaluation): every import statement counts,
at module level, under TYPE_CHECKING or inside a function."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

from evaluation.resources import ROOT

PACKAGES = ("ui", "evaluation")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> Iterator[str]:
    """The dotted names an import statement asks for: `from a.b import c` asks for a.b.c (a module or a
    name of a.b)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    yield from (f"{source}.{alias.name}" for alias in node.names)


def _resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    """The module of ours a dotted name lives in (the longest prefix that is one), None for others."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of ui and evaluation it imports."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in _imported(node, module, path.name == "__init__.py"):
                    target = _resolve(name, modules)
                    if target is not None and target != module:
                        targets.add(target)
        graph[module] = targets
    return graph


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One circle per group of modules that import each other (a strongly connected component), each
    written as a path that comes back to its first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(_path_through(sorted(group), graph))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def _path_through(group: list[str], graph: Mapping[str, set[str]]) -> list[str]:
    """A shortest way from the group's first module back to itself, within the group."""
    members = set(group)
    start = group[0]
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return [*group, start]  # pragma: no cover - a strongly connected group always has a way back


def test_the_dashboard_and_the_engine_have_no_import_circle() -> None:
    found = circles(import_graph())
    assert found == [], "import circles: " + "; ".join(" -> ".join(circle) for circle in found)


def test_a_circle_is_found_and_named() -> None:
    graph = {"ui.auth": {"ui.views.sign_in"}, "ui.views.sign_in": {"ui.auth", "ui.i18n"}, "ui.i18n": set()}
    assert circles(graph) == [["ui.auth", "ui.views.sign_in", "ui.auth"]]


def test_imports_inside_functions_and_relative_imports_are_edges() -> None:
    graph = import_graph()
    assert "ui.data" in graph["ui.auth"]  # imported inside a function
    assert "ui.views.portfolio.rows" in graph["ui.data"]  # imported under TYPE_CHECKING and in a function
