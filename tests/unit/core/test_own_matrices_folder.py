"""The collectivité's own matrix and rules files (JAUGE_MATRICES_DIR) are found by name before the bundled ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation.checklist import load_rules
from evaluation.config import get_config, matrices_file_names, named_matrices_file
from evaluation.matrix import available_matrices, load_matrix
from evaluation.resources import MATRICES_DIR


@pytest.fixture
def own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("JAUGE_MATRICES_DIR", str(tmp_path))
    get_config.cache_clear()
    yield tmp_path
    get_config.cache_clear()


def _renamed_matrix(name: str) -> str:
    text = (MATRICES_DIR / "default.yaml").read_text(encoding="utf-8")
    lines = [f"name: {name}" if line.startswith("name:") else line for line in text.splitlines()]
    return "\n".join(lines) + "\n"


def test_without_an_own_folder_names_resolve_to_the_bundled_files() -> None:
    get_config.cache_clear()
    assert named_matrices_file("default") == MATRICES_DIR / "default.yaml"
    assert set(matrices_file_names()) >= {"default", "rules"}


def test_a_matrix_of_the_own_folder_is_loaded_by_its_name(own_folder: Path) -> None:
    (own_folder / "ma-ville.yaml").write_text(_renamed_matrix("ma-ville"), encoding="utf-8")
    assert "ma-ville" in available_matrices()
    assert load_matrix("ma-ville").name == "ma-ville"


def test_an_own_file_overrides_the_bundled_file_of_the_same_name(own_folder: Path) -> None:
    bundled = load_rules("rules")
    text = (MATRICES_DIR / "rules.yaml").read_text(encoding="utf-8")
    version_line = next(line for line in text.splitlines() if line.startswith("version:"))
    (own_folder / "rules.yaml").write_text(text.replace(version_line, "version: ma-ville-1", 1), encoding="utf-8")
    assert named_matrices_file("rules") == own_folder / "rules.yaml"
    own = load_rules("rules")
    assert own.version == "ma-ville-1" != bundled.version
