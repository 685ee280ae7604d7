"""Sensitivity of the NPV and the matrix scores to the uncertain inputs (data for a tornado chart).

Each uncertain input is moved to its low and high end (x (1 -+ settings.sensitivity_spread), or the
footprint's min and max) for every option at once, finance and matrix are computed again on the
stacked scenarios in one pass, and the inputs are ranked, per option, by how much they move the NPV
(then the scores). "low" and "high" name the input's end, not the result's: lower costs give a
higher NPV.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.finance.quantities import (
    ANNUAL_HOURS,
    ANNUAL_MONEY,
    FINANCE_INPUT_COLUMNS,
    ONE_OFF_HOURS,
    ONE_OFF_MONEY,
)
from evaluation.finance.step import add_finance
from evaluation.matrix.inputs import input_registry
from evaluation.matrix.model import Matrix
from evaluation.matrix.step import add_matrix
from evaluation.table.columns import (
    FIN_NPV,
    FIN_SOCIO_NPV,
    FOOTPRINT_BOUNDS,
    FOOTPRINT_CRITERIA,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    FP_REQUESTS,
    HAS_NON_AI_OPTION,
    MX_COST,
    MX_QUADRANT,
    MX_VALUE,
    OPTION_BENEFITS_ADOPTION_RATE,
    OPTION_BENEFITS_HOURS_SAVED_PER_USER_PER_WEEK,
    OPTION_COSTS_ANNUAL_API,
    OPTION_NAME,
    OPTION_USAGE_REQUESTS_PER_USER_PER_DAY,
    OPTION_ZONE,
    PROPOSAL_ID,
    footprint_figure,
    footprint_figures,
    footprint_range,
)
from evaluation.table.read import FloatArray, number_column

ENDS = ("low", "high")
_SCENARIO_SEPARATOR = "\x1f"

Perturbation = Callable[[pd.DataFrame, float, str], None]


def _scale(frame: pd.DataFrame, columns: Sequence[str], factor: float) -> None:
    for column in columns:
        frame[column] = number_column(frame, column) * factor


def _adoption_rate(frame: pd.DataFrame, factor: float, end: str) -> None:
    """Share of users who use the option, capped at 1."""
    frame[OPTION_BENEFITS_ADOPTION_RATE] = np.clip(
        number_column(frame, OPTION_BENEFITS_ADOPTION_RATE) * factor, 0.0, 1.0)


def _hours_saved(frame: pd.DataFrame, factor: float, end: str) -> None:
    """Hours saved per user per week."""
    _scale(frame, [OPTION_BENEFITS_HOURS_SAVED_PER_USER_PER_WEEK], factor)


def _volumes(frame: pd.DataFrame, factor: float, end: str) -> None:
    """Requests per user per day: the inference part of the annual footprint (per-request impacts x
    requests) and the API bill move with them."""
    _scale(frame, [OPTION_USAGE_REQUESTS_PER_USER_PER_DAY, OPTION_COSTS_ANNUAL_API], factor)
    if FP_REQUESTS not in frame.columns:
        return
    requests = np.nan_to_num(number_column(frame, FP_REQUESTS))
    for criterion in FOOTPRINT_CRITERIA:
        for bound in FOOTPRINT_BOUNDS:
            annual = footprint_figure("annual", criterion, bound)
            per_request = footprint_figure("per_request", criterion, bound)
            if annual in frame.columns and per_request in frame.columns:
                inference = np.nan_to_num(number_column(frame, per_request)) * requests
                frame[annual] = number_column(frame, annual) + inference * (factor - 1.0)


def _one_off_costs(frame: pd.DataFrame, factor: float, end: str) -> None:
    """Every one-off cost, internal set-up time included."""
    _scale(frame, [*ONE_OFF_MONEY, ONE_OFF_HOURS], factor)


def _annual_costs(frame: pd.DataFrame, factor: float, end: str) -> None:
    """Every annual cost, internal support time included."""
    _scale(frame, [*ANNUAL_MONEY, ANNUAL_HOURS], factor)


def _footprint(frame: pd.DataFrame, factor: float, end: str) -> None:
    """The footprint at the low or high end of its min-max range (the spread does not apply)."""
    for criterion in FOOTPRINT_CRITERIA:
        low, high = footprint_range("annual", criterion)
        if low in frame.columns and high in frame.columns:
            if end == "low":
                frame[high] = number_column(frame, low)
            else:
                frame[low] = number_column(frame, high)


PERTURBATIONS: dict[str, Perturbation] = {
    "adoption_rate": _adoption_rate,
    "hours_saved": _hours_saved,
    "volumes": _volumes,
    "one_off_costs": _one_off_costs,
    "annual_costs": _annual_costs,
    "footprint": _footprint,
}
UNCERTAIN_INPUTS = tuple(PERTURBATIONS)


def _columns_needed(frame: pd.DataFrame, matrix: Matrix) -> list[str]:
    """Only the columns finance and the matrix read, so that stacked scenarios stay small."""
    wanted: list[str] = [*FINANCE_INPUT_COLUMNS, OPTION_USAGE_REQUESTS_PER_USER_PER_DAY, OPTION_ZONE,
                         HAS_NON_AI_OPTION]
    registry = input_registry()
    for criterion in matrix.criteria:
        for scale, _weight in criterion.scales():
            if scale.input is not None:
                wanted.extend(registry[scale.input].requires)
    wanted.extend((*footprint_figures("per_request"), *footprint_figures("annual")))
    wanted.append(FP_REQUESTS)
    seen: dict[str, None] = {}
    for column in wanted:
        if column in frame.columns:
            seen.setdefault(column, None)
    return list(seen)


def _has_footprint(frame: pd.DataFrame) -> bool:
    return FP_ANNUAL_GWP_MIN in frame.columns and FP_ANNUAL_GWP_MAX in frame.columns


def sensitivity(
    frame: pd.DataFrame, settings: Settings, matrix: Matrix, *, inputs: Sequence[str] = UNCERTAIN_INPUTS
) -> pd.DataFrame:
    """Long table, one row per option and uncertain input: NPV, socio-economic NPV, value and cost
    scores and quadrant at the input's low and high ends beside the base case, the effects
    (|high - low|) and the input's effect rank for that option (1 = moves the NPV most)."""
    unknown = [name for name in inputs if name not in PERTURBATIONS]
    if unknown:
        raise ValueError(f"entrée(s) incertaine(s) inconnue(s) : {', '.join(unknown)}")
    names = [name for name in inputs if name != "footprint" or _has_footprint(frame)]
    base = frame[_columns_needed(frame, matrix)].reset_index(drop=True)
    count = len(base)
    spread = settings.sensitivity_spread
    scenarios = [base.copy()]
    for name in names:
        for end in ENDS:
            scenario = base.copy()
            PERTURBATIONS[name](scenario, 1.0 - spread if end == "low" else 1.0 + spread, end)
            scenarios.append(scenario)
    stacked = pd.concat(scenarios, ignore_index=True)
    # each scenario is its own portfolio: an option is compared with its baseline in the same scenario
    scenario_number = np.repeat(np.arange(len(scenarios)), count).astype(str)
    stacked[PROPOSAL_ID] = (stacked[PROPOSAL_ID].astype(str).to_numpy(dtype=object) + _SCENARIO_SEPARATOR
                            + scenario_number)
    evaluated = add_matrix(add_finance(stacked, settings), matrix, settings, rank=False)

    def block(column: str, scenario: int) -> np.ndarray:
        return evaluated[column].to_numpy()[scenario * count:(scenario + 1) * count]

    records: dict[str, list[np.ndarray]] = {key: [] for key in (
        "position", "input", "low_npv", "high_npv", "low_socio_npv", "high_socio_npv", "low_value",
        "high_value", "low_cost", "high_cost", "quadrant_low", "quadrant_high")}
    for number, name in enumerate(names):
        low, high = 1 + 2 * number, 2 + 2 * number
        records["position"].append(np.arange(count))
        records["input"].append(np.full(count, name, dtype=object))
        for prefix, column in (("npv", FIN_NPV), ("socio_npv", FIN_SOCIO_NPV), ("value", MX_VALUE),
                               ("cost", MX_COST)):
            records[f"low_{prefix}"].append(block(column, low))
            records[f"high_{prefix}"].append(block(column, high))
        records["quadrant_low"].append(block(MX_QUADRANT, low))
        records["quadrant_high"].append(block(MX_QUADRANT, high))
    if not names:
        return _empty_result()
    data = {key: np.concatenate(parts) for key, parts in records.items()}
    position = data.pop("position")
    result = pd.DataFrame({
        "row": frame.index.to_numpy()[position],
        "id": frame[PROPOSAL_ID].to_numpy(dtype=object)[position],
        "option": frame[OPTION_NAME].to_numpy(dtype=object)[position],
        "input": data.pop("input"),
        "base_npv": block(FIN_NPV, 0)[position],
        "base_socio_npv": block(FIN_SOCIO_NPV, 0)[position],
        "base_value": block(MX_VALUE, 0)[position],
        "base_cost": block(MX_COST, 0)[position],
        "quadrant": block(MX_QUADRANT, 0)[position],
        **data,
    })
    result["effect_npv"] = swing(result["low_npv"].to_numpy(dtype="float64"),
                                 result["high_npv"].to_numpy(dtype="float64"))
    result["effect_socio_npv"] = swing(result["low_socio_npv"].to_numpy(dtype="float64"),
                                       result["high_socio_npv"].to_numpy(dtype="float64"))
    result["effect_score"] = np.fmax(np.abs(result["high_value"] - result["low_value"]),
                                     np.abs(result["high_cost"] - result["low_cost"]))
    result["effect_rank"] = _effect_rank(position, result, len(names))
    order = np.lexsort((result["effect_rank"].to_numpy(), position))
    return result.iloc[order].reset_index(drop=True)


