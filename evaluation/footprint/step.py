"""The footprint step of the engine: `fp.*` columns (docs/engine-columns.md) and the JSON record."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.alternatives import best_alternative_gwp_saving
from evaluation.footprint.codes import UNCOVERED_PHASE_CODES, WARNING_CODES
from evaluation.footprint.estimate import Estimate, estimate
from evaluation.table.columns import (
    FOOTPRINT,
    FOOTPRINT_BOUNDS,
    FOOTPRINT_CRITERIA,
    FP_BEST_ALTERNATIVE_GWP_SAVING,
    FP_ECOLOGITS_VERSION,
    FP_ESTIMATED,
    FP_METHOD,
    FP_REQUESTS,
    FP_UNCOVERED_PHASES,
    FP_WARNINGS,
    FP_ZONE,
    footprint_figure,
)


def _columns_of(result: Estimate, saving: np.ndarray[Any, np.dtype[np.float64]]) -> dict[str, Any]:
    columns: dict[str, Any] = {FP_REQUESTS: result.requests}
    arrays = {"per_request": result.per_request, "annual": result.annual,
              "annual_usage": result.usage, "annual_embodied": result.embodied}
    for part, values in arrays.items():
        for c_index, criterion in enumerate(FOOTPRINT_CRITERIA):
            for b_index, bound in enumerate(FOOTPRINT_BOUNDS):
                columns[footprint_figure(part, criterion, bound)] = values[:, c_index, b_index]
    n = len(result.requests)
    columns[FP_ESTIMATED] = result.estimated
    columns[FP_WARNINGS] = pd.Series(result.codes(result.warnings, WARNING_CODES), dtype=object)
    columns[FP_ZONE] = pd.Series(result.zone, dtype=object)
    columns[FP_METHOD] = pd.Series(result.method, dtype=object)
    columns[FP_ECOLOGITS_VERSION] = pd.Series([bridge.ecologits_version()] * n, dtype=object)
    columns[FP_BEST_ALTERNATIVE_GWP_SAVING] = saving
    columns[FP_UNCOVERED_PHASES] = pd.Series(
        result.codes(result.uncovered, UNCOVERED_PHASE_CODES), dtype=object)
    return columns


def add_footprint(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The options table with every `fp.*` column (replacing any from an earlier run)."""
    result = estimate(frame, settings)
    saving = best_alternative_gwp_saving(frame, result, settings)
    columns = _columns_of(result, saving)
    numbers = pd.DataFrame({name: value for name, value in columns.items() if not isinstance(value, pd.Series)},
                           index=frame.index)
    objects = pd.DataFrame({name: value.to_numpy(dtype=object) for name, value in columns.items()
                            if isinstance(value, pd.Series)}, index=frame.index, dtype=object)
    added = pd.concat([numbers, objects], axis=1)[list(columns)]
    kept = frame.drop(columns=[column for column in frame.columns if str(column).startswith(FOOTPRINT.prefix)])
    return pd.concat([kept, added], axis=1)
