"""Sensitivity: NPV and scores at each uncertain input's ends, ranked by effect, on known cases."""

from __future__ import annotations

import pandas as pd
import pytest
from finance_frames import frame_of, option, proposal, settings, simple_option, with_footprint

from evaluation.finance import add_finance
from evaluation.matrix import add_matrix, load_matrix, parse_matrix
from evaluation.pipeline.sensitivity import UNCERTAIN_INPUTS, quadrant_can_change, sensitivity
from tests.support.matrices import matrix_header

ANNUITY = sum(1 / 1.032**t for t in range(1, 6))  # 5 years at 3.2%: 4.5449

# Benefit 10 users x 1.25 h x 40 weeks x 40 EUR = 20,000 EUR/yr at adoption 1; annual cost 8,000; one-off 1,000.
KNOWN = simple_option("Assistant", one_off=1_000, annual=8_000, hours_per_week=1.25, adoption=1.0)


def _known_frame() -> pd.DataFrame:
    return with_footprint(frame_of([proposal("p", [KNOWN])]), gwp_kgco2eq=[(1_000, 3_000)])


def test_inputs_are_ranked_by_their_effect_on_the_npv() -> None:
    # NPV swings: hours saved +-20% of 20,000/yr -> 8,000 x annuity; adoption can only fall (capped at 1)
    # -> 4,000 x annuity; annual costs +-20% of 8,000 -> 3,200 x annuity; one-off +-20% of 1,000 -> 400;
    # the footprint moves only the socio-economic NPV; volumes move nothing here (no API bill, no requests)
    result = sensitivity(_known_frame(), settings(), load_matrix("default"))
    assert result["input"].tolist() == ["hours_saved", "adoption_rate", "annual_costs", "one_off_costs",
                                        "footprint", "volumes"]
    assert result["effect_rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert result["effect_npv"].tolist() == pytest.approx([8_000 * ANNUITY, 4_000 * ANNUITY, 3_200 * ANNUITY,
                                                           400, 0, 0])


def test_low_and_high_ends_are_the_inputs_ends() -> None:
    result = sensitivity(_known_frame(), settings(), load_matrix("default")).set_index("input")
    base = -1_000 + 12_000 * ANNUITY
    assert result.loc["hours_saved", "base_npv"] == pytest.approx(base)
    assert result.loc["hours_saved", "low_npv"] == pytest.approx(-1_000 + 8_000 * ANNUITY)
    assert result.loc["hours_saved", "high_npv"] == pytest.approx(-1_000 + 16_000 * ANNUITY)
    assert result.loc["adoption_rate", "high_npv"] == pytest.approx(base)  # 1.2 capped at 1
    # lower costs give a higher NPV: "low" names the input's end
    assert result.loc["annual_costs", "low_npv"] == pytest.approx(-1_000 + 13_600 * ANNUITY)
    assert result.loc["one_off_costs", "low_npv"] == pytest.approx(base + 200)


def test_footprint_ends_are_its_min_and_max() -> None:
    frame = _known_frame()
    evaluated = add_finance(frame, settings()).iloc[0]
    result = sensitivity(frame, settings(), load_matrix("default")).set_index("input")
    assert result.loc["footprint", "low_socio_npv"] == pytest.approx(evaluated["fin.socio_npv.max"])
    assert result.loc["footprint", "high_socio_npv"] == pytest.approx(evaluated["fin.socio_npv.min"])
    assert result.loc["footprint", "low_npv"] == result.loc["footprint", "high_npv"]


def test_volumes_move_the_api_bill_and_the_inference_footprint() -> None:
    opt = option("API", costs={"annual": {"api": 1_000}})
    frame = with_footprint(frame_of([proposal("p", [opt])]), gwp_kgco2eq=[(110, 110)])
    frame["fp.requests"] = [10_000.0]
    frame["fp.per_request.gwp_kgco2eq.min"] = [0.01]  # 100 kg/yr from requests, 10 kg/yr from the rest
    frame["fp.per_request.gwp_kgco2eq.max"] = [0.01]
    result = sensitivity(frame, settings(start_year=2030, discount_rate=0.0), load_matrix("default"))
    volumes = result.set_index("input").loc["volumes"]
    assert volumes["effect_npv"] == pytest.approx(0.4 * 1_000 * 5)
    # carbon: 20 kg/yr more or less over 2030-2034 at Quinet 2025's 300 x (563 / 300)^(k/20), k = 0..4
    carbon_per_kg = sum(300 * (563 / 300) ** (k / 20) for k in range(5)) / 1_000
    low_carbon = volumes["low_npv"] - volumes["low_socio_npv"]
    high_carbon = volumes["high_npv"] - volumes["high_socio_npv"]
    assert (low_carbon, high_carbon) == pytest.approx((90 * carbon_per_kg, 130 * carbon_per_kg))


