"""Read access to the options table for the footprint methods: whole columns as numpy arrays.

Columns are read once per evaluation and shared by every method; functions of a value (a provider's
default zone, a GPU's power) are computed once per distinct value, never once per option.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from evaluation.domain.option import OptionKind
from evaluation.domain.settings import Settings
from evaluation.table.columns import (
    HAS_COMPUTE,
    HAS_TRAINING,
    OPTION_KIND,
    OPTION_MODEL,
    OPTION_PROVIDER,
    OPTION_USAGE_DAYS_PER_YEAR,
    OPTION_USAGE_OUTPUT_TOKENS_PER_REQUEST,
    OPTION_USAGE_REQUESTS_PER_USER_PER_DAY,
    OPTION_USAGE_USERS,
    OPTION_WUE,
    OPTION_ZONE,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.intp]

GENAI_API = OptionKind.GENAI_API.value
SELF_HOSTED = OptionKind.GENAI_SELF_HOSTED.value
COMPUTE_ONLY_AI = (OptionKind.ML.value, OptionKind.VISION.value)


def numbers(frame: pd.DataFrame, column: str, default: float = np.nan) -> FloatArray:
    """A numeric column as float64 (NaN, or `default`, where missing or absent)."""
    if column not in frame:
        return np.full(len(frame), default)
    values: FloatArray = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    if not np.isnan(default):
        values = np.where(np.isnan(values), default, values)
    return values


def _distinct(frame: pd.DataFrame, column: str) -> tuple[IntArray, ObjectArray]:
    """A text column as positions in a table of its distinct values (position 0: None, missing)."""
    if column not in frame:
        return np.zeros(len(frame), dtype=np.intp), np.array([None], dtype=object)
    codes, uniques = pd.factorize(frame[column])       # missing values get code -1
    table = np.empty(len(uniques) + 1, dtype=object)
    table[0] = None
    table[1:] = list(uniques)
    return (codes + 1).astype(np.intp), table


def texts(frame: pd.DataFrame, column: str) -> ObjectArray:
    """A text column as an object array (None where missing or absent)."""
    positions, table = _distinct(frame, column)
    values: ObjectArray = table[positions]
    return values


def map_unique(values: ObjectArray, function: Callable[[Any], Any]) -> ObjectArray:
    """function applied once per distinct value (None for a missing one)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    for index, value in enumerate(uniques):
        mapped[index] = function(None if value is None or (not isinstance(value, str) and pd.isna(value)) else value)
    result: ObjectArray = mapped[codes]
    return result


def groups(columns: Sequence[npt.NDArray[Any]]) -> tuple[IntArray, list[tuple[Any, ...]]]:
    """Group ids of rows by the values of several columns (None and NaN are one value), and each
    group's key (None for a missing value). Hash-based, linear in the number of rows."""
    n = len(columns[0])
    if n == 0:
        return np.empty(0, dtype=np.intp), []
    codes, uniques = [], []
    ids = np.zeros(n, dtype=np.int64)
    for column in columns:
        values = column if column.dtype.kind in "fiub" else pd.Series(column, dtype=object)
        column_codes, column_uniques = pd.factorize(values)
        column_codes = column_codes.astype(np.int64) + 1          # 0: missing
        codes.append(column_codes)
        uniques.append([None, *column_uniques])
        ids, _ = pd.factorize(ids * (len(column_uniques) + 1) + column_codes)
        ids = ids.astype(np.int64)
    count = int(ids.max()) + 1
    first = np.empty(count, dtype=np.int64)
    first[ids[::-1]] = np.arange(n - 1, -1, -1)
    keys = [tuple(uniques[c][int(codes[c][row])] for c in range(len(columns))) for row in first.tolist()]
    return ids.astype(np.intp), keys


class Options:
    """The options table as the footprint methods read it (one value per option in every array)."""

    def __init__(self, frame: pd.DataFrame, settings: Settings) -> None:
        self.frame = frame
        self.settings = settings
        self.n = len(frame)
        self._numbers: dict[str, FloatArray] = {}
        self._texts: dict[str, ObjectArray] = {}
        self._kinds = _distinct(frame, OPTION_KIND)

    def numbers(self, column: str, default: float = np.nan) -> FloatArray:
        """A numeric column (read once), with `default` where missing."""
        if column not in self._numbers:
            self._numbers[column] = numbers(self.frame, column)
        values = self._numbers[column]
        if np.isnan(default):
            return values
        filled: FloatArray = np.where(np.isnan(values), default, values)
        return filled

    def texts(self, column: str) -> ObjectArray:
        """A text column (read once), None where missing."""
        if column not in self._texts:
            self._texts[column] = texts(self.frame, column)
        return self._texts[column]

    def flags(self, column: str) -> BoolArray:
        """A boolean column, False where missing or absent."""
        if column not in self.frame:
            return np.zeros(self.n, dtype=bool)
        values: BoolArray = self.frame[column].fillna(False).to_numpy(dtype=bool)
        return values

    @cached_property
    def kind(self) -> ObjectArray:
        positions, table = self._kinds
        kinds: ObjectArray = table[positions]
        return kinds

    @cached_property
    def provider(self) -> ObjectArray:
        return self.texts(OPTION_PROVIDER)

    @cached_property
    def model(self) -> ObjectArray:
        return self.texts(OPTION_MODEL)

    @cached_property
    def stated_zone(self) -> ObjectArray:
        """The zone the option states (None when it states none)."""
        return self.texts(OPTION_ZONE)

    @cached_property
    def tokens(self) -> FloatArray:
        """Output tokens per request."""
        return self.numbers(OPTION_USAGE_OUTPUT_TOKENS_PER_REQUEST, 0.0)

    @cached_property
    def requests(self) -> FloatArray:
        """Requests per year: users x requests per user per day x days per year."""
        requests: FloatArray = (self.numbers(OPTION_USAGE_USERS, 0.0)
                                * self.numbers(OPTION_USAGE_REQUESTS_PER_USER_PER_DAY, 0.0)
                                * self.numbers(OPTION_USAGE_DAYS_PER_YEAR, 0.0))
        return requests

    @cached_property
    def has_compute(self) -> BoolArray:
        return self.flags(HAS_COMPUTE)

    @cached_property
    def has_training(self) -> BoolArray:
        return self.flags(HAS_TRAINING)

    @cached_property
    def onsite_wue(self) -> FloatArray:
        """The host's on-site water use (L/kWh): the option's, else the settings' default."""
        option_wue = self.numbers(OPTION_WUE)
        wue: FloatArray = np.where(np.isnan(option_wue), self.settings.default_wue, option_wue)
        return wue

    def is_kind(self, *kinds: str) -> BoolArray:
        """Whether each option is of one of these kinds (compared once per distinct kind)."""
        positions, table = self._kinds
        wanted = np.fromiter((kind in kinds for kind in table), dtype=bool, count=len(table))
        found: BoolArray = wanted[positions]
        return found
