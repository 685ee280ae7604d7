"""Where the project's bundled data lives (never relative to the working directory).

An installed package carries `data/` and `matrices/` in `evaluation/bundled/` (pyproject.toml's
force-include); a checkout has no such folder and reads them at the top of the repository.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def _folder(package: Traversable) -> Path:
    """The package's folder on disk: Jauge reads its data as files, so it cannot run from a zip archive."""
    if not isinstance(package, Path):
        raise RuntimeError(f"Jauge doit être installé sous forme de fichiers, pas dans une archive : {package}")
    return package.resolve()


PACKAGE_DIR = _folder(files("evaluation"))
BUNDLED_DIR = PACKAGE_DIR / "bundled"
INSTALLED = BUNDLED_DIR.is_dir()
# The folder holding the `evaluation` package: a checkout's root (docs/, ui/, tests/ beside it), or
# site-packages when installed, where only the package's own files are to be read.
ROOT = PACKAGE_DIR.parent
DATA_DIR = (BUNDLED_DIR if INSTALLED else ROOT) / "data"
MATRICES_DIR = (BUNDLED_DIR if INSTALLED else ROOT) / "matrices"
SAMPLES_DIR = DATA_DIR / "samples"
