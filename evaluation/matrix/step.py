"""The matrix step of the engine: criterion scores, value and cost scores, quadrant and portfolio rank
(`mx.*` columns, docs/engine-columns.md)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.matrix.inputs import InputValues, ObjectArray, input_registry
from evaluation.matrix.model import Axis, Combine, Criterion, Direction, Matrix, Quadrant, Quadrants, Scale
from evaluation.table.columns import (
    FIN_NPV,
    MATRIX,
    MX_COST,
    MX_MATRIX,
    MX_QUADRANT,
    MX_RANK,
    MX_SKIPPED,
    MX_VALUE,
    criterion_score,
)
from evaluation.table.read import BoolArray, FloatArray, IntArray, optional_number_column


def scale_scores(values: InputValues, scale: Scale) -> FloatArray:
    """0-4 score of each value on one scale; NaN where the value is missing or not in the map."""
    if scale.map is not None:
        mapped = pd.Series(values, dtype=object).map(dict(scale.map))
        return pd.to_numeric(mapped, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    assert scale.thresholds is not None
    numbers = np.asarray(values, dtype="float64")
    thresholds = np.asarray(scale.thresholds, dtype="float64")
    if scale.direction is Direction.DESCENDING:
        reached = numbers[:, None] <= thresholds[None, :]
    else:
        reached = numbers[:, None] >= thresholds[None, :]
    scores: FloatArray = reached.sum(axis=1).astype("float64")
    scores[np.isnan(numbers)] = np.nan
    return scores


def weighted_mean(scores: list[FloatArray], weights: list[float], size: int) -> FloatArray:
    """Weighted mean of score columns, ignoring NaN (NaN where every column is NaN)."""
    total = np.zeros(size)
    weight = np.zeros(size)
    for column, w in zip(scores, weights, strict=True):
        present = ~np.isnan(column)
        total += np.where(present, column * w, 0.0)
        weight += np.where(present, w, 0.0)
    result = np.full(size, np.nan)
    np.divide(total, weight, out=result, where=weight > 0)
    return result


class _Inputs:
    """Named inputs computed once per table, None when unavailable (columns absent)."""

    def __init__(self, frame: pd.DataFrame, settings: Settings) -> None:
        self.frame, self.settings = frame, settings
        self._values: dict[str, InputValues | None] = {}

    def get(self, name: str) -> InputValues | None:
        if name not in self._values:
            spec = input_registry()[name]
            self._values[name] = spec.compute(self.frame, self.settings) if spec.available(self.frame) else None
        return self._values[name]


def criterion_scores(criterion: Criterion, inputs: _Inputs, size: int) -> FloatArray | None:
    """0-4 score of every option on one criterion; None when none of its inputs is computed."""
    columns: list[FloatArray] = []
    weights: list[float] = []
    for scale, weight in criterion.scales():
        assert scale.input is not None
        values = inputs.get(scale.input)
        if values is not None:
            columns.append(scale_scores(values, scale))
            weights.append(weight)
    if not columns:
        return None
    if criterion.combine is Combine.MAX:
        stacked = np.vstack(columns)
        scores = np.fmax.reduce(stacked, axis=0)
    else:
        scores = weighted_mean(columns, weights, size)
    if criterion.if_missing != "skip":
        scores = np.where(np.isnan(scores), float(criterion.if_missing), scores)
    return np.asarray(scores, dtype="float64")


def quadrant_codes(value: FloatArray, cost: FloatArray, quadrants: Quadrants) -> ObjectArray:
    """Quadrant code of each option (None where a score is missing): value and cost are high from
    their threshold up."""
    high_value = value >= quadrants.value_threshold
    high_cost = cost >= quadrants.cost_threshold
    codes = np.where(high_value, np.where(high_cost, Quadrant.A_ARBITRER.value, Quadrant.A_PRIORISER.value),
                     np.where(high_cost, Quadrant.A_ECARTER.value, Quadrant.A_SIMPLIFIER.value)).astype(object)
    codes[np.isnan(value) | np.isnan(cost)] = None
    return codes


def portfolio_rank(value: FloatArray, cost: FloatArray, npv: FloatArray) -> IntArray:
    """Rank of each option in the table (1 = best): by value - cost, then value, then NPV, then
    table order; options without scores come last."""
    balance = value - cost
    keys = (
        -np.nan_to_num(npv, nan=-np.inf),
        -np.nan_to_num(value, nan=-np.inf),
        -np.nan_to_num(balance, nan=-np.inf),
    )
    order = np.lexsort(keys)
    rank = np.empty(value.size, dtype="int64")
    rank[order] = np.arange(1, value.size + 1)
    return rank


def _skipped_tuples(skipped: BoolArray, ids: list[str]) -> ObjectArray:
    """One tuple of skipped criterion ids per option, built once per distinct pattern."""
    result = np.empty(skipped.shape[0], dtype=object)
    if skipped.shape[0] == 0:
        return result
    bits = skipped.astype("int64") @ (np.int64(1) << np.arange(len(ids), dtype="int64"))
    codes, inverse = np.unique(bits, return_inverse=True)
    tuples = [tuple(ident for position, ident in enumerate(ids) if int(code) >> position & 1) for code in codes]
    lookup = np.empty(len(tuples), dtype=object)
    lookup[:] = tuples
    result[:] = lookup[inverse.reshape(-1)]
    return result


def matrix_columns(frame: pd.DataFrame, matrix: Matrix, settings: Settings, *, rank: bool = True) -> dict[str, Any]:
    """Every `mx.*` column of the options table."""
    size = len(frame)
    inputs = _Inputs(frame, settings)
    columns: dict[str, Any] = {}
    scores: dict[str, FloatArray] = {}
    for criterion in matrix.criteria:
        computed = criterion_scores(criterion, inputs, size)
        scores[criterion.id] = np.full(size, np.nan) if computed is None else computed
        columns[criterion_score(criterion.id)] = scores[criterion.id]
    axis_scores = {
        axis: weighted_mean([scores[c.id] for c in matrix.on_axis(axis)], [c.weight for c in matrix.on_axis(axis)],
                            size)
        for axis in Axis
    }
    ids = [criterion.id for criterion in matrix.criteria]
    skipped = np.column_stack([np.isnan(scores[ident]) for ident in ids]) if ids else np.zeros((size, 0), bool)
    columns[MX_VALUE] = axis_scores[Axis.VALUE]
    columns[MX_COST] = axis_scores[Axis.COST]
    columns[MX_QUADRANT] = quadrant_codes(axis_scores[Axis.VALUE], axis_scores[Axis.COST], matrix.quadrants)
    if rank:
        columns[MX_RANK] = portfolio_rank(axis_scores[Axis.VALUE], axis_scores[Axis.COST],
                                          optional_number_column(frame, FIN_NPV))
    columns[MX_MATRIX] = np.full(size, matrix.key, dtype=object)
    columns[MX_SKIPPED] = _skipped_tuples(skipped, ids)
    return columns


def add_matrix(frame: pd.DataFrame, matrix: Matrix, settings: Settings, *, rank: bool = True) -> pd.DataFrame:
    """The options table with its `mx.*` columns (replacing any already there); `mx.rank` ranks the
    options of this table, which is the portfolio (rank=False leaves it out)."""
    columns = matrix_columns(frame, matrix, settings, rank=rank)
    kept = frame.drop(columns=[column for column in frame.columns if column.startswith(MATRIX.prefix)])
    added = pd.DataFrame(columns, index=frame.index)
    for column in (MX_QUADRANT, MX_MATRIX, MX_SKIPPED):  # object columns keep None, not NaN
        added[column] = pd.Series(columns[column], index=frame.index, dtype=object)
    return pd.concat([kept, added], axis=1)
