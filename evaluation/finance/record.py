"""Finance results as plain records: format.md's `finance` object (column by column) and an option's
yearly cash flows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import orjson
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from evaluation.domain.settings import Settings
from evaluation.finance.carbon import KG_PER_TONNE, carbon_values_by_year, project_year_carbon_values
from evaluation.finance.flows import discount_factors, yearly_flows
from evaluation.finance.quantities import annual_benefit_eur, annual_cost_eur, horizon_years, one_off_cost_eur
from evaluation.finance.reference import carbon_trajectories
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
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    HORIZON,
)
from evaluation.table.read import (
    is_missing,
    json_numbers,
    json_texts,
    number_values,
    object_values,
    optional_number_column,
    row_frame,
)

_RECORD = ConfigDict(extra="forbid", frozen=True)


class Range(BaseModel):
    """A min-max range and its mean (None where unknown)."""

    model_config = _RECORD

    min: float | None
    max: float | None
    mean: float | None


class BaselineComparison(BaseModel):
    """An option against its proposal's non-AI baseline (over the horizon unless said per year)."""

    model_config = _RECORD

    option: str
    delta_cost: float | None
    delta_benefit: float | None
    delta_npv: float | None
    delta_hours_per_year: float | None
    delta_gwp_kg: float | None
    delta_wcf_l: float | None
    cost_per_tco2e: float | None
    cost_per_hour_gained: float | None


class CarbonValues(BaseModel):
    """The carbon value used for each calendar year of the option's horizon."""

    model_config = _RECORD

    trajectory: str = Field(description="code of the trajectory in data/carbon_value.yaml (quinet_2025, quinet_2019)")
    currency_year: int = Field(description="the year of the euros the values are in (2023 for Quinet 2025)")
    eur_per_t: dict[str, float] = Field(
        description="EUR per tCO2e by calendar year (\"2027\": ...), years 1 to H of the project")


class FinanceRecord(BaseModel):
    """The `finance` object of an evaluation (format.md), EUR unless said otherwise."""

    model_config = _RECORD

    tco: float | None = Field(description="total cost of ownership: one-off costs + annual costs x H, agents' "
                                           "time valued at the hourly cost")
    benefits: float | None = Field(description="annual benefit x H")
    npv: float | None = Field(description="NPV of money and agents' time valued at the hourly cost, before carbon")
    budget_npv: float | None = Field(
        description="budget NPV (MAREVA 2): cash the collectivité pays or saves (money costs, other savings or "
                    "revenues), discounted; agents' time and carbon are not cash")
    irr: float | None = Field(description="internal rate of return of the npv's flows (a fraction), null when none")
    payback_years: float | None = Field(description="years until the cumulative undiscounted net flow is back to zero, null when not within the horizon")
    roi: float | None = Field(description="(benefits - tco) / tco")
    discount_rate: float | None = Field(description="the settings' discount rate (a fraction)")
    one_off: float | None = Field(description="year-0 costs: cash, set-up and training time valued at the hourly cost")
    annual_cost: float | None = Field(description="yearly costs: cash and support time valued at the hourly cost (EUR/yr)")
    annual_benefit: float | None = Field(description="hours saved x hourly cost + other savings or revenues (EUR/yr)")
    hours_saved_per_year: float | None = Field(description="agents' hours saved a year (h/yr)")
    cost_per_hour_saved: float | None = Field(description="tco / (hours saved a year x H) (EUR/h)")
    training_time: float | None = Field(
        description="agents' time training on the new tool (users x hours per user x hourly cost), in the year-0 "
                    "costs of the npv and socio_npv, not of the budget_npv")
    socio_npv: float | None = Field(
        description="socio-economic NPV (MAREVA 2): budget_npv + agents' time valued (hours saved minus set-up, "
                    "support and training time) - carbon_cost_npv.mean; equals npv - carbon_cost_npv.mean")
    socio_npv_range: Range = Field(description="socio_npv from the footprint's max (min) and min (max) emissions")
    carbon_cost_npv: Range = Field(description="present value of the annual emissions at the carbon value of each year")
    carbon_values: CarbonValues | None = Field(
        description="the carbon value trajectory used and its value for each calendar year of the horizon")
    baseline: BaselineComparison | None = Field(description="differences with the proposal's non-AI baseline, null for it or without one")


