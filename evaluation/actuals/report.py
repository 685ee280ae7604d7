"""The follow-up report (`python -m evaluation actuals report`): per option, its months, the estimate,
the actual and the variance, as JSON records or one CSV row per option and month."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from evaluation.actuals.comparison import FIGURES, RANGED, Comparison, Stretch
from evaluation.footprint.ranges import Range


def _figures(values: Mapping[str, Range | None]) -> dict[str, Any]:
    """Counts and cost as numbers, energy, carbon and water as {min, max}; None where not known."""
    result: dict[str, Any] = {}
    for name in FIGURES:
        value = values.get(name)
        if value is None:
            result[name] = None
        elif name in RANGED:
            result[name] = {"min": value.min, "max": value.max}
        else:
            result[name] = value.max
    return result


def _stretch(stretch: Stretch) -> dict[str, Any]:
    return {
        "start": stretch.start.isoformat(), "end": stretch.end.isoformat(), "days": stretch.days,
        "estimated": _figures(stretch.estimated), "actual": _figures(stretch.actual),
        "variance": {name: {"ratio": None if v.ratio is None else {"min": v.ratio.min, "max": v.ratio.max},
                            "over": v.over} for name, v in stretch.variance.items()},
    }


def report_records(comparisons: Sequence[Comparison], statuses: Mapping[str, str | None] | None = None
                   ) -> list[dict[str, Any]]:
    """One record per option: `option`, `status`, `periods` (months), `estimated`, `actual`, `variance`
    (over the whole follow-up), `over` (figures over the threshold), `npv`, `footprint` (method, zone,
    versions, what is left out)."""
    records = []
    for comparison in comparisons:
        total = _stretch(comparison.total) if comparison.total else None
        footprint = comparison.total.footprint if comparison.total else None
        records.append({
            "option": comparison.option,
            "status": (statuses or {}).get(comparison.option),
            "periods": [_stretch(month) for month in comparison.months],
            "start": total["start"] if total else None,
            "end": total["end"] if total else None,
            "estimated": total["estimated"] if total else None,
            "actual": total["actual"] if total else None,
            "variance": total["variance"] if total else None,
            "over": comparison.over,
            "threshold": comparison.threshold,
            "npv": comparison.npv.model_dump(),
            "footprint": None if footprint is None else {
                "methods": footprint.methods, "zone": footprint.zone, "ecologits": footprint.ecologits_version,
                "unmapped_models": footprint.unmapped_models, "requests_left_out": footprint.requests_left_out,
                "left_out": footprint.left_out},
        })
    return records


def report_csv(records: Sequence[Mapping[str, Any]]) -> bytes:
    """One row per option and month: estimate (min, max), actual (min, max), ratio (min, max), over."""
    columns = ["option", "start", "end", "days"]
    for name in FIGURES:
        columns += [f"{name}_estimated_min", f"{name}_estimated_max", f"{name}_actual_min", f"{name}_actual_max",
                    f"{name}_ratio_min", f"{name}_ratio_max", f"{name}_over"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        for month in record["periods"]:
            row: dict[str, Any] = {"option": record["option"], "start": month["start"], "end": month["end"],
                                   "days": month["days"]}
            for name in FIGURES:
                for part in ("estimated", "actual"):
                    value = month[part][name]
                    low, high = (value["min"], value["max"]) if isinstance(value, dict) else (value, value)
                    row[f"{name}_{part}_min"], row[f"{name}_{part}_max"] = low, high
                ratio = month["variance"][name]["ratio"]
                row[f"{name}_ratio_min"] = None if ratio is None else ratio["min"]
                row[f"{name}_ratio_max"] = None if ratio is None else ratio["max"]
                row[f"{name}_over"] = month["variance"][name]["over"]
            writer.writerow(row)
    return buffer.getvalue().encode("utf-8")
