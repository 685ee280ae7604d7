"""Yearly money and time quantities of each option, computed on whole columns of the options table.

Every function takes the options table (evaluation/table/build.py) and returns one float64 array, one
value per option, in the unit its name states.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluation.table.read import FloatArray, IntArray, number_column

ONE_OFF_MONEY = (
    "option.costs.one_off.development",
    "option.costs.one_off.training",
    "option.costs.one_off.hardware",
    "option.costs.one_off.other",
)
ANNUAL_MONEY = (
    "option.costs.annual.licences",
    "option.costs.annual.api",
    "option.costs.annual.hosting",
    "option.costs.annual.maintenance",
    "option.costs.annual.other",
)
ONE_OFF_HOURS = "option.costs.one_off.internal_hours"
ANNUAL_HOURS = "option.costs.annual.support_hours"
BENEFIT_COLUMNS = (
    "option.usage.users",
    "option.usage.days_per_year",
    "option.benefits.adoption_rate",
    "option.benefits.hours_saved_per_user_per_week",
    "option.benefits.other_annual_savings",
)
# every input column the finance step reads (besides the footprint's annual GWP and water)
FINANCE_INPUT_COLUMNS = (*ONE_OFF_MONEY, ONE_OFF_HOURS, *ANNUAL_MONEY, ANNUAL_HOURS, *BENEFIT_COLUMNS,
                         "hourly_cost", "horizon", "id", "option.name", "option.kind", "option_index")
WORKING_DAYS_PER_WEEK = 5.0


def hourly_cost_eur(frame: pd.DataFrame) -> FloatArray:
    """Loaded hourly cost of the agents concerned (EUR/h), as resolved by the options table."""
    return number_column(frame, "hourly_cost")


def one_off_cost_eur(frame: pd.DataFrame) -> FloatArray:
    """Costs paid once at year 0 (EUR): development, training, hardware, other, internal set-up time."""
    money = sum((number_column(frame, column) for column in ONE_OFF_MONEY), np.zeros(len(frame)))
    return money + number_column(frame, ONE_OFF_HOURS) * hourly_cost_eur(frame)


def annual_cost_eur(frame: pd.DataFrame) -> FloatArray:
    """Costs paid every year of the horizon (EUR/yr), internal support time valued at the hourly cost."""
    money = sum((number_column(frame, column) for column in ANNUAL_MONEY), np.zeros(len(frame)))
    return money + number_column(frame, ANNUAL_HOURS) * hourly_cost_eur(frame)


def working_weeks_per_year(frame: pd.DataFrame) -> FloatArray:
    """Working weeks per year (weeks/yr): days of use per year / 5."""
    return number_column(frame, "option.usage.days_per_year") / WORKING_DAYS_PER_WEEK


def hours_saved_per_year(frame: pd.DataFrame) -> FloatArray:
    """Agent hours saved per year (h/yr): users x adoption rate x hours per user per week x weeks."""
    return (
        number_column(frame, "option.usage.users")
        * number_column(frame, "option.benefits.adoption_rate")
        * number_column(frame, "option.benefits.hours_saved_per_user_per_week")
        * working_weeks_per_year(frame)
    )


def annual_benefit_eur(frame: pd.DataFrame) -> FloatArray:
    """Monetised benefits per year (EUR/yr): hours saved x hourly cost + other savings or revenues."""
    return hours_saved_per_year(frame) * hourly_cost_eur(frame) + number_column(
        frame, "option.benefits.other_annual_savings")


def horizon_years(frame: pd.DataFrame) -> IntArray:
    """Analysis horizon of each option (whole years, int64)."""
    return frame["horizon"].to_numpy(dtype="int64")
