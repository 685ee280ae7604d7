"""Reading columns of the options table as float64 arrays."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def number_column(frame: pd.DataFrame, column: str) -> FloatArray:
    """A required numeric column as float64 (values that are not numbers become NaN)."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def optional_number_column(frame: pd.DataFrame, column: str) -> FloatArray:
    """A numeric column as float64, all NaN when the frame does not have it (a step not run)."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return number_column(frame, column)


def range_mean(low: FloatArray, high: FloatArray) -> FloatArray:
    """Mean of a min-max range, element-wise."""
    return (low + high) / 2.0
