"""Scores per criterion, value and cost, quadrants and ranks."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from matrix_frames import (
    default_matrix,
    default_settings,
    evaluated,
    frame_of,
    matrix_from,
    option,
    proposal,
    with_checklist,
    with_footprint,
)

from evaluation.finance import add_finance
from evaluation.matrix import Quadrant, add_matrix, matrix_record
from evaluation.matrix.model import Quadrants, Scale
from evaluation.matrix.step import quadrant_codes, scale_scores
from tests.support.rows import records_of, row_of

TWO_AXES = """\
  - id: rentabilite
    axis: value
    weight: 3
    label: {fr: R, en: R}
    input: npv_over_tco
    direction: ascending
    thresholds: [-0.5, 0, 0.5, 1]
  - id: usagers
    axis: value
    weight: 1
    label: {fr: U, en: U}
    input: qual_usagers
    direction: ascending
    thresholds: [1, 2, 3, 4]
  - id: cout
    axis: cost
    weight: 1
    label: {fr: C, en: C}
    input: tco_eur
    direction: ascending
    thresholds: [1000, 2000, 3000, 4000]
  - id: conformite
    axis: cost
    weight: 1
    label: {fr: K, en: K}
    combine: max
    components:
      - {input: blocking_count, direction: ascending, thresholds: [0.25, 0.5, 0.75, 1]}
      - {input: fail_count, direction: ascending, thresholds: [0.5, 1, 2, 3]}
"""


def test_ascending_scale_counts_the_thresholds_reached() -> None:
    scale = Scale(input="tco_eur", direction="ascending", thresholds=(1, 2, 3, 4))
    values = np.array([0.99, 1, 2.5, 4, 10, np.nan, np.inf])
    assert scale_scores(values, scale).tolist()[:5] == [0, 1, 2, 4, 4]
    assert math.isnan(scale_scores(values, scale)[5])
    assert scale_scores(values, scale)[6] == 4


def test_descending_scale_rewards_low_values() -> None:
    scale = Scale(input="tco_eur", direction="descending", thresholds=(4, 3, 2, 1))
    assert scale_scores(np.array([5, 4, 2.5, 1, 0]), scale).tolist() == [0, 1, 2, 4, 4]


def test_category_scale_reads_the_map() -> None:
    scale = Scale(input="hosting_region", map={"eu_eea": 0, "outside_eu_eea": 4})
    scores = scale_scores(np.array(["eu_eea", "outside_eu_eea", "unknown", None], dtype=object), scale)
    assert scores[:2].tolist() == [0, 4]
    assert np.isnan(scores[2:]).all()


QUADRANTS = Quadrants.model_validate({
    "value_threshold": 2, "cost_threshold": 2,
    "labels": {code: {"fr": code, "en": code} for code in ("a_prioriser", "a_arbitrer", "a_simplifier", "a_ecarter")},
})


@pytest.mark.parametrize(("value", "cost", "quadrant"), [
    (2.0, 1.999, "a_prioriser"),  # a score equal to the threshold is high
    (4.0, 0.0, "a_prioriser"),
    (2.0, 2.0, "a_arbitrer"),
    (1.999, 1.999, "a_simplifier"),
    (0.0, 0.0, "a_simplifier"),
    (1.999, 2.0, "a_ecarter"),
    (0.0, 4.0, "a_ecarter"),
])
def test_quadrant_boundaries(value: float, cost: float, quadrant: str) -> None:
    assert quadrant_codes(np.array([value]), np.array([cost]), QUADRANTS)[0] == quadrant


def test_no_quadrant_without_scores() -> None:
    assert quadrant_codes(np.array([np.nan]), np.array([1.0]), QUADRANTS)[0] is None


def _two_options() -> tuple[Any, ...]:
    # A: one-off 1,000, benefit 10 users x 1 h x 40 weeks x 40 EUR = 16,000/yr -> NPV/TCO >> 1: 4
    #    usagers 3: 3; value = (3 x 4 + 1 x 3) / 4 = 3.75. TCO 1,000: 1; no failure: 0; cost = 0.5
    # B: one-off 5,000, annual 100 (TCO 5,500), no benefit: NPV/TCO = -(5,000 + 100 x 4.5) / 5,500 < -0.5: 0
    #    usagers 1: 1; value = (0 + 1) / 4 = 0.25. TCO 5,500: 4; 2 failures: 3; cost = 3.5
    frame = frame_of([proposal("p", [
        option("A", one_off=1_000, hours_per_week=1, qualitative={"usagers": 3}),
        option("B", one_off=5_000, annual=100, qualitative={"usagers": 1}),
    ])])
    return with_checklist(frame, blocking=[0, 0], fail=[0, 2], warn=[0, 0]), matrix_from(TWO_AXES)


def test_value_and_cost_are_weighted_means_of_their_criteria() -> None:
    frame, matrix = _two_options()
    result = evaluated(frame, matrix)
    assert result["mx.rentabilite"].tolist() == [4, 0]
    assert result["mx.usagers"].tolist() == [3, 1]
    assert result["mx.cout"].tolist() == [1, 4]
    assert result["mx.conformite"].tolist() == [0, 3]
    assert result["mx.value"].tolist() == pytest.approx([3.75, 0.25])
    assert result["mx.cost"].tolist() == pytest.approx([0.5, 3.5])
    assert result["mx.quadrant"].tolist() == ["a_prioriser", "a_ecarter"]
    assert result["mx.rank"].tolist() == [1, 2]
    assert result["mx.matrix"].tolist() == ["essai@1", "essai@1"]


def test_a_blocking_failure_gives_the_highest_compliance_cost() -> None:
    frame, matrix = _two_options()
    frame["chk.blocking_count"] = [1, 0]
    assert evaluated(frame, matrix)["mx.conformite"].tolist() == [4, 3]


def test_without_checklist_columns_the_compliance_criterion_is_skipped_and_said_so() -> None:
    frame, matrix = _two_options()
    frame = frame.drop(columns=["chk.blocking_count", "chk.fail_count", "chk.warn_count"])
    result = evaluated(frame, matrix)
    assert result["mx.conformite"].isna().all()
    assert result["mx.cost"].tolist() == [1, 4]  # the cost criterion alone
    assert result["mx.skipped"].tolist() == [("conformite",), ("conformite",)]
    record = matrix_record(row_of(result.iloc[0]))
    assert record["skipped"] == ["conformite"]
    assert record["criteria"]["conformite"] is None


def test_if_missing_gives_a_score_where_an_option_lacks_the_input() -> None:
    matrix = matrix_from(TWO_AXES + """\
  - id: empreinte
    axis: cost
    weight: 1
    label: {fr: E, en: E}
    if_missing: 2
    input: annual_gwp_kg
    direction: ascending
    thresholds: [10, 100, 1000, 10000]
