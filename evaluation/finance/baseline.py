"""Each option's non-AI baseline: the first `non_ai` option of its proposal."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluation.table.columns import OPTION_INDEX, OPTION_KIND, PROPOSAL_ID
from evaluation.table.read import BoolArray, FloatArray, IntArray

NON_AI = "non_ai"
NO_BASELINE = -1


def baseline_position(frame: pd.DataFrame, group: pd.Series | None = None) -> IntArray:
    """Row position (0-based, in frame order) of each option's baseline, -1 when its proposal has none.

    The baseline is the `non_ai` option with the smallest `option_index` of the proposal; `group`
    replaces the proposal id as the grouping key (the sensitivity analysis stacks scenarios).
    """
    keys = (frame[PROPOSAL_ID] if group is None else group).to_numpy()
    codes, _uniques = pd.factorize(keys, use_na_sentinel=False)
    kinds = frame[OPTION_KIND].to_numpy()
    order = frame[OPTION_INDEX].to_numpy(dtype="int64") if OPTION_INDEX in frame.columns else (
        np.arange(len(frame), dtype="int64"))
    candidates = np.flatnonzero(kinds == NON_AI)
    found = np.full(int(codes.max()) + 1 if codes.size else 0, NO_BASELINE, dtype="int64")
    if candidates.size:
        # sort candidates by (group, option_index) and keep the first of each group
        sorted_candidates = candidates[np.lexsort((order[candidates], codes[candidates]))]
        groups = codes[sorted_candidates]
        first = np.r_[True, groups[1:] != groups[:-1]]
        found[groups[first]] = sorted_candidates[first]
    return found[codes] if codes.size else np.zeros(0, dtype="int64")


def compared_with_baseline(position: IntArray) -> BoolArray:
    """Booleans: the option has a baseline and is not that baseline itself."""
    compared: BoolArray = (position != NO_BASELINE) & (position != np.arange(position.size))
    return compared


def is_baseline(position: IntArray) -> BoolArray:
    """Booleans: the option is its proposal's baseline."""
    itself: BoolArray = position == np.arange(position.size)
    return itself


def difference_from_baseline(values: FloatArray, position: IntArray) -> FloatArray:
    """values - the baseline's value, NaN for the baseline itself and where there is no baseline."""
    compared = compared_with_baseline(position)
    result = np.full(values.shape, np.nan)
    result[compared] = values[compared] - values[position[compared]]
    return result


def baseline_values(values: FloatArray, position: IntArray) -> FloatArray:
    """The baseline's value for every option (the baseline included), NaN where there is none."""
    result = np.full(values.shape, np.nan)
    has = position != NO_BASELINE
    result[has] = values[position[has]]
    return result