def _effect_rank(position: np.ndarray, result: pd.DataFrame, per_option: int) -> np.ndarray:
    """1 for the input that moves an option's NPV most, then by score effect, socio-NPV effect and
    the inputs' order."""
    input_order = np.repeat(np.arange(per_option), position.size // per_option)  # rows are input-major
    keys = (
        input_order,
        -np.nan_to_num(result["effect_socio_npv"].to_numpy(dtype="float64")),
        -np.nan_to_num(result["effect_score"].to_numpy(dtype="float64")),
        -np.nan_to_num(result["effect_npv"].to_numpy(dtype="float64")),
        position,
    )
    order = np.lexsort(keys)
    rank = np.empty(position.size, dtype="int64")
    rank[order] = np.arange(position.size) % per_option + 1
    return rank


def _empty_result() -> pd.DataFrame:
    columns = ["row", "id", "option", "input", "base_npv", "base_socio_npv", "base_value", "base_cost", "quadrant",
               "low_npv", "high_npv", "low_socio_npv", "high_socio_npv", "low_value", "high_value", "low_cost",
               "high_cost", "quadrant_low", "quadrant_high", "effect_npv", "effect_socio_npv", "effect_score",
               "effect_rank"]
    return pd.DataFrame({column: [] for column in columns})


def quadrant_can_change(result: pd.DataFrame) -> pd.Series:
    """Per option (indexed like the evaluated table): whether some input's low or high end puts it
    in another quadrant than the base case."""
    changes = (result["quadrant_low"].ne(result["quadrant"]) | result["quadrant_high"].ne(result["quadrant"]))
    return changes.groupby(result["row"], sort=False).any().rename("quadrant_can_change")


def swing(low: FloatArray, high: FloatArray) -> FloatArray:
    """How far a result moves between an input's two ends: |high - low| (the result's unit)."""
    return np.asarray(np.abs(high - low), dtype="float64")