""")
    frame, _ = _two_options()
    frame = with_footprint(frame, gwp=[50, float("nan")])
    result = evaluated(frame, matrix)
    assert result["mx.empreinte"].tolist() == [1, 2]
    assert result["mx.skipped"].tolist() == [(), ()]


def test_rank_orders_the_whole_portfolio_by_value_minus_cost() -> None:
    frame = frame_of([
        proposal("a", [option("faible", one_off=5_000, annual=100)]),
        proposal("b", [option("forte", one_off=1_000, hours_per_week=1, qualitative={"usagers": 4})]),
        proposal("c", [option("moyenne", one_off=1_000, hours_per_week=1)]),
    ])
    frame = with_checklist(frame, blocking=[0, 0, 0], fail=[0, 0, 0], warn=[0, 0, 0])
    result = evaluated(frame, matrix_from(TWO_AXES))
    assert result["mx.rank"].tolist() == [3, 1, 2]


def test_rank_ties_are_broken_by_value_then_npv() -> None:
    frame = frame_of([proposal("a", [
        option("petit", one_off=1_000, hours_per_week=1),
        option("grand", one_off=1_000, hours_per_week=2),
    ])])
    frame = with_checklist(frame, blocking=[0, 0], fail=[0, 0], warn=[0, 0])
    result = evaluated(frame, matrix_from(TWO_AXES))
    assert result["mx.value"].iloc[0] == result["mx.value"].iloc[1]
    assert result["mx.rank"].tolist() == [2, 1]  # same scores: the higher NPV first


def test_default_matrix_scores_the_example_proposal() -> None:
    frame = frame_of([proposal("courriers", [
        option("Modèles (sans IA)", "non_ai", one_off=6_000, annual=1_000, hours_per_week=0.5),
        option("Mistral Small par API", one_off=18_000, annual=4_880, hours_per_week=2,
               qualitative={"usagers": 3, "agents": 3, "inclusion": 1, "strategie": 2}),
    ], governance={"snr_objective": "Réduire l'empreinte des services numériques"})])
    frame = with_footprint(frame, gwp=[0, 15], wcf=[0, 50], adpe=[0, 1e-5])
    frame = with_checklist(frame, blocking=[0, 0], fail=[0, 0], warn=[0, 1])
    result = evaluated(frame).iloc[1]
    # benefit 10 users x 2 h x 40 weeks x 40 EUR = 32,000/yr; annuity factor 5 years at 3.2% = 4.5449
    # NPV / TCO = (-18,000 + (32,000 - 4,880) x 4.5449) / (18,000 + 5 x 4,880) = 105,258 / 42,400 = 2.48 -> 4
    assert result["mx.rentabilite"] == 4
    # usagers 3 (weight 3) and inclusion 1 -> (9 + 1) / 4
    assert result["mx.service_usagers"] == pytest.approx(2.5)
    # agents 3 and 800 h/yr (2 thresholds) -> 2.5
    assert result["mx.conditions_travail"] == pytest.approx(2.5)
    # baseline present: 4; NPV gained over it / TCO = (105,258 - (-6,000 + 7,000 x 4.5449)) / 42,400 = 1.87: 4
    assert result["mx.necessite"] == 4
    # strategie 2 (weight 2), SNR objective given: 4 -> (4 + 4) / 3
    assert result["mx.alignement_strategique"] == pytest.approx(8 / 3)
    # TCO 42,400 -> 1
    assert result["mx.cout_complet"] == 1
    # 15 kg: 1 (w2); 50 L: 0; 1e-5 kgSbeq: 0; ratios to a zero baseline are infinite: 4, 4, 4 (w 1, 0.5, 0.5)
    assert result["mx.empreinte_environnementale"] == pytest.approx((2 * 1 + 0 + 0 + 4 + 2 + 2) / 6)
    # one warning -> 1 (the highest component)
    assert result["mx.risques_conformite"] == 1
    # hosted in France: 0; proprietary API: 3 -> 1.5
    assert result["mx.dependance_souverainete"] == pytest.approx(1.5)
    assert result["mx.quadrant"] == Quadrant.A_PRIORISER.value
    assert result["mx.skipped"] == ()


def test_hosting_region_reads_the_zone_and_the_kind() -> None:
    frame = frame_of([proposal("p", [
        option("France", zone="FRA"),
        option("États-Unis", zone="USA"),
        option("Monde", zone="WOR"),
        option("Europe", zone="EEE"),
        option("Vision sans zone", "vision"),
        option("Sans IA", "non_ai"),
    ])])
    result = evaluated(frame)
    assert result["mx.dependance_souverainete"].tolist() == pytest.approx([
        (0 + 3) / 2, (4 + 3) / 2, (2 + 3) / 2, (0 + 3) / 2, (2 + 1) / 2, 0])


def test_the_footprint_ratio_is_one_for_the_baseline_and_unknown_without_one() -> None:
    matrix = matrix_from(TWO_AXES + """\
  - id: ratio
    axis: cost
    weight: 1
    label: {fr: E, en: E}
    input: gwp_ratio_to_baseline
    direction: ascending
    thresholds: [1.5, 3, 10, 100]
