"""Finance of each option: cash flows, TCO, NPV, IRR, payback, ROI, carbon cost, non-AI baseline deltas."""

from evaluation.finance.carbon import carbon_value_eur_per_t
from evaluation.finance.record import BaselineComparison, FinanceRecord, Range, YearFlow, cash_flows, finance_record
from evaluation.finance.reference import carbon_trajectories
from evaluation.finance.step import add_finance, finance_columns

__all__ = [
    "BaselineComparison",
    "FinanceRecord",
    "Range",
    "YearFlow",
    "add_finance",
    "carbon_trajectories",
    "carbon_value_eur_per_t",
    "cash_flows",
    "finance_columns",
    "finance_record",
]
