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
