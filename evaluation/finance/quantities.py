"""Yearly money and time quantities of each option, computed on whole columns of the options table.

Every function takes the options table (evaluation/table/build.py) and returns one float64 array, one
value per option, in the unit its name states.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluation.table.columns import (
    HORIZON,
    HOURLY_COST,
    OPTION_BENEFITS_ADOPTION_RATE,
    OPTION_BENEFITS_HOURS_SAVED_PER_USER_PER_WEEK,
    OPTION_BENEFITS_OTHER_ANNUAL_SAVINGS,
    OPTION_COSTS_ANNUAL_API,
    OPTION_COSTS_ANNUAL_HOSTING,
    OPTION_COSTS_ANNUAL_LICENCES,
    OPTION_COSTS_ANNUAL_MAINTENANCE,
    OPTION_COSTS_ANNUAL_OTHER,
    OPTION_COSTS_ANNUAL_SUPPORT_HOURS,
    OPTION_COSTS_ONE_OFF_DEVELOPMENT,
    OPTION_COSTS_ONE_OFF_HARDWARE,
    OPTION_COSTS_ONE_OFF_INTERNAL_HOURS,
    OPTION_COSTS_ONE_OFF_OTHER,
    OPTION_COSTS_ONE_OFF_TRAINING,
    OPTION_COSTS_ONE_OFF_TRAINING_HOURS_PER_USER,
    OPTION_INDEX,
    OPTION_KIND,
    OPTION_NAME,
    OPTION_USAGE_DAYS_PER_YEAR,
    OPTION_USAGE_USERS,
    PROPOSAL_ID,
)
from evaluation.table.read import FloatArray, IntArray, number_column

ONE_OFF_MONEY = (
    OPTION_COSTS_ONE_OFF_DEVELOPMENT,
    OPTION_COSTS_ONE_OFF_TRAINING,
    OPTION_COSTS_ONE_OFF_HARDWARE,
    OPTION_COSTS_ONE_OFF_OTHER,
)
ANNUAL_MONEY = (
    OPTION_COSTS_ANNUAL_LICENCES,
    OPTION_COSTS_ANNUAL_API,
    OPTION_COSTS_ANNUAL_HOSTING,
    OPTION_COSTS_ANNUAL_MAINTENANCE,
    OPTION_COSTS_ANNUAL_OTHER,
)
ONE_OFF_HOURS = OPTION_COSTS_ONE_OFF_INTERNAL_HOURS
ANNUAL_HOURS = OPTION_COSTS_ANNUAL_SUPPORT_HOURS
TRAINING_HOURS_PER_USER = OPTION_COSTS_ONE_OFF_TRAINING_HOURS_PER_USER
BENEFIT_COLUMNS = (
    OPTION_USAGE_USERS,
    OPTION_USAGE_DAYS_PER_YEAR,
    OPTION_BENEFITS_ADOPTION_RATE,
    OPTION_BENEFITS_HOURS_SAVED_PER_USER_PER_WEEK,
    OPTION_BENEFITS_OTHER_ANNUAL_SAVINGS,
)
# every input column the finance step reads (besides the footprint's annual GWP and water)
FINANCE_INPUT_COLUMNS = (*ONE_OFF_MONEY, ONE_OFF_HOURS, TRAINING_HOURS_PER_USER, *ANNUAL_MONEY, ANNUAL_HOURS, *BENEFIT_COLUMNS,
                         HOURLY_COST, HORIZON, PROPOSAL_ID, OPTION_NAME, OPTION_KIND, OPTION_INDEX)
WORKING_DAYS_PER_WEEK = 5.0


def hourly_cost_eur(frame: pd.DataFrame) -> FloatArray:
    """Loaded hourly cost of the agents concerned (EUR/h), as resolved by the options table."""
    return number_column(frame, HOURLY_COST)


def one_off_money_eur(frame: pd.DataFrame) -> FloatArray:
    """Cash paid once at year 0 (EUR): development, staff training, hardware, other."""
    money: FloatArray = sum((number_column(frame, column) for column in ONE_OFF_MONEY), np.zeros(len(frame)))
    return money


def training_time_eur(frame: pd.DataFrame) -> FloatArray:
    """Agents' time training on the new tool (EUR): users x hours per user x hourly cost."""
    return (number_column(frame, OPTION_USAGE_USERS) * number_column(frame, TRAINING_HOURS_PER_USER)
            * hourly_cost_eur(frame))


def one_off_cost_eur(frame: pd.DataFrame) -> FloatArray:
    """Costs paid once at year 0 (EUR): cash, then internal set-up time and agents' training time valued
    at the hourly cost."""
    return (one_off_money_eur(frame) + number_column(frame, ONE_OFF_HOURS) * hourly_cost_eur(frame)
            + training_time_eur(frame))


def annual_money_eur(frame: pd.DataFrame) -> FloatArray:
    """Cash paid every year of the horizon (EUR/yr): licences, API, hosting, maintenance, other."""
    money: FloatArray = sum((number_column(frame, column) for column in ANNUAL_MONEY), np.zeros(len(frame)))
    return money


def annual_cost_eur(frame: pd.DataFrame) -> FloatArray:
    """Costs paid every year of the horizon (EUR/yr), internal support time valued at the hourly cost."""
    return annual_money_eur(frame) + number_column(frame, ANNUAL_HOURS) * hourly_cost_eur(frame)


def annual_cash_saving_eur(frame: pd.DataFrame) -> FloatArray:
    """Cash saved or earned every year (EUR/yr): the other savings or revenues (agents' time is not cash)."""
    return number_column(frame, OPTION_BENEFITS_OTHER_ANNUAL_SAVINGS)


def working_weeks_per_year(frame: pd.DataFrame) -> FloatArray:
    """Working weeks per year (weeks/yr): days of use per year / 5."""
    return number_column(frame, OPTION_USAGE_DAYS_PER_YEAR) / WORKING_DAYS_PER_WEEK


def hours_saved_per_year(frame: pd.DataFrame) -> FloatArray:
    """Agent hours saved per year (h/yr): users x adoption rate x hours per user per week x weeks."""
    return (
        number_column(frame, OPTION_USAGE_USERS)
        * number_column(frame, OPTION_BENEFITS_ADOPTION_RATE)
        * number_column(frame, OPTION_BENEFITS_HOURS_SAVED_PER_USER_PER_WEEK)
        * working_weeks_per_year(frame)
    )


def annual_benefit_eur(frame: pd.DataFrame) -> FloatArray:
    """Monetised benefits per year (EUR/yr): hours saved x hourly cost + other savings or revenues."""
    return hours_saved_per_year(frame) * hourly_cost_eur(frame) + number_column(
        frame, OPTION_BENEFITS_OTHER_ANNUAL_SAVINGS)


def horizon_years(frame: pd.DataFrame) -> IntArray:
    """Analysis horizon of each option (whole years, int64)."""
    return frame[HORIZON].to_numpy(dtype="int64")
