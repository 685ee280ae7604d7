"""Carbon value interpolation, carbon cost beside the NPV, and comparisons with the non-AI baseline."""

from __future__ import annotations

import math

import numpy as np
import pytest
from finance_frames import frame_of, option, proposal, settings, simple_option, with_footprint

from evaluation.domain.settings import CarbonTrajectory
from evaluation.finance import add_finance, carbon_trajectories, carbon_value_eur_per_t, finance_record
from tests.support.rows import records_of


def test_quinet_2019_points_are_returned_as_published() -> None:
    values = carbon_value_eur_per_t(np.array([2018, 2030, 2040, 2050]), "quinet_2019")
    assert values.tolist() == pytest.approx([54, 250, 500, 775], rel=1e-12)


def test_quinet_2025_points_are_the_published_ones_in_2023_euros() -> None:
    # France Stratégie, 20 March 2025: 256 (2023), 300 (2030), 563 (2050), in 2023 euros
    trajectory = carbon_trajectories()["quinet_2025"]
    assert trajectory.currency_year == 2023
    values = carbon_value_eur_per_t(np.array([2023, 2030, 2050]), "quinet_2025")
    assert values.tolist() == pytest.approx([256, 300, 563], rel=1e-12)


def test_quinet_2025_grows_3_2_percent_a_year_from_2030_as_the_report_says() -> None:
    # the report: +3.2% a year from 300 in 2030; 300 x 1.032^20 = 563.3, the published 563 in 2050
    assert pytest.approx(563, abs=0.5) == 300 * 1.032**20
    values = carbon_value_eur_per_t(np.array([2031, 2040]), "quinet_2025")
    assert values[0] == pytest.approx(300 * 1.032, rel=2e-4)
    # (between the published points the rate is the one joining them: (563 / 300)^(1/20) - 1 = 3.197%)
    assert values[1] == pytest.approx(300 * 1.032**10, rel=5e-4)
    # beyond 2050 the report's rule goes on: 563 x 1.032^5 in 2055, not a straight line
    assert carbon_value_eur_per_t(np.array([2055]), "quinet_2025")[0] == pytest.approx(563 * 1.032**5, rel=1e-12)


def test_carbon_value_grows_at_a_constant_rate_between_points() -> None:
    # 2027: 256 x (300 / 256)^(4/7) = 281.77 (the rate joining 2023 and 2030: 2.29% a year)
    assert carbon_value_eur_per_t(np.array([2027]), "quinet_2025")[0] == pytest.approx(
        256 * (300 / 256) ** (4 / 7), rel=1e-12)


def test_quinet_2019_grows_4_5_percent_a_year_after_its_last_point() -> None:
    # Quinet 2019: +4.5% a year after 2040 (500 x 1.045^10 = 776.5, the published 775 in 2050)
    assert pytest.approx(775, abs=2) == 500 * 1.045**10
    assert carbon_value_eur_per_t(np.array([2055]), "quinet_2019")[0] == pytest.approx(775 * 1.045**5, rel=1e-12)


def test_carbon_value_before_the_first_point_is_the_first_point() -> None:
    values = carbon_value_eur_per_t(np.array([2016, 2000]), "quinet_2019")
    assert values.tolist() == pytest.approx([54, 54])


def test_quinet_2025_is_the_default_trajectory() -> None:
    from evaluation.exchange.settings_file import default_settings_data, settings_from_data

    defaults = settings_from_data(default_settings_data(), file="data/default_settings.yaml")
    assert defaults.carbon_trajectory is CarbonTrajectory.QUINET_2025


def test_every_settings_trajectory_has_data_with_a_source() -> None:
    trajectories = carbon_trajectories()
    assert set(trajectories) == {choice.value for choice in CarbonTrajectory}
    assert all(trajectory.source for trajectory in trajectories.values())


