"""Cash-flow arithmetic on whole portfolios: one row per option, one column per year t = 0..Hmax.

Years beyond an option's own horizon hold zero flows and zero discount factors, so options with
different horizons share one matrix and every figure is a row-wise numpy reduction.
"""

from __future__ import annotations

import numpy as np

from evaluation.table.read import BoolArray, FloatArray, IntArray

IRR_TOLERANCE = 1e-13
IRR_MAX_ITERATIONS = 200
_MAX_BRACKET_DOUBLINGS = 64


def year_numbers(horizon: IntArray) -> IntArray:
    """Years 0..Hmax of a portfolio (int64), Hmax the longest horizon."""
    longest = int(horizon.max()) if horizon.size else 0
    return np.arange(longest + 1, dtype="int64")


def within_horizon(horizon: IntArray) -> BoolArray:
    """(n, Hmax+1) booleans: year t is inside option i's horizon (t <= H_i)."""
    return year_numbers(horizon)[None, :] <= horizon[:, None]


def discount_factors(rate: float | FloatArray, horizon: IntArray) -> FloatArray:
    """(n, Hmax+1) discount factors (1 + r)^-t, zero beyond each option's horizon.

    `rate` is one rate for every option or one per option (a fraction: 0.032 for 3.2%).
    """
    years = year_numbers(horizon)
    rates = np.broadcast_to(np.asarray(rate, dtype="float64"), horizon.shape)[:, None]
    factors = (1.0 + rates) ** (-years[None, :].astype("float64"))
    return np.where(within_horizon(horizon), factors, 0.0)


def yearly_flows(at_start: FloatArray, per_year: FloatArray, horizon: IntArray) -> FloatArray:
    """(n, Hmax+1) flows: `at_start` in year 0, `per_year` in years 1..H, zero beyond the horizon."""
    years = year_numbers(horizon)
    flows = np.where(years[None, :] == 0, at_start[:, None], per_year[:, None])
    return np.where(within_horizon(horizon), flows, 0.0)


def present_value(flows: FloatArray, factors: FloatArray) -> FloatArray:
    """Discounted sum of each row's flows (same unit as the flows)."""
    return np.asarray((flows * factors).sum(axis=1), dtype="float64")


def _first_and_last_sign(flows: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
    signs = np.sign(flows)
    nonzero = signs != 0
    rows = np.arange(flows.shape[0])
    last_column = flows.shape[1] - 1
    first = signs[rows, nonzero.argmax(axis=1)]
    last = signs[rows, last_column - nonzero[:, ::-1].argmax(axis=1)]
    return first, last, nonzero.any(axis=1)


def _polynomial(coefficients: FloatArray, x: FloatArray, years: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Value and derivative of sum_t c_t x^t, row-wise."""
    powers = x[:, None] ** years[None, :]
    value = (coefficients * powers).sum(axis=1)
    derivative = (coefficients[:, 1:] * years[None, 1:] * powers[:, :-1]).sum(axis=1)
    return value, derivative


def internal_rate_of_return(net_flows: FloatArray) -> FloatArray:
    """The rate r at which the NPV of each row's net flows is zero (a fraction), NaN when there is none.

    A rate is given when the first and last non-zero flows have opposite signs (the flows change
    sign, so a root exists); rows whose flows never change sign get NaN. Solved on all rows at once
    in x = 1 / (1 + r), where the NPV is a polynomial, by Newton's method kept inside a bracket that
    shrinks by bisection whenever a Newton step leaves it.
    """
    flows = np.asarray(net_flows, dtype="float64")
    result = np.full(flows.shape[0], np.nan)
    first, last, any_flow = _first_and_last_sign(flows)
    solvable = np.flatnonzero(any_flow & (first * last < 0))
    if solvable.size == 0:
        return result
    years = np.arange(flows.shape[1], dtype="float64")
    # oriented so that the polynomial is negative near x = 0 (r -> inf) and positive for large x
    coefficients = flows[solvable] * (-first[solvable])[:, None]
    low = np.zeros(solvable.size)
    high = np.ones(solvable.size)
    for _ in range(_MAX_BRACKET_DOUBLINGS):
        value, _derivative = _polynomial(coefficients, high, years)
        short = value <= 0
        if not short.any():
            break
        high = np.where(short, high * 2.0, high)
    bracketed = _polynomial(coefficients, high, years)[0] > 0
    x = np.minimum(1.0 / 1.1, (low + high) / 2.0)
    active = np.flatnonzero(bracketed)
    for _ in range(IRR_MAX_ITERATIONS):
        if active.size == 0:
            break
        xa, lo, hi = x[active], low[active], high[active]
        value, derivative = _polynomial(coefficients[active], xa, years)
        lo = np.where(value < 0, xa, lo)
        hi = np.where(value > 0, xa, hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = xa - value / derivative
        outside = ~np.isfinite(newton) | (newton <= lo) | (newton >= hi)
        step = np.where(outside, (lo + hi) / 2.0, newton)
        step = np.where(value == 0, xa, step)
        converged = np.abs(step - xa) <= IRR_TOLERANCE * xa
        x[active], low[active], high[active] = step, lo, hi
        active = active[~converged]
    rates = 1.0 / x - 1.0
    result[solvable[bracketed]] = rates[bracketed]
    return result


def payback_years(net_flows: FloatArray, horizon: IntArray) -> FloatArray:
    """Years until the cumulative undiscounted net flow is back to zero for good, interpolated within
    the year (flows spread evenly over each year); NaN when it is still negative at the horizon or
    when there is no flow at all, 0 when it is never negative.
    """
    flows = np.asarray(net_flows, dtype="float64")
    count, columns = flows.shape
    result = np.full(count, np.nan)
    cumulative = np.cumsum(flows, axis=1)
    negative = (cumulative < 0) & within_horizon(horizon)
    ever_negative = negative.any(axis=1)
    last_negative = columns - 1 - negative[:, ::-1].argmax(axis=1)
    some_flow = (flows != 0).any(axis=1)
    result[~ever_negative & some_flow] = 0.0
    recovered = np.flatnonzero(ever_negative & (last_negative < horizon))
    year = last_negative[recovered]
    shortfall = -cumulative[recovered, year]
    result[recovered] = year + shortfall / flows[recovered, year + 1]
    return result