""")
    frame = frame_of([
        proposal("a", [option("base", "non_ai"), option("x4", one_off=1)]),
        proposal("b", [option("seule", one_off=1)]),
    ])
    frame = with_footprint(with_checklist(frame, [0] * 3, [0] * 3, [0] * 3), gwp=[10, 40, 40])
    scores = evaluated(frame, matrix)["mx.ratio"].tolist()
    assert scores[:2] == [0, 2]  # ratio 1 and 4
    assert math.isnan(scores[2])


def test_matrix_record_has_format_keys() -> None:
    frame, matrix = _two_options()
    record = matrix_record(records_of(evaluated(frame, matrix))[0])
    assert record == {
        "value": pytest.approx(3.75), "cost": pytest.approx(0.5), "quadrant": "a_prioriser", "matrix": "essai@1",
        "rank": 1, "criteria": {"rentabilite": 4, "usagers": 3, "cout": 1, "conformite": 0}, "skipped": [],
    }


def test_add_matrix_replaces_its_columns_and_can_leave_out_the_rank() -> None:
    frame, matrix = _two_options()
    once = evaluated(frame, matrix)
    again = add_matrix(once, default_matrix(), default_settings(), rank=False)
    assert "mx.rank" not in again.columns
    assert "mx.usagers" not in again.columns
    assert again["mx.matrix"].iloc[0] == "default@1"


_BASE = with_checklist(frame_of([proposal("p", [
    option("sans IA", "non_ai", one_off=2_000, hours_per_week=0.5),
    option("IA", one_off=10_000, annual=1_000, hours_per_week=1, qualitative={"agents": 2}),
])]), [0, 0], [0, 1], [0, 2])
_BASE = with_footprint(_BASE, gwp=[0, 30])


@hypothesis_settings(max_examples=40, deadline=None)
@given(hours=st.floats(0, 30), extra_hours=st.floats(0, 30), savings=st.floats(0, 1e5), extra=st.floats(0, 1e5),
       adoption=st.floats(0.01, 1))
def test_more_benefit_never_lowers_the_value_score(hours: float, extra_hours: float, savings: float, extra: float,
                                                    adoption: float) -> None:
    settings = default_settings()
    low, high = _BASE.copy(), _BASE.copy()
    low["option.benefits.hours_saved_per_user_per_week"] = [0.5, hours]
    high["option.benefits.hours_saved_per_user_per_week"] = [0.5, hours + extra_hours]
    low["option.benefits.other_annual_savings"] = [0.0, savings]
    high["option.benefits.other_annual_savings"] = [0.0, savings + extra]
    low["option.benefits.adoption_rate"] = high["option.benefits.adoption_rate"] = [1.0, adoption]
    before = add_matrix(add_finance(low, settings), default_matrix(), settings)
    after = add_matrix(add_finance(high, settings), default_matrix(), settings)
    assert after["fin.npv"].iloc[1] >= before["fin.npv"].iloc[1] - 1e-6
    assert after["mx.value"].iloc[1] >= before["mx.value"].iloc[1] - 1e-12
