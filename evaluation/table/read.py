"""Reading the options table: columns as float64 arrays or as JSON values, and whether one value is a
missing number."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
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


def is_missing(value: Any) -> bool:
    """Whether a value read from the table is no number: None, NaN, pandas' NA, or not numeric at all."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


# -- columns as JSON values, for the records (format.md) ------------------------------------------

def row_frame(row: Mapping[str, Any]) -> pd.DataFrame:
    """A one-row table from a row mapping (as DataFrame.to_dict("records") gives), for per-row readers."""
    return pd.DataFrame([dict(row)])


def number_values(frame: pd.DataFrame, column: str) -> list[float | None]:
    """A numeric column as Python floats; missing numbers (and a column the frame lacks) as None."""
    if column not in frame.columns:
        return [None] * len(frame)
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")
    out: list[float | None] = values.tolist()
    for index in np.flatnonzero(np.isnan(values)).tolist():
        out[index] = None
    return out


def object_values(frame: pd.DataFrame, column: str) -> list[Any]:
    """A column as Python values, NaN/NA (and a column the frame lacks) as None."""
    if column not in frame.columns:
        return [None] * len(frame)
    values = frame[column].to_numpy(dtype=object)
    out: list[Any] = values.tolist()
    for index in np.flatnonzero(pd.isna(values)).tolist():
        out[index] = None
    return out


def list_values(frame: pd.DataFrame, column: str) -> list[list[Any]]:
    """A column of tuples (codes, ids) as lists; anything else as an empty list."""
    return [list(value) if isinstance(value, tuple | list) else [] for value in object_values(frame, column)]


def json_numbers(frame: pd.DataFrame, column: str) -> list[bytes]:
    """Each value of a numeric column as its JSON text (null where missing), the column in one orjson call:
    the same text orjson writes for number_values' Python floats."""
    if column not in frame.columns:
        return [b"null"] * len(frame)
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")
    return orjson.dumps(values, option=orjson.OPT_SERIALIZE_NUMPY)[1:-1].split(b",") if len(values) else []


def json_texts(values: list[Any]) -> list[bytes]:
    """Each value as its JSON text (texts or None: values equal for Python, as 1 and True, would share one
    text), equal values written once."""
    written: dict[Any, bytes] = {}
    return [written.get(value) or written.setdefault(value, orjson.dumps(value)) for value in values]


def json_lists(values: list[list[Any]]) -> list[bytes]:
    """Each list (of texts) as its JSON text, equal lists written once."""
    written: dict[tuple[Any, ...], bytes] = {}
    return [written.get(key) or written.setdefault(key, orjson.dumps(value))
            for value in values for key in (tuple(value),)]
