"""The finance step of the engine: adds the `fin.*` columns (docs/engine-columns.md) to the options table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.finance.baseline import baseline_position, compared_with_baseline, difference_from_baseline
from evaluation.finance.carbon import KG_PER_TONNE, carbon_cost_npv_eur, discounted_carbon_value_per_kg
from evaluation.finance.flows import (
    discount_factors,
    internal_rate_of_return,
    payback_years,
    present_value,
    yearly_flows,
)
from evaluation.finance.quantities import (
    annual_benefit_eur,
    annual_cost_eur,
    horizon_years,
    hours_saved_per_year,
    one_off_cost_eur,
)
from evaluation.table.read import BoolArray, FloatArray, optional_number_column, range_mean

PREFIX = "fin."
GWP_MIN = "fp.annual.gwp_kgco2eq.min"
GWP_MAX = "fp.annual.gwp_kgco2eq.max"
WCF_MIN = "fp.annual.wcf_l.min"
WCF_MAX = "fp.annual.wcf_l.max"


def _ratio(numerator: FloatArray, denominator: FloatArray, valid: BoolArray) -> FloatArray:
    """numerator / denominator where `valid`, NaN elsewhere (never a division by zero)."""
    result = np.full(numerator.shape, np.nan)
    with np.errstate(over="ignore"):
        result[valid] = numerator[valid] / denominator[valid]
    return result


def net_flows_eur(frame: pd.DataFrame) -> FloatArray:
    """(n, Hmax+1) undiscounted net flows (EUR): -one-off costs in year 0, benefits - costs after."""
    horizon = horizon_years(frame)
    return yearly_flows(-one_off_cost_eur(frame), annual_benefit_eur(frame) - annual_cost_eur(frame), horizon)


def finance_columns(
    frame: pd.DataFrame, settings: Settings, *, group: pd.Series | None = None
) -> dict[str, FloatArray]:
    """Every `fin.*` column of the options table, computed on whole columns."""
    horizon = horizon_years(frame)
    years = horizon.astype("float64")
    one_off = one_off_cost_eur(frame)
    annual_cost = annual_cost_eur(frame)
    annual_benefit = annual_benefit_eur(frame)
    hours = hours_saved_per_year(frame)
    flows = yearly_flows(-one_off, annual_benefit - annual_cost, horizon)
    factors = discount_factors(settings.discount_rate, horizon)

    tco = one_off + annual_cost * years
    benefits = annual_benefit * years
    npv = present_value(flows, factors)

    gwp_min = optional_number_column(frame, GWP_MIN)
    gwp_max = optional_number_column(frame, GWP_MAX)
    gwp_mean = range_mean(gwp_min, gwp_max)
    value_per_kg = discounted_carbon_value_per_kg(
        factors, horizon, settings.start_year, settings.carbon_trajectory.value)
    carbon_min = carbon_cost_npv_eur(gwp_min, value_per_kg)
    carbon_max = carbon_cost_npv_eur(gwp_max, value_per_kg)
    carbon_mean = carbon_cost_npv_eur(gwp_mean, value_per_kg)
    wcf_mean = range_mean(optional_number_column(frame, WCF_MIN), optional_number_column(frame, WCF_MAX))

    position = baseline_position(frame, group)
    compared = compared_with_baseline(position)
    names = frame["option.name"].to_numpy(dtype=object)
    baseline_name = np.full(len(frame), None, dtype=object)
    baseline_name[compared] = names[position[compared]]
    delta_cost = difference_from_baseline(tco, position)
    delta_hours = difference_from_baseline(hours, position)
    delta_gwp = difference_from_baseline(gwp_mean, position)
    delta_tonnes_over_horizon = delta_gwp * years / KG_PER_TONNE

    with np.errstate(invalid="ignore"):
        return {
            "fin.one_off": one_off,
            "fin.annual_cost": annual_cost,
            "fin.annual_benefit": annual_benefit,
            "fin.hours_saved_per_year": hours,
            "fin.tco": tco,
            "fin.benefits": benefits,
            "fin.npv": npv,
            "fin.irr": internal_rate_of_return(flows),
            "fin.payback_years": payback_years(flows, horizon),
            "fin.roi": _ratio(benefits - tco, tco, tco > 0),
            "fin.cost_per_hour_saved": _ratio(tco, hours * years, hours > 0),
            "fin.discount_rate": np.full(len(frame), settings.discount_rate),
            "fin.carbon_cost_npv": carbon_mean,
            "fin.carbon_cost_npv.min": carbon_min,
            "fin.carbon_cost_npv.max": carbon_max,
            "fin.socio_npv": npv - carbon_mean,
            "fin.socio_npv.min": npv - carbon_max,
            "fin.socio_npv.max": npv - carbon_min,
            "fin.baseline": baseline_name,
            "fin.delta_cost": delta_cost,
            "fin.delta_benefit": difference_from_baseline(benefits, position),
            "fin.delta_npv": difference_from_baseline(npv, position),
            "fin.delta_hours_per_year": delta_hours,
            "fin.delta_gwp_kg": delta_gwp,
            "fin.delta_wcf_l": difference_from_baseline(wcf_mean, position),
            "fin.cost_per_tco2e": _ratio(delta_cost, delta_tonnes_over_horizon,
                                         np.isfinite(delta_tonnes_over_horizon) & (delta_tonnes_over_horizon != 0)),
            "fin.cost_per_hour_gained": _ratio(delta_cost, delta_hours * years, delta_hours > 0),
        }


def add_finance(frame: pd.DataFrame, settings: Settings, *, group: pd.Series | None = None) -> pd.DataFrame:
    """The options table with its `fin.*` columns (replacing any already there)."""
    columns = finance_columns(frame, settings, group=group)
    kept = frame.drop(columns=[column for column in frame.columns if column.startswith(PREFIX)])
    added = pd.DataFrame(columns, index=frame.index)
    added["fin.baseline"] = pd.Series(columns["fin.baseline"], index=frame.index, dtype=object)
    return pd.concat([kept, added], axis=1)
