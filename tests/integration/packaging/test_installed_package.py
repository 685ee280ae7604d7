"""The installed package: the wheel built from this checkout carries data/ and matrices/ and no tests, and,
installed in a fresh virtual environment, it evaluates the sample portfolio exactly as the checkout does.

Nothing is downloaded: the build uses the shared environment's hatchling (--no-build-isolation), the fresh
environment sees the shared dependencies through a .pth file (but not the checkout), and the wheel is
installed without its dependencies.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from evaluation.resources import ROOT

SAMPLE = ROOT / "data" / "samples" / "portfolio.yaml"
PIP_QUIET = ["--quiet", "--no-index", "--disable-pip-version-check", "--no-deps"]


def _run(command: Sequence[str | Path], cwd: Path, **env: str) -> str:
    """Run a command with no PYTHONPATH nor JAUGE_ variable but those given, and return its output."""
    kept = {key: value for key, value in os.environ.items() if key != "PYTHONPATH" and not key.startswith("JAUGE_")}
    environment = kept | env
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=environment,  # noqa: S603
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from this checkout."""
    folder = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", *PIP_QUIET, "--no-build-isolation", "-w", folder, ROOT], cwd=folder)
    (built,) = folder.glob("jauge-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh virtual environment where the wheel is installed."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv)
    python = venv / "bin" / "python"
    site_packages = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=venv)
                         .strip())
    shared = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_packages / "shared-dependencies.pth").write_text("\n".join(shared) + "\n", encoding="utf-8")
    _run([python, "-m", "pip", "install", *PIP_QUIET, wheel], cwd=venv)
    return python


def test_the_wheel_carries_data_and_matrices_and_no_tests(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {f"evaluation/bundled/{path.relative_to(ROOT).as_posix()}"
               for folder in ("data", "matrices") for path in (ROOT / folder).rglob("*") if path.is_file()}
    assert "evaluation/bundled/data/samples/portfolio.yaml" in bundled
    assert "evaluation/bundled/matrices/rules.yaml" in bundled
    assert bundled <= names
    assert "ui/locales/app.fr.yaml" in names
    assert "evaluation/storage/migrations/script.py.mako" in names
    tops = {name.split("/")[0] for name in names}
    assert tops == {"evaluation", "ui", "dashboard.py", "jauge-0.1.0.dist-info"}
    assert not [name for name in names if "__pycache__" in name or name.startswith(("tests/", "var/", ".venv/"))]


def test_the_installed_package_evaluates_as_the_checkout(installed: Path, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "portefeuille.yaml")
    where = _run([installed, "-c", "import evaluation, evaluation.resources as r, evaluation.config as c;"
                  "print(evaluation.__file__, r.INSTALLED, r.DATA_DIR, c.get_config().data_dir)"], cwd=tmp_path).split()
    venv = installed.parent.parent
    assert Path(where[0]).is_relative_to(venv), "the fresh environment must not see the checkout"
    assert where[1] == "True"
    assert Path(where[2]).is_relative_to(venv)
    assert where[3] == "var", "installed, the database lives in var/ of the working directory"
    command = ["-m", "evaluation", "evaluate", "portefeuille.yaml", "--format", "json"]
    from_package = _run([installed, *command], cwd=tmp_path)
    from_checkout = _run([sys.executable, *command], cwd=tmp_path, PYTHONPATH=str(ROOT))
    assert from_package == from_checkout
    assert from_package.startswith("[")


def test_an_installed_package_reads_a_matrix_and_rules_outside_it(installed: Path, tmp_path: Path) -> None:
    own = tmp_path / "collectivite"
    own.mkdir()
    matrix = (ROOT / "matrices" / "default.yaml").read_text(encoding="utf-8")
    (own / "ma-matrice.yaml").write_text(matrix.replace("\nversion: 1\n", "\nversion: propre-1\n"), encoding="utf-8")
    rules = (ROOT / "matrices" / "rules.yaml").read_text(encoding="utf-8")
    own_rules, replaced = re.subn(r"\nversion: \d+\n", "\nversion: 7\n", rules, count=1)
    assert replaced == 1
    (own / "mes-regles.yaml").write_text(own_rules, encoding="utf-8")
    script = textwrap.dedent("""
        from pathlib import Path
        from evaluation.checklist import load_rules
        from evaluation.matrix import load_matrix, matrix_path
        print(load_matrix("collectivite/ma-matrice.yaml").version)
        print(load_rules(Path("collectivite/mes-regles.yaml").resolve()).version)
        print(load_matrix("default").version, matrix_path("default"))
    """)
    printed = _run([installed, "-c", script], cwd=tmp_path).split()
    assert printed[:3] == ["propre-1", "7", "1"]
    assert Path(printed[3]).is_relative_to(installed.parent.parent)


def test_the_declared_dependencies_are_the_runtime_requirements() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime, tooling = (ROOT / "requirements.txt").read_text(encoding="utf-8").split("# Tests and tooling")
    pins = [line for line in runtime.splitlines() if line and not line.startswith("#")]
    assert project["project"]["dependencies"] == pins
    backend = project["build-system"]["requires"]
    assert backend == [line for line in tooling.splitlines() if line.startswith("hatchling==")]
