"""The footprint step of the engine: `fp.*` columns (docs/engine-columns.md) and the JSON record."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.alternatives import best_alternative_gwp_saving
from evaluation.footprint.codes import BOUNDS, CRITERIA, UNCOVERED_PHASE_CODES, WARNING_CODES
from evaluation.footprint.estimate import Estimate, estimate

PREFIX = "fp."


def figure_column(part: str, criterion: str, bound: str) -> str:
    """Name of one figure column, e.g. figure_column("annual", "gwp_kgco2eq", "min")."""
    return f"{PREFIX}{part}.{criterion}.{bound}"


FIGURE_PARTS: tuple[str, ...] = ("per_request", "annual", "annual_usage", "annual_embodied")


def footprint_columns() -> list[str]:
    """Every column add_footprint adds, in order."""
    figures = [figure_column(part, criterion, bound)
               for part in FIGURE_PARTS for criterion in CRITERIA for bound in BOUNDS]
    return [f"{PREFIX}requests", *figures, f"{PREFIX}estimated", f"{PREFIX}warnings", f"{PREFIX}zone",
            f"{PREFIX}method", f"{PREFIX}ecologits_version", f"{PREFIX}best_alternative_gwp_saving",
            f"{PREFIX}uncovered_phases"]


def _columns_of(result: Estimate, saving: np.ndarray[Any, np.dtype[np.float64]]) -> dict[str, Any]:
    columns: dict[str, Any] = {f"{PREFIX}requests": result.requests}
    arrays = {"per_request": result.per_request, "annual": result.annual,
              "annual_usage": result.usage, "annual_embodied": result.embodied}
    for part in FIGURE_PARTS:
        for c_index, criterion in enumerate(CRITERIA):
            for b_index, bound in enumerate(BOUNDS):
                columns[figure_column(part, criterion, bound)] = arrays[part][:, c_index, b_index]
    n = len(result.requests)
    columns[f"{PREFIX}estimated"] = result.estimated
    columns[f"{PREFIX}warnings"] = pd.Series(result.codes(result.warnings, WARNING_CODES), dtype=object)
    columns[f"{PREFIX}zone"] = pd.Series(result.zone, dtype=object)
    columns[f"{PREFIX}method"] = pd.Series(result.method, dtype=object)
    columns[f"{PREFIX}ecologits_version"] = pd.Series([bridge.ecologits_version()] * n, dtype=object)
    columns[f"{PREFIX}best_alternative_gwp_saving"] = saving
    columns[f"{PREFIX}uncovered_phases"] = pd.Series(
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
    kept = frame.drop(columns=[column for column in frame.columns if str(column).startswith(PREFIX)])
    return pd.concat([kept, added], axis=1)
