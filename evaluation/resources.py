"""Where the project's bundled data lives (never relative to the working directory)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
MATRICES_DIR = ROOT / "matrices"
SAMPLES_DIR = DATA_DIR / "samples"
