"""The matrix texts exist in French and English for every code the engine emits."""

from __future__ import annotations

from pathlib import Path

import yaml
from matrix_frames import default_matrix

from evaluation.exchange.dotted_paths import flatten
from evaluation.matrix import Quadrant, input_registry
from evaluation.matrix.model import Axis, Combine, Direction
from evaluation.pipeline.sensitivity import UNCERTAIN_INPUTS
from evaluation.resources import ROOT

LOCALES = ROOT / "ui" / "locales"


def _flat(path: Path) -> dict[str, str]:
    return {key: str(text) for key, text in flatten(yaml.safe_load(path.read_text(encoding="utf-8"))).items()}


FR = _flat(LOCALES / "matrix.fr.yaml")
EN = _flat(LOCALES / "matrix.en.yaml")


def test_french_and_english_files_have_the_same_keys() -> None:
    assert set(FR) == set(EN)


def test_no_text_is_empty() -> None:
    assert all(text.strip() for text in [*FR.values(), *EN.values()])


def test_every_code_the_engine_emits_has_a_text() -> None:
    expected = {f"quadrant.{code.value}" for code in Quadrant}
    expected |= {f"axis.{axis.value}" for axis in Axis}
    expected |= {f"direction.{direction.value}" for direction in Direction}
    expected |= {f"combine.{combine.value}" for combine in Combine}
    expected |= {f"input.{name}" for name in input_registry()}
    expected |= {f"category.{name}.{category}" for name, spec in input_registry().items() for category in spec.categories}
    expected |= {f"sensitivity.input.{name}" for name in UNCERTAIN_INPUTS}
    assert expected <= set(FR)


def test_default_matrix_labels_match_the_texts() -> None:
    matrix = default_matrix()
    for criterion in matrix.criteria:
        assert FR[f"criterion.{criterion.id}"] == criterion.label.fr
        assert EN[f"criterion.{criterion.id}"] == criterion.label.en
    for code in Quadrant:
        label = getattr(matrix.quadrants.labels, code.value)
        assert (FR[f"quadrant.{code.value}"], EN[f"quadrant.{code.value}"]) == (label.fr, label.en)
