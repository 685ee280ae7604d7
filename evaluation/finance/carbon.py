"""Carbon priced with the valeur de l'action pour le climat (data/carbon_value.yaml)."""

from __future__ import annotations

import numpy as np

from evaluation.finance.flows import year_numbers
from evaluation.finance.reference import carbon_trajectories
from evaluation.table.read import FloatArray, IntArray

KG_PER_TONNE = 1000.0


def carbon_value_eur_per_t(years: FloatArray, trajectory: str) -> FloatArray:
    """Carbon value (EUR/tCO2e) of each calendar year, as data/carbon_value.yaml describes it: at a
    constant annual growth rate between two published points, growing at the trajectory's own rate
    after the last point, the first point's value before it."""
    data = carbon_trajectories()[trajectory]
    points = sorted(data.points.items())
    known_years = np.array([year for year, _ in points], dtype="float64")
    known_values = np.array([value for _, value in points], dtype="float64")
    at = np.asarray(years, dtype="float64")
    # segment k joins points k and k + 1; a year on a point takes that point's value exactly
    segment = np.clip(np.searchsorted(known_years, at, side="right") - 1, 0, len(points) - 2)
    start, end = known_years[segment], known_years[segment + 1]
    low, high = known_values[segment], known_values[segment + 1]
    between = low * (high / low) ** ((at - start) / (end - start))
    after = known_values[-1] * (1.0 + data.growth_after_last_point) ** (at - known_years[-1])
    values = np.where(at >= known_years[-1], after, np.where(at <= known_years[0], known_values[0], between))
    return np.asarray(values, dtype="float64")


def carbon_values_by_year(first_year: int, years: int, trajectory: str) -> dict[str, float]:
    """{calendar year: EUR/tCO2e} of `years` calendar years from `first_year` (format.md's
    finance.carbon_values.eur_per_t)."""
    calendar = np.arange(first_year, first_year + max(years, 0), dtype="float64")
    values = carbon_value_eur_per_t(calendar, trajectory)
    return {str(int(year)): float(value) for year, value in zip(calendar, values, strict=True)}


def project_year_carbon_values(horizon: IntArray, start_year: int, trajectory: str) -> FloatArray:
    """Carbon value (EUR/tCO2e) of project years t = 0..Hmax, year t being start_year + t - 1."""
    years = year_numbers(horizon)
    return carbon_value_eur_per_t((start_year + years - 1).astype("float64"), trajectory)


def discounted_carbon_value_per_kg(
    factors: FloatArray, horizon: IntArray, start_year: int, trajectory: str
) -> FloatArray:
    """Present value (EUR) of one kgCO2e emitted in every year t = 1..H of each option's horizon."""
    values = project_year_carbon_values(horizon, start_year, trajectory)
    values[0] = 0.0  # annual impacts start in year 1
    return np.asarray(factors @ values, dtype="float64") / KG_PER_TONNE


def carbon_cost_npv_eur(annual_gwp_kg: FloatArray, value_per_kg: FloatArray) -> FloatArray:
    """Present value (EUR) of an option's annual emissions (kgCO2e/yr) over its horizon."""
    return annual_gwp_kg * value_per_kg
