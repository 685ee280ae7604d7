"""Every finance figure against a hand computation (the arithmetic is written in each test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from finance_frames import frame_of, option, proposal, settings, simple_option, with_footprint

from evaluation.finance import add_finance, cash_flows, finance_record
from tests.support.rows import records_of, row_of

# One option computed by hand, used by several tests:
#   one-off  = development 10,000 + internal set-up 50 h x 40 EUR/h            = 12,000 EUR (year 0)
#   annual   = licences 1,000 + support 25 h x 40 EUR/h                        =  2,000 EUR/yr
#   hours    = 10 users x 0.5 adoption x 2 h/week x (200 days / 5 = 40 weeks) =    400 h/yr
#   benefit  = 400 h x 40 EUR/h + other savings 1,000                          = 17,000 EUR/yr
#   net      = 17,000 - 2,000                                                  = 15,000 EUR/yr, years 1..3
HAND = option(
    "Assistant", "genai_api",
    costs={"one_off": {"development": 10_000, "internal_hours": 50},
           "annual": {"licences": 1_000, "support_hours": 25}},
    benefits={"hours_saved_per_user_per_week": 2, "adoption_rate": 0.5, "hourly_cost": 40,
              "other_annual_savings": 1_000},
    usage={"users": 10, "days_per_year": 200},
)


@pytest.fixture
def hand_row() -> dict[str, object]:
    frame = add_finance(frame_of([proposal("hand", [HAND], horizon=3)]), settings(discount_rate=0.05))
    return row_of(frame.iloc[0])


def test_one_off_cost_counts_internal_set_up_time_at_the_hourly_cost(hand_row: dict[str, object]) -> None:
    assert hand_row["fin.one_off"] == pytest.approx(12_000)


def test_annual_cost_counts_internal_support_time_at_the_hourly_cost(hand_row: dict[str, object]) -> None:
    assert hand_row["fin.annual_cost"] == pytest.approx(2_000)


def test_hours_saved_use_working_weeks_of_five_days(hand_row: dict[str, object]) -> None:
    assert hand_row["fin.hours_saved_per_year"] == pytest.approx(400)


def test_annual_benefit_is_hours_times_hourly_cost_plus_other_savings(hand_row: dict[str, object]) -> None:
    assert hand_row["fin.annual_benefit"] == pytest.approx(17_000)


def test_tco_and_benefits_cover_the_horizon(hand_row: dict[str, object]) -> None:
    # TCO = 12,000 + 3 x 2,000 = 18,000; benefits = 3 x 17,000 = 51,000
    assert hand_row["fin.tco"] == pytest.approx(18_000)
    assert hand_row["fin.benefits"] == pytest.approx(51_000)


def test_npv_discounts_each_year_at_the_settings_rate(hand_row: dict[str, object]) -> None:
    # 1/1.05 + 1/1.05^2 + 1/1.05^3 = 0.952381 + 0.907029 + 0.863838 = 2.723248
    # NPV = -12,000 + 15,000 x 2.723248 = 28,848.72
    assert hand_row["fin.npv"] == pytest.approx(-12_000 + 15_000 * 2.7232480293, rel=1e-9)
    assert hand_row["fin.npv"] == pytest.approx(28_848.72, abs=0.01)
    assert hand_row["fin.discount_rate"] == 0.05


def test_irr_sets_the_npv_to_zero(hand_row: dict[str, object]) -> None:
    # -12,000 + 15,000 x (x + x^2 + x^3) = 0 with x = 1/(1+r): x + x^2 + x^3 = 0.8
    irr = float(hand_row["fin.irr"])  # type: ignore[arg-type]
    x = 1 / (1 + irr)
    assert x + x**2 + x**3 == pytest.approx(0.8, rel=1e-10)
    assert irr == pytest.approx(1 / 0.472024 - 1, abs=1e-5)  # real root x = 0.472024 of x^3 + x^2 + x - 0.8


def test_roi_is_net_gain_over_total_cost(hand_row: dict[str, object]) -> None:
    # (51,000 - 18,000) / 18,000 = 1.8333
    assert hand_row["fin.roi"] == pytest.approx(33_000 / 18_000)


def test_payback_is_interpolated_within_the_first_year(hand_row: dict[str, object]) -> None:
    # cumulative: -12,000 at t=0, +3,000 at t=1: back to zero after 12,000 / 15,000 = 0.8 year
    assert hand_row["fin.payback_years"] == pytest.approx(0.8)


def test_cost_per_hour_saved_is_tco_over_hours_of_the_horizon(hand_row: dict[str, object]) -> None:
    # 18,000 EUR / (400 h x 3 years) = 15 EUR/h
    assert hand_row["fin.cost_per_hour_saved"] == pytest.approx(15.0)


def test_default_discount_rate_is_france_strategie_3_2_percent() -> None:
    frame = add_finance(frame_of([proposal("p", [simple_option(one_off=1000, annual=0, hours_per_week=1)])]),
                        settings())
    assert frame["fin.discount_rate"].iloc[0] == 0.032


def test_payback_is_interpolated_in_a_later_year() -> None:
    # one-off 10,000, net 4,000/yr (benefit 10 users x 1 h x 40 weeks x 10 EUR = 4,000):
    # cumulative -10,000, -6,000, -2,000, +2,000 -> 2 + 2,000 / 4,000 = 2.5 years
    frame = frame_of([proposal("p", [simple_option(one_off=10_000, hours_per_week=1, hourly_cost=10)])])
    assert add_finance(frame, settings())["fin.payback_years"].iloc[0] == pytest.approx(2.5)


def test_no_payback_when_the_horizon_is_too_short() -> None:
    # one-off 10,000, net 1,000/yr over 5 years: cumulative -5,000 at the horizon
    frame = frame_of([proposal("p", [simple_option(one_off=10_000, hours_per_week=0.25, hourly_cost=10)])])
    result = add_finance(frame, settings())
    assert math.isnan(result["fin.payback_years"].iloc[0])
    assert finance_record(row_of(result.iloc[0]))["payback_years"] is None


def test_payback_is_immediate_without_one_off_costs() -> None:
    frame = frame_of([proposal("p", [simple_option(hours_per_week=1)])])
    assert add_finance(frame, settings())["fin.payback_years"].iloc[0] == 0.0


def test_no_irr_when_flows_never_change_sign() -> None:
    frame = frame_of([proposal("p", [
        simple_option("gain only", hours_per_week=1),  # no one-off cost: every flow positive
        simple_option("cost only", one_off=5_000, annual=1_000),  # no benefit: every flow negative
    ])])
    result = add_finance(frame, settings())
    assert result["fin.irr"].isna().all()
    assert finance_record(row_of(result.iloc[0]))["irr"] is None


def test_negative_irr_when_the_project_loses_money() -> None:
    # -10,000 then 3 x 3,000: x + x^2 + x^3 = 10/3 has a root x > 1, so r < 0
    frame = frame_of([proposal("p", [simple_option(one_off=10_000, hours_per_week=0.75, hourly_cost=10)],
                               horizon=3)])
    irr = add_finance(frame, settings())["fin.irr"].iloc[0]
    x = 1 / (1 + irr)
    assert irr < 0
    assert x + x**2 + x**3 == pytest.approx(10 / 3)


def test_roi_and_cost_per_hour_are_none_without_cost_or_hours() -> None:
    frame = frame_of([proposal("p", [simple_option(other_savings=500)])])
    result = add_finance(frame, settings())
    assert math.isnan(result["fin.roi"].iloc[0])
    assert math.isnan(result["fin.cost_per_hour_saved"].iloc[0])


def test_each_option_is_discounted_over_its_own_horizon() -> None:
    # net 4,000/yr after a one-off 10,000, over 2 then 4 years at 3.2%
    opt = simple_option(one_off=10_000, hours_per_week=1, hourly_cost=10)
    result = add_finance(frame_of([proposal("short", [opt], horizon=2), proposal("long", [opt], horizon=4)]),
                         settings())
    expected = [-10_000 + sum(4_000 / 1.032**t for t in range(1, h + 1)) for h in (2, 4)]
    assert result["fin.npv"].tolist() == pytest.approx(expected)
    assert result["fin.tco"].tolist() == [10_000, 10_000]


def test_horizon_defaults_to_the_settings() -> None:
    frame = frame_of([proposal("p", [simple_option(annual=1_000)], horizon=None)], settings(horizon_years=7))
    assert add_finance(frame, settings(horizon_years=7))["fin.tco"].iloc[0] == 7_000


def test_staff_category_gives_the_hourly_cost_when_none_is_stated() -> None:
    # category A: 43 EUR/h in the default settings; 10 users x 1 h x 40 weeks = 400 h -> 17,200 EUR/yr
    opt = option("A", "rules", benefits={"hours_saved_per_user_per_week": 1, "staff_category": "A"},
                 usage={"users": 10, "days_per_year": 200})
    result = add_finance(frame_of([proposal("p", [opt])]), settings())
    assert result["fin.annual_benefit"].iloc[0] == pytest.approx(400 * 43)


def test_cash_flows_give_each_year_and_add_up_to_the_npv(hand_row: dict[str, object]) -> None:
    flows = cash_flows(hand_row, settings(discount_rate=0.05, start_year=2030))
    assert [flow.year for flow in flows] == [0, 1, 2, 3]
    assert [flow.calendar_year for flow in flows] == [2029, 2030, 2031, 2032]
    assert [flow.costs for flow in flows] == pytest.approx([12_000, 2_000, 2_000, 2_000])
    assert [flow.benefits for flow in flows] == pytest.approx([0, 17_000, 17_000, 17_000])
    assert [flow.cumulative for flow in flows] == pytest.approx([-12_000, 3_000, 18_000, 33_000])
    assert flows[2].discounted == pytest.approx(15_000 / 1.05**2)
    assert flows[-1].cumulative_discounted == pytest.approx(hand_row["fin.npv"])
    assert flows[0].carbon_value_eur_per_t is None
    assert flows[1].carbon_value_eur_per_t == pytest.approx(300)  # Quinet 2025 (the default), 2030
    assert flows[1].carbon_cost_min is None  # no footprint in this row


def test_cash_flows_price_each_year_of_emissions() -> None:
    frame = with_footprint(frame_of([proposal("p", [simple_option(annual=100)], horizon=2)]),
                           gwp_kgco2eq=[(1_000, 3_000)])
    flows = cash_flows(row_of(frame.iloc[0]), settings(start_year=2030))
    # 1 to 3 t in 2031 at Quinet 2025's 300 x (563 / 300)^(1/20) = 309.59 EUR/t
    assert flows[2].carbon_cost_min == pytest.approx(300 * (563 / 300) ** (1 / 20))
    assert flows[2].carbon_cost_min == pytest.approx(309.59, abs=0.01)
    assert flows[2].carbon_cost_max == pytest.approx(3 * 300 * (563 / 300) ** (1 / 20))


def test_finance_record_has_format_keys_and_extras(hand_row: dict[str, object]) -> None:
    record = finance_record(hand_row)
    for key in ("tco", "benefits", "npv", "irr", "payback_years", "roi", "discount_rate",
                "cost_per_hour_saved", "socio_npv", "carbon_cost_npv", "baseline"):
        assert key in record
    assert set(record["carbon_cost_npv"]) == {"min", "max", "mean"}
    assert record["carbon_cost_npv"]["min"] is None  # no footprint columns
    assert record["baseline"] is None
    assert record["tco"] == pytest.approx(18_000)


def test_finance_works_on_rows_as_plain_dicts_from_to_dict_records(hand_row: dict[str, object]) -> None:
    frame = add_finance(frame_of([proposal("hand", [HAND], horizon=3)]), settings(discount_rate=0.05))
    records = records_of(frame)
    assert finance_record(records[0]) == finance_record(hand_row)


def test_add_finance_replaces_its_own_columns_and_keeps_the_others() -> None:
    frame = frame_of([proposal("p", [simple_option(one_off=1_000, hours_per_week=1)])])
    once = add_finance(frame, settings())
    twice = add_finance(once, settings(discount_rate=0.1))
    assert list(twice.columns) == list(once.columns)
    assert twice["fin.npv"].iloc[0] < once["fin.npv"].iloc[0]
    assert np.array_equal(twice["option.name"], frame["option.name"])
