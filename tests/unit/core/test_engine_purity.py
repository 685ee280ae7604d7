"""The engine never imports Streamlit (checked on the source, not by importing it)."""

import ast
from pathlib import Path

from evaluation.resources import ROOT

ENGINE = ROOT / "evaluation"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_engine_file_imports_streamlit() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in ENGINE.rglob("*.py")
        if any(name == "streamlit" or name.startswith("streamlit.") for name in _imported_modules(path))
    ]
    assert offenders == []


def test_the_purity_check_sees_a_streamlit_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from streamlit import session_state\n")
    assert "streamlit" in _imported_modules(probe)