class YearFlow(BaseModel):
    """One year of an option's cash flows (EUR), for the cash-flow table and chart."""

    model_config = _RECORD

    year: int
    calendar_year: int
    costs: float
    benefits: float
    net: float
    discount_factor: float
    discounted: float
    cumulative: float
    cumulative_discounted: float
    carbon_value_eur_per_t: float | None
    carbon_cost_min: float | None
    carbon_cost_max: float | None


# the record's figures (FinanceRecord's fields, in order) and the columns they are read from
FINANCE_FIGURES = {
    "tco": FIN_TCO, "benefits": FIN_BENEFITS, "npv": FIN_NPV, "irr": FIN_IRR, "payback_years": FIN_PAYBACK_YEARS,
    "roi": FIN_ROI, "discount_rate": FIN_DISCOUNT_RATE, "one_off": FIN_ONE_OFF, "annual_cost": FIN_ANNUAL_COST,
    "annual_benefit": FIN_ANNUAL_BENEFIT, "hours_saved_per_year": FIN_HOURS_SAVED_PER_YEAR,
    "cost_per_hour_saved": FIN_COST_PER_HOUR_SAVED, "socio_npv": FIN_SOCIO_NPV, "budget_npv": FIN_BUDGET_NPV,
    "training_time": FIN_TRAINING_TIME,
}
BASELINE_FIGURES = {
    "delta_cost": FIN_DELTA_COST, "delta_benefit": FIN_DELTA_BENEFIT, "delta_npv": FIN_DELTA_NPV,
    "delta_hours_per_year": FIN_DELTA_HOURS_PER_YEAR, "delta_gwp_kg": FIN_DELTA_GWP_KG,
    "delta_wcf_l": FIN_DELTA_WCF_L, "cost_per_tco2e": FIN_COST_PER_TCO2E,
    "cost_per_hour_gained": FIN_COST_PER_HOUR_GAINED,
}
_RANGES = {  # the record's ranges: {bound: column}
    "socio_npv_range": {"min": FIN_SOCIO_NPV_MIN, "max": FIN_SOCIO_NPV_MAX, "mean": FIN_SOCIO_NPV},
    "carbon_cost_npv": {"min": FIN_CARBON_COST_NPV_MIN, "max": FIN_CARBON_COST_NPV_MAX, "mean": FIN_CARBON_COST_NPV},
}


def finance_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """format.md's `finance` object of every row, with the comparison to the non-AI baseline."""
    figures = {name: number_values(frame, column) for name, column in FINANCE_FIGURES.items()}
    deltas = {name: number_values(frame, column) for name, column in BASELINE_FIGURES.items()}
    ranges = {name: {bound: number_values(frame, column) for bound, column in bounds.items()}
              for name, bounds in _RANGES.items()}
    baselines = object_values(frame, FIN_BASELINE)
    trajectories = object_values(frame, FIN_CARBON_TRAJECTORY)
    first_years = number_values(frame, FIN_FIRST_YEAR)
    horizons = number_values(frame, HORIZON)
    carbon: dict[tuple[Any, Any, Any], dict[str, Any] | None] = {}  # one per trajectory, first year and horizon
    names, range_bounds, delta_names = list(figures), [list(bounds) for bounds in ranges.values()], list(deltas)
    range_rows = [list(zip(*bounds.values(), strict=True)) for bounds in ranges.values()]
    records = []
    for row, range_values, delta_row, baseline, key in zip(
            zip(*figures.values(), strict=True), zip(*range_rows, strict=True), zip(*deltas.values(), strict=True),
            baselines, zip(trajectories, first_years, horizons, strict=True), strict=True):
        record: dict[str, Any] = dict(zip(names, row, strict=True))
        for name, bounds, values in zip(ranges, range_bounds, range_values, strict=True):
            record[name] = dict(zip(bounds, values, strict=True))
        if key not in carbon:
            carbon[key] = _carbon_values(*key)
        found = carbon[key]
        record["carbon_values"] = None if found is None else {**found, "eur_per_t": dict(found["eur_per_t"])}
        record["baseline"] = None if baseline is None else {
            "option": str(baseline), **dict(zip(delta_names, delta_row, strict=True))}
        records.append(record)
    return records


