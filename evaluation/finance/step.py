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
    annual_cash_saving_eur,
    annual_cost_eur,
    annual_money_eur,
    horizon_years,
    hours_saved_per_year,
    one_off_cost_eur,
    one_off_money_eur,
    training_time_eur,
)
from evaluation.table.columns import (
    FIN_ANNUAL_BENEFIT,
    FIN_ANNUAL_COST,
    FIN_BASELINE,
    FIN_BENEFITS,
    FIN_BUDGET_NPV,
    FIN_CARBON_COST_NPV,
    FIN_CARBON_COST_NPV_MAX,
    FIN_CARBON_COST_NPV_MIN,
    FIN_CARBON_TRAJECTORY,
    FIN_COST_PER_HOUR_GAINED,
    FIN_COST_PER_HOUR_SAVED,
    FIN_COST_PER_TCO2E,
    FIN_DELTA_BENEFIT,
    FIN_DELTA_COST,
    FIN_DELTA_GWP_KG,
    FIN_DELTA_HOURS_PER_YEAR,
    FIN_DELTA_NPV,
    FIN_DELTA_WCF_L,
    FIN_DISCOUNT_RATE,
    FIN_FIRST_YEAR,
    FIN_HOURS_SAVED_PER_YEAR,
    FIN_IRR,
    FIN_NPV,
    FIN_ONE_OFF,
    FIN_PAYBACK_YEARS,
    FIN_ROI,
    FIN_SOCIO_NPV,
    FIN_SOCIO_NPV_MAX,
    FIN_SOCIO_NPV_MIN,
    FIN_TCO,
    FIN_TRAINING_TIME,
    FINANCE,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    FP_ANNUAL_WCF_MAX,
    FP_ANNUAL_WCF_MIN,
    OPTION_NAME,
)
from evaluation.table.read import BoolArray, FloatArray, optional_number_column, range_mean


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


def budget_flows_eur(frame: pd.DataFrame) -> FloatArray:
    """(n, Hmax+1) undiscounted cash flows (EUR): -cash paid in year 0, cash saved - cash paid after."""
    return yearly_flows(-one_off_money_eur(frame), annual_cash_saving_eur(frame) - annual_money_eur(frame),
                        horizon_years(frame))


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
    budget_npv = present_value(budget_flows_eur(frame), factors)

    gwp_min = optional_number_column(frame, FP_ANNUAL_GWP_MIN)
    gwp_max = optional_number_column(frame, FP_ANNUAL_GWP_MAX)
    gwp_mean = range_mean(gwp_min, gwp_max)
    value_per_kg = discounted_carbon_value_per_kg(
        factors, horizon, settings.start_year, settings.carbon_trajectory.value)
    carbon_min = carbon_cost_npv_eur(gwp_min, value_per_kg)
    carbon_max = carbon_cost_npv_eur(gwp_max, value_per_kg)
    carbon_mean = carbon_cost_npv_eur(gwp_mean, value_per_kg)
    wcf_mean = range_mean(optional_number_column(frame, FP_ANNUAL_WCF_MIN),
                          optional_number_column(frame, FP_ANNUAL_WCF_MAX))

    position = baseline_position(frame, group)
    compared = compared_with_baseline(position)
    names = frame[OPTION_NAME].to_numpy(dtype=object)
    baseline_name = np.full(len(frame), None, dtype=object)
    baseline_name[compared] = names[position[compared]]
    delta_cost = difference_from_baseline(tco, position)
    delta_hours = difference_from_baseline(hours, position)
    delta_gwp = difference_from_baseline(gwp_mean, position)
    delta_tonnes_over_horizon = delta_gwp * years / KG_PER_TONNE

    with np.errstate(invalid="ignore"):
        return {
            FIN_ONE_OFF: one_off,
            FIN_ANNUAL_COST: annual_cost,
            FIN_ANNUAL_BENEFIT: annual_benefit,
            FIN_HOURS_SAVED_PER_YEAR: hours,
            FIN_TCO: tco,
            FIN_BENEFITS: benefits,
            FIN_NPV: npv,
            FIN_BUDGET_NPV: budget_npv,
            FIN_TRAINING_TIME: training_time_eur(frame),
            FIN_CARBON_TRAJECTORY: np.full(len(frame), settings.carbon_trajectory.value, dtype=object),
            FIN_FIRST_YEAR: np.full(len(frame), settings.start_year, dtype="int64"),
            FIN_IRR: internal_rate_of_return(flows),
            FIN_PAYBACK_YEARS: payback_years(flows, horizon),
            FIN_ROI: _ratio(benefits - tco, tco, tco > 0),
            FIN_COST_PER_HOUR_SAVED: _ratio(tco, hours * years, hours > 0),
            FIN_DISCOUNT_RATE: np.full(len(frame), settings.discount_rate),
            FIN_CARBON_COST_NPV: carbon_mean,
            FIN_CARBON_COST_NPV_MIN: carbon_min,
            FIN_CARBON_COST_NPV_MAX: carbon_max,
            FIN_SOCIO_NPV: npv - carbon_mean,
            FIN_SOCIO_NPV_MIN: npv - carbon_max,
            FIN_SOCIO_NPV_MAX: npv - carbon_min,
            FIN_BASELINE: baseline_name,
            FIN_DELTA_COST: delta_cost,
            FIN_DELTA_BENEFIT: difference_from_baseline(benefits, position),
            FIN_DELTA_NPV: difference_from_baseline(npv, position),
            FIN_DELTA_HOURS_PER_YEAR: delta_hours,
            FIN_DELTA_GWP_KG: delta_gwp,
            FIN_DELTA_WCF_L: difference_from_baseline(wcf_mean, position),
            FIN_COST_PER_TCO2E: _ratio(delta_cost, delta_tonnes_over_horizon,
                                       np.isfinite(delta_tonnes_over_horizon) & (delta_tonnes_over_horizon != 0)),
            FIN_COST_PER_HOUR_GAINED: _ratio(delta_cost, delta_hours * years, delta_hours > 0),
        }


def add_finance(frame: pd.DataFrame, settings: Settings, *, group: pd.Series | None = None) -> pd.DataFrame:
    """The options table with its `fin.*` columns (replacing any already there)."""
    columns = finance_columns(frame, settings, group=group)
    kept = frame.drop(columns=[column for column in frame.columns if column.startswith(FINANCE.prefix)])
    added = pd.DataFrame(columns, index=frame.index)
    for column in (FIN_BASELINE, FIN_CARBON_TRAJECTORY):
        added[column] = pd.Series(columns[column], index=frame.index, dtype=object)
    return pd.concat([kept, added], axis=1)
