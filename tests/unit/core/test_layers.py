"""The house's layers: each package imports only from the layers below it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Lowest first; a module may import its own layer and those below it. The four steps are ordered as the
# pipeline runs them: a later step may read an earlier one (the matrix reads finance's baseline).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("evaluation", "evaluation.resources", "evaluation.yaml_lines", "evaluation.config", "evaluation.progress"),
    ("evaluation.domain",),
    ("evaluation.exchange",),
    ("evaluation.table",),
    ("evaluation.footprint",),
    ("evaluation.finance",),
    ("evaluation.checklist",),
    ("evaluation.matrix",),
    ("evaluation.actuals",),
    ("evaluation.pipeline",),
    ("evaluation.storage",),
    ("evaluation.services",),
    ("evaluation.bilan",),
    # Without Streamlit, below the command line so that it writes the same files as the dashboard: texts,
    # number formatting, colours, summaries of the options table, and the reports (fiche PDF, délibération).
    ("ui.i18n", "ui.formatting", "ui.theme", "ui.summaries", "ui.reports"),
    ("evaluation.cli", "evaluation.__main__"),
    ("ui",),
    ("dashboard",),
)


def layer_of(module: str) -> int:
    """The layer of a module: the longest matching package prefix decides."""
    best, depth = -1, -1
    for index, packages in enumerate(LAYERS):
        for package in packages:
            if (module == package or module.startswith(package + ".")) and package.count(".") > depth:
                best, depth = index, package.count(".")
    if best < 0:
        raise LookupError(f"{module} is in no layer: add its package to LAYERS and docs/architecture.md")
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_imports(path: Path) -> list[tuple[int, str]]:
    """Every import of a project module in a file (inside functions too), with its line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] in {"evaluation", "ui", "dashboard"}]


def source_files() -> list[Path]:
    files = [ROOT / "dashboard.py", *sorted((ROOT / "evaluation").rglob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
    return [path for path in files if "migrations" not in path.parts]


def test_every_module_belongs_to_a_layer() -> None:
    for path in source_files():
        layer_of(module_name(path))


@pytest.mark.parametrize("path", source_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_imports_only_its_layer_and_those_below(path: Path) -> None:
    here = layer_of(module_name(path))
    upward = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for line, name in project_imports(path) if layer_of(name) > here]
    assert not upward, "imports from a higher layer:\n" + "\n".join(upward)