def test_carbon_cost_is_discounted_at_each_year_value_and_keeps_the_range() -> None:
    # 0.5 to 1.5 tCO2e/yr (mean 1 t), years 2030 and 2031 (start 2030, H = 2) at Quinet 2025's 300 and
    # 300 x (563 / 300)^(1/20) = 309.59 EUR/t, discounted at 10%: mean 300 / 1.1 + 309.59 / 1.21 = 528.59
    frame = with_footprint(frame_of([proposal("p", [simple_option(one_off=1_000, hours_per_week=1)], horizon=2)]),
                           gwp_kgco2eq=[(500, 1_500)])
    result = add_finance(frame, settings(start_year=2030, discount_rate=0.1)).iloc[0]
    mean = 300 / 1.1 + 300 * (563 / 300) ** (1 / 20) / 1.21
    assert mean == pytest.approx(528.59, abs=0.01)
    assert result["fin.carbon_cost_npv"] == pytest.approx(mean)
    assert result["fin.carbon_cost_npv.min"] == pytest.approx(0.5 * mean)
    assert result["fin.carbon_cost_npv.max"] == pytest.approx(1.5 * mean)
    assert result["fin.socio_npv"] == pytest.approx(result["fin.npv"] - mean)
    assert result["fin.socio_npv.min"] == pytest.approx(result["fin.npv"] - 1.5 * mean)
    assert result["fin.socio_npv.max"] == pytest.approx(result["fin.npv"] - 0.5 * mean)


def test_carbon_is_never_mixed_into_the_financial_npv() -> None:
    base = frame_of([proposal("p", [simple_option(one_off=1_000, hours_per_week=1)])])
    heavy = with_footprint(base, gwp_kgco2eq=[(1e6, 2e6)])
    assert add_finance(heavy, settings())["fin.npv"].iloc[0] == add_finance(base, settings())["fin.npv"].iloc[0]


def test_the_administrator_chooses_the_carbon_trajectory() -> None:
    frame = with_footprint(frame_of([proposal("p", [simple_option(annual=10)], horizon=1)]),
                           gwp_kgco2eq=[(1_000, 1_000)])
    at_2019 = add_finance(frame, settings(start_year=2030, discount_rate=0.0,
                                          carbon_trajectory=CarbonTrajectory.QUINET_2019))["fin.carbon_cost_npv"].iloc[0]
    at_2025 = add_finance(frame, settings(start_year=2030, discount_rate=0.0))["fin.carbon_cost_npv"].iloc[0]
    assert (at_2019, at_2025) == pytest.approx((250, 300))


def test_without_footprint_the_carbon_cost_is_unknown_not_zero() -> None:
    result = add_finance(frame_of([proposal("p", [simple_option(annual=10)])]), settings())
    assert math.isnan(result["fin.carbon_cost_npv"].iloc[0])
    assert math.isnan(result["fin.socio_npv"].iloc[0])


# Baseline: non-AI option (TCO 1,000 + 5 x 200 = 2,000; 10 users x 0.5 h x 40 weeks = 200 h/yr -> 8,000 EUR/yr)
# AI option (TCO 20,000 + 5 x 2,000 = 30,000; 10 users x 2 h x 40 weeks = 800 h/yr -> 32,000 EUR/yr)
BASELINE = simple_option("Modèles de courriers", "non_ai", one_off=1_000, annual=200, hours_per_week=0.5)
SECOND_NON_AI = simple_option("Procédure revue", "non_ai", one_off=5_000, annual=0, hours_per_week=1)
AI = simple_option("Assistant IA", one_off=20_000, annual=2_000, hours_per_week=2)


@pytest.fixture
def compared() -> dict[str, dict[str, object]]:
    frame = frame_of([proposal("p", [AI, BASELINE, SECOND_NON_AI])])
    frame = with_footprint(frame, gwp_kgco2eq=[(150, 250), (10, 30), (0, 0)], wcf_l=[(900, 1_100), (100, 100), (0, 0)])
    result = add_finance(frame, settings())
    return {row["option.name"]: row for row in records_of(result)}


def test_the_first_non_ai_option_is_the_baseline_even_after_ai_options(compared: dict[str, dict[str, object]]) -> None:
    assert compared["Assistant IA"]["fin.baseline"] == "Modèles de courriers"
    assert compared["Procédure revue"]["fin.baseline"] == "Modèles de courriers"
    assert compared["Modèles de courriers"]["fin.baseline"] is None


