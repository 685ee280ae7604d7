"""NPV and IRR against numpy_financial, and properties that must hold for any project."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from finance_frames import frame_of, proposal, settings, simple_option, with_footprint
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from evaluation.finance import add_finance
from evaluation.finance.flows import (
    discount_factors,
    internal_rate_of_return,
    payback_years,
    present_value,
    yearly_flows,
)

_TWO_OPTIONS = frame_of([proposal("p", [simple_option("base"), simple_option("more")])])


def _random_portfolio(count: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    generator = np.random.default_rng(seed)
    one_off = generator.uniform(0, 200_000, count)
    net = generator.uniform(-20_000, 80_000, count)
    horizon = generator.integers(1, 16, count)
    return one_off, net, horizon


def test_npv_matches_numpy_financial_on_a_random_portfolio() -> None:
    one_off, net, horizon = _random_portfolio(300, seed=1)
    flows = yearly_flows(-one_off, net, horizon)
    ours = present_value(flows, discount_factors(0.032, horizon))
    theirs = [npf.npv(0.032, [-one_off[i]] + [net[i]] * int(horizon[i])) for i in range(len(horizon))]
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-6)


def test_irr_matches_numpy_financial_where_it_exists() -> None:
    one_off, net, horizon = _random_portfolio(300, seed=2)
    ours = internal_rate_of_return(yearly_flows(-one_off, net, horizon))
    compared = 0
    for i in range(len(horizon)):
        theirs = npf.irr([-one_off[i]] + [net[i]] * int(horizon[i]))
        if net[i] <= 0:
            assert math.isnan(ours[i])  # no sign change: no IRR
            continue
        assert ours[i] == pytest.approx(theirs, rel=1e-8, abs=1e-10)
        compared += 1
    assert compared > 200


def test_irr_of_irregular_flows_matches_numpy_financial() -> None:
    flows = np.array([[-1000.0, 200, 300, 400, 500, 0], [-500.0, -500, 400, 400, 400, 400]])
    ours = internal_rate_of_return(flows)
    assert ours[0] == pytest.approx(npf.irr(flows[0]), rel=1e-9)
    assert ours[1] == pytest.approx(npf.irr(flows[1]), rel=1e-9)


def test_irr_of_a_very_profitable_project_is_found() -> None:
    # -1 then 1,000,000 once: r = 999,999
    ours = internal_rate_of_return(np.array([[-1.0, 1_000_000.0]]))
    assert ours[0] == pytest.approx(999_999, rel=1e-9)


def test_payback_of_irregular_flows_waits_until_the_cumulative_stays_positive() -> None:
    # cumulative -100, -50, +10, -20, +40: back for good during year 4, 3 + 20 / 60
    flows = np.array([[-100.0, 50, 60, -30, 60]])
    assert payback_years(flows, np.array([4]))[0] == pytest.approx(3 + 20 / 60)


@hypothesis_settings(max_examples=80, deadline=None)
@given(
    one_off=st.floats(0, 1e6), annual=st.floats(0, 1e5), hours=st.floats(0, 40), extra_hours=st.floats(0.01, 20),
    extra_savings=st.floats(0, 1e5), horizon=st.integers(1, 15), rate=st.floats(0, 0.2),
)
def test_more_benefit_never_lowers_the_npv(one_off: float, annual: float, hours: float, extra_hours: float,
                                            extra_savings: float, horizon: int, rate: float) -> None:
    frame = _TWO_OPTIONS.copy()
    frame["option.costs.one_off.development"] = one_off
    frame["option.costs.annual.maintenance"] = annual
    frame["option.benefits.hours_saved_per_user_per_week"] = [hours, hours + extra_hours]
    frame["option.benefits.other_annual_savings"] = [0.0, extra_savings]
    frame["horizon"] = horizon
    npv = add_finance(frame, settings(discount_rate=rate))["fin.npv"]
    assert npv.iloc[1] >= npv.iloc[0] - 1e-9 * max(1.0, abs(npv.iloc[0]))


@hypothesis_settings(max_examples=100, deadline=None)
@given(
    one_off=st.floats(0, 1e6), net=st.floats(0, 1e6), horizon=st.integers(1, 30),
    low=st.floats(0, 0.5), step=st.floats(0, 0.5),
)
def test_a_higher_discount_rate_never_raises_the_npv_when_costs_come_first(
    one_off: float, net: float, horizon: int, low: float, step: float
) -> None:
    flows = yearly_flows(np.array([-one_off]), np.array([net]), np.array([horizon]))
    at_low = present_value(flows, discount_factors(low, np.array([horizon])))[0]
    at_high = present_value(flows, discount_factors(low + step, np.array([horizon])))[0]
    assert at_high <= at_low + 1e-9 * max(1.0, abs(at_low))


@hypothesis_settings(max_examples=100, deadline=None)
@given(one_off=st.floats(1, 1e6), net=st.floats(1, 1e6), horizon=st.integers(1, 30))
def test_the_npv_at_the_irr_is_zero(one_off: float, net: float, horizon: int) -> None:
    flows = yearly_flows(np.array([-one_off]), np.array([net]), np.array([horizon]))
    irr = internal_rate_of_return(flows)[0]
    npv = present_value(flows, discount_factors(irr, np.array([horizon])))[0]
    assert npv == pytest.approx(0, abs=1e-6 * max(one_off, net))


def test_a_large_portfolio_gives_each_proposal_its_own_baseline() -> None:
    one = frame_of([proposal("p", [simple_option("sans IA", "non_ai", one_off=500, hours_per_week=0.5),
                                   simple_option(one_off=20_000, annual=3_000, hours_per_week=2)])])
    frame = one.iloc[np.tile(np.arange(2), 50_000)].reset_index(drop=True)
    frame["id"] = np.repeat(np.arange(50_000), 2).astype(str)
    result = add_finance(frame, settings())
    assert len(result) == 100_000
    assert result["fin.delta_npv"].notna().sum() == 50_000
    assert result["fin.delta_npv"].nunique() == 1  # speed is measured by `python -m evaluation bench`


def _split_option(i: int, generator: np.random.Generator) -> dict[str, object]:
    """An option with cash and agents' time on both sides, to split the NPV (MAREVA 2)."""
    return {
        "name": f"o{i}", "kind": "ml",
        "usage": {"users": int(generator.integers(1, 200)), "days_per_year": 200},
        "costs": {"one_off": {"development": float(generator.uniform(0, 50_000)),
                              "internal_hours": float(generator.uniform(0, 300)),
                              "training_hours_per_user": float(generator.uniform(0, 10))},
                  "annual": {"licences": float(generator.uniform(0, 20_000)),
                             "support_hours": float(generator.uniform(0, 100))}},
        "benefits": {"hours_saved_per_user_per_week": float(generator.uniform(0, 2)), "adoption_rate": 0.8,
                     "hourly_cost": 40.0, "other_annual_savings": float(generator.uniform(0, 10_000))},
    }