BORDERLINE = matrix_header("bord", 1, "Bord", "Edge") + """\
  - id: rentabilite
    axis: value
    weight: 1
    label: {fr: R, en: R}
    input: npv_over_tco
    direction: ascending
    thresholds: [0.5, 1, 1.5, 2]
  - id: cout
    axis: cost
    weight: 1
    label: {fr: C, en: C}
    input: tco_eur
    direction: ascending
    thresholds: [1000000, 2000000, 3000000, 4000000]
"""


def test_the_quadrant_can_change_only_for_the_option_near_a_threshold() -> None:
    # borderline: NPV / TCO = (-1,000 + 12,000 x 4.5449) / 41,000 = 1.31 (value 2: high); with 20% fewer
    # hours saved (-1,000 + 8,000 x 4.5449) / 41,000 = 0.86 (value 1: low) -> à simplifier
    # comfortable: costs 100 + 100/yr for 20,000/yr: NPV / TCO far above 2 whatever the input
    comfortable = simple_option("Confortable", one_off=100, annual=100, hours_per_week=1.25)
    frame = frame_of([proposal("p", [KNOWN, comfortable])])
    frame.index = [10, 20]
    result = sensitivity(frame, settings(), parse_matrix(BORDERLINE, "bord.yaml"))
    hours = result[(result["row"] == 10) & (result["input"] == "hours_saved")].iloc[0]
    assert (hours["quadrant"], hours["quadrant_low"], hours["quadrant_high"]) == (
        "a_prioriser", "a_simplifier", "a_prioriser")
    changes = quadrant_can_change(result)
    assert changes.to_dict() == {10: True, 20: False}


def test_base_case_equals_the_evaluation_of_the_portfolio() -> None:
    frame = frame_of([
        proposal("a", [simple_option("sans IA", "non_ai", one_off=500, hours_per_week=0.5), KNOWN]),
        proposal("b", [KNOWN, simple_option("sans IA", "non_ai", one_off=300, hours_per_week=0.2)]),
    ])
    frame = with_footprint(frame, gwp_kgco2eq=[(0, 0), (10, 20), (10, 20), (0, 0)])
    matrix = load_matrix("default")
    evaluated = add_matrix(add_finance(frame, settings()), matrix, settings())
    result = sensitivity(frame, settings(), matrix)
    first = result.drop_duplicates("row").set_index("row").sort_index()
    assert first["base_npv"].tolist() == pytest.approx(evaluated["fin.npv"].tolist())
    assert first["base_value"].tolist() == pytest.approx(evaluated["mx.value"].tolist())
    assert first["base_cost"].tolist() == pytest.approx(evaluated["mx.cost"].tolist())
    assert first["quadrant"].tolist() == evaluated["mx.quadrant"].tolist()
    assert len(result) == 4 * len(UNCERTAIN_INPUTS)


def test_without_footprint_columns_the_footprint_input_is_left_out() -> None:
    result = sensitivity(frame_of([proposal("p", [KNOWN])]), settings(), load_matrix("default"))
    assert "footprint" not in set(result["input"])


def test_the_spread_comes_from_the_settings() -> None:
    result = sensitivity(_known_frame(), settings(sensitivity_spread=0.5), load_matrix("default"))
    assert result.set_index("input").loc["one_off_costs", "effect_npv"] == pytest.approx(1_000)


def test_an_unknown_uncertain_input_is_refused() -> None:
    with pytest.raises(ValueError, match="inconnue"):
        sensitivity(_known_frame(), settings(), load_matrix("default"), inputs=["météo"])
