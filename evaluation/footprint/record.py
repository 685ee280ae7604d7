"""format.md's `footprint` object, read column by column from the `fp.*` columns (add_footprint)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from evaluation.footprint.codes import CRITERIA
from evaluation.footprint.step import FIGURE_PARTS, PREFIX, figure_column
from evaluation.table.read import list_values, number_values, object_values, row_frame


def _criteria_objects(frame: pd.DataFrame, part: str) -> list[dict[str, dict[str, float | None]]]:
    """{criterion: {min, max}} of every row for one part (per_request, annual...)."""
    per_criterion = [
        [{"min": low, "max": high} for low, high in zip(
            number_values(frame, figure_column(part, criterion, "min")),
            number_values(frame, figure_column(part, criterion, "max")), strict=True)]
        for criterion in CRITERIA
    ]
    return [dict(zip(CRITERIA, values, strict=True)) for values in zip(*per_criterion, strict=True)]


def footprint_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The `footprint` object of every row (null figures where not estimable)."""
    parts = {part: _criteria_objects(frame, part) for part in FIGURE_PARTS}
    requests = [None if value is None else (int(value) if value.is_integer() else value)
                for value in number_values(frame, f"{PREFIX}requests")]
    methods = object_values(frame, f"{PREFIX}method")
    versions = object_values(frame, f"{PREFIX}ecologits_version")
    zones = object_values(frame, f"{PREFIX}zone")
    estimated = ([bool(value) for value in object_values(frame, f"{PREFIX}estimated")]
                 if f"{PREFIX}estimated" in frame else [False] * len(frame))
    warnings, uncovered = list_values(frame, f"{PREFIX}warnings"), list_values(frame, f"{PREFIX}uncovered_phases")
    saving = number_values(frame, f"{PREFIX}best_alternative_gwp_saving")
    return [
        {
            "per_request": per_request,
            "annual": {"requests": count, **annual},
            "annual_usage": usage,
            "annual_embodied": embodied,
            "method": {"name": method, "ecologits": version, "zone": zone if isinstance(zone, str) else None},
            "estimated": is_estimated,
            "warnings": warning,
            "uncovered_phases": phases,
            "best_alternative_gwp_saving": best,
        }
        for per_request, annual, usage, embodied, count, method, version, zone, is_estimated, warning, phases, best
        in zip(parts["per_request"], parts["annual"], parts["annual_usage"], parts["annual_embodied"], requests,
               methods, versions, zones, estimated, warnings, uncovered, saving, strict=True)
    ]


def footprint_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """format.md's footprint object of one evaluated option (null where not estimable)."""
    return footprint_records(row_frame(row))[0]