def test_budget_and_socio_economic_npv_match_numpy_financial() -> None:
    generator = np.random.default_rng(7)
    options = [_split_option(i, generator) for i in range(20)]
    config = settings(discount_rate=0.032, start_year=2030)
    frame = add_finance(with_footprint(frame_of([proposal("p", options, horizon=6)]),
                                       gwp_kgco2eq=[(1_000, 1_000)] * len(options)), config)
    # 1 tCO2e a year in 2030..2035 at Quinet 2025's 300 x (563 / 300)^(k/20), discounted (no carbon in year 0)
    carbon = npf.npv(0.032, [0.0] + [300 * (563 / 300) ** (k / 20) for k in range(6)])
    for row, data in zip(frame.to_dict("records"), options, strict=True):
        costs, benefits, users = data["costs"], data["benefits"], data["usage"]["users"]  # type: ignore[index]
        one_off, annual = costs["one_off"], costs["annual"]  # type: ignore[index]
        cash = ([-one_off["development"]]
                + [benefits["other_annual_savings"] - annual["licences"]] * 6)  # type: ignore[index]
        hours_saved = users * 0.8 * benefits["hours_saved_per_user_per_week"] * 200 / 5  # type: ignore[index]
        time = ([-(one_off["internal_hours"] + users * one_off["training_hours_per_user"]) * 40.0]
                + [(hours_saved - annual["support_hours"]) * 40.0] * 6)
        assert row["fin.budget_npv"] == pytest.approx(npf.npv(0.032, cash), rel=1e-12, abs=1e-6)
        both = [c + t for c, t in zip(cash, time, strict=True)]
        assert row["fin.npv"] == pytest.approx(npf.npv(0.032, both), rel=1e-12, abs=1e-6)
        assert row["fin.socio_npv"] == pytest.approx(npf.npv(0.032, both) - carbon, rel=1e-12, abs=1e-6)
        assert row["fin.training_time"] == pytest.approx(users * one_off["training_hours_per_user"] * 40.0)