def test_deltas_are_the_differences_with_the_baseline(compared: dict[str, dict[str, object]]) -> None:
    ai = compared["Assistant IA"]
    assert ai["fin.delta_cost"] == pytest.approx(30_000 - 2_000)
    assert ai["fin.delta_benefit"] == pytest.approx(5 * (32_000 - 8_000))
    assert ai["fin.delta_npv"] == pytest.approx(ai["fin.npv"] - compared["Modèles de courriers"]["fin.npv"])
    assert ai["fin.delta_hours_per_year"] == pytest.approx(800 - 200)
    assert ai["fin.delta_gwp_kg"] == pytest.approx(200 - 20)  # means of the ranges
    assert ai["fin.delta_wcf_l"] == pytest.approx(1_000 - 100)


def test_cost_per_tonne_and_per_hour_gained(compared: dict[str, dict[str, object]]) -> None:
    ai = compared["Assistant IA"]
    # 28,000 EUR more for 180 kg x 5 years = 0.9 t more: 31,111 EUR per tonne
    assert ai["fin.cost_per_tco2e"] == pytest.approx(28_000 / 0.9)
    # 28,000 EUR more for 600 h x 5 years = 3,000 h more: 9.33 EUR per hour
    assert ai["fin.cost_per_hour_gained"] == pytest.approx(28_000 / 3_000)


def test_cost_per_tonne_is_negative_when_the_option_emits_less(compared: dict[str, dict[str, object]]) -> None:
    other = compared["Procédure revue"]  # costs 3,000 more, emits 20 kg/yr less
    assert other["fin.cost_per_tco2e"] == pytest.approx(3_000 / (-20 * 5 / 1_000))


def test_baseline_itself_has_no_deltas(compared: dict[str, dict[str, object]]) -> None:
    baseline = compared["Modèles de courriers"]
    for key in ("delta_cost", "delta_benefit", "delta_npv", "delta_gwp_kg", "delta_wcf_l", "cost_per_tco2e",
                "cost_per_hour_gained"):
        assert math.isnan(baseline[f"fin.{key}"])  # type: ignore[arg-type]
    assert finance_record(baseline)["baseline"] is None


def test_no_cost_per_hour_gained_when_the_option_gains_no_hour(compared: dict[str, dict[str, object]]) -> None:
    frame = frame_of([proposal("p", [BASELINE, simple_option("Lente", one_off=100, hours_per_week=0.1)])])
    assert math.isnan(add_finance(frame, settings())["fin.cost_per_hour_gained"].iloc[1])


def test_without_a_non_ai_option_there_is_no_comparison() -> None:
    result = add_finance(frame_of([proposal("p", [AI])]), settings()).iloc[0]
    assert result["fin.baseline"] is None
    assert math.isnan(result["fin.delta_cost"])


def test_each_proposal_is_compared_with_its_own_baseline() -> None:
    frame = frame_of([proposal("a", [BASELINE, AI]), proposal("b", [AI]),
                      proposal("c", [SECOND_NON_AI, AI])])
    result = add_finance(frame, settings())
    assert result["fin.baseline"].tolist() == [None, "Modèles de courriers", None, None, "Procédure revue"]
    assert result["fin.delta_cost"].iloc[4] == pytest.approx(30_000 - 5_000)


def test_finance_record_carries_the_comparison(compared: dict[str, dict[str, object]]) -> None:
    record = finance_record(compared["Assistant IA"])
    assert record["baseline"]["option"] == "Modèles de courriers"
    assert record["baseline"]["delta_cost"] == pytest.approx(28_000)
    assert record["carbon_cost_npv"]["min"] < record["carbon_cost_npv"]["max"]


def test_kinds_and_models_do_not_matter_to_the_baseline_choice() -> None:
    rules = option("Règles", "rules")
    result = add_finance(frame_of([proposal("p", [rules, BASELINE])]), settings())
    assert result["fin.baseline"].tolist() == [BASELINE["name"], None]
