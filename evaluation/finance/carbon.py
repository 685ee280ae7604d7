"""Carbon priced with the valeur de l'action pour le climat (data/carbon_value.yaml)."""

from __future__ import annotations

import numpy as np

from evaluation.finance.flows import year_numbers
from evaluation.finance.reference import carbon_trajectories
from evaluation.table.read import FloatArray, IntArray

KG_PER_TONNE = 1000.0


def carbon_value_eur_per_t(years: FloatArray, trajectory: str) -> FloatArray:
    """Carbon value (EUR/tCO2e) of each calendar year: linear between the trajectory's points, the
    first and last segments extended linearly outside them, never below zero."""
    points = sorted(carbon_trajectories()[trajectory].points.items())
    known_years = np.array([year for year, _ in points], dtype="float64")
    known_values = np.array([value for _, value in points], dtype="float64")
    at = np.asarray(years, dtype="float64")
    values = np.interp(at, known_years, known_values)
    before_slope = (known_values[1] - known_values[0]) / (known_years[1] - known_years[0])
    after_slope = (known_values[-1] - known_values[-2]) / (known_years[-1] - known_years[-2])
    values = np.where(at < known_years[0], known_values[0] + before_slope * (at - known_years[0]), values)
    values = np.where(at > known_years[-1], known_values[-1] + after_slope * (at - known_years[-1]), values)
    return np.asarray(np.maximum(values, 0.0), dtype="float64")


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