def finance_fragments(frame: pd.DataFrame) -> list[bytes]:
    """finance_records' objects already written as JSON (the command line's compact output), from the columns by
    one template, without a Python object per figure: the same text orjson writes for those records."""
    template = b"{" + b",".join(b'"%s":%%s' % name.encode() for name in FINANCE_FIGURES) + b"".join(
        b',"%s":{' % name.encode() + b",".join(b'"%s":%%s' % bound.encode() for bound in bounds) + b"}"
        for name, bounds in _RANGES.items()) + b',"carbon_values":%s,"baseline":%s}'
    columns = [*FINANCE_FIGURES.values(), *(column for bounds in _RANGES.values() for column in bounds.values())]
    pieces = [json_numbers(frame, column) for column in columns]
    carbon: dict[tuple[Any, Any, Any], bytes] = {}
    carbon_texts = []
    for key in zip(object_values(frame, FIN_CARBON_TRAJECTORY), number_values(frame, FIN_FIRST_YEAR),
                   number_values(frame, HORIZON), strict=True):
        if key not in carbon:
            carbon[key] = orjson.dumps(_carbon_values(*key))
        carbon_texts.append(carbon[key])
    pieces.append(carbon_texts)
    baseline_template = b'{"option":%s,' + b",".join(b'"%s":%%s' % name.encode() for name in BASELINE_FIGURES) + b"}"
    baselines = object_values(frame, FIN_BASELINE)
    options = json_texts([None if baseline is None else str(baseline) for baseline in baselines])
    deltas = [json_numbers(frame, column) for column in BASELINE_FIGURES.values()]
    pieces.append([b"null" if baseline is None else baseline_template % row for baseline, row in zip(
        baselines, zip(options, *deltas, strict=True), strict=True)])
    return [template % row for row in zip(*pieces, strict=True)]


def _carbon_values(trajectory: Any, first_year: float | None, horizon: float | None) -> dict[str, Any] | None:
    if trajectory is None or first_year is None or horizon is None:
        return None
    code = str(trajectory)
    return {"trajectory": code, "currency_year": carbon_trajectories()[code].currency_year,
            "eur_per_t": carbon_values_by_year(int(first_year), int(horizon), code)}


def finance_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """format.md's `finance` object for one row of a table that went through add_finance."""
    return FinanceRecord.model_validate(finance_records(row_frame(row))[0]).model_dump()


def _optional(value: float) -> float | None:
    return None if is_missing(value) else float(value)


def cash_flows(row: Mapping[str, Any], settings: Settings) -> list[YearFlow]:
    """Yearly cash flows t = 0..H of one option (a row of the options table), with carbon costs."""
    frame = row_frame(row)
    horizon = horizon_years(frame)
    one_off = one_off_cost_eur(frame)
    annual_cost = annual_cost_eur(frame)
    annual_benefit = annual_benefit_eur(frame)
    costs = yearly_flows(one_off, annual_cost, horizon)[0]
    benefits = yearly_flows(np.zeros(1), annual_benefit, horizon)[0]
    factors = discount_factors(settings.discount_rate, horizon)[0]
    carbon_values = project_year_carbon_values(horizon, settings.start_year, settings.carbon_trajectory.value)
    gwp_t = {name: optional_number_column(frame, column)[0] / KG_PER_TONNE
             for name, column in (("min", FP_ANNUAL_GWP_MIN), ("max", FP_ANNUAL_GWP_MAX))}
    net = benefits - costs
    discounted = net * factors
    cumulative = np.cumsum(net)
    cumulative_discounted = np.cumsum(discounted)
    result = []
    for year in range(int(horizon[0]) + 1):
        later = year >= 1
        result.append(YearFlow(
            year=year,
            calendar_year=settings.start_year + year - 1,
            costs=float(costs[year]),
            benefits=float(benefits[year]),
            net=float(net[year]),
            discount_factor=float(factors[year]),
            discounted=float(discounted[year]),
            cumulative=float(cumulative[year]),
            cumulative_discounted=float(cumulative_discounted[year]),
            carbon_value_eur_per_t=float(carbon_values[year]) if later else None,
            carbon_cost_min=_optional(gwp_t["min"] * carbon_values[year]) if later else None,
            carbon_cost_max=_optional(gwp_t["max"] * carbon_values[year]) if later else None,
        ))
    return result
