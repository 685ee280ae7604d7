"""What the dashboard imports before the sign-in page is drawn stays light: no pydantic, pandas or engine steps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_modules_the_sign_in_page_needs_load_no_models_and_no_tables() -> None:
    probe = ("import sys; import ui.auth, ui.data, ui.i18n, ui.pages; "
             "heavy = sorted(m for m in ('pydantic', 'pandas', 'evaluation.table', 'evaluation.storage', "
             "'evaluation.pipeline') if m in sys.modules); print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"imported before sign-in: {done.stdout.strip()}"


def test_the_sign_in_page_module_imports_nothing_heavy_at_its_top() -> None:
    """ui/views/sign_in.py runs on the dashboard's first script run: what it imports at its top (read from its
    source, the page itself draws on import) loads no pandas, pydantic, table or storage either."""
    import ast

    tree = ast.parse((ROOT / "ui" / "views" / "sign_in.py").read_text(encoding="utf-8"))
    modules = sorted({f"{node.module}.{alias.name}" if node.module == "ui" else str(node.module)
                      for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names}
                     | {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names})
    assert {"ui.auth", "ui.data", "streamlit"} <= set(modules)
    probe = (f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
             "heavy = sorted(m for m in ('pydantic', 'pandas', 'evaluation.table', 'evaluation.storage', "
             "'evaluation.pipeline') if m in sys.modules); print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"imported by the sign-in page: {done.stdout.strip()}"
