"""The collectivité's matrix weights (settings.matrix_weights) re-score the options."""

from __future__ import annotations

import pandas as pd

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.pipeline.evaluate import build_context, evaluate_frame, weighted_matrix
from evaluation.table.build import options_frame


def test_changed_weights_make_a_new_matrix_version_and_unknown_ids_are_ignored(settings: Settings) -> None:
    matrix = build_context(settings).matrix
    same = weighted_matrix(matrix, {"service_usagers": 2.0, "critere-disparu": 5.0})
    assert same is matrix
    heavier = weighted_matrix(matrix, {"service_usagers": 8.0})
    assert heavier.key == "default@1+poids"
    assert {c.id: c.weight for c in heavier.criteria}["service_usagers"] == 8.0
    assert {c.id: c.weight for c in matrix.criteria}["service_usagers"] == 2.0


def test_a_heavier_criterion_moves_the_value_score_towards_it(settings: Settings,
                                                              format_example: list[Proposal]) -> None:
    def evaluated(weights: dict[str, float]) -> pd.DataFrame:
        tuned = settings.model_copy(update={"matrix_weights": weights})
        return evaluate_frame(options_frame(format_example, tuned), build_context(tuned))

    base = evaluated({})
    others = ("rentabilite", "conditions_travail", "necessite", "alignement_strategique")
    # Weighing "service aux usagers" a million times more than the others: the value score is its score.
    alone = evaluated({criterion: 0.001 for criterion in others} | {"service_usagers": 1000.0})
    for value, usagers in zip(alone["mx.value"], alone["mx.service_usagers"], strict=True):
        assert abs(float(value) - float(usagers)) < 0.01
    assert list(alone["mx.value"]) != list(base["mx.value"])
    assert set(alone["mx.matrix"]) == {"default@1+poids"}
